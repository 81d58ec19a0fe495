"""Training word2vec reproducibly: the library's only gensim trainer.

gensim's ``Word2Vec`` with ``workers=1`` and a fixed ``seed`` is bit-for-bit
reproducible, in one process or across processes; with ``workers > 1`` the
thread scheduling changes the order of updates, so it is not.  Cached,
parallel training over seeds lives in :mod:`embstab_lib.runs`.  Default
parameters have one source, :data:`~embstab_lib.models.params.DEFAULT_PARAMS`.
"""

from __future__ import annotations

import numpy as np

from ..corpora import Corpus
from .params import DEFAULT_PARAMS, check_seed, resolve_params

__all__ = ["DEFAULT_PARAMS", "initial_vectors", "train_with_loss", "train_word2vec"]


def _sentences(sentences) -> list:
    if isinstance(sentences, Corpus):
        sentences = sentences.sentences
    if isinstance(sentences, (str, bytes)) or not hasattr(sentences, "__iter__"):
        raise ValueError("sentences must be a Corpus or a list of token lists")
    sentences = list(sentences)
    if not sentences or not any(len(s) for s in sentences):
        raise ValueError("sentences is empty: nothing to train on")
    for i, s in enumerate(sentences):
        if isinstance(s, (str, bytes)) or not all(isinstance(t, str) for t in s):
            raise ValueError(f"sentence {i} must be a list of str tokens, got {type(s).__name__}")
    return sentences


def _build(sentences, seed, params):
    """A gensim model with its vocabulary and initial vectors (``params`` already resolved)."""
    from gensim.models import Word2Vec

    model = Word2Vec(seed=seed, **params)
    model.build_vocab(sentences)
    if len(model.wv) == 0:
        raise ValueError(f"no word occurs min_count={params['min_count']} times: the vocabulary is empty")
    return model


def _context(model, params):
    """The context matrix comparable to the word vectors: ``syn1neg``, which exists only with negative sampling."""
    if params["negative"] > 0:
        return np.array(model.syn1neg)
    raise ValueError(
        "negative=0 (hierarchical softmax only): there is no context matrix comparable to the word vectors "
        "(the rows of gensim's syn1 are inner nodes of a Huffman tree, not words); train with negative > 0"
    )


def _train(sentences, seed, params, sampling_seed=None, *, with_context=True):
    """Train on validated ``sentences`` with resolved ``params``; return ``(kv, C)`` (``C`` is None if not asked)."""
    if with_context:
        _context_available(params)
    model = _build(sentences, seed, params)
    if sampling_seed is not None:
        model.random = np.random.RandomState(sampling_seed)
    model.train(sentences, total_examples=model.corpus_count, epochs=model.epochs)
    return model.wv, (_context(model, params) if with_context else None)


def _context_available(params):
    if params["negative"] == 0:
        _context(None, params)


def train_word2vec(sentences, *, seed=0, sampling_seed=None, **params):
    """Train gensim word2vec and return its word vectors.

    Parameters
    ----------
    sentences : Corpus or list of list of str
        The training corpus.
    seed : int
        Seeds the initial vectors *and* the random stream used during training
        (negative samples, frequent-word subsampling, window shrinking).
        An integer in ``[0, 2**32)``.
    sampling_seed : int, optional
        Re-seeds only the training stream, so that the two sources of
        randomness can be varied separately.  ``sampling_seed=seed`` gives the
        same vectors as ``None``.
    **params
        gensim ``Word2Vec`` arguments.  Unspecified ones take the course's
        defaults, ``DEFAULT_PARAMS`` (skip-gram, ``vector_size=100``,
        ``window=5``, ``min_count=5``, ``negative=5``, ``epochs=5``,
        ``workers=1``), then gensim's own (``sample=1e-3``, ``hs=0``, ``alpha=0.025`` …).

    Returns
    -------
    gensim.models.KeyedVectors
        The word vectors, rows sorted by decreasing corpus frequency; the
        counts are in ``kv.expandos["count"]``.  Same arguments and
        ``workers=1`` ⇒ bit-identical vectors, in any process.

    Raises
    ------
    TypeError
        For an unknown parameter name.
    ValueError
        For an empty corpus, non-string tokens, a bad seed or parameter value
        (``negative < 0``, ``sg`` not 0/1, ``hs=0`` with ``negative=0`` …) or an empty vocabulary.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> corpus = load_corpus("lee", max_tokens=5000)
    >>> kv = train_word2vec(corpus, seed=0, vector_size=20, epochs=1)
    >>> kv.vectors.shape[1]
    20
    """
    seed = check_seed(seed)
    sampling_seed = check_seed(sampling_seed, "sampling_seed", optional=True)
    resolved = resolve_params(params)
    return _train(_sentences(sentences), seed, resolved, sampling_seed, with_context=False)[0]


def initial_vectors(sentences, *, seed=0, with_context=True, **params):
    """The vectors gensim starts from, before any training step.

    In gensim 4 every coordinate of a word vector is drawn uniformly from
    ``[-1/d, 1/d)`` with ``numpy.random.default_rng(seed)``; context vectors
    (``syn1neg``) start at 0.

    Parameters
    ----------
    sentences : Corpus or list of list of str
        The corpus (it sets the vocabulary and its order).
    seed : int
        The seed of the run, in ``[0, 2**32)``.
    with_context : bool
        Also return the initial context matrix.  It exists only with negative
        sampling (``negative > 0``).
    **params
        As for :func:`train_word2vec` (same defaults).

    Returns
    -------
    (KeyedVectors, ndarray) or KeyedVectors
        ``(kv0, C0)`` with ``with_context=True`` (``C0`` has the shape of
        ``kv0.vectors``), else ``kv0``: the same vocabulary and order as a model
        trained with the same parameters.

    Raises
    ------
    ValueError
        As :func:`train_word2vec`; also ``with_context=True`` with ``negative=0``.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> kv0, C0 = initial_vectors(load_corpus("lee", max_tokens=5000), vector_size=10)
    >>> float(abs(kv0.vectors).max()) < 1 / 10, bool(C0.any())
    (True, False)
    """
    seed = check_seed(seed)
    resolved = resolve_params(params)
    if with_context:
        _context_available(resolved)
    model = _build(_sentences(sentences), seed, resolved)
    return (model.wv, _context(model, resolved)) if with_context else model.wv


def train_with_loss(sentences, *, seed=0, sampling_seed=None, order_seed=None, **params):
    """Train like :func:`train_word2vec`, optionally in a shuffled document order; also return the loss of every epoch.

    Parameters
    ----------
    sentences : Corpus or list of list of str
        The training corpus.  The vocabulary — hence the row of each word, its
        initial vector and the negative-sampling table — is always built from
        ``sentences`` in the order given.
    seed, sampling_seed : int
        As for :func:`train_word2vec`.
    order_seed : int, optional
        Train on the documents in the order
        ``numpy.random.default_rng(order_seed).permutation(n_documents)`` (the
        same order in every epoch), the vocabulary still being built from the
        original order.  (Shuffling the corpus before :func:`train_word2vec`
        changes more than the order: gensim keeps words of equal frequency in
        order of first appearance, so their rows and initial vectors would
        change too.)  Note that with the same training stream a new order also
        pairs the stream's random draws (subsampling, window sizes, negative
        samples) with other words.  ``None``: the order given.
    **params
        gensim ``Word2Vec`` arguments, defaults as in :func:`train_word2vec`;
        ``compute_loss`` and ``callbacks`` are set here and may not be passed.

    Returns
    -------
    (KeyedVectors, ndarray)
        The word vectors — bit-identical to :func:`train_word2vec` with the same
        arguments when ``order_seed`` is None and ``workers=1`` — and ``loss``,
        shape ``(epochs,)``, float64.  ``loss[e]`` is gensim's running training
        loss tallied during epoch ``e``: the sum over the epoch's training pairs
        (input word w, output word c, negatives n) of
        −log σ(w·c) − Σₙ log σ(−w·n), each term computed with the vectors of the
        moment of its update, terms with abs(w·c) ≥ 6 skipped (gensim's table
        range).  It is the loss seen along the way, not the loss of the final
        vectors.  gensim accumulates it in float32 over the whole ``train`` call;
        the tally is reset at the end of every epoch, so that each value is one
        epoch's sum and stays small enough for float32 (gensim issue #2735).
        With ``workers > 1`` the threads overwrite each other's tally (gensim
        issue #2743): the loss is then not measured and ``loss`` is all NaN.

    Raises
    ------
    TypeError
        For an unknown parameter.
    ValueError
        As :func:`train_word2vec`; also for a bad ``order_seed`` or when
        ``compute_loss`` or ``callbacks`` is passed.

    Examples
    --------
    >>> from embstab_lib import load_corpus
    >>> kv, loss = train_with_loss(load_corpus("lee", max_tokens=5000), vector_size=10, epochs=3)
    >>> loss.shape, bool((loss > 0).all())
    ((3,), True)
    """
    from gensim.models.callbacks import CallbackAny2Vec

    seed = check_seed(seed)
    sampling_seed = check_seed(sampling_seed, "sampling_seed", optional=True)
    order_seed = check_seed(order_seed, "order_seed", optional=True)
    for name in ("compute_loss", "callbacks"):
        if name in params:
            raise ValueError(f"{name} is set by train_with_loss and may not be passed")
    resolved = resolve_params(params)
    sents = _sentences(sentences)
    model = _build(sents, seed, resolved)
    if sampling_seed is not None:
        model.random = np.random.RandomState(sampling_seed)
    if order_seed is not None:
        sents = [sents[i] for i in np.random.default_rng(order_seed).permutation(len(sents))]

    class EpochLoss(CallbackAny2Vec):
        def __init__(self):
            self.losses = []

        def on_epoch_end(self, m):
            self.losses.append(float(m.get_latest_training_loss()))
            m.running_training_loss = 0.0

    tally = EpochLoss()
    model.train(sents, total_examples=len(sents), epochs=model.epochs, compute_loss=True, callbacks=[tally])
    loss = np.array(tally.losses, dtype=np.float64)
    return model.wv, (loss if resolved["workers"] == 1 else np.full(model.epochs, np.nan))
