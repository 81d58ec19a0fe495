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
def head_problem(rng):
    d, k = 12, 4
    return rng.normal(size=(d, k)), rng.normal(size=(d, k)), np.eye(k) + 0.5 * rng.normal(size=(k, k))


@pytest.fixture
def runs(rng):
    """Three 'runs' of 420 words: shared structure in the first rows, noise in the last ones, each its own mean."""
    base = rng.normal(size=(420, 8))
    noise = np.r_[np.full(200, 0.05), np.full(220, 3.0)][:, None]
    return [base + noise * rng.normal(size=base.shape) + rng.normal(size=8) for _ in range(3)]


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, head_problem, runs):
    def stub(*args):
        raise NotImplementedError

    checks.ch09_positions(stub, lang=lang)
    checks.ch09_rope(stub, lang=lang)
    checks.ch09_head_symmetry(..., *head_problem, lang=lang)
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


def test_head_symmetry(capsys, head_problem):
    Wq, Wk, A = head_problem
    checks.ch09_head_symmetry(Wk @ np.linalg.inv(A).T, Wq, Wk, A, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "W_q W_kᵀ" in out
    checks.ch09_head_symmetry(Wk @ np.linalg.inv(A.T), Wq, Wk, A, lang="vi")  # the same matrix, written otherwise
    assert "✓" in capsys.readouterr().out


@pytest.mark.parametrize(
    "wrong, words",
    [
        (lambda Wq, Wk, A: Wk @ A, "orthogonal"),
        (lambda Wq, Wk, A: Wk @ np.linalg.inv(A), "next to A"),
        (lambda Wq, Wk, A: Wk, "undo A"),
        (lambda Wq, Wk, A: Wq @ np.linalg.inv(A).T, "only the product"),
        (lambda Wq, Wk, A: (Wk @ np.linalg.inv(A).T)[:, :3], "shape"),
        (lambda Wq, Wk, A: np.linalg.inv(A).T, "shape"),
    ],
)
def test_head_symmetry_wrong(head_problem, wrong, words):
    Wq, Wk, A = head_problem
    with pytest.raises(CheckFailed, match=words):
        checks.ch09_head_symmetry(wrong(Wq, Wk, A), Wq, Wk, A, lang="en")


def test_head_symmetry_hint_gets_explicit(capsys, head_problem):
    Wq, Wk, A = head_problem
    for _ in range(3):
        checks.ch09_head_symmetry(Wq, Wq, Wk, A, lang="en", strict=False)
    assert "inv(A).T" in capsys.readouterr().out.splitlines()[-1]


def centred(runs):
    return [m - m.mean(axis=0) for m in runs]


def test_predict_frequency(capsys, runs):
    first, last, pairs = ch09.frequency_overlaps(runs)
    assert first.mean() > last.mean() + 0.3  # the fixture makes the first rows stable and the last ones noise
    assert len(pairs) == 3 and es.pairwise_ci(first - last, pairs).low > 0
    checks.ch09_predict_frequency(0.5, first.mean(), "a", runs, lang="en")
    out = capsys.readouterr().out
    assert "✓" in out and "You predicted 0.5" in out and "seed-level interval" in out
    C = centred(runs)
    overlaps = [es.knn_overlap(C[i], C[j], 10) for i, j in pairs]
    measured = float(np.mean([o[:200].mean() for o in overlaps]))  # the natural student answer
    checks.ch09_predict_frequency(0.5, measured, " (A) ", runs, lang="vi")
    assert "✓" in capsys.readouterr().out


def test_predict_frequency_interpretation_follows_the_data(capsys, runs, rng):
    flipped = [m[::-1] for m in runs]  # the noisy words are now first: frequent words are less stable
    first, last, pairs = ch09.frequency_overlaps(flipped)
    assert es.pairwise_ci(first - last, pairs).high < 0
    checks.ch09_predict_frequency(0.5, first.mean(), "c", flipped, lang="vi")
    assert "✓" in capsys.readouterr().out
    with pytest.raises(CheckFailed, match="relative to 0"):
        checks.ch09_predict_frequency(0.5, first.mean(), "a", flipped, lang="en")
    # every word equally noisy: the interval of the difference contains 0, and "b" is the answer
    base = rng.normal(size=(420, 8))
    even = [base + 0.8 * rng.normal(size=base.shape) for _ in range(4)]
    first, last, pairs = ch09.frequency_overlaps(even)
    assert 0 in es.pairwise_ci(first - last, pairs)
    checks.ch09_predict_frequency(0.5, first.mean(), "b", even, lang="en")
    assert "✓" in capsys.readouterr().out
    for letter in "ac":
        with pytest.raises(CheckFailed):
            checks.ch09_predict_frequency(0.5, first.mean(), letter, even, lang="en")


@pytest.mark.parametrize("case", ["rare", "uncentred", "other", "letter", "no prediction", "bad letter"])
def test_predict_frequency_wrong(runs, case):
    first, last, _ = ch09.frequency_overlaps(runs)
    raw, _, _ = ch09.frequency_overlaps(runs, centre=False)
    assert abs(raw.mean() - first.mean()) > 1e-6  # the fixture has a mean vector, so centring matters
    args = {
        "rare": (0.5, last.mean(), "a", "least"),
        "uncentred": (0.5, raw.mean(), "a", "centre"),
        "other": (0.5, first.mean() + 0.1, "a", "computes itself"),
        "letter": (0.5, first.mean(), "b", "relative to 0"),
        "no prediction": ("high", first.mean(), "a", "prediction"),
        "bad letter": (0.5, first.mean(), "e", "one of the letters"),
    }[case]
    with pytest.raises(CheckFailed, match=args[-1]):
        checks.ch09_predict_frequency(*args[:3], runs, lang="en")


def test_no_answer_in_docstrings():
    for fn in (checks.ch09_positions, checks.ch09_rope, checks.ch09_head_symmetry, checks.ch09_predict_frequency):
        doc = fn.__doc__
        assert "10000^" not in doc and "cos θ" not in doc and "inv(" not in doc and "A⁻ᵀ" not in doc


def test_bad_check_inputs_are_library_errors(head_problem, runs):
    Wq, Wk, A = head_problem
    with pytest.raises(ValueError, match="9.3"):
        checks.ch09_head_symmetry(Wk, Wq, Wk[:3], A, lang="en")
    with pytest.raises(ValueError, match="9.3"):
        checks.ch09_head_symmetry(Wk, Wq, Wk, np.zeros_like(A), lang="en")
    with pytest.raises(ValueError, match="9.4"):
        checks.ch09_predict_frequency(0.5, 0.5, "a", [np.ones((10, 3))], lang="en")
    with pytest.raises(ValueError, match="three runs"):
        checks.ch09_predict_frequency(0.5, 0.5, "a", runs[:2], lang="en")
