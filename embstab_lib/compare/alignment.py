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

#: Procrustes needs one width; the assessment pads the narrower run with zero columns (netrep's convention).
_WIDTHS = (
    ": Procrustes rotates between equal widths; to compare runs of different dimensions use es.compare_groups "
    "(it pads the narrower run with zero columns)"
)


def _prepare(A, B, center, normalize_rows, fit=slice(None)):
    """A′, B′: columns centred with the means of the rows ``fit`` (all by default), then rows scaled to unit length."""
    if center:
        A, B = A - A[fit].mean(axis=0), B - B[fit].mean(axis=0)
    if normalize_rows:
        A, B = unit_rows(A, "A"), unit_rows(B, "B")
    return A, B


def _preparations(A, B, center, normalize_rows, fit=slice(None)):
    """A′ and B′ prepared twice: each with its own power-of-two scale (for Q*), and both with one (for residuals).

    Q* = argmin_{QᵀQ=I} ‖A′Q − B′‖_F is invariant to a positive scaling of A and, separately, of B, and centring and
    unit rows commute with positive scalings; so Q* is computed from A / s_A and B / s_B, where neither can underflow
    next to the other whatever ‖A‖ / ‖B‖ (1e-300 next to 1e300 included).  A residual needs one unit for both:
    A / s and B / s with s = max(s_A, s_B) (a negligible A then counts as 0 there, which is its true weight).  Unit
    rows remove the scales: both preparations are then the same and their unit is 1.

    Returns ``(A1, B1, s_A), (A_, B_, s)``: A′ = s_A·A1 and B′ = s_B·B1 separately scaled; A′ = s·A_, B′ = s·B_ jointly.
    """
    sa, sb = pow2_scale(A), pow2_scale(B)
    A1, B1 = _prepare(A / sa, B / sb, center, normalize_rows, fit)
    if normalize_rows:
        return (A1, B1, 1.0), (A1, B1, 1.0)
    s = pow2_scale(A, B)
    A_, B_ = _prepare(A / s, B / s, center, False, fit)
    return (A1, B1, sa), (A_, B_, s)


def _rotation(A, B, where=""):
    """Orthogonal Procrustes Q for A, B each rescaled by a power of two (Q does not depend on the scales).

    ``A`` = 0 is refused (every orthogonal Q is then optimal: the rotation is undefined); ``where`` names the rows.
    """
    if not np.any(A):
        raise ValueError(f"A is zero{where} after preprocessing: the rotation is undefined (every Q fits equally)")
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
        Two runs, row i = the same word.  Any magnitudes, even very different ones (1e-300 next to 1e300): Q* is
        computed from A and B each rescaled by its own power of two, the residual from both rescaled by one.
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
        Not 2-D, shapes differ (different widths: the message points to ``es.compare_groups``, which pads with
        zeros), NaN/inf, zero rows with ``normalize_rows``, B′ = 0 or B below ~1e-300 of A (the relative residual is
        then not representable), A′ = 0 (every Q is optimal: the rotation is undefined).

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
    A, B = as_pair(A, B, width_hint=_WIDTHS)
    center, normalize_rows = flag(center, "center"), flag(normalize_rows, "normalize_rows")
    (A1, B1, sa), (A_, B_, unit) = _preparations(A, B, center, normalize_rows)
    norm_b = norm(B_)
    if norm_b == 0:
        raise ValueError("B is zero after preprocessing (or underflows next to A): the relative residual is undefined")
    Q = _rotation(A1, B1)
    diff = norm(A_ @ Q - B_)
    residual = finite(unit * diff, "the residual ‖A′Q − B′‖_F")
    relative = finite(diff / norm_b, "the relative residual (B is tiny next to A, below ~1e-308 of it)")
    return ProcrustesResult(Q, finite(sa * (A1 @ Q), "A′Q"), float(residual), relative)


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
    A, B = as_pair(A, B, width_hint=_WIDTHS)
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
        As :func:`procrustes`; ``fit_fraction`` outside (0, 1) or leaving a part empty; B′ zero on either part;
        A′ zero on the fitted rows (the rotation is undefined).

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(40, 3))
    >>> h = procrustes_heldout(A, A @ random_orthogonal(3, seed=2), seed=1)
    >>> len(h.fit_rows), len(h.heldout_rows), round(h.heldout_relative_residual, 12)
    (20, 20, 0.0)
    """
    A, B = as_pair(A, B, width_hint=_WIDTHS)
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
    (A1, B1, _), (A_, B_, _) = _preparations(A, B, center, normalize_rows, fit)
    for rows, part in ((fit, "fitted"), (held, "held-out")):
        if norm(B_[rows]) == 0:
            raise ValueError(
                f"B is zero on the {part} rows after preprocessing (or underflows next to A): "
                "the relative residual is undefined"
            )
    Q = _rotation(A1[fit], B1[fit], " on the fitted rows")

    def rel(rows):
        return finite(norm(A_[rows] @ Q - B_[rows]) / norm(B_[rows]), "the relative residual (B is tiny next to A)")

    return HeldoutResult(Q, rel(fit), rel(held), fit, held)
