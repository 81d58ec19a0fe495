"""How far apart are two embedding matrices?  Every measure of the course.

A and B are V×d arrays whose row i is the same word in two runs.  What each
measure ignores (see the course's table of invariances):

=============================  ============  ================  ================
measure                        orthogonal Q  isotropic scale   invertible map
=============================  ============  ================  ================
frobenius_distance             no            no                no
procrustes residual (raw)      yes           no                no
mean_cosine (unaligned)        no            yes               no
knn_overlap                    yes           yes               no
linear_cka                     yes           yes               no
pip_loss                       yes           no                no
distance_correlation           yes           yes               no
spectrum (per matrix)          yes           no                no
=============================  ============  ================  ================
"""
from __future__ import annotations

import numpy as np
from scipy.stats import spearmanr

from ._validate import as_matrix, as_pair, positive_int, row_norms, same_rows, unit_rows


def frobenius_distance(A, B, *, relative=False) -> float:
    """‖A − B‖_F, or ‖A − B‖_F / ‖B‖_F with ``relative=True``.

    Not invariant to rotation: ``frobenius_distance(E, E @ Q)`` is large although
    E and EQ have the same geometry.

    >>> frobenius_distance(np.eye(2), np.zeros((2, 2)))
    1.4142135623730951
    """
    A, B = as_pair(A, B)
    dist = float(np.linalg.norm(A - B))
    if relative:
        norm_b = float(np.linalg.norm(B))
        if norm_b == 0:
            raise ValueError("B is a zero matrix: the relative distance is undefined")
        return dist / norm_b
    return dist


def cosine_per_word(A, B) -> np.ndarray:
    """sim(w) = a_w·b_w / (‖a_w‖‖b_w‖) for every row; shape (V,).

    Raises ``ValueError`` on zero rows (the cosine is undefined there).
    """
    A, B = as_pair(A, B)
    return np.einsum("ij,ij->i", A, B) / (row_norms(A, "A") * row_norms(B, "B"))


def mean_cosine(A, B) -> float:
    """The article's mean cosine similarity: (1/V) Σ_w sim(w)."""
    return float(cosine_per_word(A, B).mean())


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
