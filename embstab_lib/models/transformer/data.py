"""The corpus as the language model sees it: a vocabulary of the most frequent words plus ``"<unk>"``, token
ids per document, and training batches of windows drawn with explicit JAX keys."""

from __future__ import annotations

from collections import Counter

import numpy as np

from ...corpora import Corpus

__all__ = ["UNK", "lm_vocabulary", "lm_batches"]

UNK = "<unk>"


def _check_int(value, name, low=1):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")
    return int(value)


def lm_vocabulary(corpus, vocab_size):
    """The model's vocabulary and the corpus as token ids.

    The ``vocab_size − 1`` most frequent words keep their own token (ties: first occurrence first); every other
    word becomes ``"<unk>"``, which takes its own place in the frequency order.

    Parameters
    ----------
    corpus : Corpus or list of list of str
        Must not contain ``"<unk>"``.
    vocab_size : int
        ≥ 2.

    Returns
    -------
    (list of str, ndarray, list of ndarray)
        Words (most frequent first), their counts (int64) and one int32 array of ids per document.

    Raises
    ------
    TypeError, ValueError
        Not a corpus; a bad ``vocab_size``; an empty corpus or one that contains ``"<unk>"``.

    Examples
    --------
    >>> words, counts, docs = lm_vocabulary([["a", "b", "a", "c"]], 2)
    >>> words, counts.tolist(), docs[0].tolist()
    (['a', '<unk>'], [2, 2], [0, 1, 0, 1])
    """
    if isinstance(corpus, Corpus):
        docs = corpus.sentences
    elif isinstance(corpus, (list, tuple)) and all(isinstance(d, (list, tuple)) for d in corpus):
        docs = corpus
    else:
        raise TypeError("corpus must be a Corpus or a list of documents, each a list of str tokens")
    vocab_size = _check_int(vocab_size, "vocab_size", low=2)
    tally = Counter()
    for d in docs:
        tally.update(d)
    if not tally:
        raise ValueError("the corpus has no tokens")
    if UNK in tally:
        raise ValueError(f"the corpus already contains the token {UNK!r}")
    ranked = [w for w, _ in sorted(tally.items(), key=lambda wc: -wc[1])]
    kept = ranked[: vocab_size - 1]  # a list, never a set: the order of ties must not depend on string hashing
    counts = {w: tally[w] for w in kept}
    rest = sum(tally[w] for w in ranked[vocab_size - 1 :])
    if rest:
        counts[UNK] = rest
    words = sorted(counts, key=lambda w: -counts[w])  # stable: ties keep their first-occurrence order
    index = {w: i for i, w in enumerate(words)}
    unk = index.get(UNK, -1)
    ids = [np.array([index.get(t, unk) for t in d], dtype=np.int32) for d in docs]
    return words, np.array([counts[w] for w in words], dtype=np.int64), ids


def lm_batches(docs, *, seed, steps, batch_size, context, first_step=0):
    """Training batches: windows of ``context + 1`` consecutive tokens inside one document, drawn uniformly.

    Step t draws its ``batch_size`` window starts with ``jax.random.fold_in(jax.random.key(seed), t)``: the
    batches of a longer run begin with those of a shorter one.

    Parameters
    ----------
    docs : sequence of int arrays
        Token ids, one array per document (the third value of :func:`lm_vocabulary`).
    seed : int
        ≥ 0, the JAX key of the draws.
    steps, batch_size, context : int
        ≥ 1: the number of batches, B windows per batch, and T: a window holds T + 1 tokens (T inputs and the
        T tokens that follow them).
    first_step : int
        The index of the first step drawn: steps first_step … first_step + steps − 1 (a resumed run draws the
        batches it would have drawn in one go).

    Returns
    -------
    ndarray of int32, shape (steps, batch_size, context + 1)
        Each window is docs[j][s : s + T + 1], its start drawn uniformly (with replacement) among all the starts
        that keep it inside one document.

    Raises
    ------
    ValueError
        No document longer than ``context`` tokens; bad sizes or seed.
    """
    import jax

    seed = _check_int(seed, "seed", low=0)
    steps, B, T = (_check_int(v, n) for v, n in ((steps, "steps"), (batch_size, "batch_size"), (context, "context")))
    docs = [np.asarray(d, dtype=np.int32) for d in docs]
    ids = np.concatenate(docs) if docs else np.zeros(0, np.int32)
    offsets = np.cumsum([0] + [len(d) for d in docs])
    starts = np.concatenate(
        [np.arange(o, o + len(d) - T) for o, d in zip(offsets[:-1], docs) if len(d) > T] or [np.zeros(0, np.int64)]
    )
    if starts.size == 0:
        raise ValueError(f"no document is longer than context = {T} tokens")
    key = jax.random.key(seed)
    draw = jax.vmap(lambda t: jax.random.randint(jax.random.fold_in(key, t), (B,), 0, starts.size))
    idx = np.asarray(draw(np.arange(first_step, first_step + steps)))
    return ids[starts[idx][..., None] + np.arange(T + 1)]
