"""Exercise 10.2: the planted runs someone hands you (``ch10_planted_runs``; the check is ``ch10_planted_case``)."""

from __future__ import annotations

import numpy as np


def ch10_planted_runs(n_words=2000, dim=50, n_runs=3, seed=10):
    """The runs someone hands you in exercise 10.2: a list of ``n_runs`` arrays of shape (n_words, dim), row w of
    every array being word w."""
    from ...compare import random_orthogonal

    rng = np.random.default_rng(seed)
    return [
        3.0 * random_orthogonal(dim, seed=r)[0] + rng.normal(size=(n_words, dim)) / np.sqrt(dim) for r in range(n_runs)
    ]
