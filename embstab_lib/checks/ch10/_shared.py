"""What several checks of chapter 10 share: reading the letter of an option."""

from __future__ import annotations


def _letter(x, allowed=("a", "b", "c")):
    """The option letter in ``x`` ("b", " (B) " → "b") if it is one of ``allowed``, else None."""
    if isinstance(x, str) and x.strip().lower().strip("()") in allowed:
        return x.strip().lower().strip("()")
    return None
