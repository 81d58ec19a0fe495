"""The lower bounds declared in pyproject.toml are tested: a fresh environment with exactly those versions runs the
library's unit tests (slow: it downloads and installs numpy, scipy, matplotlib and gensim)."""

import re
import subprocess
import sys
import tomllib

import pytest
from conftest import ROOT, long_setup

#: The library's unit tests (the checks, notebooks and book need the pinned toolchain of requirements.txt).
LIBRARY_TESTS = [
    "test_training.py",
    "test_data.py",
    "test_store.py",
    "test_runs.py",
    "test_alignment.py",
    "test_measures.py",
    "test_stats.py",
    "test_quality.py",
    "test_properties.py",
    # the code that uses joblib and tqdm (sweeps, the assessment's progress bars), threadpoolctl (the neighbour
    # search), researchers' files, the assessment and its command line, PPMI-SVD, the synthetic corpus
    "test_sweep.py",
    "test_io.py",
    "test_assessment.py",
    "test_cli.py",
    "test_ppmi.py",
    "test_synthetic.py",
    "test_neighbors_fast.py",
    "test_neighbors_contracts.py",
    "test_manyruns.py",
]


def declared_minimums():
    """``{name: version}`` of every runtime dependency, from its ``>=`` bound in pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    bounds = {}
    for spec in project["dependencies"]:
        m = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)", spec.strip())
        assert m, f"dependency {spec!r} must have a plain '>=' lower bound (it is what this test installs)"
        bounds[m.group(1)] = m.group(2)
    return bounds


def pinned(name):
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        if line.split("==")[0].strip().lower() == name:
            return line.strip()
    raise AssertionError(f"{name} is not pinned in requirements.txt")


def test_requires_python_matches_the_makefile():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["requires-python"] == ">=3.11"
    assert "sys.version_info >= (3, 11)" in (ROOT / "Makefile").read_text(encoding="utf-8")
    assert set(declared_minimums()) == {"numpy", "scipy", "matplotlib", "gensim", "joblib", "tqdm", "threadpoolctl"}


def test_the_library_tests_listed_exist():
    """A renamed test file must not silently leave the run at the minimum versions."""
    assert [name for name in LIBRARY_TESTS if not (ROOT / "tests" / name).is_file()] == []


def run_at_minimum_versions(tmp, env):
    """Install the declared minimum versions in a new environment in ``tmp`` and run LIBRARY_TESTS with them.

    ``env``: the environment variables of the commands.  Returns ``{"install", "versions", "run"}``: the
    CompletedProcess of pip, the installed versions (in ``declared_minimums()``'s order), the CompletedProcess of
    pytest.  Started at the session's first test when this file's slow test is collected (conftest.EARLY_SETUPS).
    """
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
    python = str(venv / "bin" / "python")
    packages = [f"{name}=={version}" for name, version in declared_minimums().items()]
    install = subprocess.run(
        [python, "-m", "pip", "install", "--no-input", "-q", *packages, pinned("pytest"), pinned("hypothesis")],
        capture_output=True,
        text=True,
        timeout=1500,
        env=env,
    )
    if install.returncode:
        return {"install": install, "versions": None, "run": None}
    versions = subprocess.run(
        [
            python,
            "-c",
            "import sys; from importlib.metadata import version; print(*(version(n) for n in sys.argv[1:]))",
            *declared_minimums(),
        ],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    ).stdout.split()
    tests = [f"tests/{name}" for name in LIBRARY_TESTS]
    run = subprocess.run(
        [python, "-m", "pytest", "-q", "-m", "not slow", "-p", "no:cacheprovider", *tests],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=1800,
        env=env,
    )
    return {"install": install, "versions": versions, "run": run}


@pytest.fixture(scope="session")
def minimum_versions_run(tmp_path_factory):
    return long_setup("minimum_versions_run", tmp_path_factory)


@pytest.mark.slow
def test_library_tests_pass_with_the_declared_minimum_versions(minimum_versions_run):
    install, versions, run = (minimum_versions_run[k] for k in ("install", "versions", "run"))
    assert install.returncode == 0, install.stderr[-3000:]
    assert versions == list(declared_minimums().values())
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-2000:]
