"""Word counts for loaded embeddings: from a counts file, gensim's ``fvocab`` file, a dict or the corpus itself.

Embedding files carry no frequencies.  Frequency bands and ``min_count`` filters need the counts of the training
corpus; without them every frequency-dependent function of the library refuses (it never bins by rank).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from .formats import EmbeddingFileError, open_bytes

__all__ = ["read_counts", "corpus_counts", "resolve_counts", "with_counts"]

_HEADER_WORDS = {"count", "counts", "freq", "frequency", "n"}


def read_counts(path) -> dict:
    """Read ``word<TAB>count`` lines, or gensim's ``fvocab`` file (``word count``, as ``save_word2vec_format`` writes).

    Parameters
    ----------
    path : str or Path
        A text file (gzip or bzip2 accepted), one word per line; a first line ``word<TAB>count`` (a header) is
        skipped.

    Returns
    -------
    dict of str to int

    Raises
    ------
    EmbeddingFileError
        (a ``ValueError``) naming the file and line: empty file, a line without a count, a count that is not a
        non-negative integer, a word listed twice, text that is not UTF-8, compressed content that ends early or
        is corrupt (naming the last line read).
    OSError
        The file cannot be read.

    Examples
    --------
    >>> read_counts("vocab.tsv")   # doctest: +SKIP
    {'the': 4135, 'of': 2012, ...}
    """
    counts, where = {}, {}
    with open_bytes(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            try:
                line = raw.decode("utf-8").rstrip("\r\n")
            except UnicodeDecodeError as exc:
                raise EmbeddingFileError(path, f"not UTF-8 text ({exc.reason})", line=lineno) from None
            if not line.strip():
                continue
            word, sep, value = line.rpartition("\t") if "\t" in line else line.rpartition(" ")
            if not sep or not word:
                raise EmbeddingFileError(path, f"expected 'word<TAB>count', got {line[:60]!r}", line=lineno)
            value = value.strip()
            if lineno == 1 and value.lower() in _HEADER_WORDS:
                continue
            if not value.isdigit():
                raise EmbeddingFileError(
                    path, f"the count of {word!r} is {value!r}, not a non-negative integer", line=lineno
                )
            if word in counts:
                raise EmbeddingFileError(path, f"{word!r} is listed twice (first on line {where[word]})", line=lineno)
            counts[word], where[word] = int(value), lineno
    if not counts:
        raise EmbeddingFileError(path, "the counts file is empty")
    return counts


def corpus_counts(corpus) -> dict:
    """How often every token occurs in a corpus.

    Parameters
    ----------
    corpus : Corpus, iterable of list of str, or str / Path
        A :class:`~embstab_lib.corpora.Corpus`, tokenised sentences, or a text file (gzip/bzip2 accepted)
        tokenised by whitespace, one sentence per line.

    Returns
    -------
    dict of str to int

    Raises
    ------
    TypeError
        ``corpus`` is a single string that is not a file, or holds sentences that are not lists of strings.
    ValueError
        The corpus has no token; ``EmbeddingFileError`` for a compressed corpus file that ends early or is corrupt.
    """
    if isinstance(corpus, (str, Path)):
        path = Path(corpus)
        if not path.is_file():
            raise TypeError(f"corpus must be tokenised sentences or a text file; {str(corpus)[:60]!r} is not a file")
        c = Counter()
        with open_bytes(path) as fh:
            for raw in fh:
                c.update(raw.decode("utf-8", errors="replace").split())
    else:
        sentences = getattr(corpus, "sentences", corpus)
        c = Counter()
        for s in sentences:
            if isinstance(s, (str, bytes)) or not all(isinstance(t, str) for t in s):
                raise TypeError("corpus must be a sequence of sentences, each a list of str tokens")
            c.update(s)
    if not c:
        raise ValueError("the corpus has no token")
    return dict(c)


def _source_name(source) -> str:
    if isinstance(source, (str, Path)):
        return str(source)
    return type(source).__name__


def resolve_counts(source, words) -> np.ndarray:
    """The count of every word in ``words`` from ``source``, as int64.

    Parameters
    ----------
    source : str or Path (counts file), Mapping, Corpus / iterable of token lists, or array_like of int
        A path is read with :func:`read_counts`; a Corpus or sentences are counted with :func:`corpus_counts`;
        an array gives the counts of ``words`` in order.
    words : sequence of str

    Returns
    -------
    ndarray of int64, shape (len(words),)

    Raises
    ------
    ValueError
        Words without a count in ``source`` (naming how many and a few of them), negative or non-integer counts,
        an array of another length, counts that are gensim's rank placeholders.
    TypeError
        A source of another kind.
    """
    from ..corpora.frequency import PLACEHOLDER_MESSAGE, is_rank_placeholder

    if isinstance(source, (str, Path)):
        table = read_counts(source)
    elif isinstance(source, Mapping):
        table = source
    elif hasattr(source, "sentences") or (
        isinstance(source, (list, tuple)) and source and isinstance(source[0], (list, tuple))
    ):
        table = corpus_counts(source)
    else:
        arr = np.asarray(source)
        if arr.dtype.kind not in "iuf" or arr.ndim != 1:
            raise TypeError(
                "counts must be a counts file path, a {word: count} dict, a corpus (tokenised sentences) or a 1-D "
                f"array of integers, got {type(source).__name__}"
            )
        if arr.size != len(words):
            raise ValueError(f"counts has {arr.size} entries for {len(words)} words")
        if not np.all(np.isfinite(arr)) or np.any(arr < 0) or np.any(arr != np.round(arr)):
            raise ValueError("counts must be non-negative integers")
        out = arr.astype(np.int64)
        if is_rank_placeholder(out):
            raise ValueError(PLACEHOLDER_MESSAGE)
        return out
    missing = [w for w in words if w not in table]
    if missing:
        raise ValueError(
            f"{len(missing)} of the {len(words)} words have no count in {_source_name(source)} (e.g. "
            f"{', '.join(map(repr, missing[:5]))}): the counts must come from the corpus the vectors were trained on"
        )
    out = np.array([table[w] for w in words])
    if out.dtype.kind not in "iu" or np.any(out < 0):
        raise ValueError(f"the counts in {_source_name(source)} must be non-negative integers")
    out = out.astype(np.int64)
    if is_rank_placeholder(out):
        raise ValueError(PLACEHOLDER_MESSAGE)
    return out


def with_counts(kv, counts):
    """Attach corpus counts to ``kv`` (in place; returns ``kv``), so that :func:`~embstab_lib.word_counts` works.

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
    counts : see :func:`resolve_counts`

    Returns
    -------
    KeyedVectors
        ``kv`` with ``kv.expandos["count"]`` set.

    Raises
    ------
    TypeError, ValueError
        As :func:`resolve_counts`; ``kv`` is not a ``KeyedVectors``.
    """
    from .._validate import keyed_vectors

    keyed_vectors(kv, "kv", needs=("index_to_key", "expandos"))
    kv.expandos["count"] = resolve_counts(counts, list(kv.index_to_key))
    return kv
