"""Checks of the exercises of chapter 07 (consensus neighbours, subspaces, bootstrap samples of the corpus).

One module per exercise, named after its check (``ch07_name`` is in ``name.py``).
"""

from .bootstrap import ch07_bootstrap
from .bootstrap_small import ch07_bootstrap_small
from .consensus import ch07_consensus
from .subspace import ch07_subspace

__all__ = [
    "ch07_consensus",
    "ch07_subspace",
    "ch07_bootstrap",
    "ch07_bootstrap_small",
]
