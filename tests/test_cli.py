"""The command line: assess and compare on generated files, reports written, one-line errors."""

import bz2
import gzip
import json
import pickle
import subprocess
import sys

import pytest

from embstab_lib.cli import build_parser, main
from embstab_lib.io.example import write_example_runs


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    return write_example_runs(tmp_path_factory.mktemp("cli"), n_words=300, dim=20, small_dim=10)


def test_assess_writes_the_report(files, tmp_path, capsys):
    out = tmp_path / "out"
    args = ["assess", *files["runs"], "--counts", files["counts"], "--n-perm", "3", "--least-stable", "7"]
    assert main(args + ["--min-count", "30", "--out", str(out), "--quiet", "--jobs", "1"]) == 0
    printed = capsys.readouterr().out
    assert "10-NN overlap" in printed and "least stable words" in printed and "wrote" in printed
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["report.md", "summary.json", "words.csv"] + [f"{f}.{e}" for f in ("summary", "bands",
                           "words") for e in ("png", "pdf")])  # fmt: skip
    data = json.loads((out / "summary.json").read_text())
    assert data["n_words"] == 300 and data["summary"]["knn_overlap"]["interval"] is not None
    report = (out / "report.md").read_text()
    assert "The 7 least stable words by knn_overlap (count ≥ 30)" in report


def test_compare_across_dimensions(files, tmp_path, capsys):
    out = tmp_path / "cmp"
    args = ["compare", "--a", *files["runs"], "--b", files["small"], "--names", "d20", "d10", "--n-perm", "2"]
    assert main(args + ["--out", str(out), "--quiet", "--no-figures"]) == 0
    printed = capsys.readouterr().out
    assert "within d20" in printed and "single run" in printed
    assert json.loads((out / "summary.json").read_text())["dims_b"] == [10]


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda d, f: (d / "missing.txt", None), "missing.txt: no such file"),
        (lambda d, f: (d / "cut.txt", open(f["runs"][0], "rb").read()[:700]), "cut.txt, line"),
        (lambda d, f: (d / "empty.vec", b""), "empty.vec: the file is empty"),
        (lambda d, f: (d / "pickle.kv", b"\x80\x04junk"), "pickle.kv: this is a pickle"),
    ],
)
def test_bad_files_fail_with_one_line(files, tmp_path, capsys, make, message):
    path, content = make(tmp_path, files)
    if content is not None:
        path.write_bytes(content)
    assert main(["assess", files["runs"][0], str(path), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("embstab: error: ") and message in err
    assert "Traceback" not in err


def _half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _flipped(data: bytes) -> bytes:
    out = bytearray(data)
    out[len(out) // 2 : len(out) // 2 + 10] = bytes(b ^ 0xFF for b in out[len(out) // 2 : len(out) // 2 + 10])
    return bytes(out)


def _gensim_pickle(f):
    from gensim.models import KeyedVectors

    return pickle.dumps(KeyedVectors.load_word2vec_format(f["runs"][0]), protocol=4)


@pytest.mark.parametrize(
    "name, make, args, message",
    [
        (
            "cut.txt.gz",
            lambda f: _half(gzip.compress(open(f["runs"][0], "rb").read())),
            lambda f, p: [f["runs"][0], p],
            "cut.txt.gz: compressed file ends early or is corrupt (truncated download?)",
        ),
        (
            "bad.bin.bz2",
            lambda f: _flipped(bz2.compress(open(f["runs"][1], "rb").read())),
            lambda f, p: [f["runs"][0], p],
            "bad.bin.bz2: compressed file ends early or is corrupt",
        ),
        (
            "cut.tsv.gz",
            lambda f: _half(gzip.compress(open(f["counts"], "rb").read())),
            lambda f, p: [*f["runs"], "--counts", p],
            "cut.tsv.gz, line ",
        ),
        (
            "cut.kv",
            lambda f: _half(_gensim_pickle(f)),
            lambda f, p: [p, "--format", "gensim"],
            "cut.kv: not a readable gensim KeyedVectors file",
        ),
        (
            "random.kv",
            lambda f: bytes(range(256)),
            lambda f, p: [p, "--format", "gensim"],
            "random.kv: not a readable gensim KeyedVectors file",
        ),
    ],
    ids=["truncated-gz", "corrupt-bz2", "truncated-counts-gz", "truncated-gensim", "random-bytes-gensim"],
)
def test_truncated_or_corrupt_files_fail_with_one_line(files, tmp_path, capsys, name, make, args, message):
    path = tmp_path / name
    path.write_bytes(make(files))
    assert main(["assess", *args(files, str(path)), "--quiet"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith(f"embstab: error: {path}") and message in err
    assert "Traceback" not in err


def test_progress_bars_on_stderr_unless_quiet(files, capsys):
    args = ["assess", *files["runs"], "--n-perm", "2", "--jobs", "1"]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "neighbours" in err and "pairs" in err and "3/3" in err  # tqdm: 3 runs, 3 pairs
    assert main(args + ["--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_bad_arguments(files, capsys):
    with pytest.raises(SystemExit) as info:
        main(["assess", files["runs"][0], "--k", "0"])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--k" in err and "positive integer" in err
    assert main(["assess", *files["runs"], "--min-count", "5", "--quiet"]) == 1
    assert "--min-count needs --counts" in capsys.readouterr().err
    assert main(["assess", *files["runs"], "--k", "400", "--quiet"]) == 1
    assert "k=400 is too large" in capsys.readouterr().err


def test_help_documents_every_option():
    for cmd in ("assess", "compare"):
        sub = build_parser()._subparsers._group_actions[0].choices[cmd]
        for action in sub._actions:
            assert action.help, f"{cmd} {action.option_strings} has no help"


def test_python_dash_m(files):
    done = subprocess.run([sys.executable, "-m", "embstab_lib", "assess", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--counts" in done.stdout and "--n-perm" in done.stdout
    done = subprocess.run([sys.executable, "-m", "embstab_lib", "assess", "nope.txt"], capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.strip().splitlines()[-1] == "embstab: error: nope.txt: no such file"
    assert "Traceback" not in done.stderr


@pytest.mark.slow
def test_readme_example_runs(tmp_path, monkeypatch):
    """The Python example of the README's "Use it on your own embeddings" section, run as written."""
    import re
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Use it on your own embeddings", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S).group(1)
    monkeypatch.chdir(tmp_path)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)
    res, cmp = namespace["res"], namespace["cmp"]
    assert res.summary["knn_overlap"].above_chance and len(res.names) == 3
    assert cmp.dims_b == [50] and (tmp_path / "report" / "report.md").is_file()
