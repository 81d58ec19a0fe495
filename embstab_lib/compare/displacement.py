"""Semantic displacement of words between two embeddings or two corpora (Hamilton, Leskovec & Jurafsky 2016).

* :func:`word_displacement` — the cosine distance of every word with itself after orthogonal Procrustes on
  centred, unit-length vectors;
* :func:`corpus_displacement` — that displacement for every pair of runs across two corpora, next to the same
  quantity for pairs of runs on one corpus (the seed noise floor).

Dependency rule: plain arrays and duck-typed ``KeyedVectors`` only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .._validate import keyed_vectors, same_rows, unit_rows
from ..stats import seed_pairs
from .alignment import procrustes

__all__ = ["word_displacement", "Displacement", "corpus_displacement"]


def word_displacement(A, B) -> np.ndarray:
    """Per-word cosine distance between two embeddings after aligning them (Hamilton et al. 2016).

    Both matrices are centred (column means removed, chapter 05: the common direction would otherwise shrink
    every distance) and their rows scaled to unit length; A is rotated onto B by orthogonal Procrustes over all
    rows; then

        δ(w) = 1 − cos(Ã_w Q*, B̃_w).

    Parameters
    ----------
    A, B : array_like, shape (V, d)
        Row w of both = the same word (e.g. two runs, or one run on each of two corpora, restricted to the
        shared vocabulary with :func:`~embstab_lib.compare.shared_matrices`).

    Returns
    -------
    ndarray, shape (V,)
        In [0, 2].  Two identical embeddings, or one and a rotated, rescaled, translated copy, give 0.

    Raises
    ------
    TypeError, ValueError
        As :func:`~embstab_lib.compare.procrustes`; a row that is zero after centring.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(20, 3))
    >>> float(np.abs(word_displacement(A, 2 * A[:, [2, 0, 1]] + 1)).max()) < 1e-12
    True
    """
    A, B = same_rows(A, B, min_rows=2)
    Au = unit_rows(A - A.mean(axis=0), "A (centred)")
    Bu = unit_rows(B - B.mean(axis=0), "B (centred)")
    aligned = procrustes(Au, Bu).aligned  # unit rows (an orthogonal map keeps lengths)
    # 1 − cos(a, b) = ‖a − b‖² / 2 for unit a, b: never negative, and without the cancellation of 1 − cos near 0
    return np.minimum(0.5 * np.sum((aligned - Bu) ** 2, axis=1), 2.0)


@dataclass(frozen=True)
class Displacement:
    """Per-word displacement between runs on two corpora (``cross``) and within each corpus (``within``).

    ``cross[p, w]`` is :func:`word_displacement` of word ``words[w]`` for the pair ``cross_pairs[p]`` = (("a", i),
    ("b", j)): run i on corpus a against run j on corpus b.  ``within[p, w]`` is the same for two runs on the same
    corpus, ``within_pairs[p]`` = (("a", i), ("a", j)) or (("b", i), ("b", j)): the seed noise floor.  The pair
    labels feed :func:`~embstab_lib.stats.pairwise_ci` directly.
    """

    words: list = field(repr=False)
    cross: np.ndarray = field(repr=False)
    within: np.ndarray = field(repr=False)
    cross_pairs: list
    within_pairs: list

    @property
    def excess(self) -> np.ndarray:
        """Per word: mean cross-corpus displacement minus mean within-corpus displacement, shape (n_words,)."""
        return self.cross.mean(axis=0) - self.within.mean(axis=0)


def corpus_displacement(runs_a, runs_b) -> Displacement:
    """Hamilton et al.'s displacement of every shared word between two corpora, next to its seed noise floor.

    Parameters
    ----------
    runs_a, runs_b : sequence of KeyedVectors
        At least 2 runs (different seeds) on corpus a and on corpus b.  Words: those in every run, in the order
        of ``runs_a[0]``.

    Returns
    -------
    Displacement
        ``cross`` of shape (n_a · n_b, n_words), ``within`` of shape (C(n_a, 2) + C(n_b, 2), n_words).

    Raises
    ------
    TypeError, ValueError
        Runs that are not KeyedVectors, fewer than 2 runs on a side, fewer than 2 shared words.

    Examples
    --------
    >>> from embstab_lib.store import make_keyed_vectors
    >>> X = np.random.default_rng(0).normal(size=(40, 4))
    >>> kv = lambda M: make_keyed_vectors([f"w{i}" for i in range(40)], M, np.ones(40))
    >>> d = corpus_displacement([kv(X), kv(2 * X)], [kv(X + 1), kv(-X)])
    >>> d.cross.shape, d.within.shape, float(np.abs(d.cross).max()) < 1e-9
    ((4, 40), (2, 40), True)
    """
    runs_a, runs_b = list(runs_a), list(runs_b)
    if len(runs_a) < 2 or len(runs_b) < 2:
        raise ValueError(f"need at least 2 runs on each corpus, got {len(runs_a)} and {len(runs_b)}")
    for i, kv in enumerate(runs_a + runs_b):
        keyed_vectors(kv, f"run {i}")
    common = set.intersection(*(set(kv.key_to_index) for kv in runs_a + runs_b))
    words = [w for w in runs_a[0].index_to_key if w in common]
    if len(words) < 2:
        raise ValueError(f"the runs share {len(words)} word(s); need at least 2")
    labelled = [(("a", i), kv) for i, kv in enumerate(runs_a)] + [(("b", j), kv) for j, kv in enumerate(runs_b)]
    M = {label: np.asarray(kv.vectors)[[kv.key_to_index[w] for w in words]] for label, kv in labelled}
    cross_pairs = [(("a", i), ("b", j)) for i in range(len(runs_a)) for j in range(len(runs_b))]
    within_pairs = [
        p for side, n in (("a", len(runs_a)), ("b", len(runs_b))) for p in seed_pairs([(side, i) for i in range(n)])
    ]
    cross = np.array([word_displacement(M[x], M[y]) for x, y in cross_pairs])
    within = np.array([word_displacement(M[x], M[y]) for x, y in within_pairs])
    return Displacement(words, cross, within, cross_pairs, within_pairs)
