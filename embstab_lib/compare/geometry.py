"""Alignment-free views of an embedding's geometry: CKA, distance structure, spectrum, anisotropy.

=============================  ============  ================  ================
measure                        orthogonal Q  isotropic scale   invertible map
=============================  ============  ================  ================
linear_cka                     yes           yes               no
distance_correlation           yes           yes               no
spectrum (per matrix)          yes           no                no
mean_pairwise_cosine           yes           yes               no
=============================  ============  ================  ================
"""

from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

from .._validate import as_matrix, finite, flag, make_rng, norm, positive_int, pow2_scale, same_rows, unit_rows


def _centred(X):
    """Column-centred X, rescaled by a power of two; columns that are constant up to rounding become exactly 0."""
    X = X / pow2_scale(X)
    C = X - X.mean(axis=0)
    tol = 4 * X.shape[0] * np.finfo(float).eps * np.max(np.abs(X), axis=0)
    C[:, np.max(np.abs(C), axis=0) <= tol] = 0.0
    return C / pow2_scale(C)


def mean_pairwise_cosine(E) -> float:
    """Mean cosine over all pairs of distinct rows — a measure of anisotropy.

    Computed exactly in O(V d): with unit rows u_i, Σ_{i≠j} u_i·u_j = ‖Σ_i u_i‖² − V.

    Parameters
    ----------
    E : array_like, shape (V, d), V ≥ 2

    Returns
    -------
    float
        In [−1/(V−1), 1].  Isotropic random vectors give ≈ 0; word2vec runs are strongly anisotropic (≈ 0.8 on the
        course's corpus).  Invariant to orthogonal maps and to positive scaling of any row.

    Raises
    ------
    TypeError, ValueError
        Complex/boolean/non-numeric input, not 2-D, fewer than 2 rows, NaN/inf, a zero row.

    Examples
    --------
    >>> round(mean_pairwise_cosine([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]]), 12)  # (0 + 2 · 1/√2) / 3
    0.471404520791
    """
    E = as_matrix(E, "E", min_rows=2)
    U = unit_rows(E, "E")
    V = U.shape[0]
    s = U.sum(axis=0)
    return float((s @ s - V) / (V * (V - 1)))


def linear_cka(A, B) -> float:
    """Linear centred kernel alignment (Kornblith et al. 2019): CKA = ‖AᵀB‖²_F / (‖AᵀA‖_F ‖BᵀB‖_F), centred columns.

    Parameters
    ----------
    A : array_like, shape (V, d_A)
    B : array_like, shape (V, d_B)
        V ≥ 2; the widths may differ.

    Returns
    -------
    float
        In [0, 1]; 1 when B = sAQ + 1cᵀ.  Invariant to orthogonal maps, isotropic scaling and translation of A or
        B (not to general linear maps).

    Raises
    ------
    TypeError, ValueError
        As :func:`mean_pairwise_cosine`; row counts differ; A or B constant across rows (zero after centring).

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(30, 3))
    >>> round(linear_cka(A, 5 * A[:, ::-1] + 1), 12)
    1.0
    """
    A, B = same_rows(A, B, min_rows=2)
    A, B = _centred(A), _centred(B)
    den = norm(A.T @ A) * norm(B.T @ B)
    if den == 0:
        raise ValueError("A or B is constant across rows (zero after centring): CKA is undefined")
    return float(norm(A.T @ B) ** 2 / den)


def spectrum(E, *, center=True) -> np.ndarray:
    """Eigenvalues of the d×d covariance (or second-moment) matrix EᵀE/V, descending.

    Parameters
    ----------
    E : array_like, shape (V, d), V ≥ 2
    center : bool
        Remove column means first (the covariance matrix).

    Returns
    -------
    ndarray, shape (min(V, d),)
        The squared singular values of E divided by V: only min(V, d) of them (the other d − V eigenvalues of
        EᵀE/V are 0 when V < d).  Rotation-invariant: ``spectrum(E @ Q)`` equals ``spectrum(E)``; scales as s².

    Raises
    ------
    TypeError, ValueError
        As :func:`mean_pairwise_cosine` (zero rows allowed); ``center`` not a bool; values beyond float64.

    Examples
    --------
    >>> spectrum([[1.0, 0.0], [-1.0, 0.0], [0.0, 2.0], [0.0, -2.0]])
    array([2. , 0.5])
    """
    E = as_matrix(E, "E", min_rows=2)
    center = flag(center, "center")
    s = pow2_scale(E)
    E = E / s
    if center:
        E = E - E.mean(axis=0)
    sv = np.linalg.svd(E, compute_uv=False)
    with np.errstate(over="ignore"):
        return finite(sv**2 / E.shape[0] * s * s, "the spectrum")


def distance_correlation(A, B, *, n_pairs=10_000, seed=0) -> float:
    """Spearman correlation between cosine distances in A and in B over random word pairs.

    Measures whether the two runs agree on the *distance structure*.

    Parameters
    ----------
    A, B : array_like, shape (V, d_A), (V, d_B), V ≥ 3
        Row w of both = the same word; the widths may differ.
    n_pairs : int
        Number of pairs (i, j), i ≠ j, drawn uniformly with ``seed`` (the same pairs for A and B).
    seed : int or None

    Returns
    -------
    float
        In [−1, 1]; 1 when the two runs order their pairs identically.  Invariant to orthogonal maps, to
        scaling, and to a positive rescaling of any single row (cosines ignore row norms) — unlike CKA.  Distances
        are rounded to 12 decimals before ranking, so that equal distances stay tied whatever the rounding errors.

    Raises
    ------
    TypeError, ValueError
        As :func:`mean_pairwise_cosine`; row counts differ; fewer than 3 rows; the sampled distances of A or B are
        all equal (the rank correlation is undefined).

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(40, 3))
    >>> distance_correlation(A, A * np.arange(1, 41)[:, None])
    1.0
    """
    A, B = same_rows(A, B, min_rows=3)
    n_pairs = positive_int(n_pairs, "n_pairs")
    UA, UB = unit_rows(A, "A"), unit_rows(B, "B")
    rng = make_rng(seed)
    V = A.shape[0]
    i = rng.integers(0, V, n_pairs)
    j = (i + rng.integers(1, V, n_pairs)) % V  # j ≠ i
    # distances closer than 1e-12 are ties: rounding errors (≈ 1e-16) must not invent an order between equal distances
    dA = np.round(1 - np.einsum("ij,ij->i", UA[i], UA[j]), 12)
    dB = np.round(1 - np.einsum("ij,ij->i", UB[i], UB[j]), 12)
    for d, name in ((dA, "A"), (dB, "B")):
        if np.ptp(d) == 0:
            raise ValueError(
                f"the cosine distances of {name} are all equal over the {n_pairs} sampled pair(s): "
                "the rank correlation is undefined"
            )
    return float(spearmanr(dA, dB).statistic)
