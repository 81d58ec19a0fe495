"""Training the tiny Transformer language model on a corpus: reproducible, cached, in worker processes.

Every run trains in a fresh worker process (``python -m embstab_lib.models.transformer._worker``) on the CPU with
one XLA thread (:data:`~._pool.WORKER_ENV`); runs that are missing from the cache are trained in parallel, one
process per core.  The settings, their defaults and their validation are in :mod:`.settings`.

What is guaranteed about threads: a worker's environment sets ``JAX_PLATFORMS`` and ``XLA_FLAGS`` itself (one XLA
thread), overriding the caller's, so the caller's JAX and thread settings never reach the training: the same seeds
and settings give the same bits whatever they are, on one machine with one set of versions
(``tests/test_transformer.py`` trains in processes started with different ``XLA_FLAGS`` and hash seeds).  What is
not claimed: that XLA's multi-threaded CPU runtime would give the same bits as one thread.  XLA does not promise
it; the test saw it only for a tiny model (d = 8, one block) on a 2-core machine — hence the one thread per worker.

Rows: ``kv`` holds the LM's own vocabulary in its own order (:func:`~.data.lm_vocabulary`: most frequent first,
ties in the order in which the words first appear in the corpus; gensim's word2vec orders ties the other way
round), with ``"<unk>"`` as one more word — at row 0 with the course's settings (``vocab_size = 1001`` on the wiki
sample: it stands for every rarer word, 159 045 tokens against 34 028 for "the").  Two LM runs on one corpus with
one ``vocab_size`` share their rows; against a word2vec run, or another corpus or ``vocab_size``, match runs by
word (``es.shared_matrices``), never by row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import numpy as np

from ...corpora import Corpus
from ...corpora.bundled import sentences_fingerprint
from ...store import cache_dir, cache_key, discard, make_keyed_vectors, try_atomic_write
from ._pool import jobs_for, train_in_workers
from .data import _check_int, lm_batches, lm_vocabulary
from .layers import require_jax
from .settings import LM_DEFAULTS, _spec

__all__ = ["LM_DEFAULTS", "LMRun", "train_lm", "train_lms"]

_VERSION = 1


@dataclass(frozen=True)
class LMRun:
    """One trained language model.

    ``kv``: the token embeddings E after training as ``KeyedVectors`` (counts in ``kv.expandos["count"]``).  Its
    rows follow the LM's own frequency order (:func:`~.data.lm_vocabulary`), ``"<unk>"`` included as one more word
    (row 0 with the course's settings), ties ordered otherwise than by gensim: compare it with a word2vec run, or
    with an LM on another corpus or ``vocab_size``, by word (``es.shared_matrices``), not by row.
    ``E0``: their initial value (same rows); ``loss``: the training loss of every step (nats); ``snapshots``:
    ``{step: E}`` every ``record_every`` steps (the last one is ``kv``'s); ``params``: every parameter (NumPy, as
    :func:`~embstab_lib.models.transformer.model.init_lm`); ``settings``: every setting, with ``init_seed`` and
    ``data_seed``.
    """

    kv: object = field(repr=False)
    E0: np.ndarray = field(repr=False)
    loss: np.ndarray = field(repr=False)
    snapshots: dict = field(repr=False)
    params: dict = field(repr=False)
    settings: dict

    def kv_at(self, step):
        """The embeddings after ``step`` steps (a step in ``snapshots``) as ``KeyedVectors``."""
        if step not in self.snapshots:
            raise ValueError(f"no snapshot at step {step!r}; recorded: {sorted(self.snapshots)}")
        return make_keyed_vectors(self.kv.index_to_key, self.snapshots[step], self.kv.expandos["count"])


def _train(words, counts, docs, s, init_seed, data_seed):
    """Train one model in this process; the arrays to store (see :func:`_to_run`)."""
    from .fit import lm_fit
    from .model import init_lm, params_to_numpy

    params = init_lm(
        len(words),
        seed=init_seed,
        d_model=s["d_model"],
        n_layers=s["n_layers"],
        d_ff=s["d_ff"],
        init_scale=s["init_scale"],
        tie=s["tie"],
    )
    E0 = np.array(params["embed"])
    batches = lm_batches(docs, seed=data_seed, steps=s["steps"], batch_size=s["batch_size"], context=s["context"])
    snaps = []
    params, loss = lm_fit(
        params,
        batches,
        n_heads=s["n_heads"],
        norm=s["norm"],
        optimizer=s["optimizer"],
        lr=s["lr"],
        warmup=s["warmup"],
        weight_decay=s["weight_decay"],
        clip=s["clip"],
        chunk=s["record_every"],
        on_chunk=lambda t, p: snaps.append(np.array(p["embed"])),
    )
    arrays = {
        "W": snaps[-1],
        "words": np.array(words, dtype=str),
        "counts": counts,
        "E0": E0,
        "loss": loss,
        "snapshots": np.stack(snaps),
    }
    arrays.update({f"param:{k}": v for k, v in _flatten(params_to_numpy(params)).items()})
    return arrays


def _flatten(params, prefix=""):
    out = {}
    for k, v in params.items() if isinstance(params, dict) else enumerate(params):
        name = f"{prefix}{k}"
        if isinstance(v, (dict, list)):
            out.update(_flatten(v, name + "."))
        else:
            out[name] = np.asarray(v)
    return out


def _unflatten(flat):
    params = {"blocks": []}
    for name, v in flat.items():
        parts = name.split(".")
        if parts[0] == "blocks":
            i = int(parts[1])
            while len(params["blocks"]) <= i:
                params["blocks"].append({})
            params["blocks"][i][parts[2]] = v
        else:
            params[parts[0]] = v
    return params


def _to_run(z, s, init_seed, data_seed):
    V, d = len(z["words"]), s["d_model"]
    n_snap = s["steps"] // s["record_every"]
    shapes = {"W": (V, d), "E0": (V, d), "loss": (s["steps"],), "snapshots": (n_snap, V, d), "counts": (V,)}
    for name, shape in shapes.items():
        if name not in z or z[name].shape != shape or not np.isfinite(z[name]).all():
            raise ValueError(f"{name} is missing, has the wrong shape or is not finite")
    params = _unflatten({k[6:]: z[k] for k in z if k.startswith("param:")})
    if len(params["blocks"]) != s["n_layers"] or not np.array_equal(params.get("embed"), z["W"]):
        raise ValueError("the stored parameters do not match the settings")
    steps = [s["record_every"] * (i + 1) for i in range(n_snap)]
    kv = make_keyed_vectors([str(w) for w in z["words"]], z["W"], z["counts"])
    return LMRun(
        kv,
        z["E0"],
        z["loss"],
        dict(zip(steps, z["snapshots"])),
        params,
        {**s, "init_seed": init_seed, "data_seed": data_seed},
    )


def _load(path, s, init_seed, data_seed):
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as f:
            return _to_run({k: f[k] for k in f.files}, s, init_seed, data_seed)
    except Exception as exc:  # a damaged file of any kind: report, delete, retrain
        discard(path, exc)
        return None


def _versions():
    from importlib.metadata import version

    return {name: version(name) for name in ("jax", "jaxlib", "optax")} | {"numpy": np.__version__}


def train_lms(corpus, seeds, *, n_jobs=None, cache=True, **settings) -> list:
    """Train (or load from the cache) one language model per entry of ``seeds``.

    Parameters
    ----------
    corpus : Corpus or list of list of str
    seeds : sequence of int, (init_seed, data_seed) or dict
        An int s means (s, s).  ``init_seed`` draws the initial parameters, ``data_seed`` the batches: varying one
        at a time separates the two sources of randomness.  A dict holds ``seed`` (or ``init_seed`` and
        ``data_seed``) and settings of this run only, e.g. ``{"seed": 0, "init_scale": 1.0, "steps": 500}``.
    n_jobs : int, optional
        Worker processes for the missing runs (default: the cores available, at most one per run); the longest
        runs are handed out first.  The result does not depend on it, nor on the caller's JAX or thread settings:
        every worker pins one XLA thread on the CPU.
    cache : bool
        Read and write the disk cache (keyed by the corpus fingerprint, both seeds, every setting, the versions of
        JAX, jaxlib, optax and NumPy and the cache schema).
    **settings
        For every run; see :data:`LM_DEFAULTS`: ``vocab_size``, ``d_model``, ``n_layers``, ``n_heads``, ``d_ff``,
        ``context``, ``batch_size``, ``steps``, ``record_every``, ``optimizer``, ``lr``, ``warmup``,
        ``weight_decay``, ``clip``, ``init_scale``, ``norm`` (``"rms"`` or ``"layer"``), ``tie``.

    Returns
    -------
    list of LMRun
        In the order of ``seeds``.  The rows of every ``run.kv`` are the LM's vocabulary in its own frequency order,
        ``"<unk>"`` included (see :class:`LMRun`): match them with other models by word, not by row.

    Raises
    ------
    TypeError
        An unknown setting, a corpus that is not a list of token lists.
    ValueError
        Bad or repeated seeds, bad settings; no document longer than ``context``.
    RuntimeError
        A worker process failed (the end of its error output is included).
    """
    if isinstance(seeds, (str, bytes, dict)) or not isinstance(seeds, (list, tuple, range)):
        raise TypeError(f"seeds must be a list of seeds, got {type(seeds).__name__}")
    specs = [_spec(x, settings) for x in seeds]
    keys = [json.dumps([a, b, s], sort_keys=True) for a, b, s in specs]
    if not specs or len(set(keys)) != len(keys):
        raise ValueError(f"seeds must be a non-empty list of distinct runs, got {seeds!r}")
    if not isinstance(cache, (bool, np.bool_)):
        raise TypeError(f"cache must be True or False, got {cache!r}")
    require_jax()  # here, with a clear message, rather than in a worker process
    vocab = {}
    for _, _, s in specs:
        if s["vocab_size"] not in vocab:
            vocab[s["vocab_size"]] = lm_vocabulary(corpus, s["vocab_size"])
        if not any(len(d) > s["context"] for d in vocab[s["vocab_size"]][2]):
            raise ValueError(f"no document is longer than context = {s['context']} tokens")
    fingerprint = corpus.fingerprint if isinstance(corpus, Corpus) else sentences_fingerprint(corpus)
    versions = _versions()
    paths = [
        cache_dir()
        / "transformer"
        / "lm-{}.npz".format(
            cache_key(
                kind="transformer-lm",
                version=_VERSION,
                corpus=fingerprint,
                init_seed=a,
                data_seed=b,
                settings=s,
                versions=versions,
            )
        )
        for a, b, s in specs
    ]
    runs = [_load(path, s, a, b) if cache else None for path, (a, b, s) in zip(paths, specs)]
    missing = [i for i, r in enumerate(runs) if r is None]
    if missing:
        trained = train_in_workers(vocab, [specs[i] for i in missing], jobs_for(n_jobs, len(missing)))
        for i, arrays in zip(missing, trained):
            runs[i] = _to_run(arrays, *specs[i][2:], *specs[i][:2])
            if cache:

                def write(tmp, a=arrays):
                    with open(tmp, "wb") as fh:
                        np.savez(fh, **a)

                try_atomic_write(paths[i], write)
    return runs


def train_lm(corpus, *, seed=0, init_seed=None, data_seed=None, cache=True, **settings) -> LMRun:
    """Train (or load) one language model: :func:`train_lms` with one seed.

    ``seed`` gives both the initial parameters and the batches unless ``init_seed`` or ``data_seed`` is given.  The
    run trains in one worker process with one XLA thread, whatever the caller's settings; the rows of ``run.kv``
    are the LM's vocabulary in its own order, ``"<unk>"`` included (see :class:`LMRun`).

    Examples
    --------
    >>> tiny = dict(vocab_size=4, d_model=8, n_heads=2, n_layers=1, d_ff=16, context=8, batch_size=4, steps=40)
    >>> run = train_lm([["a", "b", "c", "a"] * 20], seed=0, record_every=20, cache=False, **tiny)  # doctest: +SKIP
    >>> run.kv.vectors.shape, bool(run.loss[-1] < run.loss[0])  # doctest: +SKIP
    ((4, 8), True)
    """
    seed = _check_int(seed, "seed", 0)
    pair = (seed if init_seed is None else init_seed, seed if data_seed is None else data_seed)
    return train_lms(corpus, [pair], n_jobs=1, cache=cache, **settings)[0]
