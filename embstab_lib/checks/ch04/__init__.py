"""Checks of the exercises of chapter 04.

One module per exercise, named after its check (``ch04_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from .best_rotation import ch04_best_rotation
from .heldout_residual import ch04_heldout_residual
from .noise_gain import ch04_noise_gain
from .scaled_from_orthogonal import ch04_scaled_from_orthogonal
from .shuffled_residual import ch04_shuffled_residual

__all__ = [
    "ch04_best_rotation",
    "ch04_scaled_from_orthogonal",
    "ch04_shuffled_residual",
    "ch04_heldout_residual",
    "ch04_noise_gain",
]
