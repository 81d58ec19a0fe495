"""What several checks of chapter 06 share: the shape of an answer."""

from __future__ import annotations

import numpy as np


def _shape_of(x):
    try:
        return np.shape(x)
    except Exception:
        return type(x).__name__
