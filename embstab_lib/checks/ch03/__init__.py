"""Checks of the exercises of chapter 03 (direct comparison with the Frobenius norm).

One module per exercise, named after its check (``ch03_name`` is in ``name.py``).
"""

from .best_scale import ch03_best_scale
from .pip_loss import ch03_pip_loss
from .predict_pip_d10 import OPTIONS_3_5, ch03_predict_pip_d10
from .relative_frobenius import SQRT2, ch03_relative_frobenius
from .scale_exponents import ch03_scale_exponents

__all__ = [
    "ch03_relative_frobenius",
    "ch03_best_scale",
    "ch03_pip_loss",
    "ch03_scale_exponents",
    "ch03_predict_pip_d10",
]
