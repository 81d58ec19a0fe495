"""Resampled corpora for the protocols of Antoniak & Mimno (2018): SHUFFLED and BOOTSTRAP.

* FIXED — the corpus as it is, a new training seed per run (``train_seeds(corpus, seeds)``);
* SHUFFLED — the same documents in a new order per run: :func:`shuffle_corpus`;
* BOOTSTRAP — as many documents as the corpus has, drawn **with replacement** per run: :func:`bootstrap_corpus`.

The unit that is reordered or resampled is the corpus's document (``corpus.sentences[i]``).  For the bundled
corpora that is an article cut into pieces of at most 10 000 tokens (``load_corpus`` splits longer ones), or a
line of the Lee corpus.  Each result is a new :class:`Corpus` with its own fingerprint, so the runs trained on it
are cached separately by ``train_seeds``.
"""

from __future__ import annotations

import numpy as np

from .bundled import Corpus

__all__ = ["bootstrap_corpus", "shuffle_corpus", "split_corpus"]


def _seed(seed) -> int:
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= int(seed) < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")
    return int(seed)


def _documents(corpus):
    if isinstance(corpus, Corpus):
        return corpus.name, corpus.sentences
    if isinstance(corpus, (str, bytes)) or not isinstance(corpus, (list, tuple)):
        raise TypeError(f"corpus must be a Corpus or a list of token lists, got {type(corpus).__name__}")
    if any(isinstance(d, (str, bytes)) or not isinstance(d, (list, tuple)) for d in corpus):
        raise TypeError("corpus must be a list of documents, each a list of str tokens")
    return "custom", [list(d) for d in corpus]


def _non_empty(name, docs):
    if not docs or not any(len(d) for d in docs):
        raise ValueError(f"corpus {name!r} has no tokens")
    return docs


def shuffle_corpus(corpus, *, seed) -> Corpus:
    """The same documents in a random order (the SHUFFLED protocol).

    Parameters
    ----------
    corpus : Corpus or list of list of str
    seed : int
        Seed of ``numpy.random.default_rng``, in [0, 2**32); the same seed gives the same order.

    Returns
    -------
    Corpus
        Named ``"<name>-shuffled-<seed>"``; ``sentences[i] = corpus.sentences[π(i)]`` for a random permutation π.
        Same documents, same tokens within each document, so the same word counts.

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus or a list of token lists.
    ValueError
        A bad seed, or a corpus with no token.

    Examples
    --------
    >>> c = shuffle_corpus([["a", "b"], ["c"], ["d"]], seed=0)
    >>> sorted(map(tuple, c.sentences))
    [('a', 'b'), ('c',), ('d',)]
    """
    name, docs = _documents(corpus)
    seed = _seed(seed)
    docs = _non_empty(name, docs)
    order = np.random.default_rng(seed).permutation(len(docs))
    return Corpus(name=f"{name}-shuffled-{seed}", sentences=[docs[i] for i in order])


def bootstrap_corpus(corpus, *, seed) -> Corpus:
    """A bootstrap sample of the documents (the BOOTSTRAP protocol).

    n documents are drawn uniformly **with replacement** from the n documents of ``corpus``
    (``numpy.random.default_rng(seed).integers(0, n, n)``): on average a share 1 − (1 − 1/n)ⁿ ≈ 63 % of the
    documents appear (some several times) and ≈ 37 % are left out, so word counts change, and rare words
    may fall below ``min_count`` or vanish.

    Parameters
    ----------
    corpus : Corpus or list of list of str
    seed : int
        In [0, 2**32); the same seed gives the same sample.

    Returns
    -------
    Corpus
        Named ``"<name>-bootstrap-<seed>"``, with as many documents as ``corpus``.

    Raises
    ------
    TypeError
        ``corpus`` is not a Corpus or a list of token lists.
    ValueError
        A bad seed, or a corpus with no token.

    Examples
    --------
    >>> c = bootstrap_corpus([["a"], ["b"], ["c"], ["d"]], seed=3)
    >>> len(c.sentences), set(map(tuple, c.sentences)) <= {("a",), ("b",), ("c",), ("d",)}
    (4, True)
    """
    name, docs = _documents(corpus)
    seed = _seed(seed)
    docs = _non_empty(name, docs)
    picks = np.random.default_rng(seed).integers(0, len(docs), len(docs))
    sample = [docs[i] for i in picks]
    if not any(len(d) for d in sample):
        raise ValueError(f"the bootstrap sample of {name!r} with seed {seed} drew only empty documents")
    return Corpus(name=f"{name}-bootstrap-{seed}", sentences=sample)


def split_corpus(corpus, *, seed=None) -> tuple[Corpus, Corpus]:
    """Two halves of the documents: the first and the second half in corpus order, or a random half each.

    Parameters
    ----------
    corpus : Corpus or list of list of str
        At least 2 documents.
    seed : int, optional
        ``None``: documents 0 … ⌈n/2⌉ − 1 and the rest (a split by position: for the wiki sample, by article,
        so by topic).  An integer: a random half of the documents (``default_rng(seed).permutation``), each half
        in corpus order — the control in which no word can change meaning between the halves.

    Returns
    -------
    (Corpus, Corpus)
        Named ``"<name>-first"``/``"<name>-second"`` or ``"<name>-half-<seed>-a"``/``"-b"``.

    Raises
    ------
    TypeError, ValueError
        As :func:`shuffle_corpus`, and for fewer than 2 documents.

    Examples
    --------
    >>> a, b = split_corpus([["a"], ["b"], ["c"]])
    >>> a.sentences, b.sentences
    ([['a'], ['b']], [['c']])
    """
    name, docs = _documents(corpus)
    docs = _non_empty(name, docs)
    if len(docs) < 2:
        raise ValueError(f"corpus {name!r} has {len(docs)} document: cannot split it in two")
    half = (len(docs) + 1) // 2
    if seed is None:
        first, second = list(range(half)), list(range(half, len(docs)))
        names = (f"{name}-first", f"{name}-second")
    else:
        seed = _seed(seed)
        perm = np.random.default_rng(seed).permutation(len(docs))
        first, second = sorted(perm[:half].tolist()), sorted(perm[half:].tolist())
        names = (f"{name}-half-{seed}-a", f"{name}-half-{seed}-b")
    return tuple(Corpus(name=n, sentences=[docs[i] for i in idx]) for n, idx in zip(names, (first, second)))
