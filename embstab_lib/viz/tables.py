"""Small Markdown tables that render the same on the website, in Jupyter and on Colab."""

from __future__ import annotations

import numpy as np

from .._validate import keyed_vectors


class MarkdownText(str):
    """A Markdown string: a plain ``str`` in scripts (``print`` shows the table), rendered as Markdown in notebooks.

    ``.data`` is the text (as ``IPython.display.Markdown.data``).
    """

    def _repr_markdown_(self):
        return str(self)

    @property
    def data(self) -> str:
        return str(self)


def thousands(n) -> str:
    """An integer written with the course's number convention: thousands grouped with a space.

    The same in both languages (a point or a comma would read as a decimal mark in one of them).

    Parameters
    ----------
    n : int
        An integer (Python or NumPy; a float with an integer value is refused: round it first).

    Returns
    -------
    str

    Raises
    ------
    TypeError
        ``n`` is not an integer.

    Examples
    --------
    >>> thousands(9002), thousands(453000), thousands(-12345), thousands(999)
    ('9 002', '453 000', '-12 345', '999')
    """
    if isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer)):
        raise TypeError(f"thousands() takes an integer, got {type(n).__name__}")
    return f"{int(n):,}".replace(",", " ")


def _cell(c, digits):
    if isinstance(c, (float, np.floating)):
        return f"{c:.{digits}f}"
    if isinstance(c, (int, np.integer)) and not isinstance(c, (bool, np.bool_)):
        return thousands(c)
    return str(c)


def markdown_table(headers, rows, *, digits=3):
    """A Markdown table from ``headers`` and ``rows``.

    Parameters
    ----------
    headers : sequence
        Column names (in the notebook's language).
    rows : iterable of sequences
        Each as long as ``headers``.  Floats are rounded to ``digits`` with a decimal point and integers have their
        thousands grouped with a space (the course's number convention, :func:`thousands`); other cells are shown
        with ``str``; ``|`` is escaped.
    digits : int
        ≥ 0.

    Returns
    -------
    MarkdownText
        A ``str`` (scripts get plain text) that renders as Markdown on the website, in Jupyter and on Colab.

    Raises
    ------
    TypeError
        ``digits`` not an integer, ``headers`` a string.
    ValueError
        A row of another length than ``headers``, a negative ``digits``.

    Examples
    --------
    >>> print(markdown_table(["k", "words", "overlap"], [[10, 9002, 0.2913]], digits=2).data)
    | k | words | overlap |
    |---|---|---|
    | 10 | 9 002 | 0.29 |
    """
    if isinstance(digits, (bool, np.bool_)) or not isinstance(digits, (int, np.integer)):
        raise TypeError(f"digits must be an integer, got {type(digits).__name__}")
    if digits < 0:
        raise ValueError(f"digits must be >= 0, got {digits}")
    if isinstance(headers, (str, bytes)):
        raise TypeError("headers must be a sequence of column names, not a string")
    headers = [str(h) for h in headers]
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    for row in rows:
        if len(row) != len(headers):
            raise ValueError(f"row has {len(row)} cells but there are {len(headers)} headers: {row!r}")
        cells = [_cell(c, digits) for c in row]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return MarkdownText("\n".join(lines))


def neighbors(kv, word, k=10):
    """The k nearest cosine neighbours of ``word`` in ``kv`` (gensim's ``most_similar``).

    Parameters
    ----------
    kv : gensim.models.KeyedVectors
    word : str
        A word of the vocabulary.
    k : int
        1 ≤ k ≤ len(kv) − 1.

    Returns
    -------
    list of str
        Most similar first, ``word`` itself excluded.

    Raises
    ------
    TypeError
        ``kv`` is not a ``KeyedVectors``; ``word`` is not a string.
    ValueError
        Unknown word, or k outside [1, len(kv) − 1].

    Examples
    --------
    >>> neighbors(kv, "king", k=5)   # doctest: +SKIP
    """
    keyed_vectors(kv, "kv", needs=("key_to_index", "most_similar"))
    if not isinstance(word, str):
        raise TypeError(f"word must be a string, got {type(word).__name__}")
    if word not in kv.key_to_index:
        raise ValueError(f"word {word!r} is not in the vocabulary")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 < k < len(kv):
        raise ValueError(f"k={k!r} must be an integer between 1 and {len(kv) - 1}")
    return [w for w, _ in kv.most_similar(word, topn=k)]
