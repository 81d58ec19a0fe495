"""`python -m embstab_lib.assign` writes student notebooks that run — with the library installed as a plain package
(from its wheel), from a folder outside the repository, as a learner on Colab would run them."""
import json
import os
import subprocess
import sys
import zipfile

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import LANGS, ROOT, notebook_names


@pytest.fixture(scope="module")
def student_dir(tmp_path_factory):
    out = tmp_path_factory.mktemp("student")
    subprocess.run([sys.executable, "-m", "embstab_lib.assign", "--src", str(ROOT / "chapters"), "--out", str(out)],
                   check=True, capture_output=True, text=True)
    return out


@pytest.fixture(scope="module")
def wheel_site(tmp_path_factory):
    """The library's wheel, unpacked into its own site folder (a normal, non-editable install)."""
    tmp = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp),
                    str(ROOT)], check=True, capture_output=True, text=True)
    (wheel,) = tmp.glob("embstab_lib-*.whl")
    site = tmp / "site"
    with zipfile.ZipFile(wheel) as zf:
        zf.extractall(site)
    return site


def test_wheel_contains_every_module(wheel_site):
    shipped = {p.name for p in (wheel_site / "embstab_lib").glob("*.py")}
    source = {p.name for p in (ROOT / "embstab_lib").glob("*.py")}
    assert shipped == source


def test_no_solution_survives(student_dir):
    for lang in LANGS:
        for name in notebook_names():
            original = json.loads((ROOT / "chapters" / lang / name).read_text(encoding="utf-8"))
            student = json.loads((student_dir / lang / name).read_text(encoding="utf-8"))
            n_solutions = sum("solution" in c["metadata"].get("tags", []) for c in original["cells"])
            assert len(student["cells"]) == len(original["cells"]) - n_solutions
            for cell in student["cells"]:
                src = "".join(cell["source"])
                assert "solution" not in cell["metadata"].get("tags", [])
                assert "#@title Lời giải" not in src and "#@title Solution" not in src


def test_assign_fails_clearly_without_notebooks(tmp_path):
    res = subprocess.run([sys.executable, "-m", "embstab_lib.assign", "--src", str(tmp_path), "--out",
                          str(tmp_path / "o")], capture_output=True, text=True)
    assert res.returncode == 2 and "no notebooks found" in res.stderr


@pytest.mark.slow
@pytest.mark.parametrize("name", notebook_names())
@pytest.mark.parametrize("lang", LANGS)
def test_student_notebook_runs_outside_the_repository(student_dir, wheel_site, monkeypatch, lang, name):
    monkeypatch.setenv("PYTHONPATH", str(wheel_site))
    monkeypatch.delenv("EMBSTAB_STRICT_CHECKS", raising=False)  # stubs print "not done yet"
    where = subprocess.run([sys.executable, "-c", "import embstab_lib; print(embstab_lib.__file__)"],
                           cwd=student_dir, capture_output=True, text=True, check=True, env=os.environ.copy())
    assert where.stdout.startswith(str(wheel_site)), "the kernel must import the installed package, not the repo"
    path = student_dir / lang / name
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    if not name.startswith("00_"):
        assert ("chưa làm" if lang == "vi" else "not done yet") in outputs
    assert "✗" not in outputs
