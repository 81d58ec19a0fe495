import hashlib
import os
import subprocess
import sys

import numpy as np
import pytest

import embstab_lib as es

SMALL = dict(vector_size=16, epochs=2, min_count=3)


def digest(kv):
    return hashlib.sha256(np.ascontiguousarray(kv.vectors).tobytes()).hexdigest()


def test_same_seed_bit_identical_in_process(lee_small):
    a = es.train_word2vec(lee_small, seed=3, **SMALL)
    b = es.train_word2vec(lee_small, seed=3, **SMALL)
    assert a.index_to_key == b.index_to_key
    assert np.array_equal(a.vectors, b.vectors)


def test_other_seed_differs(lee_small):
    a = es.train_word2vec(lee_small, seed=3, **SMALL)
    b = es.train_word2vec(lee_small, seed=4, **SMALL)
    assert not np.array_equal(a.vectors, b.vectors)


SCRIPT = (
    "import hashlib, numpy as np, embstab_lib as es;"
    "kv = es.train_word2vec(es.load_corpus('lee', max_tokens=20000), seed=3, vector_size=16, epochs=2, min_count=3);"
    "print(hashlib.sha256(np.ascontiguousarray(kv.vectors).tobytes()).hexdigest())"
)


@pytest.mark.parametrize("hashseed", ["1", "987"])
def test_same_seed_bit_identical_across_processes(lee_small, hashseed):
    here = digest(es.train_word2vec(lee_small, seed=3, **SMALL))
    env = {**os.environ, "PYTHONHASHSEED": hashseed}
    out = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.strip() == here


def test_sampling_seed_separates_init_from_sampling(lee_small):
    base = es.train_word2vec(lee_small, seed=1, **SMALL)
    assert np.array_equal(base.vectors, es.train_word2vec(lee_small, seed=1, sampling_seed=1, **SMALL).vectors)
    other = es.train_word2vec(lee_small, seed=1, sampling_seed=2, **SMALL)
    assert not np.array_equal(base.vectors, other.vectors)


def test_initial_vectors_are_gensim_uniform_init(lee_small):
    kv0, C0 = es.initial_vectors(lee_small, seed=0, **SMALL)
    d = SMALL["vector_size"]
    assert kv0.vectors.min() >= -1 / d and kv0.vectors.max() < 1 / d
    assert not C0.any()
    kv = es.train_word2vec(lee_small, seed=0, **SMALL)
    assert kv0.index_to_key == kv.index_to_key


def test_train_seeds_cache_roundtrip(lee_small, tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    first = es.train_seeds(lee_small, [0, 1], n_jobs=2, **SMALL)
    files = list((tmp_path / "models").glob("*.npz"))
    assert len(files) == 2
    again = es.train_seeds(lee_small, [1, 0], n_jobs=1, **SMALL)
    assert np.array_equal(first[0].vectors, again[1].vectors)
    direct = es.train_word2vec(lee_small, seed=1, **SMALL)
    assert np.array_equal(direct.vectors, first[1].vectors)
    assert direct.index_to_key == first[1].index_to_key
    assert np.array_equal(es.word_counts(direct), es.word_counts(first[1]))
    kv, C = es.train_with_context(lee_small, seed=0, **SMALL)
    assert C.shape == kv.vectors.shape and C.any()
    assert len(list((tmp_path / "models").glob("*.npz"))) == 2  # served from the cache


def test_train_seeds_rejects_threads_and_duplicates(lee_small):
    with pytest.raises(ValueError, match="workers=2"):
        es.train_seeds(lee_small, [0], workers=2)
    with pytest.raises(ValueError, match="distinct"):
        es.train_seeds(lee_small, [0, 0])
    with pytest.raises(ValueError, match="seeds is empty"):
        es.train_seeds(lee_small, [])


@pytest.mark.parametrize(
    "sentences, match",
    [([], "empty"), ([[]], "empty"), ("a text", "token lists"), ([["ok"], "not a list"], "sentence 1")],
)
def test_bad_sentences(sentences, match):
    with pytest.raises(ValueError, match=match):
        es.train_word2vec(sentences)


def test_bad_params(lee_small):
    with pytest.raises(ValueError, match="vector_size"):
        es.train_word2vec(lee_small, vector_size=0)
    with pytest.raises(ValueError, match="seed"):
        es.train_word2vec(lee_small, seed=-1)
    with pytest.raises(ValueError, match="vocabulary is empty"):
        es.train_word2vec(lee_small, min_count=10**9)
