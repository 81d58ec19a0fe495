"""The check machinery (``embstab_lib.checks._core``) on its own: a stub whose body is ``...`` and whose fault an
exception is.

``strict=False`` under ``EMBSTAB_STRICT_CHECKS=1`` (prints, does not raise) is already tested through real checks in
``tests/test_checks_ch09.py`` (``test_rope_student_error_is_reported``, ``test_head_symmetry_hint_gets_explicit``).
"""

import pytest

from embstab_lib import checks
from embstab_lib.checks import _core


@pytest.fixture(autouse=True)
def strict_env(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")
    _core._FAILURES.clear()
    _core.OUTCOMES.pop("0.1", None)
    yield
    _core._FAILURES.clear()
    _core.OUTCOMES.pop("0.1", None)


def _double_plus_two(answer):
    """A minimal check: ``answer(x)`` must return 2x + 2."""

    def verify(fn):
        return None if _core.call(fn, 20) == 42 else _core.hint("cần trả về 2x + 2", "expected twice the input plus 2")

    _core.report("0.1", "en", verify, answer)


def test_a_function_whose_body_is_ellipsis_returned_none_not_raised(capsys):
    def f(x): ...

    _double_plus_two(f)  # strict: would raise CheckFailed if it counted as a wrong answer
    out = capsys.readouterr().out
    assert "returned None" in out and "raised" not in out and "✗" not in out
    assert _core.OUTCOMES["0.1"] == "not_done"


def test_a_real_check_says_returned_none_for_an_ellipsis_body(capsys):
    def best_rotation(A, B): ...

    checks.ch04_best_rotation(best_rotation, lang="en")
    checks.ch04_best_rotation(best_rotation, lang="vi")
    out = capsys.readouterr().out
    assert "your function returned None" in out and "hàm của bạn trả về None" in out
    assert "raised" not in out and "báo lỗi" not in out


def test_a_function_that_forgets_return_also_returned_none(capsys):
    def f(x):
        2 * x + 2  # noqa: B018  (the result is computed, then dropped)

    _double_plus_two(f)
    assert "remember to `return`" in capsys.readouterr().out


def test_an_exception_inside_the_students_function_is_the_students(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")

    def f(x):
        raise ValueError("student bug")

    _double_plus_two(f)
    out = capsys.readouterr().out
    assert "✗" in out and "Your function raised ValueError: student bug" in out
    assert _core.OUTCOMES["0.1"] == "error"


@pytest.mark.parametrize("strict", [True, False])
@pytest.mark.parametrize("where", ["before calling the student", "after calling the student"])
def test_a_library_fault_in_verify_propagates(capsys, where, strict):
    """A ValueError raised by the check itself (outside ``call``) is a library bug: it propagates, in strict mode and
    not, and is neither printed nor recorded as the student's."""

    def verify(fn):
        if where == "after calling the student":
            assert _core.call(fn, 20) == 42  # the student's function runs, and is right
        raise ValueError("reference data has a zero row")

    with pytest.raises(ValueError, match="zero row"):
        _core.report("0.1", "en", verify, lambda x: 2 * x + 2, strict=strict)
    assert capsys.readouterr().out == ""
    assert "0.1" not in _core.OUTCOMES and "0.1" not in _core._FAILURES
