"""Putting two embedding matrices side by side and aligning them.

Two runs give E⁽¹⁾, E⁽²⁾ ∈ ℝ^{V×d} whose rows are the same words.  Orthogonal
Procrustes finds the rotation/reflection Q* = argmin_Q ‖E⁽¹⁾Q − E⁽²⁾‖_F (QᵀQ = I);
its solution is Q* = UVᵀ where UΣVᵀ is the SVD of E⁽¹⁾ᵀE⁽²⁾.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import orthogonal_procrustes

from .._validate import as_pair, finite, flag, make_rng, norm, positive_int, pow2_scale, real_number, unit_rows
from .matrices import random_orthogonal, shared_matrices  # noqa: F401  (re-exported: they used to live here)


def _prepare(A, B, center, normalize_rows, means=None):
    if center:
        mA, mB = (A.mean(axis=0), B.mean(axis=0)) if means is None else means
        A, B = A - mA, B - mB
    if normalize_rows:
        A, B = unit_rows(A, "A"), unit_rows(B, "B")
    return A, B


def _rotation(A, B):
    """Orthogonal Procrustes Q for A, B each rescaled by a power of two (Q does not depend on the scales)."""
    Q, _ = orthogonal_procrustes(A / pow2_scale(A), B / pow2_scale(B))
    return Q


@dataclass(frozen=True)
class ProcrustesResult:
    """Result of :func:`procrustes`.

    rotation : (d, d) orthogonal Q minimising ‖A′Q − B′‖_F
    aligned : (V, d) A′Q
    residual : ‖A′Q − B′‖_F
    relative_residual : residual / ‖B′‖_F (0 = identical up to Q; √2 for unrelated *isotropic* matrices of equal
        norm, far below √2 for unrelated *anisotropic* ones, e.g. uncentred word2vec runs)
    """

    rotation: np.ndarray
    aligned: np.ndarray
    residual: float
    relative_residual: float


def procrustes(A, B, *, center=False, normalize_rows=False) -> ProcrustesResult:
    """Orthogonal Procrustes alignment of A onto B: Q* = argmin_{QᵀQ=I} ‖A′Q − B′‖_F = UWᵀ, UΣWᵀ = svd(A′ᵀB′).

    Parameters
    ----------
    A, B : array_like, shape (V, d)
        Two runs, row i = the same word.  Any magnitude (1e-150 … 1e150): computed on power-of-two rescaled copies.
    center : bool
        Remove each column's mean first.
    normalize_rows : bool
        Then scale every row to unit length.

    Returns
    -------
    ProcrustesResult
        ``rotation`` (d, d), ``aligned`` = A′Q (V, d), ``residual`` = ‖A′Q − B′‖_F,
        ``relative_residual`` = residual / ‖B′‖_F.

    Raises
    ------
    TypeError
        Complex, boolean or non-numeric input; non-boolean options.
    ValueError
        Not 2-D, shapes differ, NaN/inf, zero rows with ``normalize_rows``, B′ = 0.

    Notes
    -----
    QᵀA′ᵀB′ is symmetric positive semi-definite at the optimum.  ``procrustes(A, A @ Q).rotation`` recovers Q only
    when A′ has full column rank (rank d, so V ≥ d); otherwise many Q reach residual 0 and any of them may be
    returned.  The relative residual of two *unrelated* embeddings is √2 only when they are isotropic and of equal
    norm; anisotropic ones (a large common direction) align far better than √2 without sharing any word structure —
    compare with :func:`procrustes_null`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> A = rng.normal(size=(50, 4)); Q = random_orthogonal(4, seed=1)
    >>> res = procrustes(A, A @ Q)
    >>> bool(np.allclose(res.rotation, Q)), round(res.relative_residual, 12)
    (True, 0.0)
    """
    A, B = as_pair(A, B)
    center, normalize_rows = flag(center, "center"), flag(normalize_rows, "normalize_rows")
    s = pow2_scale(A, B)
    A, B = _prepare(A / s, B / s, center, normalize_rows)
    unit = 1.0 if normalize_rows else s
    norm_b = norm(B)
    if norm_b == 0:
        raise ValueError("B is zero after preprocessing (or underflows next to A): the relative residual is undefined")
    Q = _rotation(A, B)
    aligned = A @ Q
    diff = norm(aligned - B)
    residual = finite(unit * diff, "the residual ‖A′Q − B′‖_F")
    return ProcrustesResult(Q, finite(unit * aligned, "A′Q"), float(residual), diff / norm_b)


def procrustes_null(A, B, *, n_perm=20, seed=0, center=False, normalize_rows=False) -> np.ndarray:
    """Chance baseline: relative residuals of aligning A to row-permuted copies of B.

    Shuffling B's rows breaks the word correspondence but keeps both point clouds, so the result is what
    Procrustes reaches with no shared structure at all.

    Parameters
    ----------
    A, B : array_like, shape (V, d), V ≥ 2
    n_perm : int
        Number of random permutations.
    seed : int or None
        Seed of the permutations.
    center, normalize_rows : bool
        As in :func:`procrustes`.

    Returns
    -------
    ndarray, shape (n_perm,)
        Relative residuals; an observed residual well below all of them is evidence of shared geometry.

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; fewer than 2 rows; bad ``n_perm`` or ``seed``.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(30, 3))
    >>> bool(procrustes(A, A).relative_residual < procrustes_null(A, A, n_perm=5).min())
    True
    """
    A, B = as_pair(A, B)
    n_perm = positive_int(n_perm, "n_perm")
    if A.shape[0] < 2:
        raise ValueError(f"A and B need at least 2 rows to permute, got {A.shape[0]}")
    rng = make_rng(seed)
    return np.array(
        [
            procrustes(
                A, B[rng.permutation(B.shape[0])], center=center, normalize_rows=normalize_rows
            ).relative_residual
            for _ in range(n_perm)
        ]
    )


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

    With d free directions, Q can "explain" some of the difference on the words it was fitted to; the held-out
    residual is the honest one.

    Parameters
    ----------
    A, B : array_like, shape (V, d)
    seed : int or None
        Seed of the random split.
    fit_fraction : float in (0, 1)
        Share of the rows used to fit Q (rounded; both parts must be non-empty).
    center : bool
        Remove column means **taken from the fitted rows only** (the held-out rows never inform the fit).
    normalize_rows : bool
        Then scale every row to unit length.

    Returns
    -------
    HeldoutResult
        ``rotation``, ``fit_relative_residual`` and ``heldout_relative_residual`` (‖A′Q − B′‖_F / ‖B′‖_F on each
        part), ``fit_rows`` and ``heldout_rows`` (sorted indices).

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; ``fit_fraction`` outside (0, 1) or leaving a part empty; B′ zero on either part.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(40, 3))
    >>> h = procrustes_heldout(A, A @ random_orthogonal(3, seed=2), seed=1)
    >>> len(h.fit_rows), len(h.heldout_rows), round(h.heldout_relative_residual, 12)
    (20, 20, 0.0)
    """
    A, B = as_pair(A, B)
    center, normalize_rows = flag(center, "center"), flag(normalize_rows, "normalize_rows")
    fit_fraction = real_number(fit_fraction, "fit_fraction")
    V = A.shape[0]
    if not 0 < fit_fraction < 1:
        raise ValueError(f"fit_fraction must be in (0, 1), got {fit_fraction}")
    n_fit = int(round(fit_fraction * V))
    if n_fit < 1 or n_fit > V - 1:
        raise ValueError(f"{V} rows cannot be split with fit_fraction={fit_fraction}")
    perm = make_rng(seed).permutation(V)
    fit, held = np.sort(perm[:n_fit]), np.sort(perm[n_fit:])
    s = pow2_scale(A, B)
    A, B = A / s, B / s
    means = (A[fit].mean(axis=0), B[fit].mean(axis=0))  # used only with center=True
    A_, B_ = _prepare(A, B, center, normalize_rows, means)
    for rows, part in ((fit, "fitted"), (held, "held-out")):
        if norm(B_[rows]) == 0:
            raise ValueError(f"B is zero on the {part} rows after preprocessing: the relative residual is undefined")
    Q = _rotation(A_[fit], B_[fit])

    def rel(rows):
        return norm(A_[rows] @ Q - B_[rows]) / norm(B_[rows])

    return HeldoutResult(Q, rel(fit), rel(held), fit, held)


def linear_fit(A, B):
    """Least-squares linear map M = argmin_M ‖AM − B‖_F (any d×d matrix, not only orthogonal).

    Parameters
    ----------
    A, B : array_like, shape (V, d)

    Returns
    -------
    M : ndarray, shape (d, d)
        The minimum-norm least-squares solution (unique when A has full column rank).
    relative_residual : float
        ‖AM − B‖_F / ‖B‖_F; never above Procrustes' (orthogonal matrices are a subset of all matrices).

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; B = 0; M overflows float64.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(20, 3))
    >>> M, rel = linear_fit(A, A @ np.diag([1.0, 2.0, 3.0]))
    >>> bool(np.allclose(M, np.diag([1.0, 2.0, 3.0]))), rel < 1e-12
    (True, True)
    """
    A, B = as_pair(A, B)
    sa, sb = pow2_scale(A), pow2_scale(B)  # separately: M scales as sb / sa, the relative residual not at all
    A, B = A / sa, B / sb
    norm_b = norm(B)
    if norm_b == 0:
        raise ValueError("B is a zero matrix: the relative residual is undefined")
    M, *_ = np.linalg.lstsq(A, B, rcond=None)
    relative = norm(A @ M - B) / norm_b
    return finite(M * (sb / sa), "the linear map M (B is huge next to A)"), relative


@dataclass(frozen=True)
class ScaledProcrustesResult:
    """Result of :func:`scaled_procrustes`.

    rotation : (d, d) orthogonal Q* (the same as :func:`procrustes`)
    scale : s* = tr(Σ) / ‖A′‖²_F ≥ 0
    aligned : (V, d) s* A′Q*
    residual : ‖s* A′Q* − B′‖_F
    relative_residual : residual / ‖B′‖_F (never above the orthogonal one)
    """

    rotation: np.ndarray
    scale: float
    aligned: np.ndarray
    residual: float
    relative_residual: float


def scaled_procrustes(A, B, *, center=False, normalize_rows=False) -> ScaledProcrustesResult:
    """Procrustes with one global scale factor: (s*, Q*) = argmin over s ≥ 0 and QᵀQ = I of ‖s A′Q − B′‖_F.

    With H = A′ᵀB′ = UΣPᵀ (SVD), ‖sA′Q − B′‖²_F = s²‖A′‖²_F − 2s·tr(QᵀH) + ‖B′‖²_F.  For every s > 0 the best Q
    maximises tr(QᵀH), so Q* = UPᵀ does not depend on s; then the best scale is

        s* = tr(Σ) / ‖A′‖²_F,      ‖s*A′Q* − B′‖²_F = ‖B′‖²_F − tr(Σ)² / ‖A′‖²_F.

    s* < 1 *shrinks* A′ towards the origin: with noise in both runs this lowers the residual even when B′ is an
    exact rotation of the signal in A′.  For centred unit rows (‖A′‖²_F = ‖B′‖²_F = V), s* equals the mean cosine
    between the rows of A′Q* and B′.

    Parameters
    ----------
    A, B : array_like, shape (V, d)
        Two runs, row i = the same word.
    center, normalize_rows : bool
        Preprocessing, as in :func:`procrustes` (A′, B′ are the preprocessed matrices).

    Returns
    -------
    ScaledProcrustesResult
        ``rotation``, ``scale``, ``aligned`` = s*A′Q*, ``residual``, ``relative_residual`` = residual / ‖B′‖_F.

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; A′ or B′ is zero.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(30, 3))
    >>> res = scaled_procrustes(A, 2.5 * A @ random_orthogonal(3, seed=1))
    >>> round(res.scale, 12), round(res.relative_residual, 12)
    (2.5, 0.0)
    """
    A, B = as_pair(A, B)
    A, B = _prepare(A, B, center, normalize_rows)
    norm_a, norm_b = float(np.linalg.norm(A)), float(np.linalg.norm(B))
    if norm_a == 0 or norm_b == 0:
        raise ValueError(f"{'A' if norm_a == 0 else 'B'} is zero after preprocessing: the scale is undefined")
    Q, trace = orthogonal_procrustes(A / norm_a, B / norm_b)  # trace = tr(Σ) of the normalised matrices
    scale = float(trace) * norm_b / norm_a
    aligned = scale * (A @ Q)
    residual = float(np.linalg.norm(aligned - B))
    return ScaledProcrustesResult(Q, scale, aligned, residual, residual / norm_b)


@dataclass(frozen=True)
class HeldoutFit:
    """Result of :func:`heldout_fit`: a map fitted on ``fit_rows``, scored on the held-out ``heldout_rows``.

    map : (d, d) matrix X (Q*, s*Q* or the least-squares M), applied as A X
    fit_relative_residual, heldout_relative_residual : ‖A_r X − B_r‖_F / ‖B_r‖_F on each set of rows
    """

    map: np.ndarray
    fit_relative_residual: float
    heldout_relative_residual: float
    fit_rows: np.ndarray
    heldout_rows: np.ndarray


HELDOUT_METHODS = ("orthogonal", "scaled", "linear")


def heldout_fit(A, B, n_fit=None, *, method="orthogonal", seed=0) -> HeldoutFit:
    """Fit a map from A to B on ``n_fit`` random words and score it on a fixed held-out half.

    The rows are shuffled with ``seed``; the **held-out rows are the last ⌈V/2⌉ of the shuffle whatever n_fit**, and
    the fitting rows are the first ``n_fit`` (n_fit ≤ ⌊V/2⌋), so curves over n_fit with one seed share their test set.
    The matrices are used as given (centre or normalise them first if wanted).

    Parameters
    ----------
    A, B : array_like, shape (V, d), V ≥ 2
    n_fit : int, optional
        Number of fitting rows, 1 ≤ n_fit ≤ ⌊V/2⌋ (default ⌊V/2⌋).
    method : {"orthogonal", "scaled", "linear"}
        The map X: orthogonal Procrustes Q* (d(d−1)/2 free parameters), Procrustes with a global scale s*Q*
        (one more, see :func:`scaled_procrustes`), or the least-squares linear map M = argmin ‖AM − B‖_F (d²).
    seed : int
        Seed of the shuffle.

    Returns
    -------
    HeldoutFit
        ``map``, ``fit_relative_residual``, ``heldout_relative_residual``, ``fit_rows``, ``heldout_rows``.

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; unknown ``method``; ``n_fit`` not an integer in [1, ⌊V/2⌋]; B zero on a set of rows.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(40, 3))
    >>> h = heldout_fit(A, A @ random_orthogonal(3, seed=2), 10, method="linear", seed=1)
    >>> len(h.fit_rows), len(h.heldout_rows), round(h.heldout_relative_residual, 10)
    (10, 20, 0.0)
    """
    A, B = as_pair(A, B)
    V = A.shape[0]
    if method not in HELDOUT_METHODS:
        raise ValueError(f"method must be one of {HELDOUT_METHODS}, got {method!r}")
    if V < 2:
        raise ValueError(f"A and B need at least 2 rows to hold some out, got {V}")
    n_fit = V // 2 if n_fit is None else positive_int(n_fit, "n_fit")
    if n_fit > V // 2:
        raise ValueError(f"n_fit={n_fit} is larger than half of the {V} rows ({V // 2}): the held-out half is fixed")
    rows = np.random.default_rng(seed).permutation(V)
    fit, held = rows[:n_fit], rows[V // 2 :]
    for r, part in ((fit, "fitting"), (held, "held-out")):
        if not np.any(B[r]):
            raise ValueError(f"B is zero on the {part} rows: the relative residual is undefined")
    if method == "linear":
        X = linear_fit(A[fit], B[fit])[0]
    elif method == "scaled":
        res = scaled_procrustes(A[fit], B[fit])
        X = res.scale * res.rotation
    else:
        X = procrustes(A[fit], B[fit]).rotation

    def rel(r):
        return float(np.linalg.norm(A[r] @ X - B[r]) / np.linalg.norm(B[r]))

    return HeldoutFit(X, rel(fit), rel(held), fit, held)


def stretch_factors(A, B):
    """How much the least-squares linear map stretches or shrinks each direction, once the rotation is taken out.

    With H = AᵀB = UΣPᵀ, Q* = UPᵀ (Procrustes) and M = (AᵀA)⁻¹AᵀB (least squares), M = (AᵀA)⁻¹ S Q* with
    S = UΣUᵀ symmetric positive semi-definite.  The factors are the eigenvalues c of M Q*ᵀ = (AᵀA)⁻¹S, i.e. of the
    symmetric-definite problem S v = c AᵀA v: real, ≥ 0, largest first.

    Why they matter: if B = TQ + E₂ is an exact orthogonal map of the signal T in A = T + E₁, with noise E₁, E₂
    independent of T and of each other (of *any* covariance N), then AᵀA/V → Λ + N and S/V → Λ (Λ = TᵀT/V), so the
    factors tend to those of (Λ + N)⁻¹Λ, all in [0, 1]: least squares only **shrinks** (errors-in-variables; for
    isotropic noise N = τ²I, direction k by λ_k/(λ_k + τ²)).  A factor clearly above 1 is a stretch that no rotation
    plus independent noise produces.

    Parameters
    ----------
    A, B : array_like, shape (V, d)
        Row i = the same word; A must have full column rank (V ≥ d).

    Returns
    -------
    ndarray, shape (d,)
        The factors, in decreasing order.

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; AᵀA singular (rank of A below d).

    Notes
    -----
    For a pure stretch B = A D Q (D diagonal) the factors are D's entries only when AᵀA commutes with D (e.g. A
    with orthogonal columns); in general they mix the stretch with A's own anisotropy.

    Examples
    --------
    >>> A = np.linalg.qr(np.random.default_rng(0).normal(size=(50, 3)))[0]   # orthonormal columns
    >>> np.round(stretch_factors(A, A @ np.diag([2.0, 1.0, 0.5]) @ random_orthogonal(3, seed=1)), 6)
    array([2. , 1. , 0.5])
    """
    from scipy.linalg import LinAlgError, eigh

    A, B = as_pair(A, B)
    scale_a, scale_b = float(np.abs(A).max()), float(np.abs(B).max())
    if scale_a == 0:
        raise ValueError("A is zero: AᵀA is singular")
    A, B = A / scale_a, B / (scale_b or 1.0)
    if np.linalg.matrix_rank(A) < A.shape[1]:
        raise ValueError(f"AᵀA is singular: A (shape {A.shape}) must have full column rank")
    U, sigma, _ = np.linalg.svd(A.T @ B)
    S = (U * sigma) @ U.T
    try:
        c = eigh((S + S.T) / 2, A.T @ A, eigvals_only=True)
    except LinAlgError:
        raise ValueError(f"AᵀA is singular: A (shape {A.shape}) must have full column rank") from None
    return c[::-1] * (scale_b or 1.0) / scale_a
