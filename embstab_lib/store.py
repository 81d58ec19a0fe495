"""The disk cache: the library's only state.

Trained models and tokenised corpora are stored under ``$EMBSTAB_CACHE``
(default ``~/.cache/embstab``), keyed by a hash of everything that determines
them (corpus content, parameters, seed, library and gensim versions), so that
chapters and both languages share one training run.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path

import numpy as np


def cache_dir() -> Path:
    """The cache directory (created on demand)."""
    path = Path(os.environ.get("EMBSTAB_CACHE", "~/.cache/embstab")).expanduser()
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_key(**parts) -> str:
    """A short stable hash of JSON-serialisable ``parts``.

    >>> cache_key(a=1, b="x") == cache_key(b="x", a=1)
    True
    """
    blob = json.dumps(parts, sort_keys=True, default=str).encode()
    return hashlib.sha256(blob).hexdigest()[:24]


def atomic_write(path: Path, write) -> None:
    """Call ``write(tmp_path)`` and move the result into ``path`` only when it succeeded."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    os.close(fd)
    try:
        write(Path(tmp))
        os.chmod(tmp, 0o644)  # mkstemp creates 0600; cached models are plain data, readable by all
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.remove(tmp)


def save_vectors(path, kv, C):
    """Write word vectors ``kv`` (with their counts) and context matrix ``C`` to ``path`` (``.npz``, atomically)."""
    counts = np.asarray(kv.expandos["count"], dtype=np.int64)

    def write(tmp):
        with open(tmp, "wb") as fh:
            np.savez(fh, W=kv.vectors, C=C, words=np.array(kv.index_to_key, dtype=str), counts=counts)

    atomic_write(path, write)


def load_vectors(path):
    """Read what :func:`save_vectors` wrote: ``(kv, C)``."""
    from gensim.models import KeyedVectors

    with np.load(path, allow_pickle=False) as z:
        W, C, words, counts = z["W"], z["C"], z["words"].tolist(), z["counts"]
    kv = KeyedVectors(vector_size=W.shape[1], count=0, dtype=W.dtype)
    kv.add_vectors(words, W)
    kv.expandos["count"] = counts  # (gensim 4.4's add_vectors(extras=...) is broken)
    return kv, C
