import numpy as np
import pytest
from scipy.special import log_softmax

import embstab_lib as es
from embstab_lib import checks
from embstab_lib.checks import _core, ch06

LRS = {"sgd": 0.5, "momentum": 0.05, "rmsprop": 0.01, "adam": 0.01, "adamw": 0.01}
SMALL = dict(steps=20, batch_size=25, seed=0)


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()


@pytest.fixture
def problem(rng):
    W, C = rng.normal(size=(12, 5)), rng.normal(size=(12, 5))
    pairs = np.c_[rng.integers(0, 12, 80), rng.integers(0, 12, 80)]
    return W, C, pairs


@pytest.fixture
def gensim_like(rng):
    """Word and context vectors with a common direction, plus pairs and negatives."""
    W = rng.normal(size=(600, 8)) + 2.0
    C = rng.normal(size=(600, 8)) - 1.0
    pairs = np.c_[rng.integers(0, 600, 300), rng.integers(0, 600, 300)]
    neg = rng.integers(0, 600, size=(300, 3))
    return W, C, pairs, neg


@pytest.fixture
def trajectories(rng):
    W0, C0 = es.init_skipgram(15, 5, seed=1, scale=0.3)
    pairs = np.c_[rng.integers(0, 15, 200), rng.integers(0, 15, 200)]
    return W0, C0, pairs, es.random_orthogonal(5, seed=2)


def givens(d, theta):
    R = np.eye(d)
    R[:2, :2] = [[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]]
    return R


def rel_change(W, C, pairs, W2, C2):
    L = es.skipgram_loss(W, C, pairs)
    return abs(es.skipgram_loss(W2, C2, pairs) - L) / L


def measure(W0, C0, pairs, Q, lrs=LRS, *, wd=0.01, dtype=np.float64, **kw):
    kw = {**SMALL, **kw}
    out = {}
    for opt in ch06.OPTIMIZERS_6_4:
        args = dict(
            optimizer=opt,
            lr=lrs[opt],
            record=[kw["steps"]],
            weight_decay=wd if opt == "adamw" else 0.0,
            dtype=dtype,
            **kw,
        )
        a = es.train_skipgram(W0, C0, pairs, **args)
        b = es.train_skipgram(W0 @ Q, C0 @ Q, pairs, **args)
        out[opt] = float(es.trajectory_deviation(a, b, Q)[1][-1])
    return out


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word, problem, gensim_like, trajectories):
    def stub(*args):
        raise NotImplementedError

    W, C, pairs = problem
    checks.ch06_skipgram_loss(stub, lang=lang)
    checks.ch06_rotation_in_a_plane(..., W, C, pairs, lang=lang)
    checks.ch06_rotation_in_a_plane((..., ..., ...), W, C, pairs, lang=lang)
    checks.ch06_neighbour_changing_symmetry(..., *gensim_like, lang=lang)
    checks.ch06_predict_optimizers(..., ..., ..., *trajectories, LRS, lang=lang, **SMALL)
    checks.ch06_predict_optimizers(2, ..., ..., *trajectories, LRS, lang=lang, **SMALL)  # a prediction alone
    out = capsys.readouterr().out
    assert out.count(word) == 6 and "✓" not in out


def test_no_answer_in_the_docstrings():
    for fn in (
        checks.ch06_skipgram_loss,
        checks.ch06_rotation_in_a_plane,
        checks.ch06_neighbour_changing_symmetry,
        checks.ch06_predict_optimizers,
    ):
        doc = fn.__doc__
        for leak in ("logsumexp", "max(", "inv(", "A⁻ᵀ", "geomspace", "np.cos", "π/6", "linear"):
            assert leak not in doc, (fn.__name__, leak)


def test_skipgram_loss(capsys):
    def right(W, C, pairs):
        return float(-np.mean(log_softmax(W[pairs[:, 0]] @ C.T, axis=1)[np.arange(len(pairs)), pairs[:, 1]]))

    def naive(W, C, pairs):
        Z = W[pairs[:, 0]] @ C.T
        P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
        return float(-np.mean(np.log(P[np.arange(len(pairs)), pairs[:, 1]])))

    def summed(W, C, pairs):
        return right(W, C, pairs) * len(pairs)

    def wrong_axis(W, C, pairs):
        return float(-np.mean(log_softmax(W @ C.T, axis=0)[pairs[:, 0], pairs[:, 1]]))

    checks.ch06_skipgram_loss(right, lang="en")
    checks.ch06_skipgram_loss(es.skipgram_loss, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Exercise 6.1" in out and "✓ Bài tập 6.1" in out
    with pytest.raises(checks.CheckFailed, match="overflow"):
        checks.ch06_skipgram_loss(naive, lang="en")
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match="mean"):
        checks.ch06_skipgram_loss(summed, lang="en")
    with pytest.raises(checks.CheckFailed, match="wrong axis"):
        checks.ch06_skipgram_loss(wrong_axis, lang="en")
    with pytest.raises(checks.CheckFailed, match="sign"):
        checks.ch06_skipgram_loss(lambda W, C, p: -right(W, C, p), lang="en")
    with pytest.raises(checks.CheckFailed, match="một con số"):
        checks.ch06_skipgram_loss(lambda W, C, p: np.zeros(3), lang="vi")


def test_rotation_in_a_plane(capsys, problem):
    W, C, pairs = problem
    R = givens(5, np.pi / 6)
    both, one = rel_change(W, C, pairs, W @ R, C @ R), rel_change(W, C, pairs, W @ R, C)
    checks.ch06_rotation_in_a_plane((R, both, one), W, C, pairs, lang="en")
    checks.ch06_rotation_in_a_plane((R.T, 0.0, rel_change(W, C, pairs, W @ R.T, C)), W, C, pairs, lang="vi")
    out = capsys.readouterr().out
    assert "✓ Exercise 6.2" in out and "✓ Bài tập 6.2" in out and "rounding" in out
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match="radians"):
        checks.ch06_rotation_in_a_plane((givens(5, 30.0), both, one), W, C, pairs, lang="en")
    big = np.eye(5)
    big[:3, :3] = es.random_orthogonal(3, seed=0)
    with pytest.raises(checks.CheckFailed, match="coordinates 0 and 1"):
        checks.ch06_rotation_in_a_plane((big, both, one), W, C, pairs, lang="en")
    with pytest.raises(checks.CheckFailed, match="only W is rotated"):
        checks.ch06_rotation_in_a_plane((R, one, one), W, C, pairs, lang="en")
    with pytest.raises(checks.CheckFailed, match="absolute"):
        checks.ch06_rotation_in_a_plane((R, both, one * es.skipgram_loss(W, C, pairs)), W, C, pairs, lang="en")
    with pytest.raises(checks.CheckFailed, match="rotated C"):
        checks.ch06_rotation_in_a_plane((R, both, rel_change(W, C, pairs, W, C @ R)), W, C, pairs, lang="en")
    with pytest.raises(checks.CheckFailed, match="triple"):
        checks.ch06_rotation_in_a_plane(R, W, C, pairs, lang="en")


def test_neighbour_changing_symmetry(capsys, gensim_like):
    W, C, pairs, neg = gensim_like
    A = np.diag(np.geomspace(1, 10, 8))
    checks.ch06_neighbour_changing_symmetry((W @ A, C @ np.linalg.inv(A).T), W, C, pairs, neg, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 6.3" in out and "neighbours are kept" in out
    with pytest.raises(checks.CheckFailed, match="same A"):
        checks.ch06_neighbour_changing_symmetry((W @ A, C @ A), W, C, pairs, neg, lang="en")
    with pytest.raises(checks.CheckFailed, match="C must be transformed"):
        checks.ch06_neighbour_changing_symmetry((W @ A, C), W, C, pairs, neg, lang="en")
    Q = es.random_orthogonal(8, seed=1)
    _core._FAILURES.clear()  # the first tier of the hint, then the explicit one
    with pytest.raises(checks.CheckFailed, match="orthogonal"):
        checks.ch06_neighbour_changing_symmetry((3 * W @ Q, C @ Q / 3), W, C, pairs, neg, lang="en")
    with pytest.raises(checks.CheckFailed, match="geomspace"):
        checks.ch06_neighbour_changing_symmetry((3 * W @ Q, C @ Q / 3), W, C, pairs, neg, lang="en")
    with pytest.raises(checks.CheckFailed, match="W @ A"):
        checks.ch06_neighbour_changing_symmetry((W**2, C), W, C, pairs, neg, lang="en")
    with pytest.raises(checks.CheckFailed, match="kích thước"):
        checks.ch06_neighbour_changing_symmetry((W[:10], C), W, C, pairs, neg, lang="vi")


def test_predict_optimizers(capsys, trajectories):
    W0, C0, pairs, Q = trajectories
    measured = measure(W0, C0, pairs, Q)
    assert measured["sgd"] < 1e-9 and measured["adam"] > 1e-3  # the premise of the exercise
    checks.ch06_predict_optimizers(2, measured, "a", W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    checks.ch06_predict_optimizers(5, measured, "(A)", W0, C0, pairs, Q, LRS, lang="vi", **SMALL)
    out = capsys.readouterr().out
    assert "✓ Exercise 6.4" in out and "You predicted 2" in out and "Bạn dự đoán 5" in out
    for wrong in ("b", "c", "d"):
        with pytest.raises(checks.CheckFailed, match="numbers again"):
            checks.ch06_predict_optimizers(2, measured, wrong, W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    with pytest.raises(checks.CheckFailed, match="prediction"):
        checks.ch06_predict_optimizers(..., measured, "a", W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    with pytest.raises(checks.CheckFailed, match="letters"):
        checks.ch06_predict_optimizers(2, measured, "e", W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    no_decay = measure(W0, C0, pairs, Q, wd=0.0)  # adamw run without its weight decay
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match="adamw"):
        checks.ch06_predict_optimizers(2, no_decay, "a", W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    other_seed = measure(W0, C0, pairs, Q, seed=1)
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match="does not match"):
        checks.ch06_predict_optimizers(2, other_seed, "a", W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    with pytest.raises(checks.CheckFailed, match="keys"):
        checks.ch06_predict_optimizers(2, {"sgd": 0.0}, "a", W0, C0, pairs, Q, LRS, lang="en", **SMALL)
    with pytest.raises(ValueError, match="missing"):
        checks.ch06_predict_optimizers(2, measured, "a", W0, C0, pairs, Q, {"sgd": 1.0}, lang="en", **SMALL)


def test_student_code_errors_are_reported_not_raised(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch06_skipgram_loss(lambda W, C, pairs: W @ C, lang="en")  # shapes do not match
    out = capsys.readouterr().out
    assert "✗" in out and "ValueError" in out
