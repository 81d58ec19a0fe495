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


def _read_notebook(path: Path) -> dict:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: cannot read the notebook ({type(exc).__name__}: {exc})") from None
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise ValueError(f"{path}: not a Jupyter notebook (no list of cells)")
    for i, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or not isinstance(cell.get("metadata", {}), dict):
            raise ValueError(f"{path}: cell {i} is not a notebook cell")
    return nb


def export(src: Path, out: Path) -> list[tuple[Path, int]]:
    """Write the student version of every notebook under ``src`` into ``out``.

    Parameters
    ----------
    src : path-like
        Folder of the course notebooks (searched recursively).
    out : path-like
        Folder to write into; ``out/REL`` mirrors ``src/REL``.  It must not be
        ``src`` or lie inside it (that would overwrite or mix with the course's solutions).

    Returns
    -------
    list of (Path, int)
        Each written notebook and the number of solution cells removed.

    Raises
    ------
    ValueError
        When ``out`` is ``src`` or inside it, when ``src`` holds no notebook,
        or naming the notebook that is not valid JSON / not a notebook.  Every
        notebook is read and checked before anything is written.
    OSError
        When ``out`` cannot be written.

    Examples
    --------
    >>> export("chapters", "chapters/student")  # doctest: +SKIP
    Traceback (most recent call last):
    ValueError: --out chapters/student lies inside --src chapters: ...
    """
    src, out = Path(src), Path(out)
    src_r, out_r = src.resolve(), out.resolve()
    if out_r == src_r or src_r in out_r.parents:
        raise ValueError(
            f"--out {out} lies inside --src {src}: the export would overwrite or mix with the course's "
            "notebooks and their solutions; choose a folder outside it, e.g. --out student"
        )
    if not src.is_dir():
        raise ValueError(f"--src {src} is not a folder")
    notebooks = sorted(src.rglob("*.ipynb"))
    notebooks = [p for p in notebooks if ".ipynb_checkpoints" not in p.parts]
    if not notebooks:
        raise ValueError(f"no notebooks found under {src}")
    students = [(path, *strip_solutions(_read_notebook(path))) for path in notebooks]
    written = []
    for path, student, removed in students:
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
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for target, removed in written:
        print(f"{target}  ({removed} solution cell(s) removed)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
