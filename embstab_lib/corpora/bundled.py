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

from ..store import atomic_write, cache_dir

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
