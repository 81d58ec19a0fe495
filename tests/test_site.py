"""The website's generated tables (_ext/chapter_tables.py, _ext/run_times_file.py) and the pages that hold them: every
chapter has its own reading, exercise and run figures, the run times say when and where they were measured, and the
teachers' guide states the grader's real defaults and its model cache.  Fast: nothing is executed or built."""

import re
import subprocess
import sys
from types import SimpleNamespace

import pytest
import yaml
from conftest import ROOT, notebook_names

sys.path.insert(0, str(ROOT / "_ext"))
import chapter_tables as ct  # noqa: E402
import run_times_file as rt  # noqa: E402

from embstab_lib.grade.cli import CELL_TIMEOUT, NOTEBOOK_TIMEOUT  # noqa: E402

GUIDES = {lang: ROOT / "guide" / lang / "teachers.md" for lang in ("vi", "en")}
NUMBER = r"\d+"


def toc_docs():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return {toc["root"], *(c["file"] for part in toc["parts"] for c in part.get("chapters", []))}


@pytest.fixture(scope="module")
def found():
    return ct.chapters(ROOT, toc_docs())


@pytest.fixture(scope="module")
def measured():
    return rt.read_run_times(ROOT / rt.RUN_TIMES)


def cells(row):
    return [c.strip() for c in row.strip().strip("|").split("|")]


# ------------------------------------------------------------------ the landing page
def test_every_chapter_has_a_row_with_three_figures(found, measured):
    table, *notes = ct.chapters_table(found, measured[1], "index").split("\n\n")
    rows = table.splitlines()[2:]
    assert len(rows) == len(notebook_names()) == len(found)
    for ch, row in zip(found, rows):
        number, vi, en, reading, exercises, run = cells(row)
        assert number == str(ch["number"])
        assert f"chapters/vi/{ch['name']}.ipynb" in vi and f"chapters/en/{ch['name']}.ipynb" in en
        assert re.fullmatch(NUMBER, reading) and int(reading) >= 1, row
        has_exercises = ch["lang"]["en"]["exercises"] > 0
        assert re.fullmatch(NUMBER, exercises) if has_exercises else exercises == "—", row
        assert re.fullmatch(r"< 1|\d+", run), f"no measured run time for {ch['name']}: {row}"
    assert len(notes) == 2 and "200" in notes[0] and "200" in notes[1]
    assert ct.run_notes(measured[1], "vi") in notes[0] and ct.run_notes(measured[1], "en") in notes[1]


def test_figures_are_computed_as_the_notes_say(found, measured):
    times, _ = measured
    for ch in found:
        words = ch["lang"]["en"]["words"]
        assert ch["reading"] == max(1, int(words / ct.READING_WPM + 0.5))
        assert ch["run"] == times[ch["name"]]
        if ch["lang"]["en"]["exercises"]:  # the exercise estimates are the same in both languages
            assert ch["lang"]["vi"]["minutes"] == ch["lang"]["en"]["minutes"] > 0


def test_long_runs_names_every_chapter_over_the_threshold(found, measured):
    long = [ch for ch in found if measured[0][ch["name"]]["cold_s"] > ct.LONG_RUN]
    for lang in ("vi", "en"):
        sentence = ct.long_runs(found, lang)
        for ch in found:
            assert (f"{ch['number']:02d}" in sentence) == (ch in long), (ch["name"], sentence)
        assert "Run all" in sentence if long else sentence
    quick = [{**ch, "run": {"cold_s": 30.0, "warm_s": 5.0}} for ch in found]
    assert ct.long_runs(quick, "en") == "Every chapter runs within 3 minutes."
    assert ct.long_runs([{**ch, "run": None} for ch in found], "vi") == ""


def test_prose_words_stop_at_the_exercises_and_skip_link_targets():
    text = "# 1. Title\n\nTwo words [here](../en/a_very_long_target.ipynb) — $x$ |---|\n\n## Exercises\n\nnot counted"
    # '1.', 'Title', 'Two', 'words', '[here]', '$x$'; '#', '—' and '|---|' have no letter or digit
    assert ct.prose_words(text) == 6
    assert ct.prose_words(text.replace("Exercises", "Bài tập")) == 6
    assert ct.prose_words("a b <!-- c d -->") == 2
    with pytest.raises(TypeError):
        ct.prose_words(None)


@pytest.mark.parametrize("bad", [-1, 1.5, True, "200"])
def test_reading_minutes_refuses_bad_input(bad):
    with pytest.raises(ValueError, match="words"):
        ct.reading_minutes(bad)


def test_reading_minutes_round_half_up_and_never_zero():
    assert [ct.reading_minutes(w) for w in (0, 99, 100, 299, 300, 4550)] == [1, 1, 1, 1, 2, 23]


def test_index_uses_the_generated_figures():
    text = (ROOT / "index.md").read_text(encoding="utf-8")
    for marker in ("<!-- embstab:chapters -->", "<!-- embstab:long-runs vi -->", "<!-- embstab:long-runs en -->"):
        assert text.count(marker) == 1, marker
    assert "30–35" not in text, "one reading time for every chapter, measured on two of them"


def test_the_site_extension_fills_every_marker(measured):
    import embstab_site

    app = SimpleNamespace(srcdir=str(ROOT), env=SimpleNamespace(found_docs=toc_docs()))
    for page in ("index.md", "guide/vi/teachers.md", "guide/en/teachers.md"):
        source = [(ROOT / page).read_text(encoding="utf-8")]
        embstab_site.fill_tables(app, page[:-3], source)
        assert "<!-- embstab:" not in source[0], page
        assert measured[1]["commit"] in source[0], page


# ------------------------------------------------------------------ the run-times file
def test_run_times_cover_every_chapter_and_say_how_they_were_measured(measured):
    times, meta = measured
    assert sorted(times) == sorted(n.removesuffix(".ipynb") for n in notebook_names())
    assert re.fullmatch(r"[0-9a-f]{7,40}", meta["commit"]), "the commit the times were measured on"
    assert int(meta["cores"]) == 2, "measured on 2 cores, like the free Colab"


def test_notebook_times_round_trip(tmp_path):
    text = "en/00_a.ipynb: 34 s\nen/07_b.ipynb: 305 s\nvi/00_a.ipynb: 5 s\nvi/07_b.ipynb: 35 s\nall en notebooks: 9 s\n"
    times = rt.parse_notebook_times(text)
    assert times == {"00_a": {"cold_s": 34, "warm_s": 5}, "07_b": {"cold_s": 305, "warm_s": 35}}
    path = tmp_path / "run_times.tsv"
    path.write_text(rt.render(times, date="2026-11-27", commit="b7ad3b9", cores=2, cpu="AMD EPYC", shared=True))
    assert rt.read_run_times(path) == (
        times,
        {"date": "2026-11-27", "commit": "b7ad3b9", "cores": "2", "cpu": "AMD EPYC", "shared": "yes"},
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("en/00_a.ipynb: 34 s FAILED\nvi/00_a.ipynb: 5 s\n", "FAILED"),
        ("en/00_a.ipynb: 34 s\n", "only one language"),
        ("all en notebooks: 9 s\n", "no line"),
    ],
)
def test_unusable_notebook_times_are_refused(text, message):
    with pytest.raises(ValueError, match=message):
        rt.parse_notebook_times(text)


@pytest.mark.parametrize(
    "change, message",
    [
        (("chapter\tcold_s\twarm_s", "chapter\tcold\twarm"), "header"),
        (("07_b\t305\t35", "07_b\t305"), ":13: expected a chapter"),
        (("07_b\t305\t35", "07_b\tnan\t35"), ":13: expected a chapter"),
        (("07_b\t305\t35", "07_b\t0\t35"), ":13: expected a chapter"),
        (("# commit: b7ad3b9\n", ""), "# commit"),
        (("# date: 2026-11-27", "# date: 27/11/2026"), "YYYY-MM-DD"),
        (("# shared: yes", "# shared: maybe"), "yes or no"),
    ],
)
def test_a_malformed_run_times_file_names_the_problem(tmp_path, change, message):
    times = {"00_a": {"cold_s": 34, "warm_s": 5}, "07_b": {"cold_s": 305, "warm_s": 35}}
    text = rt.render(times, date="2026-11-27", commit="b7ad3b9", cores=2, cpu="AMD EPYC", shared=True)
    assert change[0] in text
    path = tmp_path / "run_times.tsv"
    path.write_text(text.replace(*change), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape(message)):
        rt.read_run_times(path)


def test_no_run_times_file_means_no_run_figures(tmp_path):
    assert rt.read_run_times(tmp_path / "missing.tsv") == ({}, {})


@pytest.mark.parametrize(
    "kwargs",
    [{"date": "yesterday"}, {"cores": 0}, {"cores": True}, {"commit": ""}, {"cpu": "two\nlines"}],
)
def test_render_refuses_bad_metadata(kwargs):
    good = {"date": "2026-11-27", "commit": "b7ad3b9", "cores": 2, "cpu": "AMD EPYC", "shared": False}
    with pytest.raises(ValueError):
        rt.render({"00_a": {"cold_s": 1, "warm_s": 1}}, **{**good, **kwargs})


def test_the_tool_writes_the_file_and_refuses_a_failed_run(tmp_path):
    times = tmp_path / "notebook_times.txt"
    times.write_text("en/00_a.ipynb: 34 s\nvi/00_a.ipynb: 5 s\n", encoding="utf-8")
    out = tmp_path / "data" / "run_times.tsv"
    tool = [sys.executable, str(ROOT / "tools" / "run_times.py"), "--times", str(times), "--out", str(out)]
    args = ["--commit", "abc1234", "--date", "2026-11-27", "--cores", "2", "--cpu", "X"]
    res = subprocess.run(tool + args, capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert rt.read_run_times(out)[0] == {"00_a": {"cold_s": 34.0, "warm_s": 5.0}}
    times.write_text("en/00_a.ipynb: 34 s FAILED\nvi/00_a.ipynb: 5 s\n", encoding="utf-8")
    res = subprocess.run(tool + args, capture_output=True, text=True)
    assert res.returncode == 2 and "FAILED" in res.stderr


# ------------------------------------------------------------------ the teachers' guide
def test_the_teachers_table_has_every_figure_for_every_chapter(found, measured):
    for lang in ("vi", "en"):
        table = ct.exercise_times_table(found, measured[1], f"guide/{lang}/teachers", lang).split("\n\n")[0]
        rows = table.splitlines()[2:]
        assert len(rows) == len(found)
        for ch, row in zip(found, rows):
            _, reading, exercises, estimate, cold, warm = cells(row)
            assert reading == str(ch["reading"]) and exercises == str(ch["lang"][lang]["exercises"])
            assert re.fullmatch(r"≈ \d+ (phút|min)", estimate) if ch["lang"][lang]["exercises"] else estimate == "—"
            assert (float(cold), float(warm)) == (round(ch["run"]["cold_s"]), round(ch["run"]["warm_s"]))


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_guide_states_the_graders_defaults_and_cache(lang):
    text = GUIDES[lang].read_text(encoding="utf-8")
    assert f"`--timeout {CELL_TIMEOUT}`" in text and f"`--notebook-timeout {NOTEBOOK_TIMEOUT}`" in text
    # the default, and the advice to double it on a slow machine: no stale default elsewhere
    assert {int(v) for v in re.findall(r"--timeout (\d+)", text)} == {CELL_TIMEOUT, 2 * CELL_TIMEOUT}
    for path in ("EMBSTAB_CACHE", "~/.cache/embstab", ".cache/embstab", '"$PWD/.cache/embstab"'):
        assert path in text, path
    assert f"python -m embstab_lib.grade chapters/{lang}/" in text, "grading the course notebook first"
    assert f"<!-- embstab:exercise-times {lang} -->" in text and f"<!-- embstab:long-runs {lang} -->" in text
    assert "1–2" not in text and "30–35" not in text, "one figure for every chapter"


def test_the_default_cell_limit_fits_the_slowest_chapter_and_the_book(measured):
    slowest = max(t["cold_s"] for t in measured[0].values())
    assert CELL_TIMEOUT > slowest, "a whole chapter's cold run, as measured, fits in one cell's limit: so does any cell"
    assert NOTEBOOK_TIMEOUT > 3 * slowest
    book = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["execute"]["timeout"]
    assert CELL_TIMEOUT == book, "the grader allows a cell what the book build allows it"
