"""Every stability measure of the course for one pair of runs, in one call."""
from __future__ import annotations

from .._validate import as_pair
from .alignment import procrustes
from .distances import frobenius_distance, mean_cosine, pip_loss
from .geometry import distance_correlation, linear_cka
from .neighbors import knn_overlap


def stability_report(A, B, *, k=10) -> dict:
    """Every stability measure of the course for one pair of runs, in one dict.

    Keys: ``frobenius_relative`` (unaligned), ``procrustes_relative``,
    ``procrustes_relative_centered_unit`` (centred, unit rows), ``mean_cosine_raw``,
    ``mean_cosine_aligned``, ``mean_cosine_aligned_centered``, ``knn_overlap``
    (mean over words), ``knn_chance`` (k/(V−1)), ``linear_cka``,
    ``pip_relative``, ``distance_correlation``.
    """
    A, B = as_pair(A, B, min_rows=2)
    raw = procrustes(A, B)
    cen = procrustes(A, B, center=True)
    cen_unit = procrustes(A, B, center=True, normalize_rows=True)
    return {
        "frobenius_relative": frobenius_distance(A, B, relative=True),
        "procrustes_relative": raw.relative_residual,
        "procrustes_relative_centered_unit": cen_unit.relative_residual,
        "mean_cosine_raw": mean_cosine(A, B),
        "mean_cosine_aligned": mean_cosine(raw.aligned, B),
        "mean_cosine_aligned_centered": mean_cosine(cen.aligned, B - B.mean(axis=0)),
        "knn_overlap": float(knn_overlap(A, B, k).mean()),
        "knn_chance": k / (A.shape[0] - 1),
        "linear_cka": linear_cka(A, B),
        "pip_relative": pip_loss(A, B, relative=True),
        "distance_correlation": distance_correlation(A, B),
    }
