"""Reading the text formats: word2vec text, fastText ``.vec`` (word2vec text) and GloVe (no header).

:func:`read_text` returns the words, a float32 matrix and the line of every word, and raises
:class:`~.files.EmbeddingFileError` naming the line of the first problem.
"""

from __future__ import annotations

import numpy as np

from .files import _HEADER, EmbeddingFileError, _parse_header, _show, open_bytes

__all__ = ["read_text"]


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
        inside the file; a word or value that is not UTF-8; a value that is not a number or not finite in float32;
        compressed content that ends early or is corrupt (naming the last line read).
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
