"""Nearest cosine neighbours within a run, and how many of them two runs share.

Neighbours are found within each run, so these measures need no alignment:
they are invariant to an orthogonal map and to any positive scaling of a run.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_matrix, as_pair, positive_int, unit_rows

#: Default memory budget of one block of :func:`nearest_neighbors` (bytes): the similarities (float64) and the
#: partition indices (int64) of ``block`` rows against all V rows.
MAX_BLOCK_BYTES = 64 * 2**20


def _block_rows(V, block, max_bytes):
    if block is not None:
        return positive_int(block, "block")
    max_bytes = positive_int(max_bytes, "max_bytes")
    return max(1, min(V, max_bytes // (16 * V)))


def nearest_neighbors(X, k=10, *, block=None, max_bytes=MAX_BLOCK_BYTES) -> np.ndarray:
    """Indices of the k nearest cosine neighbours of every row (itself excluded), sorted by decreasing cosine.

    Parameters
    ----------
    X : array_like, shape (V, d)
    k : int
        1 ≤ k ≤ V − 1.
    block : int, optional
        Rows per block; by default as many as fit in ``max_bytes``.
    max_bytes : int
        Memory budget of one block: 16 · block · V bytes (a float64 similarity and an int64 index per entry),
        never V × V.  At text8's vocabulary (V ≈ 71 000) the 64 MiB default gives blocks of 58 rows.

    Returns
    -------
    ndarray of int64, shape (V, k)
        The same result whatever ``block``: every row is computed on its own.  Invariant to orthogonal maps and
        to a positive scaling of any row.

    Raises
    ------
    TypeError, ValueError
        Complex/boolean/non-numeric input, not 2-D, NaN/inf, a zero row, ``k`` not in [1, V − 1], bad ``block``
        or ``max_bytes``.

    Examples
    --------
    >>> nearest_neighbors([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], k=1)
    array([[1],
           [0],
           [1]])
    """
    X = as_matrix(X, "X")
    k = positive_int(k, "k")
    V = X.shape[0]
    if k >= V:
        raise ValueError(f"k={k} is too large: with {V} rows at most {V - 1} neighbours exist")
    block = _block_rows(V, block, max_bytes)
    U = unit_rows(X, "X")
    out = np.empty((V, k), dtype=np.int64)
    for start in range(0, V, block):
        stop = min(start + block, V)
        S = U[start:stop] @ U.T
        np.negative(S, out=S)  # in place: ascending order of −cosine, no second block × V array
        S[np.arange(stop - start), np.arange(start, stop)] = np.inf
        idx = np.argpartition(S, k - 1, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(S, idx, axis=1), axis=1, kind="stable")
        out[start:stop] = np.take_along_axis(idx, order, axis=1)
    return out


def knn_overlap(A, B, k=10, *, block=None, max_bytes=MAX_BLOCK_BYTES) -> np.ndarray:
    """Per-row share of the k nearest cosine neighbours that A and B agree on.

    overlap(w) = |NN_k^A(w) ∩ NN_k^B(w)| / k  (Wendlandt et al. 2018).

    Parameters
    ----------
    A, B : array_like, shape (V, d)
    k : int
        1 ≤ k ≤ V − 1.
    block, max_bytes
        As in :func:`nearest_neighbors`.

    Returns
    -------
    ndarray, shape (V,)
        Values in {0, 1/k, …, 1}.  Chance level for unrelated matrices: k / (V − 1).  Invariant to orthogonal maps
        and scaling of A or B.

    Raises
    ------
    TypeError, ValueError
        As :func:`nearest_neighbors`; shapes differ.

    Examples
    --------
    >>> A = [[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]
    >>> knn_overlap(A, [[1.0, 0.0], [0.0, 1.0], [0.1, 0.9]], k=1)
    array([0., 0., 1.])
    """
    A, B = as_pair(A, B)
    nA = nearest_neighbors(A, k, block=block, max_bytes=max_bytes)
    nB = nearest_neighbors(B, k, block=block, max_bytes=max_bytes)
    shared = (nA[:, :, None] == nB[:, None, :]).any(axis=2).sum(axis=1)
    return shared / k
