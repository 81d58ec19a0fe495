"""Many runs: one model per seed, trained in worker processes and kept in the disk cache.

Only ``workers=1`` runs are cached, because only they are reproducible.
"""
from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor

from .corpora import Corpus
from .models.word2vec import DEFAULT_PARAMS, _check_params, _sentences, _train
from .store import cache_dir, cache_key, load_vectors, save_vectors


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


def _train_to_cache(sentences, seed, params, path):
    kv, C = _train(sentences, seed, params)
    save_vectors(path, kv, C)
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
    loaded = [load_vectors(path) for path in paths]
    return loaded if with_context else [kv for kv, _ in loaded]
