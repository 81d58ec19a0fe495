"""What several checks of chapter 08 share: reading an ``Interval`` given as an answer."""

from __future__ import annotations

from .._core import number


def _interval_parts(ans):
    """(mean, low, high) of an Interval-like answer, or None."""
    if not all(hasattr(ans, a) for a in ("mean", "low", "high")):
        return None
    parts = tuple(number(getattr(ans, a)) for a in ("mean", "low", "high"))
    return None if None in parts else parts
