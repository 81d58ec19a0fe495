"""Automatic checks for the exercises.

Every exercise cell ends with ``checks.<id>(answer, ..., lang=LANG)``.  A check
prints one friendly line in the notebook's language:

* ``⏳`` not done yet — the answer is still the stub (``...`` or a function
  that raises ``NotImplementedError``);
* ``✓`` correct;
* ``✗`` not yet right, with a hint.  With ``EMBSTAB_STRICT_CHECKS=1`` (set by
  the test suite) a wrong answer raises :class:`CheckFailed` instead, so a
  broken reference solution fails CI.

Checks return ``None`` so that nothing else is displayed.
"""
from __future__ import annotations

import os

import numpy as np

LANGS = ("vi", "en")

_TEXT = {
    "title": {"vi": "Bài tập {ex}", "en": "Exercise {ex}"},
    "not_done": {
        "vi": "⏳ {title}: chưa làm — thay `...` (hoặc `raise NotImplementedError`) bằng lời giải của bạn rồi chạy lại ô này.",
        "en": "⏳ {title}: not done yet — replace `...` (or `raise NotImplementedError`) with your answer and run this cell again.",
    },
    "ok": {"vi": "✓ {title}: chính xác!", "en": "✓ {title}: correct!"},
    "wrong": {"vi": "✗ {title}: chưa đúng. {hint}", "en": "✗ {title}: not quite. {hint}"},
    "raised": {
        "vi": "Hàm của bạn báo lỗi {err}.",
        "en": "Your function raised {err}.",
    },
}


class CheckFailed(AssertionError):
    """Raised by a check in strict mode (``EMBSTAB_STRICT_CHECKS=1``) when an answer is wrong."""


class _NotDone(Exception):
    pass


def _lang(lang):
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def _strict() -> bool:
    return os.environ.get("EMBSTAB_STRICT_CHECKS", "") == "1"


def _is_stub(answer) -> bool:
    return answer is Ellipsis or answer is NotImplemented


def _call(fn, *args, **kwargs):
    """Call a student's function; its NotImplementedError means "not done yet"."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise _NotDone from None


def _report(ex, lang, verify, answer):
    """Run ``verify(answer)`` → ``None`` (correct) or a {lang: hint} dict, and print the verdict."""
    lang = _lang(lang)
    title = _TEXT["title"][lang].format(ex=ex)
    try:
        if _is_stub(answer):
            raise _NotDone
        hint = verify(answer)
    except _NotDone:
        print(_TEXT["not_done"][lang].format(title=title))
        return None
    except CheckFailed:
        raise
    except Exception as exc:  # the student's code failed: report it, don't show a traceback
        hint = {k: _TEXT["raised"][k].format(err=f"{type(exc).__name__}: {exc}") for k in LANGS}
    if hint is None:
        print(_TEXT["ok"][lang].format(title=title))
        return None
    message = _TEXT["wrong"][lang].format(title=title, hint=hint[lang])
    if _strict():
        raise CheckFailed(message)
    print(message)
    return None


def _as_float_array(x, shape):
    arr = np.asarray(x, dtype=float)
    if arr.shape != shape:
        return None
    return arr


# ------------------------------------------------------------------ chapter 01

def ch01_cross_run_cosine(answer, A, B, *, lang="en"):
    """Exercise 1.1 — ``answer``: the cosine of each row of A with the same row of B."""
    from .measures import cosine_per_word

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)

    def verify(ans):
        arr = _as_float_array(ans, (A.shape[0],))
        if arr is None:
            return {"vi": f"Cần một mảng gồm {A.shape[0]} số, mỗi từ một giá trị cosine.",
                    "en": f"Expected an array of {A.shape[0]} numbers, one cosine per word."}
        if np.allclose(arr, cosine_per_word(A, B), atol=1e-6):
            return None
        if np.allclose(arr, np.einsum("ij,ij->i", A, B), atol=1e-9):
            return {"vi": "Đó là tích vô hướng; hãy chia cho tích hai độ dài ‖a‖‖b‖.",
                    "en": "That is the dot product; divide by the product of the lengths ‖a‖‖b‖."}
        return {"vi": "cos(a, b) = a·b / (‖a‖ ‖b‖), tính theo từng hàng.",
                "en": "cos(a, b) = a·b / (‖a‖ ‖b‖), row by row."}

    return _report("1.1", lang, verify, answer)


def ch01_predicted_spread(answer, *, lang="en"):
    """Exercise 1.2 — ``answer(d)``: the standard deviation of the cosine of two independent random directions in ℝ^d."""
    dims = (4, 25, 100, 400)

    def verify(fn):
        got = np.array([float(_call(fn, d)) for d in dims])
        want = 1 / np.sqrt(dims)
        if np.allclose(got, want, rtol=0.05):
            return None
        if np.allclose(got, 1 / np.asarray(dims, float), rtol=0.05):
            return {"vi": "Đó là phương sai 1/d; độ lệch chuẩn là căn bậc hai của nó.",
                    "en": "That is the variance 1/d; the standard deviation is its square root."}
        return {"vi": "Cosine của hai hướng ngẫu nhiên độc lập có kỳ vọng 0 và phương sai 1/d.",
                "en": "The cosine of two independent random directions has mean 0 and variance 1/d."}

    return _report("1.2", lang, verify, answer)


def ch01_init_std(answer, *, lang="en"):
    """Exercise 1.3 — ``answer(d)``: the standard deviation of one coordinate of gensim's initial word vectors."""
    dims = (10, 50, 100, 300)

    def verify(fn):
        got = np.array([float(_call(fn, d)) for d in dims])
        d = np.asarray(dims, float)
        if np.allclose(got, 1 / (d * np.sqrt(3)), rtol=0.02):
            return None
        if np.allclose(got, 1 / (d * np.sqrt(12)), rtol=0.02):
            return {"vi": "Khoảng [−1/d, 1/d) có độ rộng 2/d chứ không phải 1/d.",
                    "en": "The interval [−1/d, 1/d) has width 2/d, not 1/d."}
        return {"vi": "Phân phối đều trên [a, b) có độ lệch chuẩn (b − a)/√12.",
                "en": "A uniform distribution on [a, b) has standard deviation (b − a)/√12."}

    return _report("1.3", lang, verify, answer)


def ch01_reproducible(answer, *, lang="en"):
    """Exercise 1.4 — ``answer``: keyword arguments for ``train_word2vec`` that make two runs bit-identical."""
    from .data import load_corpus
    from .training import train_word2vec

    def verify(params):
        if not isinstance(params, dict):
            return {"vi": "Cần một dict, ví dụ dict(seed=..., workers=...).",
                    "en": "Expected a dict, e.g. dict(seed=..., workers=...)."}
        if "seed" not in params:
            return {"vi": "Hãy cố định `seed`.", "en": "Fix the `seed`."}
        if params.get("workers", 1) != 1:
            return {"vi": "Với workers > 1, thứ tự cập nhật giữa các luồng thay đổi mỗi lần chạy: hãy dùng workers=1.",
                    "en": "With workers > 1 the threads update in a different order on every run: use workers=1."}
        corpus = load_corpus("lee", max_tokens=20_000)
        small = dict(vector_size=16, epochs=2, min_count=3)
        runs = [train_word2vec(corpus, **{**small, **params}).vectors for _ in range(2)]
        if np.array_equal(*runs):
            return None
        return {"vi": "Hai lần chạy vẫn khác nhau.", "en": "The two runs still differ."}

    return _report("1.4", lang, verify, answer)
