"""What several checks of chapter 02 share: the shape of an answer, and the hint for a wrong one."""

from __future__ import annotations

import numpy as np

from .._core import hint


def _shape_hint(want, got):
    return hint(
        f"Cần một ma trận {want[0]}×{want[1]}; bạn trả về {got}.", f"Expected a {want[0]}×{want[1]} matrix; got {got}."
    )


def _shape_of(x):
    try:
        return np.shape(x)
    except Exception:
        return type(x).__name__
