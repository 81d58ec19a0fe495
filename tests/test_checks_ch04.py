"""Checks of chapter 04 (Procrustes alignment): reference answers pass, plausible mistakes fail, stubs "not done"."""

import numpy as np
import pytest
from conftest import load_nb
from scipy.linalg import orthogonal_procrustes

import embstab_lib as es
from embstab_lib import checks
from embstab_lib.checks import _core


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


@pytest.fixture(autouse=True)
def fresh_failures():
    """Hint tiers count failures per exercise within a process: start every test from zero."""
    _core._FAILURES.clear()
    yield
    _core._FAILURES.clear()


def _stub(*args):
    raise NotImplementedError


# ---------------------------------------------------------------- references (as in the notebook's solutions)


def best_rotation(A, B):
    U, sigma, Pt = np.linalg.svd(A.T @ B)
    signs = np.ones(len(sigma))
    signs[-1] = np.sign(np.linalg.det(U @ Pt))
    return (U * signs) @ Pt


def scaled_from_orthogonal(r):
    s = 1 - r**2 / 2
    return np.sqrt(1 - s**2)


def shuffled_residual(A, B, perm):
    Q, _ = orthogonal_procrustes(A, B[perm])
    return np.linalg.norm(A @ Q - B[perm]) / np.linalg.norm(B)


def heldout_residual(A, B, fit_rows, test_rows):
    Q, _ = orthogonal_procrustes(A[fit_rows], B[fit_rows])
    return np.linalg.norm(A[test_rows] @ Q - B[test_rows]) / np.linalg.norm(B[test_rows])


CASES = [
    (checks.ch04_best_rotation, best_rotation, "4.1"),
    (checks.ch04_scaled_from_orthogonal, scaled_from_orthogonal, "4.2"),
    (checks.ch04_shuffled_residual, shuffled_residual, "4.3"),
    (checks.ch04_heldout_residual, heldout_residual, "4.4"),
]


@pytest.mark.parametrize("check, reference, ex", CASES)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_reference_passes(check, reference, ex, lang, strict, capsys):
    check(reference, lang=lang)
    out = capsys.readouterr().out
    assert out.startswith("✓") and ex in out
    assert len(out.strip().splitlines()) == 2, "a correct answer is followed by one line on what it shows"


@pytest.mark.parametrize("check, reference, ex", CASES)
@pytest.mark.parametrize("stub", [_stub, ...])
def test_stub_is_not_done(check, reference, ex, stub, strict, capsys):
    check(stub, lang="en")
    assert "not done yet" in capsys.readouterr().out


@pytest.mark.parametrize("check, reference, ex", CASES + [(checks.ch04_noise_gain, None, "4.5")])
def test_docstrings_do_not_leak_answers(check, reference, ex):
    doc = check.__doc__
    for leak in ("UPᵀ", "diag(1", "svd", "1 − r²", "r²/2", "‖B[test", "heldout_fit(", "λ_k/(λ_k", '"a"'):
        assert leak not in doc, f"{check.__name__}'s docstring gives away {leak!r}"


# ---------------------------------------------------------------- 4.1: the note on a real-looking pair


def _reflected_pair(seed=0, V=400, d=6):
    """A, B whose plain Procrustes solution is a reflection, with a weak last direction (like two runs)."""
    rng = np.random.default_rng(seed)
    scales = np.r_[np.ones(d - 1), 0.02]
    A = rng.normal(size=(V, d)) * scales
    R = es.random_orthogonal(d, seed=seed + 1)
    if np.linalg.det(R) > 0:
        R[:, 0] = -R[:, 0]
    return A, A @ R + 0.05 * rng.normal(size=(V, d)) * scales


def test_best_rotation_note_reports_the_cost(strict, capsys):
    A, B = _reflected_pair()
    checks.ch04_best_rotation(best_rotation, A, B, lang="en")
    out = capsys.readouterr().out
    assert out.startswith("✓") and "forcing det = +1 raises the residual" in out and "σ_d/σ_1" in out
    checks.ch04_best_rotation(best_rotation, A, B, lang="vi")
    assert "ép det = +1" in capsys.readouterr().out


def test_best_rotation_note_when_already_a_rotation(strict, capsys):
    A = np.random.default_rng(3).normal(size=(50, 4))
    Q = es.random_orthogonal(4, seed=0)
    Q[:, 0] *= np.sign(np.linalg.det(Q))
    checks.ch04_best_rotation(best_rotation, A, A @ Q, lang="en")
    assert "already a rotation" in capsys.readouterr().out


def test_best_rotation_must_also_work_on_the_real_pair(strict):
    A, B = _reflected_pair(V=300, d=7)

    def only_small(A_, B_):  # right on the check's small cases, wrong on anything with d = 7
        return best_rotation(A_, B_) if A_.shape[1] < 7 else np.eye(A_.shape[1])

    with pytest.raises(checks.CheckFailed, match="real pair"):
        checks.ch04_best_rotation(only_small, A, B, lang="en")


# ---------------------------------------------------------------- plausible mistakes


def _plain_procrustes(A, B):
    U, _, Pt = np.linalg.svd(A.T @ B)
    return U @ Pt


def _flip_first(A, B):
    U, sigma, Pt = np.linalg.svd(A.T @ B)
    signs = np.ones(len(sigma))
    signs[0] = np.sign(np.linalg.det(U @ Pt))
    return (U * signs) @ Pt


WRONG = [
    (checks.ch04_best_rotation, _plain_procrustes, "reflection"),
    (checks.ch04_best_rotation, _flip_first, "smallest"),
    (checks.ch04_best_rotation, lambda A, B: best_rotation(A, B).T, "to A"),
    (checks.ch04_best_rotation, lambda A, B: np.linalg.lstsq(A, B, rcond=None)[0], "not orthogonal"),
    (checks.ch04_best_rotation, lambda A, B: np.eye(3), "Expected a"),
    (checks.ch04_scaled_from_orthogonal, lambda r: r, "lowers the residual"),
    (checks.ch04_scaled_from_orthogonal, lambda r: 1 - r**2 / 2, "the scale s"),
    (checks.ch04_scaled_from_orthogonal, lambda r: scaled_from_orthogonal(r) ** 2, "square root"),
    (checks.ch04_scaled_from_orthogonal, lambda r: r * (1 - r**2 / 2), "section 1"),
    (checks.ch04_scaled_from_orthogonal, lambda r: "small", "one real number"),
    (checks.ch04_shuffled_residual, lambda A, B, p: shuffled_residual(A, B, p) * np.linalg.norm(B), "absolute"),
    (
        checks.ch04_shuffled_residual,
        lambda A, B, p: shuffled_residual(A[p], B[p], np.arange(len(A))),
        "without shuffling",
    ),
    (checks.ch04_shuffled_residual, lambda A, B, p: shuffled_residual(A, B, p[::-1]), "row-shuffled B"),
    (checks.ch04_shuffled_residual, lambda A, B, p: np.ones(3), "one number"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, f, f), "fitting words"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, np.arange(len(A)), t), "fit_rows only"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, t, t), "fit_rows only"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, f, t) * np.linalg.norm(B[t]), "absolute"),
    (
        checks.ch04_heldout_residual,
        lambda A, B, f, t: heldout_residual(A, B, f, t) * np.linalg.norm(B[t]) / np.linalg.norm(B),
        "wrong denominator",
    ),
    (
        checks.ch04_heldout_residual,
        lambda A, B, f, t: heldout_residual(A, B, f, t) * np.linalg.norm(B[t]) / np.linalg.norm(B[f]),
        "wrong denominator",
    ),
    (
        checks.ch04_heldout_residual,
        lambda A, B, f, t: heldout_residual(A, B, f, t) * np.linalg.norm(B[t]) / np.linalg.norm(A[t]),
        "wrong denominator",
    ),
    (checks.ch04_heldout_residual, lambda A, B, f, t: 0.5, "held-out rows"),
]


@pytest.mark.parametrize("check, wrong, hint", WRONG)
def test_wrong_answer_fails_in_strict_mode(check, wrong, hint, strict):
    with pytest.raises(checks.CheckFailed, match=hint):
        check(wrong, lang="en")


def test_hints_are_tiered(monkeypatch, capsys):
    """The conceptual hint comes first; the explicit formula only after repeated failures."""
    monkeypatch.delenv("EMBSTAB_STRICT_CHECKS", raising=False)
    outs = []
    for _ in range(3):
        checks.ch04_heldout_residual(lambda A, B, f, t: 0.5, lang="en")
        outs.append(capsys.readouterr().out)
    assert "‖B[test_rows]‖" not in outs[0] and "hint gets more specific" in outs[0]
    assert "‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F" in outs[-1]
    for _ in range(3):
        checks.ch04_scaled_from_orthogonal(lambda r: r * (1 - r**2 / 2), lang="vi")
        outs.append(capsys.readouterr().out)
    assert "1 − r²/2" not in outs[3] and "1 − r²/2" in outs[-1]


@pytest.mark.parametrize(
    "wrong, first",
    [(_plain_procrustes, "Flip the sign of the direction of the smallest"), (_flip_first, "flip only the direction")],
)
def test_best_rotation_hints_are_tiered(monkeypatch, capsys, wrong, first):
    """4.1: the explicit U diag(1, …, 1, −1) Pᵀ is given only after repeated failures (the page no longer gives it)."""
    monkeypatch.delenv("EMBSTAB_STRICT_CHECKS", raising=False)
    outs = []
    for lang in ("en", "en", "vi"):
        checks.ch04_best_rotation(wrong, lang=lang)
        outs.append(capsys.readouterr().out)
    assert first in outs[0] and "diag(1" not in outs[0] and "hint gets more specific" in outs[0]
    assert "U·diag(1, …, 1, −1)·Pᵀ" in outs[1] and "more specific" not in outs[1]
    assert "U·diag(1, …, 1, −1)·Pᵀ" in outs[2] and "✗ Bài tập 4.1" in outs[2]
    checks.ch04_best_rotation(best_rotation, lang="en")  # a correct answer starts the tiers again
    checks.ch04_best_rotation(wrong, lang="en")
    assert "diag(1" not in capsys.readouterr().out


def test_exercise_4_1_is_not_answered_on_the_page():
    """The statement of 4.1 and section 1's paragraph on reflections say what to give up, not the matrix."""
    for lang in ("en", "vi"):
        text = " ".join(
            "".join(c["source"]) for c in load_nb(lang, "04_procrustes.ipynb")["cells"] if c["cell_type"] == "markdown"
        )
        assert "diag(1, \\dots, 1, -1)" not in text and "diag(1, …, 1, −1)" not in text


def test_wrong_answer_prints_hint_when_not_strict(monkeypatch, capsys):
    monkeypatch.delenv("EMBSTAB_STRICT_CHECKS", raising=False)
    checks.ch04_best_rotation(_plain_procrustes, lang="vi")
    out = capsys.readouterr().out
    assert out.startswith("✗") and "phản xạ" in out


def test_crashing_answer_is_reported(strict):
    with pytest.raises(checks.CheckFailed, match="ZeroDivisionError"):
        checks.ch04_shuffled_residual(lambda A, B, p: 1 / 0, lang="en")


def test_best_rotation_cases_need_a_flip():
    """The check's data must contain a pair whose plain Procrustes solution is a reflection."""
    A, B = checks.ch04._shared._ch04_pair(10, 60, 4, reflect=True)
    assert np.linalg.det(_plain_procrustes(A, B)) < 0
    assert np.isclose(np.linalg.det(best_rotation(A, B)), 1)


# ---------------------------------------------------------------- 4.5: predict – run – interpret


def _unit_centred(X):
    X = X - X.mean(axis=0)
    return X / np.linalg.norm(X, axis=1, keepdims=True)


@pytest.fixture(scope="module")
def signal():
    """An anisotropic signal like a run's centred unit rows (a few strong directions, many weak ones)."""
    rng = np.random.default_rng(7)
    return _unit_centred(rng.normal(size=(8000, 20)) * np.geomspace(1, 0.02, 20))


def _measure(T, noise, seed=0):
    rng = np.random.default_rng(seed)
    A = _unit_centred(T + noise * rng.normal(size=T.shape))
    B = _unit_centred(T + noise * rng.normal(size=T.shape)) @ es.random_orthogonal(T.shape[1], seed=3)
    o, lin = (es.heldout_fit(A, B, method=m) for m in ("orthogonal", "linear"))
    return (
        o.heldout_relative_residual - lin.heldout_relative_residual,
        o.fit_relative_residual - lin.fit_relative_residual,
    )


NOISE = 0.2


@pytest.fixture(scope="module")
def small_signal():
    """Fewer words: the linear map's fit and held-out gains differ clearly, so each wrong answer is recognisable."""
    rng = np.random.default_rng(7)
    return _unit_centred(rng.normal(size=(3000, 20)) * np.geomspace(1, 0.02, 20))


def test_noise_gain_reference_passes(signal, strict, capsys):
    measured = _measure(signal, NOISE)[0]
    for lang in ("en", "vi"):
        checks.ch04_noise_gain(0.1, measured, "a", signal=signal, noise=NOISE, lang=lang)
        out = capsys.readouterr().out
        assert out.startswith("✓") and "4.5" in out
        assert ("You predicted 0.1" in out) if lang == "en" else ("Bạn dự đoán 0.1" in out)


def test_noise_gain_really_grows_on_the_test_signal(signal):
    """Otherwise the test above would not test interpretation (a)."""
    assert _measure(signal, NOISE)[0] > _measure(signal, NOISE / 2)[0] + 0.02


def test_noise_gain_stub_is_not_done(signal, strict, capsys):
    checks.ch04_noise_gain(..., ..., ..., signal=signal, noise=NOISE, lang="en")
    assert "not done yet" in capsys.readouterr().out
    checks.ch04_noise_gain(0.1, ..., ..., signal=signal, noise=NOISE, lang="en")
    assert "not done yet" in capsys.readouterr().out


@pytest.mark.parametrize(
    "case, hint",
    [
        ("no prediction", "Write your prediction"),
        ("not a number", "must be one number"),
        ("sign", "Wrong sign"),
        ("old noise", "old noise level"),
        ("fitting words", "fitting words"),
        ("random", "Build a planted pair"),
        ("letter b", "which option"),
        ("letter c", "which option"),
        ("not a letter", "must be one of the letters"),
    ],
)
def test_noise_gain_wrong_answers(small_signal, strict, case, hint):
    signal = small_signal
    gain, fit_gain = checks.ch04.noise_gain._planted_gain(signal, NOISE, seed=1001)
    half = checks.ch04.noise_gain._planted_gain(signal, NOISE / 2, seed=1002)[0]
    assert abs(fit_gain - gain) > 0.01 and abs(half - gain) > 0.01, "the wrong answers must be distinguishable"
    args = {
        "no prediction": (..., gain, "a"),
        "not a number": (0.1, "big", "a"),
        "sign": (0.1, -gain, "a"),
        "old noise": (0.1, half, "a"),
        "fitting words": (0.1, fit_gain, "a"),
        "random": (0.1, gain + 0.5, "a"),
        "letter b": (0.1, gain, "b"),
        "letter c": (0.1, gain, "(c)"),
        "not a letter": (0.1, gain, "grows"),
    }[case]
    with pytest.raises(checks.CheckFailed, match=hint):
        checks.ch04_noise_gain(*args, signal=signal, noise=NOISE, lang="en")
