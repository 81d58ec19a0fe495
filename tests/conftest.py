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
