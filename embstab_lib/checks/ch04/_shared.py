"""What several checks of chapter 04 share: synthetic pairs of runs (a random orthogonal map plus noise)."""

from __future__ import annotations

import numpy as np


def _ch04_pair(seed, V, d, *, noise=0.3, reflect=False):
    """Synthetic (A, B): B = A R + noise with R a random orthogonal matrix (det R = −1 if ``reflect``)."""
    from ...compare import random_orthogonal

    rng = np.random.default_rng(seed)
    A = rng.normal(size=(V, d))
    R = random_orthogonal(d, seed=seed + 1)
    if (np.linalg.det(R) < 0) != reflect:
        R[:, 0] = -R[:, 0]
    return A, A @ R + noise * rng.normal(size=(V, d))
