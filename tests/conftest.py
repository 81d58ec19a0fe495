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
import os as _iso_os  # noqa: E402
import shutil as _iso_shutil  # noqa: E402
import tempfile as _iso_tempfile  # noqa: E402

from hypothesis import configuration as _hypothesis_configuration  # noqa: E402

_HYPOTHESIS_HOME = _iso_tempfile.mkdtemp(prefix="embstab-hypothesis-")
_hypothesis_configuration.set_hypothesis_home_dir(_HYPOTHESIS_HOME)

# Hypothesis draws the same examples on every run (a red CI run is reproducible, never a new draw's luck); set
# EMBSTAB_HYPOTHESIS_RANDOM=1 to explore new examples (a failure found that way is pinned with @example).
from hypothesis import settings as _hypothesis_settings  # noqa: E402

_hypothesis_settings.register_profile("embstab", derandomize=not _iso_os.environ.get("EMBSTAB_HYPOTHESIS_RANDOM"))
_hypothesis_settings.load_profile("embstab")
WATCHED = [
    Path("~/.cache/embstab").expanduser(),
    ROOT / "build",
    ROOT / "dist",
    ROOT / "embstab_lib.egg-info",
    ROOT / ".hypothesis",
    ROOT / "corpora",
    ROOT / "models",
]


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


# ------------------------------------------------------------------ executing the chapters once, as Colab does
# Every chapter notebook of both languages is executed once per test session, the way a learner's Colab runs it
# (tests/colab.py: a fresh environment, the set-up cell installing the library from a local clone, outside the
# repository, an empty model cache), two at a time. tests/test_notebooks_run.py asserts on these executions,
# tests/test_student_export.py runs the student versions in the same environment, and tests/test_book.py builds the
# website from the stored outputs without executing anything again.
import os as _os  # noqa: E402

PROJECT_CACHE = _os.environ.get("EMBSTAB_CACHE", str(ROOT / ".cache" / "embstab"))
_NOTEBOOK_TIMES: list[str] = []


#: The model cache of this session's Colab run, once it exists (see :func:`warm_cache`).
_COLAB_CACHES: list[str] = []


def warm_cache() -> str:
    """A model cache holding the chapters' runs when this test session has them: the Colab run's cache once the
    chapters have run in this session (as in ``make test``), else the project's cache."""
    return _COLAB_CACHES[-1] if _COLAB_CACHES else PROJECT_CACHE


def start_colab_session(tmp, env):
    """The Colab session's clone and fresh environment (tests/colab.py), in ``tmp``; the notebooks run later."""
    from colab import ColabSession

    return ColabSession(tmp, notebook_names(), env=env)


# ------------------------------------------------------------------ long set-ups started at the first test
# `make test` spends about four minutes in fast tests that keep one core of two busy.  Two long set-ups need nothing
# from them and can keep the other core busy meanwhile: the Colab session's clone and fresh environment (above) and
# the environment at the declared minimum versions with its run of the library tests (tests/test_min_versions.py,
# about a minute).  When a collected test needs one of them (its fixture is in EARLY_SETUPS), it starts in a thread at
# the session's first test, with a copy of the environment variables of that moment (a variable a test sets later
# cannot leak into it); its fixture then takes the result or raises the error (`long_setup`).  A session that does not
# need a set-up (`-m "not slow"`, one file) does not start it.
EARLY_SETUPS = {
    "colab_session": ("conftest", "start_colab_session"),
    "minimum_versions_run": ("test_min_versions", "run_at_minimum_versions"),
}
_STARTED: dict = {}


def _setup_function(name):
    import importlib

    module, function = EARLY_SETUPS[name]
    return getattr(importlib.import_module(module), function)


@pytest.fixture(scope="session", autouse=True)
def _start_long_setups(request, tmp_path_factory, _isolated_cache):
    from concurrent.futures import ThreadPoolExecutor

    needed = sorted(
        {f for item in request.session.items for f in getattr(item, "fixturenames", ()) if f in EARLY_SETUPS}
    )
    if not needed:
        yield
        return
    env = dict(_os.environ)
    with ThreadPoolExecutor(max_workers=len(needed), thread_name_prefix="embstab-setup") as pool:
        for name in needed:
            _STARTED[name] = pool.submit(_setup_function(name), tmp_path_factory.mktemp(name), env)
        yield  # leaving the pool waits for a set-up no test took (e.g. a run stopped by -x) to end


def long_setup(name, tmp_path_factory):
    """The result of the set-up ``name`` of EARLY_SETUPS: the one started at the first test, else computed now."""
    future = _STARTED.pop(name, None)
    if future is not None:
        return future.result()
    return _setup_function(name)(tmp_path_factory.mktemp(name), dict(_os.environ))


@pytest.fixture(scope="session")
def colab_session(tmp_path_factory):
    session = long_setup("colab_session", tmp_path_factory)
    _COLAB_CACHES.append(str(session.cache))
    return session


@pytest.fixture(scope="session")
def executed_notebooks(colab_session):
    """``{(lang, name): {"ok": bool, "seconds": float, "traceback": str | None}}`` for every chapter notebook."""
    results = colab_session.run_chapters()
    lines = [
        f"{lang}/{name}: {r['seconds']:.0f} s" + ("" if r["ok"] else " FAILED")
        for (lang, name), r in sorted(results.items())
    ]
    lines += [f"all {lang} notebooks: {s:.0f} s" for lang, s in colab_session.seconds.items()]
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "notebook_times.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    _NOTEBOOK_TIMES.extend(lines)
    return results


def pytest_terminal_summary(terminalreporter):
    if _NOTEBOOK_TIMES:
        terminalreporter.section("notebook times (run as on Colab, two at a time)")
        for line in _NOTEBOOK_TIMES:
            terminalreporter.write_line(line)
