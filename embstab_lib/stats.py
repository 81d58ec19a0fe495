"""Seed pairs and confidence intervals: every verdict of the course is a mean with a 95 % interval.

Two kinds of interval, for two kinds of data:

* :func:`pairwise_ci` — values measured on **pairs of runs** (one value per pair of
  seeds).  Pairs share seeds, so they are not independent; the interval resamples
  seeds (leave-one-seed-out jackknife).
* :func:`mean_ci` — **independent** values only (one value per seed, per random
  draw, per independent experiment): a Student-t interval.

And one for a share: :func:`proportion_ci` — the share of independent yes/no outcomes (e.g. the words of a
vocabulary that pass a threshold): a Wilson score interval.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
from scipy import stats as _st

from ._validate import as_real_array, finite, pow2_scale, real_number


def seed_pairs(items):
    """All unordered pairs ``(a, b)`` of distinct items, in order.

    Parameters
    ----------
    items : iterable of hashable
        Seeds or run labels, at least 2, no repeats.

    Returns
    -------
    list of tuple
        n(n − 1)/2 pairs, in the order of ``itertools.combinations``.

    Raises
    ------
    TypeError
        ``items`` is not iterable, is a string, or holds unhashable items.
    ValueError
        Fewer than 2 items, or a repeated item (it would pair a seed with itself).

    Examples
    --------
    >>> seed_pairs([0, 1, 2])
    [(0, 1), (0, 2), (1, 2)]
    """
    if isinstance(items, (str, bytes)):
        raise TypeError("items must be a sequence of seeds, not a string")
    try:
        items = list(items)
        distinct = len(set(items))
    except TypeError as exc:
        raise TypeError(f"items must be an iterable of hashable seeds: {exc}") from None
    if len(items) < 2:
        raise ValueError(f"need at least 2 items to form a pair, got {len(items)}")
    if distinct != len(items):
        raise ValueError(f"items contain {len(items) - distinct} repeated seed(s): a seed cannot pair with itself")
    return list(combinations(items, 2))


@dataclass(frozen=True)
class Interval:
    """A mean with its confidence interval [low, high].

    ``n`` is the number of independent units behind the interval: values for
    :func:`mean_ci`, distinct seeds for :func:`pairwise_ci`.
    """

    mean: float
    low: float
    high: float
    n: int

    def __str__(self) -> str:
        return f"{self.mean:.3f} [{self.low:.3f}, {self.high:.3f}]"

    def __contains__(self, value) -> bool:
        return self.low <= value <= self.high


def mean_ci(values, level=0.95) -> Interval:
    """Mean of **independent** ``values`` and its Student-t confidence interval.

    mean ± t_{n−1, (1+level)/2} · s / √n, with s the sample standard deviation.
    Use it for one value per seed, per random draw or per independent
    experiment — never for values over pairs of runs, which share seeds: use
    :func:`pairwise_ci` for those (over the 10 pairs of 5 seeds, a t interval
    covers the true mean only about 63 % of the time instead of 95 %).

    Parameters
    ----------
    values : array_like of float
        At least 2 finite real values (flattened).  Booleans are refused: average 0/1 indicators explicitly
        (``np.asarray(flags, dtype=float)``), knowing that a t interval on a proportion is only approximate.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    Interval
        ``mean``, ``low``, ``high`` and ``n`` = number of values.

    Raises
    ------
    TypeError
        Complex, boolean, string or non-numeric values; a non-real ``level``.
    ValueError
        Fewer than 2 values, NaN/inf, ``level`` outside (0, 1), an interval beyond float64.

    Examples
    --------
    >>> str(mean_ci([1.0, 2.0, 3.0]))
    '2.000 [-0.484, 4.484]'
    """
    x = as_real_array(values, "values").ravel()
    if x.size < 2:
        raise ValueError(f"need at least 2 values for an interval, got {x.size}")
    if not np.all(np.isfinite(x)):
        raise ValueError(f"values contain {int(np.count_nonzero(~np.isfinite(x)))} NaN/inf value(s)")
    level = real_number(level, "level")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    s = pow2_scale(x)
    m = float((x / s).mean() * s)
    with np.errstate(over="ignore"):
        half = float(_st.t.ppf(0.5 + level / 2, x.size - 1) * (x / s).std(ddof=1) * s / np.sqrt(x.size))
    finite([m - half, m + half], "the interval")
    return Interval(m, m - half, m + half, int(x.size))


def pairwise_ci(values, pairs, *, level=0.95) -> Interval:
    """Mean of values measured on pairs of runs, with an interval that resamples **seeds**.

    ``values[p]`` is a measurement on the pair of runs ``pairs[p] = (i, j)``
    (e.g. the k-NN overlap of seed i and seed j).  Pairs that share a seed share
    its randomness, so the values are correlated and a t interval over the
    pairs is far too narrow.  The unit that was sampled independently is the
    seed, so the interval resamples seeds, by a leave-one-seed-out jackknife:

    θ̂ = mean of all values;  θ̂₍ₛ₎ = mean of the values of pairs without seed s;
    se² = (n − 1)/n · Σₛ (θ̂₍ₛ₎ − θ̄)²,  θ̄ = mean of the θ̂₍ₛ₎;
    interval θ̂ ± t_{n−1, (1+level)/2} · se,  n = number of distinct seeds.

    Why a jackknife and not a bootstrap over seeds: with 5 seeds a bootstrap
    sample often repeats a seed, and a pair of a seed with itself has no value,
    so the resampled designs are unbalanced and degenerate; the jackknife only
    ever drops one seed, is deterministic (no random draws) and, in simulations
    with seed effects (v_ij = μ + a_i + a_j + e_ij), covers μ 95–99 % of the time
    with 3 to 10 seeds (tests/test_stats.py measures it).

    Parameters
    ----------
    values : sequence of float, shape (n_pairs,)
        Finite values, one per pair.
    pairs : sequence of (hashable, hashable)
        The two seeds (or run labels) of each value; unordered, distinct, no pair
        repeated.  Every seed must leave at least one pair when it is dropped,
        so at least 3 distinct seeds are needed.
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    Interval
        ``mean``, ``low``, ``high`` and ``n`` = number of distinct seeds.

    Raises
    ------
    TypeError
        Complex, boolean, string or non-numeric values; ``values`` or ``pairs`` a string, a pair not a sequence,
        unhashable seeds; a non-real ``level``.
    ValueError
        Mismatched lengths, a pair of a seed with itself, a repeated pair, fewer
        than 3 distinct seeds, a seed whose removal leaves no pair, non-finite
        values, or a level outside (0, 1).

    Examples
    --------
    >>> pairs = seed_pairs(range(4))
    >>> values = [0.30, 0.32, 0.29, 0.33, 0.31, 0.30]
    >>> iv = pairwise_ci(values, pairs)
    >>> iv.n, round(iv.mean, 4)
    (4, 0.3083)
    >>> iv.low < iv.mean < iv.high
    True
    """
    if isinstance(values, (str, bytes)) or isinstance(pairs, (str, bytes)):
        raise TypeError("values and pairs must be sequences, not strings")
    v = as_real_array(values, "values")
    if v.ndim != 1:
        raise ValueError(f"values must be a 1-D sequence (one value per pair), got shape {v.shape}")
    try:
        pairs = [tuple(p) for p in pairs]
        seeds = sorted({s for p in pairs for s in p}, key=repr)
    except TypeError as exc:
        raise TypeError(f"pairs must be a sequence of (seed, seed) pairs of hashable seeds: {exc}") from None
    if len(pairs) != v.size:
        raise ValueError(f"{v.size} values but {len(pairs)} pairs: values[i] must belong to pairs[i]")
    level = real_number(level, "level")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"values contain {int(np.count_nonzero(~np.isfinite(v)))} NaN/inf value(s)")
    seen = set()
    for p in pairs:
        if len(p) != 2:
            raise ValueError(f"every pair must have two seeds, got {p!r}")
        if p[0] == p[1]:
            raise ValueError(f"pair {p!r} pairs a seed with itself")
        key = frozenset(p)
        if key in seen:
            raise ValueError(f"pair {p!r} is repeated")
        seen.add(key)
    if len(seeds) < 3:
        raise ValueError(f"need at least 3 distinct seeds for a seed-level interval, got {len(seeds)}")
    loo = []
    for s in seeds:
        keep = np.array([s not in p for p in pairs])
        if not keep.any():
            raise ValueError(f"dropping seed {s!r} leaves no pair: every pair contains it")
        with np.errstate(over="ignore"):
            loo.append(v[keep].mean())
    loo = np.array(loo)
    n = len(seeds)
    with np.errstate(over="ignore", invalid="ignore"):
        m = float(v.mean())
        se = float(np.sqrt((n - 1) / n * np.sum((loo - loo.mean()) ** 2)))
    half = float(_st.t.ppf(0.5 + level / 2, n - 1) * se)
    finite([m - half, m + half], "the interval (values too large)")
    return Interval(m, m - half, m + half, n)


def proportion_ci(flags, level=0.95) -> Interval:
    """The share of ``True`` among **independent** yes/no outcomes, with its Wilson score interval.

    With k successes among n outcomes, p̂ = k/n and z = Φ⁻¹((1 + level)/2):

        centre = (p̂ + z²/(2n)) / (1 + z²/n),   half-width = z / (1 + z²/n) · √(p̂(1 − p̂)/n + z²/(4n²)).

    Unlike p̂ ± z·√(p̂(1 − p̂)/n), the interval stays inside [0, 1] and keeps close to its nominal coverage for
    shares near 0 or 1 (Wilson 1927; ``scipy.stats.binomtest(k, n).proportion_ci(method="wilson")`` gives the same).
    It treats the outcomes as independent draws — e.g. the words of a vocabulary as a sample of words.  Flags
    computed from the same runs share those runs' randomness: then the interval describes the variation over
    words only, not over seeds (for values measured on pairs of runs, use :func:`pairwise_ci`).

    Parameters
    ----------
    flags : array_like of bool, or of 0 and 1
        At least one outcome (flattened).
    level : float
        Confidence level in (0, 1).

    Returns
    -------
    Interval
        ``mean`` = k/n, ``low``, ``high`` and ``n`` = number of outcomes.

    Raises
    ------
    TypeError
        Complex, string or non-numeric flags; a non-real ``level``.
    ValueError
        No outcome, a value other than 0 and 1 (NaN included), ``level`` outside (0, 1).

    Examples
    --------
    >>> str(proportion_ci([True] * 6 + [False] * 94))
    '0.060 [0.028, 0.125]'
    """
    if flags is None or isinstance(flags, (str, bytes)):
        raise TypeError(f"flags must be booleans or 0/1 values, got {type(flags).__name__}")
    raw = np.asarray(flags)
    x = np.ravel(raw.astype(np.int64) if raw.dtype == bool else as_real_array(raw, "flags"))
    if x.size == 0:
        raise ValueError("need at least one outcome for a share")
    if not np.all((x == 0) | (x == 1)):
        raise ValueError("flags must be booleans or 0/1 values; got other values")
    level = real_number(level, "level")
    if not 0 < level < 1:
        raise ValueError(f"level must be in (0, 1), got {level}")
    n, k = int(x.size), int(np.count_nonzero(x))
    p, z2 = k / n, float(_st.norm.ppf(0.5 + level / 2)) ** 2
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = np.sqrt(z2) / (1 + z2 / n) * np.sqrt(p * (1 - p) / n + z2 / (4 * n * n))
    # the bounds are exactly 0 at k = 0 and 1 at k = n (rounding would leave 1e-17 and 1 − 1e-16)
    return Interval(p, 0.0 if k == 0 else float(centre - half), 1.0 if k == n else float(centre + half), n)
