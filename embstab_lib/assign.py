"""Export student notebooks: every cell tagged ``solution`` is removed, outputs are cleared.

Usage::

    python -m embstab_lib.assign --out student/            # from the repository root
    python -m embstab_lib.assign --src chapters --out DIR  # explicit source tree

``DIR/vi/*.ipynb`` and ``DIR/en/*.ipynb`` mirror ``chapters/``.  The exercise
stubs stay, so each check prints "not done yet" until the student answers.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

SOLUTION_TAG = "solution"


def strip_solutions(nb: dict) -> tuple[dict, int]:
    """Return a copy of notebook JSON ``nb`` without solution cells or outputs, and the number removed."""
    cells, removed = [], 0
    for cell in nb.get("cells", []):
        if SOLUTION_TAG in cell.get("metadata", {}).get("tags", []):
            removed += 1
            continue
        cell = dict(cell)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        cells.append(cell)
    return {**nb, "cells": cells}, removed


def export(src: Path, out: Path) -> list[tuple[Path, int]]:
    """Write the student version of every notebook under ``src`` into ``out``; return (path, removed) pairs."""
    src, out = Path(src), Path(out)
    notebooks = sorted(src.rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    if not notebooks:
        raise ValueError(f"no notebooks found under {src}")
    written = []
    for path in notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        student, removed = strip_solutions(nb)
        target = out / path.relative_to(src)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(student, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        written.append((target, removed))
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m embstab_lib.assign", description=__doc__.splitlines()[0])
    parser.add_argument("--src", default="chapters", help="folder with the course notebooks (default: chapters)")
    parser.add_argument("--out", required=True, help="folder to write student notebooks into")
    args = parser.parse_args(argv)
    try:
        written = export(Path(args.src), Path(args.out))
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for target, removed in written:
        print(f"{target}  ({removed} solution cell(s) removed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
