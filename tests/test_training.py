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
    assert not C0.any() and C0.shape == kv0.vectors.shape
    kv = es.train_word2vec(lee_small, seed=0, **SMALL)
    assert kv0.index_to_key == kv.index_to_key


def test_initial_vectors_with_hierarchical_softmax(lee_small):
    kv0 = es.initial_vectors(lee_small, seed=0, hs=1, negative=0, with_context=False, **SMALL)
    same = es.initial_vectors(lee_small, seed=0, with_context=False, **SMALL)
    assert np.array_equal(kv0.vectors, same.vectors), "the initial word vectors do not depend on the loss"
    with pytest.raises(ValueError, match="negative=0"):
        es.initial_vectors(lee_small, seed=0, hs=1, negative=0, **SMALL)


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
    for seed in (1.0, "0", True, 2**32):
        with pytest.raises(ValueError, match="seed"):
            es.train_word2vec(lee_small, seed=seed)
    with pytest.raises(ValueError, match="negative"):
        es.train_word2vec(lee_small, negative=-5)
    with pytest.raises(ValueError, match="sg"):
        es.train_word2vec(lee_small, sg=3)
    with pytest.raises(TypeError, match="unknown word2vec parameter 'epoch'.*'epochs'"):
        es.train_word2vec(lee_small, epoch=3)
    with pytest.raises(ValueError, match="vocabulary is empty"):
        es.train_word2vec(lee_small, min_count=10**9)


# ------------------------------------------------------------------ train_with_loss (chapter 01)
def test_train_with_loss_same_vectors_and_one_loss_per_epoch(lee_small):
    kv, loss = es.train_with_loss(lee_small, seed=2, **{**SMALL, "epochs": 4})
    assert np.array_equal(kv.vectors, es.train_word2vec(lee_small, seed=2, **{**SMALL, "epochs": 4}).vectors)
    assert loss.shape == (4,) and loss.dtype == np.float64 and np.all(np.isfinite(loss)) and np.all(loss > 0)
    # the tally is reset every epoch: a cumulative tally would grow about linearly with the epoch
    assert loss[-1] < 1.5 * loss[0]
    again = es.train_with_loss(lee_small, seed=2, **{**SMALL, "epochs": 4})[1]
    assert np.array_equal(loss, again)


def test_train_with_loss_per_epoch_sums_to_the_whole_tally(lee_small):
    """Summed per-epoch values equal gensim's own cumulative tally (up to its float32 rounding)."""
    from gensim.models import Word2Vec

    kv, loss = es.train_with_loss(lee_small, seed=0, **SMALL)
    model = Word2Vec(seed=0, sg=1, negative=5, window=5, workers=1, **SMALL)
    model.build_vocab(lee_small.sentences)
    model.train(lee_small.sentences, total_examples=model.corpus_count, epochs=model.epochs, compute_loss=True)
    assert np.array_equal(kv.vectors, model.wv.vectors)
    assert loss.sum() == pytest.approx(model.get_latest_training_loss(), rel=1e-3)


def test_train_with_loss_order_seed_changes_only_the_order(lee_small):
    base, _ = es.train_with_loss(lee_small, seed=0, **SMALL)
    shuffled, _ = es.train_with_loss(lee_small, seed=0, order_seed=1, **SMALL)
    assert shuffled.index_to_key == base.index_to_key  # rows (and so initial vectors) unchanged
    assert not np.array_equal(shuffled.vectors, base.vectors)
    assert np.array_equal(shuffled.vectors, es.train_with_loss(lee_small, seed=0, order_seed=1, **SMALL)[0].vectors)
    # why order_seed exists: shuffling the corpus itself reorders words of equal frequency
    order = np.random.default_rng(1).permutation(len(lee_small.sentences))
    moved = es.train_word2vec([lee_small.sentences[i] for i in order], seed=0, **SMALL)
    assert moved.index_to_key != base.index_to_key and sorted(moved.index_to_key) == sorted(base.index_to_key)


def test_train_with_loss_threads_give_nan_loss(lee_small):
    kv, loss = es.train_with_loss(lee_small, seed=0, **{**SMALL, "workers": 2})
    assert loss.shape == (SMALL["epochs"],) and np.isnan(loss).all() and np.isfinite(kv.vectors).all()


def test_train_with_loss_bad_input(lee_small):
    for name, value in (("compute_loss", True), ("callbacks", ())):
        with pytest.raises(ValueError, match=name):
            es.train_with_loss(lee_small, **SMALL, **{name: value})
    for bad in (-1, 1.5, "1", True):
        with pytest.raises(ValueError, match="order_seed"):
            es.train_with_loss(lee_small, order_seed=bad, **SMALL)
    with pytest.raises(ValueError, match="sampling_seed"):
        es.train_with_loss(lee_small, sampling_seed=-2, **SMALL)
    with pytest.raises(TypeError, match="epoch"):
        es.train_with_loss(lee_small, epoch=2)
    with pytest.raises(ValueError, match="empty"):
        es.train_with_loss([])
