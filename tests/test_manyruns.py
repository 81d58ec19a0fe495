"""consensus_neighbors, consensus_chance, word_displacement, corpus_displacement, pairwise_overlaps, band_intervals."""

import numpy as np
import pytest
from scipy.stats import binom

import embstab_lib as es
from embstab_lib.store import make_keyed_vectors


def test_consensus_counts_runs_not_positions():
    runs = [np.array([[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]])] * 4 + [
        np.array([[3, 2, 1], [3, 2, 0], [3, 1, 0], [2, 1, 0]])
    ]
    cons = es.consensus_neighbors(runs, min_share=0.8)
    assert [c.tolist() for c in cons] == [[1, 2, 3], [0, 2, 3], [0, 1, 3], [0, 1, 2]]
    cons = es.consensus_neighbors(runs, k=1, min_share=0.8)  # only the first column: 4 of 5 runs agree
    assert [c.tolist() for c in cons] == [[1], [0], [0], [0]]
    assert [c.tolist() for c in es.consensus_neighbors(runs, k=1, min_share=1.0)] == [[], [], [], []]


def test_consensus_of_random_lists_matches_its_chance_level(rng):
    V, k, n = 60, 5, 5
    lists = [np.array([rng.choice(np.delete(np.arange(V), w), k, replace=False) for w in range(V)]) for _ in range(n)]
    sizes = [len(c) for c in es.consensus_neighbors(lists, min_share=0.6)]
    expected = es.consensus_chance(k, V, n, 0.6)
    assert expected == pytest.approx((V - 1) * binom.sf(2, n, k / (V - 1)))
    assert np.mean(sizes) == pytest.approx(expected, rel=0.35)


def test_consensus_bad_input():
    with pytest.raises(ValueError, match="at least 2"):
        es.consensus_neighbors([np.zeros((3, 2), dtype=int)])
    with pytest.raises(TypeError, match="integer"):
        es.consensus_neighbors([np.zeros((3, 2))] * 2)
    with pytest.raises(ValueError, match="shape"):
        es.consensus_neighbors([np.zeros((3, 2), dtype=int), np.zeros((4, 2), dtype=int)])
    with pytest.raises(ValueError, match="min_share"):
        es.consensus_neighbors([np.zeros((3, 2), dtype=int)] * 2, min_share=0)
    with pytest.raises(ValueError, match="k=3"):
        es.consensus_neighbors([np.zeros((3, 2), dtype=int)] * 2, k=3)
    with pytest.raises(ValueError):
        es.consensus_chance(10, 5, 3)


def test_displacement_ignores_rotation_scale_translation(rng):
    A = rng.normal(size=(50, 6))
    B = 3 * A @ es.random_orthogonal(6, seed=4) - 2.0
    assert np.allclose(es.word_displacement(A, B), 0, atol=1e-10)
    C = B.copy()
    C[7] = -C[7] + 2 * C.mean(axis=0)  # one word moved to the opposite side (after centring)
    d = es.word_displacement(A, C)
    assert np.argmax(d) == 7 and d[7] > 1.0 and np.median(d) < 0.05
    with pytest.raises(ValueError, match="row count"):
        es.word_displacement(A, B[:-1])


def test_corpus_displacement_pairs_and_noise(rng):
    words = [f"w{i}" for i in range(80)]
    truth = rng.normal(size=(80, 5))
    moved = truth.copy()
    moved[:8] = rng.normal(size=(8, 5))  # 8 words change "meaning" in corpus b
    kv = lambda X, order: make_keyed_vectors(  # noqa: E731
        [words[i] for i in order], X[order] @ es.random_orthogonal(5, seed=int(rng.integers(100))), np.ones(80)
    )
    runs_a = [kv(truth + 0.05 * rng.normal(size=truth.shape), rng.permutation(80)) for _ in range(3)]
    runs_b = [kv(moved + 0.05 * rng.normal(size=truth.shape), rng.permutation(80)) for _ in range(3)]
    d = es.corpus_displacement(runs_a, runs_b)
    assert d.cross.shape == (9, 80) and d.within.shape == (6, 80) and sorted(d.words) == sorted(words)
    changed = np.array([int(w[1:]) < 8 for w in d.words])
    assert d.excess[changed].min() > d.excess[~changed].max()
    assert es.pairwise_ci(d.cross.mean(axis=1), d.cross_pairs).n == 6
    assert d.within_pairs[0] == (("a", 0), ("a", 1)) and d.cross_pairs[-1] == (("a", 2), ("b", 2))
    with pytest.raises(ValueError, match="at least 2 runs"):
        es.corpus_displacement(runs_a[:1], runs_b)
    with pytest.raises(TypeError):
        es.corpus_displacement([truth, truth], runs_b)


def test_pairwise_overlaps_and_band_intervals(rng):
    X = rng.normal(size=(40, 4))
    noisy = [X + s * rng.normal(size=X.shape) for s in (0.0, 0.01, 0.5, 0.5)]
    per_word, pairs, nbrs = es.pairwise_overlaps(noisy, k=3)
    assert per_word.shape == (6, 40) and pairs == es.seed_pairs(range(4)) and nbrs[0].shape == (40, 3)
    assert np.allclose(per_word[0], es.knn_overlap(noisy[0], noisy[1], k=3))
    serial = es.pairwise_overlaps(noisy, k=3, n_jobs=1)
    assert np.array_equal(serial[0], per_word) and all(np.array_equal(a, b) for a, b in zip(serial[2], nbrs))
    with pytest.raises(ValueError, match="n_jobs"):
        es.pairwise_overlaps(noisy, k=3, n_jobs=0)
    band = np.arange(40) % 2
    ivs = es.band_intervals(per_word, pairs, band)
    assert len(ivs) == 2 and ivs[0].mean == pytest.approx(per_word[:, band == 0].mean())
    with pytest.raises(ValueError, match="no word"):
        es.band_intervals(per_word, pairs, band * 2)
    with pytest.raises(ValueError, match="band"):
        es.band_intervals(per_word, pairs, band[:-1])
    with pytest.raises(ValueError, match="at least 2 runs"):
        es.pairwise_overlaps([X], k=3)
    with pytest.raises(ValueError, match="same rows"):
        es.pairwise_overlaps([X, X[:-1]], k=3)


def test_consensus_default_share_and_order():
    """Default min_share 0.8 (4 runs of 5); the most shared neighbours first, ties by index."""
    base = np.array([[3, 1, 2], [2, 0, 3], [1, 0, 3], [2, 1, 0]])
    other = np.array([[3, 2, 1], [3, 2, 0], [3, 1, 0], [0, 2, 1]])
    runs = [base, base, base, other, np.array([[3, 2, 4], [4, 3, 2], [4, 1, 0], [4, 2, 1]])]
    cons = es.consensus_neighbors(runs, k=2)
    assert [c.tolist() for c in cons] == [[3], [2], [1], [2]]
    assert [c.tolist() for c in es.consensus_neighbors(runs, k=2)] == [
        c.tolist() for c in es.consensus_neighbors(runs, k=2, min_share=0.8)
    ]
    # order: by decreasing count, then by index (word 0: 2 and 3 in all 5 runs, 1 in 4; word 3: 1 and 2 in 5, 0 in 4)
    assert es.consensus_neighbors(runs, k=3, min_share=0.6)[0].tolist() == [2, 3, 1]
    assert es.consensus_neighbors(runs, k=3, min_share=0.6)[3].tolist() == [1, 2, 0]


def test_consensus_chance_limits():
    assert es.consensus_chance(10, 11, 3) == pytest.approx(10.0)  # V = k + 1: every other word, in every run
    assert es.consensus_chance(10, 11, 3, min_share=1.0) == pytest.approx(10.0)
    assert es.consensus_chance(4, 50, 5) == es.consensus_chance(4, 50, 5, 0.8)
    assert es.consensus_chance(4, 50, 5, 0.2) == pytest.approx(49 * binom.sf(0, 5, 4 / 49))


def test_pairwise_overlaps_default_k_and_threads(monkeypatch, rng):
    import embstab_lib.compare.manyruns as manyruns

    X = rng.normal(size=(40, 4))
    runs = [X + s * rng.normal(size=X.shape) for s in (0.2, 0.3, 0.4)]
    default = es.pairwise_overlaps(runs)
    assert np.array_equal(default[0], es.pairwise_overlaps(runs, 10)[0]) and default[2][0].shape == (40, 10)
    workers = []
    real = manyruns.ThreadPoolExecutor
    monkeypatch.setattr(manyruns, "ThreadPoolExecutor", lambda max_workers: workers.append(max_workers) or real(1))
    es.pairwise_overlaps(runs, 3, n_jobs=2)
    es.pairwise_overlaps(runs, 3, n_jobs=8)  # never more threads than runs
    monkeypatch.setattr(manyruns.os, "sched_getaffinity", lambda pid: {0}, raising=False)
    monkeypatch.setattr(manyruns.os, "cpu_count", lambda: 4)
    es.pairwise_overlaps(runs, 3)  # default: the cores this process may use (1 here), not the machine's 4
    monkeypatch.delattr(manyruns.os, "sched_getaffinity")
    es.pairwise_overlaps(runs, 3)  # no affinity: the CPU count
    monkeypatch.setattr(manyruns.os, "cpu_count", lambda: None)
    es.pairwise_overlaps(runs, 3)  # unknown: 1
    assert workers == [2, 3, 1, 3, 1]


def test_band_intervals_level_and_integer_values():
    per_word = np.array([[1, 5, 2], [2, 6, 2], [3, 9, 4]])
    pairs = [(0, 1), (0, 2), (1, 2)]
    wide, narrow = (
        es.band_intervals(per_word, pairs, [0, 1, 0]),
        es.band_intervals(per_word, pairs, [0, 1, 0], level=0.5),
    )
    assert narrow[1].mean == wide[1].mean == pytest.approx(20 / 3)
    assert narrow[1].high - narrow[1].low < wide[1].high - wide[1].low
    assert narrow[0] == es.pairwise_ci([1.5, 2.0, 3.5], pairs, level=0.5)


def test_displacement_is_never_negative_nor_above_two(rng):
    for seed in range(5):
        X = np.random.default_rng(seed).normal(size=(300, 6))
        same = es.word_displacement(X, X)
        assert same.min() >= 0.0 and same.max() < 1e-25  # identical: 0 up to rounding, never −ε
        Y = X.copy()
        Y[:150] = 2 * Y.mean(axis=0) - Y[:150]  # half the words opposite
        d = es.word_displacement(X, Y)
        assert 0.0 <= d.min() and d.max() <= 2.0
    A = rng.normal(size=(2, 3))
    assert np.allclose(es.word_displacement(A, A + 1), 0.0, rtol=0, atol=1e-25)  # two words are enough


def test_corpus_displacement_words_of_the_first_run_in_every_run(rng):
    names = [f"w{i}" for i in range(6)]
    X = rng.normal(size=(6, 3))
    kv = lambda idx: make_keyed_vectors([names[i] for i in idx], X[idx], np.ones(len(idx)))  # noqa: E731
    a0, a1 = kv([4, 0, 1, 2, 3]), kv([0, 1, 2, 3, 5])  # w4 only in a0, w5 only in a1
    b0, b1 = kv([5, 4, 3, 2, 1, 0]), kv([3, 2, 1, 0, 4])
    d = es.corpus_displacement([a0, a1], [b0, b1])
    assert d.words == ["w0", "w1", "w2", "w3"]  # shared by all four, in a0's order
    assert d.cross.shape == (4, 4) and d.within.shape == (2, 4)
    two = es.corpus_displacement([kv([0, 1]), kv([1, 0])], [kv([0, 1, 2]), kv([2, 1, 0])])
    assert two.words == ["w0", "w1"] and np.allclose(two.cross, 0)
    with pytest.raises(ValueError, match="the runs share 1 word"):
        es.corpus_displacement([kv([0, 1]), kv([1, 2])], [kv([1]), kv([1, 3])])
