"""Models that produce word vectors (today: gensim word2vec, the only gensim trainer)."""
from .params import DEFAULT_PARAMS
from .word2vec import initial_vectors, train_word2vec
