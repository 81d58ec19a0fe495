"""A Bengio-style next-word model in NumPy: the setting of the popular "How stable are embeddings?" challenge.

The model (Bengio et al. 2003, without the direct connections; the challenge's embedding → linear → ReLU →
linear):

    x = [E[w_{t−n}], …, E[w_{t−1}]] ∈ ℝ^{n d},   h = ReLU(x W₁ + b₁) ∈ ℝ^H,   p(w_t | context) = softmax(h W₂ + b₂),

trained on the cross-entropy of the next word with AdamW (the update written out in :func:`_adamw`, as in
``torch.optim.AdamW``: β = (0.9, 0.999), ε = 1e-8, decoupled weight decay), mini-batches in a random order.
The initialisation is PyTorch's: E ~ N(0, 1) (``nn.Embedding``), W and b ~ U(−1/√fan_in, 1/√fan_in)
(``nn.Linear``).  Words outside the ``vocab_size − 1`` most frequent ones become ``"<unk>"``.

Everything random comes from ``numpy.random.default_rng(seed)``: the same seed gives bit-identical vectors
(float32, single-threaded BLAS assumed; the course's notebooks run with one BLAS thread).  Runs are cached on
disk, keyed by the corpus fingerprint, the seed and every setting.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..corpora import Corpus
from ..store import cache_dir, cache_key, discard, load_cached_vectors, make_keyed_vectors, try_atomic_write

__all__ = ["UNK", "NextWordRun", "unk_corpus", "train_nextword", "NEXTWORD_DEFAULTS"]

UNK = "<unk>"
#: The course's settings (≈ 10 s per epoch on the wiki sample on one core).
NEXTWORD_DEFAULTS = dict(
    dim=32, hidden=64, context=3, vocab_size=1000, epochs=1, batch_size=512, lr=2e-3, weight_decay=0.01, init_scale=1.0
)
_VERSION = 1


@dataclass(frozen=True)
class NextWordRun:
    """One trained next-word model: the embedding matrix as ``kv`` (with counts), its initial value ``E0``
    (same rows), the mean training loss per epoch, the settings."""

    kv: object = field(repr=False)
    E0: np.ndarray = field(repr=False)
    loss: np.ndarray
    settings: dict


def _docs(corpus):
    if isinstance(corpus, Corpus):
        return corpus.name, corpus.sentences
    if (
        isinstance(corpus, (str, bytes))
        or not isinstance(corpus, (list, tuple))
        or any(isinstance(d, (str, bytes)) or not isinstance(d, (list, tuple)) for d in corpus)
    ):
        raise TypeError("corpus must be a Corpus or a list of documents, each a list of str tokens")
    return "custom", [list(d) for d in corpus]


def unk_corpus(corpus, vocab_size) -> Corpus:
    """The corpus with every token outside the ``vocab_size − 1`` most frequent words replaced by ``"<unk>"``.

    Parameters
    ----------
    corpus : Corpus or list of list of str
        Must not contain the token ``"<unk>"`` already.
    vocab_size : int
        ≥ 2; the vocabulary of the result has at most this many words, ``"<unk>"`` included.

    Returns
    -------
    Corpus
        Named ``"<name>-unk<vocab_size>"``; the same documents and lengths.  Train skip-gram on it with
        ``min_count=1`` to get exactly the vocabulary of :func:`train_nextword`.

    Raises
    ------
    TypeError, ValueError
        Not a corpus, a bad ``vocab_size``, a corpus without tokens or already containing ``"<unk>"``.

    Examples
    --------
    >>> unk_corpus([["a", "b", "a", "c"]], 2).sentences
    [['a', '<unk>', 'a', '<unk>']]
    """
    name, docs = _docs(corpus)
    if isinstance(vocab_size, (bool, np.bool_)) or not isinstance(vocab_size, (int, np.integer)) or vocab_size < 2:
        raise ValueError(f"vocab_size must be an integer ≥ 2, got {vocab_size!r}")
    tally = Counter()
    for d in docs:
        tally.update(d)
    if not tally:
        raise ValueError(f"corpus {name!r} has no tokens")
    if UNK in tally:
        raise ValueError(f"corpus {name!r} already contains the token {UNK!r}")
    keep = {w for w, _ in sorted(tally.items(), key=lambda wc: -wc[1])[: int(vocab_size) - 1]}
    return Corpus(name=f"{name}-unk{int(vocab_size)}", sentences=[[t if t in keep else UNK for t in d] for d in docs])


def _examples(docs, context):
    """Vocabulary (most frequent first), counts, and the (contexts, targets) arrays of every full window."""
    tally = Counter()
    for d in docs:
        tally.update(d)
    words = [w for w, _ in sorted(tally.items(), key=lambda wc: -wc[1])]
    index = {w: i for i, w in enumerate(words)}
    ctx, tgt = [], []
    for d in docs:
        ids = np.array([index[t] for t in d], dtype=np.int32)
        if ids.size > context:
            ctx.append(np.lib.stride_tricks.sliding_window_view(ids[:-1], context))
            tgt.append(ids[context:])
    if not tgt:
        raise ValueError(f"no document is longer than context={context} tokens")
    return words, np.array([tally[w] for w in words], dtype=np.int64), np.concatenate(ctx), np.concatenate(tgt)


def _adamw(p, g, m, v, t, lr, wd, b1=0.9, b2=0.999, eps=1e-8):
    """One AdamW step in place (torch.optim.AdamW): p ← p(1 − lr·wd) − lr m̂ / (√v̂ + ε)."""
    p *= 1 - lr * wd
    m *= b1
    m += (1 - b1) * g
    v *= b2
    v += (1 - b2) * g * g
    step = lr / (1 - b1**t)
    p -= step * m / (np.sqrt(v / (1 - b2**t)) + eps)


def _loss_and_grads(params, c, y):
    """Summed cross-entropy of a batch (contexts ``c`` (b, n), targets ``y`` (b,)) and the gradients of its mean."""
    E, W1, b1, W2, b2 = params
    b, n = c.shape
    X = E[c].reshape(b, -1)
    z = X @ W1 + b1
    h = np.maximum(z, 0)
    logits = h @ W2 + b2
    logits -= logits.max(axis=1, keepdims=True)
    P = np.exp(logits)
    P /= P.sum(axis=1, keepdims=True)
    loss_sum = float(-np.log(np.maximum(P[np.arange(b), y], 1e-30)).sum())
    P[np.arange(b), y] -= 1
    P /= b  # d(mean loss)/d logits
    dh = (P @ W2.T) * (z > 0)
    dE = np.zeros_like(E)
    np.add.at(dE, c.ravel(), (dh @ W1.T).reshape(b * n, -1))
    return loss_sum, [dE, X.T @ dh, dh.sum(axis=0), h.T @ P, P.sum(axis=0)]


def _train(docs, seed, s):
    f32 = np.float32
    words, counts, ctx, tgt = _examples(docs, s["context"])
    V, d, H, n = len(words), s["dim"], s["hidden"], s["context"]
    rng = np.random.default_rng(seed)
    E = (s["init_scale"] * rng.standard_normal((V, d))).astype(f32)
    lim1, lim2 = 1 / np.sqrt(n * d), 1 / np.sqrt(H)
    W1 = rng.uniform(-lim1, lim1, (n * d, H)).astype(f32)
    b1 = rng.uniform(-lim1, lim1, H).astype(f32)
    W2 = rng.uniform(-lim2, lim2, (H, V)).astype(f32)
    b2 = rng.uniform(-lim2, lim2, V).astype(f32)
    E0 = E.copy()
    params = [E, W1, b1, W2, b2]
    moments = [(np.zeros_like(p), np.zeros_like(p)) for p in params]
    losses, t, B = [], 0, s["batch_size"]
    for _ in range(s["epochs"]):
        order = rng.permutation(tgt.size)
        total = 0.0
        for start in range(0, tgt.size, B):
            idx = order[start : start + B]
            loss_sum, grads = _loss_and_grads(params, ctx[idx], tgt[idx])
            total += loss_sum
            t += 1
            for p, g, (m, v) in zip(params, grads, moments):
                _adamw(p, g, m, v, t, s["lr"], s["weight_decay"])
        losses.append(total / tgt.size)
    return words, counts, E, E0, np.array(losses)


def _settings(params):
    s = {**NEXTWORD_DEFAULTS, **params}
    unknown = set(s) - set(NEXTWORD_DEFAULTS)
    if unknown:
        raise TypeError(f"unknown setting(s) {sorted(unknown)}; known: {sorted(NEXTWORD_DEFAULTS)}")
    for name in ("dim", "hidden", "context", "vocab_size", "epochs", "batch_size"):
        v = s[name]
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, (int, np.integer))
            or v < (2 if name == "vocab_size" else 1)
        ):
            raise ValueError(f"{name} must be a positive integer{' ≥ 2' if name == 'vocab_size' else ''}, got {v!r}")
        s[name] = int(v)
    for name in ("lr", "weight_decay", "init_scale"):
        v = s[name]
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, (int, float, np.integer, np.floating))
            or not np.isfinite(v)
            or v < 0
            or (name != "weight_decay" and v == 0)
        ):
            raise ValueError(f"{name} must be a finite number {'≥ 0' if name == 'weight_decay' else '> 0'}, got {v!r}")
        s[name] = float(v)
    return s


def train_nextword(corpus, *, seed=0, cache=True, **settings) -> NextWordRun:
    """Train the next-word model of the module docstring once (cached).

    Parameters
    ----------
    corpus : Corpus or list of list of str
        Tokens outside the ``vocab_size − 1`` most frequent words are replaced by ``"<unk>"``
        (:func:`unk_corpus`); the examples are all windows of ``context + 1`` consecutive tokens of a document.
    seed : int
        In [0, 2**32): initial parameters and the order of the mini-batches.
    cache : bool
        Read and write the disk cache.
    **settings
        ``dim`` (32), ``hidden`` (64), ``context`` (3), ``vocab_size`` (1000), ``epochs`` (1), ``batch_size``
        (512), ``lr`` (2e-3), ``weight_decay`` (0.01): see :data:`NEXTWORD_DEFAULTS`.

    Returns
    -------
    NextWordRun
        ``kv``: the embedding matrix E (float32, V × dim; words most frequent first, ``"<unk>"`` included, counts
        in ``kv.expandos["count"]``); ``E0``: its initial value; ``loss``: mean cross-entropy per epoch (nats;
        a uniform guess scores log V).

    Raises
    ------
    TypeError
        An unknown setting, a corpus that is not a list of token lists.
    ValueError
        A bad seed or setting; no document longer than ``context`` tokens.

    Examples
    --------
    >>> run = train_nextword([["a", "b", "c", "a", "b", "c"] * 20], seed=0, vocab_size=4, dim=2, hidden=4,
    ...                      context=2, epochs=3, batch_size=8, lr=0.05, cache=False)
    >>> run.kv.vectors.shape, bool(run.loss[-1] < run.loss[0])
    ((3, 2), True)
    """
    name, docs = _docs(corpus)
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")
    if not isinstance(cache, (bool, np.bool_)):
        raise TypeError(f"cache must be True or False, got {cache!r}")
    s = _settings(settings)
    types = {t for d in docs for t in d}
    if UNK not in types:
        data = unk_corpus(Corpus(name, docs), s["vocab_size"])
    elif len(types) <= s["vocab_size"]:  # already restricted (e.g. by unk_corpus)
        data = Corpus(name, docs)
    else:
        raise ValueError(f"the corpus contains {UNK!r} and more than vocab_size={s['vocab_size']} distinct tokens")
    path = None
    if cache:
        key = cache_key(
            kind="nextword", version=_VERSION, corpus=data.fingerprint, seed=int(seed), settings=s, numpy=np.__version__
        )
        path = cache_dir() / "nextword" / f"nextword-{key}.npz"
        cached = _load(path, s, int(seed))
        if cached is not None:
            return cached
    words, counts, E, E0, loss = _train(data.sentences, int(seed), s)
    run = NextWordRun(make_keyed_vectors(words, E, counts), E0, loss, {**s, "seed": int(seed)})
    if path is not None:
        arrays = dict(W=E, words=np.array(words, dtype=str), counts=counts, E0=E0, loss=loss)

        def write(tmp):
            with open(tmp, "wb") as fh:
                np.savez(fh, **arrays)

        try_atomic_write(path, write)
    return run


def _load(path, s, seed):
    loaded = load_cached_vectors(path, vector_size=s["dim"])
    if loaded is None:
        return None
    try:
        with np.load(path, allow_pickle=False) as z:
            E0, loss = z["E0"], z["loss"]
    except Exception as exc:  # a damaged file of any kind: rebuild it
        discard(path, exc)
        return None
    kv = loaded[0]
    if E0.shape != kv.vectors.shape or loss.shape != (s["epochs"],) or not np.isfinite(loss).all():
        discard(path, "E0 or loss has the wrong shape")
        return None
    return NextWordRun(kv, E0, loss, {**s, "seed": seed})
