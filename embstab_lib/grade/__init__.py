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

Modules: :mod:`.notebooks` (reading a submission: its exercises, language and chapter; finding the submissions),
:mod:`.execute` (running a notebook in a fresh kernel with a check log), :mod:`.score` (one row per exercise and a
summary per notebook), :mod:`.cli` (the command line; ``__main__`` runs it).
"""

from .cli import main
from .execute import run_notebook
from .notebooks import describe, exercise_cells, find_submissions
from .score import ROW_FIELDS, STATUSES, SUMMARY_FIELDS, grade_notebook

__all__ = [
    "STATUSES",
    "ROW_FIELDS",
    "SUMMARY_FIELDS",
    "exercise_cells",
    "describe",
    "find_submissions",
    "run_notebook",
    "grade_notebook",
    "main",
]
