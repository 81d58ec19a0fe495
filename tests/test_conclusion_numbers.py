"""Chapter 10 quotes the numbers of the other chapters: every one of them must be true today.

The first table of ``chapters/{en,vi}/10_conclusion.ipynb`` ("The article's conclusions, one by one") has one row per
conclusion of the article: the quote, the verdict, the **source** — a link to the chapter that measures it, or no link
("here" / "ở đây") when chapter 10 recomputes the number itself — then the **measured** numbers (mean [95 % interval])
and the **chance** level or planted control.

* Fast tests: both languages quote the same numbers and cite the same sources, row by row; every chapter linked from
  chapter 10 is in both parts of ``_toc.yml``; every row quotes at least one number.
* Slow test: every quoted number appears, with the same rounding, in the executed outputs of its source chapter — the
  English notebooks executed by the ``executed_notebooks`` fixture and stored in the book's jupyter-cache.  An
  interval ``m [l, h]`` must appear verbatim; any other number must appear as a whole number (not as part of a longer
  one).  A chance level that follows from a formula, such as k/(V − 1), may be printed by chapter 10 instead of the
  source (chapter 10 prints the one it quotes).
"""

from __future__ import annotations

import re

import nbformat
import pytest
import yaml
from conftest import LANGS, ROOT, load_nb

NAME = "10_conclusion.ipynb"
HERE = {"en": "here", "vi": "ở đây"}
LINK = re.compile(r"\]\((\d\d_[a-z_]+\.ipynb)\)")
INTERVAL = re.compile(r"-?\d+(?:\.\d+)? \[-?\d+(?:\.\d+)?, -?\d+(?:\.\d+)?\]")
NUMBER = re.compile(r"(?<![\w.\-])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\d.])")
#: columns of the table: quote, verdict, source, measured, chance / control
SOURCE, MEASURED, CHANCE = 2, 3, 4


def _first_table(markdown_cells):
    for text in markdown_cells:
        lines = [line for line in text.splitlines() if line.startswith("|")]
        if lines:
            return lines
    raise AssertionError("chapter 10 has no Markdown table")


def _cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def numbers(cell):
    """``(intervals, other numbers)`` quoted in one cell, in order."""
    intervals = INTERVAL.findall(cell)
    rest = INTERVAL.sub(" ", cell)
    return intervals, NUMBER.findall(rest)


def quoted_rows(lang):
    """One dict per row of the conclusions table: source chapter, and the numbers of its two number columns."""
    nb = load_nb(lang, NAME)
    table = _first_table("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
    header, rule, *body = table
    assert len(_cells(header)) == 5 and set(rule) <= set("|-"), "the conclusions table has 5 columns"
    rows = []
    for line in body:
        cells = _cells(line)
        assert len(cells) == 5, f"{lang}: a row of the conclusions table has {len(cells)} cells: {line[:80]}"
        links = LINK.findall(cells[SOURCE])
        if links:
            assert len(links) == 1, f"{lang}: one source per row, got {links}"
            source = links[0]
        else:
            assert cells[SOURCE] == HERE[lang], f"{lang}: the source is a link or {HERE[lang]!r}: {cells[SOURCE]!r}"
            source = NAME
        rows.append({"quote": cells[0], "source": source, "measured": numbers(cells[MEASURED]),
                     "chance": numbers(cells[CHANCE])})  # fmt: skip
    return rows


def outputs_text(nb) -> str:
    """All the text a notebook printed or displayed (streams, Markdown, plain text)."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            elif out.get("output_type") in ("execute_result", "display_data"):
                data = out.get("data", {})
                parts += [data[k] for k in ("text/markdown", "text/plain") if k in data]
    return "\n".join("".join(p) if isinstance(p, list) else p for p in parts)


def _printed(number, text) -> bool:
    return re.search(r"(?<![\d.])" + re.escape(number) + r"(?![\d])", text) is not None


def missing_numbers(rows, outputs):
    """The quoted numbers absent from their source's outputs: ``[(quote, source, number), ...]``.

    ``outputs`` maps a chapter file name to the text of its executed outputs (:func:`outputs_text`).
    """
    missing = []
    for row in rows:
        for column in ("measured", "chance"):
            texts = [outputs[row["source"]]] + ([outputs[NAME]] if column == "chance" else [])
            intervals, singles = row[column]
            for iv in intervals:
                if not any(iv in t for t in texts):
                    missing.append((row["quote"], row["source"], iv))
            for x in singles:
                if not any(_printed(x, t) for t in texts):
                    missing.append((row["quote"], row["source"], x))
    return missing


# ------------------------------------------------------------------ fast
def test_the_table_quotes_numbers_in_every_row():
    rows = quoted_rows("en")
    assert len(rows) >= 10
    for row in rows:
        assert row["measured"][0] or row["measured"][1], f"no number measured for {row['quote']}"


def test_both_languages_quote_the_same_numbers_and_sources():
    en, vi = quoted_rows("en"), quoted_rows("vi")
    assert len(en) == len(vi)
    for a, b in zip(en, vi):
        assert (a["source"], a["measured"], a["chance"]) == (b["source"], b["measured"], b["chance"]), a["quote"]


@pytest.mark.parametrize("lang", LANGS)
def test_linked_chapters_are_in_the_toc(lang):
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    listed = {c["file"] for part in toc["parts"] for c in part["chapters"]}
    text = "\n".join("".join(c["source"]) for c in load_nb(lang, NAME)["cells"] if c["cell_type"] == "markdown")
    for target in set(LINK.findall(text)):
        for part in LANGS:
            assert f"chapters/{part}/{target[:-6]}" in listed, f"{lang}/{NAME} links to {target}, not in _toc.yml"


def test_numbers_are_found_only_where_they_are_printed():
    """The matching used by the slow test: whole numbers and verbatim intervals, nothing looser."""
    out = "overlap 0.293 [0.289, 0.297]; chance 0.0011; steps 400; gap 2.4e-15"
    rows = [{"quote": "q", "source": NAME, "measured": numbers(m), "chance": ([], [])}
            for m in ("0.293 [0.289, 0.297]", "0.29", "0.293 [0.289, 0.298]", "40", "2.4e-15", "0.001")]  # fmt: skip
    missing = {x for _, _, x in missing_numbers(rows, {NAME: out})}
    assert missing == {"0.29", "0.293 [0.289, 0.298]", "40", "0.001"}
    assert numbers("WordSim-353 ρ 0.225; L1 distance -0.009 [-0.012, -0.005]; 12.5 %") == (
        ["-0.009 [-0.012, -0.005]"], ["0.225", "12.5"])  # fmt: skip


# ------------------------------------------------------------------ slow
@pytest.mark.slow
def test_quoted_numbers_are_printed_by_their_chapters(executed_notebooks):
    from jupyter_cache import get_cache

    rows = quoted_rows("en")
    sources = sorted({row["source"] for row in rows} | {NAME})
    failed = [name for name in sources if not executed_notebooks[("en", name)]["ok"]]
    assert not failed, f"cannot check the numbers of chapters that failed to run: {failed}"
    cache = get_cache(str(ROOT / "_build" / ".jupyter_cache"))
    outputs = {}
    for name in sources:
        _, merged = cache.merge_match_into_notebook(nbformat.read(ROOT / "chapters" / "en" / name, as_version=4))
        outputs[name] = outputs_text(merged)
    missing = missing_numbers(rows, outputs)
    assert not missing, "chapter 10 quotes numbers that its sources no longer print:\n" + "\n".join(
        f"  {source}: {number}  (row {quote})" for quote, source, number in missing
    )
