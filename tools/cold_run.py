"""Time each chapter alone and cold, against its budget: `.venv/bin/python tools/cold_run.py [--lang en] [CHAPTER ...]`.

A chapter's budget (the developers' guide: 120 s; issues 9 and 10: 300 s for chapters 07, 08 and 09, 60 s for
chapter 10) is its time **cold, alone, on 2 cores**: a model cache that is empty when the notebook starts, nothing
else running, the thread settings of `make` (one BLAS thread per process; the library's own process pools use every
core).  `make test` cannot show it: there the chapters share one model cache and run two at a time (tests/colab.py),
so their times (`_data/run_times.tsv`) are those of a busier machine with some models already trained.

This script runs each chapter top to bottom (solutions included, strict checks) with the project's `.venv` kernel,
one after the other, each in a fresh temporary folder with its own empty `EMBSTAB_CACHE`, and prints one line per
chapter: its time, its budget and whether it kept it.  Exit status 1 when a chapter fails or is over its budget.
Run it on an idle machine: another job on the same cores makes every time longer.

    .venv/bin/python tools/cold_run.py                      # every English chapter
    .venv/bin/python tools/cold_run.py --lang vi 08 09      # the chapters whose names start with 08 and 09
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Seconds allowed to a chapter run cold and alone on 2 cores; a chapter not named here has the default.
BUDGETS = {"07_results": 300, "08_dimension_and_data": 300, "09_transformer": 300, "10_conclusion": 60}
DEFAULT_BUDGET = 120


def run_cold(path: Path) -> tuple[float, str | None]:
    """Execute the notebook at ``path`` with an empty model cache; ``(seconds, error or None)``."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    cache = Path(tempfile.mkdtemp(prefix="embstab-cold-cache-"))
    work = Path(tempfile.mkdtemp(prefix="embstab-cold-run-"))
    env = {
        **os.environ,
        "EMBSTAB_CACHE": str(cache),
        "EMBSTAB_STRICT_CHECKS": "1",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "PYTHONHASHSEED": "0",
    }
    start = time.perf_counter()
    error = None
    try:
        NotebookClient(nb, timeout=1800, kernel_name="python3", resources={"metadata": {"path": str(work)}}).execute(
            env=env, cwd=str(work)
        )
    except Exception as exc:  # a failing cell: report it, time the next chapter
        lines = str(exc).strip().splitlines() or [""]
        error = f"{type(exc).__name__}: {lines[-1][:200]}"
    seconds = time.perf_counter() - start
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(work, ignore_errors=True)
    return seconds, error


def main(argv=None) -> int:
    """Run the chosen chapters cold, one at a time; 0 when all ran within budget, 1 otherwise, 2 on bad arguments."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lang", choices=("en", "vi"), default="en")
    parser.add_argument("chapters", nargs="*", help="name prefixes, e.g. 08 (default: every chapter)")
    args = parser.parse_args(argv)
    notebooks = sorted((ROOT / "chapters" / args.lang).glob("*.ipynb"))
    if args.chapters:
        notebooks = [p for p in notebooks if any(p.stem.startswith(prefix) for prefix in args.chapters)]
        if not notebooks:
            wanted = " or ".join(args.chapters)
            print(f"error: no chapter of chapters/{args.lang} starts with {wanted}", file=sys.stderr)
            return 2
    print(f"# {os.cpu_count()} cores; chapter\tseconds\tbudget\tverdict", flush=True)
    worst = 0
    for path in notebooks:
        seconds, error = run_cold(path)
        budget = BUDGETS.get(path.stem, DEFAULT_BUDGET)
        verdict = f"FAILED {error}" if error else ("ok" if seconds <= budget else "OVER BUDGET")
        worst = max(worst, 0 if verdict == "ok" else 1)
        print(f"{args.lang}/{path.stem}\t{seconds:.0f}\t{budget}\t{verdict}", flush=True)
    return worst


if __name__ == "__main__":
    sys.exit(main())
