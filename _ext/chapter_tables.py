"""The tables the website generates from the chapters (used by ``embstab_site.fill_tables``), so that they never go
stale while chapters are added: the landing page's table of chapters (``<!-- embstab:chapters -->``), the
teachers' table of exercises and times (``<!-- embstab:exercise-times vi -->`` or ``en``) and the sentence naming the
chapters that take long to run (``<!-- embstab:long-runs vi -->`` or ``en``).  Only chapters in the
table of contents are listed (the ``-n`` build stays free of broken links).  For each chapter:

* *reading*: the words of its prose (Markdown cells before the exercises, counted on the English twin so that both
  languages show one figure) at :data:`READING_WPM` words per minute, rounded to the minute -- an estimate;
* *exercises*: the sum of the ``*≈ N min*`` estimates of its exercise statements;
* *run*: the measured time to execute it top to bottom on 2 cores, read from :data:`RUN_TIMES` (``cold_s``: the
  model cache empty when the run of the chapters started, as on a fresh Colab runtime; ``warm_s``: every model
  already in the cache, as when grading after a first run), with the date, commit and machine of the measurement
  (:mod:`run_times_file`).

Nothing here needs Sphinx: :func:`chapters` reads the notebooks, the table functions return Markdown.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

from run_times_file import RUN_TIMES, read_run_times

LANGS = {"vi": "Tiếng Việt", "en": "English"}
#: Reading speed of the reading-time estimate: words of technical prose per minute.
READING_WPM = 200
#: A chapter whose cold run takes longer than this many seconds is named, in bold, under the tables.
LONG_RUN = 180

_EXERCISE = re.compile(r"^#{2,4}\s*(?:Exercise|Bài tập)\s+(\d+)\.(\d+)\b", re.M)
_EXERCISES = re.compile(r"^##\s+(?:Exercises|Bài tập)\s*$", re.M)
_MINUTES = re.compile(r"≈\s*(\d+)\s*(?:min|phút)")
_HEADING = re.compile(r"^#{1,6}\s", re.M)
_TITLE = re.compile(r"^#\s+(\d+)\.\s+(.+?)\s*$", re.M)
_WORD = re.compile(r"\S*\w\S*")  # a whitespace-separated token with a letter or digit (not '|---|' or '—')


# ------------------------------------------------------------------ the figures
def prose_words(markdown: str) -> int:
    """Words of a chapter's prose: tokens with a letter or digit before ``## Exercises`` / ``## Bài tập``.

    Link targets ``](…)`` and HTML comments are not counted; a formula counts token by token.
    """
    if not isinstance(markdown, str):
        raise TypeError(f"markdown must be a str, got {type(markdown).__name__}")
    end = _EXERCISES.search(markdown)
    text = markdown[: end.start()] if end else markdown
    text = re.sub(r"<!--.*?-->", " ", re.sub(r"\]\([^)]*\)", "]", text), flags=re.S)
    return len(_WORD.findall(text))


def reading_minutes(words: int) -> int:
    """``words`` at :data:`READING_WPM` words per minute, rounded half up to whole minutes (at least 1)."""
    if isinstance(words, bool) or not isinstance(words, int) or words < 0:
        raise ValueError(f"words must be a non-negative integer, got {words!r}")
    return max(1, int(words / READING_WPM + 0.5))


def chapters(srcdir: Path, found_docs) -> list[dict]:
    """The chapters of the book (``found_docs``: its document names), in file order.

    Each is ``{"name", "number", "reading" (minutes), "run" ({"cold_s", "warm_s"} or None), "lang": {lang: {"docname",
    "title", "exercises", "minutes" (estimated, of the exercises), "words" (of the prose)}}}``.
    """
    srcdir = Path(srcdir)
    run_times, _ = read_run_times(srcdir / RUN_TIMES)
    found = []
    for path in sorted((srcdir / "chapters" / "en").glob("*.ipynb")):
        info = {"name": path.stem, "number": None, "lang": {}}
        for lang in LANGS:
            docname = f"chapters/{lang}/{path.stem}"
            nb_path = srcdir / f"{docname}.ipynb"
            if docname not in found_docs or not nb_path.is_file():
                continue
            cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
            markdown = ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
            title = _TITLE.search(markdown[0]) if markdown else None
            text = "\n\n".join(markdown)
            heads = list(_EXERCISE.finditer(text))
            minutes = 0
            for head in heads:  # the estimate is in the exercise's statement, before the next heading
                following = _HEADING.search(text, head.end())
                estimate = _MINUTES.search(text, head.end(), following.start() if following else len(text))
                minutes += int(estimate.group(1)) if estimate else 0
            info["number"] = int(title.group(1)) if title else None
            info["lang"][lang] = {
                "docname": docname,
                "title": title.group(2) if title else path.stem,
                "exercises": len(heads),
                "minutes": minutes,
                "words": prose_words(text),
            }
        if info["lang"]:
            info["reading"] = reading_minutes(info["lang"].get("en", next(iter(info["lang"].values())))["words"])
            info["run"] = run_times.get(path.stem)
            found.append(info)
    return found


# ------------------------------------------------------------------ Markdown
def _link(from_doc: str, docname: str, text: str) -> str:
    rel = posixpath.relpath(docname, posixpath.dirname(from_doc) or ".")
    return f"[{text}]({rel}.ipynb)"


def run_minutes(seconds: float) -> str:
    """A run time in whole minutes: ``"< 1"`` under a minute, else rounded half up (``270`` → ``"5"``)."""
    return "< 1" if seconds < 60 else str(int(seconds / 60 + 0.5))


def _exercise_minutes(ch: dict) -> str:
    """The exercises' estimated minutes: one figure (``vi / en`` if the twins disagree), ``—`` without exercises."""
    found = [str(ch["lang"][lang]["minutes"]) for lang in LANGS if ch["lang"].get(lang, {}).get("exercises")]
    return " / ".join(dict.fromkeys(found)) or "—"


def _and(items: list[str], lang: str) -> str:
    """``"07, 08 and 09"`` (``và`` in Vietnamese)."""
    last = {"vi": "và", "en": "and"}[lang]
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {last} {items[-1]}"


def _measured(meta: dict, lang: str) -> str:
    """``Measured on 2026-11-27 (commit …, 2 cores, AMD EPYC)`` in ``lang``."""
    year, month, day = meta["date"].split("-")
    busy = meta.get("shared") == "yes"
    if lang == "vi":
        where = f"máy {meta['cores']} nhân {meta['cpu']}" + (", khi đó máy còn bận việc khác" if busy else "")
        return f"Đo ngày {int(day)}/{int(month)}/{year} (commit {meta['commit']}, {where})"
    where = f"{meta['cores']} cores, {meta['cpu']}" + (", shared with other work" if busy else "")
    return f"Measured on {meta['date']} (commit {meta['commit']}, {where})"


_HOW_MEASURED = {
    "vi": (
        ": các chương được chạy từ đầu đến cuối, kể cả lời giải, mỗi lần hai notebook song song và dùng chung "
        "một bộ nhớ đệm. Vì thế mỗi notebook chỉ có khoảng một nhân (chạy riêng sẽ nhanh hơn), "
        "nhưng một chương có thể dùng lại mô hình mà một chương khác đã huấn luyện (trên một máy Colab mới, chương đó "
        "phải tự huấn luyện lấy): hãy coi các con số này là để tham khảo."
    ),
    "en": (
        ": the chapters ran top to bottom, solutions included, two notebooks at a time sharing one "
        "model cache. Each notebook thus had about one core (alone, it runs faster), but a chapter could reuse models "
        "another chapter had trained (on a fresh Colab runtime it trains them itself): take these figures as "
        "indicative."
    ),
}


def run_notes(meta: dict, lang: str) -> str:
    """In ``lang``: when, where and how the run times were measured (``""`` without a measurement)."""
    return _measured(meta, lang) + _HOW_MEASURED[lang] if meta else ""


def long_runs(found: list[dict], lang: str) -> str:
    """In ``lang``, bold: the chapters whose cold run takes longer than :data:`LONG_RUN` and how many minutes; what a
    learner does about it; if there is none, that every chapter runs within that time (``""`` without measurements)."""
    long = [ch for ch in found if ch["run"] and ch["run"]["cold_s"] > LONG_RUN]
    if not long:
        limit = LONG_RUN // 60
        measured = any(ch["run"] for ch in found)
        return (
            {
                "vi": f"Chương nào cũng chạy xong trong vòng {limit} phút.",
                "en": f"Every chapter runs within {limit} minutes.",
            }[lang]
            if measured
            else ""
        )
    names = _and([f"{ch['number']:02d}" if ch["number"] is not None else ch["name"] for ch in long], lang)
    low, high = (run_minutes(pick(ch["run"]["cold_s"] for ch in long)) for pick in (min, max))
    span = low if low == high else f"{low}–{high}"
    many = len(long) > 1
    return {
        "vi": f"**{'Các chương' if many else 'Chương'} {names} cần khoảng {span} phút để chạy**: trên Colab, hãy chọn "
        "*Runtime → Run all* ngay khi mở chương rồi đọc trong lúc chờ.",
        "en": f"**{'Chapters' if many else 'Chapter'} {names} take{'' if many else 's'} about {span} minutes to run**: "
        "on Colab, choose *Runtime → Run all* as soon as you open the chapter, and read while it runs.",
    }[lang]


_LANDING_NOTES = {
    "vi": (
        "Thời gian tính bằng phút. *Đọc*: ước tính từ số từ của phần bài giảng trước mục bài tập (đếm trên bản tiếng "
        f"Anh, để hai bản có cùng một con số) với tốc độ khoảng {READING_WPM} từ/phút, tốc độ đọc thường gặp với văn "
        "bản kỹ thuật; chưa tính thời gian đọc mã nguồn, kết quả chạy và hình vẽ. *Bài tập*: tổng thời gian ước "
        "tính ghi trong đề các bài tập. *Chạy*: thời gian chạy cả chương trên máy 2 nhân (như bản Colab miễn phí), "
        "bắt đầu với bộ nhớ đệm mô hình còn trống."
    ),
    "en": (
        "Times in minutes. *Reading*: estimated from the word count of the prose before the exercises (counted on the "
        f"English text, so that both languages show one figure) at about {READING_WPM} words per minute, a usual pace "
        "for technical text; reading the code, outputs and figures is not counted. *Exercises*: the sum of the "
        "estimates in the exercise statements. *Run*: the time to execute the whole chapter on 2 cores (like the free "
        "Colab), starting with an empty model cache."
    ),
}


def chapters_table(found: list[dict], meta: dict, docname: str) -> str:
    """The landing page's table: every chapter in both languages with its reading, exercise and run minutes, and
    the notes that say how these figures were obtained (Vietnamese, then English)."""
    rows = [
        "| | Tiếng Việt | English | đọc, phút · reading, min | bài tập, phút · exercises, min "
        "| chạy, phút · run, min |",
        "|---|---|---|---|---|---|",
    ]
    for ch in found:
        cells = [
            _link(docname, ch["lang"][lang]["docname"], ch["lang"][lang]["title"]) if lang in ch["lang"] else ""
            for lang in LANGS
        ]
        number = "" if ch["number"] is None else ch["number"]
        run = run_minutes(ch["run"]["cold_s"]) if ch["run"] else "—"
        rows.append(f"| {number} | {cells[0]} | {cells[1]} | {ch['reading']} | {_exercise_minutes(ch)} | {run} |")
    notes = [f"{_LANDING_NOTES[lang]} {run_notes(meta, lang)}".strip() for lang in LANGS]
    return "\n\n".join(["\n".join(rows), *notes])


_TEACHER_HEAD = {
    "vi": "| chương | đọc (phút) | số bài tập | thời gian ước tính của các bài tập | chạy, bộ nhớ đệm trống (giây) "
    "| chạy, mô hình đã có trong bộ nhớ đệm (giây) |",
    "en": "| chapter | reading (min) | exercises | estimated time of the exercises | run, empty cache (s) "
    "| run, models cached (s) |",
}
_TEACHER_NOTES = {
    "vi": (
        f"*Đọc*: ước tính với tốc độ khoảng {READING_WPM} từ/phút, như ở trang chủ. *Chạy*: chạy cả chương, kể cả lời "
        "giải, như công cụ chấm chạy một bài nộp. Cột *bộ nhớ đệm trống* đo trên các notebook tiếng Anh, được chạy "
        "trước; cột *mô hình đã có trong bộ nhớ đệm* đo trên các notebook tiếng Việt, được chạy sau, khi mọi mô hình "
        "chúng cần đều đã được huấn luyện."
    ),
    "en": (
        f"*Reading*: estimated at about {READING_WPM} words per minute, as on the home page. *Run*: the whole chapter "
        "with its solutions, as the grader runs a submission. *Empty cache*: the English notebooks, run first; "
        "*models cached*: the Vietnamese notebooks, run next, with every model they need already trained."
    ),
}


def exercise_times_table(found: list[dict], meta: dict, docname: str, lang: str) -> str:
    """The teachers' table in ``lang``: per chapter, reading minutes, exercises and their estimated time, run seconds
    with an empty cache and with the models cached; then how these were measured."""
    unit = {"vi": "phút", "en": "min"}[lang]
    rows = [_TEACHER_HEAD[lang], "|---|---|---|---|---|---|"]
    for ch in found:
        if lang not in ch["lang"]:
            continue
        c = ch["lang"][lang]
        link = _link(docname, c["docname"], f"{'' if ch['number'] is None else ch['number']}. {c['title']}")
        time = f"≈ {c['minutes']} {unit}" if c["exercises"] else "—"
        cold, warm = (f"{ch['run'][k]:.0f}" if ch["run"] else "—" for k in ("cold_s", "warm_s"))
        rows.append(f"| {link} | {ch['reading']} | {c['exercises']} | {time} | {cold} | {warm} |")
    if not meta:
        return "\n".join(rows)
    return "\n".join(rows) + f"\n\n{_TEACHER_NOTES[lang]} {run_notes(meta, lang)}"
