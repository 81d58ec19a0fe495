import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("vi", "en")


def notebook_names():
    return sorted(p.name for p in (ROOT / "chapters" / "en").glob("*.ipynb"))


def load_nb(lang, name):
    return json.loads((ROOT / "chapters" / lang / name).read_text(encoding="utf-8"))


def code_cells(nb):
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


# ------------------------------------------------------------------ isolation
# The fast suite (-m "not slow") writes nothing outside temporary folders: the library's disk cache is a session
# temporary folder (a test that needs the course's shared cache sets EMBSTAB_CACHE itself), Hypothesis keeps its
# example database and constants in a temporary folder, and the wheel is built from a copy of the sources.
# pytest_sessionfinish fails the session if any watched place outside them gained a file.
import shutil as _iso_shutil  # noqa: E402
import tempfile as _iso_tempfile  # noqa: E402

from hypothesis import configuration as _hypothesis_configuration  # noqa: E402

_HYPOTHESIS_HOME = _iso_tempfile.mkdtemp(prefix="embstab-hypothesis-")
_hypothesis_configuration.set_hypothesis_home_dir(_HYPOTHESIS_HOME)
WATCHED = [Path("~/.cache/embstab").expanduser(), ROOT / "build", ROOT / "dist", ROOT / "embstab_lib.egg-info",
           ROOT / ".hypothesis", ROOT / "corpora", ROOT / "models"]


def _files_under(paths):
    """``{file: modification time}`` of every file under ``paths``."""
    files = {}
    for p in paths:
        for f in ([p] if p.is_file() else p.rglob("*")) if p.exists() else []:
            try:
                files[str(f)] = f.stat().st_mtime_ns
            except OSError:
                pass
    return files


_FILES_BEFORE = _files_under(WATCHED)


@pytest.fixture(scope="session", autouse=True)
def _isolated_cache(tmp_path_factory):
    """Every test sees an empty disk cache of its own session (EMBSTAB_CACHE in a temporary folder)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EMBSTAB_CACHE", str(tmp_path_factory.mktemp("embstab-cache")))
        yield


def pytest_sessionfinish(session, exitstatus):
    _iso_shutil.rmtree(_HYPOTHESIS_HOME, ignore_errors=True)
    created = sorted(f for f, t in _files_under(WATCHED).items() if _FILES_BEFORE.get(f) != t)
    if created:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        message = f"the test session wrote {len(created)} file(s) outside temporary folders, e.g. {created[:5]}"
        if reporter is not None:
            reporter.write_line(f"ISOLATION FAILURE: {message}", red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def lee_small():
    from embstab_lib import load_corpus

    return load_corpus("lee", max_tokens=20_000)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)


# ------------------------------------------------------------------ executing the chapters once
# Every chapter notebook of both languages is executed once per test session, two at a time, into the
# jupyter-cache that the book build reads (_build/.jupyter_cache): tests/test_notebooks_run.py asserts on these
# executions and tests/test_book.py builds the website from them without executing anything again.
import os as _os  # noqa: E402

PROJECT_CACHE = _os.environ.get("EMBSTAB_CACHE", str(ROOT / ".cache" / "embstab"))
JUPYTER_CACHE = ROOT / "_build" / ".jupyter_cache"


@pytest.fixture(scope="session")
def executed_notebooks():
    """Execute every chapter (English first, then Vietnamese with a warm model cache); return per-notebook results.

    Returns ``{(lang, name): {"ok": bool, "seconds": float | None, "traceback": str | None}}``.
    """
    import shutil
    import time

    from jupyter_cache import get_cache
    from jupyter_cache.executors import load_executor

    env = {"EMBSTAB_CACHE": PROJECT_CACHE, "EMBSTAB_STRICT_CHECKS": "1", "OPENBLAS_NUM_THREADS": "1",
           "OMP_NUM_THREADS": "1", "PYTHONHASHSEED": "0"}
    saved = {k: _os.environ.get(k) for k in env}
    _os.environ.update(env)
    shutil.rmtree(JUPYTER_CACHE, ignore_errors=True)  # never reuse outputs of an earlier library version
    cache = get_cache(str(JUPYTER_CACHE))
    results = {}
    try:
        from embstab_lib import load_corpus, train_seeds

        train_seeds(load_corpus("wiki-sample"), [0, 1, 2, 3, 4])  # the standard runs, once, before the notebooks
        for lang in ("en", "vi"):
            records = {name: cache.add_nb_to_project(str(ROOT / "chapters" / lang / name)) for name in notebook_names()}
            start = time.perf_counter()
            load_executor("local-parallel", cache=cache).run_and_cache(
                filter_pks=[r.pk for r in records.values()], timeout=600, allow_errors=False)
            print(f"\n{lang}: {len(records)} notebooks executed in {time.perf_counter() - start:.0f} s")
            for name, record in records.items():
                record = cache.get_project_record(record.pk)
                cached = None
                try:
                    cached = cache.get_cached_project_nb(record.pk)
                except KeyError:
                    pass
                seconds = cached.data.get("execution_seconds") if cached is not None else None
                results[(lang, name)] = {"ok": cached is not None and not record.traceback,
                                         "seconds": seconds, "traceback": record.traceback}
    finally:
        for k, v in saved.items():
            if v is None:
                _os.environ.pop(k, None)
            else:
                _os.environ[k] = v
    lines = [f"{lang}/{name}: " + (f"{r['seconds']:.0f} s" if r["seconds"] else "FAILED")
             for (lang, name), r in sorted(results.items())]
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "notebook_times.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return results
