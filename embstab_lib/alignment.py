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

from ._validate import as_pair, positive_int, unit_rows


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
