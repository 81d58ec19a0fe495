"""Reading word2vec's binary format: :func:`read_binary` names the vector and the byte offset of the first problem."""

from __future__ import annotations

import numpy as np

from .files import EmbeddingFileError, _parse_header, _show, open_bytes

__all__ = ["read_binary"]

_CHUNK = 1 << 20


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
        header's dimension disagrees with the content); data left after the announced vectors; non-finite values;
        compressed content that ends early or is corrupt.
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
