"""A synthetic corpus generated from planted word vectors: the truth that a real corpus never gives.

Every sentence draws one *discourse vector* c ~ N(0, I_d / d), and each of its tokens is drawn independently from

    p(w | c) = exp(⟨v_w, c⟩ + b_w) / Z(c),   Z(c) = Σ_u exp(⟨v_u, c⟩ + b_u),

with planted vectors v_w ~ N(0, I_d) and Zipfian biases b_w = −zipf · log(rank of w).  Words of one sentence
share c, so they co-occur more than chance when their vectors point the same way.  When Z(c) hardly depends on c,
the pointwise mutual information of two words of a sentence is PMI(w, u) ≈ ⟨v_w, v_u⟩ / d (Arora et al. 2016), the
matrix skip-gram factorises (Levy & Goldberg 2014).

What the data identify: c is isotropic, so the corpus has exactly the same distribution for v_w and Q v_w for every
orthogonal Q — the planted vectors are identified **up to an orthogonal map** at best, never in their coordinates.
"""

from __future__ import annotations

import math

import numpy as np

from ..store import CorruptCacheFile, cache_dir, cache_key, discard, try_atomic_write
from .bundled import Corpus

__all__ = ["GENERATOR_VERSION", "synthetic_biases", "synthetic_corpus", "synthetic_pmi"]

#: Bump when the generator's output for given arguments changes (it is part of the cache key).
GENERATOR_VERSION = 1
#: Sentences drawn per block; block j has its own random stream, so a shorter corpus is a prefix of a longer one.
BLOCK_SENTENCES = 2048


def _int(value, name, low):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < low:
        raise ValueError(f"{name} must be an integer ≥ {low}, got {value}")
    return int(value)


def _real(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__}")
    value = float(value)
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number ≥ 0, got {value}")
    return value


def synthetic_biases(vocab_size, *, zipf=1.0) -> np.ndarray:
    """The planted biases b_w = −zipf · log(w + 1), w = 0 … vocab_size − 1 (word ``w0`` is the most frequent).

    Parameters
    ----------
    vocab_size : int
        V ≥ 2.
    zipf : float
        ≥ 0, the exponent: exp(b_w) = (w + 1)^(−zipf), Zipf's law; 0 gives every word the same bias.

    Returns
    -------
    ndarray, shape (vocab_size,)
        float64, b_0 = 0 ≥ b_1 ≥ … (strictly decreasing when zipf > 0).

    Examples
    --------
    >>> synthetic_biases(3).round(3).tolist()
    [-0.0, -0.693, -1.099]
    """
    vocab_size, zipf = _int(vocab_size, "vocab_size", 2), _real(zipf, "zipf")
    return -zipf * np.log(np.arange(1, vocab_size + 1, dtype=np.float64))


def _truth(vocab_size, dim, seed):
    return np.random.default_rng([seed, 0]).standard_normal((vocab_size, dim))


def _draw(n_tokens, vocab_size, dim, seed, sentence_length, zipf, V):
    """Token ids, shape (n_sentences, sentence_length) (the last row padded with −1)."""
    n_sent = -(-n_tokens // sentence_length)
    b = synthetic_biases(vocab_size, zipf=zipf)
    ids = np.empty((n_sent, sentence_length), dtype=np.int32)
    for j, start in enumerate(range(0, n_sent, BLOCK_SENTENCES)):
        rows = min(BLOCK_SENTENCES, n_sent - start)
        c = np.random.default_rng([seed, 1, j]).standard_normal((rows, dim)) / math.sqrt(dim)
        u = np.random.default_rng([seed, 2, j]).random((rows, sentence_length))
        logits = c @ V.T + b
        logits -= logits.max(axis=1, keepdims=True)
        cum = np.cumsum(np.exp(logits), axis=1)
        cum /= cum[:, -1:]
        offset = np.arange(rows, dtype=np.float64)[:, None]  # rows stacked end to end: one sorted array
        found = np.searchsorted((cum + offset).ravel(), (u + offset).ravel(), side="right").reshape(rows, -1)
        ids[start : start + rows] = np.minimum(found - np.arange(rows)[:, None] * vocab_size, vocab_size - 1)
    ids.reshape(-1)[n_tokens:] = -1
    return ids


def _cache_path(**parts):
    return cache_dir() / "corpora" / f"synthetic-{cache_key(kind='synthetic', version=GENERATOR_VERSION, **parts)}.npz"


def _load(path, shape):
    try:
        with np.load(path, allow_pickle=False) as z:
            ids = z["ids"]
    except (OSError, ValueError, EOFError, KeyError) as exc:
        raise CorruptCacheFile(f"{type(exc).__name__}: {exc}") from None
    if ids.shape != shape or ids.dtype.kind != "i":
        raise CorruptCacheFile(f"ids has shape {ids.shape}, expected {shape}")
    return ids


def synthetic_corpus(n_tokens, *, vocab_size, dim, seed, sentence_length=20, zipf=1.0, sample_seed=None):
    """A corpus of ``n_tokens`` tokens drawn from planted word vectors (see the module docstring).

    Sentence s draws c_s ~ N(0, I_d / d); each of its tokens is drawn from p(w | c_s) ∝ exp(⟨v_w, c_s⟩ + b_w),
    with planted v_w ~ N(0, I_d) and b_w = −zipf · log(w + 1).  Deterministic for given arguments; the corpus of
    n tokens is the first n tokens of every longer corpus with the same other arguments (sentences are drawn in
    blocks, each with its own random stream).  The token ids are kept in the disk cache.

    Parameters
    ----------
    n_tokens : int
        Total number of tokens, ≥ ``sentence_length`` (the last sentence may be shorter).
    vocab_size : int
        Number of word types V ≥ 2 (some rare ones may never be drawn).
    dim : int
        Dimension d ≥ 1 of the planted vectors, < vocab_size.
    seed : int
        In [0, 2**32): the planted vectors (and the sentences, unless ``sample_seed`` is given).
    sentence_length : int
        Tokens per sentence (one discourse vector each), ≥ 2.
    zipf : float
        Exponent of the Zipfian biases (0: every word equally likely a priori).
    sample_seed : int, optional
        In [0, 2**32): draw the sentences with this seed instead of ``seed`` — another corpus from the same
        planted vectors (``sample_seed=seed`` is the same corpus as ``None``).

    Returns
    -------
    (Corpus, list of str, ndarray)
        ``corpus`` (named ``"synthetic"``), ``words`` = ``["w0000", …]`` (length V, word i = row i) and
        ``true_vectors`` of shape (V, d).  The truth is identified only up to an orthogonal map Q
        (``true_vectors @ Q`` generates the same distribution of corpora).

    Raises
    ------
    TypeError
        A size, seed or ``zipf`` that is not a number (or a bool).
    ValueError
        ``n_tokens < sentence_length``, ``vocab_size < 2``, ``dim < 1`` or ``dim ≥ vocab_size``,
        ``sentence_length < 2``, a seed or sample seed outside [0, 2**32), a negative or non-finite ``zipf``.

    Examples
    --------
    >>> corpus, words, truth = synthetic_corpus(1000, vocab_size=50, dim=3, seed=0)
    >>> corpus.n_tokens, len(words), truth.shape
    (1000, 50, (50, 3))
    >>> synthetic_corpus(500, vocab_size=50, dim=3, seed=0)[0].sentences == corpus.sentences[:25]
    True
    """
    sentence_length = _int(sentence_length, "sentence_length", 2)
    n_tokens = _int(n_tokens, "n_tokens", 1)
    vocab_size, dim = _int(vocab_size, "vocab_size", 2), _int(dim, "dim", 1)
    seed = _int(seed, "seed", 0)
    sample_seed = seed if sample_seed is None else _int(sample_seed, "sample_seed", 0)
    zipf = _real(zipf, "zipf")
    if n_tokens < sentence_length:
        raise ValueError(f"n_tokens={n_tokens} is shorter than one sentence (sentence_length={sentence_length})")
    if dim >= vocab_size:
        raise ValueError(f"dim={dim} must be smaller than vocab_size={vocab_size}")
    for name, value in (("seed", seed), ("sample_seed", sample_seed)):
        if value >= 2**32:
            raise ValueError(f"{name} must be an integer in [0, 2**32), got {value}")
    V = _truth(vocab_size, dim, seed)
    shape = (-(-n_tokens // sentence_length), sentence_length)
    path = _cache_path(
        n_tokens=n_tokens,
        vocab_size=vocab_size,
        dim=dim,
        seed=seed,
        sample_seed=sample_seed,
        sentence_length=sentence_length,
        zipf=zipf,
        numpy=np.__version__,
    )
    ids = None
    if path.exists():
        try:
            ids = _load(path, shape)
        except CorruptCacheFile as exc:
            discard(path, exc)
    if ids is None:
        ids = _draw(n_tokens, vocab_size, dim, sample_seed, sentence_length, zipf, V)

        def write(tmp, ids=ids):
            with open(tmp, "wb") as fh:
                np.savez(fh, ids=ids)

        try_atomic_write(path, write)
    width = len(str(vocab_size - 1))
    words = [f"w{i:0{width}d}" for i in range(vocab_size)]
    sentences = [[words[i] for i in row if i >= 0] for row in ids.tolist()]
    return Corpus(name="synthetic", sentences=sentences), words, V


def synthetic_pmi(*, vocab_size, dim, seed, zipf=1.0, n_contexts=10_000, context_seed=0) -> np.ndarray:
    """The population PMI of two tokens of one sentence of :func:`synthetic_corpus` — what infinite data would show.

        p(w, u) = E_c[p(w | c) p(u | c)],  p(w) = E_c[p(w | c)],  PMI(w, u) = log p(w, u) − log p(w) − log p(u),

    the expectations over c ~ N(0, I_d / d) estimated from ``n_contexts`` draws (Monte Carlo: no corpus is
    sampled; the relative error of p(w, u) shrinks like 1/√n_contexts).  Any two tokens of a sentence share c,
    so this is also the population PMI of skip-gram's (word, context) pairs within a window.

    Parameters
    ----------
    vocab_size, dim, seed, zipf
        As for :func:`synthetic_corpus` (``seed`` sets the planted vectors).
    n_contexts : int
        Draws of c, ≥ 1.
    context_seed : int
        In [0, 2**32): the draws of c.

    Returns
    -------
    ndarray, shape (vocab_size, vocab_size)
        Symmetric; row i = word ``words[i]``.  Needs 3 V² floats of memory (V = 2 000: 96 MB).  Kept in the disk
        cache (V² floats: 32 MB for V = 2 000), keyed by every argument.

    Raises
    ------
    TypeError, ValueError
        As :func:`synthetic_corpus`; ``n_contexts`` < 1; a bad ``context_seed``.

    Examples
    --------
    >>> P = synthetic_pmi(vocab_size=30, dim=3, seed=0, n_contexts=2000)
    >>> P.shape, bool(np.allclose(P, P.T))
    ((30, 30), True)
    """
    vocab_size, dim = _int(vocab_size, "vocab_size", 2), _int(dim, "dim", 1)
    seed, context_seed = _int(seed, "seed", 0), _int(context_seed, "context_seed", 0)
    n_contexts, zipf = _int(n_contexts, "n_contexts", 1), _real(zipf, "zipf")
    if dim >= vocab_size:
        raise ValueError(f"dim={dim} must be smaller than vocab_size={vocab_size}")
    for name, value in (("seed", seed), ("context_seed", context_seed)):
        if value >= 2**32:
            raise ValueError(f"{name} must be an integer in [0, 2**32), got {value}")
    key = cache_key(
        kind="synthetic-pmi",
        version=GENERATOR_VERSION,
        vocab_size=vocab_size,
        dim=dim,
        seed=seed,
        zipf=zipf,
        n_contexts=n_contexts,
        context_seed=context_seed,
        numpy=np.__version__,
    )
    path = cache_dir() / "corpora" / f"synthetic-pmi-{key}.npy"
    if path.exists():
        try:
            pmi = np.load(path, allow_pickle=False)
            if pmi.shape == (vocab_size, vocab_size) and pmi.dtype == np.float64:
                return pmi
            discard(path, f"shape {pmi.shape}, dtype {pmi.dtype}")
        except (OSError, ValueError, EOFError) as exc:
            discard(path, f"{type(exc).__name__}: {exc}")
    pmi = _population_pmi(vocab_size, dim, seed, zipf, n_contexts, context_seed)

    def write(tmp):
        with open(tmp, "wb") as fh:  # a file object: np.save would append ".npy" to the temporary name
            np.save(fh, pmi, allow_pickle=False)

    try_atomic_write(path, write)
    return pmi


def _population_pmi(vocab_size, dim, seed, zipf, n_contexts, context_seed):
    V, b = _truth(vocab_size, dim, seed), synthetic_biases(vocab_size, zipf=zipf)
    rng = np.random.default_rng([seed, 3, context_seed])
    joint, marginal = np.zeros((vocab_size, vocab_size)), np.zeros(vocab_size)
    for start in range(0, n_contexts, BLOCK_SENTENCES):
        c = rng.standard_normal((min(BLOCK_SENTENCES, n_contexts - start), dim)) / math.sqrt(dim)
        logits = c @ V.T + b
        logits -= logits.max(axis=1, keepdims=True)
        P = np.exp(logits)
        P /= P.sum(axis=1, keepdims=True)
        joint += P.T @ P
        marginal += P.sum(axis=0)
    joint /= n_contexts
    marginal /= n_contexts
    log_m = np.log(marginal)
    pmi = np.log(joint) - log_m[:, None] - log_m[None, :]
    return (pmi + pmi.T) / 2  # exactly symmetric (P.T @ P is, up to rounding)
