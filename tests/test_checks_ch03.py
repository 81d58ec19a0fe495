import numpy as np
import pytest

from embstab_lib import checks


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


def _stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word):
    A = np.eye(3)
    checks.ch03_relative_frobenius(..., A, A, lang=lang)
    checks.ch03_chance_relative(_stub, lang=lang)
    checks.ch03_pip_loss(_stub, lang=lang)
    checks.ch03_scale_exponents(..., lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 4 and "✓" not in out


@pytest.fixture
def pair(rng):
    return rng.normal(size=(20, 4)), 2 * rng.normal(size=(20, 4))  # different norms: ‖A‖ ≠ ‖B‖


def test_relative_frobenius(capsys, pair):
    A, B = pair
    dist = np.linalg.norm(A - B)
    checks.ch03_relative_frobenius(dist / np.linalg.norm(B), A, B, lang="en")
    assert "✓ Exercise 3.1" in capsys.readouterr().out
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
    with pytest.raises(checks.CheckFailed, match="khoảng cách tuyệt đối"):
        checks.ch03_relative_frobenius(dist, A, B, lang="vi")


def test_chance_relative(capsys):
    checks.ch03_chance_relative(lambda r: np.sqrt(1 + r**2), lang="vi")
    assert "✓ Bài tập 3.2" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="only for r = 1"):
        checks.ch03_chance_relative(lambda r: np.sqrt(2), lang="en")
    with pytest.raises(checks.CheckFailed, match="largest possible"):
        checks.ch03_chance_relative(lambda r: 1 + r, lang="en")
    with pytest.raises(checks.CheckFailed, match="squared"):
        checks.ch03_chance_relative(lambda r: 1 + r**2, lang="en")
    with pytest.raises(checks.CheckFailed, match="same way"):
        checks.ch03_chance_relative(lambda r: abs(1 - r), lang="en")
    with pytest.raises(checks.CheckFailed, match="Expand"):
        checks.ch03_chance_relative(lambda r: r * np.sqrt(2), lang="en")


def _pip_gram(A, B):
    sq = np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2 - 2 * np.linalg.norm(A.T @ B) ** 2
    return np.sqrt(max(sq, 0.0))


def test_pip_loss(capsys):
    checks.ch03_pip_loss(_pip_gram, lang="en")
    assert "✓ Exercise 3.3" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="squared PIP"):
        checks.ch03_pip_loss(lambda A, B: _pip_gram(A, B) ** 2, lang="en")
    with pytest.raises(checks.CheckFailed, match="all three norms are squared"):
        checks.ch03_pip_loss(lambda A, B: np.sqrt(abs(np.linalg.norm(A.T @ A) + np.linalg.norm(B.T @ B)
                                                      - 2 * np.linalg.norm(A.T @ B))), lang="en")
    with pytest.raises(checks.CheckFailed, match="V×V"):  # right value, but through the V×V matrices
        checks.ch03_pip_loss(lambda A, B: np.linalg.norm(A @ A.T - B @ B.T), lang="en")


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
    right = dict(frobenius=1, frobenius_relative=0, pip=2, pip_relative=0)
    checks.ch03_scale_exponents(right, lang="en")
    checks.ch03_scale_exponents({k: float(v) for k, v in right.items()}, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Exercise 3.4" in out and "✓ Bài tập 3.4" in out
    with pytest.raises(checks.CheckFailed, match="pip: .*quadratic"):
        checks.ch03_scale_exponents({**right, "pip": 1}, lang="en")
    with pytest.raises(checks.CheckFailed, match="frobenius_relative: .*does not change"):
        checks.ch03_scale_exponents({**right, "frobenius_relative": 1}, lang="en")
    with pytest.raises(checks.CheckFailed, match="keys"):
        checks.ch03_scale_exponents({"frobenius": 1}, lang="en")
    with pytest.raises(checks.CheckFailed, match="khóa"):
        checks.ch03_scale_exponents([1, 0, 2, 0], lang="vi")
