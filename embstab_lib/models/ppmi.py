"""A deterministic count-based baseline: PPMI + truncated SVD (Levy, Goldberg & Dagan 2015).

No random initialisation, no sampling, no data order: the same corpus always gives bit-identical vectors, so
its only variation across "runs" is the data (a bootstrap sample of the documents).  Next to word2vec it
separates optimisation noise from data noise.

1. Vocabulary: words seen ≥ ``min_count`` times, most frequent first (ties: first occurrence); other tokens
   are removed from the documents before windowing (as word2vec does).
2. Co-occurrence counts X_wc over a symmetric window, a context at distance k ≤ ``window`` weighted by
   (window − k + 1) / window — the expected weight under word2vec's random window shrinking.
3. PPMI_wc = max(0, log p(w, c) − log p(w) − log p_α(c)), p_α(c) = X_c^α / Σ X_c'^α (context-distribution
   smoothing, α = ``cds``), kept sparse.
4. ``scipy.sparse.linalg.svds`` (ARPACK, fixed start vector) gives the top ``dim`` singular triplets
   U Σ Vᵀ; the word vectors are U Σ^p (p = ``eig_power``), each column's sign fixed so that its largest
   entry in absolute value is positive.

The result is cached on disk, keyed by the corpus fingerprint and every parameter.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from ..corpora import Corpus
from ..store import cache_dir, cache_key, load_cached_vectors, make_keyed_vectors, try_save_vectors

__all__ = ["ppmi_matrix", "ppmi_svd", "PPMI_VERSION"]

#: Bump when the computation changes (part of the cache key).
PPMI_VERSION = 1


def _docs(corpus):
    if isinstance(corpus, Corpus):
        return corpus.sentences
    if isinstance(corpus, (str, bytes)) or not isinstance(corpus, (list, tuple)):
        raise TypeError(f"corpus must be a Corpus or a list of token lists, got {type(corpus).__name__}")
    if any(isinstance(d, (str, bytes)) or not isinstance(d, (list, tuple)) for d in corpus):
        raise TypeError("corpus must be a list of documents, each a list of str tokens")
    return corpus


def _int(value, name, low):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")
    return int(value)


def _real(value, name, low, high):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not (np.isfinite(value) and low <= value <= high):
        raise ValueError(f"{name} must be in [{low}, {high}], got {value}")
    return value


def ppmi_matrix(corpus, *, window=5, min_count=5, cds=0.75):
    """The sparse PPMI matrix of a corpus (steps 1–3 of the module docstring).

    Parameters
    ----------
    corpus : Corpus or list of list of str
    window : int
        Maximum distance between a word and its context, ≥ 1.
    min_count : int
        Words seen fewer times are dropped, ≥ 1.
    cds : float
        Context-distribution smoothing exponent α in [0, 1] (1: plain PMI).

    Returns
    -------
    M : scipy.sparse.csr_matrix, shape (V, V), float64
        PPMI values (non-negative; only positive entries stored).  Symmetric when ``cds = 1``.
    words : list of str
        Row (and column) i belongs to ``words[i]``, most frequent first.
    counts : ndarray of int64, shape (V,)
        Corpus count of each word.

    Raises
    ------
    TypeError, ValueError
        A corpus that is not a list of token lists, bad parameters, fewer than 2 words kept, or no
        co-occurrence at all.

    Examples
    --------
    >>> M, words, counts = ppmi_matrix([["a", "b", "a", "c"]] * 3, window=1, min_count=1)
    >>> words, counts.tolist(), M.shape
    (['a', 'b', 'c'], [6, 3, 3], (3, 3))
    """
    from scipy import sparse

    docs = _docs(corpus)
    window, min_count = _int(window, "window", 1), _int(min_count, "min_count", 1)
    cds = _real(cds, "cds", 0.0, 1.0)
    tally = Counter()
    for d in docs:
        tally.update(d)
    kept = [w for w, c in sorted(tally.items(), key=lambda wc: -wc[1]) if c >= min_count]  # stable: ties by first seen
    if len(kept) < 2:
        raise ValueError(f"fewer than 2 words are seen at least min_count={min_count} times")
    index = {w: i for i, w in enumerate(kept)}
    V = len(kept)
    ids, doc_of = [], []
    for n, d in enumerate(docs):
        row = [index[t] for t in d if t in index]
        ids.extend(row)
        doc_of.extend([n] * len(row))
    ids, doc_of = np.asarray(ids, dtype=np.int64), np.asarray(doc_of, dtype=np.int64)
    rows, cols, vals = [], [], []
    for k in range(1, window + 1):
        same = doc_of[k:] == doc_of[:-k]
        a, b = ids[:-k][same], ids[k:][same]
        w = np.full(a.size, (window - k + 1) / window)
        rows += [a, b]
        cols += [b, a]
        vals += [w, w]
    X = sparse.coo_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(V, V)).tocsr()
    X.sum_duplicates()
    total = X.sum()
    if total == 0:
        raise ValueError("no two kept words co-occur within the window")
    row_sum = np.asarray(X.sum(axis=1)).ravel()
    col_sum = np.asarray(X.sum(axis=0)).ravel()
    p_ctx = col_sum**cds
    p_ctx = p_ctx / p_ctx.sum()
    coo = X.tocoo()
    pmi = np.log(coo.data / total) - np.log(row_sum[coo.row] / total) - np.log(p_ctx[coo.col])
    keep = pmi > 0
    M = sparse.csr_matrix((pmi[keep], (coo.row[keep], coo.col[keep])), shape=(V, V))
    counts = np.array([tally[w] for w in kept], dtype=np.int64)
    return M, kept, counts


def _svd(M, dim, eig_power):
    from scipy.sparse.linalg import svds

    V = M.shape[0]
    v0 = np.full(min(M.shape), 1.0 / np.sqrt(min(M.shape)))  # a fixed start vector: ARPACK is then deterministic
    U, s, _ = svds(M, k=dim, v0=v0, solver="arpack", random_state=0)
    order = np.argsort(-s, kind="stable")
    U, s = U[:, order], s[order]
    signs = np.sign(U[np.argmax(np.abs(U), axis=0), np.arange(dim)])
    signs[signs == 0] = 1.0
    W = U * signs * s**eig_power
    assert W.shape == (V, dim)
    return W


def ppmi_svd(corpus, *, dim=100, window=5, min_count=5, cds=0.75, eig_power=0.5, cache=True):
    """Word vectors from PPMI + truncated SVD: deterministic, no seed (see the module docstring).

    Parameters
    ----------
    corpus : Corpus or list of list of str
    dim : int
        Number of singular vectors kept, 1 ≤ dim < V.
    window, min_count, cds
        As :func:`ppmi_matrix`.
    eig_power : float
        p in W = U Σ^p, in [0, 1] (0: no weighting; 0.5: symmetric split, the default; 1: classic LSA).
    cache : bool
        Read and write the disk cache (key: corpus fingerprint and every parameter).

    Returns
    -------
    gensim.models.KeyedVectors
        float32 vectors, shape (V, dim), words most frequent first, counts in ``kv.expandos["count"]``
        (so ``word_counts`` works).  Computing it twice gives bit-identical vectors with the same BLAS
        library and number of BLAS threads (another thread count changes the last bits, ~1e-8: the disk cache
        does not key on it).

    Raises
    ------
    TypeError, ValueError
        As :func:`ppmi_matrix`; ``dim`` not in [1, V − 1]; a bad ``eig_power`` or ``cache``.

    Notes
    -----
    Time: the wiki sample (≈ 453k tokens, V ≈ 9 000, dim = 100) takes a few seconds on one core.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> kv = ppmi_svd(load_corpus("lee"), dim=20, cache=False)   # doctest: +SKIP
    >>> kv.vectors.shape[1]                                      # doctest: +SKIP
    20
    """
    import scipy

    docs = _docs(corpus)
    dim = _int(dim, "dim", 1)
    eig_power = _real(eig_power, "eig_power", 0.0, 1.0)
    if not isinstance(cache, (bool, np.bool_)):
        raise TypeError(f"cache must be True or False, got {cache!r}")
    window, min_count = _int(window, "window", 1), _int(min_count, "min_count", 1)
    cds = _real(cds, "cds", 0.0, 1.0)
    path = None
    if cache:
        fingerprint = corpus.fingerprint if isinstance(corpus, Corpus) else Corpus("custom", list(docs)).fingerprint
        key = cache_key(
            kind="ppmi-svd",
            version=PPMI_VERSION,
            corpus=fingerprint,
            dim=dim,
            window=window,
            min_count=min_count,
            cds=cds,
            eig_power=eig_power,
            numpy=np.__version__,
            scipy=scipy.__version__,
        )
        path = cache_dir() / "ppmi" / f"ppmi-{key}.npz"
        loaded = load_cached_vectors(path, vector_size=dim)
        if loaded is not None:
            return loaded[0]
    M, words, counts = ppmi_matrix(docs, window=window, min_count=min_count, cds=cds)
    if dim >= len(words):
        raise ValueError(f"dim={dim} must be smaller than the vocabulary ({len(words)} words)")
    kv = make_keyed_vectors(words, _svd(M, dim, eig_power).astype(np.float32), counts)
    if path is not None:
        try_save_vectors(path, kv)
    return kv
