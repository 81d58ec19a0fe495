"""embstab_lib — the small library behind the *embstab* course.

How stable are word embeddings across training runs?  Every chapter of the course
calls these functions; each is a short, pure function over NumPy arrays
(rows = words) that raises ``ValueError`` naming the problem on bad input.

Modules
-------
data        corpora (gensim's bundled Wikipedia sample, text8, Lee) and word frequencies
training    word2vec training with seeds, disk cache, the real initialisation
alignment   shared vocabulary, random orthogonal matrices, Procrustes and its baselines
measures    Frobenius, cosine, k-NN overlap, PIP loss, CKA, spectra, one-call report
stats       seed pairs and confidence intervals
quality     word-similarity and analogy benchmarks that ship with gensim
plots       the course's figures (labels are passed in the notebook's language)
checks      automatic checks of the exercises (messages in Vietnamese or English)
assign      ``python -m embstab_lib.assign --out DIR`` writes student notebooks
"""

__version__ = "0.1.0"

from .data import Corpus, load_corpus, word_counts, frequency_bands
from .training import train_word2vec, train_seeds, train_with_context, initial_vectors
from .alignment import (
    shared_matrices,
    random_orthogonal,
    procrustes,
    ProcrustesResult,
    procrustes_null,
    procrustes_heldout,
    HeldoutResult,
    linear_fit,
)
from .measures import (
    frobenius_distance,
    cosine_per_word,
    mean_cosine,
    nearest_neighbors,
    knn_overlap,
    mean_pairwise_cosine,
    pip_loss,
    linear_cka,
    spectrum,
    distance_correlation,
    stability_report,
)
from .stats import Interval, mean_ci, seed_pairs

__all__ = [
    "__version__",
    "Corpus", "load_corpus", "word_counts", "frequency_bands",
    "train_word2vec", "train_seeds", "train_with_context", "initial_vectors",
    "shared_matrices", "random_orthogonal", "procrustes", "ProcrustesResult",
    "procrustes_null", "procrustes_heldout", "HeldoutResult", "linear_fit",
    "frobenius_distance", "cosine_per_word", "mean_cosine", "nearest_neighbors", "knn_overlap",
    "mean_pairwise_cosine", "pip_loss", "linear_cka", "spectrum", "distance_correlation",
    "stability_report",
    "Interval", "mean_ci", "seed_pairs",
]
