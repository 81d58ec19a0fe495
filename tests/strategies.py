"""Hypothesis strategies that explore the inputs a real user can pass, not only Gaussian draws from a seed.

``matrices()`` draws arrays with ``hypothesis.extra.numpy``: float32 or float64 entries (including exact zeros,
integers and repeated values), then optionally a structure — duplicated rows, rank deficiency, V < d — and a
magnitude far from 1 (1e-150 … 1e150).  ``assume`` what a property needs (e.g. no zero row) in the test itself.
"""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

MAGNITUDES = (1e-150, 1e-20, 1.0, 1e20, 1e150)


@st.composite
def matrices(draw, *, rows=(2, 24), cols=(1, 6), shape=None, structure=True, magnitude=True, nonzero_rows=False):
    """A float64 matrix (the library converts float32 itself; the float32 rounding is kept)."""
    if shape is None:
        shape = (draw(st.integers(*rows)), draw(st.integers(*cols)))
    dtype = draw(st.sampled_from([np.float64, np.float32]))
    elements = st.floats(-100, 100, allow_nan=False, allow_infinity=False, width=32 if dtype == np.float32 else 64)
    X = draw(hnp.arrays(dtype, shape, elements=elements)).astype(np.float64)
    if structure:
        kind = draw(st.sampled_from(["plain", "plain", "duplicated", "low_rank", "integer"]))
        V, d = shape
        if kind == "duplicated" and V >= 2:
            src = draw(st.lists(st.integers(0, V - 1), min_size=V, max_size=V))
            X = X[src]
        elif kind == "low_rank" and d >= 2:
            r = draw(st.integers(1, d - 1))
            X = X[:, :r] @ draw(hnp.arrays(np.float64, (r, d), elements=st.floats(-2, 2, width=32)))
        elif kind == "integer":
            X = np.round(X / 25)
    if magnitude:
        X = X * draw(st.sampled_from(MAGNITUDES))
    if nonzero_rows:
        assume(np.all(np.max(np.abs(X), axis=1) > 0))
    return X


def pairs_of(**kwargs):
    """Two matrices of one shape."""

    @st.composite
    def build(draw):
        A = draw(matrices(**kwargs))
        B = draw(matrices(shape=A.shape, **{k: v for k, v in kwargs.items() if k not in ("rows", "cols")}))
        return A, B

    return build()


def orthogonal(d, seed):
    """A random orthogonal matrix (QR of a Gaussian matrix, signs fixed)."""
    Q, R = np.linalg.qr(np.random.default_rng(seed).normal(size=(d, d)))
    return Q * np.sign(np.diag(R))


def well_conditioned(V, d, seed, *, offset=0.0):
    """A Gaussian V×d matrix (full column rank when V ≥ d) plus a column offset."""
    return np.random.default_rng(seed).normal(size=(V, d)) + offset
