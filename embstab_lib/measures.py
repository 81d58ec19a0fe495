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


def mean_pairwise_cosine(E) -> float:
    """Mean cosine over all pairs of distinct rows — a measure of anisotropy.

    Computed exactly in O(V d): with unit rows u_i,
    Σ_{i≠j} u_i·u_j = ‖Σ_i u_i‖² − V.  Isotropic random vectors give ≈ 0.
    """
    E = as_matrix(E, "E", min_rows=2)
    U = unit_rows(E, "E")
    V = U.shape[0]
    s = U.sum(axis=0)
    return float((s @ s - V) / (V * (V - 1)))


def pip_loss(A, B, *, relative=False) -> float:
    """PIP loss ‖AAᵀ − BBᵀ‖_F (Yin & Shen 2018), without forming a V×V matrix.

    Mathematically ‖AAᵀ − BBᵀ‖²_F = ‖AᵀA‖²_F + ‖BᵀB‖²_F − 2‖AᵀB‖²_F (d×d products only),
    but that difference of squares loses half the digits when the loss is small.
    We use the QR factorisation [A B] = QR instead: AAᵀ − BBᵀ = Q(R_A R_Aᵀ − R_B R_Bᵀ)Qᵀ, so
    the loss is the norm of a small (d_A + d_B)² matrix, accurate to machine precision.
    ``relative=True`` divides by ‖BBᵀ‖_F = ‖BᵀB‖_F.  Invariant to orthogonal maps of A or B
    (not to scaling: PIP(sA, sB) = s² PIP(A, B)); A and B may have different widths.

    >>> A = np.random.default_rng(0).normal(size=(500, 10))
    >>> pip_loss(A, A @ random_orthogonal(10, seed=1)) < 1e-10   # doctest: +SKIP
    True
    """
    A, B = same_rows(A, B)
    R = np.linalg.qr(np.hstack([A, B]), mode="r")
    RA, RB = R[:, : A.shape[1]], R[:, A.shape[1]:]
    loss = float(np.linalg.norm(RA @ RA.T - RB @ RB.T))
    if relative:
        norm_b = float(np.linalg.norm(B.T @ B))
        if norm_b == 0:
            raise ValueError("B is a zero matrix: the relative PIP loss is undefined")
        return loss / norm_b
    return loss


def linear_cka(A, B) -> float:
    """Linear centred kernel alignment (Kornblith et al. 2019), in [0, 1].

    CKA = ‖AᵀB‖²_F / (‖AᵀA‖_F ‖BᵀB‖_F) after centring the columns.  Invariant to
    orthogonal maps and isotropic scaling of A or B (not to general linear maps).
    """
    A, B = same_rows(A, B, min_rows=2)
    A = A - A.mean(axis=0)
    B = B - B.mean(axis=0)
    den = np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B)
    if den == 0:
        raise ValueError("a matrix is constant across rows (zero after centring): CKA is undefined")
    return float(np.linalg.norm(A.T @ B) ** 2 / den)


def spectrum(E, *, center=True) -> np.ndarray:
    """Eigenvalues of the d×d covariance (or second-moment) matrix EᵀE/V, descending.

    ``center=True`` removes column means first (the covariance matrix).
    Rotation-invariant: ``spectrum(E @ Q)`` equals ``spectrum(E)``.
    """
    E = as_matrix(E, "E", min_rows=2)
    if center:
        E = E - E.mean(axis=0)
    s = np.linalg.svd(E, compute_uv=False)
    return s ** 2 / E.shape[0]


def distance_correlation(A, B, *, n_pairs=10_000, seed=0) -> float:
    """Spearman correlation between cosine distances in A and in B over random word pairs.

    Measures whether the two runs agree on the *distance structure*; invariant
    to orthogonal maps and scaling.  Pairs (i, j), i ≠ j, are drawn with ``seed``.
    """
    A, B = as_pair(A, B, min_rows=2)
    n_pairs = positive_int(n_pairs, "n_pairs")
    UA, UB = unit_rows(A, "A"), unit_rows(B, "B")
    rng = np.random.default_rng(seed)
    V = A.shape[0]
    i = rng.integers(0, V, n_pairs)
    j = (i + rng.integers(1, V, n_pairs)) % V  # j ≠ i
    dA = 1 - np.einsum("ij,ij->i", UA[i], UA[j])
    dB = 1 - np.einsum("ij,ij->i", UB[i], UB[j])
    return float(spearmanr(dA, dB).statistic)


def stability_report(A, B, *, k=10) -> dict:
    """Every stability measure of the course for one pair of runs, in one dict.

    Keys: ``frobenius_relative`` (unaligned), ``procrustes_relative``,
    ``procrustes_relative_centered_unit`` (centred, unit rows), ``mean_cosine_raw``,
    ``mean_cosine_aligned``, ``mean_cosine_aligned_centered``, ``knn_overlap``
    (mean over words), ``knn_chance`` (k/(V−1)), ``linear_cka``,
    ``pip_relative``, ``distance_correlation``.
    """
    from .alignment import procrustes

    A, B = as_pair(A, B, min_rows=2)
    raw = procrustes(A, B)
    cen = procrustes(A, B, center=True)
    cen_unit = procrustes(A, B, center=True, normalize_rows=True)
    return {
        "frobenius_relative": frobenius_distance(A, B, relative=True),
        "procrustes_relative": raw.relative_residual,
        "procrustes_relative_centered_unit": cen_unit.relative_residual,
        "mean_cosine_raw": mean_cosine(A, B),
        "mean_cosine_aligned": mean_cosine(raw.aligned, B),
        "mean_cosine_aligned_centered": mean_cosine(cen.aligned, B - B.mean(axis=0)),
        "knn_overlap": float(knn_overlap(A, B, k).mean()),
        "knn_chance": k / (A.shape[0] - 1),
        "linear_cka": linear_cka(A, B),
        "pip_relative": pip_loss(A, B, relative=True),
        "distance_correlation": distance_correlation(A, B),
    }
