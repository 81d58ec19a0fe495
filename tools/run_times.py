"""Record the chapters' measured run times for the website: `.venv/bin/python tools/run_times.py`.

`make test` runs every chapter as a learner's Colab does (tests/colab.py) and writes each notebook's time to
_build/notebook_times.txt: the English notebooks first, with a model cache that is empty when the run starts (the
*cold* times), then the Vietnamese ones with every model already cached (the *warm* times), two notebooks at a time.
This script copies those times into _data/run_times.tsv, with the date, the commit and the machine, where the landing
page and the teachers' guide read them (_ext/chapter_tables.py; the file's format: _ext/run_times_file.py).  Check the
numbers, then commit the file.

    .venv/bin/python tools/run_times.py [--times FILE] [--out FILE] [--commit SHA] [--date YYYY-MM-DD]
                                        [--cores N] [--cpu "AMD EPYC"] [--shared]

The date defaults to the day the times file was written, the commit to HEAD (give the commit the run was of if the
tree has moved since), the cores and the processor to this machine's; --shared says the machine was busy with other
work during the run.  A notebook that FAILED has no valid time: the script refuses the file.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
from run_times_file import RUN_TIMES, parse_notebook_times, read_run_times, render  # noqa: E402


def _cpu() -> str:
    """The processor's model name, where Linux says it (``/proc/cpuinfo``), else ``"unknown processor"``."""
    try:
        found = re.search(r"^model name\s*:\s*(.+)$", Path("/proc/cpuinfo").read_text(), re.M)
    except OSError:
        found = None
    return found.group(1).strip() if found else "unknown processor"


def _head() -> str:
    """The short hash of the repository's HEAD."""
    res = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True)
    return res.stdout.strip()


def main(argv=None) -> int:
    """Write the run-times file from a notebook-times file; 0, or 2 when the input cannot be used."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--times", default=str(ROOT / "_build" / "notebook_times.txt"))
    parser.add_argument("--out", default=str(ROOT / RUN_TIMES))
    parser.add_argument("--commit", default=None, help="the commit the times were measured on (default: HEAD)")
    parser.add_argument("--date", default=None, help="YYYY-MM-DD (default: the day the times file was written)")
    parser.add_argument("--cores", type=int, default=os.cpu_count(), help="cores of the machine (default: this one's)")
    parser.add_argument("--cpu", default=None, help="the processor (default: this machine's)")
    parser.add_argument("--shared", action="store_true", help="the machine was busy with other work during the run")
    args = parser.parse_args(argv)
    times_path = Path(args.times)
    try:
        times = parse_notebook_times(times_path.read_text(encoding="utf-8"))
        date = args.date or dt.date.fromtimestamp(times_path.stat().st_mtime).isoformat()
        text = render(
            times,
            date=date,
            commit=args.commit or _head(),
            cores=args.cores,
            cpu=args.cpu or _cpu(),
            shared=args.shared,
        )
    except (OSError, ValueError, subprocess.CalledProcessError) as exc:
        print(f"error: {times_path}: {exc}", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    read_run_times(out)  # what was written reads back
    print(f"{len(times)} chapters written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
