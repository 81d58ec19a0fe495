"""Sweep tasks: run in worker processes (or in this one), identified and cached by a key."""

from __future__ import annotations

import hashlib
import inspect
import json
import warnings

import numpy as np

from .. import __version__
from ..corpora.bundled import token_file
from ..corpora.synthetic import GENERATOR_VERSION
from ..models.params import cache_params
from ..models.ppmi import PPMI_VERSION
from ..runs import default_jobs
from ..store import CacheWarning, cache_dir, cache_key
from .config import SWEEP_VERSION, _corpus, _load_run, _params, _spec, _split


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
    if jobs != 1:  # write every corpus's cache file here first: workers only read them, never build one at once
        for spec in dict.fromkeys(_spec(t[1]) for t in tasks):
            _corpus(spec)
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
