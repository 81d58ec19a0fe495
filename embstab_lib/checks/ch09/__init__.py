"""Checks of the exercises of chapter 09 (embeddings in a Transformer).  None of them needs JAX.

One module per exercise, named after its check (``ch09_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from .head_symmetry import ch09_head_symmetry
from .positions import ch09_positions
from .predict_frequency import BAND_9_4, K_9_4, OPTIONS_9_4, ch09_predict_frequency, frequency_overlaps
from .rope import ch09_rope

__all__ = [
    "ch09_positions",
    "ch09_rope",
    "ch09_head_symmetry",
    "ch09_predict_frequency",
]
