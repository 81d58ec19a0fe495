"""Load one embeddings file as ``KeyedVectors``, or several runs restricted to their shared vocabulary."""

from __future__ import annotations

import pickle
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .._progress import progress_bar
from .._validate import positive_int
from .counts import resolve_counts
from .formats import FORMATS, EmbeddingFileError, detect_format, read_binary, read_text

__all__ = ["load_embeddings", "load_runs", "Runs"]

_ALIASES = {
    "word2vec-text": "word2vec",
    "vec": "word2vec",
    "fasttext": "word2vec",
    "w2v": "word2vec",
    "bin": "word2vec-binary",
    "binary": "word2vec-binary",
}


def _keyed_vectors(words, W):
    from gensim.models import KeyedVectors

    kv = KeyedVectors(vector_size=W.shape[1], count=0, dtype=W.dtype)
    kv.add_vectors(list(words), W)
    return kv


#: What unpickling a truncated, corrupt or foreign file raises (a pickle of another object lacks gensim's methods:
#: AttributeError; a class that no longer exists: ImportError); an OSError only without an errno (a corrupt ``.gz``).
_UNPICKLING_ERRORS = (
    pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError, TypeError, ValueError,
    OverflowError, zlib.error, OSError,
)  # fmt: skip


def _load_gensim(path):
    """gensim's native file (``KeyedVectors.save``, ``Word2Vec.save``): its ``KeyedVectors``, or an error naming it."""
    from gensim.models import KeyedVectors
    from gensim.utils import SaveLoad

    try:
        obj = SaveLoad.load(str(path))
    except _UNPICKLING_ERRORS as exc:
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # a file that cannot be read (e.g. a missing .npy saved next to it): its own message names it
        raise EmbeddingFileError(
            path, f"not a readable gensim KeyedVectors file (truncated, corrupt or another kind of pickle?): {exc}"
        ) from exc
    kv = getattr(obj, "wv", obj)
    if not isinstance(kv, KeyedVectors):
        raise EmbeddingFileError(path, f"gensim's native file holds a {type(obj).__name__}, not word vectors")
    return kv


def load_embeddings(path, *, fmt=None, limit=None, counts=None):
    """Read word vectors from a file: word2vec text or binary, GloVe, fastText ``.vec``, gensim's native format.

    Parameters
    ----------
    path : str or Path
        The file; gzip- or bzip2-compressed content is recognised by its first bytes (``.gz`` files work).
    fmt : {None, "word2vec", "word2vec-binary", "glove", "fasttext", "gensim"}
        None detects the format from the content (:func:`~embstab_lib.io.formats.detect_format`); ``"fasttext"``
        is word2vec text (a ``.vec`` file).  ``"gensim"`` (``KeyedVectors.save`` / ``Word2Vec.save``) is only
        read when asked for: it unpickles, which runs code from the file.
    limit : int, optional
        Read only the first ``limit`` vectors (files are usually sorted by frequency).
    counts : str, Path, dict, corpus or array_like, optional
        Corpus counts of the words (see :func:`~embstab_lib.io.counts.resolve_counts`): a ``word<TAB>count``
        file, gensim's ``fvocab`` file, a dict, the training corpus.  Without them the vectors carry **no**
        counts and every frequency-dependent function says so — never gensim's rank placeholders.

    Returns
    -------
    gensim.models.KeyedVectors
        float32 vectors in the file's order; ``kv.expandos["count"]`` only when ``counts`` is given (or a gensim
        file holds real counts); ``kv.embstab_source`` = ``{"path": ..., "format": ...}``.

    Raises
    ------
    EmbeddingFileError
        (a ``ValueError``) naming the file and the line: empty or truncated file, a row of the wrong width, a
        value that is not a number or not finite, a word listed twice, a header that disagrees with the content,
        binary content that is not word2vec's, a pickle without ``fmt="gensim"``, a compressed file that ends early
        or is corrupt (truncated download), a ``fmt="gensim"`` file that does not unpickle as word vectors.
    ValueError, TypeError
        Unknown ``fmt``, bad ``limit``, unusable ``counts`` (naming the words without a count).
    FileNotFoundError, OSError
        The file cannot be opened.

    Examples
    --------
    >>> kv = load_embeddings("vectors.txt.gz", counts="vocab.tsv")   # doctest: +SKIP
    """
    if not isinstance(path, (str, Path)):
        raise TypeError(f"path must be a file path (str or Path), got {type(path).__name__}")
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(2, "no such file", str(path))
    limit = None if limit is None else positive_int(limit, "limit")
    if fmt is not None:
        if not isinstance(fmt, str) or _ALIASES.get(fmt, fmt) not in FORMATS:
            raise ValueError(f"fmt must be one of {FORMATS} or None (detect), got {fmt!r}")
        fmt = _ALIASES.get(fmt, fmt)
    fmt = fmt or detect_format(path)
    if fmt == "gensim":
        kv = _load_gensim(path)
        if limit is not None and limit < len(kv):
            kv = _keyed_vectors(kv.index_to_key[:limit], np.asarray(kv.vectors[:limit]))
        if counts is None and "count" in kv.expandos:
            from ..corpora.frequency import is_rank_placeholder

            if is_rank_placeholder(kv.expandos["count"]):
                del kv.expandos["count"]
    else:
        if fmt == "word2vec-binary":
            words, W, where = read_binary(path, limit=limit)
            unit = "vectors"
        else:
            words, W, where = read_text(path, header=(fmt == "word2vec"), limit=limit)
            unit = "lines"
        seen = {}
        for w, pos in zip(words, where):
            if w in seen:
                raise EmbeddingFileError(
                    path,
                    f"the word {w!r} appears twice ({unit} {seen[w]} and {pos})",
                    line=int(pos) if unit == "lines" else None,
                )
            seen[w] = pos
        kv = _keyed_vectors(words, W)
    if counts is not None:
        kv.expandos["count"] = resolve_counts(counts, list(kv.index_to_key))
    kv.embstab_source = {"path": str(path), "format": fmt}
    return kv


@dataclass
class Runs:
    """Several runs restricted to their shared vocabulary.

    names : list of str, one per run (in the order given)
    words : list of str, the shared words, in the first run's order (most frequent first in usual files)
    matrices : list of ndarray, run i's vectors of ``words`` (float32, shape (V, d_i); widths may differ)
    counts : ndarray of int64 (V,) or None, corpus counts of ``words``
    sources : list of str, the file of every run (or ``"<KeyedVectors>"``)
    vocab_sizes : list of int, every run's vocabulary before the restriction
    """

    names: list
    words: list
    matrices: list
    counts: np.ndarray | None = None
    sources: list = field(default_factory=list)
    vocab_sizes: list = field(default_factory=list)

    def __len__(self):
        return len(self.matrices)

    @property
    def dims(self) -> list:
        """The width d of every run."""
        return [M.shape[1] for M in self.matrices]


def top_words(n_words, counts, top_n) -> np.ndarray:
    """Indices of the ``top_n`` most frequent words: by decreasing ``counts`` (stable), else the first ``top_n``."""
    top_n = positive_int(top_n, "top_n")
    if top_n > n_words:
        raise ValueError(f"top_n={top_n} is larger than the {n_words} shared words")
    if counts is None:
        return np.arange(top_n)
    return np.argsort(-np.asarray(counts), kind="stable")[:top_n]


def _kv_counts(kv):
    from ..corpora.frequency import is_rank_placeholder

    c = kv.expandos.get("count") if hasattr(kv, "expandos") else None
    if c is None or is_rank_placeholder(c):
        return None
    return np.asarray(c, dtype=np.int64)


def load_runs(runs, *, fmt=None, counts=None, limit=None, top_n=None, names=None, progress=False) -> Runs:
    """Load N runs (files or ``KeyedVectors``) and restrict them to the words they all share.

    Parameters
    ----------
    runs : sequence of (str, Path or KeyedVectors)
        At least one run.  Files are read with :func:`load_embeddings` (each format detected on its own).
    fmt : str or sequence of str, optional
        One format for all files, or one per run.
    counts : optional
        Corpus counts of the shared words (as in :func:`load_embeddings`); default: the counts carried by the
        first run, if they are real (never rank placeholders), else none.
    limit : int, optional
        Read only the first ``limit`` vectors of every file.
    top_n : int, optional
        Keep the ``top_n`` most frequent shared words: by ``counts`` when known, else in the first run's order.
    names : sequence of str, optional
        A label per run; default the file names (``run1``, ``run2``, ... for ``KeyedVectors``).
    progress : bool
        Show a progress bar (tqdm) over the files.

    Returns
    -------
    Runs
        ``words`` in the first run's order (or by decreasing count with ``top_n`` and counts), the runs in the
        order given.

    Raises
    ------
    ValueError, TypeError
        No run; a run that is neither a path nor ``KeyedVectors``; a ``fmt`` list of another length; repeated
        ``names``; fewer than 3 shared words; errors of :func:`load_embeddings` (naming the file).
    """

    if isinstance(runs, (str, Path)) or not hasattr(runs, "__iter__"):
        raise TypeError("runs must be a sequence of files or KeyedVectors (a list, even for one run)")
    runs = list(runs)
    if not runs:
        raise ValueError("runs is empty: give at least one file or KeyedVectors")
    fmts = list(fmt) if isinstance(fmt, (list, tuple)) else [fmt] * len(runs)
    if len(fmts) != len(runs):
        raise ValueError(f"fmt lists {len(fmts)} formats for {len(runs)} runs")
    kvs, sources = [], []
    for r, f in zip(progress_bar(runs, desc="loading runs", enabled=progress, unit="file", leave=False), fmts):
        if isinstance(r, (str, Path)):
            kvs.append(load_embeddings(r, fmt=f, limit=limit))
            sources.append(str(r))
        elif hasattr(r, "index_to_key") and hasattr(r, "vectors"):
            kvs.append(r)
            sources.append("<KeyedVectors>")
        else:
            raise TypeError(f"run {len(kvs) + 1} must be a file path or KeyedVectors, got {type(r).__name__}")
    if names is None:
        names = [Path(s).name if s != "<KeyedVectors>" else f"run{i + 1}" for i, s in enumerate(sources)]
        if len(set(names)) < len(names):
            names = [f"{i + 1}:{n}" for i, n in enumerate(names)]
    names = [str(n) for n in names]
    if len(names) != len(runs) or len(set(names)) < len(names):
        raise ValueError(f"names must be {len(runs)} distinct labels, got {names!r}")
    shared = set(kvs[0].key_to_index)
    for kv in kvs[1:]:
        shared &= kv.key_to_index.keys()
    words = [w for w in kvs[0].index_to_key if w in shared]
    if len(words) < 3:
        raise ValueError(f"the runs share only {len(words)} word(s): are they embeddings of the same corpus?")
    if counts is not None:
        word_counts = resolve_counts(counts, words)
    else:
        first = _kv_counts(kvs[0])
        word_counts = None if first is None else first[[kvs[0].key_to_index[w] for w in words]]
    if top_n is not None:
        keep = top_words(len(words), word_counts, top_n)
        words = [words[i] for i in keep]
        word_counts = None if word_counts is None else word_counts[keep]
    mats = [
        np.ascontiguousarray(np.asarray(kv.vectors)[[kv.key_to_index[w] for w in words]], dtype=np.float32)
        for kv in kvs
    ]
    return Runs(names, words, mats, word_counts, sources, [len(kv.index_to_key) for kv in kvs])
