"""Loading embeddings files: every format on files written here, equality with gensim, each broken file named."""

import bz2
import gzip
import pickle
import re
import zlib

import numpy as np
import pytest
from gensim.models import KeyedVectors

import embstab_lib as es
from embstab_lib.corpora.frequency import PLACEHOLDER_MIN_RUN
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


def test_a_slice_of_rank_placeholders_is_refused_too(tmp_path):
    """gensim's V, V − 1, …, 1 cut to words 50–149 (what limit= or a slice gives) is 250, …, 151: still placeholders."""
    files = write_example_runs(tmp_path, n_words=300, dim=20, small_dim=10)
    full = KeyedVectors.load_word2vec_format(files["runs"][0])
    sub = KeyedVectors(20)
    sub.add_vectors(full.index_to_key[50:150], full.vectors[50:150])
    sub.expandos["count"] = full.expandos["count"][50:150].copy()
    assert sub.expandos["count"][[0, -1]].tolist() == [250, 151]
    assert es.is_rank_placeholder(sub.expandos["count"])
    with pytest.raises(ValueError, match="rank placeholders .*fall by exactly 1.*counts="):
        es.word_counts(sub)
    with pytest.raises(ValueError, match="rank placeholders"):
        es.frequency_bands(sub.expandos["count"])
    with pytest.raises(ValueError, match="rank placeholders"):
        es.with_counts(sub, np.arange(250, 150, -1, dtype=np.uint32))  # unsigned: no wrap-around in the test
    assert load_runs([sub]).counts is None
    for short in ([4, 3, 2, 1], np.arange(12, 2, -1)):  # ends at 1 from 3 words on; above 1 from 10 words on
        assert es.is_rank_placeholder(short)
    for real in ([40, 3, 2, 1], [283, 282, 281, 280], np.arange(11, 2, -1), [5, 5, 4, 3, 2, 1], [2, 1]):
        assert not es.is_rank_placeholder(real)


def test_real_counts_are_never_rank_placeholders():
    """The wiki-sample's counts fall by exactly 1 over at most a few consecutive words, never over its vocabulary."""
    counts = np.array(sorted(es.corpus_counts(es.load_corpus("wiki-sample")).values(), reverse=True))
    vocab = counts[counts >= 5]  # min_count of the standard runs; the vocabulary order is by decreasing count
    steps = np.diff(vocab) == -1
    longest, run = 0, 0
    for s in steps:
        run = run + 1 if s else 0
        longest = max(longest, run)
    assert 2 <= longest + 1 < PLACEHOLDER_MIN_RUN  # today 4 words (283, 282, 281, 280)
    assert not es.is_rank_placeholder(vocab) and not es.is_rank_placeholder(counts)
    assert not any(es.is_rank_placeholder(vocab[:n]) for n in range(3, 3000))  # every head (limit=, top_n)
    es.frequency_bands(vocab)  # binned, not refused


def test_gensim_native_only_when_asked(tmp_path, kv):
    path = tmp_path / "model.kv"
    kv.save(str(path))
    with pytest.raises(EmbeddingFileError, match="pickle.*fmt='gensim'"):
        load_embeddings(path)
    got = load_embeddings(path, fmt="gensim")
    assert got.index_to_key == WORDS and np.array_equal(got.vectors, kv.vectors)


def gensim_bytes(kv, tmp_path):
    kv.save(str(tmp_path / "ok.kv"))
    return (tmp_path / "ok.kv").read_bytes()


BROKEN_GENSIM = [
    ("truncated", lambda kv, d: gensim_bytes(kv, d)[: len(gensim_bytes(kv, d)) // 2], "pickle data was truncated"),
    ("empty", lambda kv, d: b"", "Ran out of input"),
    ("random-bytes", lambda kv, d: np.random.default_rng(0).bytes(500), "invalid load key"),
    ("a-text-file", lambda kv, d: "\n".join(text_lines(kv)).encode(), "invalid load key"),
    ("another-pickle", lambda kv, d: pickle.dumps({"the": [1.0]}), "'dict' object has no attribute"),
]


@pytest.mark.parametrize("label, make, detail", BROKEN_GENSIM, ids=[b[0] for b in BROKEN_GENSIM])
def test_broken_gensim_files_name_the_file(tmp_path, kv, label, make, detail):
    path = tmp_path / "broken.kv"
    path.write_bytes(make(kv, tmp_path))
    with pytest.raises(EmbeddingFileError, match="not a readable gensim KeyedVectors file") as info:
        load_embeddings(path, fmt="gensim")
    assert str(info.value).startswith(f"{path}: ") and detail in str(info.value)


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


def half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def flipped(data: bytes) -> bytes:
    """Ten bytes in the middle inverted: the deflate or bzip2 stream is corrupt."""
    out = bytearray(data)
    mid = len(out) // 2
    out[mid : mid + 10] = bytes(b ^ 0xFF for b in out[mid : mid + 10])
    return bytes(out)


def bad_crc(data: bytes) -> bytes:
    """A gzip member whose content decompresses but whose CRC-32 (trailer bytes −8 to −5) is wrong."""
    out = bytearray(data)
    out[-6] ^= 0xFF
    return bytes(out)


CORRUPT_COMPRESSED = [
    ("gz-truncated", gzip.compress, half, "Compressed file ended before the end-of-stream marker"),
    ("gz-flipped", gzip.compress, flipped, "while decompressing data|CRC check failed"),
    ("gz-crc", gzip.compress, bad_crc, "CRC check failed"),
    ("gz-header-only", gzip.compress, lambda b: b[:12], "Compressed file ended"),
    ("bz2-truncated", bz2.compress, half, "Compressed file ended before the end-of-stream marker"),
    ("bz2-flipped", bz2.compress, flipped, "Invalid data stream"),
]
COMPRESSED_READERS = {
    "detect_format": lambda p: detect_format(p),
    "load_embeddings": lambda p: load_embeddings(p),
    "load_embeddings-text": lambda p: load_embeddings(p, fmt="word2vec"),
    "load_embeddings-binary": lambda p: load_embeddings(p, fmt="word2vec-binary"),
    "read_counts": lambda p: read_counts(p),
    "corpus_counts": lambda p: es.corpus_counts(p),
}


@pytest.mark.parametrize("label, compress, damage, detail", CORRUPT_COMPRESSED, ids=[c[0] for c in CORRUPT_COMPRESSED])
@pytest.mark.parametrize("reader", COMPRESSED_READERS, ids=list(COMPRESSED_READERS))
def test_truncated_or_corrupt_compressed_files_name_the_file(tmp_path, label, compress, damage, detail, reader):
    files = write_example_runs(tmp_path, n_words=300, dim=20, small_dim=10)  # < 64 KiB: detect_format reads it all
    plain = {"read_counts": files["counts"], "load_embeddings-binary": files["runs"][1]}.get(reader, files["runs"][0])
    path = tmp_path / ("broken.gz" if compress is gzip.compress else "broken.bz2")
    path.write_bytes(damage(compress(open(plain, "rb").read())))
    with pytest.raises(EmbeddingFileError, match=r"ends early or is corrupt \(truncated download\?\)") as info:
        COMPRESSED_READERS[reader](path)
    assert str(info.value).startswith(str(path)) and re.search(detail, str(info.value))
    assert isinstance(info.value.__cause__, (EOFError, OSError)) or "zlib" in type(info.value.__cause__).__module__


def test_truncated_gzip_names_the_last_line_read(tmp_path):
    """Past the 64 KiB that detect_format reads, the reader names the last complete line it read."""
    files = write_example_runs(tmp_path, n_words=2000, dim=20, small_dim=10)
    data = open(files["runs"][0], "rb").read()
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(half(gzip.compress(data)))
    assert detect_format(path) == "word2vec"  # the head is readable
    with pytest.raises(EmbeddingFileError, match=r"cut.txt.gz, line \d+: compressed .* after this line") as info:
        load_embeddings(path)
    readable = zlib.decompressobj(wbits=31).decompress(path.read_bytes())  # all that the cut file still holds
    assert 500 < info.value.line <= readable.count(b"\n") < 2001  # a line that was read, far from the start
    binary = tmp_path / "cut.bin.gz"
    binary.write_bytes(half(gzip.compress(open(files["runs"][1], "rb").read())))
    with pytest.raises(EmbeddingFileError, match=r"cut.bin.gz: compressed file ends early .* after \d+ bytes"):
        load_embeddings(binary)


def test_read_errors_that_are_not_the_content_are_not_renamed(tmp_path, monkeypatch):
    """An OSError with an errno (the disk, permissions) is raised as it is, not called a corrupt file."""
    from embstab_lib.io import files as io_files

    path = tmp_path / "ok.txt.gz"
    path.write_bytes(gzip.compress(b"2 1\na 1\nb 2\n"))

    def failing_read(self, size=-1):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(gzip.GzipFile, "read", failing_read)
    with pytest.raises(OSError, match="Input/output error") as info:
        detect_format(path)
    assert not isinstance(info.value, EmbeddingFileError)
    assert io_files.open_bytes(tmp_path / "ok.txt.gz").__class__.__name__ == "_Decompressed"


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
