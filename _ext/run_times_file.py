"""The file of the chapters' measured run times, ``_data/run_times.tsv``: its format, read by the website
(:mod:`chapter_tables`) and written by ``tools/run_times.py`` from the times ``make test`` measures.

``make test`` runs every chapter as a learner's Colab does (``tests/colab.py``) and writes each notebook's time to
``_build/notebook_times.txt`` (lines ``en/07_results.ipynb: 305 s``): the English notebooks first, with a model cache
that is empty when the run starts (the *cold* times), then the Vietnamese ones with every model already cached (the
*warm* times), two notebooks at a time.  :func:`parse_notebook_times` reads that file, :func:`render` writes
``_data/run_times.tsv`` with the date, commit and machine of the measurement, :func:`read_run_times` reads it back.
Nothing here needs Sphinx.
"""

from __future__ import annotations

import re
from pathlib import Path

#: Where the run times live, relative to the book's root.
RUN_TIMES = "_data/run_times.tsv"
#: What the file must say about its measurement (``shared``, optional: ``yes`` if the machine was busy).
META_KEYS = ("date", "commit", "cores", "cpu")
_NOTEBOOK_TIME = re.compile(r"^(vi|en)/(\w+)\.ipynb: (\d+(?:\.\d+)?) s( FAILED)?$")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")

_HEADER = """\
# Time to execute each chapter top to bottom, solutions included, as tests/colab.py runs it in `make test` (a fresh
# environment, the notebook's own set-up cell, outside the repository), two notebooks at a time.
# cold_s: the English notebook, run first with a model cache that was empty when the run started (a chapter may
#         reuse models another chapter trained); warm_s: the Vietnamese twin, run next with the models cached.
# Read by _ext/chapter_tables.py (landing page, teachers' guide). Update: after `make test`, run tools/run_times.py.
"""


def parse_notebook_times(text: str) -> dict[str, dict[str, float]]:
    """``{chapter: {"cold_s": s, "warm_s": s}}`` from the text of ``_build/notebook_times.txt``.

    Raises ``ValueError`` for a notebook that failed, a chapter without both languages, or no notebook at all.
    """
    seen: dict[str, dict[str, float]] = {}
    for line in text.splitlines():
        match = _NOTEBOOK_TIME.match(line.strip())
        if not match:
            continue  # the totals ("all en notebooks: ...") and anything else
        lang, name, seconds, failed = match.groups()
        if failed:
            raise ValueError(f"{lang}/{name}.ipynb FAILED in that run: its time is not a valid measurement")
        seen.setdefault(name, {})["cold_s" if lang == "en" else "warm_s"] = float(seconds)
    if not seen:
        raise ValueError("no line of the form 'en/NAME.ipynb: N s' found")
    incomplete = sorted(name for name, t in seen.items() if len(t) != 2)
    if incomplete:
        raise ValueError(f"{incomplete[0]}: a time for only one language (both are needed)")
    return seen


def render(times: dict[str, dict[str, float]], *, date: str, commit: str, cores: int, cpu: str, shared: bool) -> str:
    """The text of ``_data/run_times.tsv``, in the format :func:`read_run_times` reads."""
    if not _DATE.fullmatch(date or ""):
        raise ValueError(f"date must be YYYY-MM-DD, got {date!r}")
    if isinstance(cores, bool) or not isinstance(cores, int) or cores < 1:
        raise ValueError(f"cores must be a positive integer, got {cores!r}")
    for key, value in (("commit", commit), ("cpu", cpu)):
        if not isinstance(value, str) or not value.strip() or "\n" in value:
            raise ValueError(f"{key} must be a non-empty single line, got {value!r}")
    rows = [f"{name}\t{t['cold_s']:.0f}\t{t['warm_s']:.0f}" for name, t in sorted(times.items())]
    meta = (
        f"# date: {date}\n# commit: {commit}\n# cores: {cores}\n# cpu: {cpu}\n# shared: {'yes' if shared else 'no'}\n"
    )
    return _HEADER + meta + "chapter\tcold_s\twarm_s\n" + "\n".join(rows) + "\n"


def read_run_times(path: Path) -> tuple[dict[str, dict[str, float]], dict[str, str]]:
    """``({chapter: {"cold_s": s, "warm_s": s}}, {"date": …, "commit": …, "cores": …, "cpu": …})`` from a file.

    The file: ``# key: value`` lines for ``date`` (YYYY-MM-DD), ``commit``, ``cores`` (how many), ``cpu`` (the
    processor) and optionally ``shared`` (``yes``/``no``: was the machine busy with other work?) -- other ``#`` lines
    are comments -- the header ``chapter<TAB>cold_s<TAB>warm_s``, then one row per chapter (its file name without
    ``.ipynb``) with two positive numbers of seconds.  A missing file gives two empty dicts (the tables then show no
    run times); a malformed one raises ``ValueError`` naming the line.
    """
    path = Path(path)
    if not path.is_file():
        return {}, {}
    times, meta, header = {}, {}, None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            key, sep, value = line[1:].partition(":")
            if sep and key.strip() in (*META_KEYS, "shared"):
                meta[key.strip()] = value.strip()
            continue
        if not line.strip():
            continue
        fields = line.split("\t")
        if header is None:
            header = fields
            if header != ["chapter", "cold_s", "warm_s"]:
                raise ValueError(f"{path}:{n}: expected the header chapter<TAB>cold_s<TAB>warm_s, got {line!r}")
            continue
        try:
            cold, warm = (float(x) for x in fields[1:])
            if not (0 < cold < 1e5 and 0 < warm < 1e5):
                raise ValueError
        except ValueError:
            message = f"{path}:{n}: expected a chapter and two positive numbers of seconds, got {line!r}"
            raise ValueError(message) from None
        times[fields[0]] = {"cold_s": cold, "warm_s": warm}
    missing = [k for k in META_KEYS if not meta.get(k)]
    if missing:
        raise ValueError(f"{path}: no '# {missing[0]}: …' line (when, at which commit and on what it was measured)")
    if not _DATE.fullmatch(meta["date"]) or not re.fullmatch(r"[1-9]\d*", meta["cores"]):
        raise ValueError(
            f"{path}: expected '# date: YYYY-MM-DD' and '# cores: N', got {meta['date']!r}, {meta['cores']!r}"
        )
    if meta.get("shared", "no") not in ("yes", "no"):
        raise ValueError(f"{path}: '# shared:' must be yes or no, got {meta['shared']!r}")
    return times, meta
