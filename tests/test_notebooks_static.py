"""Conventions every chapter notebook must follow (see CONTRIBUTING.md)."""

import io
import re
import tokenize

import pytest
import yaml
from conftest import LANGS, ROOT, code_cells, load_nb, notebook_names
from IPython.core.inputtransformer2 import TransformerManager

NAMES = notebook_names()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
SOLUTION_TITLE = {"vi": '#@title Lời giải {display-mode: "form"}', "en": '#@title Solution {display-mode: "form"}'}
EXERCISE = {"vi": "### Bài tập", "en": "### Exercise"}

_SKIP = {
    tokenize.COMMENT,
    tokenize.STRING,
    tokenize.NL,
    tokenize.NEWLINE,
    tokenize.INDENT,
    tokenize.DEDENT,
    tokenize.ENDMARKER,
}
_SKIP |= {getattr(tokenize, n) for n in ("FSTRING_START", "FSTRING_MIDDLE", "FSTRING_END") if hasattr(tokenize, n)}


def code_tokens(src):
    """Python tokens of an IPython cell, without comments and string literals."""
    py = TransformerManager().transform_cell(src)
    return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(py).readline) if t.type not in _SKIP]


def test_there_are_chapters():
    assert "00_introduction.ipynb" in NAMES and "01_initialization.ipynb" in NAMES


def test_both_languages_have_the_same_files():
    vi = sorted(p.name for p in (ROOT / "chapters" / "vi").glob("*.ipynb"))
    assert vi == NAMES


def test_toc_lists_every_chapter_in_both_parts():
    parts = {p["caption"]: [c["file"] for c in p["chapters"]] for p in TOC["parts"]}
    assert list(parts)[:2] == ["Tiếng Việt", "English"]
    for caption, lang in (("Tiếng Việt", "vi"), ("English", "en")):
        assert parts[caption] == [f"chapters/{lang}/{n[:-6]}" for n in NAMES]
    # Further parts (the teachers' guide) hold Markdown pages in both languages, never chapters.
    for caption in list(parts)[2:]:
        for page in parts[caption]:
            assert not page.startswith("chapters/") and (ROOT / f"{page}.md").is_file(), page
            twin = page.replace("/vi/", "/en/") if "/vi/" in page else page.replace("/en/", "/vi/")
            assert twin in parts[caption], f"{page} has no twin in the other language"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_committed_without_outputs(lang, name):
    for cell in load_nb(lang, name)["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == [] and cell["execution_count"] is None, "clear the outputs before committing"


@pytest.mark.parametrize("name", NAMES)
def test_code_cells_identical_across_languages(name):
    vi, en = code_cells(load_nb("vi", name)), code_cells(load_nb("en", name))
    assert len(vi) == len(en), "different number of code cells"
    for i, (a, b) in enumerate(zip(vi, en)):
        assert code_tokens(a) == code_tokens(b), f"code cell {i} differs beyond comments and strings"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_setup_cell_names_the_configured_repository(lang, name):
    first = code_cells(load_nb(lang, name))[0]
    url, branch = CONFIG["repository"]["url"], CONFIG["repository"]["branch"]
    assert f'LANG = "{lang}"' in first
    assert "import embstab_lib" in first and "except ImportError" in first
    assert f"git+{url}@{branch}" in first
    assert set(re.findall(r"https?://[^\s\"'@]+", first)) == {url}


@pytest.mark.parametrize("lang", LANGS)
def test_every_setup_cell_installs_the_same_thing(lang):
    """One set-up cell per language, character for character: the Colab simulation (tests/colab.py) installs the
    library once, with the first notebook's set-up cell, in the environment every chapter then runs in — which is what
    each chapter's own set-up cell would install only because they are all the same."""
    cells = {name: code_cells(load_nb(lang, name))[0] for name in NAMES}
    first = cells[NAMES[0]]
    assert [name for name, cell in cells.items() if cell != first] == []


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_title_and_link_to_the_twin(lang, name):
    cells = load_nb(lang, name)["cells"]
    assert cells[0]["cell_type"] == "markdown"
    head = "".join(cells[0]["source"])
    assert re.match(r"# \d+\. \S", head), "the first cell starts with '# N. Title'"
    other = "en" if lang == "vi" else "vi"
    assert f"](../{other}/{name})" in head, "the first cell links to the same chapter in the other language"


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("lang", LANGS)
def test_markdown_is_plain(lang, name):
    """Colab does not render MyST directives or roles; headings must not skip levels (the -W build warns)."""
    level = 0
    for cell in load_nb(lang, name)["cells"]:
        if cell["cell_type"] != "markdown":
            continue
        text = "".join(cell["source"])
        assert not re.search(r"^(```|:::)\s*\{", text, re.M), "MyST directive"
        assert not re.search(r"\{(doc|ref|numref|eq|math)\}`", text), "MyST role"
        in_code = False
        for line in text.splitlines():
            if line.startswith("```"):
                in_code = not in_code
            m = re.match(r"^(#+) ", line)
            if m and not in_code:
                assert len(m.group(1)) <= level + 1, f"heading jumps a level: {line!r}"
                level = len(m.group(1))


@pytest.mark.parametrize("name", [n for n in NAMES if not n.startswith("00_")])
@pytest.mark.parametrize("lang", LANGS)
def test_exercises_have_stub_check_and_hidden_solution(lang, name):
    cells = load_nb(lang, name)["cells"]
    statements = [
        i for i, c in enumerate(cells) if c["cell_type"] == "markdown" and EXERCISE[lang] in "".join(c["source"])
    ]
    assert len(statements) >= 3, "every chapter from 01 on has at least 3 exercises"
    for i in statements:
        stub, solution = "".join(cells[i + 1]["source"]), cells[i + 2]
        assert cells[i + 1]["cell_type"] == "code" and "solution" not in cells[i + 1]["metadata"].get("tags", [])
        assert "..." in stub or "NotImplementedError" in stub
        check = re.search(r"checks\.(\w+)\(", stub)
        assert check, "the stub calls its check"
        tags = solution["metadata"].get("tags", [])
        src = "".join(solution["source"])
        assert solution["cell_type"] == "code" and "solution" in tags and "hide-input" in tags
        assert src.splitlines()[0] == SOLUTION_TITLE[lang]
        assert f"checks.{check.group(1)}(" in src, "the solution calls the same check"
        assert "NotImplementedError" not in src and not re.search(r"=\s*\.\.\.", src), "the solution is not a stub"


def test_every_check_used_in_notebooks_exists():
    from embstab_lib import checks

    for name in NAMES:
        for lang in LANGS:
            for src in code_cells(load_nb(lang, name)):
                for fn in re.findall(r"checks\.(\w+)\(", src):
                    assert callable(getattr(checks, fn, None)), f"{lang}/{name} calls missing checks.{fn}"


def test_cold_run_budgets_name_existing_chapters():
    """tools/cold_run.py's budgets (issues 9, 10: 300 s for 07–09, 60 s for 10) belong to chapters that exist, so a
    renamed chapter cannot silently fall back to the default 120 s."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("cold_run", ROOT / "tools" / "cold_run.py")
    cold_run = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cold_run)
    stems = {name.removesuffix(".ipynb") for name in notebook_names()}
    assert set(cold_run.BUDGETS) <= stems, set(cold_run.BUDGETS) - stems
    assert cold_run.BUDGETS == {
        "07_results": 300,
        "08_dimension_and_data": 300,
        "09_transformer": 300,
        "10_conclusion": 60,
    }
    assert cold_run.DEFAULT_BUDGET == 120
    assert cold_run.main(["--lang", "en", "99"]) == 2  # no such chapter: refused, nothing run
