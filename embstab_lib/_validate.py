"""Input validation and overflow-safe helpers shared by the library.

Every failure names the argument: ``TypeError`` for a value of the wrong kind (complex, boolean, string, ``None``,
not a ``KeyedVectors``), ``ValueError`` for a value of the right kind that cannot be used (wrong shape, NaN/inf,
zero rows, out of range).  The numeric helpers scale by powers of two, which is exact in floating point: results
are bit-identical to the unscaled formulas whenever those do not overflow or underflow.
"""

from __future__ import annotations

import numbers

import numpy as np


def as_real_array(X, name: str = "X") -> np.ndarray:
    """``X`` as a float64 array; ``TypeError`` for complex, boolean or non-numeric data (never a silent cast).

    >>> as_real_array([1, 2]).dtype
    dtype('float64')
    >>> as_real_array([1j], "A")
    Traceback (most recent call last):
    ...
    TypeError: A must be real, got complex values (dtype complex128)
    """
    if X is None:
        raise TypeError(f"{name} must be an array of numbers, got None")
    if hasattr(X, "index_to_key") and hasattr(X, "vectors"):
        raise TypeError(
            f"{name} is a gensim KeyedVectors: measures take row-aligned matrices — words, A, B = "
            "es.shared_matrices(kv_a, kv_b) — or use es.assess([kv_a, kv_b, ...]), which aligns the runs itself"
        )
    if isinstance(X, (str, bytes)):
        raise TypeError(f"{name} must be numeric, got a string")
    try:
        raw = np.asarray(X)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"{name} must be a numeric array: {exc}") from None
    kind = raw.dtype.kind
    if kind == "c":
        raise TypeError(f"{name} must be real, got complex values (dtype {raw.dtype})")
    if kind == "b":
        raise TypeError(f"{name} must be numeric, got booleans")
    if kind in "USV":
        raise TypeError(f"{name} must be numeric, got dtype {raw.dtype}")
    if kind in "mM":
        raise TypeError(f"{name} must be plain numbers, got dates/times (dtype {raw.dtype})")
    if kind == "O":
        for x in raw.ravel():
            if isinstance(x, (bool, np.bool_)):
                raise TypeError(f"{name} must be numeric, got booleans")
            if isinstance(x, (complex, np.complexfloating)):
                raise TypeError(f"{name} must be real, got complex values")
            if not isinstance(x, numbers.Real):
                raise TypeError(f"{name} must contain only numbers, got a {type(x).__name__}")
    try:
        with np.errstate(over="ignore"):  # a longdouble beyond float64 becomes inf: as_matrix reports it
            return np.asarray(raw, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise ValueError(f"{name} must be numbers: {exc}") from None


def as_matrix(X, name: str = "X", *, min_rows: int = 1) -> np.ndarray:
    """Return ``X`` as a finite 2-D float64 array, or raise ``ValueError`` (``TypeError`` for non-real data)."""
    X = as_real_array(X, name)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array (rows = words), got shape {X.shape}")
    if X.shape[0] < min_rows or X.shape[1] < 1:
        raise ValueError(f"{name} must have at least {min_rows} row(s) and 1 column, got shape {X.shape}")
    if not np.all(np.isfinite(X)):
        bad = int(np.count_nonzero(~np.isfinite(X)))
        raise ValueError(f"{name} contains {bad} NaN/inf value(s)")
    return X


def as_pair(A, B, names=("A", "B"), *, min_rows: int = 1, width_hint: str = "") -> tuple[np.ndarray, np.ndarray]:
    """Validate two matrices of identical shape (row i of A and of B = the same word).

    ``width_hint`` is appended to the error when only the widths differ (e.g. where runs of different widths can
    be compared instead).
    """
    A = as_matrix(A, names[0], min_rows=min_rows)
    B = as_matrix(B, names[1], min_rows=min_rows)
    if A.shape != B.shape:
        hint = width_hint if A.shape[0] == B.shape[0] else ""
        raise ValueError(f"shape mismatch: {names[0]} is {A.shape} but {names[1]} is {B.shape}{hint}")
    return A, B


def same_rows(A, B, names=("A", "B"), *, min_rows: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Validate two matrices with the same number of rows (their widths may differ)."""
    A = as_matrix(A, names[0], min_rows=min_rows)
    B = as_matrix(B, names[1], min_rows=min_rows)
    if A.shape[0] != B.shape[0]:
        raise ValueError(f"row count mismatch: {names[0]} has {A.shape[0]} rows but {names[1]} has {B.shape[0]}")
    return A, B


def pow2_scale(*arrays) -> float:
    """A power of two s with max |x| / s in [1, 2) over all ``arrays`` (1.0 when they are all zero).

    Dividing by s is exact, so a formula evaluated on X / s and rescaled gives the same bits as on X,
    without overflowing (1e200²) or underflowing (1e-200²) in between.

    >>> pow2_scale(np.array([3.0, -5.0]))
    4.0
    >>> pow2_scale(np.array([1.7e308])) < np.inf
    True
    """
    m = max((float(np.max(np.abs(a))) if np.size(a) else 0.0) for a in arrays)
    if m == 0 or not np.isfinite(m):
        return 1.0
    return float(np.ldexp(1.0, int(np.frexp(m)[1]) - 1))


def norm(X) -> float:
    """Frobenius (or Euclidean) norm that neither overflows nor underflows in the squares.

    >>> norm(np.array([3e200, 4e200])) / 1e200
    5.0
    """
    s = pow2_scale(X)
    return float(s * np.linalg.norm(X / s))


def _row_scales(X: np.ndarray, name: str) -> np.ndarray:
    m = np.max(np.abs(X), axis=1)
    zero = np.flatnonzero(m == 0)
    if zero.size:
        raise ValueError(
            f"{name} has {zero.size} zero row(s) (e.g. row {zero[0]}); cosine is undefined for a zero vector"
        )
    return np.ldexp(1.0, np.frexp(m)[1] - 1)


def row_norms(X: np.ndarray, name: str = "X") -> np.ndarray:
    """Euclidean norm of every row, scaled before squaring; raise if a row is zero (its cosine is undefined)."""
    s = _row_scales(X, name)
    return s * np.linalg.norm(X / s[:, None], axis=1)


def unit_rows(X: np.ndarray, name: str = "X") -> np.ndarray:
    """Rows scaled to unit length (raises on zero rows; exact for rows of any magnitude, 1e-300 to 1e300)."""
    Y = X / _row_scales(X, name)[:, None]
    return Y / np.linalg.norm(Y, axis=1)[:, None]


def positive_int(value, name: str) -> int:
    """``value`` as a Python int ≥ 1 (booleans and floats are refused)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def real_number(value, name: str) -> float:
    """A finite real scalar as a float (``TypeError`` for booleans, strings, complex, arrays)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (numbers.Real, np.floating, np.integer)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not np.isfinite(value):
        raise ValueError(f"{name} must be finite, got {value}")
    return value


def flag(value, name: str) -> bool:
    """A boolean option (``True``/``False``); a string such as ``"no"`` would otherwise be silently true."""
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return bool(value)


def make_rng(seed, name: str = "seed") -> np.random.Generator:
    """``np.random.default_rng(seed)`` for ``None`` or a non-negative integer, else an error naming ``name``."""
    if seed is not None and (isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer))):
        raise TypeError(f"{name} must be None or a non-negative integer, got {type(seed).__name__}")
    if seed is not None and seed < 0:
        raise ValueError(f"{name} must be a non-negative integer, got {seed}")
    return np.random.default_rng(seed)


def finite(value, what: str):
    """Return ``value`` if every entry is finite, else raise ``ValueError`` saying what overflowed."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{what} is not finite in float64 (overflow): rescale the inputs")
    return value


def keyed_vectors(kv, name: str = "kv", *, needs=("index_to_key", "key_to_index", "vectors")):
    """``kv`` if it has the ``KeyedVectors`` attributes in ``needs``, else a ``TypeError`` naming the type."""
    missing = [a for a in needs if not hasattr(kv, a)]
    if missing:
        raise TypeError(f"{name} must be gensim KeyedVectors, got {type(kv).__name__} (no {', '.join(missing)})")
    return kv
