"""The full website build from the executed notebooks: zero warnings (-W), nitpicky (-n)."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import LANGS, ROOT, notebook_names

JB = Path(sys.executable).with_name("jupyter-book")


@pytest.fixture(scope="module")
def html(executed_notebooks):
    # The notebooks were executed into the jupyter-cache by `executed_notebooks`: the build executes nothing again.
    failed = [f"{lang}/{name}" for (lang, name), r in executed_notebooks.items() if not r["ok"]]
    if failed:
        pytest.fail(f"cannot build the book: notebooks failed to run: {', '.join(failed)}")
    res = subprocess.run(
        [str(JB), "build", "--all", "-W", "-n", "--keep-going", str(ROOT)], capture_output=True, text=True, cwd=ROOT
    )
    assert res.returncode == 0, res.stdout[-4000:] + res.stderr[-4000:]
    assert not re.search(r": WARNING:|build finished with problems", res.stdout + res.stderr), "Sphinx warned"
    assert "Executing notebook" not in res.stdout + res.stderr, "the build should reuse the executed notebooks"
    return ROOT / "_build" / "html"


@pytest.mark.slow
def test_landing_page_links_both_languages(html):
    page = (html / "index.html").read_text(encoding="utf-8")
    for lang in LANGS:
        assert f"chapters/{lang}/00_introduction.html" in page


@pytest.mark.slow
@pytest.mark.parametrize("name", notebook_names())
@pytest.mark.parametrize("lang", LANGS)
def test_chapter_page(html, lang, name):
    page = (html / "chapters" / lang / name.replace(".ipynb", ".html")).read_text(encoding="utf-8")
    other = "en" if lang == "vi" else "vi"
    assert f"../{other}/{name.replace('.ipynb', '.html')}" in page, "link to the twin chapter"
    assert "colab.research.google.com/github/" in page, "Colab launch button"
    assert f"chapters/{lang}/{name}" in page
    assert "Traceback" not in page, "a cell raised"
    if not name.startswith("00_"):
        assert re.search(r'<img[^>]+src="[^"]*_images/[^"]+\.png"', page), "figures are rendered"
        assert "✓" in page, "solutions ran and passed their checks"
        assert "toggle-hidden" in page or "tag_hide-input" in page, "solutions are collapsed"
