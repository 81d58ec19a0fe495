"""es.sweep: parallel == serial bit for bit, cached per task, no corpus pickled, tidy records; its measures."""

import json

import joblib
import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.corpora import bundled
from embstab_lib.store import make_keyed_vectors
from embstab_lib.sweeps import SweepRun

TINY = dict(vector_size=8, epochs=1, min_count=3)
CONFIGS = [{"corpus": "lee", "fraction": f, **TINY} for f in (0.15, 0.3)]
CALLS = []


def words_and_norm(run):
    CALLS.append((run.config["fraction"], run.seed))
    return {"words": len(run.kv), "norm": float(np.linalg.norm(run.kv.vectors)), "first": run.kv.index_to_key[0]}


def cka_pair(run_a, run_b, scale=1.0):
    _, A, B = es.shared_matrices(run_a.kv, run_b.kv)
    return {"cka": scale * es.linear_cka(A, B)}


def test_records_are_tidy_and_in_order():
    records = es.sweep(CONFIGS, [3, 1], measure=words_and_norm, n_jobs=1, progress=False)
    assert [(r["fraction"], r["seed"]) for r in records] == [(0.15, 3), (0.15, 1), (0.3, 3), (0.3, 1)]
    assert all(set(r) == {*CONFIGS[0], "seed", "words", "norm", "first"} for r in records)
    pairs = es.sweep(CONFIGS, [0, 1, 2], measure=cka_pair, pairs=True, n_jobs=1, progress=False)
    assert [(r["fraction"], r["seed_a"], r["seed_b"]) for r in pairs] == [
        (f, a, b) for f in (0.15, 0.3) for a, b in es.seed_pairs([0, 1, 2])
    ]


def test_parallel_is_bit_identical_to_serial(tmp_path, monkeypatch):
    out = {}
    for n_jobs in (1, 2):
        monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / f"cache-{n_jobs}"))  # each computes everything
        runs = es.sweep(CONFIGS, [0, 1, 2], measure=es.pair_measures, pairs=True, n_jobs=n_jobs, progress=False)
        one = es.sweep(CONFIGS, [0, 1], measure=words_and_norm, n_jobs=n_jobs, progress=False)
        vectors = [r.kv.vectors for r in es.sweep_runs(CONFIGS, [0, 1, 2], n_jobs=n_jobs, progress=False)]
        out[n_jobs] = (json.dumps(runs), json.dumps(one), vectors)
    assert out[1][0] == out[2][0] and out[1][1] == out[2][1]  # JSON of every float: bit for bit
    assert all(np.array_equal(a, b) for a, b in zip(out[1][2], out[2][2]))


def test_another_joblib_backend_gives_the_same_records():
    serial = es.sweep(CONFIGS, [0, 1, 2], measure=cka_pair, pairs=True, n_jobs=1, progress=False)
    with joblib.parallel_config(backend="threading"):  # how a Dask or Ray backend is selected, too
        threaded = es.sweep(
            CONFIGS, [0, 1, 2], measure=cka_pair, pairs=True, n_jobs=2, progress=False, measure_kwargs={"scale": 1.0}
        )  # another key: computed again, in threads
    assert json.dumps(serial) == json.dumps(threaded)


def test_results_are_cached_per_task_and_keyed_by_the_measure(capsys, tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    CALLS.clear()
    first = es.sweep(CONFIGS[:1], [0, 1], measure=words_and_norm, n_jobs=1)
    assert "measuring" in capsys.readouterr().err  # the progress bar, while computing
    assert CALLS == [(0.15, 0), (0.15, 1)]
    again = es.sweep(CONFIGS[:1], [0, 1], measure=words_and_norm, n_jobs=1)
    assert again == first and CALLS == [(0.15, 0), (0.15, 1)] and capsys.readouterr().err == ""
    es.sweep(CONFIGS[:1], [0, 1, 2], measure=words_and_norm, n_jobs=1)  # only the new seed is computed
    assert CALLS[2:] == [(0.15, 2)]
    es.sweep([{**CONFIGS[0], "window": 3}], [0], measure=words_and_norm, n_jobs=1)  # another parameter: new task
    assert len(CALLS) == 4


def test_a_closure_is_never_cached():
    calls = []

    def measure(run):
        calls.append(run.seed)
        return {"n": len(run.kv)}

    es.sweep(CONFIGS[:1], [0], measure=measure, n_jobs=1, progress=False)
    es.sweep(CONFIGS[:1], [0], measure=measure, n_jobs=1, progress=False)
    assert calls == [0, 0]


def test_workers_never_receive_a_corpus(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))

    def refuse(self, protocol):
        raise AssertionError("a Corpus was pickled")

    monkeypatch.setattr(bundled.Corpus, "__reduce_ex__", refuse)
    records = es.sweep(CONFIGS, [0, 1, 2], measure=cka_pair, pairs=True, n_jobs=2, progress=False)
    assert len(records) == 6


def test_fractions_are_nested_with_exact_token_counts():
    full = es.load_corpus("lee")
    small = es.sweep_corpus({"corpus": "lee", "fraction": 0.25})
    large = es.sweep_corpus({"corpus": "lee", "fraction": 0.5})
    assert small.n_tokens == round(0.25 * full.n_tokens) and large.n_tokens == round(0.5 * full.n_tokens)
    docs = {tuple(d) for d in large.sentences}
    assert sum(tuple(d) in docs for d in small.sentences) >= len(small.sentences) - 1  # all but the one cut
    other = es.sweep_corpus({"corpus": "lee", "fraction": 0.25, "fraction_seed": 1})
    assert other.sentences != small.sentences
    assert es.sweep_corpus({"corpus": "lee"}).sentences == full.sentences


def test_synthetic_configurations_and_truth():
    config = {"corpus": "synthetic", "n_tokens": 4000, "vocab_size": 50, "dim": 3, "vector_size": 3, "min_count": 1}
    corpus = es.sweep_corpus(config)
    assert corpus.sentences == es.synthetic_corpus(4000, vocab_size=50, dim=3, seed=0)[0].sentences
    (run,) = es.sweep_runs([config], [0], n_jobs=1, progress=False)
    _, words, T = es.synthetic_corpus(4000, vocab_size=50, dim=3, seed=0)
    assert np.array_equal(run.truth, T[[words.index(w) for w in run.kv.index_to_key]])
    (lee,) = es.sweep_runs(CONFIGS[:1], [0], n_jobs=1, progress=False)
    with pytest.raises(ValueError, match="planted"):
        _ = lee.truth


def test_sweep_intervals_use_the_right_interval():
    pairs = es.sweep(CONFIGS, [0, 1, 2], measure=cka_pair, pairs=True, n_jobs=1, progress=False)
    ivs = es.sweep_intervals(pairs, "cka", by="fraction")
    first = [r for r in pairs if r["fraction"] == 0.15]
    assert list(ivs) == [0.15, 0.3]
    assert ivs[0.15] == es.pairwise_ci([r["cka"] for r in first], [(r["seed_a"], r["seed_b"]) for r in first])
    runs = es.sweep(CONFIGS, [0, 1], measure=words_and_norm, n_jobs=1, progress=False)
    by_two = es.sweep_intervals(runs, "norm", by=("fraction", "vector_size"))
    assert by_two[(0.3, 8)] == es.mean_ci([r["norm"] for r in runs if r["fraction"] == 0.3])


def _run(vectors, seed, words=None):
    words = words or [f"w{i}" for i in range(len(vectors))]
    return SweepRun({}, seed, make_keyed_vectors(words, np.asarray(vectors, dtype=np.float32), [1] * len(words)))


def test_pair_measures_on_a_planted_rotation_and_on_unrelated_runs():
    rng = np.random.default_rng(0)
    A = rng.normal(size=(300, 6)) * np.linspace(3, 1, 6)
    same = es.pair_measures(_run(A, 0), _run(A @ es.random_orthogonal(6, seed=1), 1), k=5)
    assert same["procrustes"] < 1e-5 and same["pip"] < 1e-5 and same["knn"] == 1.0
    assert same["cka"] > 1 - 1e-6 and same["subspace"] > 1 - 1e-6 and same["subspace_top10"] > 1 - 1e-6
    assert same["procrustes_centred"] < 1e-5 and same["procrustes_centred_chance"] > 0.9
    assert np.isclose(same["subspace"], es.subspace_similarity(A, A @ es.random_orthogonal(6, seed=1)))
    shifted = es.pair_measures(_run(A + 10, 0), _run(A + 10, 1))
    assert shifted["mean_share"] > 0.9 and same["mean_share"] < 0.1
    assert same["procrustes_chance"] > 0.9 and same["cka_chance"] < 0.1 and same["pip_chance"] > 1
    unrelated = es.pair_measures(_run(A, 0), _run(rng.normal(size=(300, 6)), 1), k=5)
    assert unrelated["knn"] < 3 * unrelated["knn_chance"] and unrelated["cka"] < 0.1
    assert abs(unrelated["subspace"] - unrelated["subspace_chance"]) < 0.03
    assert same["procrustes_mean_removed"] < 1e-5 and same["subspace_pc10"] > 1 - 1e-6 and same["pc10_share"] == 1.0
    words = [f"w{i}" for i in range(0, 300, 2)]
    half = es.pair_measures(_run(A, 0), _run(A, 1), words=words)
    assert half["words"] == 150
    with pytest.raises(ValueError, match="not in both"):
        es.pair_measures(_run(A, 0), _run(A, 1), words=["nope"])


def test_pair_measures_principal_directions_and_the_mean_removed_residual():
    rng = np.random.default_rng(3)
    strong = rng.normal(size=(400, 12)) * np.r_[np.full(10, 5.0), np.full(2, 0.2)]  # 10 strong directions, 2 weak
    R = es.random_orthogonal(12, seed=4)
    B = (np.hstack([strong[:, :10], rng.normal(size=(400, 2)) * 0.2]) + 3.0) @ R  # the weak directions differ
    m = es.pair_measures(_run(strong + 3.0, 0), _run(B, 1), k=5)  # a shared offset: the common mean vector
    assert m["subspace_pc10"] > 0.99 and m["pc10_share"] > 0.99 and m["subspace_pc10_chance"] < 0.1
    assert m["subspace"] < 0.9  # every direction counted equally: the 2 unshared ones pull it down
    Ac, Bc = strong - strong.mean(axis=0), B - B.mean(axis=0)
    assert np.isclose(m["procrustes_mean_removed"], es.procrustes(Ac, Bc).relative_residual, rtol=1e-6)
    assert m["procrustes_mean_removed"] > m["procrustes"]  # the shared offset makes the raw residual smaller
    assert m["procrustes_mean_removed_chance"] > 1


def test_truth_measures_are_invariant_to_what_they_claim():
    rng = np.random.default_rng(1)
    T = rng.normal(size=(200, 4))

    class Fake:
        def __init__(self, W):
            self.kv = _run(W, 0).kv
            self.truth, self.seed = T, 0

    rotated = es.truth_measures(Fake(3 * T @ es.random_orthogonal(4, seed=2)))
    assert rotated["cka_truth"] > 1 - 1e-6 and rotated["procrustes_truth"] < 1e-5 and rotated["cka_chance"] < 0.1
    M = np.diag([4.0, 1.0, 0.5, 0.2]) @ es.random_orthogonal(4, seed=3)
    linear = es.truth_measures(Fake(T @ M))  # any invertible map: only the subspace similarity stays at 1
    assert linear["subspace_truth"] > 1 - 1e-6 and linear["cka_truth"] < 0.9
    wider = es.truth_measures(Fake(np.hstack([T, rng.normal(size=(200, 2))])))
    assert wider["procrustes_truth"] is None and wider["subspace_truth"] > 1 - 1e-6


@pytest.mark.parametrize(
    "configs, kwargs, error, match",
    [
        ({"corpus": "lee"}, {}, TypeError, "configs"),
        ([["lee"]], {}, TypeError, "configs"),
        ([{"corpus": "nope"}], {}, ValueError, "corpus"),
        ([{"corpus": "lee", "n_tokens": 5}], {}, ValueError, "n_tokens"),
        ([{"corpus": "synthetic", "n_tokens": 100}], {}, ValueError, "vocab_size"),
        ([{"corpus": "lee", "fraction": 0}], {}, ValueError, "fraction"),
        ([{"corpus": "lee", "fraction": 1.5}], {}, ValueError, "fraction"),
        ([{"corpus": "lee", "fraction": 0.5, "fraction_seed": -1}], {}, ValueError, "fraction_seed"),
        ([{"corpus": "lee", "vector_sise": 5}], {}, TypeError, "vector_size"),
        ([{"corpus": "lee", "workers": 2}], {}, ValueError, "workers"),
        ([{"corpus": "lee", "callback": print}], {}, ValueError, "cache key"),
        (CONFIGS, {"seeds": [0, 0]}, ValueError, "seeds"),
        (CONFIGS, {"seeds": "01"}, TypeError, "seeds"),
        (CONFIGS, {"seeds": [0], "pairs": True}, ValueError, "seeds"),
        (CONFIGS, {"n_jobs": 0}, ValueError, "n_jobs"),
        (CONFIGS, {"n_jobs": True}, ValueError, "n_jobs"),
        (CONFIGS, {"measure": "cka"}, TypeError, "measure"),
        (CONFIGS, {"pairs": "yes"}, TypeError, "pairs"),
        (CONFIGS, {"measure_kwargs": {"f": print}}, ValueError, "cache key"),
    ],
)
def test_bad_input_is_refused_before_any_work(configs, kwargs, error, match):
    args = dict(seeds=[0, 1], measure=words_and_norm, n_jobs=1, progress=False)
    args.update(kwargs)
    with pytest.raises(error, match=match):
        es.sweep(configs, args.pop("seeds"), **args)


def not_a_dict(run):
    return [1.0]


def an_array(run):
    return {"v": np.ones(2)}


def clashing(run):
    return {"fraction": 1.0}


@pytest.mark.parametrize(
    "measure, error, match",
    [(not_a_dict, TypeError, "dict"), (an_array, TypeError, "v="), (clashing, ValueError, "fraction")],
)
def test_a_bad_measure_result_is_named(measure, error, match):
    with pytest.raises(error, match=match):
        es.sweep(CONFIGS[:1], [0], measure=measure, n_jobs=1, progress=False)


def test_sweep_intervals_bad_input():
    with pytest.raises(ValueError, match="empty"):
        es.sweep_intervals([], "x", by="d")
    with pytest.raises(ValueError, match="no key"):
        es.sweep_intervals([{"x": 1.0, "seed": 0}], "x", by="d")
    with pytest.raises(ValueError, match="only"):
        es.sweep_intervals([{"d": 1, "x": 1.0, "seed": 0}, {"d": 1, "x": 1.0, "seed_a": 0, "seed_b": 1}], "x", by="d")
    with pytest.raises(TypeError, match="by"):
        es.sweep_intervals([{"d": 1, "x": 1.0, "seed": 0}], "x", by=3)


def test_ppmi_svd_configurations_are_deterministic_and_cached():
    config = {"corpus": "lee", "fraction": 0.3, "model": "ppmi-svd", "vector_size": 6, "min_count": 3}
    a, b = es.sweep_runs([config], [0, 1], n_jobs=2, progress=False)
    direct = es.ppmi_svd(es.sweep_corpus(config), dim=6, min_count=3)
    assert np.array_equal(a.kv.vectors, b.kv.vectors) and np.array_equal(a.kv.vectors, direct.vectors)
    records = es.sweep([config, {**config, "model": "word2vec"}], [0], measure=words_and_norm, n_jobs=1, progress=False)
    assert records[0]["norm"] != records[1]["norm"]  # the model is part of the key
    with pytest.raises(TypeError, match="ppmi-svd parameter"):
        es.sweep_runs([{**config, "epochs": 3}], [0], progress=False)
    with pytest.raises(ValueError, match="eig_power"):
        es.sweep_runs([{**config, "eig_power": 2}], [0], progress=False)
    with pytest.raises(ValueError, match="model"):
        es.sweep_runs([{**config, "model": "glove"}], [0], progress=False)


def test_ppmi_svd_defaults_have_one_source():
    """The sweep's "ppmi-svd" parameters: ppmi_svd's keyword arguments (``dim`` as ``vector_size``) and defaults."""
    import inspect

    from embstab_lib.sweeps.config import PPMI_DEFAULTS

    signature = inspect.signature(es.ppmi_svd).parameters
    expected = {n: p.default for n, p in signature.items() if n not in ("corpus", "cache")}
    expected["vector_size"] = expected.pop("dim")
    assert PPMI_DEFAULTS == expected


def test_a_cold_cache_is_filled_by_the_caller_before_the_workers_start(tmp_path, monkeypatch):
    """Workers never build a corpus's cache file themselves (gensim's WikiCorpus cannot run in a worker)."""
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    from embstab_lib.sweeps import config

    config._corpus.cache_clear()
    records = es.sweep(
        [{"corpus": "lee", "fraction": 0.2, **TINY}], [0, 1], measure=words_and_norm, n_jobs=2, progress=False
    )
    assert len(records) == 2 and list((tmp_path / "corpora").glob("lee-*.txt.gz"))
    assert config._corpus.cache_info().misses == 1  # built here, once, before the two workers started
