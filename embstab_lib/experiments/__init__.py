"""Controlled experiments over training runs: one source of randomness at a time, and neighbours over all pairs.

* :func:`source_runs` — ``n_runs`` word2vec runs that differ in **one** source of
  randomness only (initial vectors, training stream, document order, thread
  scheduling), or in the seed, or in everything; each with its per-epoch loss.
  Reproducible runs (``workers=1``) are kept in the disk cache.
* :func:`knn_overlap_runs` — the k-NN overlap of every word for every pair of
  runs, neighbours computed once per run; :meth:`RunsOverlap.ci` gives the
  mean with a seed-level interval (:func:`~embstab_lib.stats.pairwise_ci`).

Modules: :mod:`.sources` (:func:`source_runs`, :class:`Run`) and :mod:`.overlap` (:func:`knn_overlap_runs`,
:class:`RunsOverlap`).

This package sits at the level of :mod:`embstab_lib.runs`: it uses ``models``,
``compare``, ``stats`` and ``store``, and nothing below imports it.
"""

from .overlap import RunsOverlap, knn_overlap_runs
from .sources import SOURCES, Run, source_runs

__all__ = ["SOURCES", "Run", "RunsOverlap", "knn_overlap_runs", "source_runs"]
