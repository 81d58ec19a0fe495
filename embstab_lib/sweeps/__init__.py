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

import json

import numpy as np

from ..models.params import check_seed
from ..runs import model_path
from ..stats import mean_ci, pairwise_ci, seed_pairs
from ..store import cache_key, try_atomic_write
from .config import SWEEP_VERSION, SweepRun, _check_config, _corpus, _load_run, _params, _spec, sweep_corpus
from .execute import _execute, _measure_id, _read_record, _record_path

__all__ = ["SWEEP_VERSION", "SweepRun", "sweep", "sweep_corpus", "sweep_intervals", "sweep_runs"]


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
    Backends: the tasks go through joblib, so ``with joblib.parallel_config(backend="dask"):`` (after
    ``dask.distributed.Client(...)``) or ``backend="ray"`` (after ``ray.util.joblib.register_ray()``) around the
    call, with ``n_jobs=-1``, runs them on a cluster (see the module docstring); the records are the same.

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
