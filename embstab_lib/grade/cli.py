"""The grader's command line, ``python -m embstab_lib.grade`` (:func:`main`): grade every submission, write
``grades.csv`` and its summary next to it."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from . import __doc__ as _GRADER_DOC
from .notebooks import find_submissions
from .score import ROW_FIELDS, STATUSES, SUMMARY_FIELDS, grade_notebook

__all__ = ["main", "CELL_TIMEOUT", "NOTEBOOK_TIMEOUT"]

#: Default seconds per cell: the book's own limit (``execute.timeout`` in ``_config.yml``).  The longest cell of the
#: course with an empty model cache, chapter 09's Transformer runs, took 240 s in one run on 2 cores and the whole
#: chapter 270-533 s in the full test runs (two notebooks at a time, busy machine): the former 300 s could interrupt
#: that cell, and every exercise after it would have been graded ``error``.
CELL_TIMEOUT = 600
#: Default seconds per notebook: more than three times the slowest chapter's run with an empty cache (533 s, above).
NOTEBOOK_TIMEOUT = 1800


def _write(path: Path, fields, rows) -> None:
    """Write ``rows`` (dicts) to the CSV file ``path`` with the columns ``fields``."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        writer.writerows(rows)


def main(argv=None) -> int:
    """Grade the submissions named by ``argv`` (default: the command line); 0, or 2 for a usage or output error."""
    parser = argparse.ArgumentParser(prog="python -m embstab_lib.grade", description=_GRADER_DOC.splitlines()[0])
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
    parser.add_argument(
        "--timeout", type=float, default=CELL_TIMEOUT, help=f"seconds per cell (default: {CELL_TIMEOUT})"
    )
    parser.add_argument(
        "--notebook-timeout",
        type=float,
        default=NOTEBOOK_TIMEOUT,
        help=f"seconds per notebook (default: {NOTEBOOK_TIMEOUT})",
    )
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
