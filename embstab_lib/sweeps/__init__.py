"""Parameter sweeps: configurations × seeds, trained and measured in parallel, cached, as a tidy list of records.

``sweep(configs, seeds, measure=...)`` trains one word2vec run per (configuration, seed) — or reads it from the
disk cache that :func:`~embstab_lib.runs.train_seeds` shares with every chapter — applies ``measure`` to each run
(or, with ``pairs=True``, to each pair of seeds of a configuration) and returns one ``dict`` per run or pair.

Parallelism goes through **joblib**, so the backend is the caller's choice.  The default runs local worker
processes (``loky``); a cluster takes one context manager and ``n_jobs=-1`` (every worker of the cluster)::

    import joblib
    from dask.distributed import Client        # pip install "dask[distributed]"
    client = Client("tcp://scheduler:8786")     # or Client() for a local cluster
    with joblib.parallel_config(backend="dask"):
        records = es.sweep(configs, seeds, measure=es.pair_measures, pairs=True, n_jobs=-1)

    from ray.util.joblib import register_ray    # pip install ray
    register_ray()
    with joblib.parallel_config(backend="ray"):
        records = es.sweep(configs, seeds, measure=es.pair_measures, pairs=True, n_jobs=-1)

Every worker needs ``embstab_lib`` installed.  The records come back to the caller, which caches them; trained
models are cached where the worker runs (point ``EMBSTAB_CACHE`` at a shared folder to share them).  A task
carries only its configuration, seeds and measure: each worker rebuilds the corpus from the configuration
(reading the disk cache), never receives it pickled, and keeps the last four corpora it built in memory
(tasks are handed out grouped by corpus).

The result does not depend on the backend or on ``n_jobs``: each task runs with one BLAS thread and gensim's
``workers=1``, so a parallel sweep is bit-identical to a serial one (``n_jobs=1``).
"""

from __future__ import annotations

import hashlib
import inspect
import json
import warnings
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .. import __version__
from ..corpora import Corpus, load_corpus
from ..corpora.bundled import CORPORA, token_file
from ..corpora.synthetic import GENERATOR_VERSION, synthetic_corpus
from ..models.params import cache_params, check_seed, resolve_params
from ..models.ppmi import PPMI_VERSION, ppmi_svd
from ..runs import default_jobs, model_path, train_seeds
from ..stats import mean_ci, pairwise_ci, seed_pairs
from ..store import CacheWarning, cache_dir, cache_key, load_cached_vectors, try_atomic_write

__all__ = ["SWEEP_VERSION", "SweepRun", "sweep", "sweep_corpus", "sweep_intervals", "sweep_runs"]

#: Bump when the corpus a configuration describes, or a record, would change for the same key.
SWEEP_VERSION = 1
#: Configuration keys that describe the corpus (everything else is a word2vec parameter).
SYNTHETIC_KEYS = ("n_tokens", "vocab_size", "dim", "truth_seed", "sample_seed", "sentence_length", "zipf")
CORPUS_KEYS = ("corpus", "fraction", "fraction_seed", *SYNTHETIC_KEYS)
#: ``config["model"]``: gensim word2vec (default) or the deterministic PPMI + SVD baseline (no seed).
MODELS = ("word2vec", "ppmi-svd")
#: The parameters of ``"ppmi-svd"`` and their defaults (``vector_size`` is ``ppmi_svd``'s ``dim``).
PPMI_DEFAULTS = {"vector_size": 100, "window": 5, "min_count": 5, "cds": 0.75, "eig_power": 0.5}


def _split(config) -> tuple[dict, dict]:
    """``(corpus part, word2vec parameters)`` of a validated configuration."""
    corpus = {k: v for k, v in config.items() if k in CORPUS_KEYS}
    return corpus, {k: v for k, v in config.items() if k not in CORPUS_KEYS and k != "model"}


def _check_config(config, i) -> dict:
    if not isinstance(config, dict) or not all(isinstance(k, str) for k in config):
        raise TypeError(f"configs[{i}] must be a dict with str keys, got {type(config).__name__}")
    if config.get("model", "word2vec") not in MODELS:
        raise ValueError(f"configs[{i}]['model'] must be one of {MODELS}, got {config['model']!r}")
    name = config.get("corpus")
    if name not in (*CORPORA, "synthetic"):
        raise ValueError(f"configs[{i}]['corpus'] must be one of {(*CORPORA, 'synthetic')}, got {name!r}")
    synthetic = [k for k in SYNTHETIC_KEYS if k in config]
    if name != "synthetic" and synthetic:
        raise ValueError(f"configs[{i}] has {synthetic[0]!r}, which only a 'synthetic' corpus takes")
    if name == "synthetic":
        missing = [k for k in ("n_tokens", "vocab_size", "dim") if k not in config]
        if missing:
            raise ValueError(f"configs[{i}]: a synthetic corpus needs {missing[0]!r}")
    fraction = config.get("fraction", 1.0)
    if (
        isinstance(fraction, bool)
        or not isinstance(fraction, (int, float, np.integer, np.floating))
        or not 0 < float(fraction) <= 1
    ):
        raise ValueError(f"configs[{i}]['fraction'] must be a number in (0, 1], got {fraction!r}")
    check_seed(config.get("fraction_seed", 0), f"configs[{i}]['fraction_seed']")
    cache_key(config=config)  # ValueError for a value that cannot identify a result
    return config


@lru_cache(maxsize=4)
def _corpus(spec: str):
    spec = json.loads(spec)
    if spec["corpus"] == "synthetic":
        corpus, words, truth = synthetic_corpus(
            spec["n_tokens"],
            vocab_size=spec["vocab_size"],
            dim=spec["dim"],
            seed=spec.get("truth_seed", 0),
            sample_seed=spec.get("sample_seed"),
            sentence_length=spec.get("sentence_length", 20),
            zipf=spec.get("zipf", 1.0),
        )
        truth = dict(zip(words, truth))
    else:
        corpus, truth = load_corpus(spec["corpus"]), None
    fraction = float(spec.get("fraction", 1.0))
    if fraction < 1:
        docs, goal = corpus.sentences, round(fraction * corpus.n_tokens)
        if goal == 0:
            raise ValueError(f"fraction={fraction:g} of the {corpus.n_tokens} tokens of {corpus.name!r} is no token")
        order, kept, total = np.random.default_rng(spec.get("fraction_seed", 0)).permutation(len(docs)), [], 0
        for i in order:  # documents in a random order (nested: a smaller fraction is part of a larger one) ...
            if total >= goal:
                break
            kept.append(i)
            total += len(docs[i])
        last = int(kept[-1])  # the last document drawn is cut at the goal ...
        cut = {last: len(docs[last]) - (total - goal)}
        kept.sort()  # ... and the documents are kept in corpus order
        sentences = [docs[i][: cut.get(i, len(docs[i]))] for i in kept]
        corpus = Corpus(f"{corpus.name}-{fraction:g}", [s for s in sentences if s])
    return corpus, corpus.fingerprint, truth


def _spec(config) -> str:
    return json.dumps(_split(config)[0], sort_keys=True)


def sweep_corpus(config) -> Corpus:
    """The corpus a sweep configuration describes.

    Parameters
    ----------
    config : dict
        ``"corpus"``: ``"wiki-sample"``, ``"lee"``, ``"text8"`` (:func:`~embstab_lib.load_corpus`) or
        ``"synthetic"`` (:func:`~embstab_lib.synthetic_corpus` with ``n_tokens``, ``vocab_size``, ``dim`` and
        optionally ``truth_seed`` (its ``seed``, default 0), ``sample_seed``, ``sentence_length``, ``zipf``);
        ``"fraction"`` in (0, 1] (default 1): whole documents in the random order
        ``default_rng(fraction_seed).permutation`` (``fraction_seed`` default 0) until ``round(fraction × tokens)``
        tokens, the last one cut, kept in corpus order — so the fractions of one seed are nested.  Every other
        key describes the model (ignored here).

    Returns
    -------
    Corpus

    Raises
    ------
    TypeError, ValueError
        A configuration that is not a dict, an unknown corpus, a synthetic key for a bundled corpus, a missing
        synthetic size, a fraction outside (0, 1].

    Examples
    --------
    >>> sweep_corpus({"corpus": "lee", "fraction": 0.5}).n_tokens == round(0.5 * load_corpus("lee").n_tokens)
    True
    """
    return _corpus(_spec(_check_config(config, 0)))[0]


@dataclass(frozen=True)
class SweepRun:
    """One trained run of a sweep: its configuration, its seed and its word vectors ``kv``."""

    config: dict
    seed: int
    kv: object

    @property
    def truth(self) -> np.ndarray:
        """The planted vectors of a synthetic corpus, row i = word ``kv.index_to_key[i]`` (shape (V_kv, dim)).

        Raises ``ValueError`` for a configuration whose corpus is not synthetic.
        """
        truth = _corpus(_spec(self.config))[2]
        if truth is None:
            raise ValueError(f"corpus {self.config['corpus']!r} has no planted vectors: only 'synthetic' has")
        return np.array([truth[w] for w in self.kv.index_to_key])


def _ppmi_params(params) -> dict:
    unknown = sorted(set(params) - set(PPMI_DEFAULTS))
    if unknown:
        raise TypeError(f"unknown ppmi-svd parameter {unknown[0]!r}; it takes {', '.join(PPMI_DEFAULTS)}")
    out = {**PPMI_DEFAULTS, **params}
    for k in ("vector_size", "window", "min_count"):
        if isinstance(out[k], (bool, np.bool_)) or not isinstance(out[k], (int, np.integer)) or out[k] < 1:
            raise ValueError(f"{k} must be a positive integer, got {out[k]!r}")
    for k in ("cds", "eig_power"):
        if (
            isinstance(out[k], (bool, np.bool_))
            or not isinstance(out[k], (int, float, np.integer, np.floating))
            or not 0 <= float(out[k]) <= 1
        ):
            raise ValueError(f"{k} must be a number in [0, 1], got {out[k]!r}")
    return {k: (float(v) if k in ("cds", "eig_power") else int(v)) for k, v in out.items()}


def _params(config) -> dict:
    if config.get("model", "word2vec") == "ppmi-svd":
        return _ppmi_params(_split(config)[1])
    return resolve_params(_split(config)[1], for_cache=True)


def _load_run(config, seed) -> SweepRun:
    corpus, fingerprint, _ = _corpus(_spec(config))
    p = _params(config)
    if config.get("model", "word2vec") == "ppmi-svd":  # deterministic: the seed plays no part
        kw = {k: v for k, v in p.items() if k != "vector_size"}
        return SweepRun(config, seed, ppmi_svd(corpus, dim=p["vector_size"], **kw))
    cached = load_cached_vectors(
        model_path(fingerprint, seed, p), vector_size=p["vector_size"], need_context=p["negative"] > 0
    )
    kv = cached[0] if cached is not None else train_seeds(corpus, [seed], n_jobs=1, **_split(config)[1])[0]
    return SweepRun(config, seed, kv)


def _measure_id(measure, kwargs):
    """What identifies a measure's results in a cache key, or None when it cannot be identified."""
    name = getattr(measure, "__qualname__", None)
    if name is None or "<locals>" in name or getattr(measure, "__closure__", None):
        return None
    try:
        source = inspect.getsource(measure)
    except (OSError, TypeError):
        return None
    return {
        "name": f"{measure.__module__}.{name}",
        "source": hashlib.sha256(source.encode()).hexdigest(),
        "kwargs": kwargs,
        "library": __version__,
    }


def _clean(values, where) -> dict:
    if not isinstance(values, dict) or not all(isinstance(k, str) for k in values):
        raise TypeError(f"the measure must return a dict with str keys, got {type(values).__name__} ({where})")
    out = {}
    for k, v in values.items():
        if isinstance(v, (bool, np.bool_)):
            out[k] = bool(v)
        elif isinstance(v, (int, np.integer)):
            out[k] = int(v)
        elif isinstance(v, (float, np.floating)):
            out[k] = float(v)
        elif isinstance(v, str) or v is None:
            out[k] = v
        else:
            raise TypeError(
                f"the measure returned {k}={v!r} ({type(v).__name__}) for {where}: "
                "values must be numbers, strings or None"
            )
    return json.loads(json.dumps(out))  # what a cache file gives back, so that every path returns the same


def _task(kind, config, seeds, measure, kwargs):
    """Run in a worker (or in this process when n_jobs = 1): train or load the runs, then measure them."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        runs = [_load_run(config, s) for s in seeds]
        if kind == "train":
            return None
        return _clean(measure(*runs, **kwargs), f"config {config}, seeds {list(seeds)}")


def _indexed(i, *task):
    return i, _task(*task)


def _execute(tasks, n_jobs, desc, progress):
    """Results of ``_task(*t)`` for every task, in the order of ``tasks``."""
    from joblib import Parallel, delayed
    from tqdm import tqdm

    if not tasks:
        return []
    jobs = default_jobs(len(tasks)) if n_jobs is None else n_jobs
    results = [None] * len(tasks)
    order = sorted(range(len(tasks)), key=lambda i: _spec(tasks[i][1]))  # grouped by corpus: each is built once
    out = Parallel(n_jobs=jobs, return_as="generator_unordered")(delayed(_indexed)(i, *tasks[i]) for i in order)
    for i, value in tqdm(out, total=len(tasks), desc=desc, disable=not progress, mininterval=1.0):
        results[i] = value
    return results


def _record_path(config, seeds, ident):
    import gensim

    corpus = _split(config)[0]
    reader = None if corpus["corpus"] == "synthetic" else token_file(corpus["corpus"]).name
    key = cache_key(
        kind="sweep",
        version=SWEEP_VERSION,
        corpus=corpus,
        reader=reader,
        generator=GENERATOR_VERSION,
        model=config.get("model", "word2vec"),
        ppmi=PPMI_VERSION,
        params=_params(config) if config.get("model") == "ppmi-svd" else cache_params(_params(config)),
        seeds=list(seeds),
        measure=ident,
        gensim=gensim.__version__,
        numpy=np.__version__,
    )
    return cache_dir() / "sweeps" / f"{key}.json"


def _read_record(path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        warnings.warn(f"cache file {path} is unreadable ({exc}); it is recomputed", CacheWarning, stacklevel=3)
        return None


def _check_common(configs, seeds, n_jobs, min_seeds):
    if isinstance(configs, dict) or not isinstance(configs, (list, tuple)) or not configs:
        raise TypeError("configs must be a non-empty list of dicts")
    configs = [_check_config(c, i) for i, c in enumerate(configs)]
    if isinstance(seeds, (str, bytes)) or not hasattr(seeds, "__iter__"):
        raise TypeError(f"seeds must be a list of integers, got {type(seeds).__name__}")
    seeds = [check_seed(s) for s in seeds]
    if len(set(seeds)) != len(seeds) or len(seeds) < min_seeds:
        raise ValueError(f"seeds must be at least {min_seeds} distinct integers, got {seeds}")
    if n_jobs is not None and (
        isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or not (n_jobs >= 1 or n_jobs == -1)
    ):
        raise ValueError(f"n_jobs must be a positive integer, -1 (every worker) or None, got {n_jobs!r}")
    for c in configs:
        _params(c)  # TypeError / ValueError for a bad word2vec parameter, before any work
    return configs, seeds, None if n_jobs is None else int(n_jobs)


def sweep(configs, seeds, *, measure, n_jobs=None, pairs=False, measure_kwargs=None, progress=True):
    """Train and measure every (configuration, seed) — or every pair of seeds — in parallel, with a disk cache.

    Parameters
    ----------
    configs : list of dict
        Each names a corpus (see :func:`sweep_corpus`), a ``"model"`` — ``"word2vec"`` (default) or
        ``"ppmi-svd"`` (:func:`~embstab_lib.ppmi_svd`: deterministic, every seed gives the same run) — and its
        parameters: for word2vec any of :func:`~embstab_lib.train_seeds`'s (defaults as there), for ppmi-svd
        ``vector_size`` (its ``dim``), ``window``, ``min_count``, ``cds``, ``eig_power``.  E.g.
        ``{"corpus": "wiki-sample", "fraction": 0.5, "vector_size": 50}``.  Values: numbers, strings, None.
    seeds : sequence of int
        Distinct training seeds, used for every configuration (at least 2 with ``pairs=True``).
    measure : callable
        ``measure(run, **measure_kwargs)`` — or ``measure(run_a, run_b, **measure_kwargs)`` with ``pairs=True`` —
        where a run is a :class:`SweepRun`; returns a dict of numbers (or strings/None).  With the ``loky``
        backend a function defined in a notebook works too (it is sent to the workers by value).
    n_jobs : int, optional
        Worker processes; default: the cores this process may use, at most one per task and at most 8; ``1``
        runs everything in this process; ``-1`` every worker of the active joblib backend.
    pairs : bool
        Measure every pair of seeds (``seed_pairs(seeds)``) of each configuration instead of every run.
    measure_kwargs : dict, optional
        Keyword arguments of ``measure`` (numbers, strings, lists of them): part of the cache key.
    progress : bool
        Show a progress bar (tqdm) while tasks are computed (nothing is shown when everything is cached).

    Returns
    -------
    list of dict
        One record per (configuration, seed) — ``{**config, "seed": s, **values}`` — or per (configuration,
        pair) — ``{**config, "seed_a": a, "seed_b": b, **values}`` — configurations in the order given, seeds in
        the order given.  Bit-identical whatever ``n_jobs`` and backend.

    Raises
    ------
    TypeError
        ``configs`` not a list of dicts, a non-callable ``measure``, a measure that does not return a dict of
        numbers, an unknown word2vec parameter.
    ValueError
        A bad configuration (see :func:`sweep_corpus`), repeated or bad seeds, fewer than 2 seeds for pairs, a bad
        ``n_jobs``, a word2vec parameter that cannot be cached (``workers != 1``), a value name shared with a
        configuration key.

    Notes
    -----
    Cache: trained runs are the files of :func:`~embstab_lib.train_seeds` (shared with the chapters).  Records
    are stored under ``$EMBSTAB_CACHE/sweeps``, keyed by the configuration, the corpus reader, the seeds, every
    word2vec parameter, gensim's and NumPy's versions and the measure: its qualified name, its source code, its
    ``measure_kwargs`` and the library's version.  A change in a helper the measure calls is *not* seen (as for
    ``joblib.Memory``): rename the measure or pass a ``version`` in ``measure_kwargs``.  A measure whose source
    is unavailable, a closure or a local function is recomputed every time (the runs stay cached).

    Examples
    --------
    >>> def size(run):
    ...     return {"words": len(run.kv)}
    >>> configs = [{"corpus": "lee", "fraction": 0.1, "vector_size": 8}]
    >>> sweep(configs, [0], measure=size, progress=False)  # doctest: +SKIP
    [{'corpus': 'lee', 'fraction': 0.1, 'vector_size': 8, 'seed': 0, 'words': 318}]
    """
    configs, seeds, n_jobs = _check_common(configs, seeds, n_jobs, 2 if pairs else 1)
    if not callable(measure):
        raise TypeError(f"measure must be a function, got {type(measure).__name__}")
    if not isinstance(pairs, bool) or not isinstance(progress, bool):
        raise TypeError("pairs and progress must be True or False")
    kwargs = dict(measure_kwargs or {})
    ident = _measure_id(measure, kwargs)
    if ident is not None:
        cache_key(measure=ident)  # ValueError when measure_kwargs cannot be part of a key
    units = [(c, p) for c in configs for p in (seed_pairs(seeds) if pairs else [(s,) for s in seeds])]
    paths = [None if ident is None else _record_path(c, p, ident) for c, p in units]
    values = [None if path is None else _read_record(path) for path in paths]
    todo = [i for i, v in enumerate(values) if v is None]
    if pairs and todo:  # train every run first, so that no two pair tasks train the same run at once
        first = {}
        for i in todo:
            for s in units[i][1]:
                first.setdefault((json.dumps(units[i][0], sort_keys=True), s), (units[i][0], s))
        _execute([("train", c, (s,), None, {}) for c, s in first.values()], n_jobs, "training", progress)
    computed = _execute(
        [("measure", units[i][0], units[i][1], measure, kwargs) for i in todo], n_jobs, "measuring", progress
    )
    for i, v in zip(todo, computed):
        values[i] = v
        if paths[i] is not None:
            try_atomic_write(paths[i], lambda t, v=v: t.write_text(json.dumps(v), encoding="utf-8"))
    records = []
    for (config, p), v in zip(units, values):
        ids = {"seed": p[0]} if not pairs else {"seed_a": p[0], "seed_b": p[1]}
        clash = sorted(set(v) & (set(config) | set(ids)))
        if clash:
            raise ValueError(f"the measure returned {clash[0]!r}, which is already a configuration key")
        records.append({**config, **ids, **v})
    return records


def sweep_runs(configs, seeds, *, n_jobs=None, progress=True) -> list:
    """The trained runs of a sweep, as :class:`SweepRun` objects (configurations × seeds, in that order).

    Missing runs are trained in parallel exactly as by :func:`sweep` (same cache, same results); then every
    run is read from the cache in this process.  Use it for measures that need all the runs at once.

    Parameters
    ----------
    configs, seeds, n_jobs, progress
        As for :func:`sweep`.

    Returns
    -------
    list of SweepRun
        ``len(configs) * len(seeds)`` runs; run ``i * len(seeds) + j`` has ``configs[i]`` and ``seeds[j]``.

    Raises
    ------
    TypeError, ValueError
        As :func:`sweep`.
    """
    configs, seeds, n_jobs = _check_common(configs, seeds, n_jobs, 1)
    if not isinstance(progress, bool):
        raise TypeError("progress must be True or False")
    missing = []
    for c in configs:
        _, fingerprint, _ = _corpus(_spec(c))
        p = _params(c)
        ppmi = c.get("model", "word2vec") == "ppmi-svd"  # its own cache: a task is quick when it is there
        missing += [(c, s) for s in seeds if ppmi or not model_path(fingerprint, s, p).exists()]
    _execute([("train", c, (s,), None, {}) for c, s in missing], n_jobs, "training", progress)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        units = [(c, s) for c in configs for s in seeds]
        loaded = {}
        for i in sorted(range(len(units)), key=lambda i: _spec(units[i][0])):  # grouped by corpus
            loaded[i] = _load_run(*units[i])
        return [loaded[i] for i in range(len(units))]


def _group(records, by):
    keys = (by,) if isinstance(by, str) else tuple(by) if isinstance(by, (list, tuple)) else ()
    if not keys or not all(isinstance(k, str) for k in keys):
        raise TypeError(f"by must be a key or a sequence of keys, got {by!r}")
    groups = {}
    for i, r in enumerate(records):
        missing = [k for k in keys if k not in r]
        if missing:
            raise ValueError(f"records[{i}] has no key {missing[0]!r}")
        groups.setdefault(r[keys[0]] if isinstance(by, str) else tuple(r[k] for k in keys), []).append(r)
    return groups


def sweep_intervals(records, value, *, by) -> dict:
    """Mean and 95 % seed-level interval of ``value`` for each group of records of :func:`sweep`.

    Records of pairs (with ``seed_a``/``seed_b``) get :func:`~embstab_lib.pairwise_ci` — pairs share seeds —
    and records of runs (with ``seed``) get :func:`~embstab_lib.mean_ci` over the seeds (independent runs).

    Parameters
    ----------
    records : list of dict
        What :func:`sweep` returned (or a subset of it).
    value : str
        The measured value to summarise.
    by : str or sequence of str
        The configuration key(s) that define a group, e.g. ``"vector_size"`` or ``("fraction", "vector_size")``.

    Returns
    -------
    dict
        ``{group value (a tuple for several keys): Interval}``, in the order the groups first appear.

    Raises
    ------
    TypeError
        ``records`` not a list of dicts, a bad ``by``.
    ValueError
        No records, a record without ``value`` or a ``by`` key, a group with too few seeds for an interval
        (3 for pairs, 2 for runs), or a group that mixes runs and pairs.

    Examples
    --------
    >>> recs = [{"d": 10, "seed_a": a, "seed_b": b, "cka": 0.5 + 0.1 * a} for a, b in [(0, 1), (0, 2), (1, 2)]]
    >>> str(sweep_intervals(recs, "cka", by="d")[10])
    '0.533 [0.246, 0.820]'
    """
    if not isinstance(records, (list, tuple)) or not all(isinstance(r, dict) for r in records):
        raise TypeError("records must be a list of dicts (what sweep returned)")
    if not records:
        raise ValueError("records is empty")
    if not isinstance(value, str):
        raise TypeError(f"value must be a key (str), got {type(value).__name__}")
    out = {}
    for key, group in _group(records, by).items():
        if any(value not in r for r in group):
            raise ValueError(f"a record of group {key!r} has no value {value!r}")
        kinds = {("seed_a" in r and "seed_b" in r, "seed" in r) for r in group}
        if len(kinds) != 1 or kinds == {(False, False)}:
            raise ValueError(f"group {key!r} must hold only records of pairs (seed_a, seed_b) or only runs (seed)")
        values = [r[value] for r in group]
        if kinds == {(True, False)} or kinds == {(True, True)}:
            out[key] = pairwise_ci(values, [(r["seed_a"], r["seed_b"]) for r in group])
        else:
            out[key] = mean_ci(values)
    return out
