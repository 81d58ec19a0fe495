"""Readers of the embedding files researchers have: word2vec text and binary, GloVe, fastText ``.vec``.

Every reader returns ``(words, vectors)`` with ``vectors`` a float32 array of shape (V, d) and raises
:class:`EmbeddingFileError` (a ``ValueError``) naming the file and the line (or, in a binary file, the vector and
its byte offset) of the first problem.  Compressed files (gzip, bzip2) are recognised by their first bytes.
On valid files the readers give the same words and vectors as gensim's ``KeyedVectors.load_word2vec_format``
(``tests/test_io.py`` checks it); they exist because gensim's errors name neither the line nor the problem
(a duplicate word is dropped with a log message, a short binary file ends in ``EOFError``).

This module names the formats and detects them from a file's content (:func:`detect_format`); the readers are
:func:`~.text_reader.read_text` (word2vec text, fastText ``.vec``, GloVe) and :func:`~.binary_reader.read_binary`
(word2vec binary), and :mod:`.files` opens the files and names their problems.  Every name stays importable from here.
"""

from __future__ import annotations

from .binary_reader import read_binary
from .files import _HEADER, EmbeddingFileError, open_bytes
from .text_reader import read_text

__all__ = ["EmbeddingFileError", "FORMATS", "detect_format", "open_bytes", "read_text", "read_binary"]

#: Formats :func:`~embstab_lib.io.load_embeddings` reads; fastText's ``.vec`` is word2vec text.
FORMATS = ("word2vec", "word2vec-binary", "glove", "fasttext", "gensim")
_FASTTEXT_BIN_MAGIC = (793712314).to_bytes(4, "little")


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
        word2vec header, a compressed file that ends early or is corrupt.
    OSError
        The file cannot be read.
    """
    with open_bytes(path) as fh:  # the checks run inside: a corrupt stream is named as such (open_bytes)
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
