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
    rng = np.random.default_rng(1)
    out = []
    for d in (10, 50, 100):
        effect = {s: rng.normal(0, 0.03) for s in range(3)}
        for a, b in seed_pairs(range(3)):
            out.append(
                {
                    "corpus": "wiki-sample",
                    "fraction": 1.0,
                    "vector_size": d,
                    "seed_a": a,
                    "seed_b": b,
                    "knn": 0.1 + d / 400 + effect[a] + effect[b] + rng.normal(0, 0.005),
                }
            )
    return out


@pytest.fixture
def corpora_runs():
    """Two 'runs on two corpora' of a shared structure, with the intervals the notebook passes."""
    rng = np.random.default_rng(2)
    base = rng.normal(size=(300, 6)) * np.linspace(3, 1, 6)
    words = [f"w{i:04d}" for i in range(300)]
    run_a = Run(base + 0.8 * rng.normal(size=base.shape), words=words)
    run_b = Run(base @ np.linalg.qr(rng.normal(size=(6, 6)))[0] + 0.8 * rng.normal(size=base.shape), words=words)
    return run_a, run_b, words[:200]


def _cka(run_a, run_b, words):
    A = run_a.kv.vectors[[run_a.kv.key_to_index[w] for w in words]].astype(float)
    B = run_b.kv.vectors[[run_b.kv.key_to_index[w] for w in words]].astype(float)
    return linear_cka(A, B)


def reference_pip_best(E, T):
    E, T = E - E.mean(axis=0), T - T.mean(axis=0)
    cos = np.linalg.norm(E.T @ T) ** 2 / (np.linalg.norm(E.T @ E) * np.linalg.norm(T.T @ T))
    return np.sqrt(max(1 - cos**2, 0.0))


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, synthetic_run, records, corpora_runs):
    run_a, run_b, words = corpora_runs
    checks.ch08_pip_best(_stub, synthetic_run, lang=lang)
    checks.ch08_interval_from_records(..., records, lang=lang)
    checks.ch08_predict_two_corpora(
        ..., ..., ..., run_a, run_b, words, Interval(0.9, 0.8, 1.0, 3), Interval(0.5, 0.4, 0.6, 3), lang=lang
    )
    out = capsys.readouterr().out
    assert out.count(word) == 3 and "✓" not in out


def test_docstrings_do_not_give_the_answers():
    docs = " ".join(
        inspect.getdoc(f)
        for f in (checks.ch08_pip_best, checks.ch08_interval_from_records, checks.ch08_predict_two_corpora)
    )
    for leak in ("pairwise_ci", "‖EᵀT‖", "1 − CKA", "sin", '"c"', "sine"):
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
def test_interval_reference_passes(capsys, records):
    at50 = [r for r in records if r["vector_size"] == 50]
    answer = pairwise_ci([r["knn"] for r in at50], [(r["seed_a"], r["seed_b"]) for r in at50])
    checks.ch08_interval_from_records(answer, records, lang="vi")
    out = capsys.readouterr().out
    assert "✓" in out and "hẹp hơn" in out


def test_interval_wrong_answers_fail(records):
    at50 = [r["knn"] for r in records if r["vector_size"] == 50]
    with pytest.raises(CheckFailed, match="share seed"):
        checks.ch08_interval_from_records(mean_ci(at50), records, lang="en")
    at100 = [r for r in records if r["vector_size"] == 100]
    other_d = pairwise_ci([r["knn"] for r in at100], [(r["seed_a"], r["seed_b"]) for r in at100])
    with pytest.raises(CheckFailed, match="another d"):
        checks.ch08_interval_from_records(other_d, records, lang="en")
    with pytest.raises(CheckFailed, match="Interval"):
        checks.ch08_interval_from_records(float(np.mean(at50)), records, lang="en")


# ------------------------------------------------------------------ 8.3
def test_two_corpora_reference_passes_with_the_right_letter(capsys, corpora_runs):
    run_a, run_b, words = corpora_runs
    got = _cka(run_a, run_b, words)
    cases = {
        "a": (Interval(got, got - 0.01, got + 0.1, 3), Interval(0.1, 0.05, 0.15, 3)),
        "b": (Interval(0.99, got + 0.01, 1.0, 3), Interval(0.1, 0.05, got - 0.01, 3)),
        "c": (Interval(0.99, got + 0.05, 1.0, 3), Interval(got + 0.02, got + 0.01, got + 0.03, 3)),
    }
    for letter, (seeds_iv, truth_iv) in cases.items():
        checks.ch08_predict_two_corpora(0.5, got, letter, run_a, run_b, words, seeds_iv, truth_iv, lang="en")
        assert "✓" in capsys.readouterr().out
        wrong = "a" if letter != "a" else "b"
        with pytest.raises(CheckFailed, match="Which option"):
            checks.ch08_predict_two_corpora(0.5, got, wrong, run_a, run_b, words, seeds_iv, truth_iv, lang="en")


def test_two_corpora_wrong_measurements_fail(corpora_runs):
    run_a, run_b, words = corpora_runs
    seeds_iv, truth_iv = Interval(0.99, 0.98, 1.0, 3), Interval(0.95, 0.94, 0.96, 3)
    all_words = _cka(run_a, run_b, list(run_a.kv.index_to_key))
    with pytest.raises(CheckFailed, match="common_syn"):
        checks.ch08_predict_two_corpora(0.5, all_words, "c", run_a, run_b, words, seeds_iv, truth_iv, lang="en")
    with pytest.raises(CheckFailed, match="prediction"):
        checks.ch08_predict_two_corpora(
            None, _cka(run_a, run_b, words), "c", run_a, run_b, words, seeds_iv, truth_iv, lang="en"
        )
    with pytest.raises(CheckFailed, match="letters"):
        checks.ch08_predict_two_corpora(
            0.5, _cka(run_a, run_b, words), "d", run_a, run_b, words, seeds_iv, truth_iv, lang="en"
        )
    with pytest.raises(CheckFailed, match="one number"):
        checks.ch08_predict_two_corpora(0.5, [0.5], "c", run_a, run_b, words, seeds_iv, truth_iv, lang="en")


def test_two_corpora_prints_how_far_the_prediction_was(capsys, corpora_runs):
    run_a, run_b, words = corpora_runs
    got = _cka(run_a, run_b, words)
    checks.ch08_predict_two_corpora(
        0.2,
        got,
        "c",
        run_a,
        run_b,
        words,
        Interval(0.99, got + 0.05, 1.0, 3),
        Interval(0.99, got + 0.01, 1.0, 3),
        lang="vi",
    )
    out = capsys.readouterr().out
    assert "Bạn dự đoán 0.2" in out and "lệch" in out
