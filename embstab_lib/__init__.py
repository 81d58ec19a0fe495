"""embstab_lib — the small library behind the *embstab* course.

How stable are word embeddings across training runs?  Every chapter of the course
calls these functions; each is a short, pure function over NumPy arrays
(rows = words) that raises ``ValueError`` naming the problem on bad input.

Layout (dependencies point down this list, never up)
----------------------------------------------------
checks/, assign   the course layer: exercise checks, student export (imports anything; nothing imports it)
viz/              figures and Markdown tables
quality           word-similarity and analogy benchmarks shipped with gensim
cli               the ``embstab`` command line (``python -m embstab_lib assess RUN...``)
assessment/       assess N runs, compare two groups: intervals, chance baselines, reports
io/               your embedding files (word2vec text/binary, GloVe, fastText .vec, gensim) and word counts
runs              many seeds: cached, parallel training
experiments       one source of randomness at a time; k-NN overlap of all pairs of runs
models/           word2vec (the only gensim trainer)
corpora/          bundled, text8 and word frequencies
compare/          alignment, distances, neighbours, alignment-free geometry, one-call report
stats             seed pairs and confidence intervals
store             the disk cache (keys, atomic writes, model files)
_validate         input validation shared by everything

``import embstab_lib as es`` gives the flat public API below (``es.procrustes``, ...).
"""

__version__ = "0.3.0"

from . import quality
from .compare import (
    HeldoutResult,
    ProcrustesResult,
    cosine_per_word,
    distance_correlation,
    frobenius_distance,
    knn_overlap,
    linear_cka,
    linear_fit,
    mean_cosine,
    mean_pairwise_cosine,
    nearest_neighbors,
    pip_loss,
    procrustes,
    procrustes_heldout,
    procrustes_null,
    random_orthogonal,
    shared_matrices,
    spectrum,
    stability_report,
)
from .corpora import Corpus, frequency_bands, load_corpus, word_counts
from .models import initial_vectors, train_word2vec
from .runs import train_seeds, train_with_context
from .stats import Interval, mean_ci, pairwise_ci, proportion_ci, seed_pairs
from .viz import plots, tables

__all__ = [
    "__version__",
    "Corpus",
    "load_corpus",
    "word_counts",
    "frequency_bands",
    "train_word2vec",
    "train_seeds",
    "train_with_context",
    "initial_vectors",
    "shared_matrices",
    "random_orthogonal",
    "procrustes",
    "ProcrustesResult",
    "procrustes_null",
    "procrustes_heldout",
    "HeldoutResult",
    "linear_fit",
    "frobenius_distance",
    "cosine_per_word",
    "mean_cosine",
    "nearest_neighbors",
    "knn_overlap",
    "mean_pairwise_cosine",
    "pip_loss",
    "linear_cka",
    "spectrum",
    "distance_correlation",
    "stability_report",
    "Interval",
    "mean_ci",
    "pairwise_ci",
    "proportion_ci",
    "seed_pairs",
    "plots",
    "tables",
    "quality",
]


from .compare import HeldoutFit, ScaledProcrustesResult, heldout_fit, scaled_procrustes, stretch_factors  # noqa: E402  (chapter 04)

__all__ += ["scaled_procrustes", "ScaledProcrustesResult", "heldout_fit", "HeldoutFit", "stretch_factors"]
from .models import (  # noqa: E402  (chapter 06)
    SkipgramRun,
    axis_alignment,
    imbalance,
    init_skipgram,
    sample_negatives,
    sgns_loss,
    skipgram_grad,
    skipgram_loss,
    skipgram_pairs,
    train_skipgram,
    trajectory_deviation,
)

__all__ += [
    "skipgram_loss",
    "skipgram_grad",
    "sgns_loss",
    "sample_negatives",
    "skipgram_pairs",
    "init_skipgram",
    "train_skipgram",
    "SkipgramRun",
    "trajectory_deviation",
    "imbalance",
    "axis_alignment",
]
from .experiments import SOURCES, Run, RunsOverlap, knn_overlap_runs, source_runs  # noqa: E402  (chapter 01)
from .models.word2vec import train_with_loss  # noqa: E402  (chapter 01)

__all__ += ["train_with_loss", "SOURCES", "Run", "source_runs", "RunsOverlap", "knn_overlap_runs"]
from .compare import neighbor_cosines, neighbors_within, shared_neighbors  # noqa: E402  (chapter 05)

__all__ += ["shared_neighbors", "neighbors_within", "neighbor_cosines"]
from .compare import canonical_correlations, subspace_chance, subspace_similarity  # noqa: E402  (chapter 07)
from .corpora import bootstrap_corpus, shuffle_corpus, split_corpus  # noqa: E402  (chapter 07)
from .models import NextWordRun, ppmi_matrix, ppmi_svd, train_nextword, unk_corpus  # noqa: E402  (chapter 07)

__all__ += [
    "canonical_correlations",
    "subspace_similarity",
    "subspace_chance",
    "bootstrap_corpus",
    "shuffle_corpus",
    "split_corpus",
    "ppmi_matrix",
    "ppmi_svd",
    "train_nextword",
    "NextWordRun",
    "unk_corpus",
]
from .compare import (  # noqa: E402  (chapter 07)
    Displacement,
    band_intervals,
    consensus_chance,
    consensus_neighbors,
    corpus_displacement,
    pairwise_overlaps,
    word_displacement,
)
from .protocols import PROTOCOLS, protocol_corpus, protocol_runs, train_corpora  # noqa: E402  (chapter 07)

__all__ += [
    "consensus_neighbors",
    "consensus_chance",
    "word_displacement",
    "pairwise_overlaps",
    "band_intervals",
    "corpus_displacement",
    "Displacement",
    "PROTOCOLS",
    "protocol_corpus",
    "protocol_runs",
    "train_corpora",
]
from .compare import PIPBiasVariance, pip_bias_variance  # noqa: E402  (chapter 08)
from .corpora import synthetic_biases, synthetic_corpus, synthetic_pmi  # noqa: E402  (chapter 08)
from .sweeps import SweepRun, sweep, sweep_corpus, sweep_intervals, sweep_runs  # noqa: E402  (chapter 08)
from .sweeps.measures import pair_measures, truth_measures  # noqa: E402  (chapter 08)

__all__ += [
    "synthetic_corpus",
    "synthetic_biases",
    "synthetic_pmi",
    "pip_bias_variance",
    "PIPBiasVariance",
    "sweep",
    "sweep_runs",
    "sweep_corpus",
    "sweep_intervals",
    "SweepRun",
    "pair_measures",
    "truth_measures",
]
from .corpora import is_rank_placeholder  # noqa: E402  (issue 11: your own embeddings)
from .io import (  # noqa: E402  (issue 11)
    EmbeddingFileError,
    Runs,
    corpus_counts,
    load_embeddings,
    load_runs,
    read_counts,
    with_counts,
)

__all__ += [
    "load_embeddings",
    "load_runs",
    "Runs",
    "EmbeddingFileError",
    "read_counts",
    "corpus_counts",
    "with_counts",
    "is_rank_placeholder",
]
from .assessment import Assessment, GroupComparison, assess, compare_groups, rank_overlap  # noqa: E402  (issue 11)

__all__ += ["assess", "compare_groups", "Assessment", "GroupComparison", "rank_overlap"]
from .models.transformer import (  # noqa: E402  (chapter 09; JAX is imported only when a function needs it)
    LMRun,
    causal_attention,
    init_lm,
    layer_norm,
    lm_batches,
    lm_fit,
    lm_forward,
    lm_logits,
    lm_loss,
    lm_vocabulary,
    rms_norm,
    rotate_residual,
    rotation_null,
    similarity_measures,
    sinusoidal_positions,
    standardize,
    standardized_overlap,
    train_lm,
    train_lms,
    variance_ratio,
    word_states,
)

__all__ += [
    "sinusoidal_positions",
    "causal_attention",
    "rms_norm",
    "layer_norm",
    "init_lm",
    "lm_forward",
    "lm_logits",
    "lm_loss",
    "rotate_residual",
    "lm_fit",
    "lm_vocabulary",
    "lm_batches",
    "train_lm",
    "train_lms",
    "LMRun",
    "similarity_measures",
    "variance_ratio",
    "rotation_null",
    "standardize",
    "standardized_overlap",
    "word_states",
]
