"""The PIP loss to a known truth, and its split into bias² and variance over repeated estimates (Yin & Shen 2018)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_matrix, flag, norm

__all__ = ["PIPBiasVariance", "pip_bias_variance"]


@dataclass(frozen=True)
class PIPBiasVariance:
    """Result of :func:`pip_bias_variance` (every value relative to ‖TTᵀ‖²_F).

    losses : (n,) squared PIP loss of each estimate at its best scale
    scales : (n,) the best scale s_i of each estimate's Gram matrix
    bias2 : unbiased estimate of ‖E[G] − TTᵀ‖²_F / ‖TTᵀ‖²_F (see :func:`pip_bias_variance`)
    variance : unbiased estimate of E‖G − E[G]‖²_F / ‖TTᵀ‖²_F;  ``losses.mean() == bias2 + variance``
    pairs : the n(n − 1)/2 pairs (i, j), i < j, of estimates
    pair_bias2 : (n(n − 1)/2,) ⟨G_i − TTᵀ, G_j − TTᵀ⟩ / ‖TTᵀ‖²_F for each pair; their mean is ``bias2``
    pair_variance : (n(n − 1)/2,) ‖G_i − G_j‖²_F / (2‖TTᵀ‖²_F) for each pair; their mean is ``variance``
    """

    losses: np.ndarray
    scales: np.ndarray
    bias2: float
    variance: float
    pairs: tuple
    pair_bias2: np.ndarray
    pair_variance: np.ndarray


def pip_bias_variance(estimates, truth, *, center=True) -> PIPBiasVariance:
    """Squared PIP loss of each estimate E_i of a known T, and its mean split into bias² and variance.

    Each estimate's Gram matrix is compared at its best scale (word vectors have no natural unit):

        G_i = s_i E_iE_iᵀ,  s_i = ‖E_iᵀT‖²_F / ‖E_iᵀE_i‖²_F = argmin_s ‖s E_iE_iᵀ − TTᵀ‖_F,
        loss_i = ‖G_i − TTᵀ‖²_F / ‖TTᵀ‖²_F = 1 − CKA(E_i, T)²  (with ``center=True``),

    and, with Ḡ = mean_i G_i and S = mean_i ‖G_i − Ḡ‖²_F / ‖TTᵀ‖²_F over n estimates,

        variance = n S / (n − 1),   bias² = ‖Ḡ − TTᵀ‖²_F / ‖TTᵀ‖²_F − variance / n,   mean_i loss_i = bias² + variance:

    variance is how far the estimates scatter around their average, bias² how far their expectation is from
    the truth.  Both are unbiased when the estimates are independent draws (``‖Ḡ − TTᵀ‖²`` alone would
    count a share 1/n of the variance as bias); with few estimates bias² can come out slightly negative when the
    true bias is near 0.  Both are means over the pairs i < j of estimates,

        variance = mean_{i<j} ‖G_i − G_j‖²_F / (2‖TTᵀ‖²_F),   bias² = mean_{i<j} ⟨G_i − TTᵀ, G_j − TTᵀ⟩ / ‖TTᵀ‖²_F,

    returned per pair (``pair_variance``, ``pair_bias2``, ``pairs``): pairs share estimates, so their interval is
    :func:`~embstab_lib.pairwise_ci` ``(pair_variance, pairs)`` (it resamples the estimates; ≥ 3 of them).
    (Linear CKA is the cosine of the angle between the two centred Gram matrices; the relative PIP loss at the
    best scale, √loss_i, is its sine.)  Everything is computed from d×d products (no V×V matrix).

    Parameters
    ----------
    estimates : sequence of array_like, each (V, d_i)
        At least 2 estimates of the same V words (their widths may differ).
    truth : array_like, shape (V, d_T)
    center : bool
        Centre every matrix's columns first (default; the Gram matrices then ignore a common offset).

    Returns
    -------
    PIPBiasVariance

    Notes
    -----
    Yin & Shen (NeurIPS 2018) define the PIP loss ‖EEᵀ − E*E*ᵀ‖_F and its bias–variance trade-off over the
    dimension d for matrix-factorisation embeddings; the best scale here makes it usable for embeddings whose
    unit is arbitrary (word2vec).

    Raises
    ------
    TypeError
        ``estimates`` not a sequence of matrices; complex or non-numeric values.
    ValueError
        Fewer than 2 estimates, row counts that differ, NaN/inf, a zero matrix (after centring).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> T = rng.normal(size=(200, 3))
    >>> res = pip_bias_variance([2 * T, -T @ np.eye(3)[::-1]], T)
    >>> round(res.bias2, 12), round(res.variance, 12)
    (0.0, 0.0)
    """
    if isinstance(estimates, np.ndarray) or not isinstance(estimates, (list, tuple)):
        raise TypeError("estimates must be a list of matrices (one per estimate)")
    if len(estimates) < 2:
        raise ValueError(f"need at least 2 estimates to split bias and variance, got {len(estimates)}")
    center = flag(center, "center")
    T = as_matrix(truth, "truth", min_rows=2)
    Es = [as_matrix(E, f"estimates[{i}]", min_rows=2) for i, E in enumerate(estimates)]
    bad = [i for i, E in enumerate(Es) if E.shape[0] != T.shape[0]]
    if bad:
        raise ValueError(f"estimates[{bad[0]}] has {Es[bad[0]].shape[0]} rows, truth has {T.shape[0]}")
    if center:
        T, Es = T - T.mean(axis=0), [E - E.mean(axis=0) for E in Es]
    for name, X in (("truth", T), *((f"estimates[{i}]", E) for i, E in enumerate(Es))):
        if norm(X) == 0:
            raise ValueError(f"{name} is zero{' after centring' if center else ''}: its Gram matrix carries nothing")
    t_scale, e_scales = norm(T), np.array([norm(E) for E in Es])
    T = T / t_scale
    Es = [E / e for E, e in zip(Es, e_scales)]  # unit Frobenius norm: the cross products below stay of order 1
    tt = norm(T.T @ T) ** 2  # ‖TTᵀ‖²
    cross_t = np.array([norm(E.T @ T) ** 2 for E in Es])  # ⟨E_iE_iᵀ, TTᵀ⟩
    gram = np.array([[norm(Ei.T @ Ej) ** 2 for Ej in Es] for Ei in Es])  # ⟨E_iE_iᵀ, E_jE_jᵀ⟩
    s = cross_t / np.diag(gram)
    losses = np.clip(1 - s * cross_t / tt, 0, None)  # ‖s_iG_i − TTᵀ‖² / ‖TTᵀ‖², with s_i⟨G_i, T⟩ = s_i²‖G_i‖²
    n = len(Es)
    mean_sq = s @ gram @ s / n**2  # ‖Ḡ‖²
    plugin = max(float(mean_sq - 2 * (s @ cross_t) / n + tt) / tt, 0.0)  # ‖Ḡ − TTᵀ‖² / ‖TTᵀ‖²
    spread = max(float(losses.mean()) - plugin, 0.0)  # S = mean ‖G_i − Ḡ‖² / ‖TTᵀ‖²
    variance = n * spread / (n - 1)
    bias2 = plugin - variance / n
    pairs = tuple((i, j) for i in range(n) for j in range(i + 1, n))
    g = s * cross_t  # ⟨G_i, TTᵀ⟩ = ‖G_i‖² at the best scale
    pair_var = np.array([(g[i] + g[j] - 2 * s[i] * s[j] * gram[i, j]) / 2 for i, j in pairs])  # ‖G_i − G_j‖² / 2
    pair_bias2 = np.array([s[i] * s[j] * gram[i, j] - g[i] - g[j] + tt for i, j in pairs])  # ⟨G_i − TTᵀ, G_j − TTᵀ⟩
    return PIPBiasVariance(losses, s * t_scale**2 / e_scales**2, bias2, variance, pairs, pair_bias2 / tt, pair_var / tt)
