"""Checks of chapter 08: the reference answers pass, plausible wrong answers fail, stubs are "not done yet"."""

import inspect

import numpy as np
import pytest

from embstab_lib import Interval, checks, linear_cka, mean_ci, pairwise_ci, seed_pairs
from embstab_lib.checks import _core
from embstab_lib.checks._core import CheckFailed
from embstab_lib.store import make_keyed_vectors


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()


def _stub(*args):
    raise NotImplementedError


class Run:
    """What the checks read from a sweep run: ``kv``, ``truth`` and ``seed``."""

    def __init__(self, W, truth=None, words=None, seed=0):
        words = words or [f"w{i:04d}" for i in range(len(W))]
        self.kv = make_keyed_vectors(words, np.asarray(W, dtype=np.float32), [1] * len(words))
        self.truth, self.seed = truth, seed


@pytest.fixture
def synthetic_run():
    rng = np.random.default_rng(0)
    T = rng.normal(size=(2000, 10))
    return Run(T @ rng.normal(size=(10, 10)) + 0.5 * rng.normal(size=(2000, 10)), truth=T)


@pytest.fixture
def records():
    """Pairs of seeds at d = 100 and d = 300: seed effects shared across d, a small change from 100 to 300."""
    rng = np.random.default_rng(1)
    effect = {s: rng.normal(0, 0.01) for s in range(3)}
    out = []
    for d, level in ((10, 0.10), (100, 0.29), (300, 0.286)):
        for a, b in seed_pairs(range(3)):
            knn = level + effect[a] + effect[b] + rng.normal(0, 0.002)
            out.append(
                {"corpus": "wiki-sample", "fraction": 1.0, "vector_size": d, "seed_a": a, "seed_b": b, "knn": knn}
            )
    return out


def differences(records):
    at = {d: {(r["seed_a"], r["seed_b"]): r["knn"] for r in records if r["vector_size"] == d} for d in (100, 300)}
    pairs = list(at[300])
    return [at[300][p] - at[100][p] for p in pairs], pairs


@pytest.fixture
def corpora_runs():
    """Three 'runs on three corpora' of a planted truth, each with its own noise, and a reference interval."""
    rng = np.random.default_rng(2)
    truth = rng.normal(size=(300, 6)) * np.linspace(3, 1, 6)
    words = [f"w{i:04d}" for i in range(300)]
    runs = [
        Run(truth @ np.linalg.qr(rng.normal(size=(6, 6)))[0] + 1.5 * rng.normal(size=truth.shape), truth, words)
        for _ in range(3)
    ]
    return runs, words[:200]


def reference_pip_best(E, T):
    E, T = E - E.mean(axis=0), T - T.mean(axis=0)
    cos = np.linalg.norm(E.T @ T) ** 2 / (np.linalg.norm(E.T @ E) * np.linalg.norm(T.T @ T))
    return np.sqrt(max(1 - cos**2, 0.0))


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, synthetic_run, records, corpora_runs):
    runs, words = corpora_runs
    checks.ch08_pip_best(_stub, synthetic_run, lang=lang)
    checks.ch08_interval_from_records(..., records, lang=lang)
    checks.ch08_predict_two_corpora(..., ..., ..., runs, words, Interval(0.9, 0.8, 1.0, 3), lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 3 and "✓" not in out


def test_docstrings_do_not_give_the_answers():
    docs = " ".join(
        inspect.getdoc(f)
        for f in (checks.ch08_pip_best, checks.ch08_interval_from_records, checks.ch08_predict_two_corpora)
    )
    for leak in ("pairwise_ci", "mean_ci", "‖EᵀT‖", "1 − CKA", "sin", '"c"', "sine", "jackknife", "contains 0"):
        assert leak not in docs


# ------------------------------------------------------------------ 8.1
def test_pip_best_reference_passes_and_names_cka(capsys, synthetic_run):
    checks.ch08_pip_best(reference_pip_best, synthetic_run, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "CKA" in out


def brute_force(E, T):  # right, but with a V×V matrix
    Ec, Tc = E - E.mean(axis=0), T - T.mean(axis=0)
    G, TT = Ec @ Ec.T, Tc @ Tc.T
    return np.linalg.norm(np.sum(G * TT) / np.sum(G * G) * G - TT) / np.linalg.norm(TT)


def at_scale_one(E, T):
    E, T = E - E.mean(axis=0), T - T.mean(axis=0)
    sq = np.linalg.norm(E.T @ E) ** 2 + np.linalg.norm(T.T @ T) ** 2 - 2 * np.linalg.norm(E.T @ T) ** 2
    return np.sqrt(max(sq, 0.0)) / np.linalg.norm(T.T @ T)


def uncentred(E, T):
    cos = np.linalg.norm(E.T @ T) ** 2 / (np.linalg.norm(E.T @ E) * np.linalg.norm(T.T @ T))
    return np.sqrt(max(1 - cos**2, 0.0))


def squared(E, T):
    return reference_pip_best(E, T) ** 2


def one_minus_cka(E, T):
    return 1 - linear_cka(E, T)


@pytest.mark.parametrize(
    "wrong, says",
    [
        (brute_force, "V×V"),
        (at_scale_one, "s = 1"),
        (uncentred, "centre"),
        (squared, "square"),
        (one_minus_cka, "quadratic"),
    ],
)
def test_pip_best_wrong_answers_fail_with_their_hint(wrong, says, synthetic_run):
    with pytest.raises(CheckFailed, match=says):
        checks.ch08_pip_best(wrong, synthetic_run, lang="en")


def test_pip_best_a_crash_is_the_students():
    def crash(E, T):
        raise KeyError("x")

    with pytest.raises(CheckFailed, match="KeyError"):
        checks.ch08_pip_best(crash, Run(np.eye(20)[:, :3], truth=np.eye(20)[:, :3]), lang="en")


# ------------------------------------------------------------------ 8.2
def test_interval_reference_passes_and_says_what_the_naive_interval_would_claim(capsys, records):
    diffs, pairs = differences(records)
    right, naive = pairwise_ci(diffs, pairs), mean_ci(diffs)
    checks.ch08_interval_from_records(right, records, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "times narrower" in out
    assert ("contains 0" in out) == (right.low <= 0 <= right.high)
    assert ("claim a change" in out) == (right.low <= 0 <= right.high and not naive.low <= 0 <= naive.high)
    checks.ch08_interval_from_records(right, records, lang="vi")
    assert "hẹp hơn" in capsys.readouterr().out


def test_interval_accepts_the_pairs_in_another_order(capsys, records):
    diffs, pairs = differences(records)
    checks.ch08_interval_from_records(pairwise_ci(diffs[::-1], pairs[::-1]), records, lang="en")
    assert "✓" in capsys.readouterr().out


def test_interval_wrong_answers_fail(records):
    diffs, pairs = differences(records)
    with pytest.raises(CheckFailed, match="share seed"):
        checks.ch08_interval_from_records(mean_ci(diffs), records, lang="en")
    with pytest.raises(CheckFailed, match="reversed"):
        checks.ch08_interval_from_records(pairwise_ci([-x for x in diffs], pairs), records, lang="en")
    at300 = [r for r in records if r["vector_size"] == 300]
    one_d = pairwise_ci([r["knn"] for r in at300], [(r["seed_a"], r["seed_b"]) for r in at300])
    with pytest.raises(CheckFailed, match="one value of d"):
        checks.ch08_interval_from_records(one_d, records, lang="en")
    with pytest.raises(CheckFailed, match="Interval"):
        checks.ch08_interval_from_records(float(np.mean(diffs)), records, lang="en")
    mean = float(np.mean(diffs))
    with pytest.raises(CheckFailed, match="each difference belongs"):  # right mean, an interval from nowhere
        checks.ch08_interval_from_records(Interval(mean, mean - 0.1, mean + 0.1, 3), records, lang="en")


# ------------------------------------------------------------------ 8.3
def _values(runs, words):
    rows = [r.kv.vectors[[r.kv.key_to_index[w] for w in words]].astype(float) for r in runs]
    pairs = seed_pairs(range(len(runs)))
    return [linear_cka(rows[i], rows[j]) for i, j in pairs], pairs


def test_two_corpora_reference_passes_with_the_right_letter(capsys, corpora_runs):
    runs, words = corpora_runs
    values, pairs = _values(runs, words)
    got = pairwise_ci(values, pairs)
    references = {
        "a": Interval(got.low - 0.2, got.low - 0.3, got.low - 0.1, 3),
        "b": Interval(got.mean, got.mean - 0.01, got.mean + 0.01, 3),
        "c": Interval(got.high + 0.2, got.high + 0.1, got.high + 0.3, 3),
    }
    for letter, reference in references.items():
        checks.ch08_predict_two_corpora(0.5, got, letter, runs, words, reference, lang="en")
        out = capsys.readouterr().out
        assert "✓" in out and "You predicted 0.5" in out and "against the truth" in out
        for wrong in {"a", "b", "c"} - {letter}:
            with pytest.raises(CheckFailed, match="How do the two intervals"):
                checks.ch08_predict_two_corpora(0.5, got, wrong, runs, words, reference, lang="en")
    checks.ch08_predict_two_corpora(0.2, got, "(C)", runs, words, references["c"], lang="vi")
    assert "Bạn dự đoán 0.2" in capsys.readouterr().out


def test_two_corpora_wrong_measurements_fail(corpora_runs):
    runs, words = corpora_runs
    values, pairs = _values(runs, words)
    got, reference = pairwise_ci(values, pairs), Interval(0.99, 0.98, 1.0, 3)
    with pytest.raises(CheckFailed, match="n = 1"):  # one pair of corpora
        checks.ch08_predict_two_corpora(0.5, values[0], "c", runs, words, reference, lang="en")
    with pytest.raises(CheckFailed, match="not a single number"):
        checks.ch08_predict_two_corpora(0.5, got.mean, "c", runs, words, reference, lang="en")
    with pytest.raises(CheckFailed, match="share corpus 0"):
        checks.ch08_predict_two_corpora(0.5, mean_ci(values), "c", runs, words, reference, lang="en")
    every = list(runs[0].kv.index_to_key)
    with pytest.raises(CheckFailed, match="words_c"):
        checks.ch08_predict_two_corpora(0.5, pairwise_ci(_values(runs, every)[0], pairs), "c", runs, words, reference)
    with pytest.raises(CheckFailed, match="prediction"):
        checks.ch08_predict_two_corpora(None, got, "c", runs, words, reference, lang="en")
    with pytest.raises(CheckFailed, match="letters"):
        checks.ch08_predict_two_corpora(0.5, got, "d", runs, words, reference, lang="en")
    with pytest.raises(CheckFailed, match="Interval"):
        checks.ch08_predict_two_corpora(0.5, [0.5], "c", runs, words, reference, lang="en")
