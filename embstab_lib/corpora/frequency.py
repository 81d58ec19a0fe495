"""Word frequencies and the frequency bands the course reports results by."""

from __future__ import annotations

import numpy as np

#: How to give a model real counts; every frequency-dependent error names it.
COUNTS_FIX = (
    "pass the corpus counts: es.load_embeddings(path, counts=...) or es.with_counts(kv, counts), with counts a "
    "word<TAB>count file, gensim's fvocab file, a {word: count} dict or the training corpus"
)
PLACEHOLDER_MESSAGE = (
    "these word counts are rank placeholders (they fall by exactly 1 from word to word: gensim's "
    "KeyedVectors.load_word2vec_format sets count = vocabulary size − rank when no fvocab file is given, and a "
    "slice of a vocabulary keeps that step), not corpus frequencies; "
    f"binning them would bin by rank: {COUNTS_FIX}"
)
#: Fewest words whose counts falling by exactly 1 are taken for placeholders when they do not end at 1.  Real
#: counts do fall by 1 over a few consecutive words: the longest such run of the wiki-sample corpus is 4 words
#: (counts 283 to 280); tests/test_io.py checks that it stays below this.
PLACEHOLDER_MIN_RUN = 10


def is_rank_placeholder(counts) -> bool:
    """Whether ``counts`` are gensim's rank placeholders: they fall by exactly 1 from word to word (c_{i+1} = c_i − 1).

    ``KeyedVectors.load_word2vec_format`` without ``fvocab`` sets the count of the word of rank r (0-based) to
    V − r, i.e. V, V − 1, …, 1.  A part of such a vocabulary (its first words, as ``limit=`` keeps, or any slice)
    keeps the step but ends above 1: words 50–149 of 300 have 250, 249, …, 151.  A sequence that ends at 1 is
    flagged from 3 words on; one that ends above 1 from :data:`PLACEHOLDER_MIN_RUN` (10) words on, because real
    counts do fall by exactly 1 over a few consecutive words (4 at most in the wiki-sample corpus), but not over
    a whole vocabulary or its most frequent words.

    Parameters
    ----------
    counts : array_like, shape (n,)
        In vocabulary order (the order the vectors are stored in).

    Returns
    -------
    bool
        False for anything that is not a 1-D numeric array.

    Examples
    --------
    >>> is_rank_placeholder([4, 3, 2, 1]), is_rank_placeholder([40, 3, 2, 1])
    (True, False)
    >>> is_rank_placeholder(np.arange(250, 150, -1)), is_rank_placeholder([283, 282, 281, 280])
    (True, False)
    """
    c = np.asarray(counts)
    if c.ndim != 1 or c.size < 3 or c.dtype.kind not in "iuf":
        return False
    if not np.all(np.diff(c.astype(np.float64)) == -1):  # float64: exact for counts, no unsigned wrap-around
        return False
    return bool(c[-1] == 1 or c.size >= PLACEHOLDER_MIN_RUN)


def word_counts(kv, words=None) -> np.ndarray:
    """Training-corpus count of each word of ``kv`` (or of ``words``).

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
        Trained word vectors that carry their counts (``kv.expandos["count"]``),
        as returned by ``train_word2vec`` and ``train_seeds``.
    words : sequence of str, optional
        The words to look up (default: every word of ``kv``, in its order).

    Returns
    -------
    ndarray of int64, shape (len(words),) or (len(kv),)

    Raises
    ------
    TypeError
        If ``kv`` is not a ``KeyedVectors`` or ``words`` is a single string.
    ValueError
        If ``kv`` has no counts or only gensim's rank placeholders (:func:`is_rank_placeholder`; the message
        names the fix), or naming the words that ``kv`` does not contain.

    Examples
    --------
    >>> from gensim.models import KeyedVectors
    >>> kv = KeyedVectors(2)
    >>> kv.add_vectors(["a", "b"], np.eye(2))
    >>> kv.set_vecattr("a", "count", 7); kv.set_vecattr("b", "count", 3)
    >>> word_counts(kv, ["b"])
    array([3])
    """
    from gensim.models import KeyedVectors

    if not isinstance(kv, KeyedVectors):
        raise TypeError(f"kv must be a gensim KeyedVectors (e.g. from train_word2vec), got {type(kv).__name__}")
    if "count" not in kv.expandos:
        raise ValueError(f"kv carries no word counts (kv.expandos['count']): {COUNTS_FIX}")
    counts = np.asarray(kv.expandos["count"], dtype=np.int64)
    if is_rank_placeholder(counts):
        raise ValueError(PLACEHOLDER_MESSAGE)
    if words is None:
        return counts.copy()
    if isinstance(words, (str, bytes)):
        raise TypeError(f"words must be a sequence of words, not a single string ({words!r}): use [{words!r}]")
    words = list(words)
    missing = [w for w in words if w not in kv.key_to_index]
    if missing:
        raise ValueError(f"{len(missing)} word(s) not in the vocabulary: {missing[:5]}")
    return counts[[kv.key_to_index[w] for w in words]]


#: Frequency bands used across the course (count ranges, lower bound inclusive).
BAND_EDGES = (5, 10, 50, 200, np.inf)


def frequency_bands(counts, edges=BAND_EDGES) -> tuple[np.ndarray, list[str]]:
    """Assign each count to a band ``[edges[i], edges[i+1])``.

    Parameters
    ----------
    counts : array-like of int, shape (n,)
        Word counts: non-negative integers (integral floats such as ``12.0`` are accepted).
    edges : sequence of numbers
        Strictly increasing band edges; the last may be ``inf``.

    Returns
    -------
    band_index : ndarray of int, shape (n,)
        The band of each count.
    labels : list of str
        One label per band, e.g. ``"10–49"`` or ``"≥200"``.

    Raises
    ------
    ValueError
        For an empty or non-1-D ``counts``, NaN, infinite, negative or
        non-integer counts, edges that do not increase, a count outside
        ``[edges[0], edges[-1])``, or gensim's rank placeholders n, n − 1, …, 1
        (:func:`is_rank_placeholder`: binning them would bin by rank).
    TypeError
        For booleans, strings or complex numbers.

    Examples
    --------
    >>> frequency_bands([5, 12, 300])[0]
    array([0, 1, 3])
    """
    raw = np.asarray(counts)
    if raw.dtype.kind in "bcUSO" or raw.dtype.kind == "V":
        raise TypeError(f"counts must be integers, got an array of dtype {raw.dtype}")
    if raw.ndim != 1 or raw.size == 0:
        raise ValueError(f"counts must be a non-empty 1-D array, got shape {raw.shape}")
    counts = raw.astype(float)
    if not np.all(np.isfinite(counts)):
        raise ValueError(f"counts must be finite, got {int(np.count_nonzero(~np.isfinite(counts)))} NaN/inf value(s)")
    if np.any(counts < 0):
        raise ValueError(f"counts must be non-negative, got {counts[counts < 0][0]:g}")
    if np.any(counts != np.round(counts)):
        raise ValueError(f"counts must be integers, got {counts[counts != np.round(counts)][0]:g}")
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or edges.size < 2 or np.isnan(edges).any():
        raise ValueError("edges must be a 1-D sequence of at least 2 numbers")
    if np.any(np.diff(edges) <= 0):
        raise ValueError("edges must be strictly increasing")
    if is_rank_placeholder(counts):
        raise ValueError(PLACEHOLDER_MESSAGE)
    if counts.min() < edges[0] or counts.max() >= edges[-1]:
        raise ValueError(f"counts must lie in [{edges[0]:g}, {edges[-1]:g}), got {counts.min():g}..{counts.max():g}")
    idx = np.searchsorted(edges, counts, side="right") - 1

    def num(x):  # the course's number convention: thousands grouped with a space
        return f"{int(x):,}".replace(",", " ")

    labels = [f"{num(lo)}–{num(hi - 1)}" if np.isfinite(hi) else f"≥{num(lo)}" for lo, hi in zip(edges[:-1], edges[1:])]
    return idx, labels
