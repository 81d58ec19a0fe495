"""Nearest cosine neighbours within a run, and how many of them two runs share.

Neighbours are found within each run, so these measures need no alignment:
they are invariant to an orthogonal map and to any positive scaling of a run.
"""
from __future__ import annotations

import numpy as np

from .._validate import as_matrix, as_pair, positive_int, unit_rows

def nearest_neighbors(X, k=10, *, block=512) -> np.ndarray:
    """Indices of the k nearest cosine neighbours of every row (itself excluded), shape (V, k).

    Neighbours are sorted by decreasing cosine.  Computed in row blocks: memory
    O(block × V), never V × V.
    """
    X = as_matrix(X, "X")
    k = positive_int(k, "k")
    V = X.shape[0]
    if k >= V:
        raise ValueError(f"k={k} is too large: with {V} rows at most {V - 1} neighbours exist")
    block = positive_int(block, "block")
    U = unit_rows(X, "X")
    out = np.empty((V, k), dtype=np.int64)
    for start in range(0, V, block):
        stop = min(start + block, V)
        S = U[start:stop] @ U.T
        S[np.arange(stop - start), np.arange(start, stop)] = -np.inf
        idx = np.argpartition(-S, k - 1, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(S, idx, axis=1), axis=1, kind="stable")
        out[start:stop] = np.take_along_axis(idx, order, axis=1)
    return out


def knn_overlap(A, B, k=10, *, block=512) -> np.ndarray:
    """Per-row share of the k nearest cosine neighbours that A and B agree on, in [0, 1].

    overlap(w) = |NN_k^A(w) ∩ NN_k^B(w)| / k  (Wendlandt et al. 2018).  Chance
    level for unrelated matrices: k / (V − 1).  Invariant to orthogonal maps and
    scaling of A or B.
    """
    A, B = as_pair(A, B)
    nA = nearest_neighbors(A, k, block=block)
    nB = nearest_neighbors(B, k, block=block)
    shared = (nA[:, :, None] == nB[:, None, :]).any(axis=2).sum(axis=1)
    return shared / k
