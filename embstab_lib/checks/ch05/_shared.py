"""What several checks of chapter 05 share: how far a number typed by hand may be rounded."""

from __future__ import annotations

#: A number typed by hand may be rounded to 3 decimals.
ROUNDING = 5e-4 + 1e-12
