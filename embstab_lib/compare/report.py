"""Every stability measure of the course for one pair of runs, in one call."""

from __future__ import annotations

import numpy as np  # noqa: F401  (doctest namespace)

from .._validate import as_pair, pow2_scale
from .alignment import procrustes
from .distances import frobenius_distance, mean_cosine, pip_loss
from .geometry import distance_correlation, linear_cka
from .neighbors import knn_overlap


def stability_report(A, B, *, k=10) -> dict:
    """Every stability measure of the course for one pair of runs, in one dict.

    Parameters
    ----------
    A, B : array_like, shape (V, d), V ≥ 3
        Two runs, row i = the same word.
    k : int
        Neighbours for the k-NN overlap, 1 ≤ k ≤ V − 1.

    Returns
    -------
    dict of str to float
        Each value equals the standalone call:

        - ``frobenius_relative``: ``frobenius_distance(A, B, relative=True)`` (unaligned);
        - ``procrustes_relative``: ``procrustes(A, B).relative_residual``;
        - ``procrustes_relative_centered_unit``: the same with ``center=True, normalize_rows=True``;
        - ``mean_cosine_raw``: ``mean_cosine(A, B)`` (unaligned);
        - ``mean_cosine_aligned``: ``mean_cosine(procrustes(A, B).aligned, B)``;
        - ``mean_cosine_aligned_centered``: the same after centring both (``center=True``);
        - ``knn_overlap``: ``knn_overlap(A, B, k).mean()``; ``knn_chance``: k / (V − 1);
        - ``linear_cka``, ``pip_relative`` (``pip_loss(A, B, relative=True)``), ``distance_correlation``.

    Raises
    ------
    TypeError, ValueError
        Those of the measures: shapes differ, NaN/inf, zero rows, fewer than 3 rows, bad ``k``, constant distances.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(30, 4))
    >>> rep = stability_report(A, -2 * A, k=3)
    >>> keys = ("frobenius_relative", "mean_cosine_raw", "mean_cosine_aligned", "pip_relative")
    >>> [round(rep[key], 12) for key in keys]
    [1.5, -1.0, 1.0, 0.75]
    """
    A, B = as_pair(A, B)  # the measures check their own minimum sizes (3 rows for distance_correlation)
    raw = procrustes(A, B)
    cen = procrustes(A, B, center=True)
    cen_unit = procrustes(A, B, center=True, normalize_rows=True)
    Bc = B / pow2_scale(B)  # cosines ignore scale; the mean of huge values would overflow
    return {
        "frobenius_relative": frobenius_distance(A, B, relative=True),
        "procrustes_relative": raw.relative_residual,
        "procrustes_relative_centered_unit": cen_unit.relative_residual,
        "mean_cosine_raw": mean_cosine(A, B),
        "mean_cosine_aligned": mean_cosine(raw.aligned, B),
        "mean_cosine_aligned_centered": mean_cosine(cen.aligned, Bc - Bc.mean(axis=0)),
        "knn_overlap": float(knn_overlap(A, B, k).mean()),
        "knn_chance": k / (A.shape[0] - 1),
        "linear_cka": linear_cka(A, B),
        "pip_relative": pip_loss(A, B, relative=True),
        "distance_correlation": distance_correlation(A, B),
    }
