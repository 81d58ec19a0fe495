"""Checks of chapter 10: the reference answers pass, plausible wrong answers fail, stubs are "not done yet".

The checks read an ``Assessment``; here it is computed on small planted runs (5 runs, 1 200 words, corpus counts in
five decades), so that the tests run in seconds and control which statements are true.
"""

import inspect

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import checks
from embstab_lib.checks import _core
from embstab_lib.checks._core import CheckFailed

NAMES = [f"seed {s}" for s in range(5)]


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()


def _assessment(top_noise, scale=1.0):
    """5 planted runs: an anisotropic signal shared by every run plus run-specific noise whose size depends on the
    word's count band (5–9, 10–99, 100–999, 1000–9999, ≥10000); ``top_noise`` is the noise of the 1000–9999 band,
    ``scale`` multiplies every band's noise."""
    rng = np.random.default_rng(3)
    per_band = [400, 400, 300, 80, 20]
    lows, highs = [5, 10, 100, 1000, 10000], [10, 100, 1000, 10000, 30000]
    counts = np.concatenate([rng.integers(lo, hi, n) for lo, hi, n in zip(lows, highs, per_band)])
    noise = scale * np.repeat([1.3, 0.9, 0.35, top_noise, 0.5], per_band)[:, None]
    T = rng.normal(size=(len(counts), 20)) * np.linspace(3, 0.5, 20)
    runs = [T + noise * rng.normal(size=T.shape) for _ in NAMES]
    words = [f"w{i:04d}" for i in range(len(counts))]
    return es.assess(runs, counts=counts, words=words, names=NAMES, n_perm=5)


@pytest.fixture(scope="module")
def res():
    """Like the standard runs: the 1000–9999 band keeps fewer neighbours than the 100–999 band."""
    return _assessment(top_noise=0.7)


@pytest.fixture(scope="module")
def res_monotone():
    """Here the 1000–9999 band is the most stable one: statement d becomes true."""
    return _assessment(top_noise=0.05)


@pytest.fixture(scope="module")
def res_quiet():
    """Little noise: even the rarest band is > 100 times chance (a), most words keep ≥ 3 of 10 neighbours (b), and
    the per-word aligned cosine hardly ranks the words like the overlap (f false)."""
    return _assessment(top_noise=0.7, scale=0.05)


@pytest.fixture(scope="module")
def planted():
    runs = checks.ch10_planted_runs()
    assert len(runs) == 3 and all(r.shape == (2000, 50) for r in runs)
    return runs


def _naive(A, B):
    return es.mean_cosine(es.procrustes(A, B).aligned, B)


def _naive_chance(A, B, seed=0):
    P = B[np.random.default_rng(seed).permutation(len(B))]
    return _naive(A, P)


def _ratio(res, names, interval=es.pairwise_ci):
    s = res.summary["knn_overlap"]
    keep = [p for p, (a, b) in enumerate(res.pairs) if a in names and b in names]
    values = s.values[keep]
    iv = interval(values, [res.pairs[p] for p in keep]) if interval is es.pairwise_ci else interval(values)
    return (iv.high - iv.low) / (s.interval.high - s.interval.low)


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, res, planted):
    checks.ch10_read_assessment(..., res, lang=lang)
    checks.ch10_planted_case(..., ..., ..., planted, lang=lang)
    checks.ch10_predict_three_seeds(..., ..., ..., res, lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 3 and "✓" not in out


def test_docstrings_do_not_give_the_answers():
    docs = " ".join(
        inspect.getdoc(f)
        for f in (checks.ch10_read_assessment, checks.ch10_planted_case, checks.ch10_predict_three_seeds)
    )
    docs += " " + inspect.getdoc(checks.ch10_planted_runs)
    for leak in (
        '"a"',
        '"b"',
        '"c"',
        "pairwise_ci",
        "mean_cosine",
        "permutation",
        "at chance",
        "chance level",
        "1.25",
        "common",
        "noise",
    ):
        assert leak not in docs


# ------------------------------------------------------------------ 10.1
@pytest.mark.parametrize("answer", [{"c", "f"}, ["f", "c"], "c, f", ("(c)", "F")])
def test_read_assessment_reference_passes(capsys, res, answer):
    checks.ch10_read_assessment(answer, res, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 10.1" in out and "a, b, d, e are not supported" in out and "median" in out


@pytest.mark.parametrize(
    "wrong, says",
    [
        ({"a", "c", "f"}, "Statement a is not supported.*rarest band"),
        ({"b", "c", "f"}, "Statement b is not supported.*word by word"),
        ({"c", "d", "f"}, "Statement d is not supported"),
        ({"c", "e", "f"}, "interval for the mean"),
        ({"c"}, "You left out a statement that the numbers support: f"),
        ({"f"}, "You left out a statement that the numbers support: c"),
        (set(), "You left out"),
        ({"a", "g"}, "letters from"),
        ("everything", "letters from"),
        (3, "letters from"),
    ],
)
def test_read_assessment_wrong_answers_fail(res, wrong, says):
    with pytest.raises(CheckFailed, match=says):
        checks.ch10_read_assessment(wrong, res, lang="en")


def test_read_assessment_hints_give_the_computation_after_repeated_failures(res):
    """First what to look at; after repeated failures, the computation and its value."""
    share = np.mean(res.per_word["knn_overlap"] >= 0.3)
    with pytest.raises(CheckFailed) as first:
        checks.ch10_read_assessment({"b", "c", "f"}, res, lang="en")
    assert "np.mean" not in str(first.value)
    with pytest.raises(CheckFailed) as again:
        checks.ch10_read_assessment({"b", "c", "f"}, res, lang="en")
    assert "np.mean" in str(again.value) and f"{share:.2f}" in str(again.value)


def test_read_assessment_is_judged_on_the_numbers(capsys, res_monotone, res_quiet):
    """When the 1000–9999 band is the most stable one, statement d holds, and leaving it out is wrong; with little
    noise, a and b hold and f does not."""
    checks.ch10_read_assessment({"c", "d", "f"}, res_monotone, lang="vi")
    assert "✓ Bài tập 10.1" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="left out .* d"):
        checks.ch10_read_assessment({"c", "f"}, res_monotone, lang="en")
    checks.ch10_read_assessment({"a", "b", "c"}, res_quiet, lang="en")
    assert "✓ Exercise 10.1" in capsys.readouterr().out
    _core._FAILURES.clear()
    with pytest.raises(CheckFailed, match="Statement f is not supported"):
        checks.ch10_read_assessment({"a", "b", "c", "f"}, res_quiet, lang="en")


def test_read_assessment_needs_bands(planted):
    no_counts = es.assess(planted, n_perm=2)
    with pytest.raises((TypeError, ValueError)):
        checks.ch10_read_assessment({"a"}, no_counts, lang="en")


# ------------------------------------------------------------------ 10.2
def test_planted_case_reference_passes(capsys, planted):
    A, B = planted[0], planted[1]
    naive, chance = _naive(A, B), _naive_chance(A, B)
    assert naive > 0.85 and abs(naive - chance) < 0.01  # the planted case looks stable and is at chance
    checks.ch10_planted_case(naive, chance, "b", planted, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 10.2" in out and "chance baseline and centring" in out


def test_planted_case_wrong_answers_fail(planted):
    A, B = planted[0], planted[1]
    naive, chance = _naive(A, B), _naive_chance(A, B)
    Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
    centred = es.mean_cosine(es.procrustes(Ac, Bc).aligned, Bc)
    cases = [
        ((es.mean_cosine(A, B), chance, "b"), "unaligned"),
        ((centred, chance, "b"), "centred version"),
        ((0.5, chance, "b"), "Align planted"),
        ((naive, 0.0, "b"), "shuffled"),
        ((naive, chance, "a"), "above"),
        ((naive, chance, "c"), "above"),
        ((naive, chance, "z"), "letters"),
        (("0.9", chance, "b"), "one number"),
    ]
    for answer, says in cases:
        _core._FAILURES.clear()  # each wrong answer as a first attempt (hints get more explicit after repeats)
        with pytest.raises(CheckFailed, match=says):
            checks.ch10_planted_case(*answer, planted, lang="en")


def test_planted_case_verdict_follows_the_data(capsys):
    """Runs that do share their words: the right verdict is (a), and (b) fails."""
    rng = np.random.default_rng(4)
    T = rng.normal(size=(800, 20)) * np.linspace(2, 0.5, 20)
    shared = [3 * es.random_orthogonal(20, seed=r)[0] + T + 0.3 * rng.normal(size=T.shape) for r in range(3)]
    naive, chance = _naive(shared[0], shared[1]), _naive_chance(shared[0], shared[1])
    checks.ch10_planted_case(naive, chance, "a", shared, lang="en")
    assert "✓" in capsys.readouterr().out
    with pytest.raises(CheckFailed):
        checks.ch10_planted_case(naive, chance, "b", shared, lang="en")


# ------------------------------------------------------------------ 10.3
def test_three_seeds_reference_passes_and_reports_the_prediction(capsys, res):
    ratio = _ratio(res, NAMES[:3])
    letter = "a" if ratio > 1.25 else "c" if ratio < 0.8 else "b"
    checks.ch10_predict_three_seeds(1.5, ratio, letter, res, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 10.3" in out and "You predicted 1.5" in out and "triples" in out


def test_three_seeds_wrong_answers_fail(res):
    ratio = _ratio(res, NAMES[:3])
    letter = "a" if ratio > 1.25 else "c" if ratio < 0.8 else "b"
    other = next(x for x in "abc" if x != letter)
    cases = [
        ((1.5, 1 / ratio, letter), "upside down"),
        ((1.5, _ratio(res, NAMES[:3], es.mean_ci), letter), "share seeds"),
        ((1.5, _ratio(res, NAMES[2:]), letter), "res.names\\[:3\\]"),
        ((1.5, ratio, other), "measured ratio"),
        ((1.5, ratio, "d"), "letters"),
        ((None, ratio, letter), "prediction"),
        ((1.5, [ratio], letter), "one number"),
    ]
    for answer, says in cases:
        _core._FAILURES.clear()
        with pytest.raises(CheckFailed, match=says):
            checks.ch10_predict_three_seeds(*answer, res, lang="en")


def test_three_seeds_needs_enough_runs(planted):
    three = es.assess(planted, n_perm=2)
    with pytest.raises(ValueError, match="at least 4 runs"):
        checks.ch10_predict_three_seeds(1.0, 1.0, "a", three, lang="en")
