import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.corpora import bundled as data


def test_wiki_sample_shape():
    corpus = es.load_corpus("wiki-sample")
    assert corpus.name == "wiki-sample"
    assert 400_000 < corpus.n_tokens < 500_000
    assert all(0 < len(s) <= data.MAX_SENTENCE_TOKENS for s in corpus.sentences)
    assert all(isinstance(t, str) for t in corpus.sentences[0][:100])


def test_max_tokens_cuts_exactly():
    corpus = es.load_corpus("wiki-sample", max_tokens=12_345)
    assert corpus.n_tokens == 12_345
    full = es.load_corpus("wiki-sample")
    assert corpus.sentences[0] == full.sentences[0][: len(corpus.sentences[0])]


def test_lee_corpus():
    corpus = es.load_corpus("lee")
    assert 50_000 < corpus.n_tokens < 70_000


@pytest.mark.parametrize(
    "a, b",
    [
        ([["new york", "is"]], [["new", "york", "is"]]),
        ([["new", "york"], ["is"]], [["new", "york", "is"]]),
        ([["a b"]], [["a", "b"]]),
        ([["a\nb"]], [["a"], ["b"]]),
        ([["a\x00b"]], [["a", "b"]]),
        ([["a", ""]], [["a"]]),
        ([[], ["a"]], [["a"]]),
        ([["ab", "c"]], [["a", "bc"]]),
    ],
)
def test_fingerprint_is_unambiguous(a, b):
    assert es.Corpus("x", a).fingerprint != es.Corpus("x", b).fingerprint
    assert es.Corpus("x", a).fingerprint == es.Corpus("y", [list(s) for s in a]).fingerprint


def test_fingerprint_changes_with_content():
    a = es.load_corpus("lee", max_tokens=1000)
    b = es.load_corpus("lee", max_tokens=1001)
    assert a.fingerprint != b.fingerprint
    assert a.fingerprint == es.load_corpus("lee", max_tokens=1000).fingerprint


@pytest.mark.parametrize("bad", [0, -5, 1.5, True, "10"])
def test_bad_max_tokens(bad):
    with pytest.raises(ValueError, match="max_tokens"):
        es.load_corpus("lee", max_tokens=bad)


def test_unknown_corpus_names_choices():
    with pytest.raises(ValueError, match="unknown corpus 'wikipedia'.*wiki-sample"):
        es.load_corpus("wikipedia")


def _fake_gensim(monkeypatch, tmp_path, leave):
    """Point gensim.downloader at ``tmp_path``; its ``load`` calls ``leave(base_dir)``, then fails like the network."""
    import gensim.downloader as api

    base = tmp_path / "gensim-data"
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(api, "BASE_DIR", str(base))

    def load(*args, **kwargs):
        leave(base)
        raise OSError("Network is unreachable")

    monkeypatch.setattr(api, "info", lambda *args, **kwargs: {"num_records": 1})
    monkeypatch.setattr(api, "load", load)
    return base


def test_text8_offline_is_clear_and_leaves_nothing(tmp_path, monkeypatch):
    def killed_download(base):  # an interrupted download: half-moved text8_tmp/, text8/ without gensim's __init__.py
        (base / "text8_tmp").mkdir(parents=True)
        (base / "text8_tmp" / "part").write_bytes(b"half a file")
        (base / "text8").mkdir()
        (base / "text8" / "text8.gz").write_bytes(b"half a file")

    base = _fake_gensim(monkeypatch, tmp_path, killed_download)
    with pytest.raises(ConnectionError, match="wiki-sample"):
        es.load_corpus("text8")
    assert not (base / "text8_tmp").exists() and not (base / "text8").exists()
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == []


def test_text8_failure_keeps_a_completed_download(tmp_path, monkeypatch):
    def completed(base):  # a finished download (gensim renames text8_tmp/ to text8/ when complete); reading it fails
        (base / "text8").mkdir(parents=True)
        (base / "text8" / "__init__.py").write_text("")
        (base / "text8" / "text8.gz").write_bytes(b"data")
        (base / "text8_tmp").mkdir()
        (base / "text8_tmp" / "part").write_bytes(b"stale")

    base = _fake_gensim(monkeypatch, tmp_path, completed)
    with pytest.raises(ConnectionError, match="wiki-sample"):
        es.load_corpus("text8")
    assert (base / "text8" / "__init__.py").exists() and (base / "text8" / "text8.gz").exists()
    assert not (base / "text8_tmp").exists()


def test_text8_offline_before_download_writes_nothing(tmp_path, monkeypatch):
    import gensim.downloader as api

    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(api, "BASE_DIR", str(tmp_path / "gensim-data"))

    def offline(*args, **kwargs):
        raise OSError("Network is unreachable")

    monkeypatch.setattr(api, "info", offline)
    monkeypatch.setattr(api, "load", offline)
    with pytest.raises(ConnectionError, match="wiki-sample"):
        es.load_corpus("text8")
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_word_counts_and_missing_words(lee_small):
    kv = es.train_word2vec(lee_small, vector_size=8, epochs=1, min_count=3)
    counts = es.word_counts(kv)
    assert counts.shape == (len(kv),) and np.all(counts >= 3)
    assert np.all(np.diff(counts) <= 0)  # gensim sorts by frequency
    assert es.word_counts(kv, [kv.index_to_key[0]])[0] == counts[0]
    with pytest.raises(ValueError, match="not in the vocabulary.*zzzz"):
        es.word_counts(kv, ["zzzz"])


def test_word_counts_needs_keyed_vectors(lee_small):
    with pytest.raises(TypeError, match="KeyedVectors"):
        es.word_counts(np.zeros((3, 2)))
    with pytest.raises(TypeError, match="KeyedVectors"):
        es.word_counts({"a": 1})
    kv = es.train_word2vec(lee_small, vector_size=8, epochs=1, min_count=3)
    with pytest.raises(TypeError, match="single string"):
        es.word_counts(kv, kv.index_to_key[0])
    from gensim.models import KeyedVectors

    bare = KeyedVectors(2)
    bare.add_vectors(["a"], np.ones((1, 2)))
    bare.expandos.pop("count", None)
    with pytest.raises(ValueError, match="no word counts"):
        es.word_counts(bare)


@pytest.mark.parametrize(
    "counts, error, match",
    [
        ([5, np.nan], ValueError, "finite"),
        ([5, np.inf], ValueError, "finite"),
        ([5, 7.5], ValueError, "integers"),
        ([-3, 5], ValueError, "non-negative"),
        ([True, False], TypeError, "integers"),
        (["5", "6"], TypeError, "integers"),
        ([5 + 0j], TypeError, "integers"),
        ([[5, 6]], ValueError, "1-D"),
    ],
)
def test_frequency_bands_bad_counts(counts, error, match):
    with pytest.raises(error, match=match):
        es.frequency_bands(counts, edges=(0, 10, np.inf))


def test_frequency_bands_accepts_integral_floats():
    assert es.frequency_bands(np.array([5.0, 12.0]))[0].tolist() == [0, 1]


def test_frequency_bands():
    idx, labels = es.frequency_bands([5, 9, 10, 49, 50, 199, 200, 10_000])
    assert idx.tolist() == [0, 0, 1, 1, 2, 2, 3, 3]
    assert labels == ["5–9", "10–49", "50–199", "≥200"]
    with pytest.raises(ValueError, match="counts must lie"):
        es.frequency_bands([4, 10])
    with pytest.raises(ValueError, match="non-empty"):
        es.frequency_bands([])
    with pytest.raises(ValueError, match="increasing"):
        es.frequency_bands([5], edges=(5, 5, 10))
