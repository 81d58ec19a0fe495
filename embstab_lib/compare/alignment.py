"""Putting two embedding matrices side by side and aligning them.

Two runs give E⁽¹⁾, E⁽²⁾ ∈ ℝ^{V×d} whose rows are the same words.  Orthogonal
Procrustes finds the rotation/reflection Q* = argmin_Q ‖E⁽¹⁾Q − E⁽²⁾‖_F (QᵀQ = I);
its solution is Q* = UVᵀ where UΣVᵀ is the SVD of E⁽¹⁾ᵀE⁽²⁾.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import orthogonal_procrustes
from scipy.stats import ortho_group

from .._validate import as_pair, positive_int, unit_rows


def shared_matrices(kv_a, kv_b, *, top_n=None):
    """The common vocabulary of two ``KeyedVectors`` and their row-aligned matrices.

    Returns ``(words, A, B)``: ``words`` in ``kv_a``'s order (most frequent first),
    ``A[i]`` = ``kv_a[words[i]]``, ``B[i]`` = ``kv_b[words[i]]`` (float64, shape V×d).
    ``top_n`` keeps the ``top_n`` most frequent shared words.

    >>> words, A, B = shared_matrices(kv1, kv2, top_n=1000)   # doctest: +SKIP
    """
    words = [w for w in kv_a.index_to_key if w in kv_b.key_to_index]
    if not words:
        raise ValueError("the two models share no word")
    if top_n is not None:
        top_n = positive_int(top_n, "top_n")
        if top_n > len(words):
            raise ValueError(f"top_n={top_n} is larger than the {len(words)} shared words")
        words = words[:top_n]
    A = np.asarray(kv_a.vectors[[kv_a.key_to_index[w] for w in words]], dtype=np.float64)
    B = np.asarray(kv_b.vectors[[kv_b.key_to_index[w] for w in words]], dtype=np.float64)
    return words, A, B


def random_orthogonal(d, *, seed=None) -> np.ndarray:
    """A Haar-random d×d orthogonal matrix (``scipy.stats.ortho_group``).

    Its determinant is +1 (rotation) or −1 (rotation + reflection), each with probability ½.

    >>> Q = random_orthogonal(3, seed=0)
    >>> bool(np.allclose(Q.T @ Q, np.eye(3)))
    True
    """
    d = positive_int(d, "d")
    rng = np.random.default_rng(seed)
    if d == 1:
        return np.array([[rng.choice([-1.0, 1.0])]])
    return ortho_group.rvs(dim=d, random_state=rng)


def _prepare(A, B, center, normalize_rows, means=None):
    if center:
        mA, mB = (A.mean(axis=0), B.mean(axis=0)) if means is None else means
        A, B = A - mA, B - mB
    if normalize_rows:
        A, B = unit_rows(A, "A"), unit_rows(B, "B")
    return A, B


@dataclass(frozen=True)
class ProcrustesResult:
    """Result of :func:`procrustes`.

    rotation : (d, d) orthogonal Q minimising ‖A′Q − B′‖_F
    aligned : (V, d) A′Q
    residual : ‖A′Q − B′‖_F
    relative_residual : residual / ‖B′‖_F (0 = identical up to Q; ≈ √2 for unrelated matrices of equal norm)
    """

    rotation: np.ndarray
    aligned: np.ndarray
    residual: float
    relative_residual: float


def procrustes(A, B, *, center=False, normalize_rows=False) -> ProcrustesResult:
    """Orthogonal Procrustes alignment of A onto B (``scipy.linalg.orthogonal_procrustes``).

    A′, B′ are A, B after the requested preprocessing: ``center`` removes each
    column's mean, then ``normalize_rows`` scales every row to unit length.
    Invariant: ``procrustes(A, A @ Q).rotation`` recovers Q for any orthogonal Q.

    >>> rng = np.random.default_rng(0)
    >>> A = rng.normal(size=(50, 4)); Q = random_orthogonal(4, seed=1)
    >>> bool(np.allclose(procrustes(A, A @ Q).rotation, Q))
    True
    """
    A, B = as_pair(A, B)
    A, B = _prepare(A, B, center, normalize_rows)
    Q, _ = orthogonal_procrustes(A, B)
    aligned = A @ Q
    residual = float(np.linalg.norm(aligned - B))
    norm_b = float(np.linalg.norm(B))
    if norm_b == 0:
        raise ValueError("B is zero after preprocessing: the relative residual is undefined")
    return ProcrustesResult(Q, aligned, residual, residual / norm_b)


def procrustes_null(A, B, *, n_perm=20, seed=0, center=False, normalize_rows=False) -> np.ndarray:
    """Chance baseline: relative residuals of aligning A to row-permuted copies of B.

    Shuffling B's rows breaks the word correspondence but keeps both point
    clouds, so the result is what Procrustes reaches with no shared structure
    at all.  Returns an array of ``n_perm`` relative residuals; an observed
    residual well below all of them is evidence of shared geometry.
    """
    A, B = as_pair(A, B)
    n_perm = positive_int(n_perm, "n_perm")
    if A.shape[0] < 2:
        raise ValueError("need at least 2 rows to permute")
    rng = np.random.default_rng(seed)
    return np.array([
        procrustes(A, B[rng.permutation(B.shape[0])], center=center, normalize_rows=normalize_rows).relative_residual
        for _ in range(n_perm)
    ])


@dataclass(frozen=True)
class HeldoutResult:
    """Result of :func:`procrustes_heldout`: Q fitted on ``fit_rows``, scored on ``heldout_rows``."""

    rotation: np.ndarray
    fit_relative_residual: float
    heldout_relative_residual: float
    fit_rows: np.ndarray
    heldout_rows: np.ndarray


def procrustes_heldout(A, B, *, seed=0, fit_fraction=0.5, center=False, normalize_rows=False) -> HeldoutResult:
    """Fit the Procrustes rotation on a random part of the words, score it on the rest.

    With d free directions, Q can "explain" some of the difference on the
    words it was fitted to; the held-out residual is the honest one.  Column
    means (``center``) are taken from the fitted rows only.
    """
    A, B = as_pair(A, B)
    V = A.shape[0]
    if not 0 < fit_fraction < 1:
        raise ValueError(f"fit_fraction must be in (0, 1), got {fit_fraction}")
    n_fit = int(round(fit_fraction * V))
    if n_fit < 1 or n_fit > V - 1:
        raise ValueError(f"{V} rows cannot be split with fit_fraction={fit_fraction}")
    perm = np.random.default_rng(seed).permutation(V)
    fit, held = np.sort(perm[:n_fit]), np.sort(perm[n_fit:])
    means = (A[fit].mean(axis=0), B[fit].mean(axis=0)) if center else None
    A_, B_ = _prepare(A, B, center, normalize_rows, means)
    Q, _ = orthogonal_procrustes(A_[fit], B_[fit])

    def rel(rows):
        return float(np.linalg.norm(A_[rows] @ Q - B_[rows]) / np.linalg.norm(B_[rows]))

    return HeldoutResult(Q, rel(fit), rel(held), fit, held)


def linear_fit(A, B):
    """Least-squares linear map M = argmin_M ‖AM − B‖_F (any d×d matrix, not only orthogonal).

    Returns ``(M, relative_residual)``.  It always fits at least as well as
    Procrustes because orthogonal matrices are a subset of all matrices.
    """
    A, B = as_pair(A, B)
    M, *_ = np.linalg.lstsq(A, B, rcond=None)
    norm_b = float(np.linalg.norm(B))
    if norm_b == 0:
        raise ValueError("B is a zero matrix: the relative residual is undefined")
    return M, float(np.linalg.norm(A @ M - B) / norm_b)
