import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import checks

TEN = [["a", "c", "d"]] * 8 + [["a", "c", "x"], ["a", "y", "z"]]  # a: 10, c: 9, d: 8
LISTS = [["a", "b", "c"], ["a", "b", "d"], ["a", "b", "c"], ["a", "c", "e"], ["a", "b", "f"]]  # a: 5, b: 4, c: 3


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word):
    def stub(*args):
        raise NotImplementedError

    checks.ch07_consensus(..., LISTS, lang=lang)
    checks.ch07_subspace(stub, lang=lang)
    checks.ch07_bootstrap(stub, lang=lang)
    checks.ch07_bootstrap_small(..., ..., ..., reference=0.3, lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 4 and "✓" not in out


def test_consensus(capsys):
    checks.ch07_consensus(["a", "b"], LISTS, lang="en")  # ≥ 4 of 5 lists
    assert "✓ Exercise 7.1" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="not >"):
        checks.ch07_consensus(["a"], LISTS, lang="en")  # > 4 instead of ≥ 4
    with pytest.raises(checks.CheckFailed, match="union"):
        checks.ch07_consensus(list("abcdef"), LISTS, lang="en")
    with pytest.raises(checks.CheckFailed, match="majority"):
        checks.ch07_consensus(["a", "b", "c"], LISTS, lang="en")
    with pytest.raises(checks.CheckFailed, match="list"):
        checks.ch07_consensus("ab", LISTS, lang="en")
    with pytest.raises(checks.CheckFailed, match="mọi danh sách"):
        checks.ch07_consensus(["a"], TEN, lang="vi")  # in all 10 lists instead of ≥ 8
    checks.ch07_consensus(["a", "c", "d"], TEN, lang="en")
    with pytest.raises(checks.CheckFailed, match="not >"):
        checks.ch07_consensus(["a", "c"], TEN, lang="en")
    with pytest.raises(ValueError):
        checks.ch07_consensus(["a"], [["a"]], lang="en")


def test_subspace(capsys):
    def right(A, B):
        Qa = np.linalg.qr(A - A.mean(0))[0]
        Qb = np.linalg.qr(B - B.mean(0))[0]
        return np.linalg.norm(Qa.T @ Qb) ** 2 / min(A.shape[1], B.shape[1])

    def no_centring(A, B):
        Qa, Qb = np.linalg.qr(A)[0], np.linalg.qr(B)[0]
        return np.linalg.norm(Qa.T @ Qb) ** 2 / min(A.shape[1], B.shape[1])

    def unsquared(A, B):
        Qa, Qb = np.linalg.qr(A - A.mean(0))[0], np.linalg.qr(B - B.mean(0))[0]
        return np.linalg.svd(Qa.T @ Qb, compute_uv=False).mean()

    def by_max(A, B):
        return right(A, B) * min(A.shape[1], B.shape[1]) / max(A.shape[1], B.shape[1])

    checks.ch07_subspace(right, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 7.2" in out and "1.000000" in out
    for fn, match in (
        (no_centring, "centre"),
        (unsquared, "ρ_k²"),
        (by_max, "smaller width"),
        (es.linear_cka, "orthonormal basis|linalg.qr"),
        (lambda A, B: "x", "one number"),
    ):
        with pytest.raises(checks.CheckFailed, match=match):
            checks.ch07_subspace(fn, lang="en")


def test_bootstrap(capsys):
    def right(docs, seed):
        rng = np.random.default_rng(seed)
        return [docs[i] for i in rng.integers(0, len(docs), len(docs))]

    checks.ch07_bootstrap(right, lang="vi")
    assert "✓ Bài tập 7.3" in capsys.readouterr().out
    wrong = {
        "SHUFFLED": lambda docs, seed: [docs[i] for i in np.random.default_rng(seed).permutation(len(docs))],
        "same seed": lambda docs, seed: [docs[i] for i in np.random.default_rng().integers(0, len(docs), len(docs))],
        "as many documents": lambda docs, seed: right(docs, seed)[:-1],
        "different samples": lambda docs, seed: right(docs, 0),
        "uniformly": lambda docs, seed: [
            docs[i] for i in np.random.default_rng(seed).integers(0, len(docs) // 2, len(docs))
        ],
        "unchanged": lambda docs, seed: [d + ["x"] for d in right(docs, seed)],
    }
    for match, fn in wrong.items():
        with pytest.raises(checks.CheckFailed, match=match):
            checks.ch07_bootstrap(fn, lang="en")


def test_bootstrap_small(capsys, tmp_path, monkeypatch):
    from embstab_lib.checks.ch07.bootstrap_small import _lee_overlap

    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    lee = es.load_corpus("lee")
    a, b = (es.ppmi_svd(es.bootstrap_corpus(lee, seed=s)) for s in (0, 1))
    _, A, B = es.shared_matrices(a, b)
    measured = es.knn_overlap(A, B).mean()
    assert measured == pytest.approx(_lee_overlap())
    right = "b" if measured > 0.3 else "a"
    checks.ch07_bootstrap_small(0.2, measured, right, reference=0.3, lang="en")
    out = capsys.readouterr().out
    assert "✓ Exercise 7.4" in out and "You predicted 0.2" in out
    wrong_letter = "a" if right == "b" else "b"
    with pytest.raises(checks.CheckFailed, match="direction"):
        checks.ch07_bootstrap_small(0.2, measured, wrong_letter, reference=0.3, lang="en")
    with pytest.raises(checks.CheckFailed, match="direction"):
        checks.ch07_bootstrap_small(0.2, measured, "c", reference=0.3, lang="en")
    with pytest.raises(checks.CheckFailed, match="itself"):
        checks.ch07_bootstrap_small(0.2, 1.0, right, reference=0.3, lang="en")
    with pytest.raises(checks.CheckFailed, match="prediction"):
        checks.ch07_bootstrap_small(..., measured, right, reference=0.3, lang="en")
    with pytest.raises(checks.CheckFailed, match="shared words"):
        checks.ch07_bootstrap_small(0.2, "high", right, reference=0.3, lang="en")
    with pytest.raises(checks.CheckFailed, match="ppmi_svd"):
        checks.ch07_bootstrap_small(0.2, measured + 0.05, right, reference=0.3, lang="en")
    with pytest.raises(checks.CheckFailed, match="letters"):
        checks.ch07_bootstrap_small(0.2, measured, "yes", reference=0.3, lang="en")
    checks.ch07_bootstrap_small(0.2, measured, ..., reference=0.3, lang="en", strict=False)
    assert "not done yet" in capsys.readouterr().out
