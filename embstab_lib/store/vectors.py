"""Model files of the disk cache: word vectors, their counts and the context matrix in one ``.npz``."""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

import numpy as np

from . import CacheWarning, CorruptCacheFile, atomic_write, discard, try_atomic_write

__all__ = ["load_cached_vectors", "load_vectors", "make_keyed_vectors", "save_vectors", "try_save_vectors"]


def make_keyed_vectors(words, W, counts):
    """Word vectors as gensim ``KeyedVectors``, with their corpus counts.

    Parameters
    ----------
    words : sequence of str, length V
    W : ndarray, shape (V, d)
        Row i is the vector of ``words[i]`` (its dtype is kept).
    counts : array-like of int, length V
        Stored in ``kv.expandos["count"]`` (what ``word_counts`` reads).

    Returns
    -------
    gensim.models.KeyedVectors

    Examples
    --------
    >>> kv = make_keyed_vectors(["a", "b"], np.eye(2, dtype=np.float32), [3, 1])
    >>> kv.index_to_key, kv.expandos["count"].tolist()
    (['a', 'b'], [3, 1])
    """
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vector_size=W.shape[1], count=0, dtype=W.dtype)
    kv.add_vectors(list(words), W)
    kv.expandos["count"] = np.asarray(counts, dtype=np.int64)  # (gensim 4.4's add_vectors(extras=...) is broken)
    return kv


def save_vectors(path, kv, C=None):
    """Write word vectors ``kv``, their counts and context matrix ``C`` (or none) to ``path`` (``.npz``, atomically).

    Raises
    ------
    OSError
        When ``path`` cannot be written.
    """
    atomic_write(Path(path), _vectors_writer(kv, C))


def try_save_vectors(path, kv, C=None) -> bool:
    """:func:`save_vectors`, but an unwritable cache only warns (``CacheWarning``); return success."""
    return try_atomic_write(Path(path), _vectors_writer(kv, C))


def _vectors_writer(kv, C):
    arrays = dict(
        W=kv.vectors,
        words=np.array(kv.index_to_key, dtype=str),
        counts=np.asarray(kv.expandos["count"], dtype=np.int64),
    )
    if C is not None:
        arrays["C"] = C

    def write(tmp):
        with open(tmp, "wb") as fh:
            np.savez(fh, **arrays)

    return write


def load_vectors(path, *, vector_size=None, need_context=False):
    """Read what :func:`save_vectors` wrote: ``(kv, C)``, ``C`` None when none was saved.

    Parameters
    ----------
    path : path-like
    vector_size : int, optional
        The expected width of the vectors.
    need_context : bool
        Whether the file must hold a context matrix.

    Raises
    ------
    CorruptCacheFile
        (a ``ValueError``) when the file is truncated, empty, not an ``.npz``,
        lacks an array, or holds arrays of the wrong shape, type or content.
    FileNotFoundError, PermissionError
        When there is no such file or it may not be read.
    """
    try:
        with np.load(path, allow_pickle=False) as z:
            names = set(z.files)
            if not {"W", "words", "counts"} <= names:
                raise CorruptCacheFile(f"arrays {sorted(names)} instead of W, words, counts[, C]")
            W, words, counts = z["W"], z["words"], z["counts"]
            C = z["C"] if "C" in names else None
    except (FileNotFoundError, PermissionError):
        raise
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile) as exc:
        raise CorruptCacheFile(f"{type(exc).__name__}: {exc}") from None
    if W.ndim != 2 or W.dtype.kind != "f" or W.shape[0] == 0 or (vector_size and W.shape[1] != vector_size):
        raise CorruptCacheFile(f"W has shape {W.shape} and dtype {W.dtype}; expected (V, {vector_size or 'd'}) floats")
    if words.shape != (W.shape[0],) or words.dtype.kind != "U" or len(set(words.tolist())) != W.shape[0]:
        raise CorruptCacheFile(f"words has shape {words.shape}, expected {W.shape[0]} distinct strings")
    if counts.shape != (W.shape[0],) or counts.dtype.kind not in "iu" or (counts < 0).any():
        raise CorruptCacheFile(f"counts has shape {counts.shape} and dtype {counts.dtype}")
    if C is not None and C.shape != W.shape:
        raise CorruptCacheFile(f"C has shape {C.shape}, expected {W.shape}")
    if need_context and C is None:
        raise CorruptCacheFile("no context matrix C")
    if not np.isfinite(W).all() or (C is not None and not np.isfinite(C).all()):
        raise CorruptCacheFile("non-finite values")
    return make_keyed_vectors(words.tolist(), W, counts), C


def load_cached_vectors(path, **expect):
    """:func:`load_vectors`, or None when there is nothing usable at ``path``.

    A damaged file is reported (``CacheWarning`` naming it) and deleted, so
    that the caller rebuilds it; an unreadable one (permissions) is reported and left alone.

    Parameters
    ----------
    path : path-like
    **expect
        ``vector_size`` and ``need_context``, as for :func:`load_vectors`.

    Returns
    -------
    (KeyedVectors, ndarray or None) or None
    """
    path = Path(path)
    if not path.exists():
        return None
    try:
        return load_vectors(path, **expect)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        warnings.warn(
            f"cannot read the cache file {path} ({exc}); the result is recomputed", CacheWarning, stacklevel=2
        )
        return None
    except CorruptCacheFile as exc:
        discard(path, exc)
        return None
