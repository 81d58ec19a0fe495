"""Checks of the exercises of chapter 05 (mean cosine and neighbours).

One module per exercise, named after its check (``ch05_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from ._shared import ROUNDING
from .aligned_mean_cosine import EXACT_5_3, ch05_aligned_mean_cosine
from .knn_overlap_word import ch05_knn_overlap_word
from .linear_cka import ch05_linear_cka
from .predict_first_neighbor import ch05_predict_first_neighbor

__all__ = [
    "ch05_knn_overlap_word",
    "ch05_predict_first_neighbor",
    "ch05_aligned_mean_cosine",
    "ch05_linear_cka",
]
