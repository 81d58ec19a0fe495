"""`python -m embstab_lib.grade`: executes each submission in its own kernel and grades it from the checks' outcome log.

Fast tests use tiny synthetic notebooks whose exercises call the check machinery (`_core.report`) directly; the slow
tests grade a real chapter: the course notebook itself (every reference solution correct) and its student export
(every exercise "not done").
"""

import csv
import json
import subprocess
import sys

import pytest
from conftest import ROOT, warm_cache

from embstab_lib import grade

SETUP = 'LANG = "en"\nfrom embstab_lib.checks import _core'
CHECK = (
    "def check(ex, answer):\n"
    "    def verify(fn):\n"
    "        return None if _core.call(fn, 20) == 42 else _core.hint('sai', 'expected twice the input plus 2')\n"
    "    _core.report(ex, LANG, verify, answer)"
)


def md(text):
    return {"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}


def code(text, outputs=()):
    return {
        "cell_type": "code",
        "metadata": {},
        "execution_count": None,
        "outputs": list(outputs),
        "source": text.splitlines(keepends=True),
    }


def notebook(*exercises, title="# 9. A tiny chapter"):
    """A chapter-00-sized notebook: set-up, one check helper, then ``exercises`` as (number, answer code)."""
    cells = [md(title), code(SETUP), code(CHECK), md("## Exercises")]
    for ex, answer in exercises:
        cells += [md(f"### Exercise {ex} — something\n\n*≈ 5 min.*"), code(answer)]
    return {
        "cells": cells,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
        "nbformat": 4,
        "nbformat_minor": 5,
    }


def write(path, nb):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path


def answer(ex, body):
    return f"def f(x):\n    {body}\ncheck({ex!r}, f)"


def statuses(rows):
    return {r["exercise"]: (r["status"], r["detail"]) for r in rows}


def test_correct_wrong_not_done_and_raising_answers(tmp_path):
    nb = notebook(
        ("9.1", answer("9.1", "return 2 * x + 2")),
        ("9.2", answer("9.2", "return 2 * x")),
        ("9.3", "check('9.3', ...)"),
        ("9.4", answer("9.4", "raise NotImplementedError")),
        ("9.5", answer("9.5", "return x / 0")),
    )
    rows, summary = grade.grade_notebook(
        write(tmp_path / "an" / "09_tiny.ipynb", nb), student="an", course=None, timeout=30, notebook_timeout=120
    )
    got = statuses(rows)
    assert {ex: s for ex, (s, _) in got.items()} == {
        "9.1": "correct",
        "9.2": "wrong",
        "9.3": "not done",
        "9.4": "not done",
        "9.5": "error",
    }
    assert "raised" in got["9.5"][1]
    assert summary["run"] == "ok" and (summary["correct"], summary["wrong"], summary["not done"], summary["error"]) == (
        1,
        1,
        2,
        1,
    )
    assert all(r["student"] == "an" and r["chapter"] == "09" and r["lang"] == "en" for r in rows)


def test_stored_outputs_are_not_trusted(tmp_path):
    fake = {"output_type": "stream", "name": "stdout", "text": "✓ Exercise 9.1: correct!\n"}
    nb = notebook(("9.1", "check('9.1', ...)"))
    nb["cells"][-1]["outputs"] = [fake]
    nb["cells"][-1]["execution_count"] = 7
    rows, _ = grade.grade_notebook(
        write(tmp_path / "an" / "09_tiny.ipynb", nb), student="an", course=None, timeout=30, notebook_timeout=120
    )
    assert statuses(rows)["9.1"][0] == "not done"


def test_a_crashing_cell_is_an_error_and_the_rest_is_still_graded(tmp_path):
    nb = notebook(("9.1", "1 / 0\n" + answer("9.1", "return 2 * x + 2")), ("9.2", answer("9.2", "return 2 * x + 2")))
    rows, summary = grade.grade_notebook(
        write(tmp_path / "an" / "09_tiny.ipynb", nb), student="an", course=None, timeout=30, notebook_timeout=120
    )
    got = statuses(rows)
    assert got["9.1"][0] == "error" and "ZeroDivisionError" in got["9.1"][1]
    assert got["9.2"][0] == "correct"
    assert summary["run"].startswith("cells failed")


LOOP = "import time\nwhile True:\n    try:\n        time.sleep(0.2)\n    except KeyboardInterrupt:\n        pass"

#: The three submissions that wait for a time limit: ``(exercises, cell timeout, notebook timeout)``.
TIME_LIMIT_CASES = {
    "endless": ((("9.1", "while True:\n    pass"), ("9.2", answer("9.2", "return 2 * x + 2"))), 15, 120),
    "deaf loop": (
        (("9.1", answer("9.1", "return 2 * x + 2")), ("9.2", LOOP), ("9.3", answer("9.3", "return 1"))),
        15,
        300,
    ),
    "budget": (
        (("9.1", answer("9.1", "return 2 * x + 2")), ("9.2", LOOP), ("9.3", answer("9.3", "return 1"))),
        600,
        20,
    ),
}


@pytest.fixture(scope="module")
def time_limited(tmp_path_factory):
    """``{case: (rows, summary)}``: the cases of ``TIME_LIMIT_CASES`` graded at the same time, each in a process of
    its own (not a thread: the grader silences a warning with filters that are process-wide).

    Each case mostly waits for its limit (15 s per cell, 20 s per notebook): graded one after the other they cost
    about 80 s of mostly idle waiting, at the same time about 40 s.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    root = tmp_path_factory.mktemp("time-limits")
    jobs = {}
    with ProcessPoolExecutor(len(TIME_LIMIT_CASES), mp_context=multiprocessing.get_context("spawn")) as pool:
        for case, (exercises, timeout, notebook_timeout) in TIME_LIMIT_CASES.items():
            path = write(root / case.replace(" ", "-") / "an" / "09_tiny.ipynb", notebook(*exercises))
            jobs[case] = pool.submit(
                grade.grade_notebook,
                path,
                student="an",
                course=None,
                timeout=timeout,
                notebook_timeout=notebook_timeout,
            )
        return {case: job.result() for case, job in jobs.items()}


def test_an_endless_cell_times_out_and_the_rest_is_still_graded(time_limited):
    rows, _ = time_limited["endless"]
    got = statuses(rows)
    assert got["9.1"][0] == "error" and "timed out" in got["9.1"][1]
    assert got["9.2"][0] == "correct"


def test_a_loop_that_ignores_interrupts_costs_one_timeout_per_cell(time_limited):
    rows, summary = time_limited["deaf loop"]
    got = statuses(rows)
    assert got["9.1"][0] == "correct"
    assert got["9.2"][0] == "error" and "timed out" in got["9.2"][1]
    assert got["9.3"][0] == "error" and "timed out" in got["9.3"][1]  # the kernel is still busy with 9.2
    assert summary["seconds"] < 100


def test_the_notebook_budget_kills_what_no_cell_timeout_stops(time_limited):
    rows, summary = time_limited["budget"]
    got = statuses(rows)
    assert got["9.1"][0] == "correct"
    assert got["9.2"][0] == "error" and "time budget of 20 s" in got["9.2"][1]
    assert got["9.3"][0] == "error" and "not graded" in got["9.3"][1]
    assert "time budget" in summary["run"] and summary["seconds"] < 60


def test_a_dying_kernel_is_an_error_not_a_crashed_grader(tmp_path):
    nb = notebook(
        ("9.1", answer("9.1", "return 2 * x + 2")),
        ("9.2", "import os\nos._exit(1)"),
        ("9.3", answer("9.3", "return 2 * x + 2")),
    )
    rows, summary = grade.grade_notebook(
        write(tmp_path / "an" / "09_tiny.ipynb", nb), student="an", course=None, timeout=30, notebook_timeout=120
    )
    got = statuses(rows)
    assert got["9.1"][0] == "correct"
    assert got["9.2"][0] == "error" and "kernel died" in got["9.2"][1]
    assert got["9.3"][0] == "error" and "not graded" in got["9.3"][1]


def test_expected_exercises_come_from_the_course_notebook(tmp_path):
    course = tmp_path / "course"
    write(course / "en" / "09_tiny.ipynb", notebook(("9.1", "check('9.1', ...)"), ("9.2", "check('9.2', ...)")))
    submitted = notebook(("9.1", answer("9.1", "return 2 * x + 2")))  # exercise 9.2 deleted
    path = write(tmp_path / "an" / "Copy of 09_tiny.ipynb", submitted)
    rows, _ = grade.grade_notebook(path, student="an", course=course, timeout=30, notebook_timeout=120)
    got = statuses(rows)
    assert got["9.1"][0] == "correct"
    assert got["9.2"][0] == "error" and "missing" in got["9.2"][1]


def test_exercise_cells_follow_the_headings():
    nb = notebook(("9.1", "x = 1"), ("9.2", "y = 2"))
    nb["cells"].append(md("## Further reading"))
    nb["cells"].append(code("z = 3"))
    assert grade.exercise_cells(nb) == [("9.1", 4, 6), ("9.2", 6, 8)]


def test_command_line_writes_grades_and_summary(tmp_path):
    subs = tmp_path / "submissions"
    write(subs / "an" / "09_tiny.ipynb", notebook(("9.1", answer("9.1", "return 2 * x + 2"))))
    write(subs / "binh" / "09_tiny.ipynb", notebook(("9.1", answer("9.1", "return x"))))
    (subs / "chi").mkdir()
    (subs / "chi" / "09_tiny.ipynb").write_text("{not json", encoding="utf-8")
    out = tmp_path / "grades.csv"
    res = subprocess.run(
        [sys.executable, "-m", "embstab_lib.grade", str(subs), "--out", str(out), "--timeout", "30"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
    )
    assert res.returncode == 0, res.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["student"], r["exercise"], r["status"]) for r in rows] == [
        ("an", "9.1", "correct"),
        ("binh", "9.1", "wrong"),
        ("chi", "", "error"),
    ]
    assert "cannot read the notebook" in rows[2]["detail"]
    summary = list(csv.DictReader((tmp_path / "grades_summary.csv").open(encoding="utf-8")))
    assert [(s["student"], s["correct"], s["wrong"], s["error"]) for s in summary] == [
        ("an", "1", "0", "0"),
        ("binh", "0", "1", "0"),
        ("chi", "0", "0", "1"),
    ]


def test_command_line_refuses_bad_input(tmp_path):
    assert grade.main([str(tmp_path / "nothing-here")]) == 2
    (tmp_path / "empty").mkdir()
    assert grade.main([str(tmp_path / "empty")]) == 2
    assert grade.main([str(tmp_path / "empty"), "--timeout", "0"]) == 2


def test_help_states_the_default_time_limits(capsys):
    from embstab_lib.grade.cli import CELL_TIMEOUT, NOTEBOOK_TIMEOUT

    assert (CELL_TIMEOUT, NOTEBOOK_TIMEOUT) == (600, 1800)  # 300 s per cell was a minute above chapter 09's longest
    with pytest.raises(SystemExit) as exit_:
        grade.main(["--help"])
    assert exit_.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "seconds per cell (default: 600)" in text and "seconds per notebook (default: 1800)" in text


# ------------------------------------------------------------------ a real chapter (slow)
CHAPTER = "01_initialization.ipynb"


@pytest.fixture(scope="module")
def project_cache(monkeypatch_module):
    # the chapters' runs, trained once: by the Colab run of this session when it ran (make test), else the project's
    monkeypatch_module.setenv("EMBSTAB_CACHE", warm_cache())


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en"])
def test_the_course_notebook_grades_all_correct(project_cache, tmp_path, lang):
    """The course notebook holds every reference solution: graded as a submission, every exercise is correct."""
    course = ROOT / "chapters"
    rows, summary = grade.grade_notebook(
        course / lang / CHAPTER, student="reference", course=course, timeout=600, notebook_timeout=1200
    )
    assert rows and all(r["status"] == "correct" for r in rows), rows
    assert summary["run"] == "ok"


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["vi"])
def test_the_student_export_grades_all_not_done(project_cache, tmp_path, lang):
    out = tmp_path / "student"
    subprocess.run(
        [sys.executable, "-m", "embstab_lib.assign", "--src", str(ROOT / "chapters"), "--out", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    rows, summary = grade.grade_notebook(
        out / lang / CHAPTER, student="class", course=ROOT / "chapters", timeout=600, notebook_timeout=1200
    )
    assert rows and all(r["status"] == "not done" for r in rows), rows
    assert summary["run"] == "ok"
