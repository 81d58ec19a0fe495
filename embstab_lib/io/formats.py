"""Readers of the embedding files researchers have: word2vec text and binary, GloVe, fastText ``.vec``.

Every reader returns ``(words, vectors)`` with ``vectors`` a float32 array of shape (V, d) and raises
:class:`EmbeddingFileError` (a ``ValueError``) naming the file and the line (or, in a binary file, the vector and
its byte offset) of the first problem.  Compressed files (gzip, bzip2) are recognised by their first bytes.
On valid files the readers give the same words and vectors as gensim's ``KeyedVectors.load_word2vec_format``
(``tests/test_io.py`` checks it); they exist because gensim's errors name neither the line nor the problem
(a duplicate word is dropped with a log message, a short binary file ends in ``EOFError``).
"""

from __future__ import annotations

import bz2
import gzip
import re

import numpy as np

__all__ = ["EmbeddingFileError", "FORMATS", "detect_format", "open_bytes", "read_text", "read_binary"]

#: Formats :func:`~embstab_lib.io.load_embeddings` reads; fastText's ``.vec`` is word2vec text.
FORMATS = ("word2vec", "word2vec-binary", "glove", "fasttext", "gensim")
_HEADER = re.compile(rb"^\s*(\d+)\s+(\d+)\s*$")
_FASTTEXT_BIN_MAGIC = (793712314).to_bytes(4, "little")
_CHUNK = 1 << 20


class EmbeddingFileError(ValueError):
    """A file that cannot be read as embeddings; the message starts with the file and the line.

    Attributes
    ----------
    path : str
    line : int or None
        1-based line of a text file (of the decompressed content), or None.
    """

    def __init__(self, path, problem, line=None):
        self.path, self.line = str(path), line
        where = f"{path}, line {line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {problem}")


def open_bytes(path):
    """Open ``path`` for binary reading, decompressing gzip or bzip2 content (recognised by its first bytes)."""
    with open(path, "rb") as fh:
        magic = fh.read(3)
    if magic[:2] == b"\x1f\x8b":
        return gzip.open(path, "rb")
    if magic == b"BZh":
        return bz2.open(path, "rb")
    return open(path, "rb")


def _looks_binary(sample: bytes) -> bool:
    """Bytes that are not UTF-8 text, or hold control characters other than tab, newline and carriage return."""
    if any(b < 32 and b not in (9, 10, 13) for b in sample):
        return True
    try:
        sample.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start < len(sample) - 4  # a multi-byte character cut by the sample's end is not binary
    return False


def detect_format(path) -> str:
    """The format of an embeddings file from its content: ``"word2vec"``, ``"word2vec-binary"`` or ``"glove"``.

    A first line of two integers is a word2vec header ("V d"); what follows it is binary when it is not text.
    A file without that header is GloVe (word and values on every line).  gensim's native format (a pickle) is
    never loaded without ``fmt="gensim"``: unpickling runs code.

    Raises
    ------
    EmbeddingFileError
        Empty file, a pickle (asks for ``fmt="gensim"``), a fastText ``.bin`` model, binary content without a
        word2vec header.
    OSError
        The file cannot be read.
    """
    with open_bytes(path) as fh:
        sample = fh.read(1 << 16)
    if not sample.strip():
        raise EmbeddingFileError(path, "the file is empty", line=None)
    if sample[:1] == b"\x80":
        raise EmbeddingFileError(
            path,
            "this is a pickle (gensim's native format?): loading it runs code from the file; "
            "if you trust it, pass fmt='gensim'",
        )
    if sample[:4] == _FASTTEXT_BIN_MAGIC:
        raise EmbeddingFileError(
            path, "this is a fastText .bin model, which is not supported: use the .vec file saved next to it"
        )
    first, _, rest = sample.partition(b"\n")
    if _HEADER.match(first):
        return "word2vec-binary" if _looks_binary(rest[:4096]) else "word2vec"
    if _looks_binary(sample[:4096]):
        raise EmbeddingFileError(
            path, "binary content without a word2vec header ('vocabulary_size dimension' on the first line)", line=1
        )
    return "glove"


def _parse_header(path, line: bytes):
    m = _HEADER.match(line)
    if not m:
        raise EmbeddingFileError(path, f"expected a header 'vocabulary_size dimension', got {_show(line)}", line=1)
    n, d = int(m.group(1)), int(m.group(2))
    if n < 1 or d < 1:
        raise EmbeddingFileError(path, f"the header announces {n} vectors of dimension {d}: no vectors", line=1)
    return n, d


def _show(raw: bytes, width=60) -> str:
    text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
    return repr(text if len(text) <= width else text[:width] + "…")


def _to_float32(path, rows, words, first_line, d):
    """Convert a chunk of rows of value strings, naming the line and the value of the first that is not a number."""
    try:
        block = np.array(rows, dtype=np.float64)
    except ValueError:
        for offset, (word, vals) in enumerate(zip(words, rows)):
            for j, v in enumerate(vals):
                try:
                    float(v)
                except ValueError:
                    raise EmbeddingFileError(
                        path, f"value {j + 1} of {word!r} is {v!r}, not a number", line=first_line[offset]
                    ) from None
        raise
    bad = ~np.isfinite(block).all(axis=1)
    with np.errstate(over="ignore"):
        out = block.astype(np.float32)
    bad |= ~np.isfinite(out).all(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        v = block[i][~np.isfinite(out[i])][0]
        raise EmbeddingFileError(
            path, f"the vector of {words[i]!r} holds a non-finite value ({v}, beyond float32)", line=first_line[i]
        )
    return out


def read_text(path, *, header: bool, limit=None, chunk=20_000):
    """Read a text file: word2vec/fastText ``.vec`` (``header=True``) or GloVe (``header=False``).

    Parameters
    ----------
    path : str or Path
    header : bool
        Whether the first line is "V d".
    limit : int, optional
        Read only the first ``limit`` vectors (the rest of the file is not checked).
    chunk : int
        Rows converted at a time (bounds the memory of the string tokens).

    Returns
    -------
    words : list of str, length V
    vectors : ndarray of float32, shape (V, d)
    lines : ndarray of int64, shape (V,)
        The 1-based line of every word (for error messages, e.g. duplicates).

    Raises
    ------
    EmbeddingFileError
        Empty file; a header that is malformed or disagrees with the content (more or fewer vectors, another
        width); a row of the wrong width (with "truncated?" for a last line without newline); an empty line
        inside the file; a word or value that is not UTF-8; a value that is not a number or not finite in float32.
    """
    words, blocks, lines = [], [], []
    pend_rows, pend_words, pend_lines = [], [], []
    n_expected = d = None
    blank = first_raw = None
    last_has_newline = True
    with open_bytes(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            if lineno == 1 and header:
                n_expected, d = _parse_header(path, raw)
                continue
            if not raw.strip():
                blank = blank or lineno
                continue
            if blank is not None:
                raise EmbeddingFileError(path, "empty line inside the file", line=blank)
            if limit is not None and len(words) + len(pend_words) >= limit:
                break
            if n_expected is not None and len(words) + len(pend_words) >= n_expected:
                raise EmbeddingFileError(
                    path,
                    f"the header announces {n_expected} vectors but the file holds more: the header "
                    "disagrees with the content",
                    line=lineno,
                )
            last_has_newline = raw.endswith(b"\n")
            first_raw = raw if first_raw is None else first_raw
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise EmbeddingFileError(
                    path, f"not UTF-8 text ({exc.reason} at byte {exc.start})", line=lineno
                ) from None
            parts = text.rstrip().split(" ")
            word, vals = parts[0], parts[1:]
            if d is None:
                d = len(vals)
                if d == 0:
                    raise EmbeddingFileError(path, f"{_show(raw)} holds a word and no values", line=lineno)
            if len(vals) != d:
                src = "the header" if header else "line 1"
                hint = ""
                if not last_has_newline:
                    hint = " (the last line ends without a newline: is the file truncated?)"
                elif not header and len(words) + len(pend_words) == 1 and _HEADER.match(first_raw):
                    hint = " (line 1 looks like a word2vec header: pass fmt='word2vec')"
                raise EmbeddingFileError(
                    path, f"{word!r} has {len(vals)} values, expected {d} as on {src}{hint}", line=lineno
                )
            pend_rows.append(vals)
            pend_words.append(word)
            pend_lines.append(lineno)
            if len(pend_rows) >= chunk:
                blocks.append(_to_float32(path, pend_rows, pend_words, pend_lines, d))
                words += pend_words
                lines += pend_lines
                pend_rows, pend_words, pend_lines = [], [], []
    if pend_rows:
        blocks.append(_to_float32(path, pend_rows, pend_words, pend_lines, d))
        words += pend_words
        lines += pend_lines
    if not words:
        if n_expected is not None:
            raise EmbeddingFileError(path, f"the header announces {n_expected} vectors but none follows", line=2)
        raise EmbeddingFileError(path, "the file is empty")
    want = n_expected if limit is None or n_expected is None else min(limit, n_expected)
    if want is not None and len(words) < want:
        raise EmbeddingFileError(
            path,
            f"the file ends after {len(words)} vectors but the header announces {n_expected}: truncated file "
            "or a wrong header",
            line=lines[-1],
        )
    return words, np.concatenate(blocks), np.asarray(lines, dtype=np.int64)


class _Buffer:
    """Sequential reads over a binary stream, with the absolute offset of every read."""

    def __init__(self, fh):
        self.fh, self.buf, self.pos, self.base = fh, b"", 0, 0

    def fill(self, n) -> bool:
        while len(self.buf) - self.pos < n:
            more = self.fh.read(max(_CHUNK, n))
            if not more:
                return False
            self.buf = self.buf[self.pos :] + more
            self.base += self.pos
            self.pos = 0
        return True

    def offset(self) -> int:
        return self.base + self.pos


def read_binary(path, *, limit=None):
    """Read word2vec's binary format: "V d\\n", then V records ``word`` + space + d little-endian float32.

    Records may be separated by a newline (the original C tool) or not (gensim).

    Returns
    -------
    words : list of str
    vectors : ndarray of float32, shape (V, d)
    lines : ndarray of int64
        The 1-based index of every vector (binary files have no lines).

    Raises
    ------
    EmbeddingFileError
        Malformed header; the file ends inside a word or a vector (truncated, or a header announcing more
        vectors or a larger dimension than the content); a word that is not UTF-8 or holds control bytes (the
        header's dimension disagrees with the content); data left after the announced vectors; non-finite values.
    """
    with open_bytes(path) as fh:
        header = fh.readline()
        n, d = _parse_header(path, header)
        want = n if limit is None else min(n, limit)
        buf = _Buffer(fh)
        buf.base = len(header)
        words = []
        vectors = np.empty((want, d), dtype=np.float32)
        size = 4 * d
        for i in range(want):
            where = f"vector {i + 1} of {n} (byte {buf.offset()})"
            while buf.fill(1) and buf.buf[buf.pos] == 10:  # newline between records
                buf.pos += 1
            while True:
                j = buf.buf.find(b" ", buf.pos)
                if j >= 0 or not buf.fill(len(buf.buf) - buf.pos + 1):
                    break
            if j < 0:
                raise EmbeddingFileError(
                    path, f"the file ends inside {where}: truncated file, or the header announces too many vectors"
                )
            raw = buf.buf[buf.pos : j]
            if not raw or any(b < 32 for b in raw) or len(raw) > 1000:
                raise EmbeddingFileError(
                    path,
                    f"{where}: the word {_show(raw[:40])} is not a word; the header's dimension ({d}) may "
                    "disagree with the content",
                )
            try:
                word = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise EmbeddingFileError(
                    path,
                    f"{where}: the word {_show(raw[:40])} is not UTF-8; the header's dimension ({d}) may "
                    "disagree with the content",
                ) from None
            buf.pos = j + 1
            if not buf.fill(size):
                raise EmbeddingFileError(
                    path,
                    f"the file ends inside the vector of {word!r}, {where}: truncated file, or a header "
                    "announcing a larger dimension",
                )
            vectors[i] = np.frombuffer(buf.buf, dtype="<f4", count=d, offset=buf.pos)
            buf.pos += size
            words.append(word)
        if limit is None or limit >= n:
            while buf.fill(1) and buf.buf[buf.pos] in (10, 13, 32):
                buf.pos += 1
            if buf.fill(1):
                raise EmbeddingFileError(
                    path,
                    f"data left after the {n} vectors the header announces (byte {buf.offset()}): the header "
                    "disagrees with the content",
                )
    bad = ~np.isfinite(vectors).all(axis=1)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        raise EmbeddingFileError(path, f"vector {i + 1} ({words[i]!r}) holds a non-finite value (NaN or inf)")
    return words, vectors, np.arange(1, want + 1, dtype=np.int64)
