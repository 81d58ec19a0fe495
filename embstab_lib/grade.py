"""Grade submitted student notebooks: ``python -m embstab_lib.grade SUBMISSIONS... --out grades.csv``.

Each submission is executed from the top in a kernel of its own, in an empty temporary folder, with its stored
outputs thrown away (a notebook's outputs prove nothing).  Every exercise check records its outcome in the file named
by ``EMBSTAB_CHECK_LOG`` (:mod:`embstab_lib.checks._core`); the grader reads that log, never the printed messages.

``grades.csv`` has one row per student x exercise with the status ``correct``, ``wrong``, ``not done`` (still the
stub) or ``error`` (the student's function raised, or the exercise could not be graded: its cell raised or timed out,
the kernel died, the notebook ran out of time), and a ``detail`` saying why.  ``grades_summary.csv`` (next to it) has
one row per notebook: how many exercises of each status, how the run went, how long it took.

A cell that runs longer than ``--timeout`` seconds is interrupted and counted as failed, and the notebook goes on with
its next cell; a kernel that ignores the interrupt, or a notebook that exceeds ``--notebook-timeout``, is killed: the
exercises not graded by then get ``error``.  A failing notebook never stops the grader.

Who is the student?  Put each student's notebooks in a folder named after the student
(``submissions/an/02_rotation.ipynb``): the folder's name is the ``student`` column.

The expected exercises of a notebook come from the course notebook of the same chapter and language (``--course``,
default ``chapters`` when it exists), so a deleted exercise is reported, not silently skipped; without it, from the
submission's own ``### Exercise N.k`` / ``### Bài tập N.k`` headings.

The grader runs the students' code with your permissions: run it in a container or a throw-away machine, and
remember that it checks answers, not honesty (a determined student can fake a log line).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import signal
import sys
import tempfile
import threading
import time
import warnings
from pathlib import Path

STATUSES = ("correct", "wrong", "not done", "error")
_FROM_LOG = {"correct": "correct", "wrong": "wrong", "not_done": "not done", "error": "error"}
_EXERCISE = re.compile(r"^#{2,4}\s*(?:Exercise|Bài tập)\s+(\d+\.\d+)\b", re.M)
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_LANG = re.compile(r"""^LANG\s*=\s*["'](vi|en)["']""", re.M)
_CHAPTER = re.compile(r"(?<!\d)(\d\d)_\w+")
ROW_FIELDS = ["student", "notebook", "chapter", "lang", "exercise", "status", "detail"]
SUMMARY_FIELDS = ["student", "notebook", "chapter", "lang", "exercises", *STATUSES, "run", "seconds"]


def exercise_cells(nb: dict) -> list[tuple[str, int, int]]:
    """``[(exercise, first_cell, end_cell), ...]``: the cells from an exercise's heading to the next heading of an
    exercise or of a higher level (``end_cell`` excluded), in notebook order."""
    spans, current = [], None
    for i, cell in enumerate(nb["cells"]):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", ""))
        for head in _HEADING.finditer(text):
            found = _EXERCISE.match(text, head.start())
            if found is None and len(head.group(1)) > 2:
                continue  # a sub-heading inside an exercise
            if current is not None:
                spans.append((current[0], current[1], i))
            current = (found.group(1), i) if found else None
    if current is not None:
        spans.append((current[0], current[1], len(nb["cells"])))
    return spans


def _read(path: Path) -> dict:
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read the notebook ({type(exc).__name__}: {exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError("not a Jupyter notebook (no list of cells)")
    return nb


def describe(nb: dict, path: Path, course: Path | None) -> dict:
    """Language, chapter and expected exercises of a submission (from its course notebook when one is found)."""
    code = "\n".join("".join(c.get("source", "")) for c in nb["cells"] if c.get("cell_type") == "code")
    lang = _LANG.search(code)
    lang = lang.group(1) if lang else ""
    chapter = _CHAPTER.search(path.name)
    chapter = chapter.group(1) if chapter else ""
    reference = nb
    if course is not None and lang and chapter:
        twins = sorted((course / lang).glob(f"{chapter}_*.ipynb"))
        if twins:
            reference = _read(twins[0])
    expected = list(dict.fromkeys(ex for ex, _, _ in exercise_cells(reference)))
    return {"lang": lang, "chapter": chapter, "expected": expected}


def _kill(pid):
    try:
        os.kill(pid, signal.SIGKILL)
    except (OSError, TypeError):
        pass


def run_notebook(nb: dict, *, timeout: float, notebook_timeout: float, kernel: str = "python3") -> dict:
    """Execute ``nb`` (outputs cleared first) in a fresh kernel with a check log.

    Returns ``{"log": [(exercise, outcome), ...], "failed": {cell: "raised X: ..." | "timed out ..."},
    "stopped": (cell, reason) or None, "seconds": float}``.  Never raises because of the notebook.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    with warnings.catch_warnings():  # a hand-in from an older Jupyter may lack cell ids: nothing to tell the teacher
        warnings.simplefilter("ignore")
        nb = nbformat.reads(json.dumps(nb), as_version=4)  # as on disk: sources may be lists of lines
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    failed, stopped, current = {}, None, {"cell": None}
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="embstab-grade-") as work:
        log = Path(work) / ".checks.jsonl"
        env = {**os.environ, "EMBSTAB_CHECK_LOG": str(log), "EMBSTAB_STRICT_CHECKS": "0"}

        def on_cell_execute(cell, cell_index):
            current["cell"] = cell_index

        def on_cell_executed(cell, cell_index, execute_reply):
            content = (execute_reply or {}).get("content", {})
            if content.get("status") == "error":
                if content.get("ename") == "CellTimeout":
                    failed[cell_index] = f"timed out after {timeout:g} s (interrupted)"
                else:
                    failed[cell_index] = f"raised {content.get('ename')}: {content.get('evalue', '')}"[:300]

        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=kernel,
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={"ename": "CellTimeout", "evalue": f"{timeout:g} s", "traceback": []},
            record_timing=False,
            resources={"metadata": {"path": work}},
            on_cell_execute=on_cell_execute,
            on_cell_executed=on_cell_executed,
        )
        watchdog = {"fired": False}

        def on_start(notebook):
            pid = getattr(getattr(client.km, "provisioner", None), "pid", None)

            def fire():
                watchdog["fired"] = True
                _kill(pid)

            watchdog["timer"] = threading.Timer(max(0.0, notebook_timeout - (time.monotonic() - start)), fire)
            watchdog["timer"].daemon = True
            watchdog["timer"].start()

        client.on_notebook_start = on_start
        try:
            client.execute(env=env)
        except DeadKernelError:
            why = (
                f"the notebook exceeded its time budget of {notebook_timeout:g} s"
                if watchdog["fired"]
                else ("the kernel died")
            )
            stopped = (current["cell"], why)
        except Exception as exc:  # a kernel that cannot start, a message that cannot be parsed: the notebook's run
            stopped = (current["cell"], f"the run stopped ({type(exc).__name__}: {exc})"[:300])
        finally:
            if "timer" in watchdog:
                watchdog["timer"].cancel()
        records = []
        if log.is_file():
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    records.append((str(entry["exercise"]), str(entry["outcome"])))
                except (ValueError, KeyError, TypeError):
                    continue
    return {"log": records, "failed": failed, "stopped": stopped, "seconds": time.monotonic() - start}


def _ungraded(ex: str, spans: list, run: dict) -> str:
    """Why exercise ``ex`` left no outcome in the log."""
    stopped = run["stopped"]
    for name, first, end in spans:
        if name != ex:
            continue
        for cell in range(first, end):
            if cell in run["failed"]:
                return f"cell {cell} {run['failed'][cell]}"
        if stopped is not None and (stopped[0] is None or stopped[0] < end):
            return f"not graded: {stopped[1]} (in cell {stopped[0]})"
        return "its check never ran (was the check call removed or changed?)"
    if stopped is not None:
        return f"not graded: {stopped[1]} (in cell {stopped[0]})"
    return "the exercise is missing from the notebook"


def grade_notebook(
    path: Path, *, student: str, course: Path | None, timeout: float, notebook_timeout: float, kernel: str = "python3"
) -> tuple[list[dict], dict]:
    """Rows (one per exercise) and the summary of one submission."""
    base = {"student": student, "notebook": str(path), "chapter": "", "lang": ""}
    try:
        nb = _read(path)
        info = describe(nb, path, course)
    except ValueError as exc:
        row = {**base, "exercise": "", "status": "error", "detail": str(exc)}
        return [row], {**base, "exercises": 0, **{s: 0 for s in STATUSES}, "error": 1, "run": str(exc), "seconds": 0}
    base.update(chapter=info["chapter"], lang=info["lang"])
    run = run_notebook(nb, timeout=timeout, notebook_timeout=notebook_timeout, kernel=kernel)
    last = dict(run["log"])  # the last outcome of each exercise is what the student left
    spans = exercise_cells(nb)
    rows = []
    for ex in list(dict.fromkeys(info["expected"] + list(last))):
        if ex in last:
            status = _FROM_LOG.get(last[ex], "error")
            detail = "the student's function raised an exception" if last[ex] == "error" else ""
            if ex not in info["expected"]:
                detail = (detail + "; " if detail else "") + "not an exercise of this chapter"
        else:
            status, detail = "error", _ungraded(ex, spans, run)
        rows.append({**base, "exercise": ex, "status": status, "detail": detail})
    counts = {s: sum(r["status"] == s for r in rows) for s in STATUSES}
    if run["stopped"] is not None:
        how = f"{run['stopped'][1]} (in cell {run['stopped'][0]})"
    elif run["failed"]:
        how = "cells failed: " + ", ".join(str(c) for c in sorted(run["failed"]))
    else:
        how = "ok"
    summary = {**base, "exercises": len(rows), **counts, "run": how, "seconds": round(run["seconds"], 1)}
    return rows, summary


def find_submissions(paths) -> list[tuple[Path, str]]:
    """``[(notebook, student), ...]``: notebooks given directly or found under the folders given."""
    found = []
    for given in map(Path, paths):
        if given.is_dir():
            for nb in sorted(given.rglob("*.ipynb")):
                if ".ipynb_checkpoints" not in nb.parts:
                    parts = nb.relative_to(given).parts  # SUBMISSIONS/<student>/.../<notebook>
                    found.append((nb, parts[0] if len(parts) > 1 else nb.stem))
        elif given.is_file():
            found.append((given, given.resolve().parent.name))
        else:
            raise ValueError(f"{given}: no such notebook or folder")
    if not found:
        raise ValueError("no notebook found in " + ", ".join(map(str, paths)))
    return found


def _write(path: Path, fields, rows) -> None:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embstab_lib.grade", description=__doc__.splitlines()[0])
    parser.add_argument("submissions", nargs="+", help="student notebooks, or folders of them (one per student)")
    parser.add_argument(
        "--out",
        default="grades.csv",
        help="the table of grades (default: grades.csv); the per-notebook summary goes next to it as NAME_summary.csv",
    )
    parser.add_argument(
        "--course",
        default=None,
        help="folder of the course notebooks, which name the expected exercises (default: chapters, when it exists)",
    )
    parser.add_argument("--timeout", type=float, default=300, help="seconds per cell (default: 300)")
    parser.add_argument("--notebook-timeout", type=float, default=1800, help="seconds per notebook (default: 1800)")
    parser.add_argument("--kernel", default="python3", help="Jupyter kernel to run the notebooks (default: python3)")
    args = parser.parse_args(argv)
    course = Path(args.course) if args.course else (Path("chapters") if Path("chapters").is_dir() else None)
    if course is not None and not course.is_dir():
        print(f"error: --course {course} is not a folder", file=sys.stderr)
        return 2
    if args.timeout <= 0 or args.notebook_timeout <= 0:
        print("error: --timeout and --notebook-timeout must be positive", file=sys.stderr)
        return 2
    try:
        submissions = find_submissions(args.submissions)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    summary_path = out.with_name(out.stem + "_summary" + (out.suffix or ".csv"))
    rows, summaries = [], []
    for path, student in submissions:
        print(f"grading {path} ({student}) ...", flush=True)
        r, s = grade_notebook(
            path,
            student=student,
            course=course,
            timeout=args.timeout,
            notebook_timeout=args.notebook_timeout,
            kernel=args.kernel,
        )
        rows += r
        summaries.append(s)
        print("  " + ", ".join(f"{s[k]} {k}" for k in STATUSES) + f"; run: {s['run']}; {s['seconds']} s", flush=True)
    try:
        _write(out, ROW_FIELDS, rows)
        _write(summary_path, SUMMARY_FIELDS, summaries)
    except OSError as exc:
        print(f"error: cannot write {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    print(f"{len(rows)} rows in {out}; one summary row per notebook in {summary_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
