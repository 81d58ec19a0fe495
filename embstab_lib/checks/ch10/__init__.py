"""Checks of the exercises of chapter 10 (discussion, conclusion and a practical checklist).

One module per exercise, named after its check (``ch10_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from .planted_case import ch10_planted_case
from .planted_runs import ch10_planted_runs
from .predict_three_seeds import ch10_predict_three_seeds
from .read_assessment import ch10_read_assessment

__all__ = [
    "ch10_read_assessment",
    "ch10_planted_runs",
    "ch10_planted_case",
    "ch10_predict_three_seeds",
]
