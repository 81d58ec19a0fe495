"""Checks of the exercises of chapter 08 (dimension and data size).

One module per exercise, named after its check (``ch08_name`` is in ``name.py``), and ``_shared`` for what several
exercises share.
"""

from .interval_from_records import ch08_interval_from_records
from .pip_best import ch08_pip_best
from .predict_two_corpora import ch08_predict_two_corpora

__all__ = [
    "ch08_pip_best",
    "ch08_interval_from_records",
    "ch08_predict_two_corpora",
]
