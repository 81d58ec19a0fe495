"""The machinery every exercise check shares.

A check is ``checks.chNN_name(answer, ..., lang=LANG)``.  It builds a ``verify``
function and hands it to :func:`report`, which prints one line in the
notebook's language:

* ``⏳`` not done yet — the answer is still the stub (``...``, a function that
  raises ``NotImplementedError`` or whose body is only ``...``);
* ``✓`` correct, followed by what the answer shows (:class:`Correct`);
* ``✗`` not yet right, with a hint (:class:`Hint`).  Hints are *tiered*: a
  conceptual hint first, the formula only after repeated failed attempts at the
  same exercise in the same running notebook.

Whose fault is an exception?  Only an exception raised **inside the student's
own function** (called through :func:`call`) is reported as the student's
("Your function raised …").  Anything else that fails inside a check is a bug
of the library or of the notebook and propagates with its traceback.

Strict mode (``strict=True``, or ``EMBSTAB_STRICT_CHECKS=1`` when ``strict`` is
``None``; the test suite sets it) raises :class:`CheckFailed` on a wrong
answer, so a broken reference solution fails CI.

Every outcome is also recorded for the grader (:data:`OUTCOMES`, and one JSON
line per check in the file named by ``EMBSTAB_CHECK_LOG`` when it is set):
``not_done``, ``correct``, ``wrong`` or ``error``.  The printed messages do not
depend on it.

Checks return ``None`` so that nothing else is displayed.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np

LANGS = ("vi", "en")
#: After this many failed attempts at one exercise, the last (most explicit) hint tier is shown.
REVEAL_AFTER = 2

_TEXT = {
    "title": {"vi": "Bài tập {ex}", "en": "Exercise {ex}"},
    "not_done": {
        "vi": "⏳ {title}: chưa làm — thay `...` (hoặc `raise NotImplementedError`) bằng lời giải của bạn rồi chạy lại ô này.",
        "en": "⏳ {title}: not done yet — replace `...` (or `raise NotImplementedError`) with your answer and run this cell again.",
    },
    "returned_none": {
        "vi": "⏳ {title}: hàm của bạn trả về None — viết phần thân của hàm và nhớ `return` kết quả.",
        "en": "⏳ {title}: your function returned None — write its body and remember to `return` the result.",
    },
    "ok": {"vi": "✓ {title}: chính xác!", "en": "✓ {title}: correct!"},
    "wrong": {"vi": "✗ {title}: chưa đúng. {hint}", "en": "✗ {title}: not quite. {hint}"},
    "raised": {
        "vi": "Hàm của bạn báo lỗi {err}.",
        "en": "Your function raised {err}.",
    },
    "more": {
        "vi": "(Chạy lại sau khi sửa; nếu vẫn sai, gợi ý sẽ cụ thể hơn.)",
        "en": "(Run again after a fix; if it is still wrong, the hint gets more specific.)",
    },
}

#: Last outcome of every exercise run in this process: {"4.1": "correct", ...}.
OUTCOMES: dict[str, str] = {}
_FAILURES: dict[str, int] = {}


class CheckFailed(AssertionError):
    """Raised by a check in strict mode when an answer is wrong."""


class NotDone(Exception):
    """The answer is still the stub."""


class ReturnedNone(NotDone):
    """The student's function returned ``None`` (its body is still ``...`` or it lacks ``return``)."""


class StudentError(Exception):
    """An exception raised by the student's own code (carries the original as ``__cause__``)."""


@dataclass(frozen=True)
class Hint:
    """A hint in both languages, in tiers from conceptual to explicit.

    ``tiers`` is a sequence of ``{"vi": ..., "en": ...}`` dicts.  The first tier
    is shown on the first failed attempts, the last one after
    :data:`REVEAL_AFTER` failures at the same exercise.
    """

    tiers: tuple

    def __post_init__(self):
        if not self.tiers or any(set(t) != set(LANGS) for t in self.tiers):
            raise ValueError("a Hint needs at least one tier, each a dict with keys 'vi' and 'en'")

    def text(self, lang: str, failures: int) -> str:
        if len(self.tiers) == 1:
            return self.tiers[0][lang]
        tier = self.tiers[min(len(self.tiers) - 1, max(0, failures - REVEAL_AFTER + 1))]
        return tier[lang] if tier is self.tiers[-1] else f"{tier[lang]} {_TEXT['more'][lang]}"


def hint(vi: str, en: str, *, then: dict | None = None) -> Hint:
    """A one-tier hint, or two tiers with ``then={"vi": ..., "en": ...}`` shown after repeated failures."""
    return Hint(({"vi": vi, "en": en},) + ((then,) if then else ()))


@dataclass(frozen=True)
class Correct:
    """A correct answer, with an optional line on what it shows (``{"vi": ..., "en": ...}``)."""

    note: dict = field(default_factory=dict)


def lang_of(lang) -> str:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def strict_mode(strict=None) -> bool:
    """``strict`` if given, else whether ``EMBSTAB_STRICT_CHECKS=1``."""
    if strict is None:
        return os.environ.get("EMBSTAB_STRICT_CHECKS", "") == "1"
    if not isinstance(strict, bool):
        raise TypeError(f"strict must be True, False or None, got {strict!r}")
    return strict


def is_stub(answer) -> bool:
    return answer is Ellipsis or answer is NotImplemented


def call(fn, *args, **kwargs):
    """Call the student's function ``fn``.

    ``NotImplementedError`` or a ``None``/``...`` result means "not done yet";
    any other exception is wrapped in :class:`StudentError` (it is the student's).
    """
    if not callable(fn):
        raise StudentError(TypeError(f"expected a function, got {type(fn).__name__}"))
    try:
        result = fn(*args, **kwargs)
    except NotImplementedError:
        raise NotDone from None
    except Exception as exc:  # the student's code failed: report it, don't show a traceback
        raise StudentError(exc) from exc
    if result is None:
        raise ReturnedNone
    if is_stub(result):
        raise NotDone
    return result


def peak_bytes(fn, *args):
    """``(result, peak)``: ``call(fn, *args)`` and the peak memory in bytes it allocated, as ``tracemalloc`` sees
    NumPy arrays (for checks that ask for a computation without a V × V matrix)."""
    import tracemalloc

    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        result = call(fn, *args)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
    return result, peak


def number(x):
    """``x`` as a Python float if it is one real number (int, float, NumPy scalar or 0-d array, Fraction), else ``None``."""
    if isinstance(x, (bool, np.bool_)) or x is None:
        return None
    if isinstance(x, Fraction):
        return float(x)
    try:
        arr = np.asarray(x)
    except Exception:
        return None
    if arr.ndim != 0 or arr.dtype.kind not in "iuf":
        return None
    value = float(arr)
    return value if math.isfinite(value) else None


def float_array(x, shape=None):
    """``x`` as a float array (of ``shape`` when given), or ``None`` if it is not one (never raises)."""
    try:
        arr = np.asarray(x)
        if arr.dtype.kind not in "iuf":
            return None
        arr = arr.astype(float)
    except Exception:
        return None
    if shape is not None and arr.shape != tuple(shape):
        return None
    return arr


def prediction_line(prediction: float, measured: float, lang: str) -> str:
    """One line comparing a student's prediction with the value measured."""
    off = abs(prediction - measured)
    if lang == "vi":
        return f"Bạn dự đoán {prediction:.3g}; giá trị đo được là {measured:.3g} (lệch {off:.2g})."
    return f"You predicted {prediction:.3g}; the measured value is {measured:.3g} (off by {off:.2g})."


def _record(ex: str, outcome: str) -> None:
    OUTCOMES[ex] = outcome
    path = os.environ.get("EMBSTAB_CHECK_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as fh:
            fh.write(json.dumps({"exercise": ex, "outcome": outcome}) + "\n")


def report(ex: str, lang: str, verify, answer, *, strict=None) -> None:
    """Run ``verify(answer)`` and print the verdict (see the module docstring)."""
    lang = lang_of(lang)
    strict = strict_mode(strict)
    title = _TEXT["title"][lang].format(ex=ex)
    try:
        if is_stub(answer):
            raise NotDone
        verdict = verify(answer)
    except ReturnedNone:
        print(_TEXT["returned_none"][lang].format(title=title))
        _record(ex, "not_done")
        return None
    except NotDone:
        print(_TEXT["not_done"][lang].format(title=title))
        _record(ex, "not_done")
        return None
    except StudentError as exc:
        err = exc.__cause__ if exc.__cause__ is not None else exc.args[0]
        verdict = hint(*(_TEXT["raised"][k].format(err=f"{type(err).__name__}: {err}") for k in LANGS))
        outcome = "error"
    else:
        outcome = "wrong"
    if verdict is None or isinstance(verdict, Correct):
        _FAILURES.pop(ex, None)
        print(_TEXT["ok"][lang].format(title=title))
        if isinstance(verdict, Correct) and verdict.note:
            print(verdict.note[lang])
        _record(ex, "correct")
        return None
    if isinstance(verdict, dict):
        verdict = Hint((verdict,))
    if not isinstance(verdict, Hint):
        raise TypeError(f"verify must return None, Correct or Hint, got {type(verdict).__name__}")
    _FAILURES[ex] = _FAILURES.get(ex, 0) + 1
    message = _TEXT["wrong"][lang].format(title=title, hint=verdict.text(lang, _FAILURES[ex]))
    _record(ex, outcome)
    if strict:
        raise CheckFailed(message)
    print(message)
    return None
