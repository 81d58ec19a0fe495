"""Comparing runs: alignment, distances, neighbours, alignment-free geometry, the one-call report.

Dependency rule: ``compare`` uses ``_validate`` and ``stats`` only; it knows nothing of
corpora, models or the cache, and works on plain arrays (rows = words).
"""

from .alignment import HeldoutResult, ProcrustesResult, procrustes, procrustes_heldout, procrustes_null
from .biasvar import PIPBiasVariance, pip_bias_variance  # chapter 08
from .displacement import Displacement, corpus_displacement, word_displacement  # chapter 07
from .distances import cosine_per_word, frobenius_distance, mean_cosine, pip_loss
from .geometry import distance_correlation, linear_cka, mean_pairwise_cosine, spectrum
from .linear_maps import (  # chapter 04
    HeldoutFit,
    ScaledProcrustesResult,
    heldout_fit,
    linear_fit,
    scaled_procrustes,
    stretch_factors,
)
from .manyruns import band_intervals, consensus_chance, consensus_neighbors, pairwise_overlaps  # chapter 07
from .matrices import random_orthogonal, shared_matrices
from .neighbor_lists import neighbor_cosines, shared_neighbors  # chapter 05
from .neighbors import knn_overlap, nearest_neighbors, neighbors_within
from .report import stability_report
from .subspace import canonical_correlations, subspace_chance, subspace_similarity  # chapter 07
