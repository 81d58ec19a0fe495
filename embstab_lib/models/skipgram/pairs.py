"""The data of the skip-gram objective: (word, context) pairs from a corpus, and noise words for negative sampling."""

from __future__ import annotations

import numpy as np

from ..._validate import positive_int


def sample_negatives(counts, n, k, *, power=0.75, seed=None) -> np.ndarray:
    """Draw an (n, k) array of noise indices from P(c) ∝ counts[c]^power (gensim's noise distribution).

    Parameters
    ----------
    counts : array (V,)
        Corpus count of every context word (e.g. ``es.word_counts(kv)``).
    n, k : int
        Number of pairs and of noise words per pair.
    power : float
        0.75 in word2vec and gensim.
    seed : int or None

    Returns
    -------
    int array (n, k)

    Raises
    ------
    ValueError
        Negative, non-finite or all-zero counts, non-positive ``n``/``k``.

    Examples
    --------
    >>> neg = sample_negatives([9, 1, 0], 1000, 5, seed=0)  # P(1) = 1 / (9^0.75 + 1) ≈ 0.16; a zero count: never
    >>> neg.shape, sorted(set(neg.ravel().tolist())), round(float((neg == 1).mean()), 2)
    ((1000, 5), [0, 1], 0.16)
    """
    counts = np.asarray(counts, dtype=float)
    if counts.ndim != 1 or counts.size < 1:
        raise ValueError(f"counts must be a non-empty 1-D array, got shape {counts.shape}")
    if not np.all(np.isfinite(counts)) or (counts < 0).any() or counts.sum() == 0:
        raise ValueError("counts must be finite, non-negative and not all zero")
    n, k = positive_int(n, "n"), positive_int(k, "k")
    p = counts**power
    return np.random.default_rng(seed).choice(counts.size, size=(n, k), p=p / p.sum())


def skipgram_pairs(corpus, *, n_words=300, window=2, vocabulary=None):
    """The (word, context) pairs of a corpus, restricted to a vocabulary.

    Every token position i whose word is in the vocabulary is paired with the
    positions i ± 1, …, i ± ``window`` of the same sentence whose word is in the
    vocabulary too (positions of other words are skipped, not removed, so the
    window is measured in the original text).  Every pair is listed in both
    directions, as skip-gram sees it.

    Parameters
    ----------
    corpus : Corpus or list of token lists
    n_words : int
        Vocabulary size V: the ``n_words`` most frequent words (ties: first
        occurrence first).  Ignored when ``vocabulary`` is given.
    window : int
    vocabulary : sequence of str, optional
        Use these words, in this order (e.g. ``kv.index_to_key`` of a gensim model).

    Returns
    -------
    words : list of str, length V
    pairs : int64 array (n, 2)
        Row indices into ``words`` (the same vocabulary for words and contexts).

    Raises
    ------
    TypeError
        ``vocabulary`` given as one string.
    ValueError
        ``window`` or ``n_words`` not a positive integer, fewer than
        ``n_words`` distinct words, a repeated or empty vocabulary, or no pair
        at all.

    Examples
    --------
    >>> words, pairs = skipgram_pairs([["a", "b", "a", "c"]], n_words=2, window=1)
    >>> words, pairs.tolist()  # "c" is outside the vocabulary; each pair in both directions
    (['a', 'b'], [[0, 1], [1, 0], [1, 0], [0, 1]])
    """
    from collections import Counter

    from ...corpora import Corpus

    sentences = corpus.sentences if isinstance(corpus, Corpus) else list(corpus)
    window = positive_int(window, "window")
    if vocabulary is None:
        n_words = positive_int(n_words, "n_words")
        counts = Counter(t for s in sentences for t in s)
        if len(counts) < n_words:
            raise ValueError(f"the corpus has {len(counts)} distinct words, fewer than n_words={n_words}")
        words = [w for w, _ in counts.most_common(n_words)]
    else:
        if isinstance(vocabulary, (str, bytes)):
            raise TypeError("vocabulary must be a sequence of words, not one string")
        words = list(vocabulary)
        if not words or len(set(words)) != len(words):
            raise ValueError("vocabulary must be a non-empty sequence of distinct words")
    index = {w: i for i, w in enumerate(words)}
    # −1: a word outside the vocabulary; −2: the end of a sentence
    ids = np.fromiter(
        (index.get(t, -1) if t is not None else -2 for s in sentences for t in [*s, None]), dtype=np.int64
    )
    ends = np.cumsum(ids == -2)
    blocks = []
    for k in range(1, window + 1):
        a, b = ids[:-k], ids[k:]
        keep = (a >= 0) & (b >= 0) & (ends[k:] == ends[:-k])  # both in the vocabulary, same sentence
        blocks += [np.c_[a[keep], b[keep]], np.c_[b[keep], a[keep]]]
    pairs = np.concatenate(blocks)
    if not len(pairs):
        raise ValueError("no (word, context) pair: the corpus is too small for this vocabulary and window")
    return words, pairs
