import inspect

import numpy as np
import pytest

from embstab_lib import checks, random_orthogonal
from embstab_lib.checks import _core


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()


@pytest.fixture
def W(rng):
    return rng.normal(size=(200, 8))


@pytest.fixture
def runs(rng):
    """Five small 'runs': a shared structure, each in its own random orthogonal frame, plus noise."""
    base = rng.normal(size=(300, 6)) * np.geomspace(3, 0.3, 6)
    return [base @ random_orthogonal(6, seed=s) + 0.3 * rng.normal(size=base.shape) for s in range(5)]


def householder(u):
    u = np.asarray(u, dtype=float)
    return np.eye(len(u)) - 2 * np.outer(u, u) / (u @ u)


def gram_distances(G):
    g = np.diag(G)
    return np.sqrt(np.clip(g[:, None] + g[None, :] - 2 * G, 0, None))


def gram_distances_unclipped(G):
    g = np.diag(G)
    return np.sqrt(g[:, None] + g[None, :] - 2 * G)


def recover(W, C, W2):
    A = np.linalg.lstsq(W, W2, rcond=None)[0]
    return A, C @ np.linalg.inv(A).T


def reflection_share(runs):
    pairs = [(a, b) for a in range(len(runs)) for b in range(a + 1, len(runs))]
    dets = [np.linalg.det(_procrustes(runs[a], runs[b])) for a, b in pairs]
    return float(np.mean(np.array(dets) < 0))


def _procrustes(A, B):
    U, _, Vt = np.linalg.svd(A.T @ B)
    return U @ Vt


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, W, runs):
    def stub(*args):
        raise NotImplementedError

    checks.ch02_reflection(stub, lang=lang)
    checks.ch02_distances(stub, lang=lang)
    checks.ch02_recover_map(stub, lang=lang)
    checks.ch02_neighbour_changing_map(..., W, lang=lang)
    checks.ch02_predict_reflections(..., ..., ..., runs, lang=lang)
    checks.ch02_predict_reflections(0.5, ..., ..., runs, lang=lang)  # a prediction alone: still not done
    out = capsys.readouterr().out
    assert out.count(word) == 6 and "✓" not in out


def test_docstrings_do_not_give_the_answers():
    docs = " ".join(
        inspect.getdoc(f)
        for f in (
            checks.ch02_reflection,
            checks.ch02_distances,
            checks.ch02_recover_map,
            checks.ch02_neighbour_changing_map,
            checks.ch02_predict_reflections,
        )
    )
    for leak in ("2uu", "uuᵀ", "A⁻ᵀ", "CA⁻", "inv(", "lstsq", "G_ii", "clip", "diag(", "geomspace"):
        assert leak not in docs


def test_reflection(capsys):
    checks.ch02_reflection(householder, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 2.1" in out and "det H = -1.000" in out and "not a rotation" in out
    with pytest.raises(checks.CheckFailed, match="hyperplane"):
        checks.ch02_reflection(lambda u: np.eye(len(u)) - np.outer(u, u) / (u @ u), lang="en")
    with pytest.raises(checks.CheckFailed, match="uᵀu"):
        checks.ch02_reflection(lambda u: np.eye(len(u)) - 2 * np.outer(u, u), lang="en")
    with pytest.raises(checks.CheckFailed, match="2×2"):
        checks.ch02_reflection(lambda u: np.eye(3), lang="en")
    with pytest.raises(checks.CheckFailed, match="opposite"):
        checks.ch02_reflection(lambda u: -np.eye(len(u)), lang="en")  # orthogonal, but not this mirror
    with pytest.raises(checks.CheckFailed, match="siêu phẳng"):
        checks.ch02_reflection(lambda u: np.eye(len(u)) - np.outer(u, u) / (u @ u), lang="vi")


def test_reflection_hints_are_tiered(monkeypatch):
    wrong = lambda u: np.eye(len(u)) + np.outer(u, u) / (u @ u)  # noqa: E731
    messages = []
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as exc:
            checks.ch02_reflection(wrong, lang="en")
        messages.append(str(exc.value))
    assert "I − 2uuᵀ/(uᵀu)" not in messages[0] and "hyperplane" in messages[0]
    assert "I − 2uuᵀ/(uᵀu)" in messages[-1]


def test_distances(capsys):
    checks.ch02_distances(gram_distances, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Bài tập 2.2" in out and "làm tròn" in out
    checks.ch02_distances(lambda G: np.sqrt(np.abs(np.diag(G)[:, None] + np.diag(G)[None, :] - 2 * G)), lang="en")
    assert "✓" in capsys.readouterr().out  # |·| instead of clipping: as good
    with pytest.raises(checks.CheckFailed, match="square root"):
        checks.ch02_distances(lambda G: gram_distances(G) ** 2, lang="en")
    with pytest.raises(checks.CheckFailed, match="Gram matrix"):
        checks.ch02_distances(lambda G: G, lang="en")
    with pytest.raises(checks.CheckFailed, match="40×40"):
        checks.ch02_distances(lambda G: np.zeros(3), lang="en")
    _core._FAILURES.clear()  # the first tier of the hint
    with pytest.raises(checks.CheckFailed, match="entries of G"):
        checks.ch02_distances(lambda G: np.sqrt(np.abs(G)), lang="en")


def test_distances_unclipped_answer_fails_on_near_duplicate_rows():
    # the natural formula without clipping: rounding makes some squared distances of near-duplicate rows negative
    with pytest.warns(RuntimeWarning), pytest.raises(checks.CheckFailed, match="NaN.*nearly identical.*Clip"):
        checks.ch02_distances(gram_distances_unclipped, lang="en")


def test_recover_map(capsys):
    checks.ch02_recover_map(recover, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 2.3" in out and "one value of the loss" in out
    checks.ch02_recover_map(
        lambda W, C, W2: (np.linalg.pinv(W) @ W2, C @ np.linalg.inv(np.linalg.pinv(W) @ W2).T), lang="en"
    )
    assert "✓" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="A⁻¹, not A"):
        checks.ch02_recover_map(lambda W, C, W2: (np.linalg.lstsq(W2, W, rcond=None)[0], C), lang="en")
    with pytest.raises(checks.CheckFailed, match="WᵀW"):
        checks.ch02_recover_map(lambda W, C, W2: (W.T @ W2, C), lang="en")
    with pytest.raises(checks.CheckFailed, match="inverse of A"):
        checks.ch02_recover_map(lambda W, C, W2: (recover(W, C, W2)[0], C @ recover(W, C, W2)[0]), lang="en")
    with pytest.raises(checks.CheckFailed, match="transpose"):
        checks.ch02_recover_map(
            lambda W, C, W2: (recover(W, C, W2)[0], C @ np.linalg.inv(recover(W, C, W2)[0])), lang="en"
        )
    with pytest.raises(checks.CheckFailed, match="pair"):
        checks.ch02_recover_map(lambda W, C, W2: W2, lang="en")
    with pytest.raises(checks.CheckFailed, match="5×5"):
        checks.ch02_recover_map(lambda W, C, W2: (np.eye(4), C), lang="en")
    with pytest.raises(checks.CheckFailed, match="chuyển vị"):
        checks.ch02_recover_map(
            lambda W, C, W2: (recover(W, C, W2)[0], C @ np.linalg.inv(recover(W, C, W2)[0])), lang="vi"
        )


def test_recover_map_hints_are_tiered():
    messages = []
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as exc:
            checks.ch02_recover_map(lambda W, C, W2: (np.eye(5), C), lang="en")
        messages.append(str(exc.value))
    assert "lstsq" not in messages[0] and "lstsq" in messages[-1]


def test_neighbour_changing_map(capsys, W):
    d = W.shape[1]
    checks.ch02_neighbour_changing_map(np.diag(np.geomspace(1, 10, d)), W, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 2.4" in out and "threshold: below 0.9" in out and "condition number 10" in out
    with pytest.raises(checks.CheckFailed, match="orthogonal map"):
        checks.ch02_neighbour_changing_map(random_orthogonal(d, seed=0), W, lang="en")
    with pytest.raises(checks.CheckFailed, match="orthogonal map.*scale factor"):
        checks.ch02_neighbour_changing_map(3.0 * np.eye(d), W, lang="en")  # a scaling keeps every cosine
    with pytest.raises(checks.CheckFailed, match="ánh xạ trực giao"):
        checks.ch02_neighbour_changing_map(random_orthogonal(d, seed=0), W, lang="vi")
    with pytest.raises(checks.CheckFailed, match="not invertible"):
        checks.ch02_neighbour_changing_map(np.diag([1.0] * (d - 1) + [0.0]), W, lang="en")
    with pytest.raises(checks.CheckFailed, match="stretch more"):
        checks.ch02_neighbour_changing_map(np.diag([1.0] * (d - 1) + [1.01]), W, lang="en")
    with pytest.raises(checks.CheckFailed, match=f"{d}×{d}"):
        checks.ch02_neighbour_changing_map(np.eye(d + 1), W, lang="en")
    with pytest.raises(checks.CheckFailed, match="khả nghịch"):
        checks.ch02_neighbour_changing_map(np.zeros((d, d)), W, lang="vi")


def test_predict_reflections(capsys, runs):
    share = reflection_share(runs)
    right = "b" if share <= 0.2 else "c" if share >= 0.8 else "a"
    wrong = next(x for x in "abc" if x != right)
    checks.ch02_predict_reflections(0.5, share, right, runs, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 2.5" in out and "You predicted 0.5" in out and "after alignment" in out
    checks.ch02_predict_reflections(0.1, share, f"({right.upper()})", runs, lang="vi")
    assert "✓ Bài tập 2.5" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="which option"):
        checks.ch02_predict_reflections(0.5, share, wrong, runs, lang="en")
    with pytest.raises(checks.CheckFailed, match="prediction"):
        checks.ch02_predict_reflections(..., share, right, runs, lang="en")
    with pytest.raises(checks.CheckFailed, match="letters"):
        checks.ch02_predict_reflections(0.5, share, "d", runs, lang="en")
    with pytest.raises(checks.CheckFailed, match="all 10 pairs"):
        checks.ch02_predict_reflections(0.5, share + 0.3, right, runs, lang="en")
    if 0 < share < 1:
        with pytest.raises(checks.CheckFailed, match="count"):
            checks.ch02_predict_reflections(0.5, share * 10, right, runs, lang="en")
        if share != 0.5:
            with pytest.raises(checks.CheckFailed, match="det = \\+1"):
                checks.ch02_predict_reflections(0.5, 1 - share, right, runs, lang="en")


def test_predict_reflections_interpretation_follows_the_measurement(rng):
    # planted: four exact rotations of one matrix, so every best map is a rotation (share 0, option b)
    base = rng.normal(size=(200, 4))
    rotations = [base @ _so(s) for s in range(4)]
    assert reflection_share(rotations) == 0
    checks.ch02_predict_reflections(0.5, 0.0, "b", rotations, lang="en")
    with pytest.raises(checks.CheckFailed, match="which option"):
        checks.ch02_predict_reflections(0.5, 0.0, "a", rotations, lang="en")


def _so(seed):
    Q = random_orthogonal(4, seed=seed)
    return Q if np.linalg.det(Q) > 0 else Q @ np.diag([1.0, 1.0, 1.0, -1.0])


def test_student_code_errors_are_reported_not_raised(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch02_recover_map(lambda W, C, W2: (np.linalg.solve(W, W2), C), lang="en")  # W is not square
    out = capsys.readouterr().out
    assert "✗" in out and "LinAlgError" in out
