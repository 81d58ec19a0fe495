"""Checks of chapter 09: the reference answers pass, plausible wrong answers fail, stubs are "not done yet"."""

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import checks
from embstab_lib.checks import _core, ch09
from embstab_lib.checks._core import CheckFailed


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()


def positions(T, d, *, swap=False, exponent=2.0):
    angles = np.arange(T)[:, None] * 10_000.0 ** (-exponent * np.arange(d // 2) / d)[None, :]
    P = np.zeros((T, d))
    P[:, 0::2], P[:, 1::2] = (np.cos(angles), np.sin(angles)) if swap else (np.sin(angles), np.cos(angles))
    return P


def rope(X, *, sign=1.0, halves=False, start=0):
    T, d = X.shape
    theta = (np.arange(T) + start)[:, None] * 10_000.0 ** (-np.arange(0, d, 2) / d)[None, :]
    a, b = (X[:, : d // 2], X[:, d // 2 :]) if halves else (X[:, 0::2], X[:, 1::2])
    ya, yb = a * np.cos(theta) - sign * b * np.sin(theta), sign * a * np.sin(theta) + b * np.cos(theta)
    Y = np.zeros_like(X)
    if halves:
        Y[:, : d // 2], Y[:, d // 2 :] = ya, yb
    else:
        Y[:, 0::2], Y[:, 1::2] = ya, yb
    return Y


@pytest.fixture
def gain_problem(rng):
    d = 6
    return 1 + 0.5 * rng.normal(size=d), rng.normal(size=(d, d)), es.random_orthogonal(d, seed=3)


@pytest.fixture
def runs(rng):
    """Three 'runs' of 420 words: shared structure in the first rows, noise in the last ones."""
    base = rng.normal(size=(420, 8))
    noise = np.r_[np.full(200, 0.05), np.full(220, 3.0)][:, None]
    return [base + noise * rng.normal(size=base.shape) for _ in range(3)]


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, gain_problem, runs):
    def stub(*args):
        raise NotImplementedError

    checks.ch09_positions(stub, lang=lang)
    checks.ch09_rope(stub, lang=lang)
    checks.ch09_absorb_gain(..., *gain_problem, lang=lang)
    checks.ch09_predict_frequency(..., ..., ..., runs, lang=lang)
    checks.ch09_predict_frequency(0.5, ..., ..., runs, lang=lang)  # a prediction alone
    out = capsys.readouterr().out
    assert out.count(word) == 5 and "✓" not in out


def test_positions(capsys):
    checks.ch09_positions(positions, lang="en")
    assert "✓" in capsys.readouterr().out
    checks.ch09_positions(lambda T, d: es.sinusoidal_positions(T, d), lang="vi")
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda T, d: positions(T, d, swap=True), "swapped"),
        (lambda T, d: positions(T, d, exponent=1.0), "2i/d"),
        (lambda T, d: positions(T, d).T, "row"),
        (lambda T, d: np.sin(np.arange(T)[:, None] * np.ones((1, d))), "sine"),
    ],
)
def test_positions_wrong(wrong, words):
    with pytest.raises(CheckFailed, match=words):
        checks.ch09_positions(wrong, lang="en")


def test_rope(capsys):
    checks.ch09_rope(rope, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "adds nothing" in out


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda X: rope(X, sign=-1.0), "wrong sign"),
        (lambda X: rope(X, halves=True), "i \\+ d/2"),
        (lambda X: rope(X, start=1), "t = 0"),
        (lambda X: X, "Each row t"),
        (lambda X: rope(X)[:, :-1], "shape"),
    ],
)
def test_rope_wrong(wrong, words):
    with pytest.raises(CheckFailed, match=words):
        checks.ch09_rope(wrong, lang="en")


def test_rope_student_error_is_reported(capsys):
    def broken(X):
        return X @ np.ones((3, 3))  # shapes do not match

    checks.ch09_rope(broken, lang="en", strict=False)
    assert "Your function raised ValueError" in capsys.readouterr().out


def test_absorb_gain(capsys, gain_problem):
    g, Wq, Q = gain_problem
    checks.ch09_absorb_gain(Q.T @ (g[:, None] * Wq), g, Wq, Q, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "absorbed" in out


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda g, W, Q: Q.T @ W, "gain g is not"),
        (lambda g, W, Q: g[:, None] * (Q.T @ W), "Wrong order"),
        (lambda g, W, Q: Q @ (g[:, None] * W), "rms_norm"),
        (lambda g, W, Q: (g[:, None] * W)[:, :3], "shape"),
    ],
)
def test_absorb_gain_wrong(gain_problem, wrong, words):
    g, Wq, Q = gain_problem
    with pytest.raises(CheckFailed, match=words):
        checks.ch09_absorb_gain(wrong(g, Wq, Q), g, Wq, Q, lang="en")


def test_predict_frequency(capsys, runs):
    frequent, rare = ch09.frequency_overlaps(runs)
    assert frequent > rare + 0.3  # the fixture makes the first rows stable and the last ones noise
    checks.ch09_predict_frequency(0.5, frequent, "a", runs, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "You predicted 0.5" in out


def test_predict_frequency_interpretation_follows_the_data(capsys, runs):
    flipped = [m[::-1] for m in runs]  # the noisy words are now first: frequent words are less stable
    frequent, _ = ch09.frequency_overlaps(flipped)
    checks.ch09_predict_frequency(0.5, frequent, "c", flipped, lang="vi")
    assert "✓" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="least frequent"):
        checks.ch09_predict_frequency(0.5, frequent, "a", flipped, lang="en")


@pytest.mark.parametrize("case", ["rare", "other", "letter", "no prediction", "bad letter"])
def test_predict_frequency_wrong(runs, case):
    frequent, rare = ch09.frequency_overlaps(runs)
    args = {
        "rare": (0.5, rare, "a"),
        "other": (0.5, frequent + 0.1, "a"),
        "letter": (0.5, frequent, "b"),
        "no prediction": ("high", frequent, "a"),
        "bad letter": (0.5, frequent, "e"),
    }[case]
    with pytest.raises(CheckFailed):
        checks.ch09_predict_frequency(*args, runs, lang="en")


def test_no_answer_in_docstrings():
    for fn in (checks.ch09_positions, checks.ch09_rope, checks.ch09_absorb_gain, checks.ch09_predict_frequency):
        doc = fn.__doc__
        assert "Q.T @" not in doc and "10000^" not in doc and "cos θ" not in doc and "Qᵀ diag" not in doc


def test_bad_check_inputs_are_library_errors(gain_problem):
    g, Wq, Q = gain_problem
    with pytest.raises(ValueError, match="9.3"):
        checks.ch09_absorb_gain(Wq, g[:3], Wq, Q, lang="en")
    with pytest.raises(ValueError, match="9.4"):
        checks.ch09_predict_frequency(0.5, 0.5, "a", [np.ones((10, 3))], lang="en")
