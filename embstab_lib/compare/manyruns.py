"""Word-level summaries over many runs: consensus neighbours, k-NN overlaps of every pair, per-band intervals.

* :func:`consensus_neighbors` — the words that are among a word's k nearest neighbours in at least a share
  ``min_share`` of the runs (the neighbours one can report without naming a seed), and
  :func:`consensus_chance`, how many such words unrelated lists would produce.
* :func:`pairwise_overlaps` — the k-NN overlap of every word for every pair of runs (neighbours searched once
  per run), and :func:`band_intervals`, its mean per frequency band with a seed-level interval;

The displacement of words between corpora is in :mod:`.displacement`.

Dependency rule: plain arrays only.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
from scipy.stats import binom

from .._validate import as_real_array, positive_int, real_number
from ..stats import pairwise_ci, seed_pairs
from .neighbors import nearest_neighbors, shared_neighbors

__all__ = ["consensus_neighbors", "consensus_chance", "pairwise_overlaps", "band_intervals"]


def consensus_neighbors(neighbor_lists, *, k=None, min_share=0.8):
    """The neighbours of every word that at least a share ``min_share`` of the runs agree on.

    Parameters
    ----------
    neighbor_lists : sequence of array_like of int, each of shape (V, ≥ k)
        One array per run (e.g. from :func:`~embstab_lib.compare.nearest_neighbors`), row w = the neighbours
        of word w, nearest first; the same word indices in every run.  At least 2 runs.
    k : int, optional
        Neighbours per run taken into account (default: all columns).
    min_share : float
        In (0, 1]: a word is a consensus neighbour of w when it is among w's k nearest in at least
        ⌈min_share · n_runs⌉ runs.

    Returns
    -------
    list of ndarray
        For every word w, the indices of its consensus neighbours, the most often shared first (ties: smaller
        index first).  Their lengths ``[len(c) for c in result]`` give the size of each consensus list.

    Raises
    ------
    TypeError, ValueError
        Fewer than 2 runs, lists of different shapes, non-integer lists, a bad ``k`` or ``min_share``.

    Examples
    --------
    >>> runs = [[[1, 2], [0, 2], [0, 1]], [[1, 2], [2, 0], [1, 0]], [[2, 1], [0, 2], [0, 1]]]
    >>> [c.tolist() for c in consensus_neighbors(runs, k=1, min_share=0.6)]
    [[1], [0], [0]]
    """
    if isinstance(neighbor_lists, (str, bytes)) or not hasattr(neighbor_lists, "__iter__"):
        raise TypeError("neighbor_lists must be a sequence of (V, k) integer arrays, one per run")
    lists = [np.asarray(n) for n in neighbor_lists]
    if len(lists) < 2:
        raise ValueError(f"need at least 2 runs, got {len(lists)}")
    if not all(np.issubdtype(n.dtype, np.integer) for n in lists):
        raise TypeError("neighbour lists must hold integer word indices")
    if any(n.ndim != 2 for n in lists) or len({n.shape[0] for n in lists}) > 1:
        raise ValueError(f"every list must have shape (V, k) with the same V, got {[n.shape for n in lists]}")
    width = min(n.shape[1] for n in lists)
    k = width if k is None else positive_int(k, "k")
    if k > width:
        raise ValueError(f"k={k} but a list holds only {width} neighbours per word")
    share = real_number(min_share, "min_share")
    if not 0 < share <= 1:
        raise ValueError(f"min_share must be in (0, 1], got {share}")
    need = int(np.ceil(share * len(lists) - 1e-12))
    stacked = np.concatenate([n[:, :k] for n in lists], axis=1)  # (V, n_runs · k)
    out = []
    for row in stacked:
        values, counts = np.unique(row, return_counts=True)
        keep = counts >= need
        order = np.lexsort((values[keep], -counts[keep]))
        out.append(values[keep][order])
    return out


def consensus_chance(k, V, n_runs, min_share=0.8) -> float:
    """Expected number of consensus neighbours of a word if every run's k neighbours were drawn at random.

    Each of the V − 1 other words is in a random list with probability p = k / (V − 1), independently across
    runs, so the expectation is (V − 1) · P[Binomial(n_runs, p) ≥ ⌈min_share · n_runs⌉].

    Parameters
    ----------
    k : int
        Neighbours per list, 1 ≤ k < V.
    V : int
        Vocabulary size (a word's list is drawn from the V − 1 other words).
    n_runs : int
        Number of runs (lists per word), ≥ 1.
    min_share : float
        In (0, 1]: a consensus neighbour is in at least ⌈min_share · n_runs⌉ of the lists, as in
        :func:`consensus_neighbors`.

    Returns
    -------
    float
        The expected number of consensus neighbours, ≥ 0: k for one run, (V − 1) pⁿ when all n = n_runs lists
        must agree (``min_share=1``); it never increases when ``min_share`` grows.

    Raises
    ------
    TypeError
        A non-real ``min_share``.
    ValueError
        A count that is not a positive integer, V ≤ k, ``min_share`` outside (0, 1].

    Examples
    --------
    >>> consensus_chance(10, 9002, 10) < 1e-15
    True
    >>> consensus_chance(10, 101, 1)  # one run: its k neighbours
    10.0
    """
    k, V, n_runs = positive_int(k, "k"), positive_int(V, "V"), positive_int(n_runs, "n_runs")
    if V < k + 1:
        raise ValueError(f"V={V} must exceed k={k}")
    share = real_number(min_share, "min_share")
    if not 0 < share <= 1:
        raise ValueError(f"min_share must be in (0, 1], got {share}")
    need = int(np.ceil(share * n_runs - 1e-12))
    return float((V - 1) * binom.sf(need - 1, n_runs, k / (V - 1)))


def pairwise_overlaps(matrices, k=10, *, n_jobs=None):
    """k-NN overlap of every word for every pair of runs, the neighbours of each run searched once.

    overlap_p(w) = |NN_k^i(w) ∩ NN_k^j(w)| / k for the pair p = (i, j) (cosine neighbours within each run).

    Parameters
    ----------
    matrices : sequence of array_like, each (V, d_i)
        At least 2 runs, row w = the same word in all of them (restrict them to shared words first).
    k : int
        Neighbours, < V.
    n_jobs : int, optional
        Neighbour searches run at the same time, in threads (NumPy releases the GIL in its matrix products).
        Default: the cores this process may use.  The result does not depend on it.

    Returns
    -------
    per_word : ndarray, shape (n_pairs, V)
    pairs : list of (int, int)
        Run indices of each row, as :func:`~embstab_lib.stats.seed_pairs` ``(range(n_runs))``.
    neighbors : list of ndarray, each (V, k)
        Each run's neighbour lists (for :func:`consensus_neighbors`).

    Raises
    ------
    TypeError, ValueError
        Fewer than 2 runs, different numbers of rows, a bad ``k``, as :func:`~embstab_lib.compare.nearest_neighbors`.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(30, 4))
    >>> per_word, pairs, _ = pairwise_overlaps([X, 2 * X, -X], k=3)
    >>> per_word.shape, float(per_word.min())
    ((3, 30), 1.0)
    """
    if isinstance(matrices, (str, bytes)) or not hasattr(matrices, "__iter__"):
        raise TypeError("matrices must be a sequence of (V, d) arrays, one per run")
    matrices = list(matrices)
    if len(matrices) < 2:
        raise ValueError(f"need at least 2 runs, got {len(matrices)}")
    if len({np.shape(m)[0] if np.ndim(m) == 2 else -1 for m in matrices}) != 1:
        raise ValueError(
            f"every run must be a 2-D matrix with the same rows, got shapes {[np.shape(m) for m in matrices]}"
        )
    if n_jobs is None:
        n_jobs = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    n_jobs = positive_int(n_jobs, "n_jobs")
    with ThreadPoolExecutor(max_workers=min(n_jobs, len(matrices))) as pool:
        neighbors = list(pool.map(lambda m: nearest_neighbors(m, k), matrices))
    pairs = seed_pairs(range(len(matrices)))
    per_word = np.array([shared_neighbors(neighbors[i], neighbors[j]) for i, j in pairs])
    return per_word, pairs, neighbors


def band_intervals(per_word, pairs, band, *, level=0.95):
    """Mean of a per-word, per-pair measure in each band, with a seed-level interval (``pairwise_ci``).

    Parameters
    ----------
    per_word : array_like, shape (n_pairs, V)
        E.g. from :func:`pairwise_overlaps`.
    pairs : sequence of (seed, seed)
        The pair of runs of each row (≥ 3 distinct seeds).
    band : array_like of int, shape (V,)
        The band of every word (e.g. from :func:`~embstab_lib.corpora.frequency_bands`), 0 … n_bands − 1.

    Returns
    -------
    list of Interval
        One per band 0 … max(band): the mean over the band's words within each pair, then
        :func:`~embstab_lib.stats.pairwise_ci` over the pairs.

    Raises
    ------
    TypeError
        Complex, boolean or non-numeric ``per_word``.
    ValueError
        Shapes that do not match (or no word), negative band indices, an empty band, as
        :func:`~embstab_lib.stats.pairwise_ci`.

    Examples
    --------
    >>> per_word = np.array([[0.1, 0.5], [0.2, 0.6], [0.3, 0.7]])
    >>> [round(iv.mean, 2) for iv in band_intervals(per_word, [(0, 1), (0, 2), (1, 2)], [0, 1])]
    [0.2, 0.6]
    """
    values = as_real_array(per_word, "per_word")
    band = np.asarray(band)
    if values.ndim != 2 or values.shape[1] == 0 or band.shape != (values.shape[1],):
        raise ValueError(f"per_word must be (n_pairs, V) and band (V,), got {values.shape} and {band.shape}")
    if not np.issubdtype(band.dtype, np.integer) or band.min() < 0:
        raise ValueError("band must hold non-negative integer band indices")
    out = []
    for b in range(int(band.max()) + 1):
        if not np.any(band == b):
            raise ValueError(f"band {b} has no word")
        out.append(pairwise_ci(values[:, band == b].mean(axis=1), pairs, level=level))
    return out
