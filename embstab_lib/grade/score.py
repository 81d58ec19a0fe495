"""Scoring one submission: :func:`grade_notebook` turns the check log of its run into one row per exercise (status
and detail) and a summary of the run; the columns of the two tables (:data:`ROW_FIELDS`, :data:`SUMMARY_FIELDS`)."""

from __future__ import annotations

from pathlib import Path

from .execute import run_notebook
from .notebooks import _read, describe, exercise_cells

__all__ = ["STATUSES", "ROW_FIELDS", "SUMMARY_FIELDS", "grade_notebook"]

STATUSES = ("correct", "wrong", "not done", "error")
_FROM_LOG = {"correct": "correct", "wrong": "wrong", "not_done": "not done", "error": "error"}
ROW_FIELDS = ["student", "notebook", "chapter", "lang", "exercise", "status", "detail"]
SUMMARY_FIELDS = ["student", "notebook", "chapter", "lang", "exercises", *STATUSES, "run", "seconds"]


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
