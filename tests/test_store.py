"""The disk cache (embstab_lib.store) and the cached corpus token files (embstab_lib.corpora.bundled)."""

import gzip
import os
import time
from pathlib import Path

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import store
from embstab_lib.corpora import bundled
from embstab_lib.store import CacheWarning, CorruptCacheFile


# ------------------------------------------------------------------ keys
def test_every_key_holds_the_schema_version(monkeypatch):
    before = store.cache_key(a=1)
    monkeypatch.setattr(store, "CACHE_SCHEMA", store.CACHE_SCHEMA + 1)
    assert store.cache_key(a=1) != before


def test_keys_are_normalised():
    assert store.cache_key(n=np.int64(8), f=np.float32(0.5), b=True, t=(1, 2)) == store.cache_key(
        t=[1, 2], b=1, f=0.5, n=8
    )
    assert store.cache_key(x=1) != store.cache_key(x="1") != store.cache_key(x=[1])


class Opaque:
    pass


@pytest.mark.parametrize("bad", [print, lambda: 0, Opaque(), {1: "int key"}, float("nan"), b"bytes", {1, 2}])
def test_unkeyable_values_are_refused(bad):
    with pytest.raises(ValueError, match="cache key"):
        store.cache_key(x=bad)


def test_model_key_covers_what_determines_a_run(monkeypatch):
    import gensim

    p = es.models.params.resolve_params({})
    base = es.runs.model_path("f" * 24, 0, p)
    assert es.runs.model_path("f" * 24, 0, p, sampling_seed=0) == base
    others = {
        es.runs.model_path("e" * 24, 0, p),
        es.runs.model_path("f" * 24, 1, p),
        es.runs.model_path("f" * 24, 0, p, sampling_seed=1),
        es.runs.model_path("f" * 24, 0, es.models.params.resolve_params({"sample": 0})),
    }
    monkeypatch.setattr(gensim, "__version__", "0.0.0")
    others.add(es.runs.model_path("f" * 24, 0, p))
    assert base not in others and len(others) == 5


def test_empty_cache_variable_means_the_default(monkeypatch, tmp_path):
    monkeypatch.setenv("EMBSTAB_CACHE", "")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert store.cache_dir() == tmp_path / ".cache" / "embstab", "never the current folder"


# ------------------------------------------------------------------ files
def test_atomic_write_cleans_only_old_orphans(tmp_path):
    old, fresh = tmp_path / ".tmp-a.npz", tmp_path / ".tmp-b.npz"
    for p in (old, fresh):
        p.write_bytes(b"x")
    os.utime(old, (time.time() - 2 * store.ORPHAN_AGE,) * 2)
    store.atomic_write(tmp_path / "x.txt", lambda tmp: tmp.write_text("done"))
    assert sorted(p.name for p in tmp_path.iterdir()) == [".tmp-b.npz", "x.txt"]
    assert (tmp_path / "x.txt").read_text() == "done"


def _saved(tmp_path, with_context=True):
    kv = store.make_keyed_vectors(["a", "b", "c"], np.arange(6, dtype=np.float32).reshape(3, 2), [9, 5, 5])
    C = np.ones((3, 2), dtype=np.float32) if with_context else None
    path = tmp_path / "m.npz"
    store.save_vectors(path, kv, C)
    return path, kv


def test_save_and_load_round_trip(tmp_path):
    path, kv = _saved(tmp_path)
    back, C = store.load_vectors(path, vector_size=2, need_context=True)
    assert back.index_to_key == kv.index_to_key and np.array_equal(back.vectors, kv.vectors)
    assert es.word_counts(back).tolist() == [9, 5, 5] and C.shape == (3, 2)
    path, _ = _saved(tmp_path, with_context=False)
    assert store.load_vectors(path)[1] is None
    with pytest.raises(CorruptCacheFile, match="no context"):
        store.load_vectors(path, need_context=True)


@pytest.mark.parametrize(
    "damage, match",
    [
        (lambda p: p.write_bytes(b""), "BadZipFile|EOFError|ValueError"),
        (lambda p: p.write_bytes(p.read_bytes()[:100]), None),
        (lambda p: p.write_bytes(b"\x00" * 1000), None),
        (
            lambda p: np.savez(
                p, W=np.zeros((3, 5), np.float32), words=np.array(["a", "b", "c"]), counts=np.ones(3, int)
            ),
            "expected \\(V, 2\\)",
        ),
        (
            lambda p: np.savez(
                p, W=np.zeros((3, 2), np.float32), words=np.array(["a", "a", "c"]), counts=np.ones(3, int)
            ),
            "distinct",
        ),
        (
            lambda p: np.savez(
                p, W=np.full((3, 2), np.nan, np.float32), words=np.array(["a", "b", "c"]), counts=np.ones(3, int)
            ),
            "non-finite",
        ),
        (
            lambda p: np.savez(
                p, W=np.zeros((3, 2), np.float32), words=np.array(["a", "b", "c"]), counts=np.ones(2, int)
            ),
            "counts",
        ),
    ],
)
def test_damaged_files_are_detected(tmp_path, damage, match):
    path, _ = _saved(tmp_path)
    damage(path)
    with pytest.raises(CorruptCacheFile, match=match):
        store.load_vectors(path, vector_size=2)
    with pytest.warns(CacheWarning, match=str(path)):
        assert store.load_cached_vectors(path, vector_size=2) is None
    assert not path.exists()


# ------------------------------------------------------------------ corpus token files
@pytest.fixture
def reads(monkeypatch, tmp_path):
    """A fresh cache, and a count of how often the Lee corpus is read from its source."""
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / "cache"))
    calls = []
    real = bundled._READERS["lee"]
    monkeypatch.setitem(bundled._READERS, "lee", lambda: calls.append(1) or real())
    return calls


def test_corpus_tokens_are_cached(reads):
    a = es.load_corpus("lee", max_tokens=3000)
    b = es.load_corpus("lee", max_tokens=5000)
    assert len(reads) == 1 and a.sentences == es.load_corpus("lee", max_tokens=3000).sentences
    assert b.n_tokens == 5000


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[: len(p.read_bytes()) // 2]),
        lambda p: p.write_bytes(b"garbage, not gzip"),
        lambda p: p.write_bytes(gzip.compress(b'{"documents": 3, "tokens": 4}\nonly one line')),
        lambda p: p.write_bytes(gzip.compress(b"\xff\xfe not utf-8")),
    ],
)
def test_damaged_token_file_is_reported_deleted_and_rebuilt(reads, damage):
    good = es.load_corpus("lee")
    path = bundled.token_file("lee")
    damage(path)
    with pytest.warns(CacheWarning, match=str(path)):
        healed = es.load_corpus("lee")
    assert healed.sentences == good.sentences and len(reads) == 2
    es.load_corpus("lee")
    assert len(reads) == 2, "the rebuilt file is used again"


def test_token_file_key_covers_the_tokenisation(monkeypatch):
    import gensim

    base = bundled.token_file("lee")
    assert base.name.startswith("lee-") and base != bundled.token_file("wiki-sample")
    for target, attr, value in [
        (bundled, "MAX_SENTENCE_TOKENS", 5_000),
        (bundled, "READER_VERSION", 99),
        (gensim, "__version__", "0.0.0"),
    ]:
        with monkeypatch.context() as m:
            m.setattr(target, attr, value)
            assert bundled.token_file("lee") != base, attr
    with monkeypatch.context() as m:
        m.setitem(bundled._READERS, "lee", bundled._read_wiki_sample)
        assert bundled.token_file("lee") != base, "the reader"


def test_unwritable_cache_still_loads_the_corpus(tmp_path, monkeypatch):
    (tmp_path / "file").write_text("x")
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / "file" / "cache"))
    with pytest.warns(CacheWarning, match="could not write"):
        corpus = es.load_corpus("lee", max_tokens=1000)
    assert corpus.n_tokens == 1000
    assert [p.name for p in Path(tmp_path).iterdir()] == ["file"]
