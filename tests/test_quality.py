import numpy as np
import pytest
from gensim.models import KeyedVectors
from gensim.test.utils import datapath
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import spearmanr

import embstab_lib as es
from embstab_lib import quality


def make_kv(words, vectors):
    vectors = np.asarray(vectors, dtype=np.float64)
    kv = KeyedVectors(vector_size=vectors.shape[1], count=0, dtype=np.float64)
    kv.add_vectors(list(words), vectors)
    return kv


def wordsim_rows():
    rows = []
    for line in open(datapath("wordsim353.tsv"), encoding="utf-8"):
        if not line.startswith("#") and line.strip():
            a, b, s = line.rstrip("\n").split("\t")
            rows.append((a, b, float(s)))
    return rows


WORDSIM = wordsim_rows()
WORDSIM_VOCAB = sorted({w for a, b, _ in WORDSIM for w in (a, b)})


def random_kv(words, d, seed):
    return make_kv(words, np.random.default_rng(seed).normal(size=(len(words), d)))


def family_pairs():
    """(male, female) pairs of the 'family' section of the analogy questions."""
    pairs, section = set(), None
    for line in open(datapath("questions-words.txt"), encoding="utf-8"):
        if line.startswith(":"):
            section = line[1:].strip()
        elif section == "family":
            a, b, c, d = line.lower().split()
            pairs |= {(a, b), (c, d)}
    return sorted(pairs)


def planted_family_kv(noise=0.0, seed=0):
    """male_i = e_i − g, female_i = e_i + g (orthonormal e_i, g): every family analogy is solved by 3CosAdd."""
    pairs = family_pairs()
    males, females = [m for m, _ in pairs], [f for _, f in pairs]
    assert not set(males) & set(females) and len(set(males)) == len(pairs)
    P = len(pairs)
    eye = np.eye(P + 1)
    vectors = np.vstack([eye[:P] - eye[P], eye[:P] + eye[P]])
    vectors = vectors + noise * np.random.default_rng(seed).normal(size=vectors.shape)
    return make_kv(males + females, vectors)


def covered_questions(vocab):
    vocab = {w.upper() for w in vocab}
    n = 0
    for line in open(datapath("questions-words.txt"), encoding="utf-8"):
        parts = line.upper().split()
        if not line.startswith(":") and len(parts) == 4 and set(parts) <= vocab:
            n += 1
    return n


def test_benchmark_files_are_found():
    assert quality.n_analogy_questions() == 19544
    assert len(WORDSIM) == 353


def test_similarity_score_matches_gensim_and_pairs():
    kv = random_kv(WORDSIM_VOCAB, 6, 0)
    s = quality.similarity_score(kv, "wordsim353")
    assert s["n_pairs"] == 353 and s["n_used"] == 353 and s["oov_share"] == 0
    pairs, human, cos = quality.similarity_pairs(kv, "wordsim353")
    assert len(pairs) == 353 and human.shape == cos.shape == (353,)
    # cosines that should tie (tiger–tiger = 1) can differ in the last bit, which changes Spearman's tie ranks
    assert s["spearman"] == pytest.approx(spearmanr(human, cos).statistic, abs=1e-5)
    pearson, spearman, oov = kv.evaluate_word_pairs(datapath("wordsim353.tsv"))
    assert s["spearman"] == pytest.approx(spearman.statistic, abs=1e-5)
    assert s["pearson"] == pytest.approx(pearson.statistic, abs=1e-5)
    a, b = pairs[0]
    assert cos[0] == pytest.approx(kv.similarity(a, b))


def test_oov_pairs_are_skipped_and_counted():
    kept = WORDSIM_VOCAB[::2]
    kv = random_kv(kept, 5, 2)
    expected = sum(1 for a, b, _ in WORDSIM if a in kept and b in kept)
    s = quality.similarity_score(kv, "wordsim353")
    assert s["n_used"] == expected and s["oov_share"] == pytest.approx(1 - expected / 353)
    assert len(quality.similarity_pairs(kv, "wordsim353")[0]) == expected


def test_restrict_vocab_keeps_only_the_first_words():
    kv = random_kv(WORDSIM_VOCAB, 5, 3)
    n = len(WORDSIM_VOCAB) // 2
    first = set(WORDSIM_VOCAB[:n])
    pairs, _, _ = quality.similarity_pairs(kv, "wordsim353", restrict_vocab=n)
    assert pairs and all(a in first and b in first for a, b in pairs)
    assert quality.similarity_score(kv, "wordsim353", restrict_vocab=n)["n_used"] == len(pairs)
    # all words is None; a larger restrict_vocab than the vocabulary is an error, not silently clipped
    assert quality.similarity_score(kv, restrict_vocab=None)["n_used"] == 353
    with pytest.raises(ValueError, match="larger than the vocabulary"):
        quality.similarity_score(kv, restrict_vocab=10**6)


def test_case_insensitive_matching():
    kv_lower = random_kv(WORDSIM_VOCAB, 5, 4)
    kv_upper = make_kv([w.upper() for w in WORDSIM_VOCAB], kv_lower.vectors)
    assert quality.similarity_score(kv_upper)["spearman"] == pytest.approx(
        quality.similarity_score(kv_lower)["spearman"]
    )
    pairs, _, _ = quality.similarity_pairs(kv_upper)
    assert pairs[0][0].isupper()


def test_planted_analogies_are_all_solved():
    kv = planted_family_kv()
    a = quality.analogy_score(kv)
    n_used = covered_questions(kv.index_to_key)
    assert a["n_used"] == n_used > 0 and a["n_questions"] == 19544
    assert a["accuracy"] == 1.0 and a["correct"] == n_used
    assert a["oov_share"] == pytest.approx(1 - n_used / 19544)
    assert a["chance"] == pytest.approx(1 / (len(kv) - 3))


def test_shuffled_analogies_fail():
    kv = planted_family_kv()
    shuffled = make_kv(kv.index_to_key, kv.vectors[np.random.default_rng(0).permutation(len(kv))])
    assert quality.analogy_score(shuffled)["accuracy"] < 0.2


def test_word_quality_keys():
    words = WORDSIM_VOCAB + [w for w in planted_family_kv().index_to_key if w not in WORDSIM_VOCAB]
    q = quality.word_quality(random_kv(words, 8, 5))
    assert set(q) == {
        "wordsim353_spearman",
        "wordsim353_oov",
        "simlex999_spearman",
        "simlex999_oov",
        "analogy_accuracy",
        "analogy_oov",
        "analogy_chance",
    }
    assert all(0 <= q[k] <= 1 for k in ("wordsim353_oov", "simlex999_oov", "analogy_oov", "analogy_accuracy"))


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.01, 100))
def test_scores_invariant_to_rotation_and_scale(seed, scale):
    kv = random_kv(WORDSIM_VOCAB, 6, seed)
    Q = es.random_orthogonal(6, seed=seed + 1)
    moved = make_kv(kv.index_to_key, scale * kv.vectors @ Q)
    for name in quality.SIMILARITY_SETS:
        s, t = quality.similarity_score(kv, name), quality.similarity_score(moved, name)
        assert s["spearman"] == pytest.approx(t["spearman"], abs=1e-4)  # rounding can break exact ties
        assert s["pearson"] == pytest.approx(t["pearson"], abs=1e-5)


@settings(max_examples=10, deadline=None)
@given(st.integers(0, 2**32 - 1), st.floats(0.01, 100))
def test_analogies_invariant_to_rotation_and_scale(seed, scale):
    kv = planted_family_kv(noise=0.3, seed=seed)
    d = kv.vector_size
    moved = make_kv(kv.index_to_key, scale * kv.vectors @ es.random_orthogonal(d, seed=seed + 1))
    assert quality.analogy_score(moved)["correct"] == quality.analogy_score(kv)["correct"]


def test_errors():
    kv = random_kv(WORDSIM_VOCAB, 4, 6)
    with pytest.raises(TypeError, match="kv must be gensim KeyedVectors"):
        quality.word_quality(np.zeros((3, 4)))
    with pytest.raises(ValueError, match="empty vocabulary"):
        quality.similarity_score(KeyedVectors(vector_size=4, count=0))
    with pytest.raises(ValueError, match="unknown similarity test set"):
        quality.similarity_score(kv, "men3000")
    with pytest.raises(ValueError, match="unknown similarity test set"):
        quality.similarity_pairs(kv, "men3000")
    for bad in (0, -3, 2.5, True):
        with pytest.raises(ValueError, match="restrict_vocab"):
            quality.similarity_score(kv, restrict_vocab=bad)
    nonsense = random_kv(["qwxz", "zzkq", "xxpt", "vvbn", "hhgr", "ttqp"], 3, 7)
    with pytest.raises(ValueError, match="no pair of 'wordsim353'"):
        quality.similarity_score(nonsense)
    with pytest.raises(ValueError, match="no pair of 'simlex999'"):
        quality.similarity_pairs(nonsense, "simlex999")
    with pytest.raises(ValueError, match="none of the 19544 analogy questions"):
        quality.analogy_score(nonsense)
    with pytest.raises(ValueError, match="at least 5 candidate words"):
        quality.analogy_score(planted_family_kv(), restrict_vocab=4)


def test_word_quality_equals_the_standalone_calls():
    """Catches word_quality reporting Pearson as Spearman (they differ on these vectors) or mixing up sets/keys."""
    words = WORDSIM_VOCAB + [w for w in planted_family_kv().index_to_key if w not in WORDSIM_VOCAB]
    kv = random_kv(words, 8, 11)
    q = quality.word_quality(kv, restrict_vocab=len(words) - 3)
    for name in quality.SIMILARITY_SETS:
        s = quality.similarity_score(kv, name, restrict_vocab=len(words) - 3)
        assert abs(s["spearman"] - s["pearson"]) > 1e-3  # the two statistics are distinguishable here
        assert q[f"{name}_spearman"] == s["spearman"] and q[f"{name}_oov"] == s["oov_share"]
    a = quality.analogy_score(kv, restrict_vocab=len(words) - 3)
    assert (q["analogy_accuracy"], q["analogy_oov"], q["analogy_chance"]) == (
        a["accuracy"],
        a["oov_share"],
        a["chance"],
    )
    assert q["wordsim353_oov"] != q["simlex999_oov"]


def test_similarity_score_is_spearman_and_pearson_of_the_pairs():
    kv = random_kv(WORDSIM_VOCAB, 3, 12)
    s = quality.similarity_score(kv, "simlex999")
    _, human, cos = quality.similarity_pairs(kv, "simlex999")
    assert s["spearman"] == pytest.approx(spearmanr(human, cos).statistic, abs=1e-5)
    assert s["pearson"] == pytest.approx(np.corrcoef(human, cos)[0, 1], abs=1e-5)
    assert s["n_used"] == len(human) and s["oov_share"] == pytest.approx(1 - len(human) / s["n_pairs"])
