"""Corpora and word frequencies.

``load_corpus("wiki-sample")`` is the offline default: the Wikipedia excerpt that
ships inside gensim's wheel (106 articles, ≈ 453k tokens).  ``"lee"`` is gensim's
small Lee background corpus (≈ 58k tokens) for quick demonstrations; ``"text8"``
(17M tokens) is downloaded through ``gensim.downloader`` and needs the network.
"""
from __future__ import annotations

import gzip
import hashlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .cache import atomic_write, cache_dir

WIKI_SAMPLE_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
LEE_FILE = "lee_background.cor"
CORPORA = ("wiki-sample", "lee", "text8")
#: gensim's Word2Vec silently truncates longer sentences; we split documents instead.
MAX_SENTENCE_TOKENS = 10_000


@dataclass(frozen=True)
class Corpus:
    """A tokenised corpus: ``sentences`` is a list of token lists."""

    name: str
    sentences: list = field(repr=False)

    @property
    def n_tokens(self) -> int:
        return sum(len(s) for s in self.sentences)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the token stream (identifies the corpus in cache keys)."""
        h = hashlib.sha256()
        for s in self.sentences:
            h.update(" ".join(s).encode())
            h.update(b"\n")
        return h.hexdigest()[:24]

    def __repr__(self) -> str:
        return f"Corpus(name={self.name!r}, documents={len(self.sentences)}, n_tokens={self.n_tokens})"


def _split_long(docs):
    for doc in docs:
        for start in range(0, len(doc), MAX_SENTENCE_TOKENS):
            yield doc[start:start + MAX_SENTENCE_TOKENS]


def _read_wiki_sample():
    from gensim.corpora.wikicorpus import WikiCorpus
    from gensim.test.utils import datapath

    wiki = WikiCorpus(datapath(WIKI_SAMPLE_FILE), dictionary={}, processes=1)
    return [list(doc) for doc in wiki.get_texts()]


def _read_lee():
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    with open(datapath(LEE_FILE), encoding="utf-8", errors="strict") as fh:
        return [simple_preprocess(line) for line in fh if line.strip()]


def _read_text8():
    import gensim.downloader as api

    target = Path(api.BASE_DIR) / "text8"
    try:
        api.info("text8")  # fetches the catalogue first: fails fast, writes nothing, when offline
        dataset = api.load("text8")
        return [list(chunk) for chunk in dataset]
    except Exception as exc:  # network errors come in many types (URLError, OSError, ...)
        for leftover in (target.with_name("text8_tmp"),):
            if leftover.exists():
                shutil.rmtree(leftover, ignore_errors=True)
        if target.exists() and not (target / "__init__.py").exists():
            shutil.rmtree(target, ignore_errors=True)
        raise ConnectionError(
            "could not download corpus 'text8' through gensim.downloader "
            f"({type(exc).__name__}: {exc}). It needs the network (it works on Colab); "
            "offline, use load_corpus('wiki-sample'), which ships with gensim."
        ) from exc


_READERS = {"wiki-sample": _read_wiki_sample, "lee": _read_lee, "text8": _read_text8}


def _cached_tokens(name: str):
    import gensim

    path = cache_dir() / "corpora" / f"{name}-gensim{gensim.__version__}.txt.gz"
    if path.exists():
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            return [line.split() for line in fh.read().splitlines()]
    docs = list(_split_long(_READERS[name]()))

    def write(tmp):
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            fh.write("\n".join(" ".join(d) for d in docs))

    atomic_write(path, write)
    return docs


def load_corpus(name: str = "wiki-sample", *, max_tokens: int | None = None) -> Corpus:
    """Load a tokenised corpus by name.

    Parameters
    ----------
    name : {"wiki-sample", "lee", "text8"}
        ``"wiki-sample"`` (offline, ≈ 453k tokens, lower-cased Wikipedia text
        tokenised by gensim's ``WikiCorpus``), ``"lee"`` (offline, ≈ 58k tokens)
        or ``"text8"`` (17M tokens, downloaded; raises ``ConnectionError``
        offline).  Documents longer than 10 000 tokens are split, because
        gensim's Word2Vec would silently truncate them.
    max_tokens : int, optional
        Keep only the first ``max_tokens`` tokens (the last document is cut).

    Examples
    --------
    >>> corpus = load_corpus("wiki-sample", max_tokens=1000)
    >>> corpus.n_tokens
    1000
    """
    if name not in _READERS:
        raise ValueError(f"unknown corpus {name!r}; choose one of {', '.join(CORPORA)}")
    if max_tokens is not None:
        if isinstance(max_tokens, bool) or not isinstance(max_tokens, (int, np.integer)) or max_tokens < 1:
            raise ValueError(f"max_tokens must be a positive integer or None, got {max_tokens!r}")
    docs = _cached_tokens(name)
    if max_tokens is not None:
        kept, total = [], 0
        for doc in docs:
            if total >= max_tokens:
                break
            doc = doc[: max_tokens - total]
            kept.append(doc)
            total += len(doc)
        docs = kept
    docs = [d for d in docs if d]
    if not docs:
        raise ValueError(f"corpus {name!r} is empty")
    return Corpus(name=name, sentences=docs)


def word_counts(kv, words=None) -> np.ndarray:
    """Training-corpus count of each word of ``kv`` (or of ``words``), as an int array.

    Raises ``ValueError`` naming the words that ``kv`` does not contain.
    """
    counts = np.asarray(kv.expandos["count"], dtype=np.int64)
    if words is None:
        return counts.copy()
    missing = [w for w in words if w not in kv.key_to_index]
    if missing:
        raise ValueError(f"{len(missing)} word(s) not in the vocabulary: {missing[:5]}")
    return counts[[kv.key_to_index[w] for w in words]]


#: Frequency bands used across the course (count ranges, lower bound inclusive).
BAND_EDGES = (5, 10, 50, 200, np.inf)


def frequency_bands(counts, edges=BAND_EDGES) -> tuple[np.ndarray, list[str]]:
    """Assign each count to a band ``[edges[i], edges[i+1])``.

    Returns ``(band_index, labels)``; a count below ``edges[0]`` raises ``ValueError``.

    >>> frequency_bands([5, 12, 300])[0]
    array([0, 1, 3])
    """
    counts = np.asarray(counts)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(f"counts must be a non-empty 1-D array, got shape {counts.shape}")
    edges = np.asarray(edges, dtype=float)
    if np.any(np.diff(edges) <= 0):
        raise ValueError("edges must be strictly increasing")
    if counts.min() < edges[0] or counts.max() >= edges[-1]:
        raise ValueError(f"counts must lie in [{edges[0]:g}, {edges[-1]:g}), got {counts.min()}..{counts.max()}")
    idx = np.searchsorted(edges, counts, side="right") - 1
    labels = [
        f"{int(lo)}–{int(hi) - 1}" if np.isfinite(hi) else f"≥{int(lo)}"
        for lo, hi in zip(edges[:-1], edges[1:])
    ]
    return idx, labels
