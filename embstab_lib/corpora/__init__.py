"""Corpora: the bundled offline corpora, text8 online, and word frequencies."""
from .bundled import CORPORA, Corpus, load_corpus
from .frequency import BAND_EDGES, frequency_bands, word_counts
