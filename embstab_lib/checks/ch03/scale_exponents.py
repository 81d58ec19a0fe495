"""Exercise 3.4: how each measure changes when both runs are scaled (``ch03_scale_exponents``)."""

from __future__ import annotations

import numpy as np

from .._core import LANGS, Correct, hint, number, report


def ch03_scale_exponents(answer, *, lang="en", strict=None):
    """Exercise 3.4 — ``answer``: dict of exponents k with measure(sA, sB) = s^k · measure(A, B)."""
    from ...compare import frobenius_distance, pip_loss

    keys = ("frobenius", "frobenius_relative", "pip", "pip_relative")
    measures = {
        "frobenius": lambda A, B: frobenius_distance(A, B),
        "frobenius_relative": lambda A, B: frobenius_distance(A, B, relative=True),
        "pip": lambda A, B: pip_loss(A, B),
        "pip_relative": lambda A, B: pip_loss(A, B, relative=True),
    }
    rng = np.random.default_rng(35)
    A, B, s = rng.normal(size=(30, 4)), rng.normal(size=(30, 4)), 3.0
    want = {k: round(float(np.log(m(s * A, s * B) / m(A, B)) / np.log(s))) for k, m in measures.items()}
    hints = {
        "frobenius": {
            "vi": "Mỗi phần tử của sA − sB bằng s lần phần tử tương ứng của A − B.",
            "en": "Every entry of sA − sB is s times the entry of A − B.",
        },
        "frobenius_relative": {
            "vi": "Tử số và mẫu số cùng được nhân với s: tỉ số không đổi (s⁰).",
            "en": "Numerator and denominator are both multiplied by s: the ratio does not change (s⁰).",
        },
        "pip": {
            "vi": "(sA)(sA)ᵀ = s²AAᵀ: mất mát PIP là bậc hai theo E.",
            "en": "(sA)(sA)ᵀ = s²AAᵀ: the PIP loss is quadratic in E.",
        },
        "pip_relative": {
            "vi": "Tử số và mẫu số cùng được nhân với s²: tỉ số không đổi.",
            "en": "Numerator and denominator are both multiplied by s²: the ratio does not change.",
        },
    }

    def verify(ans):
        if not isinstance(ans, dict) or set(ans) != set(keys):
            return hint(
                f"Cần một dict có đúng các khóa {', '.join(keys)}.",
                f"Expected a dict with exactly the keys {', '.join(keys)}.",
            )
        for k in keys:
            if number(ans[k]) is None or not np.isclose(number(ans[k]), want[k]):
                return hint(*(f"{k}: {hints[k][lg]}" for lg in LANGS))
        return Correct(
            {
                "vi": "Chỉ các phiên bản tương đối mới không phụ thuộc vào đơn vị của vector, nên chỉ chúng "
                "mới có thể đem so giữa các bài báo hay các thiết lập huấn luyện.",
                "en": "Only the relative versions do not depend on the units of the vectors, so only they can "
                "be compared across papers or training set-ups.",
            }
        )

    return report("3.4", lang, verify, answer, strict=strict)
