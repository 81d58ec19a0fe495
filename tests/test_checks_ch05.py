import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import checks

NN_A = ["literature", "fiction", "literary", "poetry", "folk", "books", "painting", "journal", "satirical", "opera"]
NN_B = ["literature", "folk", "poetry", "fiction", "books", "arts", "physics", "anarchist", "jazz", "songs"]


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


def runs(rng, n=80, d=6):
    """Two 'runs' with a large common direction: B = A Q + noise + offset (centring matters)."""
    A = rng.normal(size=(n, d)) + 4.0
    B = A @ es.random_orthogonal(d, seed=1) + 0.5 * rng.normal(size=(n, d)) + 3.0
    return A, B


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, rng, lang, word):
    def stub(*args):
        raise NotImplementedError

    A, B = runs(rng)
    checks.ch05_knn_overlap_word(..., NN_A, NN_B, lang=lang)
    checks.ch05_knn_chance(stub, lang=lang)
    checks.ch05_aligned_mean_cosine(..., A, B, lang=lang)
    checks.ch05_linear_cka(stub, lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 4 and "✓" not in out


def test_knn_overlap_word(capsys):
    checks.ch05_knn_overlap_word(len(set(NN_A) & set(NN_B)) / 10, NN_A, NN_B, lang="en")
    assert "✓ Exercise 5.1" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="divide by k"):
        checks.ch05_knn_overlap_word(5, NN_A, NN_B, lang="en")  # the count, not the share
    with pytest.raises(checks.CheckFailed, match="Jaccard"):
        checks.ch05_knn_overlap_word(5 / 15, NN_A, NN_B, lang="en")
    with pytest.raises(checks.CheckFailed, match="chia cho k"):
        checks.ch05_knn_overlap_word(5, NN_A, NN_B, lang="vi")
    with pytest.raises(checks.CheckFailed, match="number"):
        checks.ch05_knn_overlap_word("0.5", NN_A, NN_B, lang="en")
    with pytest.raises(ValueError, match="same length"):
        checks.ch05_knn_overlap_word(0.5, NN_A, NN_B[:5], lang="en")


def test_knn_chance(capsys):
    checks.ch05_knn_chance(lambda k, V: k / (V - 1), lang="vi")
    assert "✓ Bài tập 5.2" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="own neighbour"):
        checks.ch05_knn_chance(lambda k, V: k / V, lang="en")
    with pytest.raises(checks.CheckFailed, match="divided by k"):
        checks.ch05_knn_chance(lambda k, V: k * k / (V - 1), lang="en")
    with pytest.raises(checks.CheckFailed, match="probability"):
        checks.ch05_knn_chance(lambda k, V: 1 / V, lang="en")


def test_aligned_mean_cosine(capsys, rng):
    A, B = runs(rng)
    Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
    right = es.mean_cosine(es.procrustes(Ac, Bc).aligned, Bc)
    checks.ch05_aligned_mean_cosine(right, A, B, lang="en")
    assert "✓ Exercise 5.3" in capsys.readouterr().out
    uncentred = es.mean_cosine(es.procrustes(A, B).aligned, B)
    with pytest.raises(checks.CheckFailed, match="uncentred"):
        checks.ch05_aligned_mean_cosine(uncentred, A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="unaligned"):
        checks.ch05_aligned_mean_cosine(es.mean_cosine(A, B), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="centred B"):
        checks.ch05_aligned_mean_cosine(es.mean_cosine(es.procrustes(Ac, Bc).aligned, B), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="một con số"):
        checks.ch05_aligned_mean_cosine(es.cosine_per_word(Ac, Bc), A, B, lang="vi")


def test_linear_cka(capsys, rng):
    def cka(A, B):
        A, B = A - A.mean(axis=0), B - B.mean(axis=0)
        return np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

    def no_centring(A, B):
        return np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

    def no_square(A, B):
        A, B = A - A.mean(axis=0), B - B.mean(axis=0)
        return np.linalg.norm(A.T @ B) / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

    checks.ch05_linear_cka(cka, lang="en")
    assert "✓ Exercise 5.4" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="centre"):
        checks.ch05_linear_cka(no_centring, lang="en")
    with pytest.raises(checks.CheckFailed, match="squared"):
        checks.ch05_linear_cka(no_square, lang="en")
    with pytest.raises(checks.CheckFailed, match="căn giữa"):
        checks.ch05_linear_cka(no_centring, lang="vi")
    with pytest.raises(checks.CheckFailed, match="Frobenius"):
        checks.ch05_linear_cka(lambda A, B: es.mean_cosine(A, B), lang="en")


def test_student_code_errors_are_reported_not_raised(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch05_linear_cka(lambda A, B: A @ B, lang="en")  # shapes do not match
    out = capsys.readouterr().out
    assert "✗" in out and "ValueError" in out
