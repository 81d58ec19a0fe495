"""Coordinate-wise and Gram-matrix distances between two embedding matrices.

A and B are V×d arrays whose row i is the same word in two runs.

=============================  ============  ================
measure                        orthogonal Q  isotropic scale
=============================  ============  ================
frobenius_distance             no            no
cosine_per_word / mean_cosine  no            yes
pip_loss                       yes           no
=============================  ============  ================
"""
from __future__ import annotations

import numpy as np

from .._validate import as_pair, row_norms, same_rows

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
