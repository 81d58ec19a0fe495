"""ppmi_matrix / ppmi_svd: the formula on a corpus small enough to count by hand, determinism, the cache."""

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.models.ppmi import ppmi_matrix, ppmi_svd

TINY = [["a", "b", "a", "c"], ["b", "c", "d", "a", "b"], ["rare"]]


def brute_force_ppmi(docs, window, min_count, cds):
    from collections import Counter

    tally = Counter(t for d in docs for t in d)
    words = [w for w, c in sorted(tally.items(), key=lambda wc: -wc[1]) if c >= min_count]
    ix = {w: i for i, w in enumerate(words)}
    X = np.zeros((len(words), len(words)))
    for d in docs:
        ids = [ix[t] for t in d if t in ix]
        for i, w in enumerate(ids):
            for j, c in enumerate(ids):
                k = abs(i - j)
                if 1 <= k <= window:
                    X[w, c] += (window - k + 1) / window
    pc = X.sum(0) ** cds
    with np.errstate(divide="ignore", invalid="ignore"):
        pmi = np.log(X / X.sum()) - np.log(X.sum(1, keepdims=True) / X.sum()) - np.log(pc / pc.sum())
        return np.where(X > 0, np.maximum(pmi, 0), 0), words


@pytest.mark.parametrize("window, cds", [(1, 1.0), (2, 0.75), (3, 0.0)])
def test_ppmi_matches_brute_force(window, cds):
    M, words, counts = ppmi_matrix(TINY, window=window, min_count=2, cds=cds)
    want, want_words = brute_force_ppmi(TINY, window, 2, cds)
    assert words == want_words and "rare" not in words
    assert counts.tolist() == [sum(d.count(w) for d in TINY) for w in words]
    assert np.allclose(M.toarray(), want)
    if cds == 1.0:
        assert np.allclose(M.toarray(), M.toarray().T)


def test_window_never_crosses_documents():
    M, words, _ = ppmi_matrix([["a", "b"], ["c", "d"]], window=5, min_count=1, cds=1.0)
    ix = {w: i for i, w in enumerate(words)}
    assert M[ix["b"], ix["c"]] == 0 and M[ix["a"], ix["b"]] > 0


def test_svd_matches_dense_svd(rng):
    docs = [[f"w{int(i)}" for i in rng.zipf(1.5, size=200) % 60] for _ in range(30)]
    M, words, _ = ppmi_matrix(docs, window=3, min_count=3)
    kv = ppmi_svd(docs, dim=5, window=3, min_count=3, eig_power=1.0, cache=False)
    U, s, _ = np.linalg.svd(M.toarray())
    assert kv.index_to_key == words
    assert np.allclose(np.linalg.norm(kv.vectors, axis=0), s[:5], rtol=1e-4)
    # same column space as the dense top-5 singular vectors, up to sign
    assert np.allclose(np.abs(np.sum(kv.vectors / s[:5] * U[:, :5], axis=0)), 1, atol=1e-3)


def test_deterministic_bit_identical_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    corpus = es.load_corpus("lee", max_tokens=20_000)
    a = ppmi_svd(corpus, dim=20, cache=False)
    b = ppmi_svd(corpus, dim=20, cache=False)
    assert np.array_equal(a.vectors, b.vectors) and a.index_to_key == b.index_to_key
    c = ppmi_svd(corpus, dim=20)  # computes and writes the cache
    files = list((tmp_path / "ppmi").glob("*.npz"))
    assert len(files) == 1
    d = ppmi_svd(corpus, dim=20)  # reads it back
    assert np.array_equal(c.vectors, a.vectors) and np.array_equal(d.vectors, a.vectors)
    assert np.array_equal(es.word_counts(d), es.word_counts(a))
    assert ppmi_svd(corpus, dim=21).vectors.shape == (len(a), 21)
    assert len(list((tmp_path / "ppmi").glob("*.npz"))) == 2
    # a different corpus (a bootstrap sample) has its own entry and other vectors
    e = ppmi_svd(es.bootstrap_corpus(corpus, seed=0), dim=20)
    assert len(list((tmp_path / "ppmi").glob("*.npz"))) == 3 and e.vectors.shape[1] == 20


def test_bad_input():
    with pytest.raises(ValueError, match="dim"):
        ppmi_svd(TINY, dim=3, min_count=2, cache=False)
    with pytest.raises(ValueError, match="dim"):
        ppmi_svd(TINY, dim=0, cache=False)
    with pytest.raises(ValueError, match="window"):
        ppmi_matrix(TINY, window=0)
    with pytest.raises(ValueError, match="cds"):
        ppmi_matrix(TINY, cds=1.5)
    with pytest.raises(TypeError, match="cds"):
        ppmi_matrix(TINY, cds="0.75")
    with pytest.raises(ValueError, match="fewer than 2 words"):
        ppmi_matrix(TINY, min_count=10)
    with pytest.raises(TypeError):
        ppmi_matrix("a b c")
    with pytest.raises(TypeError, match="cache"):
        ppmi_svd(TINY, dim=1, cache="no")
    with pytest.raises(ValueError, match="co-occur"):
        ppmi_matrix([["a"], ["b"]], min_count=1)
