"""Controlled experiments over training runs: one source of randomness at a time, and neighbours over all pairs.

* :func:`source_runs` — ``n_runs`` word2vec runs that differ in **one** source of
  randomness only (initial vectors, training stream, document order, thread
  scheduling), or in the seed, or in everything; each with its per-epoch loss.
  Reproducible runs (``workers=1``) are kept in the disk cache.
* :func:`knn_overlap_runs` — the k-NN overlap of every word for every pair of
  runs, neighbours computed once per run; :meth:`RunsOverlap.ci` gives the
  mean with a seed-level interval (:func:`~embstab_lib.stats.pairwise_ci`).

This module sits at the level of :mod:`embstab_lib.runs`: it uses ``models``,
``compare``, ``stats`` and ``store``, and nothing below imports it.
"""

from __future__ import annotations

import os
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from .compare import nearest_neighbors
from .corpora import Corpus
from .models.params import cache_params, resolve_params
from .models.word2vec import _sentences, train_with_loss
from .stats import Interval, pairwise_ci, seed_pairs
from .store import cache_dir, cache_key, discard, load_cached_vectors, try_atomic_write

__all__ = ["SOURCES", "Run", "RunsOverlap", "knn_overlap_runs", "source_runs"]

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


@dataclass(frozen=True)
class RunsOverlap:
    """The k-NN overlap of every word for every pair of runs (see :func:`knn_overlap_runs`).

    ``per_word[p, w]`` is the share of the k nearest neighbours of word
    ``words[w]`` that the two runs of ``pairs[p]`` agree on; ``chance`` is
    k / (n_words − 1), the expected overlap of two unrelated neighbour lists.
    """

    per_word: np.ndarray = field(repr=False)
    pairs: list
    words: list = field(repr=False)
    k: int
    chance: float

    @property
    def per_pair(self) -> np.ndarray:
        """Mean overlap over the words, one value per pair, shape (n_pairs,)."""
        return self.per_word.mean(axis=1)

    def ci(self, mask=None, *, level=0.95) -> Interval:
        """Mean overlap (over the words selected by the boolean ``mask``, all by default) with a seed-level interval.

        The mean over words is taken within each pair, then
        :func:`~embstab_lib.stats.pairwise_ci` resamples runs (needs ≥ 3 runs).

        Raises
        ------
        ValueError
            If ``mask`` is not a boolean array of length n_words or selects no word.
        """
        values = self.per_word
        if mask is not None:
            m = np.asarray(mask)
            if m.dtype != bool or m.shape != (values.shape[1],):
                raise ValueError(
                    f"mask must be a boolean array of shape ({values.shape[1]},), got {m.dtype} of shape {m.shape}"
                )
            if not m.any():
                raise ValueError("mask selects no word")
            values = values[:, m]
        return pairwise_ci(values.mean(axis=1), self.pairs, level=level)


def _kv_of(run):
    kv = run.kv if isinstance(run, Run) else run
    if not (hasattr(kv, "index_to_key") and hasattr(kv, "vectors")):
        raise TypeError(f"expected gensim KeyedVectors or Run objects, got {type(run).__name__}")
    return kv


def knn_overlap_runs(runs, k=10, *, max_words=None, n_jobs=None) -> RunsOverlap:
    """The k-NN overlap of every word, for every pair of runs, neighbours computed once per run.

    overlap_p(w) = |NN_k^i(w) ∩ NN_k^j(w)| / k for the pair p = (i, j), with
    cosine neighbours searched **within each run** (no alignment: invariant to
    an orthogonal map or a scaling of either run).

    Parameters
    ----------
    runs : sequence of KeyedVectors or Run
        At least 2 runs.  Words are those common to all runs, in the order of
        the first run (gensim: decreasing frequency).
    k : int
        Number of neighbours.
    max_words : int, optional
        Keep only the first ``max_words`` common words (the most frequent) and
        search neighbours among them only — for large vocabularies (text8);
        ``None``: all common words.
    n_jobs : int, optional
        Neighbour searches run at the same time, in threads.  Default: the
        cores this process may use.

    Returns
    -------
    RunsOverlap
        ``per_word`` of shape (n_pairs, n_words), ``pairs`` (run indices, as
        :func:`~embstab_lib.stats.seed_pairs`), ``words``, ``k``, ``chance``.

    Raises
    ------
    TypeError
        If a run is not KeyedVectors or Run.
    ValueError
        For fewer than 2 runs, a bad ``k`` or ``max_words``, or fewer than
        k + 1 common words.

    Examples
    --------
    >>> import numpy as np
    >>> from embstab_lib.store import make_keyed_vectors
    >>> X = np.random.default_rng(0).normal(size=(50, 5))
    >>> kvs = [make_keyed_vectors([f"w{i}" for i in range(50)], s * X, np.ones(50)) for s in (1, 2, 3)]
    >>> ov = knn_overlap_runs(kvs, k=5)
    >>> ov.pairs, float(ov.per_word.min())
    ([(0, 1), (0, 2), (1, 2)], 1.0)
    """
    if isinstance(runs, (str, bytes)) or not hasattr(runs, "__iter__"):
        raise TypeError(f"runs must be a sequence of KeyedVectors or Run objects, got {type(runs).__name__}")
    kvs = [_kv_of(r) for r in runs]
    if len(kvs) < 2:
        raise ValueError(f"need at least 2 runs, got {len(kvs)}")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive integer, got {k!r}")
    words = list(kvs[0].index_to_key)
    if any(kv.index_to_key != words for kv in kvs[1:]):
        common = set(words).intersection(*(kv.key_to_index for kv in kvs[1:]))
        words = [w for w in words if w in common]
    if max_words is not None:
        if isinstance(max_words, bool) or not isinstance(max_words, (int, np.integer)) or max_words < 2:
            raise ValueError(f"max_words must be an integer ≥ 2 or None, got {max_words!r}")
        words = words[: int(max_words)]
    if len(words) <= k:
        raise ValueError(f"k={k} needs at least {k + 1} words common to all runs, got {len(words)}")
    rows = [np.array([kv.key_to_index[w] for w in words]) for kv in kvs]
    with ThreadPoolExecutor(max_workers=_jobs(n_jobs, len(kvs))) as pool:
        nbrs = list(pool.map(lambda i: nearest_neighbors(kvs[i].vectors[rows[i]], int(k)), range(len(kvs))))
    pairs = seed_pairs(range(len(kvs)))
    per_word = np.array([(nbrs[i][:, :, None] == nbrs[j][:, None, :]).any(axis=2).sum(axis=1) / k for i, j in pairs])
    return RunsOverlap(per_word, pairs, words, int(k), k / (len(words) - 1))
