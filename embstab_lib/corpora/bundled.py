"""Corpora and word frequencies.

``load_corpus("wiki-sample")`` is the offline default: the Wikipedia excerpt that
ships inside gensim's wheel (106 articles, ≈ 453k tokens).  ``"lee"`` is gensim's
small Lee background corpus (≈ 58k tokens) for quick demonstrations; ``"text8"``
(17M tokens) is downloaded through ``gensim.downloader`` and needs the network.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..store import CorruptCacheFile, cache_dir, cache_key, discard, try_atomic_write

WIKI_SAMPLE_FILE = "enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2"
LEE_FILE = "lee_background.cor"
CORPORA = ("wiki-sample", "lee", "text8")
#: gensim's Word2Vec silently truncates longer sentences; we split documents instead.
MAX_SENTENCE_TOKENS = 10_000


@dataclass(frozen=True)
class Corpus:
    """A tokenised corpus.

    Parameters
    ----------
    name : str
        A label (``"custom"`` for your own sentences).
    sentences : list of list of str
        The documents, each a list of tokens.  Treat it as read-only: the
        cache identifies a corpus by :attr:`fingerprint`, computed from it.
    source : tuple, optional
        Set by :func:`load_corpus` only (see below).

    Examples
    --------
    >>> Corpus("custom", [["a", "b"], ["c"]]).n_tokens
    3
    """

    name: str
    sentences: list = field(repr=False)
    #: How :func:`load_corpus` made it: ``(name, max_tokens, fingerprint at load time)``, or None.  Lets worker
    #: processes reload the corpus from the disk cache instead of receiving it pickled.
    source: tuple | None = field(default=None, repr=False, compare=False)

    @property
    def n_tokens(self) -> int:
        return sum(len(s) for s in self.sentences)

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the sentences (identifies the corpus in cache keys), unambiguous.

        Each sentence is hashed with its number of tokens and its length in
        bytes, tokens separated by a byte that no token contains (or, when a
        token contains it, as JSON), so that two different lists of token
        lists never share a fingerprint by construction:
        ``[["new york", "is"]]``, ``[["new", "york", "is"]]`` and
        ``[["new", "york"], ["is"]]`` all differ.

        Examples
        --------
        >>> Corpus("a", [["new york", "is"]]).fingerprint == Corpus("b", [["new", "york", "is"]]).fingerprint
        False
        """
        return sentences_fingerprint(self.sentences)

    def __repr__(self) -> str:
        return f"Corpus(name={self.name!r}, documents={len(self.sentences)}, n_tokens={self.n_tokens})"


def sentences_fingerprint(sentences) -> str:
    """The fingerprint of :class:`Corpus` for any list of token lists.

    Parameters
    ----------
    sentences : list of list of str

    Returns
    -------
    str
        24 hexadecimal digits of a SHA-256 over the number of sentences and,
        per sentence, a length-prefixed unambiguous encoding of its tokens.

    Examples
    --------
    >>> sentences_fingerprint([["a", "b"]]) == sentences_fingerprint([["a b"]])
    False
    """
    h = hashlib.sha256()
    h.update(len(sentences).to_bytes(8, "little"))
    for s in sentences:
        joined = "\x00".join(s) if all(isinstance(t, str) for t in s) else None
        if joined is not None and joined.count("\x00") == len(s) - 1:
            blob = b"J" + len(s).to_bytes(8, "little") + joined.encode("utf-8", "surrogatepass")
        else:  # a token holds the separator (or is not a str): JSON quotes every token unambiguously
            blob = b"S" + json.dumps(list(s), ensure_ascii=False, default=repr).encode("utf-8", "surrogatepass")
        h.update(len(blob).to_bytes(8, "little"))
        h.update(blob)
    return h.hexdigest()[:24]


def _split_long(docs):
    for doc in docs:
        for start in range(0, len(doc), MAX_SENTENCE_TOKENS):
            yield doc[start : start + MAX_SENTENCE_TOKENS]


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


#: Bump when a reader's tokenisation changes (it is part of the token file's cache key).
READER_VERSION = 1


def token_file(name: str) -> Path:
    """The cache file of corpus ``name``'s tokens.

    Its key covers the reader (function and :data:`READER_VERSION`),
    :data:`MAX_SENTENCE_TOKENS`, gensim's version and the cache schema, so a
    change to any of them never serves stale tokens.

    Parameters
    ----------
    name : {"wiki-sample", "lee", "text8"}

    Returns
    -------
    Path
        ``$EMBSTAB_CACHE/corpora/NAME-KEY.txt.gz`` (it may not exist yet).
    """
    import gensim

    reader = _READERS[name]
    key = cache_key(
        kind="corpus",
        name=name,
        reader=f"{reader.__module__}.{reader.__qualname__}",
        reader_version=READER_VERSION,
        max_sentence_tokens=MAX_SENTENCE_TOKENS,
        gensim=gensim.__version__,
    )
    return cache_dir() / "corpora" / f"{name}-{key}.txt.gz"


def _read_token_file(path: Path) -> list:
    """Documents stored by :func:`_cached_tokens`; ``CorruptCacheFile`` when the file is not what was written."""
    try:
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            header, *lines = fh.read().split("\n")
        meta = json.loads(header)
        docs = [line.split(" ") if line else [] for line in lines]
    except (OSError, EOFError, UnicodeDecodeError, ValueError) as exc:
        raise CorruptCacheFile(f"{type(exc).__name__}: {exc}") from None
    if (
        not isinstance(meta, dict)
        or meta.get("documents") != len(docs)
        or meta.get("tokens") != sum(len(d) for d in docs)
        or not docs
    ):
        raise CorruptCacheFile(f"header {header[:80]!r} does not match {len(docs)} documents")
    return docs


def _cached_tokens(name: str):
    path = token_file(name)
    if path.exists():
        try:
            return _read_token_file(path)
        except CorruptCacheFile as exc:
            discard(path, exc)
    docs = [d for d in _split_long(_READERS[name]()) if d]
    lines = [" ".join(d) for d in docs]
    if any(line.count(" ") != len(d) - 1 or "\n" in line or "" in d for line, d in zip(lines, docs)):
        raise RuntimeError(f"corpus {name!r}: the reader produced an empty token or one with a space or newline")
    header = json.dumps({"documents": len(docs), "tokens": sum(len(d) for d in docs)})

    def write(tmp):
        with gzip.open(tmp, "wt", encoding="utf-8") as fh:
            fh.write("\n".join([header, *lines]))

    try_atomic_write(path, write)
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

    Returns
    -------
    Corpus
        Its ``sentences`` are lists of str tokens, none empty.  The tokens are
        cached in ``$EMBSTAB_CACHE/corpora`` (a damaged cache file is reported
        with a ``CacheWarning``, deleted and rebuilt).

    Raises
    ------
    ValueError
        For an unknown name or a ``max_tokens`` that is not a positive integer.
    ConnectionError
        For ``"text8"`` without network access.

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
    source = (name, None if max_tokens is None else int(max_tokens), sentences_fingerprint(docs))
    return Corpus(name=name, sentences=docs, source=source)
