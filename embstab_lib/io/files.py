"""Opening an embeddings file and naming its problems: :class:`EmbeddingFileError`, :func:`open_bytes` (gzip and
bzip2 recognised by their first bytes) and the word2vec header "V d".

The format detection (:mod:`.formats`) and the readers (:mod:`.text_reader`, :mod:`.binary_reader`) share them.
"""

from __future__ import annotations

import bz2
import gzip
import re

__all__ = ["EmbeddingFileError", "open_bytes"]

_HEADER = re.compile(rb"^\s*(\d+)\s+(\d+)\s*$")


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
