"""The embstab website's own Sphinx extension (registered in ``_config.yml``, ``sphinx.local_extensions``).

1. **MathJax from the site itself.**  MathJax 3.2.2 comes from the pinned PyPI package ``django-static-mathjax``
   (``requirements.txt``; its files live in ``mathjax/static/mathjax/es5``).  The files the pages need are copied
   into ``_build/html/_static/mathjax/`` when the builder starts, and ``mathjax_path: mathjax/tex-chtml.js``
   (``_config.yml``) points the pages at them: formulas render with no network, from ``file://`` or any server.
2. **Language twins.**  Every page ``…/vi/X`` whose twin ``…/en/X`` is in the book (and vice versa) gets
   ``<meta name="embstab-twin" content="URL" data-lang="en" data-label="English">`` and ``<html lang="vi">``;
   ``_static/lang-switch.js`` turns the meta tag into a link in the page header.
3. **Tables generated from the chapters**, so they never go stale while chapters are added: in a Markdown page,
   the comment ``<!-- embstab:chapters -->`` becomes the bilingual table of chapters, and
   ``<!-- embstab:exercise-times vi -->`` (or ``en``) the table of exercises and their estimated times.
   Only chapters in the table of contents are listed (the ``-n`` build stays free of broken links).
"""

from __future__ import annotations

import json
import posixpath
import re
import shutil
from importlib.util import find_spec
from pathlib import Path

from sphinx.errors import ExtensionError

MATHJAX_VERSION = "3.2.2"
#: What the pages load (tex-chtml.js) and what it may load later: fonts, TeX extensions (autoload, \require),
#: the menu, accessibility and speech components, the other renderer.  The other combined bundles are left out.
MATHJAX_PARTS = ["tex-chtml.js", "LICENSE", "a11y", "adaptors", "input", "output", "sre", "ui"]
LANGS = {"vi": "Tiếng Việt", "en": "English"}
GENERATED = ("index", "guide/vi/teachers", "guide/en/teachers")

_EXERCISE = re.compile(r"^#{2,4}\s*(?:Exercise|Bài tập)\s+(\d+)\.(\d+)\b", re.M)
_MINUTES = re.compile(r"≈\s*(\d+)\s*(?:min|phút)")
_HEADING = re.compile(r"^#{1,6}\s", re.M)
_TITLE = re.compile(r"^#\s+(\d+)\.\s+(.+?)\s*$", re.M)


# ------------------------------------------------------------------ MathJax
def mathjax_source() -> Path:
    """The ``es5`` folder of MathJax shipped by ``django-static-mathjax`` (raises ``ExtensionError`` if absent)."""
    spec = find_spec("mathjax")
    root = Path(next(iter(spec.submodule_search_locations))) / "static" / "mathjax" if spec else None
    if root is None or not (root / "es5" / "tex-chtml.js").is_file():
        raise ExtensionError(
            "MathJax is served from the site: install it with `pip install django-static-mathjax==3.2.2.1` "
            "(it is pinned in requirements.txt; `make setup` installs it)"
        )
    version = json.loads((root / "package.json").read_text(encoding="utf-8")).get("version")
    if version != MATHJAX_VERSION:
        raise ExtensionError(f"expected MathJax {MATHJAX_VERSION} from django-static-mathjax, found {version}")
    return root


def copy_mathjax(app) -> None:
    if app.builder.format != "html":
        return
    root = mathjax_source()
    target = Path(app.outdir) / "_static" / "mathjax"
    stamp = target / ".version"
    if stamp.is_file() and stamp.read_text() == MATHJAX_VERSION and (target / "tex-chtml.js").is_file():
        return
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in MATHJAX_PARTS:
        src = root / "es5" / part if part != "LICENSE" else root / part
        if src.is_dir():
            shutil.copytree(src, target / part)
        else:
            shutil.copy2(src, target / part)
    stamp.write_text(MATHJAX_VERSION)


# ------------------------------------------------------------------ language twins
def twin_of(docname: str) -> tuple[str, str] | None:
    """``("chapters/en/02_rotation", "en")`` for ``"chapters/vi/02_rotation"``; ``None`` for a page with no language."""
    parts = docname.split("/")
    for i, part in enumerate(parts[:-1]):
        if part in LANGS:
            other = "en" if part == "vi" else "vi"
            return "/".join(parts[:i] + [other] + parts[i + 1 :]), other
    return None


def add_twin(app, pagename, templatename, context, doctree) -> None:
    twin = twin_of(pagename)
    if twin is None or twin[0] not in app.env.found_docs:
        return
    docname, other = twin
    own = "vi" if other == "en" else "en"
    context["language"] = own
    url = context["pathto"](docname)
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="embstab-twin" content="{url}" data-lang="{other}" data-label="{LANGS[other]}">'
    )


# ------------------------------------------------------------------ tables generated from the chapters
def _chapters(app) -> list[dict]:
    """The chapters in the book, in file order: number, name and, per language, title and exercise estimates."""
    srcdir = Path(app.srcdir)
    chapters = []
    for path in sorted((srcdir / "chapters" / "en").glob("*.ipynb")):
        info = {"name": path.stem, "lang": {}}
        for lang in LANGS:
            docname = f"chapters/{lang}/{path.stem}"
            nb_path = srcdir / f"{docname}.ipynb"
            if docname not in app.env.found_docs or not nb_path.is_file():
                continue
            cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
            markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
            title = _TITLE.search(markdown[0]) if markdown else None
            text = "\n\n".join(markdown)
            heads = list(_EXERCISE.finditer(text))
            minutes, exercises = 0, len(heads)
            for head in heads:  # the estimate is in the exercise's statement, before the next heading
                following = _HEADING.search(text, head.end())
                found = _MINUTES.search(text, head.end(), following.start() if following else len(text))
                minutes += int(found.group(1)) if found else 0
            info["number"] = int(title.group(1)) if title else None
            info["lang"][lang] = {
                "docname": docname,
                "title": title.group(2) if title else path.stem,
                "exercises": exercises,
                "minutes": minutes,
            }
        if info["lang"]:
            chapters.append(info)
    return chapters


def _link(from_doc: str, docname: str, text: str) -> str:
    rel = posixpath.relpath(docname, posixpath.dirname(from_doc) or ".")
    return f"[{text}]({rel}.ipynb)"


def chapters_table(app, docname: str) -> str:
    rows = ["| | Tiếng Việt | English |", "|---|---|---|"]
    for ch in _chapters(app):
        cells = [
            _link(docname, ch["lang"][lang]["docname"], ch["lang"][lang]["title"]) if lang in ch["lang"] else ""
            for lang in LANGS
        ]
        rows.append(f"| {ch.get('number', '')} | {cells[0]} | {cells[1]} |")
    return "\n".join(rows)


def exercise_times_table(app, docname: str, lang: str) -> str:
    head = {
        "vi": "| chương | số bài tập | thời gian ước tính của các bài tập |",
        "en": "| chapter | exercises | estimated time of the exercises |",
    }[lang]
    unit = {"vi": "phút", "en": "min"}[lang]
    rows = [head, "|---|---|---|"]
    for ch in _chapters(app):
        if lang not in ch["lang"]:
            continue
        c = ch["lang"][lang]
        text = f"{ch.get('number', '')}. {c['title']}"
        time = f"≈ {c['minutes']} {unit}" if c["exercises"] else "—"
        rows.append(f"| {_link(docname, c['docname'], text)} | {c['exercises']} | {time} |")
    return "\n".join(rows)


def fill_tables(app, docname, source) -> None:
    text = source[0]
    if "<!-- embstab:" not in text:
        return
    text = text.replace("<!-- embstab:chapters -->", chapters_table(app, docname))
    for lang in LANGS:
        text = text.replace(f"<!-- embstab:exercise-times {lang} -->", exercise_times_table(app, docname, lang))
    source[0] = text


def always_reread(app, env, added, changed, removed):
    """The generated tables depend on the notebooks: re-read the pages that hold them at every build."""
    return [d for d in GENERATED if d in env.found_docs]


def setup(app):
    app.connect("builder-inited", copy_mathjax)
    app.connect("html-page-context", add_twin)
    app.connect("source-read", fill_tables)
    app.connect("env-get-outdated", always_reread)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
