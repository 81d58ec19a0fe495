"""Checks of the exercises of chapter 02 (rotational invariance).

One module per exercise, named after its check (``ch02_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from .distances import ch02_distances
from .neighbour_changing_map import ch02_neighbour_changing_map
from .predict_reflections import OPTIONS_2_5, ch02_predict_reflections
from .recover_map import ch02_recover_map
from .reflection import ch02_reflection

__all__ = [
    "ch02_reflection",
    "ch02_distances",
    "ch02_recover_map",
    "ch02_neighbour_changing_map",
    "ch02_predict_reflections",
]
