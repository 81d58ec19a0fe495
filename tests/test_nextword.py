"""The NumPy next-word model: gradients, AdamW step, determinism, the cache, unk_corpus."""

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.models import nextword as nw

SMALL = dict(vocab_size=12, dim=3, hidden=5, context=2, epochs=2, batch_size=16, lr=0.01)


def docs(rng, n=20, length=30):
    return [[f"w{int(i)}" for i in rng.zipf(1.6, size=length) % 25] for _ in range(n)]


def test_gradients_match_finite_differences(rng):
    V, d, H, n, b = 7, 3, 4, 2, 5
    params = [
        rng.normal(size=(V, d)),
        rng.normal(size=(n * d, H)),
        rng.normal(size=H),
        rng.normal(size=(H, V)),
        rng.normal(size=V),
    ]
    c, y = rng.integers(0, V, (b, n)), rng.integers(0, V, b)
    c[0] = [1, 1]  # a word twice in one context: its gradient must add up
    _, grads = nw._loss_and_grads([p.copy() for p in params], c, y)
    eps = 1e-6
    for p, g in zip(params, grads):
        num = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + eps
            up = nw._loss_and_grads(params, c, y)[0] / b
            p[i] = old - eps
            down = nw._loss_and_grads(params, c, y)[0] / b
            p[i] = old
            num[i] = (up - down) / (2 * eps)
        assert np.allclose(g, num, atol=1e-5)


def test_adamw_first_step_is_lr_times_sign():
    p, g = np.array([1.0, -2.0, 3.0]), np.array([0.5, -4.0, 1e-3])
    m, v = np.zeros(3), np.zeros(3)
    nw._adamw(p, g, m, v, 1, lr=0.1, wd=0.0)
    assert np.allclose(p, [0.9, -1.9, 2.9], atol=1e-4)
    p2 = np.array([1.0])
    nw._adamw(p2, np.array([0.0]), np.zeros(1), np.zeros(1), 1, lr=0.1, wd=0.5)
    assert p2[0] == pytest.approx(0.95)  # decoupled weight decay only


def test_same_seed_bit_identical_other_seed_different(rng):
    corpus = docs(rng)
    a = es.train_nextword(corpus, seed=3, cache=False, **SMALL)
    b = es.train_nextword(corpus, seed=3, cache=False, **SMALL)
    c = es.train_nextword(corpus, seed=4, cache=False, **SMALL)
    assert np.array_equal(a.kv.vectors, b.kv.vectors) and np.array_equal(a.E0, b.E0)
    assert not np.allclose(a.kv.vectors, c.kv.vectors)
    assert a.kv.vectors.dtype == np.float32 and a.kv.vectors.shape == (12, 3)
    assert a.kv.index_to_key[0] in ("<unk>", "w1") and "<unk>" in a.kv.key_to_index
    assert a.loss.shape == (2,) and a.loss[1] < a.loss[0] < np.log(12) + 1
    assert a.settings["seed"] == 3


def test_init_scale_and_cache(tmp_path, monkeypatch, rng):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    corpus = docs(rng)
    small = es.train_nextword(corpus, seed=0, init_scale=0.01, **SMALL)
    assert np.abs(small.E0).max() < 0.1
    again = es.train_nextword(corpus, seed=0, init_scale=0.01, **SMALL)  # from the cache
    assert len(list((tmp_path / "nextword").glob("*.npz"))) == 1
    assert np.array_equal(again.kv.vectors, small.kv.vectors) and np.array_equal(again.E0, small.E0)
    assert np.array_equal(again.loss, small.loss) and again.settings == small.settings
    assert np.array_equal(es.word_counts(again.kv), es.word_counts(small.kv))


def test_unk_corpus_gives_the_same_vocabulary(rng):
    corpus = docs(rng)
    u = es.unk_corpus(corpus, 12)
    assert len({t for d in u.sentences for t in d}) == 12 and [len(d) for d in u.sentences] == [len(d) for d in corpus]
    run = es.train_nextword(u, seed=0, cache=False, **SMALL)  # an already restricted corpus is used as is
    assert set(run.kv.index_to_key) == {t for d in u.sentences for t in d}
    with pytest.raises(ValueError, match="already contains"):
        es.unk_corpus(u, 5)


def test_bad_settings(rng):
    corpus = docs(rng)
    with pytest.raises(TypeError, match="unknown setting"):
        es.train_nextword(corpus, cache=False, hiden=3)
    for bad in (
        dict(dim=0),
        dict(vocab_size=1),
        dict(lr=0.0),
        dict(lr=float("nan")),
        dict(weight_decay=-1),
        dict(epochs=1.5),
        dict(init_scale=0),
    ):
        with pytest.raises(ValueError):
            es.train_nextword(corpus, cache=False, **bad)
    with pytest.raises(ValueError, match="seed"):
        es.train_nextword(corpus, seed=-1, cache=False)
    with pytest.raises(ValueError, match="longer than"):
        es.train_nextword([["a", "b"]], cache=False, context=3)
    with pytest.raises(TypeError):
        es.train_nextword("a b c", cache=False)
