"""Input validation shared by the library: every failure is a ValueError naming the problem."""
from __future__ import annotations

import numpy as np


def as_real_array(X, name: str = "X") -> np.ndarray:
    """``X`` as a float64 array; ``TypeError`` for complex or non-numeric data (never a silent cast)."""
    if isinstance(X, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got a string")
    try:
        raw = np.asarray(X)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric array: {exc}") from None
    if raw.dtype.kind == "c":
        raise TypeError(f"{name} must be real, got complex values (dtype {raw.dtype})")
    if raw.dtype.kind in "USO" and raw.size and any(isinstance(x, complex) for x in raw.ravel()):
        raise TypeError(f"{name} must be real, got complex values")
    if raw.dtype.kind == "b":
        raise TypeError(f"{name} must be numeric, got booleans")
    try:
        return np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be numbers: {exc}") from None


def as_matrix(X, name: str = "X", *, min_rows: int = 1) -> np.ndarray:
    """Return ``X`` as a finite 2-D float64 array, or raise ``ValueError`` (``TypeError`` for complex data)."""
    X = as_real_array(X, name)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows = words), got shape {X.shape}")
    if X.shape[0] < min_rows or X.shape[1] < 1:
        raise ValueError(f"{name} must have at least {min_rows} row(s) and 1 column, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        bad = int(np.count_nonzero(~np.isfinite(X)))
        raise ValueError(f"{name} contains {bad} NaN/inf value(s)")
    return X


def as_pair(A, B, names=("A", "B"), *, min_rows: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Validate two matrices of identical shape (row i of A and of B = the same word)."""
    A = as_matrix(A, names[0], min_rows=min_rows)
    B = as_matrix(B, names[1], min_rows=min_rows)
    if A.shape != B.shape:
        raise ValueError(f"shape mismatch: {names[0]} is {A.shape} but {names[1]} is {B.shape}")
    return A, B


def same_rows(A, B, names=("A", "B"), *, min_rows: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Validate two matrices with the same number of rows (their widths may differ)."""
    A = as_matrix(A, names[0], min_rows=min_rows)
    B = as_matrix(B, names[1], min_rows=min_rows)
    if A.shape[0] != B.shape[0]:
        raise ValueError(
            f"row count mismatch: {names[0]} has {A.shape[0]} rows but {names[1]} has {B.shape[0]}"
        )
    return A, B


def row_norms(X: np.ndarray, name: str = "X") -> np.ndarray:
    """Euclidean norm of every row; raise if a row is zero (its cosine is undefined)."""
    norms = np.linalg.norm(X, axis=1)
    zero = np.flatnonzero(norms == 0)
    if zero.size:
        raise ValueError(
            f"{name} has {zero.size} zero row(s) (e.g. row {zero[0]}); cosine is undefined for a zero vector"
        )
    return norms


def unit_rows(X: np.ndarray, name: str = "X") -> np.ndarray:
    """Rows scaled to unit length (raises on zero rows)."""
    return X / row_norms(X, name)[:, None]


def positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)
