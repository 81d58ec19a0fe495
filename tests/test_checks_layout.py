"""The layout of the checks (CONTRIBUTING, Checks): a chapter's checks are a package ``checks/chNN/``, one module per
exercise named after its check (``chNN_name`` in ``chNN/name.py``), private modules (``_shared.py``) for what several
exercises share, the checks re-exported by the package's ``__all__`` and by ``checks``; each module
under ~300 lines."""

import importlib
import pkgutil
from pathlib import Path

import pytest

from embstab_lib import checks

CHECKS = Path(checks.__file__).parent
PACKAGES = sorted(p.name for p in CHECKS.glob("ch*") if (p / "__init__.py").exists())
MAX_LINES = 300


def test_every_chapter_is_a_package():
    assert {f"ch{n:02d}" for n in range(1, 11)} <= set(PACKAGES)
    modules = sorted(p.name for p in CHECKS.glob("ch*.py"))
    assert not modules, f"{modules}: a chapter's checks are a package chNN/, one module per exercise"


@pytest.mark.parametrize("ch", PACKAGES)
def test_one_module_per_exercise_named_after_its_check(ch):
    pkg = importlib.import_module(f"embstab_lib.checks.{ch}")
    modules = {m.name for m in pkgutil.iter_modules(pkg.__path__) if not m.name.startswith("_")}
    assert sorted(pkg.__all__) == sorted(f"{ch}_{m}" for m in modules)
    for name in pkg.__all__:
        fn = getattr(pkg, name)
        assert fn.__module__ == f"embstab_lib.checks.{ch}.{name.removeprefix(ch + '_')}"
        assert getattr(checks, name) is fn, f"checks.{name} is what the notebooks call"


@pytest.mark.parametrize("path", sorted(CHECKS.glob("ch*/*.py")), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_modules_of_the_packages_stay_short(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.parent.name}/{path.name} has {n} lines: split it (CONTRIBUTING, Checks)"
