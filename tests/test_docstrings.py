"""numpydoc sections of the public functions of ``import embstab_lib as es``.

Every function of ``es.__all__`` documents its ``Parameters`` and what it ``Returns`` (or ``Yields``); one that
raises ValueError or TypeError in its own body (a ``raise`` statement in the function itself, not in a helper it
calls nor in a function nested in it) has a ``Raises`` section naming each of them.  Classes are not covered (their
fields are documented in the class docstring), nor are ``Examples`` (run by ``make doctest`` where they exist).
"""

import ast
import inspect
import re
import textwrap

import pytest

import embstab_lib as es

#: Functions allowed to miss a required section, with the sections they miss.  This list may only shrink: the test
#: fails when an entry is no longer needed, so that a completed docstring cannot become incomplete again.
ALLOWED = {
    "train_lm": {"Parameters", "Returns"},  # models/transformer/train.py: LMRun/train_lm/train_lms are edited elsewhere
}

FUNCTIONS = sorted(n for n in es.__all__ if callable(getattr(es, n)) and not inspect.isclass(getattr(es, n)))


def sections(doc):
    """``{name: text}`` of the numpydoc sections of a cleaned docstring (a title line underlined with dashes)."""
    parts = re.split(r"^([A-Z][A-Za-z ]+)\n-{3,}[ \t]*$", doc or "", flags=re.M)
    return {title: text for title, text in zip(parts[1::2], parts[2::2])}


def raised_here(fn):
    """Names among ValueError / TypeError that a ``raise`` statement of ``fn``'s own body raises."""
    node = ast.parse(textwrap.dedent(inspect.getsource(fn))).body[0]
    found, todo = set(), list(node.body)
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            continue  # a nested function's raises are its own
        if isinstance(n, ast.Raise) and n.exc is not None:
            e = n.exc.func if isinstance(n.exc, ast.Call) else n.exc
            if isinstance(e, ast.Name) and e.id in ("ValueError", "TypeError"):
                found.add(e.id)
        todo.extend(ast.iter_child_nodes(n))
    return found


def missing_sections(fn):
    found = sections(inspect.getdoc(fn))
    missing = {s for s in ("Parameters", "Returns") if s not in found}
    if "Yields" in found:
        missing.discard("Returns")
    raised = raised_here(fn)
    if raised and ("Raises" not in found or any(e not in found["Raises"] for e in raised)):
        missing.add("Raises")
    return missing


def test_the_rule_sees_sections_and_raises():
    def documented(x):
        """Doc.

        Parameters
        ----------
        x : int

        Returns
        -------
        int

        Raises
        ------
        ValueError
            x < 0.
        """
        if x < 0:
            raise ValueError("x")

        def inner():
            raise TypeError("not ours")

        return x

    def bare(x):
        """Doc without sections; the raise makes Raises required."""
        raise TypeError("x")

    assert missing_sections(documented) == set()
    assert missing_sections(bare) == {"Parameters", "Returns", "Raises"}
    assert raised_here(documented) == {"ValueError"}


def test_the_public_api_has_functions():
    assert len(FUNCTIONS) > 80 and "procrustes" in FUNCTIONS and "Corpus" not in FUNCTIONS


@pytest.mark.parametrize("name", FUNCTIONS)
def test_public_function_documents_parameters_returns_raises(name):
    missing = missing_sections(getattr(es, name))
    allowed = ALLOWED.get(name, set())
    assert missing <= allowed, f"es.{name}'s docstring lacks the numpydoc section(s) {sorted(missing - allowed)}"
    assert allowed <= missing, f"es.{name} now has {sorted(allowed - missing)}: remove it from ALLOWED"


def test_allowed_names_exist():
    assert set(ALLOWED) <= set(FUNCTIONS)
