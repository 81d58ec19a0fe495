"""Checks of the exercises of chapter 06 (the skip-gram objective and its symmetries).

One module per exercise, named after its check (``ch06_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from .neighbour_changing_symmetry import ch06_neighbour_changing_symmetry
from .predict_optimizers import OPTIMIZERS_6_4, OPTIONS_6_4, ch06_predict_optimizers
from .rotation_in_a_plane import ch06_rotation_in_a_plane
from .skipgram_loss import ch06_skipgram_loss

__all__ = [
    "ch06_skipgram_loss",
    "ch06_rotation_in_a_plane",
    "ch06_neighbour_changing_symmetry",
    "ch06_predict_optimizers",
]
