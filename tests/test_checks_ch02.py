import numpy as np
import pytest

from embstab_lib import checks, random_orthogonal


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


@pytest.fixture
def W(rng):
    return rng.normal(size=(200, 8))


def householder(u):
    u = np.asarray(u, dtype=float)
    return np.eye(len(u)) - 2 * np.outer(u, u) / (u @ u)


def gram_distances(E):
    G = E @ E.T
    return np.sqrt(np.clip(np.diag(G)[:, None] + np.diag(G)[None, :] - 2 * G, 0, None))


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, W):
    def stub(*args):
        raise NotImplementedError

    checks.ch02_reflection(stub, lang=lang)
    checks.ch02_distances(stub, lang=lang)
    checks.ch02_reparametrize(stub, lang=lang)
    checks.ch02_neighbour_changing_map(..., W, lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 4 and "✓" not in out


def test_reflection(capsys):
    checks.ch02_reflection(householder, lang="en")
    assert "✓ Exercise 2.1" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="factor 2"):
        checks.ch02_reflection(lambda u: np.eye(len(u)) - np.outer(u, u) / (u @ u), lang="en")
    with pytest.raises(checks.CheckFailed, match="uᵀu"):
        checks.ch02_reflection(lambda u: np.eye(len(u)) - 2 * np.outer(u, u), lang="en")
    with pytest.raises(checks.CheckFailed, match="3×3|2×2"):
        checks.ch02_reflection(lambda u: np.eye(3), lang="en")
    with pytest.raises(checks.CheckFailed, match="−u"):
        checks.ch02_reflection(lambda u: -np.eye(len(u)), lang="en")  # orthogonal, but not this mirror
    with pytest.raises(checks.CheckFailed, match="hệ số 2"):
        checks.ch02_reflection(lambda u: np.eye(len(u)) - np.outer(u, u) / (u @ u), lang="vi")


def test_distances(capsys):
    checks.ch02_distances(gram_distances, lang="vi")
    assert "✓ Bài tập 2.2" in capsys.readouterr().out
    checks.ch02_distances(lambda E: np.linalg.norm(E[:, None] - E[None], axis=2), lang="en")  # direct way
    assert "✓" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="square root"):
        checks.ch02_distances(lambda E: gram_distances(E) ** 2, lang="en")
    with pytest.raises(checks.CheckFailed, match="Gram matrix"):
        checks.ch02_distances(lambda E: E @ E.T, lang="en")
    with pytest.raises(checks.CheckFailed, match="clip"):
        checks.ch02_distances(lambda E: np.full((len(E), len(E)), np.nan), lang="en")
    with pytest.raises(checks.CheckFailed, match="30×30"):
        checks.ch02_distances(lambda E: np.zeros(3), lang="en")


def test_reparametrize(capsys):
    checks.ch02_reparametrize(lambda W, C, A: (W @ A, C @ np.linalg.inv(A).T), lang="en")
    assert "✓ Exercise 2.3" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="inverse"):
        checks.ch02_reparametrize(lambda W, C, A: (W @ A, C @ A), lang="en")
    with pytest.raises(checks.CheckFailed, match="transpose"):
        checks.ch02_reparametrize(lambda W, C, A: (W @ A, C @ np.linalg.inv(A)), lang="en")
    with pytest.raises(checks.CheckFailed, match="W2 = WA"):
        checks.ch02_reparametrize(lambda W, C, A: (W @ A.T, C), lang="en")
    with pytest.raises(checks.CheckFailed, match="pair"):
        checks.ch02_reparametrize(lambda W, C, A: W @ A, lang="en")
    with pytest.raises(checks.CheckFailed, match="chuyển vị"):
        checks.ch02_reparametrize(lambda W, C, A: (W @ A, C @ np.linalg.inv(A)), lang="vi")


def test_neighbour_changing_map(capsys, W):
    d = W.shape[1]
    checks.ch02_neighbour_changing_map(np.diag(np.geomspace(1, 10, d)), W, lang="en")
    assert "✓ Exercise 2.4" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="orthogonal"):
        checks.ch02_neighbour_changing_map(random_orthogonal(d, seed=0), W, lang="en")
    with pytest.raises(checks.CheckFailed, match="orthogonal"):
        checks.ch02_neighbour_changing_map(3.0 * np.eye(d), W, lang="en")  # a scaling keeps every cosine
    with pytest.raises(checks.CheckFailed, match="not invertible"):
        checks.ch02_neighbour_changing_map(np.diag([1.0] * (d - 1) + [0.0]), W, lang="en")
    with pytest.raises(checks.CheckFailed, match="stretch more"):
        checks.ch02_neighbour_changing_map(np.diag([1.0] * (d - 1) + [1.01]), W, lang="en")
    with pytest.raises(checks.CheckFailed, match=f"{d}×{d}"):
        checks.ch02_neighbour_changing_map(np.eye(d + 1), W, lang="en")
    with pytest.raises(checks.CheckFailed, match="khả nghịch"):
        checks.ch02_neighbour_changing_map(np.zeros((d, d)), W, lang="vi")


def test_student_code_errors_are_reported_not_raised(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch02_reparametrize(lambda W, C, A: (W @ A, C @ A[:2]), lang="en")
    out = capsys.readouterr().out
    assert "✗" in out and "ValueError" in out
