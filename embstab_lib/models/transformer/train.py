"""Training the tiny Transformer language model on a corpus: reproducible, cached, in worker processes.

Every run trains in a fresh worker process (``python -m embstab_lib.models.transformer._worker``) on the CPU with
one XLA thread (:data:`WORKER_ENV`), so that the same seeds give bit-identical parameters whatever the caller's
JAX configuration; runs that are missing from the cache are trained in parallel, one process per core.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ...corpora import Corpus
from ...corpora.bundled import sentences_fingerprint
from ...store import cache_dir, cache_key, discard, make_keyed_vectors, try_atomic_write
from .fit import OPTIMIZERS
from .layers import NORMS

__all__ = ["UNK", "LM_DEFAULTS", "WORKER_ENV", "LMRun", "lm_vocabulary", "lm_batches", "train_lm", "train_lms"]

UNK = "<unk>"
#: The course's settings: ≈ 35 s of one core per run of 1 000 steps (V = 1 001, d = 64, 2 blocks of 4 heads).
LM_DEFAULTS = dict(
    vocab_size=1001,
    d_model=64,
    n_layers=2,
    n_heads=4,
    d_ff=256,
    context=64,
    batch_size=16,
    steps=1000,
    record_every=125,
    optimizer="adamw",
    lr=3e-3,
    warmup=100,
    weight_decay=0.01,
    clip=1.0,
    init_scale=1.0,
    norm="rms",
    tie=False,
)
#: What every worker process sets: CPU only, one XLA thread, 32-bit floats.
WORKER_ENV = {
    "JAX_PLATFORMS": "cpu",
    "JAX_ENABLE_X64": "0",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
}
_VERSION = 1
_INTS = (
    "vocab_size",
    "d_model",
    "n_layers",
    "n_heads",
    "d_ff",
    "context",
    "batch_size",
    "steps",
    "record_every",
    "warmup",
)
_FLOATS = ("lr", "weight_decay", "clip", "init_scale")


@dataclass(frozen=True)
class LMRun:
    """One trained language model.

    ``kv``: the token embeddings E after training as ``KeyedVectors`` (words most frequent first, ``"<unk>"``
    included, counts in ``kv.expandos["count"]``); ``E0``: their initial value (same rows); ``loss``: the training
    loss of every step (nats); ``snapshots``: ``{step: E}`` every ``record_every`` steps (the last one is ``kv``'s);
    ``params``: every parameter (NumPy, as :func:`~embstab_lib.models.transformer.model.init_lm`); ``settings``:
    every setting, with ``init_seed`` and ``data_seed``.
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


def _check_int(value, name, low=1):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < low:
        raise ValueError(f"{name} must be an integer ≥ {low}, got {value!r}")
    return int(value)


def _settings(given) -> dict:
    s = {**LM_DEFAULTS, **given}
    unknown = sorted(set(s) - set(LM_DEFAULTS))
    if unknown:
        raise TypeError(f"unknown setting(s) {unknown}; known: {sorted(LM_DEFAULTS)}")
    for name in _INTS:
        s[name] = _check_int(s[name], name, low=0 if name == "warmup" else (2 if name == "vocab_size" else 1))
    for name in _FLOATS:
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
    if s["optimizer"] not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {s['optimizer']!r}")
    if s["norm"] not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}, got {s['norm']!r}")
    if not isinstance(s["tie"], (bool, np.bool_)):
        raise TypeError(f"tie must be True or False, got {s['tie']!r}")
    s["tie"] = bool(s["tie"])
    if s["d_model"] % s["n_heads"] or s["d_model"] % 2:
        raise ValueError(f"d_model = {s['d_model']} must be even and a multiple of n_heads = {s['n_heads']}")
    if s["steps"] % s["record_every"]:
        raise ValueError(f"steps = {s['steps']} must be a multiple of record_every = {s['record_every']}")
    return s


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

    Returns
    -------
    ndarray of int32, shape (steps, batch_size, context + 1)

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


def _seed_pair(item):
    if isinstance(item, tuple) and len(item) == 2:
        return _check_int(item[0], "init_seed", 0), _check_int(item[1], "data_seed", 0)
    seed = _check_int(item, "seed", 0)
    return seed, seed


def train_lms(corpus, seeds, *, n_jobs=None, cache=True, **settings) -> list:
    """Train (or load from the cache) one language model per seed.

    Parameters
    ----------
    corpus : Corpus or list of list of str
    seeds : sequence of int or of (init_seed, data_seed)
        An int s means (s, s).  ``init_seed`` draws the initial parameters, ``data_seed`` the batches: varying one
        at a time separates the two sources of randomness.
    n_jobs : int, optional
        Worker processes for the missing runs (default: the cores available, at most one per run).  The result
        does not depend on it.
    cache : bool
        Read and write the disk cache (keyed by the corpus fingerprint, both seeds, every setting, the versions of
        JAX, jaxlib, optax and NumPy and the cache schema).
    **settings
        See :data:`LM_DEFAULTS`: ``vocab_size``, ``d_model``, ``n_layers``, ``n_heads``, ``d_ff``, ``context``,
        ``batch_size``, ``steps``, ``record_every``, ``optimizer``, ``lr``, ``warmup``, ``weight_decay``,
        ``clip``, ``init_scale``, ``norm`` (``"rms"`` or ``"layer"``), ``tie``.

    Returns
    -------
    list of LMRun
        In the order of ``seeds``.

    Raises
    ------
    TypeError
        An unknown setting, a corpus that is not a list of token lists.
    ValueError
        Bad seeds (repeated, negative, ≥ 2**32) or settings; no document longer than ``context``.
    RuntimeError
        A worker process failed (the end of its error output is included).
    """
    pairs = [_seed_pair(x) for x in (seeds if isinstance(seeds, (list, tuple)) else [seeds])]
    if not pairs or len(set(pairs)) != len(pairs):
        raise ValueError(f"seeds must be a non-empty list of distinct seeds, got {seeds!r}")
    if any(x >= 2**32 for p in pairs for x in p):
        raise ValueError("seeds must be < 2**32")
    if not isinstance(cache, (bool, np.bool_)):
        raise TypeError(f"cache must be True or False, got {cache!r}")
    s = _settings(settings)
    words, counts, docs = lm_vocabulary(corpus, s["vocab_size"])
    if not any(len(d) > s["context"] for d in docs):
        raise ValueError(f"no document is longer than context = {s['context']} tokens")
    fingerprint = corpus.fingerprint if isinstance(corpus, Corpus) else sentences_fingerprint(corpus)
    paths = {
        p: cache_dir()
        / "transformer"
        / f"lm-{cache_key(kind='transformer-lm', version=_VERSION, corpus=fingerprint, init_seed=p[0], data_seed=p[1], settings=s, versions=_versions())}.npz"  # noqa: E501
        for p in pairs
    }
    runs = {p: _load(paths[p], s, *p) if cache else None for p in pairs}
    missing = [p for p in pairs if runs[p] is None]
    if missing:
        jobs = _jobs(n_jobs, len(missing))
        for p, arrays in _train_in_workers(words, counts, docs, s, missing, jobs).items():
            runs[p] = _to_run(arrays, s, *p)
            if cache:

                def write(tmp, a=arrays):
                    with open(tmp, "wb") as fh:
                        np.savez(fh, **a)

                try_atomic_write(paths[p], write)
    return [runs[p] for p in pairs]


def train_lm(corpus, *, seed=0, init_seed=None, data_seed=None, cache=True, **settings) -> LMRun:
    """Train (or load) one language model: :func:`train_lms` with one seed.

    ``seed`` gives both the initial parameters and the batches unless ``init_seed`` or ``data_seed`` is given.

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


def _jobs(n_jobs, n_missing):
    if n_jobs is not None:
        return min(_check_int(n_jobs, "n_jobs"), n_missing)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, n_missing))


def worker_env() -> dict:
    """The environment of a worker process: the caller's, this copy of the library first on the path, and
    :data:`WORKER_ENV` (one XLA thread on the CPU)."""
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[3])
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    env.update(WORKER_ENV)
    return env


def _train_in_workers(words, counts, docs, s, pairs, jobs) -> dict:
    with tempfile.TemporaryDirectory(prefix="embstab-lm-") as tmp:
        tmp = Path(tmp)
        np.savez(
            tmp / "data.npz",
            words=np.array(words, dtype=str),
            counts=counts,
            ids=np.concatenate(docs),
            lengths=np.array([len(d) for d in docs], dtype=np.int64),
        )
        procs = []
        try:
            for i in range(jobs):
                chunk = pairs[i::jobs]
                spec = {
                    "data": str(tmp / "data.npz"),
                    "settings": s,
                    "runs": [[a, b, str(tmp / f"run-{a}-{b}.npz")] for a, b in chunk],
                }
                (tmp / f"job-{i}.json").write_text(json.dumps(spec), encoding="utf-8")
                with open(tmp / f"job-{i}.err", "wb") as err:
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "embstab_lib.models.transformer._worker", str(tmp / f"job-{i}.json")],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=err,
                        env=worker_env(),
                    )
                procs.append((proc, chunk, tmp / f"job-{i}.err"))
            failed = [(chunk, err) for proc, chunk, err in procs if proc.wait() != 0]
        finally:
            for proc, _, _ in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if failed:
            chunk, err = failed[0]
            tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            raise RuntimeError(f"the worker process training seeds {chunk} failed:\n" + "\n".join(tail))
        out = {}
        for a, b in pairs:
            with np.load(tmp / f"run-{a}-{b}.npz", allow_pickle=False) as f:
                out[(a, b)] = {k: f[k] for k in f.files}
        return out
