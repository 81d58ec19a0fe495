"""pip_bias_variance: against the V×V definition, the CKA identity, invariances and bad input."""

import numpy as np
import pytest

import embstab_lib as es


def brute(estimates, T):
    """The definition with V×V matrices (small V only)."""
    T = T - T.mean(axis=0)
    TT = T @ T.T
    grams = []
    for E in estimates:
        E = E - E.mean(axis=0)
        G = E @ E.T
        grams.append(np.sum(G * TT) / np.sum(G * G) * G)  # the best scale
    mean = np.mean(grams, axis=0)
    losses = np.array([np.sum((G - TT) ** 2) for G in grams]) / np.sum(TT**2)
    n = len(grams)
    variance = n / (n - 1) * np.mean([np.sum((G - mean) ** 2) for G in grams]) / np.sum(TT**2)
    return losses, np.sum((mean - TT) ** 2) / np.sum(TT**2) - variance / n, variance


@pytest.fixture
def planted():
    rng = np.random.default_rng(0)
    T = rng.normal(size=(80, 4))
    estimates = [T @ rng.normal(size=(4, d)) + 0.5 * rng.normal(size=(80, d)) for d in (2, 4, 6)]
    return estimates, T


def test_matches_the_definition_and_adds_up(planted):
    estimates, T = planted
    res = es.pip_bias_variance(estimates, T)
    losses, bias2, variance = brute(estimates, T)
    assert np.allclose(res.losses, losses, rtol=1e-10) and np.isclose(res.bias2, bias2, rtol=1e-9)
    assert np.isclose(res.variance, variance, rtol=1e-9)
    assert np.isclose(res.losses.mean(), res.bias2 + res.variance, rtol=1e-12)


def test_each_loss_is_one_minus_cka_squared(planted):
    estimates, T = planted
    res = es.pip_bias_variance(estimates, T)
    assert np.allclose(res.losses, [1 - es.linear_cka(E, T) ** 2 for E in estimates], atol=1e-12)


def test_best_scales_are_those_of_the_definition(planted):
    estimates, T = planted
    Tc = T - T.mean(axis=0)
    res = es.pip_bias_variance(estimates, T)
    for E, s in zip(estimates, res.scales):
        Ec = E - E.mean(axis=0)
        G, TT = Ec @ Ec.T, Tc @ Tc.T
        assert np.isclose(s, np.sum(G * TT) / np.sum(G * G), rtol=1e-10)


def test_invariant_to_rotations_scales_and_offsets_of_each_estimate(planted):
    estimates, T = planted
    res = es.pip_bias_variance(estimates, T)
    moved = [3.0 * E @ es.random_orthogonal(E.shape[1], seed=i) + 7 for i, E in enumerate(estimates)]
    again = es.pip_bias_variance(moved, 0.1 * T @ es.random_orthogonal(4, seed=9) - 2)
    assert np.allclose(again.losses, res.losses, atol=1e-12) and np.isclose(again.bias2, res.bias2, atol=1e-12)
    assert np.isclose(again.variance, res.variance, atol=1e-12)


def test_zero_for_exact_copies_and_variance_only_for_identical_noise():
    rng = np.random.default_rng(1)
    T = rng.normal(size=(50, 3))
    exact = es.pip_bias_variance([T, 2 * T @ es.random_orthogonal(3, seed=0)], T)
    assert exact.bias2 < 1e-12 and exact.variance < 1e-12 and exact.losses.max() < 1e-12
    same = rng.normal(size=(50, 3))
    twins = es.pip_bias_variance([same, -same], T)  # identical estimates: all bias, no variance
    assert twins.variance < 1e-12 and twins.bias2 > 0.5


def test_uncentred():
    rng = np.random.default_rng(2)
    T = rng.normal(size=(40, 3)) + 5
    E = [T + rng.normal(size=(40, 3)), T + rng.normal(size=(40, 3))]
    res = es.pip_bias_variance(E, T, center=False)
    TT = T @ T.T
    G = [X @ X.T for X in E]
    losses = [np.sum((np.sum(g * TT) / np.sum(g * g) * g - TT) ** 2) / np.sum(TT**2) for g in G]
    assert np.allclose(res.losses, losses, rtol=1e-9)


@pytest.mark.parametrize(
    "estimates, truth, kwargs, error, match",
    [
        (np.ones((2, 5, 3)), np.ones((5, 3)), {}, TypeError, "list"),
        ([np.eye(5)[:, :2]], np.eye(5)[:, :2], {}, ValueError, "at least 2"),
        ([np.eye(5)[:, :2], np.eye(4)[:, :2]], np.eye(5)[:, :2], {}, ValueError, r"estimates\[1\]"),
        ([np.eye(5)[:, :2], np.full((5, 2), np.nan)], np.eye(5)[:, :2], {}, ValueError, r"estimates\[1\]"),
        ([np.eye(5)[:, :2], np.ones((5, 2))], np.eye(5)[:, :2], {}, ValueError, "zero after centring"),
        ([np.eye(5)[:, :2]] * 2, np.ones((5, 2)), {}, ValueError, "truth"),
        ([np.eye(5)[:, :2]] * 2, np.eye(5)[:, :2], {"center": "yes"}, TypeError, "center"),
        ([np.eye(5)[:, :2], [["a", "b"]] * 5], np.eye(5)[:, :2], {}, TypeError, r"estimates\[1\]"),
    ],
)
def test_bad_input(estimates, truth, kwargs, error, match):
    with pytest.raises(error, match=match):
        es.pip_bias_variance(estimates, truth, **kwargs)


def test_synthetic_pmi_is_symmetric_deterministic_and_follows_the_truth():
    P = es.synthetic_pmi(vocab_size=60, dim=3, seed=0, n_contexts=5000)
    assert np.array_equal(P, es.synthetic_pmi(vocab_size=60, dim=3, seed=0, n_contexts=5000))
    assert np.array_equal(P, P.T)
    T = es.synthetic_corpus(100, vocab_size=60, dim=3, seed=0)[2]
    lam, U = np.linalg.eigh(P)
    top = np.argsort(lam)[::-1][:3]
    assert es.linear_cka(U[:, top] * np.sqrt(lam[top]), T) > 0.95
    other = es.synthetic_pmi(vocab_size=60, dim=3, seed=0, n_contexts=5000, context_seed=1)
    assert 0 < np.abs(other - P).max() < 0.2  # another Monte Carlo draw, close
    with pytest.raises(ValueError, match="n_contexts"):
        es.synthetic_pmi(vocab_size=60, dim=3, seed=0, n_contexts=0)
    with pytest.raises(ValueError, match="dim"):
        es.synthetic_pmi(vocab_size=3, dim=3, seed=0)


def test_unbiased_for_independent_noise():
    """Estimates T + independent noise: 3 estimates give, on average, the split that 40 estimates give."""
    rng = np.random.default_rng(5)
    T = rng.normal(size=(60, 3))

    def split(n, reps):
        res = [es.pip_bias_variance([T + 0.3 * rng.normal(size=T.shape) for _ in range(n)], T) for _ in range(reps)]
        return np.mean([r.bias2 for r in res]), np.mean([r.variance for r in res])

    (bias3, var3), (bias40, var40) = split(3, 400), split(40, 20)
    assert abs(var3 - var40) < 0.1 * var40 and abs(bias3 - bias40) < 0.1 * var40
    assert bias40 > 0.1 * var40  # noise adds its own Gram (a diagonal): a real bias, not only variance


def test_pairs_average_to_the_split_and_give_a_seed_level_interval():
    rng = np.random.default_rng(5)
    T = rng.normal(size=(120, 4))
    estimates = [T @ rng.normal(size=(4, 4)) + 0.7 * rng.normal(size=(120, 4)) for _ in range(5)]
    res = es.pip_bias_variance(estimates, T)
    assert res.pairs == tuple((i, j) for i in range(5) for j in range(i + 1, 5))
    assert np.isclose(res.pair_variance.mean(), res.variance, rtol=1e-10)
    assert np.isclose(res.pair_bias2.mean(), res.bias2, rtol=1e-10)
    Tc = T - T.mean(axis=0)
    TT = Tc @ Tc.T
    grams = []
    for E in estimates:
        Ec = E - E.mean(axis=0)
        G = Ec @ Ec.T
        grams.append(np.sum(G * TT) / np.sum(G * G) * G)
    for (i, j), v, b in zip(res.pairs, res.pair_variance, res.pair_bias2):  # against the V×V definition
        assert np.isclose(v, np.sum((grams[i] - grams[j]) ** 2) / 2 / np.sum(TT**2), rtol=1e-9)
        assert np.isclose(b, np.sum((grams[i] - TT) * (grams[j] - TT)) / np.sum(TT**2), rtol=1e-9)
    iv = es.pairwise_ci(res.pair_variance, res.pairs)
    assert iv.n == 5 and iv.low < res.variance < iv.high


def test_synthetic_pmi_is_cached_and_a_bad_cache_file_is_rebuilt(monkeypatch):
    from embstab_lib.corpora import synthetic
    from embstab_lib.store import cache_dir

    folder = cache_dir() / "corpora"
    before = set(folder.glob("synthetic-pmi-*.npy"))
    P = es.synthetic_pmi(vocab_size=40, dim=3, seed=7, n_contexts=300)
    files = sorted(set(folder.glob("synthetic-pmi-*.npy")) - before)
    assert len(files) == 1

    def fail(*args):
        raise AssertionError("recomputed although cached")

    monkeypatch.setattr(synthetic, "_population_pmi", fail)
    assert np.array_equal(es.synthetic_pmi(vocab_size=40, dim=3, seed=7, n_contexts=300), P)
    monkeypatch.undo()
    files[0].write_bytes(b"not an array")
    with pytest.warns(Warning, match="rebuilt"):
        again = es.synthetic_pmi(vocab_size=40, dim=3, seed=7, n_contexts=300)
    assert np.array_equal(again, P)
