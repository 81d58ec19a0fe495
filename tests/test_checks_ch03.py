import inspect
import math

import numpy as np
import pytest

from embstab_lib import Interval, checks, pip_loss, random_orthogonal
from embstab_lib.checks import _core


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()


def _stub(*args):
    raise NotImplementedError


@pytest.fixture
def pair(rng):
    return rng.normal(size=(20, 4)), 2 * rng.normal(size=(20, 4))  # different norms: ‖A‖ ≠ ‖B‖


@pytest.fixture
def runs10(rng):
    """Three small 'runs' sharing a structure, each with its own frame and noise."""
    base = rng.normal(size=(150, 5)) * np.geomspace(2, 0.5, 5) + 1.0
    return [base @ random_orthogonal(5, seed=s) + 0.4 * rng.normal(size=base.shape) for s in range(3)]


def centred_pip(runs):
    C = [X - X.mean(axis=0) for X in runs]
    return float(np.mean([pip_loss(C[i], C[j], relative=True) for i, j in [(0, 1), (0, 2), (1, 2)]]))


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, runs10):
    A = np.eye(3)
    checks.ch03_relative_frobenius(..., A, A, lang=lang)
    checks.ch03_best_scale(_stub, A, A, lang=lang)
    checks.ch03_pip_loss(_stub, lang=lang)
    checks.ch03_scale_exponents(..., lang=lang)
    checks.ch03_predict_pip_d10(..., ..., ..., runs10, Interval(0.2, 0.1, 0.3, 5), lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 5 and "✓" not in out


def test_docstrings_do_not_give_the_answers():
    docs = " ".join(
        inspect.getdoc(f)
        for f in (
            checks.ch03_relative_frobenius,
            checks.ch03_best_scale,
            checks.ch03_pip_loss,
            checks.ch03_scale_exponents,
            checks.ch03_predict_pip_d10,
        )
    )
    for leak in ("ρ/r", "⟨A, B⟩/", "‖AᵀA‖", "AᵀB", "clip", "max(", "s^1", "s²", "s^2", "n^1", "k = "):
        assert leak not in docs
    assert "/ ‖B‖" not in inspect.getdoc(checks.ch03_relative_frobenius)


def test_relative_frobenius(capsys, pair):
    A, B = pair
    dist = np.linalg.norm(A - B)
    checks.ch03_relative_frobenius(dist / np.linalg.norm(B), A, B, lang="en")
    out = capsys.readouterr().out
    rho = np.sum(A * B) / (np.linalg.norm(A) * np.linalg.norm(B))
    assert "✓ Exercise 3.1" in out and "√2 = 1.414" in out and f"ρ = {rho:.3f}" in out
    with pytest.raises(checks.CheckFailed, match="absolute distance"):
        checks.ch03_relative_frobenius(dist, A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="norm of B"):
        checks.ch03_relative_frobenius(dist / np.linalg.norm(A), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="square root"):
        checks.ch03_relative_frobenius((dist / np.linalg.norm(B)) ** 2, A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="subtract"):
        checks.ch03_relative_frobenius(abs(np.linalg.norm(A) - np.linalg.norm(B)) / np.linalg.norm(B), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="single number"):
        checks.ch03_relative_frobenius(np.linalg.norm(A - B, axis=1), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="finite real number"):
        checks.ch03_relative_frobenius("1.4", A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="khoảng cách tuyệt đối"):
        checks.ch03_relative_frobenius(dist, A, B, lang="vi")


def best_scale(A, B):
    return np.sum(A * B) / np.sum(A * A)


def test_best_scale(capsys, pair):
    A, B = pair
    checks.ch03_best_scale(best_scale, A, B, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Bài tập 3.2" in out and "√(1 − ρ²)" in out
    rho = np.sum(A * B) / (np.linalg.norm(A) * np.linalg.norm(B))
    s_star = best_scale(A, B)
    assert f"{s_star:.3f}" in out and f"{np.sqrt(1 - rho**2):.3f}" in out  # the note reports real numbers
    checks.ch03_best_scale(lambda A, B: np.trace(A.T @ B) / np.linalg.norm(A) ** 2, A, B, lang="en")
    assert "✓ Exercise 3.2" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="equalises the norms"):
        checks.ch03_best_scale(lambda A, B: np.linalg.norm(B) / np.linalg.norm(A), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="only when ‖A‖ = ‖B‖"):
        checks.ch03_best_scale(lambda A, B: np.sum(A * B) / (np.linalg.norm(A) * np.linalg.norm(B)), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="scales A"):
        checks.ch03_best_scale(lambda A, B: np.sum(A * B) / np.sum(B * B), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="one finite real number"):
        checks.ch03_best_scale(lambda A, B: A.T @ B, A, B, lang="en")


def test_best_scale_hints_are_tiered(pair):
    A, B = pair
    messages = []
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as exc:
            checks.ch03_best_scale(lambda A, B: 1.0, A, B, lang="en")
        messages.append(str(exc.value))
    assert "parabola" in messages[0] and "ρ/r" not in messages[0]
    assert "ρ/r" in messages[-1]


def _pip_gram(A, B):
    sq = np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2 - 2 * np.linalg.norm(A.T @ B) ** 2
    return np.sqrt(max(sq, 0.0))


def _pip_gram_unclipped(A, B):
    return np.sqrt(np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2 - 2 * np.linalg.norm(A.T @ B) ** 2)


def test_pip_loss(capsys):
    checks.ch03_pip_loss(_pip_gram, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 3.3" in out and "V = 2 000 words" in out and "32 MB" in out and " kB " in out
    with pytest.raises(checks.CheckFailed, match="squared PIP"):
        checks.ch03_pip_loss(lambda A, B: _pip_gram(A, B) ** 2, lang="en")
    _core._FAILURES.clear()  # the first tier of the hint
    with pytest.raises(checks.CheckFailed, match="cyclic property"):
        checks.ch03_pip_loss(
            lambda A, B: np.sqrt(abs(np.linalg.norm(A.T @ A) + np.linalg.norm(B.T @ B) - 2 * np.linalg.norm(A.T @ B))),
            lang="en",
        )
    with pytest.raises(checks.CheckFailed, match="V×V"):  # right value, but through the V×V matrices
        checks.ch03_pip_loss(lambda A, B: np.linalg.norm(A @ A.T - B @ B.T), lang="en")


def test_pip_loss_hints_are_tiered():
    wrong = lambda A, B: abs(np.linalg.norm(A.T @ A) - np.linalg.norm(B.T @ B))  # noqa: E731
    messages = []
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as exc:
            checks.ch03_pip_loss(wrong, lang="en")
        messages.append(str(exc.value))
    assert "cyclic" in messages[0] and "all three norms" not in messages[0]
    assert "all three norms are squared" in messages[-1]


def test_pip_loss_unclipped_formula_gets_the_rounding_explained():
    # the natural formula without clipping is NaN on some rotated copy: the hint must say why, not "wrong formula"
    with pytest.warns(RuntimeWarning), pytest.raises(checks.CheckFailed, match="NaN.*rotated copy.*Clip it at 0"):
        checks.ch03_pip_loss(_pip_gram_unclipped, lang="en")
    with pytest.raises(checks.CheckFailed, match="NaN.*cắt về 0"):
        checks.ch03_pip_loss(
            lambda A, B: math.sqrt(
                np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2 - 2 * np.linalg.norm(A.T @ B) ** 2
            ),
            lang="vi",
        )


def test_pip_loss_tolerates_rounding_of_the_difference_of_squares(capsys):
    def pip_abs(A, B):  # right formula; a rounding error of an exact 0 becomes √(rounding) ≈ 1e-5
        sq = np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2 - 2 * np.linalg.norm(A.T @ B) ** 2
        return np.sqrt(abs(sq) + 1e-13 * np.linalg.norm(A.T @ A) ** 2)

    checks.ch03_pip_loss(pip_abs, lang="en")
    assert "✓" in capsys.readouterr().out


def test_pip_loss_reports_errors_of_the_student_code(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch03_pip_loss(lambda A, B: A.T @ B @ A, lang="en")  # shape error
    out = capsys.readouterr().out
    assert "✗" in out and "ValueError" in out


def test_scale_exponents(capsys):
    right = dict(pip_scale=2, pip_relative_scale=0, pip_words=1, pip_relative_words=0)
    checks.ch03_scale_exponents(right, lang="en")
    checks.ch03_scale_exponents({k: float(v) for k, v in right.items()}, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Exercise 3.4" in out and "✓ Bài tập 3.4" in out and "like the number of words n" in out
    wrong = [
        ({"pip_scale": 1}, "pip_scale: .*dot product"),
        ({"pip_words": 2}, "pip_words: .*How many entries"),  # n² entries, but the norm is a square root
        ({"pip_words": 0.5}, "pip_words: .*hence √n"),  # the Frobenius distance's exponent
        ({"pip_relative_words": 1}, "pip_relative_words: .*denominator"),
        ({"pip_relative_scale": "zero"}, "pip_relative_scale: "),
    ]
    for change, match in wrong:
        _core._FAILURES.clear()  # the first (conceptual) tier of the hint
        with pytest.raises(checks.CheckFailed, match=match):
            checks.ch03_scale_exponents({**right, **change}, lang="en")
    with pytest.raises(checks.CheckFailed, match="keys"):  # the old exercise's keys
        checks.ch03_scale_exponents(dict(frobenius=1, frobenius_relative=0, pip=2, pip_relative=0), lang="en")
    with pytest.raises(checks.CheckFailed, match="khóa"):
        checks.ch03_scale_exponents([2, 0, 1, 0], lang="vi")


def test_scale_exponents_accept_fractions_and_numpy_numbers(capsys):
    from fractions import Fraction

    answer = dict(pip_scale=np.int64(2), pip_relative_scale=Fraction(0), pip_words=np.float32(1), pip_relative_words=0)
    checks.ch03_scale_exponents(answer, lang="en")
    assert "✓ Exercise 3.4" in capsys.readouterr().out


def test_scale_exponents_hints_are_tiered():
    """The first hints ask a question; the exponent itself is given only after repeated failures."""
    right = dict(pip_scale=2, pip_relative_scale=0, pip_words=1, pip_relative_words=0)
    messages = []
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as exc:
            checks.ch03_scale_exponents({**right, "pip_words": 2}, lang="en")
        messages.append(str(exc.value))
    assert "How many entries" in messages[0] and "k = 1" not in messages[0] and "more specific" in messages[0]
    assert "its square root like n (k = 1)" in messages[-1]
    _core._FAILURES.clear()
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as exc:
            checks.ch03_scale_exponents({**right, "pip_scale": 1}, lang="vi")
        messages.append(str(exc.value))
    assert "s²" not in messages[3] and "(sA)(sA)ᵀ = s²AAᵀ" in messages[-1]


def test_scale_exponents_are_measured_not_assumed():
    """The expected exponents come from random matrices; they must be the ones the exercise's reasoning gives."""
    assert checks.ch03.scale_exponents._exponents() == dict(
        pip_scale=2, pip_relative_scale=0, pip_words=1, pip_relative_words=0
    )


@pytest.mark.parametrize("at_d100, right", [(Interval(0.01, 0.005, 0.015, 5), "a"), (Interval(5.0, 4.0, 6.0, 5), "c")])
def test_predict_pip_d10(capsys, runs10, at_d100, right):
    measured = centred_pip(runs10)
    checks.ch03_predict_pip_d10(0.2, measured, right, runs10, at_d100, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 3.5" in out and "You predicted 0.2" in out and f"{measured:.3g}" in out
    assert "Seed-level interval at d = 10 (3 seeds)" in out and "do not overlap" in out
    wrong = "b"
    with pytest.raises(checks.CheckFailed, match="which option"):
        checks.ch03_predict_pip_d10(0.2, measured, wrong, runs10, at_d100, lang="en")
    with pytest.raises(checks.CheckFailed, match="raw matrices"):
        raw = float(np.mean([pip_loss(runs10[i], runs10[j], relative=True) for i, j in [(0, 1), (0, 2), (1, 2)]]))
        checks.ch03_predict_pip_d10(0.2, raw, right, runs10, at_d100, lang="en")
    with pytest.raises(checks.CheckFailed, match="mean over the 3 pairs"):
        checks.ch03_predict_pip_d10(0.2, 2 * measured, right, runs10, at_d100, lang="en")
    with pytest.raises(checks.CheckFailed, match="prediction"):
        checks.ch03_predict_pip_d10(..., measured, right, runs10, at_d100, lang="en")
    with pytest.raises(checks.CheckFailed, match="chữ cái"):
        checks.ch03_predict_pip_d10(0.2, measured, "yes", runs10, at_d100, lang="vi")


def test_predict_pip_d10_same_level(capsys, runs10):
    measured = centred_pip(runs10)
    around = Interval(measured, measured - 0.01, measured + 0.01, 5)
    checks.ch03_predict_pip_d10(measured, measured, "b", runs10, around, lang="vi")
    assert "✓ Bài tập 3.5" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="which option"):
        checks.ch03_predict_pip_d10(0.2, measured, "a", runs10, around, lang="en")
