"""Controlled runs (one source of randomness at a time) and the k-NN overlap over all pairs of runs."""

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import experiments
from embstab_lib.store import CacheWarning, make_keyed_vectors

SMALL = {"vector_size": 16, "epochs": 2, "min_count": 3}


def kvs_from(matrices, words=None):
    V = matrices[0].shape[0]
    words = words or [f"w{i}" for i in range(V)]
    return [make_keyed_vectors(words, np.asarray(M, dtype=np.float32), np.ones(len(words))) for M in matrices]


# ------------------------------------------------------------------ source_runs
@pytest.mark.parametrize("source", list(es.SOURCES))
def test_each_source_varies_what_it_says(lee_small, source):
    runs = es.source_runs(lee_small, source, 3, **SMALL)
    s = [r.settings for r in runs]
    varies = {key for key in ("seed", "sampling_seed", "order_seed") if len({x[key] for x in s}) > 1}
    expected = {
        "init": {"seed"},
        "sampling": {"sampling_seed"},
        "order": {"order_seed"},
        "threads": set(),
        "seed": {"seed"},
        "all": {"seed", "order_seed"},
    }[source]
    assert varies == expected
    assert {x["workers"] for x in s} == ({2} if source in ("threads", "all") else {1})
    assert all(r.kv.index_to_key == runs[0].kv.index_to_key for r in runs)  # same rows: comparable run to run
    if source != "threads":  # two multi-threaded runs differ only when the schedules differ: usually, not surely
        assert not np.array_equal(runs[1].kv.vectors, runs[2].kv.vectors)
    if source in ("threads", "all"):
        assert all(np.isnan(r.loss).all() for r in runs)
    else:
        assert all(r.loss.shape == (SMALL["epochs"],) and (r.loss > 0).all() for r in runs)


def test_single_source_runs_match_the_trainer(lee_small):
    ref = es.train_word2vec(lee_small, seed=0, **SMALL).vectors
    for source in ("init", "sampling", "order", "seed"):
        assert np.array_equal(es.source_runs(lee_small, source, 2, **SMALL)[0].kv.vectors, ref), source
    init = es.source_runs(lee_small, "init", 3, **SMALL)
    assert np.array_equal(init[2].kv.vectors, es.train_word2vec(lee_small, seed=2, sampling_seed=0, **SMALL).vectors)
    sampling = es.source_runs(lee_small, "sampling", 3, **SMALL)
    assert np.array_equal(
        sampling[1].kv.vectors, es.train_word2vec(lee_small, seed=0, sampling_seed=1, **SMALL).vectors
    )
    order = es.source_runs(lee_small, "order", 2, **SMALL)
    assert np.array_equal(order[1].kv.vectors, es.train_with_loss(lee_small, seed=0, order_seed=1, **SMALL)[0].vectors)


def test_cache_and_threads_do_not_change_results(lee_small, monkeypatch):
    first = es.source_runs(lee_small, "seed", 3, n_jobs=2, **SMALL)

    def no_training(*args, **kwargs):
        raise AssertionError("should have been read from the cache")

    monkeypatch.setattr(experiments.sources, "train_with_loss", no_training)
    again = es.source_runs(lee_small, "seed", 3, n_jobs=1, **SMALL)
    for a, b in zip(first, again):
        assert np.array_equal(a.kv.vectors, b.kv.vectors) and np.array_equal(a.loss, b.loss)
        assert a.kv.index_to_key == b.kv.index_to_key
        assert np.array_equal(es.word_counts(a.kv), es.word_counts(b.kv))


def test_damaged_cache_file_is_rebuilt(lee_small, tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    first = es.source_runs(lee_small, "init", 2, **SMALL)
    files = sorted((tmp_path / "experiments").glob("*.npz"))
    assert len(files) == 2
    files[0].write_bytes(b"not an npz")
    with pytest.warns(CacheWarning, match="unreadable"):
        again = es.source_runs(lee_small, "init", 2, **SMALL)
    for a, b in zip(first, again):
        assert np.array_equal(a.kv.vectors, b.kv.vectors) and np.array_equal(a.loss, b.loss)


def test_source_runs_bad_input(lee_small):
    with pytest.raises(ValueError, match="unknown source"):
        es.source_runs(lee_small, "hash", 3)
    for n in (1, 0, 2.0, True):
        with pytest.raises(ValueError, match="n_runs"):
            es.source_runs(lee_small, "init", n)
    for name in ("seed", "sampling_seed", "order_seed", "workers"):
        with pytest.raises(ValueError, match=name):
            es.source_runs(lee_small, "init", 2, **{name: 1})
    with pytest.raises(TypeError, match="epoch"):
        es.source_runs(lee_small, "init", 2, epoch=3)
    with pytest.raises(ValueError, match="n_jobs"):
        es.source_runs(lee_small, "init", 2, n_jobs=0, **SMALL)


# ------------------------------------------------------------------ knn_overlap_runs
def test_overlap_is_one_for_rotated_and_scaled_copies(rng):
    X = rng.normal(size=(60, 8))
    Q = es.random_orthogonal(8, seed=1)
    ov = es.knn_overlap_runs(kvs_from([X, 3 * X @ Q, 0.5 * X]), k=5)
    assert ov.pairs == [(0, 1), (0, 2), (1, 2)] and ov.per_word.shape == (3, 60)
    assert np.all(ov.per_word == 1.0)
    assert ov.ci().mean == 1.0 and ov.chance == pytest.approx(5 / 59)


def test_overlap_matches_knn_overlap_and_sits_at_chance_for_unrelated_runs(rng):
    mats = [rng.normal(size=(400, 10)) for _ in range(4)]
    ov = es.knn_overlap_runs(kvs_from(mats), k=10)
    for p, (i, j) in enumerate(ov.pairs):
        assert np.array_equal(ov.per_word[p], es.knn_overlap(mats[i], mats[j], k=10))
    iv = ov.ci()
    assert iv.n == 4 and iv.low < ov.chance * 1.5 and iv.high > ov.chance * 0.5
    assert np.allclose(ov.per_pair, ov.per_word.mean(axis=1))


def test_overlap_mask_selects_words(rng):
    X = rng.normal(size=(50, 6))
    noisy = [X, X + 0.05 * rng.normal(size=X.shape), rng.normal(size=X.shape)]
    ov = es.knn_overlap_runs(kvs_from(noisy), k=5)
    mask = np.zeros(50, bool)
    mask[:10] = True
    expected = ov.per_word[:, mask].mean(axis=1)
    assert ov.ci(mask).mean == pytest.approx(expected.mean())
    with pytest.raises(ValueError, match="no word"):
        ov.ci(np.zeros(50, bool))
    with pytest.raises(ValueError, match="boolean"):
        ov.ci(np.arange(50))
    with pytest.raises(ValueError, match="shape"):
        ov.ci(np.ones(49, bool))


def test_overlap_uses_common_words_in_first_run_order(rng):
    X = rng.normal(size=(30, 5))
    words = [f"w{i}" for i in range(30)]
    a = make_keyed_vectors(words, X.astype(np.float32), np.ones(30))
    perm = rng.permutation(30)[:25]  # another row order, and 5 words missing
    b = make_keyed_vectors([words[i] for i in perm], (2 * X[perm]).astype(np.float32), np.ones(25))
    ov = es.knn_overlap_runs([a, b, a], k=3)
    assert ov.words == [w for w in words if w in set(b.index_to_key)]
    assert np.all(ov.per_word == 1.0)
    top = es.knn_overlap_runs([a, b, a], k=3, max_words=12)
    assert top.words == ov.words[:12] and top.chance == pytest.approx(3 / 11)


def test_overlap_accepts_run_objects(lee_small):
    runs = es.source_runs(lee_small, "seed", 3, **SMALL)
    a = es.knn_overlap_runs(runs, k=5)
    b = es.knn_overlap_runs([r.kv for r in runs], k=5, n_jobs=1)
    assert np.array_equal(a.per_word, b.per_word)
    assert a.chance < a.ci().mean < 1  # real runs: far above chance, far from identical


def test_overlap_bad_input(rng):
    kvs = kvs_from([rng.normal(size=(20, 4)) for _ in range(3)])
    with pytest.raises(ValueError, match="at least 2 runs"):
        es.knn_overlap_runs(kvs[:1])
    with pytest.raises(TypeError, match="KeyedVectors"):
        es.knn_overlap_runs([np.eye(3), np.eye(3)])
    with pytest.raises(TypeError, match="sequence"):
        es.knn_overlap_runs("runs")
    for k in (0, -1, 2.5, True):
        with pytest.raises(ValueError, match="k must"):
            es.knn_overlap_runs(kvs, k=k)
    with pytest.raises(ValueError, match="at least 21 words"):
        es.knn_overlap_runs(kvs, k=20)
    with pytest.raises(ValueError, match="max_words"):
        es.knn_overlap_runs(kvs, max_words=1)
    disjoint = kvs_from([rng.normal(size=(5, 4))], words=[f"x{i}" for i in range(5)])
    with pytest.raises(ValueError, match="common"):
        es.knn_overlap_runs([kvs[0], disjoint[0]], k=2)
