"""The library's layout (CONTRIBUTING, "A module stays under ~300 lines; when it grows, it becomes a package"): every
Python file under ``embstab_lib/`` has at most 300 lines."""

from pathlib import Path

import pytest

import embstab_lib

LIBRARY = Path(embstab_lib.__file__).parent
MAX_LINES = 300
MODULES = sorted(LIBRARY.rglob("*.py"))


def test_the_library_has_modules():
    assert len(MODULES) > 50, f"only {len(MODULES)} .py files under {LIBRARY}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(LIBRARY)))
def test_no_module_over_300_lines(path):
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_LINES, f"{path.relative_to(LIBRARY)} has {n} lines: split it along a seam it has (CONTRIBUTING)"
