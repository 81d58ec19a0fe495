"""Models that produce word vectors (today: gensim word2vec, the only gensim trainer)."""
from .word2vec import DEFAULT_PARAMS, initial_vectors, train_word2vec
