"""Corpora: the bundled offline corpora, text8 online, and word frequencies."""

from .bundled import CORPORA, Corpus, load_corpus
from .frequency import BAND_EDGES, frequency_bands, is_rank_placeholder, word_counts
from .resample import bootstrap_corpus, shuffle_corpus, split_corpus  # chapter 07
from .synthetic import synthetic_biases, synthetic_corpus, synthetic_pmi  # chapter 08
