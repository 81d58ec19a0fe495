"""Checks of the exercises of chapter 01 (random initialization, sources of randomness).

One module per exercise, named after its check (``ch01_name`` is in ``name.py``).
"""

from .cross_run_cosine import ch01_cross_run_cosine
from .init_std import ch01_init_std
from .leave_one_seed_out import ch01_leave_one_seed_out
from .predict_start import OPTIONS_1_5, ch01_predict_start
from .reproducible import ch01_reproducible

__all__ = [
    "ch01_cross_run_cosine",
    "ch01_init_std",
    "ch01_leave_one_seed_out",
    "ch01_predict_start",
    "ch01_reproducible",
]
