"""Maps beyond the orthogonal ones, and fits scored on held-out words: least-squares linear map, Procrustes with a
global scale, per-direction stretch factors, and the held-out comparison of the three (chapter 04).

Split from :mod:`.alignment` (which keeps orthogonal Procrustes, its chance baseline and held-out residual).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.linalg import orthogonal_procrustes

from .._validate import as_pair, finite, norm, positive_int, pow2_scale
from .alignment import _prepare, procrustes
from .matrices import random_orthogonal  # noqa: F401  (used by the examples)


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
        Two runs, row i = the same word.  Any magnitudes, even very different ones: Q* and s* are computed from A
        and B each rescaled by its own power of two.
    center, normalize_rows : bool
        Preprocessing, as in :func:`procrustes` (A′, B′ are the preprocessed matrices).

    Returns
    -------
    ScaledProcrustesResult
        ``rotation``, ``scale``, ``aligned`` = s*A′Q*, ``residual``, ``relative_residual`` = residual / ‖B′‖_F.

    Raises
    ------
    TypeError, ValueError
        As :func:`procrustes`; A′ or B′ is zero; s*, s*A′Q* or the residual beyond float64.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(30, 3))
    >>> res = scaled_procrustes(A, 2.5 * A @ random_orthogonal(3, seed=1))
    >>> round(res.scale, 12), round(res.relative_residual, 12)
    (2.5, 0.0)
    """
    A, B = as_pair(A, B)
    sa, sb = pow2_scale(A), pow2_scale(B)  # separately: Q* does not depend on them, s* scales as sb / sa
    A, B = _prepare(A / sa, B / sb, center, normalize_rows)  # A′ = sa·A, B′ = sb·B (unit rows: the scales are gone)
    if normalize_rows:
        sa = sb = 1.0
    norm_a, norm_b = norm(A), norm(B)
    if norm_a == 0 or norm_b == 0:
        raise ValueError(f"{'A' if norm_a == 0 else 'B'} is zero after preprocessing: the scale is undefined")
    Q, trace = orthogonal_procrustes(A / norm_a, B / norm_b)  # trace = tr(Σ) of the normalised matrices
    t = float(trace) * norm_b / norm_a  # s* in the units of the rescaled A and B
    diff = norm(t * (A @ Q) - B)  # in B's unit: s*A′Q* − B′ = sb·(t·AQ − B)
    with np.errstate(over="ignore"):  # reported by finite() below
        scale, aligned, residual = (
            float(np.ldexp(t, int(np.frexp(sb)[1] - np.frexp(sa)[1]))),
            sb * (t * (A @ Q)),
            sb * diff,
        )
    scale = finite(scale, "the scale s* (B is huge next to A)")
    aligned, residual = finite(aligned, "s*A′Q*"), float(finite(residual, "the residual ‖s*A′Q* − B′‖_F"))
    return ScaledProcrustesResult(Q, scale, aligned, residual, diff / norm_b)


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
