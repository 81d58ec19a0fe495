"""Small Markdown tables that render the same on the website, in Jupyter and on Colab."""

from __future__ import annotations

import numpy as np

from .._validate import keyed_vectors


def markdown_table(headers, rows, *, digits=3):
    """A Markdown table (as an ``IPython.display.Markdown`` object) from ``headers`` and ``rows``.

    Floats are rounded to ``digits``; other cells are shown with ``str``.  Raises ``ValueError`` for a row whose
    length differs from the headers' or a negative ``digits``, ``TypeError`` for a non-integer ``digits``.
    """
    from IPython.display import Markdown

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
        cells = [f"{c:.{digits}f}" if isinstance(c, (float, np.floating)) else str(c) for c in row]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return Markdown("\n".join(lines))


def neighbors(kv, word, k=10):
    """The k nearest cosine neighbours of ``word`` in ``kv`` (a list of words, most similar first).

    Raises ``TypeError`` if ``kv`` is not a ``KeyedVectors`` or ``word`` not a string, ``ValueError`` for an unknown
    word or a k outside [1, len(kv) − 1].
    """
    keyed_vectors(kv, "kv", needs=("key_to_index", "most_similar"))
    if not isinstance(word, str):
        raise TypeError(f"word must be a string, got {type(word).__name__}")
    if word not in kv.key_to_index:
        raise ValueError(f"word {word!r} is not in the vocabulary")
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 0 < k < len(kv):
        raise ValueError(f"k={k!r} must be an integer between 1 and {len(kv) - 1}")
    return [w for w, _ in kv.most_similar(word, topn=k)]
