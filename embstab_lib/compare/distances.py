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

from .._validate import as_pair, finite, flag, norm, pow2_scale, same_rows, unit_rows


def frobenius_distance(A, B, *, relative=False) -> float:
    """‖A − B‖_F, or ‖A − B‖_F / ‖B‖_F with ``relative=True``.

    Parameters
    ----------
    A, B : array_like, shape (V, d)
        Two runs, row i = the same word (any magnitude: computed on power-of-two rescaled copies).
    relative : bool
        Divide by ‖B‖_F.

    Returns
    -------
    float
        Not invariant to rotation: ``frobenius_distance(E, E @ Q)`` is large although E and EQ have the same
        geometry.  Invariant to a common scaling only with ``relative=True``.

    Raises
    ------
    TypeError
        Complex, boolean or non-numeric input; ``relative`` not a bool.
    ValueError
        Not 2-D, shapes differ, NaN/inf, B = 0 with ``relative=True``, result beyond float64.

    Examples
    --------
    >>> frobenius_distance(np.eye(2), np.zeros((2, 2)))
    1.4142135623730951
    >>> frobenius_distance(np.eye(2), -np.eye(2), relative=True)
    2.0
    """
    A, B = as_pair(A, B)
    relative = flag(relative, "relative")
    s = pow2_scale(A, B)
    A, B = A / s, B / s
    dist = norm(A - B)
    if relative:
        norm_b = norm(B)
        if norm_b == 0:
            raise ValueError("B is a zero matrix (or underflows next to A): the relative distance is undefined")
        return float(finite(dist / norm_b, "‖A − B‖_F / ‖B‖_F (B is tiny next to A)"))
    return float(finite(s * dist, "‖A − B‖_F"))


def cosine_per_word(A, B) -> np.ndarray:
    """sim(w) = a_w·b_w / (‖a_w‖‖b_w‖) for every row.

    Parameters
    ----------
    A, B : array_like, shape (V, d)

    Returns
    -------
    ndarray, shape (V,)
        Values in [−1, 1]; invariant to a positive scaling of any row (rows are normalised before the product,
        so 1e-170·A and 1e170·A give the same cosines as A).

    Raises
    ------
    TypeError, ValueError
        As :func:`frobenius_distance`; a zero row in A or B (the cosine is undefined there).

    Examples
    --------
    >>> cosine_per_word([[1.0, 0.0], [1.0, 1.0]], [[2.0, 0.0], [-1.0, -1.0]])
    array([ 1., -1.])
    """
    A, B = as_pair(A, B)
    return np.clip(np.einsum("ij,ij->i", unit_rows(A, "A"), unit_rows(B, "B")), -1.0, 1.0)


def mean_cosine(A, B) -> float:
    """The article's mean cosine similarity: (1/V) Σ_w sim(w), see :func:`cosine_per_word`.

    Parameters
    ----------
    A, B : array_like, shape (V, d)

    Returns
    -------
    float
        In [−1, 1].  Unaligned, two independent isotropic runs give ≈ 0 ± 1/√d.

    Raises
    ------
    TypeError, ValueError
        As :func:`cosine_per_word`.

    Examples
    --------
    >>> mean_cosine([[1.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [1.0, 0.0]])
    0.5
    """
    return float(cosine_per_word(A, B).mean())


def pip_loss(A, B, *, relative=False) -> float:
    """PIP loss ‖AAᵀ − BBᵀ‖_F (Yin & Shen 2018), without forming a V×V matrix.

    Mathematically ‖AAᵀ − BBᵀ‖²_F = ‖AᵀA‖²_F + ‖BᵀB‖²_F − 2‖AᵀB‖²_F (d×d products only), but that difference of
    squares loses half the digits when the loss is small.  We use the QR factorisation [A B] = QR instead:
    AAᵀ − BBᵀ = Q(R_A R_Aᵀ − R_B R_Bᵀ)Qᵀ, so the loss is the norm of a small (d_A + d_B)² matrix.

    Parameters
    ----------
    A : array_like, shape (V, d_A)
    B : array_like, shape (V, d_B)
        The widths may differ.
    relative : bool
        Divide by ‖BBᵀ‖_F = ‖BᵀB‖_F.

    Returns
    -------
    float
        Invariant to orthogonal maps of A or B, not to scaling: PIP(sA, sB) = s² PIP(A, B).  The rounding error is
        *absolute*, of order ε‖A‖_F‖B‖_F (ε = 2.2e-16) for matrices of similar norms: a loss below that is not
        resolved, and a relative loss is accurate only to ε‖A‖_F‖B‖_F / ‖BBᵀ‖_F.

    Raises
    ------
    TypeError, ValueError
        As :func:`frobenius_distance` (row counts must match instead of shapes); with ``relative=True``, B = 0 or
        a ratio beyond float64.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A, Q = rng.normal(size=(500, 10)), np.linalg.qr(rng.normal(size=(10, 10)))[0]
    >>> pip_loss(A, A @ Q) < 1e-10
    True
    >>> round(pip_loss(A, 2 * A, relative=True), 12)
    0.75
    """
    A, B = same_rows(A, B)
    relative = flag(relative, "relative")
    s = pow2_scale(A, B)
    A, B = A / s, B / s
    R = np.linalg.qr(np.hstack([A, B]), mode="r")
    RA, RB = R[:, : A.shape[1]], R[:, A.shape[1] :]
    loss = norm(RA @ RA.T - RB @ RB.T)
    if relative:
        t = pow2_scale(B)
        norm_b = norm((B / t).T @ (B / t))
        if norm_b == 0:
            raise ValueError("B is a zero matrix: the relative PIP loss is undefined")
        return float(finite(loss / norm_b / t / t, "the relative PIP loss (‖BBᵀ‖_F is tiny next to ‖AAᵀ‖_F)"))
    return float(finite(loss * s * s, "the PIP loss"))
