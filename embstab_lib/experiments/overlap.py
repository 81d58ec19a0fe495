"""The k-NN overlap of every word for every pair of runs (:func:`knn_overlap_runs`), neighbours computed once per
run, and its mean with a seed-level interval (:meth:`RunsOverlap.ci`)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np

from ..compare import nearest_neighbors
from ..stats import Interval, pairwise_ci, seed_pairs
from .sources import Run, _jobs

__all__ = ["RunsOverlap", "knn_overlap_runs"]


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
