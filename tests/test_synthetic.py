"""synthetic_corpus: deterministic, nested, cached, and the co-occurrences really follow the planted vectors."""

import warnings
from collections import Counter

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.corpora import synthetic as syn
from embstab_lib.store import CacheWarning

SMALL = dict(vocab_size=40, dim=3, seed=5)


def test_shapes_words_and_token_count():
    corpus, words, truth = es.synthetic_corpus(1_010, **SMALL)
    assert corpus.n_tokens == 1_010 and corpus.name == "synthetic"
    assert [len(s) for s in corpus.sentences] == [20] * 50 + [10]
    assert words == [f"w{i:02d}" for i in range(40)] and truth.shape == (40, 3)
    assert set(t for s in corpus.sentences for t in s) <= set(words)


def test_deterministic_with_and_without_the_cache(tmp_path, monkeypatch):
    first = es.synthetic_corpus(2_000, **SMALL)
    again = es.synthetic_corpus(2_000, **SMALL)  # read back from the cache
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    fresh = es.synthetic_corpus(2_000, **SMALL)  # generated again in an empty cache
    for other in (again, fresh):
        assert other[0].sentences == first[0].sentences and other[1] == first[1]
        assert np.array_equal(other[2], first[2])


def test_a_shorter_corpus_is_a_prefix_of_a_longer_one():
    long = es.synthetic_corpus(3 * syn.BLOCK_SENTENCES * 20 // 2 + 7, **SMALL)[0]  # several blocks, a cut sentence
    for n in (20, 1_000, syn.BLOCK_SENTENCES * 20 + 13):
        short = es.synthetic_corpus(n, **SMALL)[0]
        tokens = [t for s in short.sentences for t in s]
        assert tokens == [t for s in long.sentences for t in s][:n]


def test_seed_and_sample_seed():
    base = es.synthetic_corpus(1_000, **SMALL)
    same = es.synthetic_corpus(1_000, **SMALL, sample_seed=SMALL["seed"])
    other_sample = es.synthetic_corpus(1_000, **SMALL, sample_seed=6)
    other_truth = es.synthetic_corpus(1_000, **{**SMALL, "seed": 6})
    assert same[0].sentences == base[0].sentences
    assert other_sample[0].sentences != base[0].sentences and np.array_equal(other_sample[2], base[2])
    assert not np.allclose(other_truth[2], base[2])


def test_frequencies_follow_the_zipfian_biases():
    corpus, words, _ = es.synthetic_corpus(100_000, vocab_size=200, dim=4, seed=0)
    counts = Counter(t for s in corpus.sentences for t in s)
    c = np.array([counts[w] for w in words], dtype=float)
    rho = np.corrcoef(np.log(c[:100] + 1), es.synthetic_biases(200)[:100])[0, 1]
    assert rho > 0.9
    flat = es.synthetic_corpus(100_000, vocab_size=200, dim=4, seed=0, zipf=0.0)[0]
    counts0 = Counter(t for s in flat.sentences for t in s)
    assert max(counts0.values()) < 10 * min(counts0.values())  # no Zipf: no word is 10 times more frequent


def test_pmi_follows_the_planted_inner_products():
    """Within a sentence, PMI(w, u) follows ⟨v_w, v_u⟩ / d (the planted structure is what the co-occurrences carry)."""
    corpus, words, T = es.synthetic_corpus(400_000, vocab_size=30, dim=3, seed=1, zipf=0.5)
    ids = np.array([[int(t[1:]) for t in s] for s in corpus.sentences])
    onehot = np.zeros((len(ids), 30))
    np.add.at(onehot, (np.repeat(np.arange(len(ids)), ids.shape[1]), ids.ravel()), 1)
    joint = onehot.T @ onehot - np.diag(onehot.sum(axis=0))  # ordered pairs of distinct positions
    joint /= joint.sum()
    p = joint.sum(axis=1)
    pmi = np.log(joint / np.outer(p, p))
    off = ~np.eye(30, dtype=bool)
    planted = T @ T.T / 3
    assert np.corrcoef(pmi[off], planted[off])[0, 1] > 0.9
    # slope below 1: Z(c) is not constant (a few frequent words dominate it), which shrinks the PMI — the model's bias
    assert 0.5 < np.polyfit(planted[off], pmi[off], 1)[0] < 1.0


def test_a_damaged_cache_file_is_rebuilt():
    args = dict(n_tokens=500, vocab_size=40, dim=3, seed=9)
    first = es.synthetic_corpus(**args)[0]
    path = _cache_file(args)
    assert path.exists()
    path.write_bytes(b"garbage")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        again = es.synthetic_corpus(**args)[0]
    assert again.sentences == first.sentences
    assert any(issubclass(w.category, CacheWarning) and str(path) in str(w.message) for w in caught)


def _cache_file(args):
    return syn._cache_path(
        n_tokens=args["n_tokens"],
        vocab_size=args["vocab_size"],
        dim=args["dim"],
        seed=args["seed"],
        sample_seed=args["seed"],
        sentence_length=20,
        zipf=1.0,
        numpy=np.__version__,
    )


@pytest.mark.parametrize(
    "kwargs, error, name",
    [
        (dict(n_tokens=10), ValueError, "n_tokens"),
        (dict(n_tokens=0), ValueError, "n_tokens"),
        (dict(n_tokens=1.5), TypeError, "n_tokens"),
        (dict(vocab_size=1), ValueError, "vocab_size"),
        (dict(dim=0), ValueError, "dim"),
        (dict(dim=40), ValueError, "dim"),
        (dict(seed=-1), ValueError, "seed"),
        (dict(seed=2**32), ValueError, "seed"),
        (dict(seed=True), TypeError, "seed"),
        (dict(sample_seed=-3), ValueError, "sample_seed"),
        (dict(sentence_length=1), ValueError, "sentence_length"),
        (dict(zipf=-1.0), ValueError, "zipf"),
        (dict(zipf=float("nan")), ValueError, "zipf"),
        (dict(zipf="1"), TypeError, "zipf"),
    ],
)
def test_nonsensical_sizes_are_refused(kwargs, error, name):
    args = dict(n_tokens=100, vocab_size=40, dim=3, seed=0)
    args.update(kwargs)
    with pytest.raises(error, match=name):
        es.synthetic_corpus(args.pop("n_tokens"), **args)
