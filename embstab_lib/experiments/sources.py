"""Runs that differ in one source of randomness only (:func:`source_runs`), each with its per-epoch loss; the
reproducible ones (``workers=1``) in the disk cache."""

from __future__ import annotations

import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..corpora import Corpus
from ..models.params import cache_params, resolve_params
from ..models.word2vec import _sentences, train_with_loss
from ..store import cache_dir, cache_key, discard, load_cached_vectors, try_atomic_write

__all__ = ["SOURCES", "Run", "source_runs"]

#: The conditions of :func:`source_runs`: what changes from run r to run r' (r = 0, 1, …).
SOURCES = {
    "init": "initial vectors only (seed=r, sampling_seed=0)",
    "sampling": "training stream only: negative samples, subsampling, window sizes (seed=0, sampling_seed=r)",
    "order": "document order only (seed=0, documents shuffled with order_seed=r; run 0 in corpus order)",
    "threads": "thread scheduling only (seed=0, workers=2, the same arguments in every run)",
    "seed": "the seed: initial vectors and training stream (seed=r)",
    "all": "everything: seed, document order and thread scheduling (seed=r, order_seed=r, workers=2)",
}
_SET_HERE = ("seed", "sampling_seed", "order_seed", "workers")


@dataclass(frozen=True)
class Run:
    """One training run: its word vectors ``kv``, its per-epoch ``loss`` (NaN with workers > 1) and its ``settings``."""

    kv: object = field(repr=False)
    loss: np.ndarray = field(repr=False)
    settings: dict


def _settings(source, r):
    order = None if r == 0 else r
    return {
        "init": {"seed": r, "sampling_seed": 0, "order_seed": None, "workers": 1},
        "sampling": {"seed": 0, "sampling_seed": r, "order_seed": None, "workers": 1},
        "order": {"seed": 0, "sampling_seed": None, "order_seed": order, "workers": 1},
        "threads": {"seed": 0, "sampling_seed": None, "order_seed": None, "workers": 2},
        "seed": {"seed": r, "sampling_seed": None, "order_seed": None, "workers": 1},
        "all": {"seed": r, "sampling_seed": None, "order_seed": order, "workers": 2},
    }[source]


def _cache_path(fingerprint, settings, resolved):
    import gensim

    sampling = settings["sampling_seed"]
    key = cache_key(
        kind="word2vec-with-loss",
        corpus=fingerprint,
        seed=settings["seed"],
        sampling_seed=None if sampling == settings["seed"] else sampling,
        order_seed=settings["order_seed"],
        params=cache_params(resolved),
        gensim=gensim.__version__,
        numpy=np.__version__,
    )
    return cache_dir() / "experiments" / f"run-{key}.npz"


def _load(path, vector_size, epochs):
    loaded = load_cached_vectors(path, vector_size=vector_size)
    if loaded is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            loss = z["loss"]
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as exc:  # a damaged file: rebuild it
        discard(path, exc)
        return None
    if loss.shape != (epochs,) or loss.dtype.kind != "f" or not np.isfinite(loss).all():
        discard(path, f"loss has shape {loss.shape}, expected ({epochs},) finite floats")
        return None
    return loaded[0], loss


def _save(path, kv, loss):
    arrays = {
        "W": kv.vectors,
        "words": np.array(kv.index_to_key, dtype=str),
        "counts": np.asarray(kv.expandos["count"], dtype=np.int64),
        "loss": loss,
    }

    def write(tmp):
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    try_atomic_write(path, write)


def _one_run(sentences, fingerprint, settings, params):
    resolved = resolve_params({**params, "workers": settings["workers"]})
    path = _cache_path(fingerprint, settings, resolved) if settings["workers"] == 1 else None
    cached = _load(path, resolved["vector_size"], resolved["epochs"]) if path is not None and path.exists() else None
    if cached is None:
        kv, loss = train_with_loss(
            sentences,
            seed=settings["seed"],
            sampling_seed=settings["sampling_seed"],
            order_seed=settings["order_seed"],
            **params,
            workers=settings["workers"],
        )
        if path is not None:
            _save(path, kv, loss)
        cached = (kv, loss)
    return Run(cached[0], cached[1], dict(settings))


def _jobs(n_jobs, n):
    """Threads to use for ``n`` tasks: ``n_jobs`` (a positive integer) or, by default, the cores this process may use;
    at most ``n``."""
    if n_jobs is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        return max(1, min(cores, n))
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs!r}")
    return min(int(n_jobs), n)


def source_runs(sentences, source, n_runs=4, *, n_jobs=None, **params):
    """``n_runs`` word2vec runs that differ in one source of randomness only.

    Run ``r`` (r = 0 … n_runs − 1) is trained with the settings of
    :data:`SOURCES` ``[source]``:

    ========== ==================================================================
    source     what changes between runs
    ========== ==================================================================
    "init"     the initial vectors: ``seed=r, sampling_seed=0``
    "sampling" the training stream (negative samples, subsampling, window
               sizes): ``seed=0, sampling_seed=r``
    "order"    the document order: ``seed=0``, documents permuted with
               ``order_seed=r`` (run 0: corpus order); the vocabulary is built
               from the corpus order, so rows and initial vectors do not move
    "threads"  thread scheduling: ``seed=0, workers=2``, identical arguments
    "seed"     initial vectors and training stream: ``seed=r``
    "all"      everything: ``seed=r, order_seed=r, workers=2``
    ========== ==================================================================

    For "init", "sampling", "order" and "seed", run 0 is the same reference
    run (seed 0, corpus order, one thread).  A new document order also pairs
    the training stream's draws with other words, and a new thread schedule
    hands the stream's draws to other batches: neither can be separated from
    the stream in gensim, and the docstring of
    :func:`~embstab_lib.models.word2vec.train_with_loss` says why.

    Parameters
    ----------
    sentences : Corpus or list of list of str
        The corpus.
    source : str
        A key of :data:`SOURCES`.
    n_runs : int
        Number of runs, ≥ 2 (≥ 3 for a seed-level interval).
    n_jobs : int, optional
        Runs trained at the same time, in threads (gensim releases the GIL, and
        each ``workers=1`` run stays bit-identical).  Default: the cores this
        process may use, at most ``n_runs``.
    **params
        gensim ``Word2Vec`` arguments (defaults as in ``train_word2vec``),
        except ``seed``, ``sampling_seed``, ``order_seed`` and ``workers``,
        which the source sets.

    Returns
    -------
    list of Run
        In the order r = 0, 1, …; ``Run.kv`` (KeyedVectors), ``Run.loss``
        (per-epoch training loss, shape ``(epochs,)``, all NaN for the
        multi-threaded runs) and ``Run.settings``.  Runs with ``workers=1`` are
        read from or written to the disk cache; the others are trained anew
        on every call (they are not reproducible).

    Raises
    ------
    ValueError
        For an unknown ``source``, ``n_runs`` < 2, a bad ``n_jobs``, a parameter
        the source sets, or anything :func:`~embstab_lib.models.word2vec.train_with_loss`
        refuses.
    TypeError
        For an unknown parameter name.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> runs = source_runs(load_corpus("lee", max_tokens=5000), "init", 3, vector_size=10)  # doctest: +SKIP
    >>> [r.settings["seed"] for r in runs]  # doctest: +SKIP
    [0, 1, 2]
    """
    if source not in SOURCES:
        raise ValueError(f"unknown source {source!r}; choose one of {', '.join(SOURCES)}")
    if isinstance(n_runs, bool) or not isinstance(n_runs, (int, np.integer)) or n_runs < 2:
        raise ValueError(f"n_runs must be an integer ≥ 2, got {n_runs!r}")
    taken = sorted(set(params) & set(_SET_HERE))
    if taken:
        raise ValueError(f"{taken[0]} is set by the source {source!r} and may not be passed")
    resolve_params(params)  # refuse unknown or bad parameters before any training
    corpus = sentences if isinstance(sentences, Corpus) else Corpus("custom", _sentences(sentences))
    sents, fingerprint = corpus.sentences, corpus.fingerprint
    settings = [_settings(source, r) for r in range(int(n_runs))]
    with ThreadPoolExecutor(max_workers=_jobs(n_jobs, len(settings))) as pool:
        return list(pool.map(lambda s: _one_run(sents, fingerprint, s, params), settings))
