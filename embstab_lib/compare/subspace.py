"""A GL(d)-invariant comparison of two embeddings: canonical correlations of their column spaces.

Skip-gram's loss depends on the word and context matrices only through W Cᵀ, so (W M, C M⁻ᵀ) is as good a
solution as (W, C) for **any** invertible M (chapter 02).  Every measure of chapters 03–05 (Procrustes, mean
cosine, k-NN overlap, CKA) is invariant to orthogonal maps only.  The measures here are invariant to every
invertible linear map of either matrix: they depend on A only through the subspace spanned by its (centred)
columns, span(A) ⊂ ℝⁿ, and span(A M) = span(A).

=============================  ============  ================  ================
measure                        orthogonal Q  isotropic scale   invertible map
=============================  ============  ================  ================
canonical_correlations         yes           yes               yes
subspace_similarity            yes           yes               yes
=============================  ============  ================  ================

Dependency rule: plain arrays only.
"""

from __future__ import annotations

import numpy as np

from .._validate import flag, positive_int, same_rows
from .geometry import _centred

__all__ = ["canonical_correlations", "subspace_similarity", "subspace_chance"]

_EPS = np.finfo(np.float64).eps


def _basis(X, name):
    """Orthonormal basis (n × r) of the column space of X, r = numerical rank."""
    U, s, _ = np.linalg.svd(X, full_matrices=False)  # pragma: no mutate  (full U: the same first columns)
    if s.size == 0 or s[0] == 0:
        raise ValueError(f"{name} is zero (after centring): it spans no subspace")
    tol = s[0] * max(X.shape) * _EPS
    rank = int(np.count_nonzero(s > tol))  # pragma: no mutate  ('>=' differs only at s == tol exactly)
    return U[:, :rank]


def canonical_correlations(A, B, *, center=True) -> np.ndarray:
    """The canonical correlations of A and B: cosines of the principal angles between span(A) and span(B).

    With Q_A (n × r_A) and Q_B (n × r_B) orthonormal bases of the column spaces of A and B (after centring
    the columns when ``center``), the canonical correlations are the singular values of Q_Aᵀ Q_B:

        ρ_1 ≥ ρ_2 ≥ … ≥ ρ_m ≥ 0,  m = min(r_A, r_B),

    i.e. ρ_k = max corr(A a, B b) over directions a, b uncorrelated with the previous ones (Hotelling's CCA,
    as in SVCCA, Raghu et al. 2017, without its SVD truncation step).

    Parameters
    ----------
    A : array_like, shape (n, d_A)
    B : array_like, shape (n, d_B)
        Row i of A and row i of B describe the same item (word); n ≥ 2, the widths may differ.
    center : bool
        Centre the columns first (default; then translations do not matter either).

    Returns
    -------
    ndarray, shape (m,)
        Descending, in [0, 1].  Unchanged when A is replaced by A M + 1 cᵀ (or B by B N + 1 cᵀ) for any
        invertible M, N and any vector c (with ``center=True``).  All ones when span(B) ⊆ span(A) or the reverse.

    Raises
    ------
    TypeError, ValueError
        Complex/boolean/non-numeric input, not 2-D, different numbers of rows, fewer than 2 rows, NaN/inf,
        a matrix that is zero (after centring).

    Notes
    -----
    The rank r is numerical (singular values above ``s_max · max(n, d) · eps``).  With n not much larger than
    d, two *unrelated* matrices already have large canonical correlations (see :func:`subspace_chance`): read
    them against a chance baseline.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A = rng.normal(size=(50, 3))
    >>> M = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 5.0], [1.0, 0.0, 1.0]])
    >>> np.round(canonical_correlations(A, A @ M + 7.0), 10)
    array([1., 1., 1.])
    """
    A, B = same_rows(A, B, min_rows=2)
    center = flag(center, "center")
    if center:
        A, B = _centred(A), _centred(B)
    Qa, Qb = _basis(A, "A"), _basis(B, "B")
    rho = np.linalg.svd(Qa.T @ Qb, compute_uv=False)
    return np.minimum(rho, 1.0)  # singular values are ≥ 0; rounding can exceed 1


def subspace_similarity(A, B, *, center=True) -> float:
    """Mean squared canonical correlation of A and B: a similarity invariant to any invertible linear map.

        S(A, B) = (1/m) Σ_k ρ_k² = ‖Q_Aᵀ Q_B‖²_F / m,  m = min(r_A, r_B),

    the normalised *projection* (eigenspace) overlap tr(P_A P_B)/m of the two column spaces, with P_A, P_B
    the orthogonal projectors onto them (Leszczynski et al. 2020 use the same quantity, un-normalised, for
    their eigenspace instability measure).  S = 1 when one span contains the other — in particular for
    B = A M with M invertible — and S = 0 when the spans are orthogonal.

    Parameters
    ----------
    A : array_like, shape (n, d_A)
    B : array_like, shape (n, d_B)
    center : bool
        Centre the columns first (default).

    Returns
    -------
    float
        In [0, 1].  For two independent random subspaces its expectation is :func:`subspace_chance`
        ``(n, d_A, d_B)`` = max(d_A, d_B) / (n − 1) (centred).

    Raises
    ------
    TypeError, ValueError
        As :func:`canonical_correlations`.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> A = rng.normal(size=(200, 4))
    >>> round(subspace_similarity(A, A @ rng.normal(size=(4, 4))), 10)
    1.0
    >>> subspace_similarity(A, rng.normal(size=(200, 4))) < 0.1
    True
    """
    rho = canonical_correlations(A, B, center=center)
    return float(np.mean(rho**2))


def subspace_chance(n, d_a, d_b=None, *, center=True) -> float:
    """Expected :func:`subspace_similarity` of two independent, uniformly random subspaces.

    For Haar-random subspaces of dimensions a and b in ℝᴺ, E tr(P_A P_B) = a b / N, so
    E S = a b / (N min(a, b)) = max(a, b) / N, with N = n − 1 after centring (the centred columns live in the
    (n − 1)-dimensional complement of the all-ones vector) and N = n otherwise.

    Parameters
    ----------
    n : int
        Rows (words), > max(d_a, d_b) (+ 1 when centred).
    d_a, d_b : int
        Widths (``d_b`` defaults to ``d_a``).
    center : bool

    Returns
    -------
    float

    Raises
    ------
    ValueError
        Non-positive sizes, or widths too large for n.

    Examples
    --------
    >>> round(subspace_chance(9001, 100), 6)
    0.011111
    """
    n, d_a = positive_int(n, "n"), positive_int(d_a, "d_a")
    d_b = d_a if d_b is None else positive_int(d_b, "d_b")
    N = n - 1 if flag(center, "center") else n
    if max(d_a, d_b) > N:
        raise ValueError(f"widths {d_a}, {d_b} exceed the {N} dimensions available with n = {n}")
    return max(d_a, d_b) / N
