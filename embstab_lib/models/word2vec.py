"""Training word2vec reproducibly, with a disk cache shared by all chapters.

gensim's ``Word2Vec`` with ``workers=1`` and a fixed ``seed`` is bit-for-bit
reproducible, in one process or across processes; with ``workers > 1`` the
thread scheduling changes the order of updates, so it is not.  This is the
library's only gensim trainer; cached, parallel training over seeds lives in
:mod:`embstab_lib.runs`.
"""
from __future__ import annotations

import numpy as np

from ..corpora import Corpus

#: The course's standard skip-gram settings (gensim's defaults, made explicit).
DEFAULT_PARAMS = dict(vector_size=100, window=5, min_count=5, sg=1, negative=5, epochs=5, workers=1)


def _sentences(sentences) -> list:
    if isinstance(sentences, Corpus):
        sentences = sentences.sentences
    if isinstance(sentences, (str, bytes)) or not hasattr(sentences, "__iter__"):
        raise ValueError("sentences must be a Corpus or a list of token lists")
    sentences = list(sentences)
    if not sentences or not any(len(s) for s in sentences):
        raise ValueError("sentences is empty: nothing to train on")
    for i, s in enumerate(sentences):
        if isinstance(s, (str, bytes)) or not all(isinstance(t, str) for t in s):
            raise ValueError(f"sentence {i} must be a list of str tokens, got {type(s).__name__}")
    return sentences


def _check_params(seed, params):
    for name in ("vector_size", "epochs", "workers", "window", "min_count"):
        value = params[name]
        if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < (0 if name == "min_count" else 1):
            raise ValueError(f"{name} must be a positive integer, got {value!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")


def _build(sentences, seed, params):
    from gensim.models import Word2Vec

    _check_params(seed, params)
    model = Word2Vec(seed=int(seed), **params)
    model.build_vocab(sentences)
    if len(model.wv) == 0:
        raise ValueError(f"no word occurs min_count={params['min_count']} times: the vocabulary is empty")
    return model


def train_word2vec(sentences, *, seed=0, vector_size=100, window=5, min_count=5, sg=1, negative=5,
                   epochs=5, workers=1, sampling_seed=None, **kw):
    """Train gensim word2vec and return its word vectors (``KeyedVectors``).

    ``seed`` sets the initial vectors *and* the random stream used during
    training (negative samples, frequent-word subsampling, window shrinking).
    ``sampling_seed``, if given, re-seeds only that training stream, so the
    two sources of randomness can be varied separately.  Extra keyword
    arguments (``sample``, ``hs``, ``alpha``, ``shrink_windows`` …) go to gensim.

    Same arguments and ``workers=1`` ⇒ bit-identical vectors.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> corpus = load_corpus("lee")
    >>> kv = train_word2vec(corpus, seed=0, vector_size=20, epochs=1)
    >>> kv.vectors.shape[1]
    20
    """
    return _train(sentences, seed, dict(vector_size=vector_size, window=window, min_count=min_count, sg=sg,
                                        negative=negative, epochs=epochs, workers=workers, **kw),
                  sampling_seed)[0]


def _train(sentences, seed, params, sampling_seed=None):
    sentences = _sentences(sentences)
    model = _build(sentences, seed, params)
    if sampling_seed is not None:
        model.random = np.random.RandomState(int(sampling_seed))
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    context = model.syn1neg if params.get("negative", 5) and not params.get("hs", 0) else model.syn1
    return model.wv, np.array(context)


def initial_vectors(sentences, *, seed=0, **params):
    """The vectors gensim starts from, before any training step.

    Returns ``(kv0, C0)``: word vectors as ``KeyedVectors`` (same vocabulary and
    order as a model trained with the same parameters) and the context matrix.
    In gensim 4 every coordinate of a word vector is drawn uniformly from
    ``[-1/d, 1/d)`` with ``numpy.random.default_rng(seed)``; context vectors start at 0.
    """
    p = {**DEFAULT_PARAMS, **params}
    model = _build(_sentences(sentences), seed, p)
    return model.wv, np.array(model.syn1neg)
