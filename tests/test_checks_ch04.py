"""Checks of chapter 04 (Procrustes alignment): reference answers pass, plausible mistakes fail, stubs are "not done"."""
import numpy as np
import pytest
from scipy.linalg import orthogonal_procrustes

from embstab_lib import checks


@pytest.fixture
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


def _stub(*args):
    raise NotImplementedError


# ---------------------------------------------------------------- references (as in the notebook's solutions)

def best_rotation(A, B):
    U, s, Vt = np.linalg.svd(A.T @ B)
    signs = np.ones(len(s))
    signs[-1] = np.sign(np.linalg.det(U @ Vt))
    return (U * signs) @ Vt


def procrustes_residual(A, B):
    s = np.linalg.svd(A.T @ B, compute_uv=False)
    return np.sqrt(max(np.linalg.norm(A) ** 2 + np.linalg.norm(B) ** 2 - 2 * s.sum(), 0.0))


def shuffled_residual(A, B, perm):
    Q, _ = orthogonal_procrustes(A, B[perm])
    return np.linalg.norm(A @ Q - B[perm]) / np.linalg.norm(B)


def heldout_residual(A, B, fit_rows, test_rows):
    Q, _ = orthogonal_procrustes(A[fit_rows], B[fit_rows])
    return np.linalg.norm(A[test_rows] @ Q - B[test_rows]) / np.linalg.norm(B[test_rows])


CASES = [
    (checks.ch04_best_rotation, best_rotation, "4.1"),
    (checks.ch04_residual_from_svd, procrustes_residual, "4.2"),
    (checks.ch04_shuffled_residual, shuffled_residual, "4.3"),
    (checks.ch04_heldout_residual, heldout_residual, "4.4"),
]


@pytest.mark.parametrize("check, reference, ex", CASES)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_reference_passes(check, reference, ex, lang, strict, capsys):
    check(reference, lang=lang)
    out = capsys.readouterr().out
    assert out.startswith("✓") and ex in out


@pytest.mark.parametrize("check, reference, ex", CASES)
@pytest.mark.parametrize("stub", [_stub, ...])
def test_stub_is_not_done(check, reference, ex, stub, strict, capsys):
    check(stub, lang="en")
    assert "not done yet" in capsys.readouterr().out


# ---------------------------------------------------------------- plausible mistakes

def _plain_procrustes(A, B):
    U, _, Vt = np.linalg.svd(A.T @ B)
    return U @ Vt


def _flip_first(A, B):
    U, s, Vt = np.linalg.svd(A.T @ B)
    signs = np.ones(len(s))
    signs[0] = np.sign(np.linalg.det(U @ Vt))
    return (U * signs) @ Vt


WRONG = [
    (checks.ch04_best_rotation, _plain_procrustes, "reflection"),
    (checks.ch04_best_rotation, _flip_first, "smallest"),
    (checks.ch04_best_rotation, lambda A, B: best_rotation(A, B).T, "onto A"),
    (checks.ch04_best_rotation, lambda A, B: np.linalg.lstsq(A, B, rcond=None)[0], "not orthogonal"),
    (checks.ch04_best_rotation, lambda A, B: np.eye(3), "Expected a"),
    (checks.ch04_residual_from_svd, lambda A, B: procrustes_residual(A, B) ** 2, "square root"),
    (checks.ch04_residual_from_svd, lambda A, B: procrustes_residual(A, B) / np.linalg.norm(B), "relative"),
    (checks.ch04_residual_from_svd,
     lambda A, B: np.sqrt(abs(np.linalg.norm(A) ** 2 + np.linalg.norm(B) ** 2
                              - 2 * (np.linalg.svd(A.T @ B, compute_uv=False) ** 2).sum())), "not squared"),
    (checks.ch04_shuffled_residual, lambda A, B, p: shuffled_residual(A, B, p) * np.linalg.norm(B), "absolute"),
    (checks.ch04_shuffled_residual, lambda A, B, p: shuffled_residual(A[p], B[p], np.arange(len(A))), "without shuffling"),
    (checks.ch04_shuffled_residual, lambda A, B, p: shuffled_residual(A, B, p[::-1]), "Align A to"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, f, f), "fitting words"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, np.arange(len(A)), t), "fit_rows only"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: heldout_residual(A, B, t, t), "fit_rows only"),
    (checks.ch04_heldout_residual,
     lambda A, B, f, t: heldout_residual(A, B, f, t) * np.linalg.norm(B[t]), "absolute"),
    (checks.ch04_heldout_residual, lambda A, B, f, t: 0.5, "Fit Q on"),
]


@pytest.mark.parametrize("check, wrong, hint", WRONG)
def test_wrong_answer_fails_in_strict_mode(check, wrong, hint, strict):
    with pytest.raises(checks.CheckFailed, match=hint):
        check(wrong, lang="en")


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
    A, B = checks.ch04._ch04_pair(10, 60, 4, reflect=True)
    assert np.linalg.det(_plain_procrustes(A, B)) < 0
    assert np.isclose(np.linalg.det(best_rotation(A, B)), 1)
