"""The embstab website's own Sphinx extension (registered in ``_config.yml``, ``sphinx.local_extensions``).

1. **MathJax from the site itself.**  MathJax 3.2.2 comes from the pinned PyPI package ``django-static-mathjax``
   (``requirements.txt``; its files live in ``mathjax/static/mathjax/es5``).  The files the pages need are copied
   into ``_build/html/_static/mathjax/`` when the builder starts, and ``mathjax_path: mathjax/tex-chtml.js``
   (``_config.yml``) points the pages at them: formulas render with no network, from ``file://`` or any server.
2. **Language twins.**  Every page ``…/vi/X`` whose twin ``…/en/X`` is in the book (and vice versa) gets
   ``<meta name="embstab-twin" content="URL" data-lang="en" data-label="English">`` and ``<html lang="vi">``;
   ``_static/lang-switch.js`` turns the meta tag into a link in the page header.
3. **Tables generated from the chapters** (:mod:`chapter_tables`), so they never go stale while chapters are added:
   in a Markdown page, the comment ``<!-- embstab:chapters -->`` becomes the bilingual table of chapters with how long
   each takes, ``<!-- embstab:exercise-times vi -->`` (or ``en``) the teachers' table of exercises and times, and
   ``<!-- embstab:long-runs vi -->`` (or ``en``) a sentence naming the chapters that take minutes to run.
"""

from __future__ import annotations

import json
import shutil
import sys
from importlib.util import find_spec
from pathlib import Path

from sphinx.errors import ExtensionError

if str(Path(__file__).resolve().parent) not in sys.path:  # jupyter-book puts _ext/ on the path; a plain import may not
    sys.path.insert(0, str(Path(__file__).resolve().parent))
from chapter_tables import (  # noqa: E402
    RUN_TIMES,
    chapters,
    chapters_table,
    exercise_times_table,
    long_runs,
    read_run_times,
)

MATHJAX_VERSION = "3.2.2"
#: What the pages load (tex-chtml.js) and what it may load later: fonts, TeX extensions (autoload, \require),
#: the menu, accessibility and speech components, the other renderer.  The other combined bundles are left out.
MATHJAX_PARTS = ["tex-chtml.js", "LICENSE", "a11y", "adaptors", "input", "output", "sre", "ui"]
LANGS = {"vi": "Tiếng Việt", "en": "English"}
GENERATED = ("index", "guide/vi/teachers", "guide/en/teachers")


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
def fill_tables(app, docname, source) -> None:
    """Replace the ``<!-- embstab:… -->`` markers of a page by the tables of :mod:`chapter_tables`."""
    text = source[0]
    if "<!-- embstab:" not in text:
        return
    try:
        found = chapters(app.srcdir, app.env.found_docs)
        _, meta = read_run_times(Path(app.srcdir) / RUN_TIMES)
    except ValueError as exc:
        raise ExtensionError(str(exc)) from exc
    text = text.replace("<!-- embstab:chapters -->", chapters_table(found, meta, docname))
    for lang in LANGS:
        text = text.replace(f"<!-- embstab:exercise-times {lang} -->", exercise_times_table(found, meta, docname, lang))
        text = text.replace(f"<!-- embstab:long-runs {lang} -->", long_runs(found, lang))
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
