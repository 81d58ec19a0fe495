"""Loading embeddings files: every format on files written here, equality with gensim, each broken file named."""

import bz2
import gzip

import numpy as np
import pytest
from gensim.models import KeyedVectors

import embstab_lib as es
from embstab_lib.io import EmbeddingFileError, detect_format, load_embeddings, load_runs, read_counts
from embstab_lib.io.example import write_example_runs

WORDS = ["the", "of", "and", "ông", "bà", "in", "a", "to"]


@pytest.fixture
def kv():
    k = KeyedVectors(4)
    k.add_vectors(WORDS, np.random.default_rng(0).normal(size=(len(WORDS), 4)).astype(np.float32))
    return k


def text_lines(kv, header=True):
    lines = [f"{len(kv)} {kv.vector_size}"] if header else []
    return lines + [w + " " + " ".join(repr(float(x)) for x in kv[w]) for w in kv.index_to_key]


def write(path, lines, *, newline=True):
    path.write_bytes(("\n".join(lines) + ("\n" if newline else "")).encode("utf-8"))
    return path


@pytest.mark.parametrize("kind", ["text", "binary", "glove", "vec", "gz", "bz2"])
def test_formats_match_gensim(tmp_path, kv, kind):
    if kind == "binary":
        path = tmp_path / "v.bin"
        kv.save_word2vec_format(str(path), binary=True)
    elif kind == "glove":
        path = write(tmp_path / "v.glove.txt", text_lines(kv, header=False))
    else:
        path = tmp_path / {"text": "v.txt", "vec": "v.vec", "gz": "v.txt.gz", "bz2": "v.txt.bz2"}[kind]
        data = ("\n".join(text_lines(kv)) + "\n").encode()
        path.write_bytes(gzip.compress(data) if kind == "gz" else bz2.compress(data) if kind == "bz2" else data)
    expected = {"binary": "word2vec-binary", "glove": "glove"}.get(kind, "word2vec")
    assert detect_format(path) == expected
    got = load_embeddings(path)
    ref = KeyedVectors.load_word2vec_format(str(path), binary=(kind == "binary"), no_header=(kind == "glove"))
    assert got.index_to_key == ref.index_to_key == WORDS
    assert np.array_equal(got.vectors, ref.vectors) and got.vectors.dtype == np.float32
    assert got.embstab_source["format"] == expected
    with pytest.raises(ValueError, match="no word counts"):
        es.word_counts(got)  # never gensim's rank placeholders


def test_binary_with_newlines_as_the_c_tool_writes(tmp_path, kv):
    path = tmp_path / "c.bin"
    with open(path, "wb") as fh:
        fh.write(f"{len(kv)} 4\n".encode())
        for w in kv.index_to_key:
            fh.write(w.encode() + b" " + kv[w].astype("<f4").tobytes() + b"\n")
    got = load_embeddings(path)
    assert got.index_to_key == WORDS and np.array_equal(got.vectors, kv.vectors)
    assert load_embeddings(path, limit=3).index_to_key == WORDS[:3]


def test_counts_from_file_fvocab_dict_and_corpus(tmp_path, kv):
    path = write(tmp_path / "v.txt", text_lines(kv))
    counts = {w: 100 - 3 * i for i, w in enumerate(WORDS)}
    tsv = write(tmp_path / "c.tsv", ["word\tcount"] + [f"{w}\t{c}" for w, c in counts.items()])
    fvocab = write(tmp_path / "fvocab.txt", [f"{w} {c}" for w, c in counts.items()])
    for source in (tsv, fvocab, counts):
        assert es.word_counts(load_embeddings(path, counts=source)).tolist() == list(counts.values())
    corpus = [[w] * c for w, c in counts.items()]
    assert es.word_counts(load_embeddings(path, counts=corpus), ["of"]).tolist() == [97]
    with pytest.raises(ValueError, match="1 of the 8 words have no count .* 'ông'"):
        load_embeddings(path, counts={w: 5 for w in WORDS if w != "ông"})
    with pytest.raises(ValueError, match="rank placeholders"):
        load_embeddings(path, counts=np.arange(8, 0, -1))


def test_gensim_rank_placeholders_are_refused_everywhere(tmp_path, kv):
    path = write(tmp_path / "v.txt", text_lines(kv))
    loaded = KeyedVectors.load_word2vec_format(str(path))  # counts = V − rank
    with pytest.raises(ValueError, match="rank placeholders.*counts="):
        es.word_counts(loaded)
    with pytest.raises(ValueError, match="rank placeholders"):
        es.frequency_bands(np.arange(400, 0, -1) + 0, edges=(1, 10, np.inf))
    es.with_counts(loaded, {w: 50 + i for i, w in enumerate(WORDS)})
    assert es.word_counts(loaded)[0] == 50
    runs = load_runs([KeyedVectors.load_word2vec_format(str(path))] * 1)
    assert runs.counts is None  # placeholders are dropped, not used


def test_gensim_native_only_when_asked(tmp_path, kv):
    path = tmp_path / "model.kv"
    kv.save(str(path))
    with pytest.raises(EmbeddingFileError, match="pickle.*fmt='gensim'"):
        load_embeddings(path)
    got = load_embeddings(path, fmt="gensim")
    assert got.index_to_key == WORDS and np.array_equal(got.vectors, kv.vectors)


BROKEN = [
    ("empty", lambda kv: [""], "the file is empty"),
    ("header-only", lambda kv: ["8 4"], "announces 8 vectors but none"),
    ("truncated", lambda kv: text_lines(kv)[:5], r"line 5: the file ends after 4 vectors but the header announces 8"),
    ("more-than-header", lambda kv: ["3 4"] + text_lines(kv)[1:], r"line 5: the header announces 3 vectors but"),
    (
        "wrong-width",
        lambda kv: text_lines(kv)[:3] + ["bad 1 2 3"] + text_lines(kv)[4:],
        r"line 4: 'bad' has 3 values, expected 4 as on the header",
    ),
    (
        "header-width",
        lambda kv: ["8 5"] + text_lines(kv)[1:],
        r"line 2: 'the' has 4 values, expected 5 as on the header",
    ),
    (
        "non-numeric",
        lambda kv: text_lines(kv)[:2] + ["x 1 2 abc 4"] + text_lines(kv)[3:],
        r"line 3: value 3 of 'x' is 'abc', not a number",
    ),
    ("nan", lambda kv: text_lines(kv)[:6] + ["y 1 nan 2 3"] + text_lines(kv)[7:], r"line 7: .*'y'.*non-finite"),
    (
        "float32-overflow",
        lambda kv: text_lines(kv)[:2] + ["z 1 1e40 2 3"] + text_lines(kv)[3:],
        r"line 3: .*non-finite value \(1e\+40",
    ),
    (
        "duplicate",
        lambda kv: ["9 4"] + text_lines(kv)[1:] + [text_lines(kv)[2]],
        r"line 10: the word 'of' appears twice \(lines 3 and 10\)",
    ),
    ("blank-inside", lambda kv: text_lines(kv)[:3] + [""] + text_lines(kv)[3:], r"line 4: empty line inside"),
    ("bad-header", lambda kv: ["8 four"] + text_lines(kv)[1:], None),
]


@pytest.mark.parametrize("label, lines, message", BROKEN, ids=[b[0] for b in BROKEN])
@pytest.mark.parametrize("compress", [False, True])
def test_broken_text_files_name_file_and_line(tmp_path, kv, label, lines, message, compress):
    path = tmp_path / ("broken.txt.gz" if compress else "broken.txt")
    data = "\n".join(lines(kv)) + "\n"
    path.write_bytes(gzip.compress(data.encode()) if compress else data.encode())
    if message is None:  # "8 four" is not a header: read as GloVe, the widths disagree
        message = r"line 2: 'the' has 4 values, expected 1 as on line 1"
    with pytest.raises(EmbeddingFileError, match=message) as info:
        load_embeddings(path)
    assert str(info.value).startswith(str(path))


def test_truncated_last_line_is_called_truncated(tmp_path, kv):
    lines = text_lines(kv, header=False)
    lines[-1] = lines[-1][: len(lines[-1]) // 2]
    path = write(tmp_path / "cut.glove", lines, newline=False)
    with pytest.raises(EmbeddingFileError, match="line 8: .* is the file truncated"):
        load_embeddings(path)


def test_glove_with_a_header_line_is_explained(tmp_path, kv):
    path = write(tmp_path / "h.txt", text_lines(kv))
    with pytest.raises(EmbeddingFileError, match="line 1 looks like a word2vec header: pass fmt='word2vec'"):
        load_embeddings(path, fmt="glove")


def binary(kv, n=None, d=None, extra=b"", cut=0, dup=False):
    out = f"{n or len(kv)} {d or kv.vector_size}\n".encode()
    words = kv.index_to_key + ([kv.index_to_key[1]] if dup else [])
    for w in words:
        out += w.encode() + b" " + kv[w].astype("<f4").tobytes()
    return out[: len(out) - cut] + extra


BROKEN_BINARY = [
    ("truncated-in-vector", dict(cut=3), r"ends inside the vector of 'to', vector 8 of 8"),
    ("truncated-in-word", dict(n=9), r"ends inside vector 9 of 9"),
    ("trailing-data", dict(n=7), r"data left after the 7 vectors"),
    ("header-dim-larger", dict(d=5), r"header's dimension \(5\) may disagree|ends inside"),
    ("header-dim-smaller", dict(d=3), r"header's dimension \(3\) may disagree|data left"),
    ("duplicate", dict(n=9, dup=True), r"the word 'of' appears twice \(vectors 2 and 9\)"),
]


@pytest.mark.parametrize("label, kwargs, message", BROKEN_BINARY, ids=[b[0] for b in BROKEN_BINARY])
def test_broken_binary_files(tmp_path, kv, label, kwargs, message):
    path = tmp_path / "broken.bin"
    path.write_bytes(binary(kv, **kwargs))
    assert detect_format(path) == "word2vec-binary"
    with pytest.raises(EmbeddingFileError, match=message):
        load_embeddings(path)


def test_binary_non_finite(tmp_path, kv):
    kv.vectors[3, 1] = np.inf
    path = tmp_path / "inf.bin"
    path.write_bytes(binary(kv))
    with pytest.raises(EmbeddingFileError, match=r"vector 4 \('ông'\) holds a non-finite"):
        load_embeddings(path)


def test_other_bad_inputs(tmp_path, kv):
    with pytest.raises(FileNotFoundError):
        load_embeddings(tmp_path / "missing.txt")
    path = write(tmp_path / "v.txt", text_lines(kv))
    with pytest.raises(ValueError, match="fmt must be one of"):
        load_embeddings(path, fmt="xml")
    with pytest.raises(ValueError, match="limit must be a positive integer"):
        load_embeddings(path, limit=0)
    with pytest.raises(TypeError, match="path must be a file path"):
        load_embeddings(3)
    garbage = tmp_path / "g.dat"
    garbage.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(EmbeddingFileError, match="binary content without a word2vec header"):
        load_embeddings(garbage)
    ft = tmp_path / "m.bin"
    ft.write_bytes((793712314).to_bytes(4, "little") + b"\0" * 40)
    with pytest.raises(EmbeddingFileError, match="fastText .bin model"):
        load_embeddings(ft)


BAD_COUNTS = [
    (["a\t3", "b"], r"line 2: expected 'word<TAB>count'"),
    (["a\t3", "b\tx"], r"line 2: the count of 'b' is 'x'"),
    (["a\t3", "b\t-1"], r"line 2: the count of 'b' is '-1'"),
    (["a\t3", "a\t4"], r"line 2: 'a' is listed twice \(first on line 1\)"),
    ([""], "the counts file is empty"),
]


@pytest.mark.parametrize("lines, message", BAD_COUNTS)
def test_bad_counts_files(tmp_path, lines, message):
    path = write(tmp_path / "c.tsv", lines)
    with pytest.raises(EmbeddingFileError, match=message):
        read_counts(path)


def test_load_runs_shared_vocabulary_in_stated_order(tmp_path):
    files = write_example_runs(tmp_path, n_words=300, dim=20, small_dim=10)
    runs = load_runs(files["runs"] + [files["small"]], counts=files["counts"])
    assert runs.names == ["run1.txt", "run2.bin", "run3.glove.txt.gz", "small.vec"]
    assert runs.dims == [20, 20, 20, 10] and len(runs.words) == 300
    assert runs.words[:2] == ["w00000", "w00001"] and runs.counts[0] > runs.counts[-1]
    ref = KeyedVectors.load_word2vec_format(files["runs"][1], binary=True)
    assert np.array_equal(runs.matrices[1], ref.vectors)
    # vocabularies that differ: the intersection, in the first run's order
    a = load_embeddings(files["runs"][0])
    b = KeyedVectors(20)
    b.add_vectors(a.index_to_key[::-1][:200], a.vectors[::-1][:200])
    sub = load_runs([a, b], top_n=50)
    assert sub.words == a.index_to_key[100:150] and sub.names == ["run1", "run2"]
    top = load_runs([a, b], counts=files["counts"], top_n=5)
    assert top.words == a.index_to_key[100:105]
    with pytest.raises(ValueError, match="share only 0 word"):
        c = KeyedVectors(2)
        c.add_vectors(["x", "y"], np.eye(2))
        load_runs([a, c])
    with pytest.raises(TypeError, match="a list, even for one run"):
        load_runs(files["runs"][0])
    with pytest.raises(ValueError, match="fmt lists 2 formats for 3 runs"):
        load_runs(files["runs"], fmt=["word2vec", "glove"])
