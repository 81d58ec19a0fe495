"""Training word2vec reproducibly, with a disk cache shared by all chapters.

gensim's ``Word2Vec`` with ``workers=1`` and a fixed ``seed`` is bit-for-bit
reproducible, in one process or across processes; with ``workers > 1`` the
thread scheduling changes the order of updates, so it is not.  Only
``workers=1`` runs are cached.
"""
from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
import multiprocessing

import numpy as np

from .cache import atomic_write, cache_dir, cache_key
from .data import Corpus

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


# ---------------------------------------------------------------------------- cache

def _params(params) -> dict:
    p = {**DEFAULT_PARAMS, **params}
    if p["workers"] != 1:
        raise ValueError(
            f"workers={p['workers']}: only workers=1 training is reproducible, so only it can be cached; "
            "call train_word2vec directly for a multi-threaded run"
        )
    return p


def _cache_path(fingerprint, seed, params):
    import gensim

    from . import __version__

    key = cache_key(corpus=fingerprint, seed=int(seed), params=params, lib=__version__, gensim=gensim.__version__)
    return cache_dir() / "models" / f"w2v-{key}.npz"


def _store(path, kv, C):
    counts = np.asarray(kv.expandos["count"], dtype=np.int64)

    def write(tmp):
        with open(tmp, "wb") as fh:
            np.savez(fh, W=kv.vectors, C=C, words=np.array(kv.index_to_key, dtype=str), counts=counts)

    atomic_write(path, write)


def _load(path):
    from gensim.models import KeyedVectors

    with np.load(path, allow_pickle=False) as z:
        W, C, words, counts = z["W"], z["C"], z["words"].tolist(), z["counts"]
    kv = KeyedVectors(vector_size=W.shape[1], count=0, dtype=W.dtype)
    kv.add_vectors(words, W)
    kv.expandos["count"] = counts  # (gensim 4.4's add_vectors(extras=...) is broken)
    return kv, C


def _train_to_cache(sentences, seed, params, path):
    kv, C = _train(sentences, seed, params)
    _store(path, kv, C)
    return str(path)


def train_with_context(sentences, *, seed=0, **params):
    """Cached training; returns ``(kv, C)``: word vectors W (as ``KeyedVectors``) and context vectors C.

    With negative sampling gensim keeps C as ``syn1neg``; the skip-gram logit of a
    (word, context) pair is ``W[w] @ C[c]``.
    """
    return train_seeds(sentences, [seed], with_context=True, **params)[0]


def train_seeds(sentences, seeds, *, n_jobs=None, with_context=False, **params):
    """Train one model per seed (``workers=1``), reusing the disk cache.

    Missing models are trained in ``n_jobs`` worker processes (default: one per
    CPU core, at most one per missing seed); each is a ``workers=1`` run, so the
    result does not depend on ``n_jobs``.

    Returns a list of ``KeyedVectors`` in the order of ``seeds`` (or of
    ``(kv, C)`` pairs with ``with_context=True``).
    """
    corpus = sentences if isinstance(sentences, Corpus) else Corpus("custom", _sentences(sentences))
    seeds = list(seeds)
    if not seeds:
        raise ValueError("seeds is empty")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct, got {seeds}")
    p = _params(params)
    for s in seeds:
        _check_params(s, p)
    paths = [_cache_path(corpus.fingerprint, s, p) for s in seeds]
    missing = [(s, path) for s, path in zip(seeds, paths) if not path.exists()]
    if missing:
        if n_jobs is None:  # the cores this process may use (a container may see more than it gets)
            n_jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        n_jobs = max(1, min(int(n_jobs), len(missing)))
        if n_jobs == 1:
            for s, path in missing:
                _train_to_cache(corpus.sentences, s, p, path)
        else:
            ctx = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(max_workers=n_jobs, mp_context=ctx) as pool:
                futures = [pool.submit(_train_to_cache, corpus.sentences, s, p, path) for s, path in missing]
                for f in futures:
                    f.result()
    loaded = [_load(path) for path in paths]
    return loaded if with_context else [kv for kv, _ in loaded]
