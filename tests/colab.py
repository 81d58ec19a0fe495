"""Run the chapters as a learner's Colab does, once per test session.

What a learner's Colab does, and what this module does instead of it:

* a fresh Python environment with Jupyter (and JAX, which Colab preinstalls)
  → a fresh virtual environment with ``ipykernel`` (and JAX/optax when requirements.txt pins them), nothing else;
* the notebook's own set-up cell installs ``embstab_lib`` from GitHub
  → the same set-up cell, pointed at a local clone of the repository by the mechanism of ``make set-repo``
  (``tools/set_repo_url.py file:///…``); the clone is a snapshot of the working tree, uncommitted changes included;
  pip is constrained to the versions pinned in requirements.txt, so the run is reproducible;
* the notebook runs in Colab's ``/content``, outside any repository, with an empty model cache
  → each notebook runs in a temporary folder outside the repository, with a model cache that is empty when the
  session starts (the notebooks of one session share it, as one learner's runs would on one machine).

The first notebook is run alone: its set-up cell installs the library into the fresh environment (two set-up cells
running ``pip install`` at the same moment in one environment would race); every other notebook's set-up cell then
finds the library importable, exactly as on a website build.  The notebooks start longest first (``run_order``),
from their last measured times, so that the two running at a time end together.  Sharing the one environment is the
same as giving each chapter its own because every set-up cell of a language is the same, character for character
(``test_every_setup_cell_installs_the_same_thing`` in tests/test_notebooks_static.py).  Sharing the model cache
(the cost of running every chapter with its own empty cache would be about five more minutes of training the same
runs again) means that each model is trained cold once, by the first chapter that needs it, so a chapter that reuses
an earlier chapter's models runs faster here than on a fresh Colab runtime; ``tools/run_times.py`` records these times
(``_data/run_times.tsv``) and says so.

Each notebook's checks log their outcomes to their own ``EMBSTAB_CHECK_LOG`` file, the log the teachers' grader
(``python -m embstab_lib.grade``) reads: tests/test_student_export.py asserts that every exercise is "not done" from its
stub and then "correct" from its solution.  Notebooks then run two at a time (2 cores), English
first, Vietnamese second.

Each notebook is run once, in *learner order*: first the student notebook exactly as ``python -m embstab_lib.assign``
exports it (the chapter, then every exercise's stub, solutions removed), then the solution cells, in order, with
strict checks.  The first part is a student's run of the exported notebook (every stub must say "not done yet" and
nothing may fail without the solutions); the whole is the chapter with its solutions, each of which must pass its
check.  (A solution runs after the later exercises' stubs: an exercise must not rebind names an earlier solution
reads.)  The one execution serves three purposes: ``tests/test_notebooks_run.py`` asserts that the chapter and its
solutions ran with strict checks, ``tests/test_student_export.py`` asserts on the student part, and the outputs are
stored, cell by cell (matched by cell id), in the book's jupyter-cache (``_build/.jupyter_cache``) under the
repository's own notebooks (whose only difference is the URL of the set-up cell, whose output is dropped), so that
``tests/test_book.py`` builds the website without executing anything again.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
JUPYTER_CACHE = ROOT / "_build" / ".jupyter_cache"
KERNEL = "embstab-colab"
#: What Colab has preinstalled that the chapters use without installing it (when requirements.txt pins it).
COLAB_BASE = ("ipykernel", "jax", "jaxlib", "optax")
CELL_TIMEOUT = 600


def _run(cmd, **kw):
    res = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kw)
    if res.returncode:
        raise RuntimeError(
            f"command failed ({res.returncode}): {' '.join(map(str, cmd))}\n{res.stdout[-3000:]}\n{res.stderr[-3000:]}"
        )
    return res


def snapshot_clone(dest: Path, env=None) -> Path:
    """A git repository at ``dest`` holding the working tree of the project (tracked + new, non-ignored files).

    ``env``: the environment variables of the git commands (default: this process's)."""
    files = _run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT, env=env).stdout
    for rel in filter(None, files.split("\0")):
        src = ROOT / rel
        if src.is_file():
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)
    _run(["git", "init", "-q", "-b", "main"], cwd=dest, env=env)
    _run(["git", "add", "-A"], cwd=dest, env=env)
    _run(
        [
            "git",
            "-c",
            "user.name=embstab tests",
            "-c",
            "user.email=tests@embstab.invalid",
            "commit",
            "-q",
            "-m",
            "snapshot of the working tree",
        ],
        cwd=dest,
        env=env,
    )
    return dest


def _pinned(names):
    pins = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.-]+)==", line.strip())
        if m:
            pins[m.group(1).lower()] = line.strip()
    return [pins[n] for n in names if n in pins]


def fresh_environment(venv: Path, env=None) -> Path:
    """A new virtual environment with only Colab's base packages; returns the folder of its kernel spec.

    ``env``: the environment variables of the venv and pip commands (default: this process's)."""
    import pip

    _run([sys.executable, "-m", "venv", venv], env=env)
    py = venv / "bin" / "python"
    # Colab's pip is recent (an old pip rejects a git+file:// requirement); use the pip of `make setup`'s environment
    _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", f"pip=={pip.__version__}"], env=env)
    _run([py, "-m", "pip", "install", "-q", "--disable-pip-version-check", *_pinned(COLAB_BASE)], env=env)
    _run([py, "-m", "ipykernel", "install", "--prefix", venv, "--name", KERNEL, "--display-name", KERNEL], env=env)
    return venv / "share" / "jupyter" / "kernels"


def kernel_env(cache: Path, *, strict: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "EMBSTAB_", "JUPYTER"))}
    env.update(
        {
            "EMBSTAB_CACHE": str(cache),
            "PIP_CONSTRAINT": str(ROOT / "requirements.txt"),
            "PIP_DISABLE_PIP_VERSION_CHECK": "1",
            "OPENBLAS_NUM_THREADS": "1",
            "OMP_NUM_THREADS": "1",
            "PYTHONHASHSEED": "0",
        }
    )
    if strict:
        env["EMBSTAB_STRICT_CHECKS"] = "1"
    return env


def execute(path: Path, kernel_dir: Path, env: dict):
    """Execute the notebook at ``path`` in its folder with the fresh environment's kernel.

    Returns ``(notebook, seconds, error)``; ``error`` is ``None`` or the text of the failure.
    """
    from jupyter_client import KernelManager
    from jupyter_client.kernelspec import KernelSpecManager
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    ksm = KernelSpecManager(kernel_dirs=[str(kernel_dir)])
    km = KernelManager(kernel_name=KERNEL, kernel_spec_manager=ksm)
    client = NotebookClient(
        nb, km=km, timeout=CELL_TIMEOUT, kernel_name=KERNEL, resources={"metadata": {"path": str(path.parent)}}
    )
    start = time.perf_counter()
    try:
        client.execute(env=env, cwd=str(path.parent))
    except Exception as exc:  # reported by the test of this notebook
        return nb, time.perf_counter() - start, f"{type(exc).__name__}: {exc}"
    return nb, time.perf_counter() - start, None


def run_all(jobs, kernel_dir: Path, *, first_alone: bool = False):
    """Execute ``{key: (path, env)}`` two at a time (the first one alone when ``first_alone``); ``{key: result}``."""
    keys = list(jobs)
    results = {}
    if first_alone and keys:
        results[keys[0]] = execute(jobs[keys[0]][0], kernel_dir, jobs[keys[0]][1])
        keys = keys[1:]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for key, res in zip(keys, pool.map(lambda k: execute(jobs[k][0], kernel_dir, jobs[k][1]), keys)):
            results[key] = res
    return results


def read_check_log(path: Path):
    """``[(exercise, outcome), ...]`` in the order the checks ran, from an ``EMBSTAB_CHECK_LOG`` file."""
    import json

    if not path.exists():
        return []
    return [tuple(json.loads(line).values()) for line in path.read_text(encoding="utf-8").splitlines() if line]


def run_order(names, column, *, install_first):
    """The notebooks in the order that ends soonest two at a time: longest first, by their last measured run times
    (``_data/run_times.tsv``; a notebook without one counts as the longest).  With ``install_first`` the shortest one
    comes first, since it runs alone while its set-up cell installs the library."""
    sys.path.insert(0, str(ROOT / "_ext"))
    try:
        from run_times_file import RUN_TIMES, read_run_times

        times, _ = read_run_times(ROOT / RUN_TIMES)
    finally:
        sys.path.remove(str(ROOT / "_ext"))
    seconds = {name: times.get(name.removesuffix(".ipynb"), {}).get(column, float("inf")) for name in names}
    order = sorted(names, key=lambda name: (-seconds[name], names.index(name)))
    if install_first and order:
        first = min(order, key=lambda name: (seconds[name], names.index(name)))
        order = [first] + [name for name in order if name != first]
    return order


def learner_order(nb):
    """``(notebook, n_student)``: the student export of ``nb`` followed by its solution cells (same cell ids)."""
    from embstab_lib.assign import SOLUTION_TAG, strip_solutions

    student, _ = strip_solutions(nb)
    solutions = [c for c in nb.cells if SOLUTION_TAG in c.get("metadata", {}).get("tags", [])]
    run = nbformat.from_dict({**nb, "cells": [*student["cells"], *solutions]})
    return run, len(student["cells"])


def first_error(nb):
    """Index of the first cell whose outputs hold an error, or ``None``."""
    for i, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
    return None


def store_for_book(lang: str, name: str, executed) -> None:
    """Put the outputs of an executed notebook into the book's jupyter-cache, under the repository's notebook."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    original = nbformat.read(ROOT / "chapters" / lang / name, as_version=4)
    ran = {c.id: c for c in executed.cells}
    if sorted(ran) != sorted(c.id for c in original.cells):
        raise RuntimeError(f"{lang}/{name}: the executed copy does not have the cells of the repository's notebook")
    setup = next(c for c in original.cells if c.cell_type == "code")
    for mine in original.cells:
        if mine.cell_type != "code":
            continue
        if mine is setup:  # its URL differs, and its output (pip's) is not part of the chapter
            mine.outputs, mine.execution_count = [], ran[mine.id].get("execution_count")
            continue
        if mine.source != ran[mine.id].source:
            raise RuntimeError(f"{lang}/{name}: a code cell of the executed copy differs from the repository's")
        mine.outputs, mine.execution_count = ran[mine.id].outputs, ran[mine.id].get("execution_count")
    cache = get_cache(str(JUPYTER_CACHE))
    cache.cache_notebook_bundle(
        CacheBundleIn(original, str(ROOT / "chapters" / lang / name)), check_validity=False, overwrite=True
    )


class ColabSession:
    """Everything above, for the notebooks ``names`` of both languages; results in ``self.results``."""

    def __init__(self, tmp: Path, names, langs=("en", "vi"), env=None):
        """The clone and the fresh environment (``env``: the variables of their commands; default: this process's).

        The notebooks run later, in :meth:`run_chapters`."""
        self.tmp, self.names, self.langs = tmp, list(names), list(langs)
        self.clone = snapshot_clone(tmp / "repo", env)
        _run([sys.executable, self.clone / "tools" / "set_repo_url.py", self.clone.as_uri()], cwd=self.clone, env=env)
        self.kernel_dir = fresh_environment(tmp / "venv", env)
        self.cache = tmp / "model-cache"
        self.results = {}
        self.seconds = {}

    def run_chapters(self):
        """Run every chapter of both languages in learner order; ``{(lang, name): result}``.

        A result has ``ok`` (everything ran, every solution passed its strict check), ``seconds``, ``traceback``
        and ``student``: ``None`` if the student part ran, else the text of its failure, ``student_text``, the
        printed output of the student part, ``exercises``, the number of solution cells, and ``checks``, the
        ``(exercise, outcome)`` pairs the checks logged (``EMBSTAB_CHECK_LOG``, what the teachers' grader reads).
        """
        work = self.tmp / "content"  # like Colab's /content: outside any repository
        env = kernel_env(self.cache, strict=True)
        shutil.rmtree(JUPYTER_CACHE, ignore_errors=True)  # the book must show this session's outputs only
        for i, lang in enumerate(self.langs):
            jobs, n_student, logs = {}, {}, {}
            for name in run_order(self.names, "cold_s" if i == 0 else "warm_s", install_first=(i == 0)):
                run, n_student[(lang, name)] = learner_order(
                    nbformat.read(self.clone / "chapters" / lang / name, as_version=4)
                )
                target = work / lang / name
                target.parent.mkdir(parents=True, exist_ok=True)
                nbformat.write(run, target)
                # each notebook logs its checks' outcomes, as the teachers' grader reads them
                logs[(lang, name)] = target.with_suffix(".checks.jsonl")
                jobs[(lang, name)] = (target, {**env, "EMBSTAB_CHECK_LOG": str(logs[(lang, name)])})
            start = time.perf_counter()
            for key, (nb, seconds, err) in run_all(jobs, self.kernel_dir, first_alone=(i == 0)).items():
                failed_at = first_error(nb)
                student_failed = err is not None and (failed_at is None or failed_at < n_student[key])
                text = "".join(
                    o.get("text", "")
                    for c in nb.cells[: n_student[key]]
                    if c.cell_type == "code"
                    for o in c.get("outputs", [])
                )
                self.results[key] = {
                    "ok": err is None,
                    "seconds": seconds,
                    "traceback": err,
                    "student": err if student_failed else None,
                    "student_text": text,
                    "exercises": len(nb.cells) - n_student[key],
                    "checks": read_check_log(logs[key]),
                }
                if err is None:
                    store_for_book(*key, nb)
            self.seconds[lang] = time.perf_counter() - start
        return self.results
