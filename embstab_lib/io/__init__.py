"""Embeddings from files: word2vec text/binary, GloVe, fastText ``.vec``, gensim's native format, and word counts.

Dependency rule: uses ``_validate``, ``corpora.frequency`` (the rank-placeholder test) and gensim; nothing below
it imports it.
"""

from .counts import corpus_counts, read_counts, resolve_counts, with_counts
from .formats import FORMATS, EmbeddingFileError, detect_format
from .load import Runs, load_embeddings, load_runs
