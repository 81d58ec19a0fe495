"""Antoniak & Mimno's protocols through the cache: corpora, bit-identical threaded runs."""

import numpy as np
import pytest

import embstab_lib as es

SMALL = dict(vector_size=8, epochs=2, min_count=2)


@pytest.fixture(scope="module")
def corpus():
    return es.load_corpus("lee", max_tokens=8_000)


def test_protocol_corpora(corpus):
    assert es.protocol_corpus(corpus, "fixed", 3) is corpus
    assert es.protocol_corpus(corpus, "shuffled", 3).sentences == es.shuffle_corpus(corpus, seed=3).sentences
    assert es.protocol_corpus(corpus, "bootstrap", 3).fingerprint == es.bootstrap_corpus(corpus, seed=3).fingerprint
    with pytest.raises(ValueError, match="unknown protocol"):
        es.protocol_corpus(corpus, "jackknife", 0)
    with pytest.raises(TypeError):
        es.protocol_corpus([["a"]], "fixed", 0)


def test_threaded_runs_equal_serial_runs(corpus):
    runs = es.protocol_runs(corpus, "bootstrap", [0, 1, 2], **SMALL)
    serial = [es.train_seeds(es.bootstrap_corpus(corpus, seed=r), [r], n_jobs=1, **SMALL)[0] for r in (0, 1, 2)]
    for a, b in zip(runs, serial):
        assert a.index_to_key == b.index_to_key and np.array_equal(a.vectors, b.vectors)
    assert runs[0].index_to_key != runs[1].index_to_key  # different samples, different vocabularies
    fixed = es.protocol_runs(corpus, "fixed", [0, 1], **SMALL)
    assert fixed[0].index_to_key == fixed[1].index_to_key
    shuffled = es.protocol_runs(corpus, "shuffled", [0, 1], n_jobs=1, **SMALL)
    assert sorted(shuffled[0].index_to_key) == sorted(fixed[0].index_to_key)
    assert not np.array_equal(shuffled[0].vectors, fixed[0].vectors)


def test_bad_arguments(corpus):
    with pytest.raises(ValueError, match="distinct"):
        es.protocol_runs(corpus, "fixed", [1, 1], **SMALL)
    with pytest.raises(ValueError, match="one seed per corpus"):
        es.train_corpora([corpus], [0, 1], **SMALL)
    with pytest.raises(ValueError, match="n_jobs"):
        es.train_corpora([corpus], [0], n_jobs=0, **SMALL)
    with pytest.raises(TypeError):
        es.train_corpora([corpus], [0], vector_sise=3)
