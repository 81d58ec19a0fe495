from fractions import Fraction

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import checks
from embstab_lib.checks import _core

# the neighbours of "music" in two runs: 6 shared, only the first keeps its rank
NN_A = ["literature", "fiction", "literary", "friedrich", "poetry", "folk", "books", "painting", "journal", "satirical"]
NN_B = ["literature", "folk", "poetry", "fiction", "books", "literary", "philosophical", "arts", "physics", "anarchist"]


def first_try(check, *args, match, **kw):
    """``check(*args)`` fails with ``match`` on a first attempt (the tiered hints escalate after repeated failures)."""
    _core._FAILURES.clear()
    with pytest.raises(checks.CheckFailed, match=match):
        check(*args, **kw)


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()
    yield
    _core._FAILURES.clear()


def runs(rng, n=80, d=6):
    """Two 'runs' with a large common direction: B = A Q + noise + offset (centring matters)."""
    A = rng.normal(size=(n, d)) + 4.0
    B = A @ es.random_orthogonal(d, seed=1) + 0.5 * rng.normal(size=(n, d)) + 3.0
    return A, B


def clustered_runs(seed=0, n=400, d=8, noise=0.35):
    """Two noisy copies of one clustered cloud: neighbours partly shared, the first one often swapped."""
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    return X + noise * rng.normal(size=(n, d)), X + noise * rng.normal(size=(n, d))


def first_and_tenth(A, B):
    nA, nB = es.nearest_neighbors(A, 10), es.nearest_neighbors(B, 10)
    return float(np.mean(nA[:, 0] == nB[:, 0])), float(es.shared_neighbors(nA, nB).mean())


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, rng, lang, word):
    def stub(*args):
        raise NotImplementedError

    A, B = runs(rng)
    checks.ch05_knn_overlap_word(..., NN_A, NN_B, lang=lang)
    checks.ch05_predict_first_neighbor(..., ..., ..., A, B, lang=lang)
    checks.ch05_predict_first_neighbor(0.5, ..., ..., A, B, lang=lang)  # a prediction alone is not an answer
    checks.ch05_aligned_mean_cosine(..., A, B, lang=lang)
    checks.ch05_linear_cka(stub, lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 5 and "✓" not in out


def test_docstrings_state_the_task_not_the_answer():
    for fn in (
        checks.ch05_knn_overlap_word,
        checks.ch05_predict_first_neighbor,
        checks.ch05_aligned_mean_cosine,
        checks.ch05_linear_cka,
    ):
        doc = fn.__doc__
        assert doc and "Exercise 5." in doc
        for leak in (
            "len(set",
            "/ k",
            "procrustes(",
            "centre",
            "center",
            "mean(axis",
            "AᵀB",
            "ÃᵀB̃",
            "‖",
            "tr(",
            "nearest_neighbors(",
            '"a"',
            '"b"',
            '"c"',
        ):
            assert leak not in doc, (fn.__name__, leak)


# ---------------------------------------------------------------- 5.1
@pytest.mark.parametrize("right", [0.6, Fraction(6, 10), np.float32(0.6), np.array(0.6), np.int64(6) / 10])
def test_knn_overlap_word_accepts_any_number_type(capsys, right):
    checks.ch05_knn_overlap_word(right, NN_A, NN_B, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 5.1" in out and "6 of 10" in out and "same rank in both lists: 1." in out


@pytest.mark.parametrize(
    "wrong, message",
    [
        (6, "not a share"),  # the count
        (6 / 14, "Jaccard"),  # divided by the union
        (0.1, "rank by rank"),  # position-wise matches
        (0.4, "differ"),  # 1 − overlap
        (0.65, "share \\(out of k\\)"),  # anything else
    ],
)
def test_knn_overlap_word_rejects_plausible_mistakes(wrong, message):
    with pytest.raises(checks.CheckFailed, match=message):
        checks.ch05_knn_overlap_word(wrong, NN_A, NN_B, lang="en")


def test_knn_overlap_word_hints_get_explicit_and_speak_vietnamese():
    with pytest.raises(checks.CheckFailed, match="chưa phải tỉ lệ"):
        checks.ch05_knn_overlap_word(6, NN_A, NN_B, lang="vi")
    _core._FAILURES.clear()
    messages = []
    for _ in range(3):
        with pytest.raises(checks.CheckFailed) as err:
            checks.ch05_knn_overlap_word(0.65, NN_A, NN_B, lang="en")
        messages.append(str(err.value))
    assert "len(set(" not in messages[0] and "len(set(" in messages[-1]
    with pytest.raises(checks.CheckFailed, match="number"):
        checks.ch05_knn_overlap_word("0.6", NN_A, NN_B, lang="en")
    with pytest.raises(checks.CheckFailed, match="number"):
        checks.ch05_knn_overlap_word([0.6], NN_A, NN_B, lang="en")


def test_knn_overlap_word_refuses_lists_that_cannot_discriminate():
    with pytest.raises(ValueError, match="same length"):
        checks.ch05_knn_overlap_word(0.5, NN_A, NN_B[:5], lang="en")
    with pytest.raises(ValueError, match="cannot tell"):  # nothing shared: the count, the share and Jaccard are all 0
        checks.ch05_knn_overlap_word(0.0, NN_A[:3], ["x", "y", "z"], lang="en")
    with pytest.raises(ValueError, match="cannot tell"):  # everything shared
        checks.ch05_knn_overlap_word(1.0, NN_A, NN_A[::-1], lang="en")
    with pytest.raises(ValueError, match="once"):
        checks.ch05_knn_overlap_word(0.5, ["a", "a"], ["a", "b"], lang="en")


# ---------------------------------------------------------------- 5.2
@pytest.fixture(scope="module")
def pair_c():
    A, B = clustered_runs()
    first, tenth = first_and_tenth(A, B)
    assert first < tenth - 0.03  # the fixture must make the letter unambiguous
    return A, B, first, tenth


def test_predict_first_neighbor_reference(capsys, pair_c):
    A, B, first, tenth = pair_c
    checks.ch05_predict_first_neighbor(0.9, first, "c", A, B, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 5.2" in out and "You predicted 0.9" in out and f"{tenth:.2f}" in out and "swap" in out
    checks.ch05_predict_first_neighbor(Fraction(1, 2), round(first, 3), " (C) ", A, B, lang="vi")
    assert "✓ Bài tập 5.2" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        ((None, "first", "c"), "prediction"),
        ((1.5, "first", "c"), "prediction"),
        ((0.5, "count", "c"), "number of words"),
        ((0.5, "tenth", "c"), "10 nearest"),
        ((0.5, "first+", "c"), "nearest neighbour of every word"),
        ((0.5, "text", "c"), "one number"),
        ((0.5, "first", "a"), "which option"),
        ((0.5, "first", "b"), "which option"),
        ((0.5, "first", "d"), "letters"),
        ((0.5, "first", 3), "letters"),
    ],
)
def test_predict_first_neighbor_rejects_mistakes(pair_c, args, message):
    A, B, first, tenth = pair_c
    pred, meas, interp = args
    meas = {"first": first, "count": first * len(A), "tenth": tenth, "first+": first + 0.01, "text": "0.2"}[meas]
    with pytest.raises(checks.CheckFailed, match=message):
        checks.ch05_predict_first_neighbor(pred, meas, interp, A, B, lang="en")


def test_predict_first_neighbor_letter_follows_the_data(capsys):
    A = np.random.default_rng(3).normal(size=(300, 6))
    first, _ = first_and_tenth(A, 2 * A)  # identical neighbours: both shares are 1
    checks.ch05_predict_first_neighbor(0.2, first, "b", A, 2 * A, lang="en")
    assert "✓" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="1.000"):
        checks.ch05_predict_first_neighbor(0.2, first, "c", A, 2 * A, lang="en")


# ---------------------------------------------------------------- 5.3
def test_aligned_mean_cosine(capsys, rng):
    A, B = runs(rng)
    Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
    right = es.mean_cosine(es.procrustes(Ac, Bc).aligned, Bc)
    for ok in (right, round(right, 4), np.array(right), np.float32(right)):
        checks.ch05_aligned_mean_cosine(ok, A, B, lang="en")
        assert "✓ Exercise 5.3" in capsys.readouterr().out
    for off in (0.004, -0.001):
        with pytest.raises(checks.CheckFailed):
            checks.ch05_aligned_mean_cosine(right + off, A, B, lang="en")
    # a number copied from section 1 (a mean over 10 pairs, printed to 3 decimals) is close but not this pair's value
    first_try(checks.ch05_aligned_mean_cosine, right + 0.0004, A, B, lang="en", match="Close")
    first_try(checks.ch05_aligned_mean_cosine, right - 0.0002, A, B, lang="vi", match="Gần đúng")
    first_try(
        checks.ch05_aligned_mean_cosine,
        es.mean_cosine(es.procrustes(A, B).aligned, B),
        A,
        B,
        lang="en",
        match="uncentred",
    )
    first_try(checks.ch05_aligned_mean_cosine, es.mean_cosine(A, B), A, B, lang="en", match="unaligned")
    first_try(checks.ch05_aligned_mean_cosine, es.mean_cosine(Ac, Bc), A, B, lang="en", match="did not align")
    first_try(
        checks.ch05_aligned_mean_cosine,
        es.mean_cosine(es.procrustes(Ac, Bc).aligned, B),
        A,
        B,
        lang="en",
        match="centred B",
    )
    first_try(checks.ch05_aligned_mean_cosine, es.cosine_per_word(Ac, Bc), A, B, lang="vi", match="một con số")


# ---------------------------------------------------------------- 5.4
def cka(A, B):
    A, B = A - A.mean(axis=0), B - B.mean(axis=0)
    return np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))


def test_linear_cka_reference(capsys):
    checks.ch05_linear_cka(cka, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 5.4" in out and "MB" in out


@pytest.mark.parametrize(
    "wrong, message",
    [
        (lambda A, B: np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B)), "centre"),
        (
            lambda A, B: (
                cka(A, B)
                * np.linalg.norm((A - A.mean(0)).T @ (A - A.mean(0)))
                * np.linalg.norm((B - B.mean(0)).T @ (B - B.mean(0)))
            ),
            "unnormalised",
        ),
        (lambda A, B: cka(A, B) ** 0.5 / 3, "cyclic"),
    ],
)
def test_linear_cka_rejects_wrong_formulas(wrong, message):
    with pytest.raises(checks.CheckFailed, match=message):
        checks.ch05_linear_cka(wrong, lang="en")


def test_linear_cka_other_formula_mistakes():
    def centred(A, B):
        return A - A.mean(axis=0), B - B.mean(axis=0)

    def unsquared(A, B):
        A, B = centred(A, B)
        return np.linalg.norm(A.T @ B) / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

    def squared_denominator(A, B):
        A, B = centred(A, B)
        return np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B)) ** 2

    first_try(checks.ch05_linear_cka, unsquared, lang="en", match="squared norm")
    first_try(checks.ch05_linear_cka, squared_denominator, lang="en", match="not squared")
    first_try(
        checks.ch05_linear_cka,
        lambda A, B: np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B)),
        lang="vi",
        match="trung tâm hóa",
    )


def test_linear_cka_with_gram_matrices_is_rejected_for_memory():
    def gram_cka(A, B):  # the definition, with two n × n Gram matrices
        A, B = A - A.mean(axis=0), B - B.mean(axis=0)
        K, L = A @ A.T, B @ B.T
        return float(np.sum(K * L) / (np.linalg.norm(K) * np.linalg.norm(L)))

    first_try(checks.ch05_linear_cka, gram_cka, lang="en", match="n × n")


def test_linear_cka_non_numbers_and_student_errors(capsys, monkeypatch):
    first_try(checks.ch05_linear_cka, lambda A, B: A.T @ B, lang="en", match="one number")
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch05_linear_cka(lambda A, B: A @ B, lang="en")  # shapes do not match: the student's error
    out = capsys.readouterr().out
    assert "✗" in out and "ValueError" in out
