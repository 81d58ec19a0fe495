"""Many runs: defaults, context matrices, sampling seeds, worker processes and the model cache (embstab_lib.runs)."""

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import runs
from embstab_lib.corpora import Corpus
from embstab_lib.store import CacheWarning

SMALL = dict(vector_size=16, epochs=2, min_count=3)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A fresh, empty cache for one test; returns its models folder."""
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache" / "models"


@pytest.fixture
def trainings(monkeypatch):
    """Count the runs trained in this process."""
    calls = []
    real = runs._train

    def counting(sentences, seed, *args, **kwargs):
        calls.append(seed)
        return real(sentences, seed, *args, **kwargs)

    monkeypatch.setattr(runs, "_train", counting)
    return calls


def same_run(a, b):
    return (
        a.index_to_key == b.index_to_key
        and np.array_equal(a.vectors, b.vectors)
        and np.array_equal(es.word_counts(a), es.word_counts(b))
    )


# ------------------------------------------------------------------ one source of defaults
def test_every_entry_point_reads_the_one_default_dictionary(lee_small, cache, monkeypatch):
    monkeypatch.setitem(es.models.word2vec.DEFAULT_PARAMS, "vector_size", 7)
    kw = dict(epochs=1, min_count=3)
    assert es.train_word2vec(lee_small, **kw).vector_size == 7
    assert es.initial_vectors(lee_small, **kw)[0].vector_size == 7
    assert es.train_seeds(lee_small, [0], **kw)[0].vector_size == 7
    assert es.train_with_context(lee_small, seed=1, **kw)[1].shape[1] == 7


def test_explicit_defaults_normalised_types_give_the_same_cached_run(lee_small, cache, trainings):
    first = es.train_seeds(lee_small, [0], **SMALL)[0]
    again = es.train_seeds(
        lee_small,
        [0],
        vector_size=np.int64(16),
        epochs=np.int32(2),
        min_count=3,
        sg=True,
        sample=1e-3,
        hs=False,
        negative=5,
        alpha=0.025,
        window=5,
        workers=1,
    )[0]
    assert trainings == [0], "explicit defaults, NumPy integers and True for 1 must hit the same cache file"
    assert same_run(first, again) and len(list(cache.glob("*.npz"))) == 1


@pytest.mark.parametrize(
    "bad",
    [
        dict(callbacks=[object()]),
        dict(trim_rule=lambda w, c, m: 1),
        dict(hashfxn=lambda s: 0),
        dict(compute_loss=True),
        dict(comment="run A"),
    ],
)
def test_parameters_that_cannot_key_a_run_are_refused(lee_small, cache, bad):
    with pytest.raises(ValueError, match=f"{next(iter(bad))}.*cannot be part of a cache key"):
        es.train_seeds(lee_small, [0], **SMALL, **bad)
    assert not cache.exists()


# ------------------------------------------------------------------ context matrices
def test_context_matrix_is_syn1neg_even_with_hierarchical_softmax(lee_small, cache):
    from gensim.models import Word2Vec

    kv, C = es.train_with_context(lee_small, seed=2, hs=1, negative=5, **SMALL)
    model = Word2Vec(lee_small.sentences, seed=2, sg=1, hs=1, negative=5, workers=1, window=5, **SMALL)
    assert np.array_equal(kv.vectors, model.wv.vectors)
    assert np.array_equal(C, model.syn1neg) and not np.array_equal(C, model.syn1)


def test_no_context_matrix_without_negative_sampling(lee_small, cache):
    hs_only = dict(hs=1, negative=0, **SMALL)
    for call in (
        lambda: es.train_with_context(lee_small, **hs_only),
        lambda: es.train_seeds(lee_small, [0, 1], with_context=True, **hs_only),
        lambda: es.initial_vectors(lee_small, **hs_only),
    ):
        with pytest.raises(ValueError, match="no context matrix comparable to the word vectors"):
            call()
    assert not cache.exists(), "the error comes before any training"
    kv0 = es.initial_vectors(lee_small, with_context=False, **hs_only)
    kv = es.train_seeds(lee_small, [0], **hs_only)[0]
    assert kv0.index_to_key == kv.index_to_key
    assert np.array_equal(kv.vectors, es.train_word2vec(lee_small, **hs_only).vectors)


def test_nothing_to_train_is_refused(lee_small):
    with pytest.raises(ValueError, match="hs=0 and negative=0"):
        es.train_word2vec(lee_small, hs=0, negative=0, **SMALL)


# ------------------------------------------------------------------ sampling seed
def test_sampling_seed_through_train_seeds(lee_small, cache, trainings):
    kvs = es.train_seeds(lee_small, [0, 1], sampling_seed=7, n_jobs=1, **SMALL)
    for s, kv in zip([0, 1], kvs):
        assert same_run(kv, es.train_word2vec(lee_small, seed=s, sampling_seed=7, **SMALL))
    plain = es.train_seeds(lee_small, [0], **SMALL)[0]
    assert not np.array_equal(plain.vectors, kvs[0].vectors), "the sampling seed must be part of the cache key"
    assert same_run(es.train_seeds(lee_small, [0], sampling_seed=0, **SMALL)[0], plain)
    assert trainings == [0, 1, 0], "sampling_seed equal to seed is the plain run, served from the cache"


@pytest.mark.parametrize("bad", [1.5, "1", True, -1, 2**32, np.float64(3.0)])
def test_bad_sampling_seed(lee_small, bad):
    for call in (
        lambda: es.train_word2vec(lee_small, sampling_seed=bad, **SMALL),
        lambda: es.train_seeds(lee_small, [0], sampling_seed=bad, **SMALL),
    ):
        with pytest.raises(ValueError, match="sampling_seed"):
            call()


@pytest.mark.parametrize(
    "bad, match",
    [
        (dict(negative=-1), "negative"),
        (dict(sg=2), "sg"),
        (dict(sg=0.5), "sg"),
        (dict(hs=-1), "hs"),
        (dict(window=0), "window"),
        (dict(alpha=0.0), "alpha"),
        (dict(sample=float("nan")), "sample"),
        (dict(vector_size=8.0), "vector_size"),
    ],
)
def test_bad_parameters_are_refused_everywhere(lee_small, bad, match):
    for call in (
        lambda: es.train_word2vec(lee_small, **bad),
        lambda: es.train_seeds(lee_small, [0], **bad),
        lambda: es.initial_vectors(lee_small, **bad),
    ):
        with pytest.raises(ValueError, match=match):
            call()


def test_unknown_parameter_names_the_closest(lee_small):
    with pytest.raises(TypeError, match="'vectorsize'.*'vector_size'"):
        es.train_seeds(lee_small, [0], vectorsize=8)


def test_repeated_seeds_are_refused_by_seed_pairs():
    with pytest.raises(ValueError, match="repeated"):
        es.seed_pairs([0, 0, 1])


@pytest.mark.parametrize("bad", [0, -1, 1.5, True])
def test_bad_n_jobs(lee_small, bad):
    with pytest.raises(ValueError, match="n_jobs"):
        es.train_seeds(lee_small, [0], n_jobs=bad, **SMALL)


# ------------------------------------------------------------------ worker processes
def test_default_jobs_is_capped(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert runs.default_jobs(100) == runs.MAX_DEFAULT_JOBS == 8
    assert runs.default_jobs(3) == 3
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    assert runs.default_jobs(5) == 2 and runs.default_jobs(1) == 1


def test_train_seeds_uses_the_capped_default(lee_small, cache, monkeypatch):
    seen = {}

    def fake(corpus, fingerprint, seeds, params, sampling_seed, jobs, paths, expect):
        seen["jobs"] = jobs
        raise RuntimeError("stop here")

    monkeypatch.setattr(runs, "train_in_workers", fake)
    monkeypatch.setattr(runs, "default_jobs", lambda n: min(n, 3))
    with pytest.raises(RuntimeError, match="stop here"):
        es.train_seeds(lee_small, list(range(10)), **SMALL)
    assert seen["jobs"] == 3
    with pytest.raises(RuntimeError, match="stop here"):
        es.train_seeds(lee_small, [0, 1], n_jobs=16, **SMALL)
    assert seen["jobs"] == 2, "never more workers than missing runs"


@pytest.mark.parametrize("kind", ["load_corpus", "custom"])
def test_parallel_is_bit_identical_to_serial(lee_small, tmp_path, monkeypatch, kind):
    corpus = lee_small if kind == "load_corpus" else [list(s) for s in lee_small.sentences]
    results = {}
    for n_jobs in (1, 2):
        monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / f"cache{n_jobs}"))
        results[n_jobs] = es.train_seeds(corpus, [0, 1, 2], n_jobs=n_jobs, with_context=True, **SMALL)
    for (kv1, C1), (kv2, C2) in zip(results[1], results[2]):
        assert same_run(kv1, kv2) and np.array_equal(C1, C2) and C1.dtype == C2.dtype


def test_workers_read_the_corpus_from_disk_not_from_a_pickle(lee_small, cache, monkeypatch):
    from embstab_lib.runs import _pool

    def no_pickle(self, protocol):
        raise AssertionError("the corpus must not be pickled for the workers")

    monkeypatch.setattr(Corpus, "__reduce_ex__", no_pickle)
    sources = []
    real = _pool._corpus_source
    monkeypatch.setattr(_pool, "_corpus_source", lambda *a: sources.append(real(*a)) or sources[-1])
    kvs = es.train_seeds(lee_small, [3, 4], n_jobs=2, **SMALL)
    assert sources == [{"corpus": "lee", "max_tokens": 20_000}], "a loaded corpus is re-read from its token file"
    assert same_run(kvs[1], es.train_word2vec(lee_small, seed=4, **SMALL))
    edited = Corpus("lee", [s[:-1] for s in lee_small.sentences], source=lee_small.source)
    es.train_seeds(edited, [3, 4], n_jobs=2, **SMALL)
    assert "file" in sources[-1], "a corpus that no longer matches its source is written to a temporary file"


def test_a_failing_worker_is_reported(lee_small, cache, monkeypatch):
    from embstab_lib.runs import _pool

    monkeypatch.setattr(_pool, "_corpus_source", lambda *a: {"file": "/nonexistent/corpus.jsonl"})
    with pytest.raises(RuntimeError, match=r"seeds \[0\] failed(.|\n)*corpus.jsonl"):
        es.train_seeds(Corpus("custom", lee_small.sentences), [0, 1], n_jobs=2, **SMALL)


SCRIPT = """
import embstab_lib as es
print("top-level code ran")
kvs = es.train_seeds(es.load_corpus("lee", max_tokens=20000), [0, 1], n_jobs=2, vector_size=8, epochs=1, min_count=3)
print("trained", len(kvs), kvs[0].vector_size)
"""


def test_plain_script_without_main_guard(tmp_path):
    script = tmp_path / "plain_script.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    library = str(Path(es.__file__).resolve().parents[1])  # the library under test, not another installed copy
    env = {**os.environ, "EMBSTAB_CACHE": str(tmp_path / "cache"), "PYTHONPATH": library}
    res = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, env=env, timeout=300
    )
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines() == ["top-level code ran", "trained 2 8"], "the script must run exactly once"
    assert "BrokenProcessPool" not in res.stderr
    assert len(list((tmp_path / "cache" / "models").glob("*.npz"))) == 2


# ------------------------------------------------------------------ the model cache
def test_second_call_is_served_from_the_cache(lee_small, cache, trainings, monkeypatch):
    first = es.train_seeds(lee_small, [0, 1], n_jobs=1, **SMALL)
    assert trainings == [0, 1]
    monkeypatch.setattr(runs, "train_in_workers", lambda *a: pytest.fail("no worker may start on a cache hit"))
    again = es.train_seeds(lee_small, [1, 0], **SMALL)
    kv, C = es.train_with_context(lee_small, seed=0, **SMALL)
    assert trainings == [0, 1], "nothing is trained again (the context matrix was cached with the run)"
    assert same_run(first[0], again[1]) and same_run(first[0], kv) and C.shape == kv.vectors.shape


def test_similar_corpora_do_not_share_a_model(cache):
    joined = Corpus("custom", [["new york", "is", "big"]] * 30)
    split = Corpus("custom", [["new", "york", "is", "big"]] * 30)
    assert set(es.train_seeds(joined, [0], vector_size=4, min_count=1)[0].index_to_key) == {"new york", "is", "big"}
    assert set(es.train_seeds(split, [0], vector_size=4, min_count=1)[0].index_to_key) == {"new", "york", "is", "big"}
    assert len(list(cache.glob("*.npz"))) == 2


def _garbage(path):
    path.write_bytes(b"this is not a numpy file")


def _empty(path):
    path.write_bytes(b"")


def _truncated(path):
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _wrong_shape(path):
    with np.load(path) as z:
        arrays = dict(z)
    arrays["W"] = arrays["W"][:, :3]
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


def _no_words(path):
    with np.load(path) as z:
        arrays = {k: v for k, v in z.items() if k != "words"}
    with open(path, "wb") as fh:
        np.savez(fh, **arrays)


@pytest.mark.parametrize("damage", [_garbage, _empty, _truncated, _wrong_shape, _no_words])
def test_damaged_model_file_is_reported_deleted_and_rebuilt(lee_small, cache, trainings, damage):
    (good,) = es.train_seeds(lee_small, [0], **SMALL)
    (path,) = cache.glob("*.npz")
    damage(path)
    with pytest.warns(CacheWarning, match=str(path)):
        (healed,) = es.train_seeds(lee_small, [0], **SMALL)
    assert trainings == [0, 0] and same_run(good, healed)
    with np.load(path) as z:  # the file was rewritten
        assert np.array_equal(z["W"], good.vectors)
    es.train_seeds(lee_small, [0], **SMALL)
    assert trainings == [0, 0]


def test_orphan_temporary_files_are_cleaned(lee_small, cache):
    cache.mkdir(parents=True)
    old, fresh = cache / ".tmp-killed.npz", cache / ".tmp-writing.npz"
    old.write_bytes(b"x")
    fresh.write_bytes(b"x")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    es.train_seeds(lee_small, [0], **SMALL)
    assert not old.exists() and fresh.exists(), "only old temporary files are someone's left-overs"


def test_unwritable_cache_still_returns_the_result(lee_small, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("EMBSTAB_CACHE", str(blocker / "cache"))  # cannot be created, even by root
    with pytest.warns(CacheWarning, match="could not write the cache file"):
        serial = es.train_seeds(lee_small, [0], **SMALL)
    with pytest.warns(CacheWarning, match="could not write the cache file"):
        parallel = es.train_seeds(lee_small, [0, 1], n_jobs=2, **SMALL)
    assert same_run(serial[0], parallel[0])
    assert same_run(parallel[1], es.train_word2vec(lee_small, seed=1, **SMALL))
