import numpy as np
import pytest
from scipy import stats

import embstab_lib as es


def test_mean_ci_matches_scipy():
    x = np.array([0.2, 0.3, 0.25, 0.4, 0.35])
    iv = es.mean_ci(x)
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert iv.mean == pytest.approx(x.mean()) and iv.low == pytest.approx(lo) and iv.high == pytest.approx(hi)
    assert 0.3 in iv and 1.0 not in iv
    assert iv.n == 5


def test_mean_ci_errors():
    with pytest.raises(ValueError, match="at least 2"):
        es.mean_ci([1.0])
    with pytest.raises(ValueError, match="NaN"):
        es.mean_ci([1.0, np.nan])
    with pytest.raises(ValueError, match="level"):
        es.mean_ci([1.0, 2.0], level=1.5)


@pytest.mark.parametrize("k, n", [(0, 1), (1, 1), (0, 7), (3, 7), (7, 7), (6, 100), (209, 3434), (2645, 3434)])
@pytest.mark.parametrize("level", [0.8, 0.95, 0.99])
def test_proportion_ci_is_the_wilson_interval(k, n, level):
    """The Wilson score interval, as scipy computes it, for shares at 0, 1 and in between."""
    flags = np.arange(n) < k
    iv = es.proportion_ci(flags, level=level)
    ref = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    assert iv.mean == k / n and iv.n == n
    assert iv.low == pytest.approx(ref.low, abs=1e-12) and iv.high == pytest.approx(ref.high, abs=1e-12)
    assert 0.0 <= iv.low <= iv.mean <= iv.high <= 1.0
    assert (iv.low == 0.0) == (k == 0) and (iv.high == 1.0) == (k == n)


def test_proportion_ci_inputs_and_level():
    flags = np.array([True, False, False, True, False, False, False, False])
    iv = es.proportion_ci(flags)
    assert es.proportion_ci(flags.astype(int)) == iv == es.proportion_ci(flags.astype(float).reshape(2, 4))
    assert es.proportion_ci(list(flags)) == iv and es.proportion_ci(flags, level=0.95) == iv
    assert str(iv) == "0.250 [0.071, 0.591]"
    wide, narrow = es.proportion_ci(flags, level=0.99), es.proportion_ci(flags, level=0.5)
    assert wide.low < iv.low < narrow.low < 0.25 < narrow.high < iv.high < wide.high
    # more outcomes at the same share: a narrower interval around the same share
    more = es.proportion_ci(np.tile(flags, 100))
    assert more.mean == 0.25 and iv.low < more.low < 0.25 < more.high < iv.high


def test_proportion_ci_covers_the_true_share():
    """Coverage of the Wilson interval over 2 000 simulated samples of 60 outcomes at p = 0.05: close to 95 %."""
    rng = np.random.default_rng(0)
    hits = np.mean([0.05 in es.proportion_ci(rng.random(60) < 0.05) for _ in range(2000)])
    assert 0.92 < hits < 0.99


def test_seed_pairs():
    assert es.seed_pairs(range(5))[:2] == [(0, 1), (0, 2)]
    assert len(es.seed_pairs(range(5))) == 10
    with pytest.raises(ValueError, match="at least 2"):
        es.seed_pairs([0])


# ------------------------------------------------------------------ pairwise_ci


def _simulate(n_seeds, n_experiments, rng, *, seed_sd=0.05, pair_sd=0.02, mu=0.3):
    """Coverage of μ by pairwise_ci and by mean_ci for v_ij = μ + a_i + a_j + e_ij."""
    pairs = es.seed_pairs(range(n_seeds))
    idx = np.array(pairs)
    hits_pairwise = hits_naive = 0
    for _ in range(n_experiments):
        a = rng.normal(0, seed_sd, n_seeds)
        v = mu + a[idx[:, 0]] + a[idx[:, 1]] + rng.normal(0, pair_sd, len(pairs))
        hits_pairwise += mu in es.pairwise_ci(v, pairs)
        hits_naive += mu in es.mean_ci(v)
    return hits_pairwise / n_experiments, hits_naive / n_experiments


@pytest.mark.parametrize("n_seeds", [5, 8])
def test_pairwise_ci_covers_the_true_mean(n_seeds):
    """With known seed effects, the seed-level interval covers μ 92–99 % of the time; the pair-level one does not."""
    coverage, naive = _simulate(n_seeds, 1500, np.random.default_rng(n_seeds))
    assert 0.92 <= coverage <= 0.99, coverage
    assert naive < 0.8, naive  # the t interval over pairs is far too narrow: that is why pairwise_ci exists


def test_pairwise_ci_without_seed_effects_is_not_absurdly_wide():
    """Only pair noise: the interval is conservative but its width stays of the order of the noise."""
    rng = np.random.default_rng(3)
    pairs = es.seed_pairs(range(6))
    widths, hits = [], 0
    for _ in range(500):
        v = rng.normal(0.5, 0.02, len(pairs))
        iv = es.pairwise_ci(v, pairs)
        hits += 0.5 in iv
        widths.append(iv.high - iv.low)
    assert hits / 500 >= 0.95 and np.median(widths) < 0.06


def test_pairwise_ci_known_values():
    # 3 seeds: dropping a seed leaves one pair, so the leave-one-out means are the values of the opposite pairs
    pairs = [(0, 1), (0, 2), (1, 2)]
    v = np.array([1.0, 2.0, 4.0])
    iv = es.pairwise_ci(v, pairs)
    loo = np.array([4.0, 2.0, 1.0])  # without seed 0: pair (1, 2); without 1: (0, 2); without 2: (0, 1)
    se = np.sqrt(2 / 3 * np.sum((loo - loo.mean()) ** 2))
    half = stats.t.ppf(0.975, 2) * se
    assert iv.mean == pytest.approx(7 / 3) and iv.n == 3
    assert iv.low == pytest.approx(7 / 3 - half) and iv.high == pytest.approx(7 / 3 + half)


def test_pairwise_ci_is_invariant_to_pair_order_and_labels():
    rng = np.random.default_rng(0)
    pairs = es.seed_pairs(range(5))
    v = rng.normal(size=len(pairs))
    perm = rng.permutation(len(pairs))
    relabel = {0: "a", 1: "b", 2: "c", 3: "d", 4: "e"}
    iv1 = es.pairwise_ci(v, pairs)
    iv2 = es.pairwise_ci(v[perm], [(relabel[j], relabel[i]) for i, j in (pairs[p] for p in perm)])
    assert (iv1.mean, iv1.low, iv1.high) == pytest.approx((iv2.mean, iv2.low, iv2.high))


def test_pairwise_ci_wider_than_pair_level_when_seeds_matter():
    rng = np.random.default_rng(1)
    pairs = es.seed_pairs(range(5))
    a = rng.normal(0, 0.1, 5)
    v = np.array([a[i] + a[j] for i, j in pairs]) + rng.normal(0, 0.01, len(pairs))
    seed_level, pair_level = es.pairwise_ci(v, pairs), es.mean_ci(v)
    assert seed_level.high - seed_level.low > 1.5 * (pair_level.high - pair_level.low)


@pytest.mark.parametrize(
    "values, pairs, match",
    [
        ([0.1, 0.2], [(0, 1), (0, 2), (1, 2)], "3 values|2 values"),
        ([0.1, 0.2, 0.3], [(0, 0), (0, 2), (1, 2)], "itself"),
        ([0.1, 0.2, 0.3], [(0, 1), (1, 0), (1, 2)], "repeated"),
        ([0.1], [(0, 1)], "at least 3"),
        ([0.1, np.nan, 0.3], [(0, 1), (0, 2), (1, 2)], "NaN"),
        ([0.1, np.inf, 0.3], [(0, 1), (0, 2), (1, 2)], "NaN/inf"),
        ([0.1, 0.2, 0.3], [(0, 1), (0, 2), (0, 3)], "leaves no pair"),
        ([0.1, 0.2, 0.3], [(0, 1, 2), (0, 2), (1, 2)], "two seeds"),
        ([[0.1, 0.2, 0.3]], [(0, 1), (0, 2), (1, 2)], "1-D"),
    ],
)
def test_pairwise_ci_bad_input(values, pairs, match):
    with pytest.raises(ValueError, match=match):
        es.pairwise_ci(values, pairs)


def test_pairwise_ci_bad_level_and_types():
    pairs = [(0, 1), (0, 2), (1, 2)]
    with pytest.raises(ValueError, match="level"):
        es.pairwise_ci([0.1, 0.2, 0.3], pairs, level=0)
    with pytest.raises(TypeError, match="complex"):
        es.pairwise_ci([0.1 + 1j, 0.2, 0.3], pairs)
    with pytest.raises(TypeError, match="values must be numeric"):
        es.pairwise_ci(["a", "b", "c"], pairs)
