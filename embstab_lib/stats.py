"""Seed pairs and confidence intervals: every verdict of the course is a mean with a 95 % interval."""
from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import stats as _st


def seed_pairs(items):
    """All unordered pairs ``(a, b)`` of distinct items, in order.

    >>> seed_pairs([0, 1, 2])
    [(0, 1), (0, 2), (1, 2)]
    """
    items = list(items)
    if len(items) < 2:
        raise ValueError(f"need at least 2 items to form a pair, got {len(items)}")
    return list(combinations(items, 2))


@dataclass(frozen=True)
class Interval:
    """A mean with its confidence interval [low, high] from n values."""

    mean: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.3f} [{self.low:.3f}, {self.high:.3f}]"

    def __contains__(self, value) -> bool:
        return self.low <= value <= self.high


def mean_ci(values, level=0.95) -> Interval:
    """Mean of ``values`` and its Student-t confidence interval.

    Over seed pairs the values are not independent (pairs share seeds), so read
    the interval as a measure of spread between runs rather than an exact
    coverage statement.

    >>> str(mean_ci([1.0, 2.0, 3.0]))
    '2.000 [-0.484, 4.484]'
    """
    x = np.asarray(values, dtype=float).ravel()
    if x.size < 2:
        raise ValueError(f"need at least 2 values for an interval, got {x.size}")
    if not np.all(np.isfinite(x)):
        raise ValueError("values contain NaN/inf")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    m = float(x.mean())
    half = float(_st.t.ppf(0.5 + level / 2, x.size - 1) * x.std(ddof=1) / np.sqrt(x.size))
    return Interval(m, m - half, m + half, int(x.size))
