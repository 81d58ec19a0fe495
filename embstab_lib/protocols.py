"""The run protocols of Antoniak & Mimno (2018), trained through the disk cache.

==========  ===================================================================  ==============================
protocol    run r is trained on                                                  what varies between runs
==========  ===================================================================  ==============================
"fixed"     the corpus as it is, seed r                                          optimisation only
"shuffled"  ``shuffle_corpus(corpus, seed=r)``, seed r                           + document order
"bootstrap" ``bootstrap_corpus(corpus, seed=r)``, seed r                         + the data (documents resampled)
==========  ===================================================================  ==============================

Each protocol adds one source of variation to the previous one, as in the paper (where every run also had
its own seed).  This module sits at the level of :mod:`embstab_lib.runs`: it uses ``corpora``, ``models``
and ``runs``; nothing below imports it.
"""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

from .corpora import Corpus, bootstrap_corpus, shuffle_corpus
from .models.params import check_seed, resolve_params
from .runs import train_seeds

__all__ = ["PROTOCOLS", "protocol_corpus", "protocol_runs", "train_corpora"]

PROTOCOLS = ("fixed", "shuffled", "bootstrap")


def protocol_corpus(corpus: Corpus, protocol: str, r: int) -> Corpus:
    """The corpus that run ``r`` of ``protocol`` is trained on (see the module docstring).

    Parameters
    ----------
    corpus : Corpus
        The corpus of the experiment (e.g. from :func:`~embstab_lib.load_corpus`).
    protocol : {"fixed", "shuffled", "bootstrap"}
    r : int
        The run, in [0, 2**32): the seed of its shuffle or resample (and of its training).

    Returns
    -------
    Corpus
        ``corpus`` itself for "fixed", ``shuffle_corpus(corpus, seed=r)`` for "shuffled" (the same documents in
        another order), ``bootstrap_corpus(corpus, seed=r)`` for "bootstrap" (as many documents, drawn with
        replacement).  A function of (corpus, protocol, r) only: the same r gives the same corpus.

    Raises
    ------
    TypeError
        ``corpus`` not a :class:`Corpus`.
    ValueError
        An unknown protocol, ``r`` not an integer in [0, 2**32), a corpus without tokens ("shuffled",
        "bootstrap").

    Examples
    --------
    >>> c = Corpus("toy", [["a"], ["b"], ["c"]])
    >>> protocol_corpus(c, "fixed", 3) is c
    True
    """
    if protocol not in PROTOCOLS:
        raise ValueError(f"unknown protocol {protocol!r}; choose one of {', '.join(PROTOCOLS)}")
    if not isinstance(corpus, Corpus):
        raise TypeError(f"corpus must be a Corpus (e.g. from load_corpus), got {type(corpus).__name__}")
    r = check_seed(r, "r")
    if protocol == "fixed":
        return corpus
    return (shuffle_corpus if protocol == "shuffled" else bootstrap_corpus)(corpus, seed=r)


def train_corpora(corpora, seeds, *, n_jobs=None, **params):
    """``train_seeds(corpora[i], [seeds[i]], **params)[0]`` for every i, several at a time (threads).

    gensim releases the GIL while it trains, so runs on different corpora proceed in parallel threads; each
    run has ``workers=1`` and stays bit-identical to a serial run (and is cached the same way).

    Parameters
    ----------
    corpora : sequence of Corpus
    seeds : sequence of int
        One seed per corpus.
    n_jobs : int, optional
        Runs trained at the same time; default: the cores this process may use, at most one per run.
    **params
        As :func:`~embstab_lib.runs.train_seeds`.

    Returns
    -------
    list of KeyedVectors, in the order of ``corpora``.

    Raises
    ------
    TypeError, ValueError
        Different lengths, no corpus, a bad seed, ``n_jobs`` or parameter.
    """
    corpora, seeds = list(corpora), [check_seed(s) for s in seeds]
    if not corpora or len(corpora) != len(seeds):
        raise ValueError(f"need one seed per corpus, got {len(corpora)} corpora and {len(seeds)} seeds")
    if not all(isinstance(c, Corpus) for c in corpora):
        raise TypeError("corpora must be Corpus objects")
    resolve_params(dict(params), for_cache=True)  # refuse bad parameters before starting threads
    if n_jobs is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        n_jobs = max(1, min(cores, len(corpora)))
    elif isinstance(n_jobs, bool) or not isinstance(n_jobs, int) or n_jobs < 1:
        raise ValueError(f"n_jobs must be a positive integer or None, got {n_jobs!r}")
    with ThreadPoolExecutor(max_workers=n_jobs) as pool:
        return list(pool.map(lambda cs: train_seeds(cs[0], [cs[1]], n_jobs=1, **params)[0], zip(corpora, seeds)))


def protocol_runs(corpus: Corpus, protocol: str, seeds, *, n_jobs=None, **params):
    """The runs of one protocol: run r trained on :func:`protocol_corpus` ``(corpus, protocol, r)`` with seed r.

    Parameters
    ----------
    corpus : Corpus
    protocol : {"fixed", "shuffled", "bootstrap"}
    seeds : sequence of int
        Distinct, in [0, 2**32).
    n_jobs : int, optional
        As :func:`train_corpora` ("fixed" uses ``train_seeds``' worker processes).
    **params
        gensim ``Word2Vec`` arguments, as :func:`~embstab_lib.runs.train_seeds`.

    Returns
    -------
    list of KeyedVectors
        In the order of ``seeds``.  "bootstrap" runs have different vocabularies (and counts): compare them on
        the words they share.

    Raises
    ------
    TypeError, ValueError
        An unknown protocol, a corpus that is not a Corpus, bad or repeated seeds, bad parameters.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> corpus = load_corpus("lee", max_tokens=5000)  # doctest: +SKIP
    >>> kvs = protocol_runs(corpus, "bootstrap", [0, 1, 2], vector_size=10)  # doctest: +SKIP
    """
    seeds = [check_seed(s) for s in seeds]
    if len(set(seeds)) != len(seeds) or not seeds:
        raise ValueError(f"seeds must be distinct and not empty, got {seeds}")
    corpora = [protocol_corpus(corpus, protocol, r) for r in seeds]
    if protocol == "fixed":
        return train_seeds(corpus, seeds, n_jobs=n_jobs, **params)
    return train_corpora(corpora, seeds, n_jobs=n_jobs, **params)
