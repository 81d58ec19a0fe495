"""`python -m embstab_lib.assign` writes student notebooks that run — each is run, as exported, in the Colab session of
tests/colab.py (a fresh environment where a set-up cell installed the library from a local clone, outside the
repository), before the solutions are run after it."""

import json
import shutil
import subprocess
import sys
import zipfile

import pytest
from conftest import LANGS, ROOT, notebook_names


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    subprocess.run(
        [sys.executable, "-m", "embstab_lib.assign", "--src", str(ROOT / "chapters"), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    return out


def _modules(package_dir):
    return {p.relative_to(package_dir).as_posix() for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts}


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory):
    """The library's wheel, unpacked into its own site folder (a normal, non-editable install).

    Built from a copy of the sources in a temporary folder: building in the repository would write ``build/`` and
    ``*.egg-info`` there, and ship whatever stale file ``build/lib`` already held.
    """
    tmp = tmp_path_factory.mktemp("wheel")
    src = tmp / "src"
    shutil.copytree(ROOT / "embstab_lib", src / "embstab_lib", ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, src / name)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-cache-dir",
            "-q",
            "-w",
            str(tmp),
            str(src),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    (wheel,) = tmp.glob("embstab_lib-*.whl")
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    return site


def test_wheel_contains_every_module_and_nothing_else(wheel_site):
    assert _modules(wheel_site / "embstab_lib") == _modules(ROOT / "embstab_lib")


def test_assign_refuses_out_inside_src(tmp_path):
    src = tmp_path / "chapters"
    (src / "en").mkdir(parents=True)
    nb = {
        "cells": [{"cell_type": "code", "metadata": {"tags": ["solution"]}, "source": ["x = 1"], "outputs": []}],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    course = src / "en" / "01_x.ipynb"
    course.write_text(json.dumps(nb), encoding="utf-8")
    for out in (src, src / "student", src / "en", tmp_path / "chapters" / ".." / "chapters"):
        res = subprocess.run(
            [sys.executable, "-m", "embstab_lib.assign", "--src", str(src), "--out", str(out)],
            capture_output=True,
            text=True,
        )
        assert res.returncode == 2 and "inside --src" in res.stderr, (out, res.stderr)
    assert json.loads(course.read_text(encoding="utf-8")) == nb, "the course notebook (with its solution) changed"
    assert not (src / "student").exists()
    ok = subprocess.run(
        [sys.executable, "-m", "embstab_lib.assign", "--src", str(src), "--out", str(tmp_path / "s")],
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "s" / "en" / "01_x.ipynb").read_text(encoding="utf-8"))["cells"] == []


def test_assign_names_the_broken_notebook_and_writes_nothing(tmp_path):
    src = tmp_path / "chapters"
    (src / "vi").mkdir(parents=True)
    (src / "vi" / "00_ok.ipynb").write_text(json.dumps({"cells": [], "metadata": {}}), encoding="utf-8")
    (src / "vi" / "01_broken.ipynb").write_text('{"cells": [', encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "embstab_lib.assign", "--src", str(src), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "01_broken.ipynb" in res.stderr and "Traceback" not in res.stderr, res.stderr
    assert not (tmp_path / "o").exists(), "nothing is written when one notebook is broken"
    (src / "vi" / "01_broken.ipynb").write_text(json.dumps({"cells": "nope"}), encoding="utf-8")
    res = subprocess.run(
        [sys.executable, "-m", "embstab_lib.assign", "--src", str(src), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "01_broken.ipynb" in res.stderr and "not a Jupyter notebook" in res.stderr


def test_no_solution_survives(student_dir):
    for lang in LANGS:
        for name in notebook_names():
            original = json.loads((ROOT / "chapters" / lang / name).read_text(encoding="utf-8"))
            student = json.loads((student_dir / lang / name).read_text(encoding="utf-8"))
            n_solutions = sum("solution" in c["metadata"].get("tags", []) for c in original["cells"])
            assert len(student["cells"]) == len(original["cells"]) - n_solutions
            for cell in student["cells"]:
                src = "".join(cell["source"])
                assert "solution" not in cell["metadata"].get("tags", [])
                assert "#@title Lời giải" not in src and "#@title Solution" not in src


def test_assign_fails_clearly_without_notebooks(tmp_path):
    (tmp_path / "src").mkdir()
    res = subprocess.run(
        [sys.executable, "-m", "embstab_lib.assign", "--src", str(tmp_path / "src"), "--out", str(tmp_path / "o")],
        capture_output=True,
        text=True,
    )
    assert res.returncode == 2 and "no notebooks found" in res.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", notebook_names())
@pytest.mark.parametrize("lang", LANGS)
def test_student_notebook_runs_outside_the_repository(executed_notebooks, lang, name):
    """The student export of every chapter ran top to bottom in the Colab session (tests/colab.py), stubs unanswered."""
    result = executed_notebooks[(lang, name)]
    assert result["student"] is None, result["student"]
    text = result["student_text"]
    if not name.startswith("00_"):
        assert ("chưa làm" if lang == "vi" else "not done yet") in text
    assert text.count("⏳") == result["exercises"], "every exercise's stub says 'not done yet', once"
    assert "✗" not in text


@pytest.mark.slow
@pytest.mark.parametrize("name", notebook_names())
@pytest.mark.parametrize("lang", LANGS)
def test_checks_log_what_the_grader_reads(executed_notebooks, lang, name):
    """Every chapter, as the teachers' grader sees it: the outcomes its checks logged (``EMBSTAB_CHECK_LOG``) in the
    Colab session are, for each exercise of the course notebook's headings and for no other, "not done" from the
    student export's stub and then "correct" from the reference solution — the student export grades all "not done"
    and the solutions all "correct"."""
    from embstab_lib.grade.notebooks import exercise_cells

    course = json.loads((ROOT / "chapters" / lang / name).read_text(encoding="utf-8"))
    expected = [ex for ex, _, _ in exercise_cells(course)]
    assert expected or name.startswith("00_"), "a chapter without exercises"
    logged = executed_notebooks[(lang, name)]["checks"]
    by_exercise = {}
    for ex, outcome in logged:
        by_exercise.setdefault(ex, []).append(outcome)
    assert list(by_exercise) == expected, (expected, logged)
    for ex, outcomes in by_exercise.items():
        assert outcomes == ["not_done", "correct"], (ex, outcomes)
