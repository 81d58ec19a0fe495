"""bootstrap_corpus, shuffle_corpus, split_corpus: the documents of Antoniak & Mimno's protocols."""

from collections import Counter

import pytest

import embstab_lib as es

DOCS = [[f"w{i}", f"x{i % 3}", "the"] for i in range(40)]


def test_shuffle_keeps_documents_and_is_deterministic():
    a, b = es.shuffle_corpus(DOCS, seed=1), es.shuffle_corpus(DOCS, seed=1)
    assert a.sentences == b.sentences and a.fingerprint == b.fingerprint
    assert sorted(map(tuple, a.sentences)) == sorted(map(tuple, DOCS))
    assert a.sentences != DOCS and es.shuffle_corpus(DOCS, seed=2).sentences != a.sentences
    assert a.fingerprint != es.Corpus("x", DOCS).fingerprint  # cached separately by train_seeds
    assert a.name == "custom-shuffled-1"


def test_bootstrap_draws_with_replacement():
    samples = [es.bootstrap_corpus(DOCS, seed=s) for s in range(30)]
    assert samples[0].sentences == es.bootstrap_corpus(DOCS, seed=0).sentences
    for c in samples:
        assert len(c.sentences) == len(DOCS) and all(d in DOCS for d in c.sentences)
    distinct = [len(set(map(tuple, c.sentences))) / len(DOCS) for c in samples]
    # 1 - (1 - 1/n)^n ≈ 0.64 for n = 40 distinct documents on average
    assert 0.55 < sum(distinct) / len(distinct) < 0.72
    assert max(Counter(map(tuple, samples[0].sentences)).values()) > 1


def test_corpus_objects_and_names():
    c = es.Corpus("lee", DOCS)
    assert es.bootstrap_corpus(c, seed=4).name == "lee-bootstrap-4"
    first, second = es.split_corpus(c)
    assert first.sentences == DOCS[:20] and second.sentences == DOCS[20:]
    a, b = es.split_corpus(c, seed=0)
    assert sorted(map(tuple, a.sentences + b.sentences)) == sorted(map(tuple, DOCS))
    assert a.sentences != first.sentences and len(a.sentences) == 20
    assert es.split_corpus(c, seed=0)[0].sentences == a.sentences


@pytest.mark.parametrize("fn", [es.bootstrap_corpus, es.shuffle_corpus])
def test_bad_input(fn):
    with pytest.raises(ValueError, match="seed"):
        fn(DOCS, seed=-1)
    with pytest.raises(ValueError, match="seed"):
        fn(DOCS, seed=1.0)
    with pytest.raises(TypeError):
        fn("a b c", seed=0)
    with pytest.raises(TypeError):
        fn(["a b", "c"], seed=0)
    with pytest.raises(ValueError, match="no tokens"):
        fn([[], []], seed=0)


def test_split_needs_two_documents():
    with pytest.raises(ValueError, match="split"):
        es.split_corpus([["a", "b"]])
