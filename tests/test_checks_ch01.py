import inspect

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import checks
from embstab_lib.checks import _core, ch01


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    monkeypatch.setattr(_core, "_FAILURES", {})  # every test starts with the first (conceptual) hint tier


def loo_reference(values, pairs):
    seeds = sorted({s for p in pairs for s in p})
    return np.array([np.mean([v for v, p in zip(values, pairs) if s not in p]) for s in seeds])


@pytest.fixture
def pair_data(rng):
    pairs = es.seed_pairs(range(5))
    effect = rng.normal(0, 0.05, 5)
    return [0.2 + effect[i] + effect[j] + rng.normal(0, 0.01) for i, j in pairs], pairs


@pytest.fixture(scope="module")
def start_vs_seed(lee_small):
    start = es.knn_overlap_runs(es.source_runs(lee_small, "init", 3, epochs=10)).ci()
    seed = es.knn_overlap_runs(es.source_runs(lee_small, "seed", 3, epochs=10)).ci()
    right = "a" if start.low > seed.high else "c" if start.high < seed.low else "b"
    return start, seed, right


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, pair_data, lee_small):
    def stub(*args):
        raise NotImplementedError

    A = np.eye(3)
    checks.ch01_cross_run_cosine(..., A, A, lang=lang)
    checks.ch01_leave_one_seed_out(stub, *pair_data, lang=lang)
    checks.ch01_init_std(stub, lang=lang)
    checks.ch01_reproducible(..., ..., lang=lang)
    checks.ch01_reproducible({"seed": 1}, ..., lang=lang)  # one dict alone is not an answer yet
    checks.ch01_predict_start(..., ..., ..., lee_small, lang=lang)
    checks.ch01_predict_start(0.5, ..., ..., lee_small, lang=lang)  # a prediction alone is not an answer yet
    out = capsys.readouterr().out
    assert out.count(word) == 7 and "✓" not in out


def test_cross_run_cosine(capsys, rng):
    A, B = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    ref = (A * B).sum(1) / (np.linalg.norm(A, axis=1) * np.linalg.norm(B, axis=1))
    checks.ch01_cross_run_cosine(ref, A, B, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "nowhere near 1" in out
    with pytest.raises(checks.CheckFailed, match="dot product"):
        checks.ch01_cross_run_cosine((A * B).sum(1), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="5 numbers"):
        checks.ch01_cross_run_cosine(ref[:3], A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="tích vô hướng"):
        checks.ch01_cross_run_cosine((A * B).sum(1), A, B, lang="vi")
    with pytest.raises(checks.CheckFailed, match="absolute"):
        checks.ch01_cross_run_cosine(np.abs(ref), A, B, lang="en")
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match="angle"):
        checks.ch01_cross_run_cosine(ref + 0.1, A, B, lang="en")


def test_leave_one_seed_out(capsys, pair_data):
    checks.ch01_leave_one_seed_out(loo_reference, *pair_data, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Bài tập 1.2" in out and "pairwise_ci" in out


def test_leave_one_seed_out_wrong_answers(pair_data):
    def keep_the_seed(values, pairs):
        seeds = sorted({s for p in pairs for s in p})
        return np.array([np.mean([v for v, p in zip(values, pairs) if s in p]) for s in seeds])

    def leave_one_pair_out(values, pairs):
        v = np.asarray(values)
        return np.array([np.delete(v, i).mean() for i in range(len(v))])

    def first_seen_order(values, pairs):
        seeds = list(dict.fromkeys(s for p in pairs for s in p))
        return np.array([np.mean([v for v, p in zip(values, pairs) if s not in p]) for s in seeds])

    def range_seeds(values, pairs):  # assumes the seeds are 0..n-1
        n = len({s for p in pairs for s in p})
        return np.array([np.mean([v for v, p in zip(values, pairs) if s not in p] or [0.0]) for s in range(n)])

    for wrong, match in (
        (keep_the_seed, "contain"),
        (leave_one_pair_out, "one per pair"),
        (first_seen_order, "increasing order"),
        (range_seeds, "without s"),
        (lambda v, p: 0.3, "one-dimensional"),
    ):
        _core._FAILURES.clear()
        with pytest.raises(checks.CheckFailed, match=match):
            checks.ch01_leave_one_seed_out(wrong, *pair_data, lang="en")


def test_init_std(capsys):
    checks.ch01_init_std(lambda d: (2 / d) / np.sqrt(12), lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 1.3" in out and "0.00577" in out
    with pytest.raises(checks.CheckFailed, match="width 2/d"):
        checks.ch01_init_std(lambda d: (1 / d) / np.sqrt(12), lang="en")
    with pytest.raises(checks.CheckFailed, match="half-width"):
        checks.ch01_init_std(lambda d: 1 / d, lang="en")  # the article's sigma guessed as 1/d
    with pytest.raises(checks.CheckFailed, match="variance"):
        checks.ch01_init_std(lambda d: 1 / (3 * d**2), lang="en")
    with pytest.raises(checks.CheckFailed, match="one number"):
        checks.ch01_init_std(lambda d: [1 / d], lang="en")


def test_init_std_hints_are_tiered(monkeypatch, capsys):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    for _ in range(3):
        checks.ch01_init_std(lambda d: 0.1, lang="en")
    first, *_, last = capsys.readouterr().out.strip().splitlines()
    assert "√12" not in first and "(b − a)/√12" in last


@pytest.mark.parametrize(
    "same, stream_only, explicit",
    [
        ({"seed": 7, "workers": 1}, {"seed": 7, "sampling_seed": 8, "workers": 1}, True),
        ({}, {"sampling_seed": 1}, False),
        ({"seed": 3}, {"seed": 3, "sampling_seed": 0}, True),
    ],
)
def test_reproducible_accepts_any_correct_pair(capsys, same, stream_only, explicit):
    checks.ch01_reproducible(same, stream_only, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "Same start, another stream" in out
    assert ("write the seed out" in out) != explicit


@pytest.mark.parametrize(
    "same, stream_only, says",
    [
        ({"seed": 7, "workers": 3}, {"seed": 7, "sampling_seed": 8}, "threads"),
        ({"seed": 7}, {"seed": 7, "sampling_seed": 8, "workers": 2}, "threads"),
        ({"seed": 7}, {"seed": 8}, "initial vectors"),  # a new seed changes the start too
        ({"seed": 7}, {"seed": 7, "sampling_seed": 8, "vector_size": 20}, "initial vectors"),
        ({"seed": 7}, {"seed": 7}, "identical"),
        ({"seed": 7}, {"seed": 7, "sampling_seed": 7}, "identical"),  # sampling_seed = seed: the same stream
        ([("seed", 1)], {"seed": 1, "sampling_seed": 2}, "dict"),
        ({"seed": 1}, {"seed": 1, "sampling_seed": -1}, "refuses"),
        ({"seeds": 1}, {"seed": 1, "sampling_seed": 2}, "refuses"),
    ],
)
def test_reproducible_wrong_answers(same, stream_only, says):
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match=says):
        checks.ch01_reproducible(same, stream_only, lang="en")


def test_predict_start(capsys, lee_small, start_vs_seed):
    start, seed, right = start_vs_seed
    checks.ch01_predict_start(0.5, start.mean, right, lee_small, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 1.5" in out and "You predicted 0.5" in out and str(seed) in out


def expect_failure(match, check, *args, **kwargs):
    _core._FAILURES.clear()  # the first (conceptual) hint tier
    with pytest.raises(checks.CheckFailed, match=match):
        check(*args, lang="en", **kwargs)


def test_predict_start_wrong_answers(lee_small, start_vs_seed):
    start, seed, right = start_vs_seed
    check = checks.ch01_predict_start
    expect_failure("prediction", check, None, start.mean, right, lee_small)
    expect_failure("different seeds", check, 0.5, seed.mean, right, lee_small)
    expect_failure("3 pairs", check, 0.5, start.mean + 0.05, right, lee_small)
    expect_failure("one number", check, 0.5, [start.mean], right, lee_small)
    expect_failure("intervals", check, 0.5, start.mean, next(x for x in "abc" if x != right), lee_small)
    expect_failure("letters", check, 0.5, start.mean, "d", lee_small)


def test_docstrings_do_not_leak_answers():
    leaks = [
        "√12",
        "sqrt(12)",
        "1 / (d",
        "workers=1",
        "s not in p",
        "np.mean",
        "sorted(",
        "source_runs(",
        "sampling_seed",
        '"init"',
        "(b − a)",
    ]
    for name in ch01.__all__:
        doc = inspect.getdoc(getattr(checks, name)) or ""
        assert doc, f"{name} has no docstring"
        for leak in leaks:
            assert leak not in doc, f"{name}'s docstring gives away {leak!r}"


def test_student_code_errors_are_reported_not_raised(capsys, monkeypatch, pair_data):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch01_init_std(lambda d: 1 / undefined_name, lang="en")  # noqa: F821
    checks.ch01_leave_one_seed_out(lambda v, p: v[99], *pair_data, lang="en")
    out = capsys.readouterr().out
    assert out.count("✗") == 2 and "NameError" in out and "IndexError" in out


def test_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        checks.ch01_init_std(..., lang="fr")
