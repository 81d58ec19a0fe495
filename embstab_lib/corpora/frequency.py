"""Word frequencies and the frequency bands the course reports results by."""
from __future__ import annotations

import numpy as np


def word_counts(kv, words=None) -> np.ndarray:
    """Training-corpus count of each word of ``kv`` (or of ``words``), as an int array.

    Raises ``ValueError`` naming the words that ``kv`` does not contain.
    """
    counts = np.asarray(kv.expandos["count"], dtype=np.int64)
    if words is None:
        return counts.copy()
    missing = [w for w in words if w not in kv.key_to_index]
    if missing:
        raise ValueError(f"{len(missing)} word(s) not in the vocabulary: {missing[:5]}")
    return counts[[kv.key_to_index[w] for w in words]]


#: Frequency bands used across the course (count ranges, lower bound inclusive).
BAND_EDGES = (5, 10, 50, 200, np.inf)


def frequency_bands(counts, edges=BAND_EDGES) -> tuple[np.ndarray, list[str]]:
    """Assign each count to a band ``[edges[i], edges[i+1])``.

    Returns ``(band_index, labels)``; a count below ``edges[0]`` raises ``ValueError``.

    >>> frequency_bands([5, 12, 300])[0]
    array([0, 1, 3])
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(f"counts must be a non-empty 1-D array, got shape {counts.shape}")
    edges = np.asarray(edges, dtype=float)
    if np.any(np.diff(edges) <= 0):
        raise ValueError("edges must be strictly increasing")
    if counts.min() < edges[0] or counts.max() >= edges[-1]:
        raise ValueError(f"counts must lie in [{edges[0]:g}, {edges[-1]:g}), got {counts.min()}..{counts.max()}")
    idx = np.searchsorted(edges, counts, side="right") - 1
    labels = [
        f"{int(lo)}–{int(hi) - 1}" if np.isfinite(hi) else f"≥{int(lo)}"
        for lo, hi in zip(edges[:-1], edges[1:])
    ]
    return idx, labels
