"""Worker processes for :func:`embstab_lib.runs.train_seeds`.

Each worker is a fresh ``python -m embstab_lib.runs._worker SPEC.json``
process: it re-reads the corpus (from its cached token file when the corpus
came from ``load_corpus``, else from one temporary JSON-lines file written
here), checks its fingerprint, trains its share of the seeds with
``workers=1`` and writes each run to a temporary ``.npz``.  Nothing is
pickled, and the caller's ``__main__`` is never imported again.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ..models.params import cache_params
from ..store import load_vectors, try_atomic_write


def _child_env() -> dict:
    """The caller's environment, with this copy of ``embstab_lib`` first on the import path."""
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([root, *filter(None, [env.get("PYTHONPATH")])])
    return env


def _corpus_source(corpus, fingerprint, tmp: Path) -> dict:
    if corpus.source is not None and corpus.source[2] == fingerprint:
        name, max_tokens, _ = corpus.source
        return {"corpus": name, "max_tokens": max_tokens}
    path = tmp / "corpus.jsonl"
    with open(path, "w", encoding="utf-8") as fh:
        for s in corpus.sentences:
            fh.write(json.dumps(list(s), ensure_ascii=False))
            fh.write("\n")
    return {"file": str(path)}


def train_in_workers(corpus, fingerprint, seeds, params, sampling_seed, jobs, paths, expect) -> dict:
    """Train ``seeds`` in ``jobs`` worker processes; store each run at ``paths[seed]``; return ``{seed: (kv, C)}``.

    Raises
    ------
    RuntimeError
        When a worker fails, with the end of its error output.
    """
    with tempfile.TemporaryDirectory(prefix="embstab-runs-") as tmp:
        tmp = Path(tmp)
        source = _corpus_source(corpus, fingerprint, tmp)
        procs = []
        try:
            for i in range(jobs):
                chunk = seeds[i::jobs]
                spec = {
                    "source": source,
                    "fingerprint": fingerprint,
                    "params": cache_params(params),
                    "sampling_seed": sampling_seed,
                    "runs": [[s, str(tmp / f"seed-{s}.npz")] for s in chunk],
                }
                spec_path = tmp / f"job-{i}.json"
                spec_path.write_text(json.dumps(spec), encoding="utf-8")
                with open(tmp / f"job-{i}.err", "wb") as err:
                    proc = subprocess.Popen(
                        [sys.executable, "-m", "embstab_lib.runs._worker", str(spec_path)],
                        stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL,
                        stderr=err,
                        env=_child_env(),
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
        results = {}
        for s in seeds:
            trained = tmp / f"seed-{s}.npz"
            results[s] = load_vectors(trained, **expect)
            try_atomic_write(paths[s], lambda t, src=trained: shutil.copyfile(src, t))
        return results
