"""Many runs: one model per seed, kept in the disk cache and trained in parallel worker processes.

Only ``workers=1`` runs are cached, because only they are reproducible.  A
missing run is trained in this process (one missing run, or ``n_jobs=1``) or
in worker processes started with ``python -m embstab_lib.runs._worker``:
they re-read the corpus from its cached token file (or from one temporary
file) instead of receiving it pickled, they never import the caller's script
(so a plain script without ``if __name__ == "__main__":`` works), and their
result is bit-identical to the serial one.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from ..corpora import Corpus
from ..models.params import cache_params, check_seed, resolve_params
from ..models.word2vec import _context_available, _sentences, _train
from ..store import cache_dir, cache_key, load_cached_vectors, make_keyed_vectors, try_save_vectors
from ._pool import train_in_workers

__all__ = ["MAX_DEFAULT_JOBS", "default_jobs", "model_path", "train_seeds", "train_with_context"]

#: The default ``n_jobs`` never exceeds this (each worker holds the corpus and one model in memory).
MAX_DEFAULT_JOBS = 8


def default_jobs(n_missing: int) -> int:
    """The default number of worker processes: the cores this process may use, at most ``n_missing`` and 8.

    Examples
    --------
    >>> default_jobs(1)
    1
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_missing, MAX_DEFAULT_JOBS))


def model_path(fingerprint: str, seed: int, params: dict, sampling_seed=None) -> Path:
    """The cache file of one run; ``params`` resolved by :func:`~embstab_lib.models.params.resolve_params`.

    The key covers the corpus fingerprint, the seed, the sampling seed (``None``
    when equal to ``seed``: the same run), every training parameter, gensim's
    and NumPy's versions and the cache schema.
    """
    import gensim
    import numpy

    if sampling_seed == seed:
        sampling_seed = None
    key = cache_key(
        kind="word2vec",
        corpus=fingerprint,
        seed=seed,
        sampling_seed=sampling_seed,
        params=cache_params(params),
        gensim=gensim.__version__,
        numpy=numpy.__version__,
    )
    return cache_dir() / "models" / f"w2v-{key}.npz"


def train_with_context(sentences, *, seed=0, **params):
    """Cached training of one run; returns its word vectors and its context vectors.

    With negative sampling gensim keeps the context vectors as ``syn1neg``;
    the skip-gram logit of a (word, context) pair is ``W[w] @ C[c]``.

    Parameters
    ----------
    sentences : Corpus or list of list of str
    seed : int
    **params
        As for :func:`train_seeds` (``sampling_seed`` included).

    Returns
    -------
    (KeyedVectors, ndarray)
        ``(kv, C)``; ``C`` has the shape of ``kv.vectors``, row i = word ``kv.index_to_key[i]``.

    Raises
    ------
    ValueError
        As :func:`train_seeds`, and for ``negative=0`` (hierarchical softmax
        has no context vector per word).

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> kv, C = train_with_context(load_corpus("lee", max_tokens=5000), vector_size=10)  # doctest: +SKIP
    >>> C.shape == kv.vectors.shape  # doctest: +SKIP
    True
    """
    return train_seeds(sentences, [seed], with_context=True, **params)[0]


def _check_seeds(seeds) -> list:
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of integers, got {type(seeds).__name__}")
    seeds = [check_seed(s) for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty")
    if len(set(seeds)) != len(seeds):
        raise ValueError(f"seeds must be distinct, got {seeds}")
    return seeds


def train_seeds(sentences, seeds, *, n_jobs=None, with_context=False, sampling_seed=None, **params):
    """Train one model per seed (``workers=1``), reusing the disk cache.

    Parameters
    ----------
    sentences : Corpus or list of list of str
        The corpus (the same for every seed).
    seeds : sequence of int
        Distinct seeds in ``[0, 2**32)``; each seeds the initial vectors and,
        unless ``sampling_seed`` is given, the training stream.
    n_jobs : int, optional
        Worker processes for the missing runs.  Default: the cores this
        process may use, at most one per missing run and at most
        :data:`MAX_DEFAULT_JOBS`.  The result does not depend on it.
    with_context : bool
        Return ``(kv, C)`` pairs with the context matrices (needs ``negative > 0``).
    sampling_seed : int, optional
        One training stream for every seed (see ``train_word2vec``); part of the cache key.
    **params
        gensim ``Word2Vec`` arguments, defaults as in ``train_word2vec``;
        ``workers`` must be 1.  Arguments that cannot identify a result
        (callbacks, ``trim_rule`` …) are refused.

    Returns
    -------
    list
        ``KeyedVectors`` in the order of ``seeds`` (or ``(kv, C)`` pairs).

    Raises
    ------
    TypeError
        For an unknown parameter or ``seeds`` that is not a sequence.
    ValueError
        For no seeds, repeated seeds, a bad seed, ``sampling_seed``,
        ``n_jobs`` or parameter, ``workers != 1``, or ``with_context=True``
        with ``negative=0``.
    RuntimeError
        When a worker process fails (its error output is included).

    Warns
    -----
    CacheWarning
        When a cache file is damaged (it is deleted and the run retrained)
        or cannot be written (the result is returned anyway).

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> kvs = train_seeds(load_corpus("lee", max_tokens=5000), [0, 1], vector_size=10)  # doctest: +SKIP
    >>> len(kvs)  # doctest: +SKIP
    2
    """
    seeds = _check_seeds(seeds)
    sampling_seed = check_seed(sampling_seed, "sampling_seed", optional=True)
    if not isinstance(with_context, bool):
        raise TypeError(f"with_context must be True or False, got {with_context!r}")
    if n_jobs is not None and (isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1):
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs!r}")
    p = resolve_params(params, for_cache=True)
    if with_context:
        _context_available(p)
    corpus = sentences if isinstance(sentences, Corpus) else Corpus("custom", _sentences(sentences))
    fingerprint = corpus.fingerprint
    paths = {s: model_path(fingerprint, s, p, sampling_seed) for s in seeds}
    expect = dict(vector_size=p["vector_size"], need_context=p["negative"] > 0)
    results = {s: load_cached_vectors(paths[s], **expect) for s in seeds}
    missing = [s for s in seeds if results[s] is None]
    if missing:
        jobs = default_jobs(len(missing)) if n_jobs is None else min(int(n_jobs), len(missing))
        if jobs == 1:
            sents = _sentences(corpus)
            for s in missing:
                kv, C = _train(sents, s, p, sampling_seed, with_context=p["negative"] > 0)
                kv = make_keyed_vectors(kv.index_to_key, kv.vectors, kv.expandos["count"])
                try_save_vectors(paths[s], kv, C)
                results[s] = (kv, C)
        else:
            results.update(train_in_workers(corpus, fingerprint, missing, p, sampling_seed, jobs, paths, expect))
    return [results[s] if with_context else results[s][0] for s in seeds]
