"""Opening an embeddings file and naming its problems: :class:`EmbeddingFileError`, :func:`open_bytes` (gzip and
bzip2 recognised by their first bytes; a truncated or corrupt compressed file raises an ``EmbeddingFileError``
naming the file) and the word2vec header "V d".

The format detection (:mod:`.formats`) and the readers (:mod:`.text_reader`, :mod:`.binary_reader`) share them.
"""

from __future__ import annotations

import bz2
import gzip
import re
import zlib

__all__ = ["EmbeddingFileError", "open_bytes"]

_HEADER = re.compile(rb"^\s*(\d+)\s+(\d+)\s*$")

#: What gzip and bzip2 raise on a truncated or corrupt stream: EOFError (the stream ends early), zlib.error (bad
#: deflate data), OSError without an errno (gzip.BadGzipFile: bad header, CRC or length; bz2: "Invalid data stream").
_DECOMPRESSION_ERRORS = (EOFError, zlib.error, OSError)
CORRUPT = "compressed file ends early or is corrupt (truncated download?)"
#: After a content error in a compressed file, how many more decompressed bytes are read to tell a corrupt stream
#: (whose garbage caused the error) from a bad file that was compressed intact: bzip2 checks every block (≤ 900 kB),
#: deflate usually fails soon after the damage; a gzip CRC is checked only at the end.
_CHECK_AHEAD = 4 << 20


class EmbeddingFileError(ValueError):
    """A file that cannot be read as embeddings; the message starts with the file and the line.

    Attributes
    ----------
    path : str
    problem : str
        The message without the file and line.
    line : int or None
        1-based line of a text file (of the decompressed content), or None.
    """

    def __init__(self, path, problem, line=None):
        self.path, self.problem, self.line = str(path), problem, line
        where = f"{path}, line {line}" if line is not None else f"{path}"
        super().__init__(f"{where}: {problem}")


def open_bytes(path):
    """Open ``path`` for binary reading, decompressing gzip or bzip2 content (recognised by its first bytes).

    A compressed file is read through :class:`_Decompressed`: a truncated or corrupt stream raises
    :class:`EmbeddingFileError` naming the file, instead of the decompressor's ``EOFError`` or ``zlib.error``.
    """
    with open(path, "rb") as fh:
        magic = fh.read(3)
    if magic[:2] == b"\x1f\x8b":
        return _Decompressed(path, gzip.open(path, "rb"))
    if magic == b"BZh":
        return _Decompressed(path, bz2.open(path, "rb"))
    return open(path, "rb")


class _Decompressed:
    """A gzip or bzip2 stream (``read``, ``readline``, iteration by lines, ``with``) whose decompression errors
    become an :class:`EmbeddingFileError` naming the file and the last complete line read (text read by lines),
    else the number of decompressed bytes read.  A real I/O error (an ``OSError`` with an errno) is left as it is.

    A corrupt stream may first decompress to garbage that a reader rejects (a bad header, a line of another width):
    when an ``EmbeddingFileError`` leaves the ``with`` block, up to ``_CHECK_AHEAD`` more bytes are decompressed,
    and if that fails the error says the file is corrupt, quoting what the garbage looked like.
    """

    def __init__(self, path, fh):
        self.path, self.fh = path, fh
        self.lines, self.offset, self.by_lines = 0, 0, True

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        try:
            if isinstance(exc, EmbeddingFileError) and not exc.problem.startswith(CORRUPT):
                self._check_ahead(exc)
        finally:
            self.fh.close()

    def _check_ahead(self, content_error):
        try:
            self.fh.read(_CHECK_AHEAD)
        except _DECOMPRESSION_ERRORS as exc:
            if isinstance(exc, OSError) and exc.errno is not None:
                return  # an I/O error while checking: the content error stands
            detail = str(exc) or type(exc).__name__
            raise EmbeddingFileError(
                self.path,
                f"{CORRUPT} ({detail}); what it gave was read as: {content_error.problem}",
                line=content_error.line,
            ) from exc

    def close(self):
        self.fh.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line

    def readline(self, size=-1):
        try:
            line = self.fh.readline(size)
        except _DECOMPRESSION_ERRORS as exc:
            raise self._error(exc) from exc
        self.offset += len(line)
        self.lines += line.endswith(b"\n")
        return line

    def read(self, size=-1):
        self.by_lines = False  # lines are no longer counted
        try:
            data = self.fh.read(size)
        except _DECOMPRESSION_ERRORS as exc:
            raise self._error(exc) from exc
        self.offset += len(data)
        return data

    def _error(self, exc):
        if isinstance(exc, OSError) and exc.errno is not None:
            return exc  # the disk or the permissions, not the content: raised as it is
        detail = str(exc) or type(exc).__name__
        if self.by_lines and self.lines:
            return EmbeddingFileError(self.path, f"{CORRUPT} after this line ({detail})", line=self.lines)
        if self.offset:
            return EmbeddingFileError(self.path, f"{CORRUPT} after {self.offset} bytes of content ({detail})")
        return EmbeddingFileError(self.path, f"{CORRUPT} ({detail})")


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
