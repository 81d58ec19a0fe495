"""The disk cache: the library's only state.

Trained models and tokenised corpora are stored under ``$EMBSTAB_CACHE``
(default ``~/.cache/embstab``), keyed by a hash of everything that determines
them (corpus content, parameters, seed, gensim and NumPy versions and
:data:`CACHE_SCHEMA`), so that chapters and both languages share one training
run.  Every file is written atomically; a file that cannot be read back
(truncated, empty, garbage, wrong shape) is reported, deleted and rebuilt; a
cache that cannot be written still lets the caller compute its result.
"""
from __future__ import annotations

import hashlib
import json
import math
import os
import tempfile
import time
import warnings
import zipfile
from pathlib import Path

import numpy as np

#: Version of everything stored in the cache.  Bump it whenever a cached result would change (see CHANGELOG.md):
#: every key includes it, so older files are simply never read again.
CACHE_SCHEMA = 2
#: Temporary files (``.tmp-*``) older than this many seconds are left-overs of a killed writer and are deleted.
ORPHAN_AGE = 3600


class CacheWarning(UserWarning):
    """Something in the disk cache was wrong or could not be written; the result was computed anyway."""


class CorruptCacheFile(ValueError):
    """A cache file exists but does not hold what its name promises."""


def cache_dir() -> Path:
    """The cache directory: ``$EMBSTAB_CACHE`` if set and non-empty, else ``~/.cache/embstab``.

    It is created on demand; when it cannot be created (read-only location)
    the path is returned anyway and writers warn instead of failing.

    Returns
    -------
    pathlib.Path

    Examples
    --------
    >>> cache_dir().name != ""
    True
    """
    path = Path(os.environ.get("EMBSTAB_CACHE") or "~/.cache/embstab").expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        pass
    return path


def _canonical(value, where):
    """``value`` as plain JSON data, or ``ValueError`` when it cannot identify a result reproducibly."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (bool, np.bool_)):
        return int(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if not math.isfinite(value):
            raise ValueError(f"{where}={value!r}: a non-finite number cannot be part of a cache key")
        return value
    if isinstance(value, (list, tuple)):
        return [_canonical(v, f"{where}[{i}]") for i, v in enumerate(value)]
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            raise ValueError(f"{where}: cache key dictionaries need str keys")
        return {k: _canonical(v, f"{where}.{k}") for k, v in value.items()}
    raise ValueError(f"{where}={value!r} ({type(value).__name__}) cannot be part of a cache key: only None, "
                     "numbers, strings, lists and dicts of them identify a result reproducibly")


def cache_key(**parts) -> str:
    """A short stable hash of ``parts`` and :data:`CACHE_SCHEMA`.

    Parameters
    ----------
    **parts
        None, bools, numbers (NumPy scalars included), strings, and lists or
        str-keyed dicts of them.  ``True`` and ``1``, ``np.int64(8)`` and ``8``
        give the same key; the order of keyword arguments does not matter.

    Returns
    -------
    str
        24 hexadecimal digits.

    Raises
    ------
    ValueError
        For anything else (a callable, an object whose ``repr`` holds a
        memory address, NaN…): such a value cannot identify a result.

    Examples
    --------
    >>> cache_key(a=1, b="x") == cache_key(b="x", a=np.int64(1))
    True
    """
    blob = json.dumps({"schema": CACHE_SCHEMA, **_canonical(parts, "key")}, sort_keys=True, allow_nan=False)
    return hashlib.sha256(blob.encode()).hexdigest()[:24]


def clean_orphans(directory, max_age: float = ORPHAN_AGE) -> list:
    """Delete ``.tmp-*`` files older than ``max_age`` seconds in ``directory``; return the paths deleted.

    Examples
    --------
    >>> clean_orphans("/nonexistent-directory")
    []
    """
    directory, now, removed = Path(directory), time.time(), []
    try:
        candidates = list(directory.glob(".tmp-*"))
    except OSError:
        return removed
    for path in candidates:
        try:
            if now - path.stat().st_mtime > max_age:
                path.unlink()
                removed.append(path)
        except OSError:
            pass  # another process removed or renamed it, or we may not delete here
    return removed


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` and move the result into ``path`` only when it succeeded.

    Left-over temporary files of killed writers in the same folder are cleaned first.

    Raises
    ------
    OSError
        When the folder cannot be written (the temporary file is removed).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    clean_orphans(path.parent)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; cached files are plain data, readable by all
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def try_atomic_write(path: Path, write) -> bool:
    """:func:`atomic_write`, but an unwritable cache only warns (``CacheWarning`` naming ``path``); return success."""
    try:
        atomic_write(path, write)
        return True
    except OSError as exc:
        warnings.warn(f"could not write the cache file {path} ({type(exc).__name__}: {exc}); "
                      "the result is returned but not cached", CacheWarning, stacklevel=3)
        return False


def discard(path: Path, reason) -> None:
    """Warn (``CacheWarning`` naming ``path`` and ``reason``) and delete a bad cache file."""
    warnings.warn(f"cache file {path} is unreadable ({reason}); it is deleted and rebuilt", CacheWarning, stacklevel=3)
    try:
        Path(path).unlink()
    except OSError:
        pass


def make_keyed_vectors(words, W, counts):
    """gensim ``KeyedVectors`` holding ``W`` (rows = ``words``) with ``expandos["count"]`` = ``counts``."""
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vector_size=W.shape[1], count=0, dtype=W.dtype)
    kv.add_vectors(list(words), W)
    kv.expandos["count"] = np.asarray(counts, dtype=np.int64)  # (gensim 4.4's add_vectors(extras=...) is broken)
    return kv


def save_vectors(path, kv, C=None):
    """Write word vectors ``kv`` (with their counts) and context matrix ``C`` (or none) to ``path`` (``.npz``, atomically).

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
    arrays = dict(W=kv.vectors, words=np.array(kv.index_to_key, dtype=str),
                  counts=np.asarray(kv.expandos["count"], dtype=np.int64))
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
    """:func:`load_vectors`, or None when the file is missing or bad (a bad file is reported and deleted)."""
    path = Path(path)
    if not path.exists():
        return None
    try:
        return load_vectors(path, **expect)
    except FileNotFoundError:
        return None
    except PermissionError as exc:
        warnings.warn(f"cannot read the cache file {path} ({exc}); the result is recomputed", CacheWarning, stacklevel=2)
        return None
    except CorruptCacheFile as exc:
        discard(path, exc)
        return None
