"""The library's layout (CONTRIBUTING, "The library's layout and its dependency rule"): every Python file under
``embstab_lib/`` has at most 300 lines ("when it grows, it becomes a package"), and no module imports a layer above
its own."""

import ast
import importlib.util
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


# The dependency rule: the layers from the bottom up, as CONTRIBUTING lists them; a module imports only its own layer
# and the layers before it.  Every top-level module or package of the library must be in exactly one layer, so that a
# new one cannot escape the rule.
LAYERS = [
    {"_validate"},
    {"_progress"},
    {"stats"},
    {"compare"},
    {"store"},
    {"corpora"},
    {"models"},
    {"runs"},
    {"protocols"},
    {"experiments"},
    {"sweeps"},
    {"io"},
    {"assessment"},
    {"cli"},
    {"quality"},
    {"viz"},
    {"checks", "assign", "grade"},  # the course layer
]
ROOT_FILES = {"__init__", "__main__"}  # the flat API and `python -m embstab_lib` import from every layer
LEVEL = {unit: i for i, layer in enumerate(LAYERS) for unit in layer}
ROOT = "(the package root)"


def _unit(path, library=LIBRARY):
    """The top-level module or package of the library that ``path`` is part of (``compare`` for compare/_topk.py)."""
    return path.relative_to(library).with_suffix("").parts[0]


def _imports(path, library=LIBRARY):
    """Every ``embstab_lib`` module that ``path`` imports — at module level or inside a function — as
    ``(line, dotted name)``; a bare ``import embstab_lib`` is ``ROOT`` and ``from embstab_lib import x`` is ``x``
    (which is the name of a module, or of a constant of the root such as ``__version__``)."""
    rel = path.relative_to(library).with_suffix("").parts
    package = ".".join(["embstab_lib", *rel[:-1]])  # where a relative import starts from
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            relative = "." * node.level + (node.module or "")
            base = importlib.util.resolve_name(relative, package) if node.level else node.module
            names = [base] if base != "embstab_lib" else [f"embstab_lib.{a.name}" for a in node.names]
        else:
            continue
        found += [(node.lineno, n.partition(".")[2] or ROOT) for n in names if n.partition(".")[0] == "embstab_lib"]
    return found


def test_every_top_level_module_has_a_layer():
    units = {_unit(p) for p in MODULES} - ROOT_FILES
    assert units <= set(LEVEL), f"not in LAYERS (nor in CONTRIBUTING's layout): {sorted(units - set(LEVEL))}"
    assert set(LEVEL) <= units, f"LAYERS names modules that do not exist: {sorted(set(LEVEL) - units)}"


@pytest.mark.parametrize(
    "path", [p for p in MODULES if _unit(p) not in ROOT_FILES], ids=lambda p: str(p.relative_to(LIBRARY))
)
def test_no_upward_import(path):
    unit = _unit(path)
    for line, name in _imports(path):
        target = name.split(".")[0]
        if target == "__version__":  # a constant of the package root, defined before the root imports anything
            continue
        where = f"{path.relative_to(LIBRARY)}:{line} imports embstab_lib.{name}"
        assert target in LEVEL, f"{where}, which is in no layer (the root imports every layer)"
        assert LEVEL[target] <= LEVEL[unit], f"{where}: `{target}` is a layer above `{unit}` (CONTRIBUTING)"


def test_the_import_parser_sees_every_kind_of_import(tmp_path):
    """Relative imports at any depth, absolute ones, names taken from the root, imports inside functions."""
    library = tmp_path / "embstab_lib"
    (library / "models" / "transformer").mkdir(parents=True)
    f = library / "models" / "transformer" / "x.py"
    f.write_text(
        "from ...store import cache_dir\nfrom . import data\nfrom .. import ppmi\nimport embstab_lib.compare.geometry\n"
        "from ... import __version__\nimport numpy\n"
        "def g():\n    from ...assessment import assess\n    from embstab_lib import viz\n    import embstab_lib\n"
    )
    assert _unit(f, library) == "models"
    assert sorted(_imports(f, library)) == [
        (1, "store"), (2, "models.transformer"), (3, "models"), (4, "compare.geometry"), (5, "__version__"),
        (8, "assessment"), (9, "viz"), (10, ROOT),
    ]  # fmt: skip


def test_contributing_lists_the_layers_in_this_order():
    """CONTRIBUTING's layout tree names every top-level module and package, in the order of ``LAYERS``."""
    text = (LIBRARY.parent / "CONTRIBUTING.md").read_text(encoding="utf-8")
    tree = text.split("## The library's layout and its dependency rule", 1)[1].split("```")[1]
    listed = []
    for line in tree.splitlines():
        if line.startswith("  ") and not line.startswith("   "):  # an entry, not the continuation of a description
            head = line.split("   ")[0].strip()  # "checks/, assign.py, grade/" or "store/"
            listed += [name.strip().removesuffix("/").removesuffix(".py") for name in head.split(",")]
    assert sorted(listed) == sorted(LEVEL), f"the tree lists {sorted(listed)}; the layers are {sorted(LEVEL)}"
    assert [LEVEL[u] for u in listed] == sorted(LEVEL[u] for u in listed), f"not in the order of LAYERS: {listed}"
