"""Comparing runs: alignment, distances, neighbours, alignment-free geometry, the one-call report.

Dependency rule: ``compare`` uses ``_validate`` and ``stats`` only; it knows nothing of
corpora, models or the cache, and works on plain arrays (rows = words).
"""
from .alignment import (
    HeldoutResult,
    ProcrustesResult,
    linear_fit,
    procrustes,
    procrustes_heldout,
    procrustes_null,
)
from .matrices import random_orthogonal, shared_matrices
from .distances import cosine_per_word, frobenius_distance, mean_cosine, pip_loss
from .geometry import distance_correlation, linear_cka, mean_pairwise_cosine, spectrum
from .neighbors import knn_overlap, nearest_neighbors
from .report import stability_report
from .alignment import HeldoutFit, ScaledProcrustesResult, heldout_fit, scaled_procrustes, stretch_factors  # chapter 04
from .neighbors import neighbor_cosines, neighbors_within, shared_neighbors  # chapter 05
from .subspace import canonical_correlations, subspace_chance, subspace_similarity  # chapter 07
