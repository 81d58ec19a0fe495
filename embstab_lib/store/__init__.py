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
    raise ValueError(
        f"{where}={value!r} ({type(value).__name__}) cannot be part of a cache key: only None, "
        "numbers, strings, lists and dicts of them identify a result reproducibly"
    )


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
    """Delete the temporary files that killed writers left behind.

    Parameters
    ----------
    directory : path-like
        The folder to clean (a missing or unreadable folder is left alone).
    max_age : float
        Only ``.tmp-*`` files last modified more than ``max_age`` seconds ago
        are deleted: a younger one may belong to a writer still at work.

    Returns
    -------
    list of Path
        The files deleted.

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

    Readers never see a half-written file: the data goes to a temporary file
    (``.tmp-*``) in the same folder, which is renamed onto ``path`` at the end.
    Left-over temporary files of killed writers in that folder are cleaned first.

    Parameters
    ----------
    path : path-like
        The file to create or replace (its folder is created on demand).
    write : callable
        ``write(tmp_path)`` writes the whole content to ``tmp_path``.

    Raises
    ------
    OSError
        When the folder cannot be written; any exception of ``write``.  In
        both cases ``path`` is unchanged and the temporary file is removed.

    Examples
    --------
    >>> import shutil, tempfile
    >>> target = Path(tempfile.mkdtemp()) / "x.txt"
    >>> atomic_write(target, lambda tmp: tmp.write_text("done"))
    >>> target.read_text()
    'done'
    >>> shutil.rmtree(target.parent)
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
    """:func:`atomic_write`, except that an unwritable cache only warns.

    Returns
    -------
    bool
        Whether ``path`` was written.  On an ``OSError`` (read-only or full
        disk, a file where a folder should be …) a ``CacheWarning`` names
        ``path`` and the caller goes on with the result it computed.
    """
    try:
        atomic_write(path, write)
        return True
    except OSError as exc:
        warnings.warn(
            f"could not write the cache file {path} ({type(exc).__name__}: {exc}); "
            "the result is returned but not cached",
            CacheWarning,
            stacklevel=3,
        )
        return False


def discard(path: Path, reason) -> None:
    """Report a bad cache file (``CacheWarning`` naming ``path`` and ``reason``) and delete it, if allowed."""
    warnings.warn(f"cache file {path} is unreadable ({reason}); it is deleted and rebuilt", CacheWarning, stacklevel=3)
    try:
        Path(path).unlink()
    except OSError:
        pass


from .vectors import load_cached_vectors, load_vectors, make_keyed_vectors, save_vectors, try_save_vectors  # noqa: E402
