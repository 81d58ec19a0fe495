"""assess / compare_groups: planted truths, equality with the standalone measures, outputs, bad input."""

import json

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.assessment import measures as M
from embstab_lib.io.example import write_example_runs


def rotated_copies(rng, V=300, d=8, n=3, noise=0.0):
    E = rng.normal(size=(V, d)) * np.linspace(1, 0.3, d)
    return [(E + noise * rng.normal(size=E.shape)) @ es.random_orthogonal(d, seed=i) * (i + 1) for i in range(n)]


def test_planted_identical_runs_are_perfectly_stable(rng):
    res = es.assess(rotated_copies(rng), k=5, n_perm=5)
    s = res.summary
    for name in ("knn_overlap", "rank_overlap", "aligned_cosine", "linear_cka", "distance_correlation"):
        assert s[name].mean == pytest.approx(1.0, abs=1e-9) and s[name].above_chance, name
    assert s["procrustes_residual"].mean == pytest.approx(0, abs=1e-6)
    assert s["procrustes_heldout"].mean == pytest.approx(0, abs=1e-6)
    assert s["knn_overlap"].interval.n == 3 and len(res.pairs) == 3
    assert s["knn_overlap"].chance < 0.05 and s["procrustes_residual"].chance > 1


def test_unrelated_runs_are_at_chance(rng):
    runs = [rng.normal(size=(400, 10)) for _ in range(4)]
    res = es.assess(runs, k=10, n_perm=10)
    for s in res.summary.values():
        lo, hi = s.interval.low, s.interval.high
        assert lo <= s.chance_high and hi >= s.chance_low, s.name  # overlaps the chance range
    assert not res.summary["knn_overlap"].above_chance
    assert any("not distinguishable from its chance baseline" in w for w in res.warnings)


def test_values_equal_the_standalone_measures(rng):
    A, B, C = rotated_copies(rng, V=200, d=6, noise=0.3)
    res = es.assess([A, B, C], k=4, n_perm=2, seed=3)
    ab = res.pairs.index(("run1", "run2"))
    s = res.summary
    assert s["knn_overlap"].values[ab] == pytest.approx(es.knn_overlap(A, B, 4).mean())
    assert s["linear_cka"].values[ab] == pytest.approx(es.linear_cka(A, B))
    assert s["distance_correlation"].values[ab] == pytest.approx(es.distance_correlation(A, B, seed=3))
    Ac, Bc = A - A.mean(0), B - B.mean(0)
    An, Bn = Ac / np.linalg.norm(Ac) * np.sqrt(200), Bc / np.linalg.norm(Bc) * np.sqrt(200)
    assert s["procrustes_residual"].values[ab] == pytest.approx(es.procrustes(An, Bn).residual / np.sqrt(200))
    Au, Bu = An / np.linalg.norm(An, axis=1, keepdims=True), Bn / np.linalg.norm(Bn, axis=1, keepdims=True)
    cos = es.cosine_per_word(es.procrustes(Au, Bu).aligned, Bu)
    assert s["aligned_cosine"].values[ab] == pytest.approx(cos.mean())
    pa, pb = M.prepare(A, 4), M.prepare(B, 4)
    _, words = M.pair_values(pa, pb, M.heldout_split(200, 3))
    assert np.allclose(words["aligned_cosine"], cos)
    assert np.allclose(words["procrustes_residual"], np.linalg.norm(es.procrustes(An, Bn).aligned - Bn, axis=1))
    iv = es.pairwise_ci(s["knn_overlap"].values, res.pairs)
    assert (iv.low, iv.high) == (s["knn_overlap"].interval.low, s["knn_overlap"].interval.high)


def test_neighbours_searched_once_per_run(rng, monkeypatch):
    calls = []
    real = M.neighbors_of
    monkeypatch.setattr(M, "neighbors_of", lambda U, k, **kw: calls.append(1) or real(U, k, **kw))
    es.assess([rng.normal(size=(100, 5)) for _ in range(5)], k=3, n_perm=2)
    assert len(calls) == 5  # not 5 · 4


def test_rank_overlap():
    a = np.array([[1, 2, 3], [1, 2, 3]])
    assert M.rank_overlap(a, a) == pytest.approx([1.0, 1.0], abs=1e-12)
    b = np.array([[3, 2, 1], [7, 8, 9]])
    assert M.rank_overlap(a, b)[1] == 0 and 0 < M.rank_overlap(a, b)[0] < 1
    rng = np.random.default_rng(0)
    V, k = 200, 10
    lists = [np.array([rng.choice(V - 1, k, replace=False) for _ in range(3000)]) for _ in range(2)]
    assert M.rank_overlap(*lists).mean() == pytest.approx((k + 1) / (2 * (V - 1)), rel=0.1)


@pytest.fixture(scope="module")
def example(tmp_path_factory):
    return write_example_runs(tmp_path_factory.mktemp("ex"), n_words=600, dim=30, small_dim=15)


@pytest.fixture(scope="module")
def example_result(example):
    return es.assess(example["runs"], counts=example["counts"], n_perm=5)


def test_frequency_planted_rare_words_are_less_stable(example_result):
    res = example_result
    means = [b.measures["knn_overlap"][0] for b in res.bands]
    assert means[0] < means[1]  # the planted noise falls with the count
    least = res.least_stable(20, min_count=100)
    assert len(least) == 20 and min(least.column("count")) >= 100
    assert least.column("knn_overlap") == sorted(least.column("knn_overlap"))
    assert np.median(res.least_stable(60).column("count")) < np.median(res.counts)  # rare words first


def test_least_stable_ties_are_broken_by_rank_overlap_then_aligned_cosine(example_result):
    """The k-NN overlap moves in steps of 1/(k · pairs): among equal overlaps the rank-weighted overlap decides."""
    import dataclasses

    res = example_result
    least = res.least_stable(100)
    knn, rank = least.column("knn_overlap"), least.column("rank_overlap")
    tied = [i for i in range(len(knn) - 1) if knn[i] == knn[i + 1]]
    assert any(rank[i] < rank[i + 1] for i in tied)  # ties occur, and the tie-break orders them
    assert all(rank[i] <= rank[i + 1] for i in tied)
    # planted: every word tied on the k-NN overlap; words 0 and 1 tied on the rank overlap too
    V = len(res.words)
    rng = np.random.default_rng(0)
    rank_overlap, cosine = rng.permutation(V) / V + 0.01, rng.random(V)
    rank_overlap[1] = rank_overlap[0] = 0.0  # the two lowest, tied
    cosine[0], cosine[1] = 0.9, 0.1  # word 1 first: lower aligned cosine
    per_word = dict(res.per_word, knn_overlap=np.full(V, 0.5), rank_overlap=rank_overlap, aligned_cosine=cosine)
    planted = dataclasses.replace(res, per_word=per_word)
    expected = [res.words[i] for i in np.argsort(rank_overlap + 1e-9 * (np.arange(V) == 0))[:10]]
    assert expected[:2] == [res.words[1], res.words[0]]
    assert planted.least_stable(10).column("word") == expected


def test_outputs(example_result, tmp_path):
    res = example_result
    data = json.loads(res.to_json())
    assert set(data["summary"]) == set(M.MEASURES) and len(data["runs"]) == 3
    assert data["summary"]["knn_overlap"]["interval"][0] < data["summary"]["knn_overlap"]["mean"]
    csv_text = res.to_csv()
    assert csv_text.count("\n") == 601 and csv_text.startswith("word,count,band,knn_overlap")
    md = res.to_markdown(min_count=100)
    for part in ("## Summary", "## Diagnostics", "## By frequency band", "## Least stable words", "| 10-NN overlap"):
        assert part in md
    assert "600 shared words" in md and res._repr_markdown_() == res.to_markdown()
    written = res.save(tmp_path / "out", formats=("png",))
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "bands.png", "report.md", "summary.json", "summary.png", "words.csv", "words.png"]  # fmt: skip
    assert written["report"].endswith("report.md")
    assert "measure" in str(res) and "10-NN overlap" in str(res.summary_table())


def test_least_stable_without_counts_names_the_fix(example):
    res = es.assess(example["runs"], n_perm=2, top_n=200)
    assert res.bands is None and len(res.words) == 200
    with pytest.raises(ValueError, match="min_count needs word counts.*counts="):
        res.least_stable(5, min_count=10)
    with pytest.raises(ValueError, match="by must be one of"):
        res.least_stable(5, by="cka")


def test_degenerate_runs_warn_and_explain(rng):
    V, d = 500, 20
    freq = rng.normal(size=V) * 8  # one shared dominant direction (e.g. frequency)
    runs = []
    for i in range(3):
        X = rng.normal(size=(V, d))  # independent neighbourhoods
        X[:, 0] += freq
        X += 10  # a common mean direction: anisotropic
        runs.append(X @ es.random_orthogonal(d, seed=i))
    res = es.assess(runs, k=10, n_perm=3)
    assert res.diagnostics[0].top_share > 0.5 and res.diagnostics[0].mean_pairwise_cosine > 0.5
    assert res.summary["linear_cka"].mean > 0.9 and res.summary["knn_overlap"].mean < 0.2
    text = " ".join(res.warnings)
    assert "Degenerate embeddings" in text and "anisotropic" in text and "The measures disagree" in text
    codes = {w.code: w.values for w in res.warnings}
    assert {"degenerate", "anisotropic", "measures_disagree"} <= set(codes)
    worst = max(res.diagnostics, key=lambda g: g.top_share)
    assert codes["degenerate"] == {"run": worst.name, "top_share": worst.top_share,
                                   "effective_dim": worst.effective_dim, "dim": 20}  # fmt: skip
    assert codes["anisotropic"]["mean_cosine"] == max(g.mean_pairwise_cosine for g in res.diagnostics)
    assert dict(codes["measures_disagree"]["measures"])["linear_cka"] == res.summary["linear_cka"].mean
    assert codes["measures_disagree"]["knn"] == res.summary["knn_overlap"].mean


def test_every_warning_carries_its_code_and_values(rng, example):
    """A caller renders warnings in another language from code and values: every warning has them, and they survive
    pickling; the text (what reports and JSON print) is unchanged."""
    import pickle

    from embstab_lib.assessment import WARNING_CODES, AssessmentWarning

    runs = [rng.normal(size=(300, 8)) for _ in range(2)]  # 2 unrelated runs: two_runs and at_chance
    warns = list(es.assess(runs, k=5, n_perm=3).warnings)
    warns += es.compare_groups(example["runs"], [example["small"]], n_perm=2).warnings  # single_run_group
    assert {"two_runs", "at_chance", "single_run_group"} <= {w.code for w in warns}
    for w in warns:
        assert isinstance(w, AssessmentWarning) and isinstance(w, str)
        assert set(w.values) == set(WARNING_CODES[w.code]), w.code
        back = pickle.loads(pickle.dumps(w))
        assert (back, back.code, back.values) == (w, w.code, w.values)
    at_chance = next(w for w in warns if w.code == "at_chance")
    assert at_chance.values["measure"] in es.assessment.MEASURES
    assert str(at_chance).startswith(at_chance.values["label"])
    assert json.loads(json.dumps(warns)) == [str(w) for w in warns]
    with pytest.raises(ValueError, match="unknown warning code"):
        AssessmentWarning("text", "no_such_code")
    with pytest.raises(ValueError, match="needs the values"):
        AssessmentWarning("text", "anisotropic", run="a")


def test_compare_groups_across_dimensions(example):
    small = example["small"]
    g = es.compare_groups(example["runs"], [small], counts=example["counts"], n_perm=3, groups=("d30", "d15"))
    assert g.within_b is None and g.difference is None and g.dims_b == [15]
    assert any("single run" in w and "confounded" in w for w in g.warnings)
    assert g.cross["knn_overlap"].above_chance and g.cross["knn_overlap"].interval is not None
    assert g.cross["knn_overlap"].interval.n == 3  # a t interval over the 3 runs of the other group
    md = g.to_markdown()
    assert "within d30" in md and json.loads(g.to_json())["dims_b"] == [15]


def test_zero_padding_recovers_a_planted_rotation(rng):
    A = rotated_copies(rng, V=200, d=6, n=3)
    B = [np.hstack([a, np.zeros((200, 3))]) @ es.random_orthogonal(9, seed=7 + i) for i, a in enumerate(A)]
    g = es.compare_groups(A, B, k=5, n_perm=2)
    assert g.cross["procrustes_residual"].mean == pytest.approx(0, abs=1e-6)
    assert g.cross["aligned_cosine"].mean == pytest.approx(1, abs=1e-9)
    assert g.cross["knn_overlap"].mean == 1.0
    d = g.difference["knn_overlap"]
    assert d.mean == 0 and d.n == 3


def test_bad_input(rng):
    X = rng.normal(size=(50, 4))
    with pytest.raises(ValueError, match="at least 2 runs"):
        es.assess([X])
    with pytest.raises(ValueError, match="k=50 is too large"):
        es.assess([X, X, X], k=50)
    bad = X.copy()
    bad[3, 1] = np.nan
    with pytest.raises(ValueError, match="run 'run2' contains 1 NaN"):
        es.assess([X, bad, X])
    with pytest.raises(ValueError, match="same V"):
        es.assess([X, X[:40]])
    with pytest.raises(ValueError, match="n_perm must be a positive integer"):
        es.assess([X, X, X], n_perm=0)
    with pytest.raises(ValueError, match="names must be 3 distinct"):
        es.assess([X, X, X], names=["a", "a", "b"])


def test_keyed_vectors_directly_or_a_message_naming_shared_matrices(rng):
    from gensim.models import KeyedVectors

    kvs = []
    for i in range(3):
        kv = KeyedVectors(5)
        words = [f"w{j}" for j in range(60)]
        order = rng.permutation(60) if i else np.arange(60)  # another order in every run
        kv.add_vectors([words[j] for j in order], rng.normal(size=(60, 5)))
        kvs.append(kv)
    res = es.assess(kvs, k=3, n_perm=2)
    assert res.words == kvs[0].index_to_key and res.names == ["run1", "run2", "run3"]
    with pytest.raises(TypeError, match=r"A is a gensim KeyedVectors: .*es.shared_matrices\(kv_a, kv_b\)"):
        es.knn_overlap(kvs[0], kvs[1], 3)
    with pytest.raises(TypeError, match="B is a gensim KeyedVectors"):
        es.linear_cka(np.zeros((60, 5)) + 1, kvs[1])


def test_threads_give_the_same_result(rng):
    runs = rotated_copies(rng, V=400, d=8, n=3, noise=0.5)
    one = es.assess(runs, k=5, n_perm=6, n_jobs=1)
    two = es.assess(runs, k=5, n_perm=6, n_jobs=2)
    for name in one.summary:
        assert one.summary[name].chance == two.summary[name].chance
        assert np.array_equal(one.summary[name].values, two.summary[name].values)
