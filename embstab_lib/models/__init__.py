"""Models that produce word vectors (today: gensim word2vec, the only gensim trainer)."""

from .nextword import NextWordRun, train_nextword, unk_corpus  # noqa: F401,E402  (chapter 07)
from .params import DEFAULT_PARAMS
from .ppmi import ppmi_matrix, ppmi_svd  # noqa: F401,E402  (chapter 07)
from .skipgram import (  # noqa: F401
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
from .word2vec import initial_vectors, train_word2vec
