"""Worker processes of :func:`~embstab_lib.models.transformer.train.train_lms`.

Each worker is a fresh ``python -m embstab_lib.models.transformer._worker SPEC.json`` process with the environment
:data:`WORKER_ENV` (CPU only, one XLA thread, 32-bit floats): it reads the token ids from a temporary ``.npz``,
trains its share of the runs and writes each to a temporary ``.npz``.  Nothing is pickled, and the caller's
``__main__`` is never imported again.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np

from .data import _check_int

__all__ = ["WORKER_ENV", "worker_env", "jobs_for", "train_in_workers"]

#: What every worker process sets: CPU only, one XLA thread, 32-bit floats.
WORKER_ENV = {
    "JAX_PLATFORMS": "cpu",
    "JAX_ENABLE_X64": "0",
    "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1",
}


def jobs_for(n_jobs, n_missing):
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


def _cost(s):
    """The rough training time of one run with the settings ``s``: tokens seen × (1 + 2.4 per block).

    Measured on the course's model (V = 1 001, d = 64, one core): about 6 ms per step with no block (embedding, final
    norm and output matrix), about 35 ms with 2 blocks, so a block costs about 2.4 times the rest.
    """
    return s["steps"] * s["batch_size"] * s["context"] * (1 + 2.4 * s.get("n_layers", 0))


def _assign(specs, jobs):
    """Longest runs first (by :func:`_cost`), each to the least loaded worker: lists of indices into ``specs``."""
    load, shares = [0.0] * jobs, [[] for _ in range(jobs)]
    for i in sorted(range(len(specs)), key=lambda i: -_cost(specs[i][2])):
        w = load.index(min(load))
        shares[w].append(i)
        load[w] += _cost(specs[i][2])
    return [s for s in shares if s]


def train_in_workers(vocab, specs, jobs) -> list:
    """Train the runs ``specs`` (``(init_seed, data_seed, settings)``) in ``jobs`` worker processes.

    ``vocab`` maps each ``vocab_size`` of the specs to its :func:`~.data.lm_vocabulary`.  Returns the arrays of
    every run, in the order of ``specs``.

    Raises
    ------
    RuntimeError
        When a worker fails, with the end of its error output.
    """
    with tempfile.TemporaryDirectory(prefix="embstab-lm-") as tmp:
        tmp = Path(tmp)
        for V, (words, counts, docs) in vocab.items():
            np.savez(
                tmp / f"data-{V}.npz",
                words=np.array(words, dtype=str),
                counts=counts,
                ids=np.concatenate(docs),
                lengths=np.array([len(d) for d in docs], dtype=np.int64),
            )
        procs = []
        try:
            for w, share in enumerate(_assign(specs, jobs)):
                runs = [
                    {
                        "data": str(tmp / f"data-{specs[i][2]['vocab_size']}.npz"),
                        "init_seed": specs[i][0],
                        "data_seed": specs[i][1],
                        "settings": specs[i][2],
                        "out": str(tmp / f"run-{i}.npz"),
                    }
                    for i in share
                ]
                (tmp / f"job-{w}.json").write_text(json.dumps(runs), encoding="utf-8")
                with open(tmp / f"job-{w}.err", "wb") as err:
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "embstab_lib.models.transformer._worker", str(tmp / f"job-{w}.json")],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=err,
                        env=worker_env(),
                    )
                procs.append((proc, [specs[i][:2] for i in share], tmp / f"job-{w}.err"))
            failed = [(seeds, err) for proc, seeds, err in procs if proc.wait() != 0]
        finally:
            for proc, _, _ in procs:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
        if failed:
            seeds, err = failed[0]
            tail = err.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-15:]
            raise RuntimeError(f"the worker process training the runs {seeds} failed:\n" + "\n".join(tail))
        out = []
        for i in range(len(specs)):
            with np.load(tmp / f"run-{i}.npz", allow_pickle=False) as f:
                out.append({k: f[k] for k in f.files})
        return out
