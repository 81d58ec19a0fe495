"""Reading submitted notebooks: where each exercise is (:func:`exercise_cells`), the language, chapter and expected
exercises of a submission (:func:`describe`), and the submissions and their students (:func:`find_submissions`)."""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["exercise_cells", "describe", "find_submissions"]

_EXERCISE = re.compile(r"^#{2,4}\s*(?:Exercise|Bài tập)\s+(\d+\.\d+)\b", re.M)
_HEADING = re.compile(r"^(#{1,6})\s", re.M)
_LANG = re.compile(r"""^LANG\s*=\s*["'](vi|en)["']""", re.M)
_CHAPTER = re.compile(r"(?<!\d)(\d\d)_\w+")


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
