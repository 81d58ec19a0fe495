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

from .._validate import as_matrix, as_pair, positive_int, same_rows, unit_rows

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
