"""Exercise 3.4: how the PIP loss depends on the units and on the number of words (``ch03_scale_exponents``)."""

from __future__ import annotations

import numpy as np

from .._core import LANGS, Correct, hint, number, report

KEYS = ("pip_scale", "pip_relative_scale", "pip_words", "pip_relative_words")

_HINTS = {
    "pip_scale": (
        {
            "vi": "Khi nhân A với s, một tích vô hướng a_u·a_w thay đổi thế nào? Từ đó, mỗi phần tử của AAᵀ ra sao?",
            "en": "What does multiplying A by s do to one dot product a_u·a_w, and so to every entry of AAᵀ?",
        },
        {
            "vi": "(sA)(sA)ᵀ = s²AAᵀ: mọi phần tử của AAᵀ − BBᵀ đều được nhân với s², nên chuẩn của nó cũng vậy (k = 2).",
            "en": "(sA)(sA)ᵀ = s²AAᵀ: every entry of AAᵀ − BBᵀ is multiplied by s², and so is its norm (k = 2).",
        },
    ),
    "pip_relative_scale": (
        {
            "vi": "Tử số và mẫu số đều là chuẩn của một ma trận gồm các tích vô hướng: mỗi đại lượng thay đổi ra sao?",
            "en": "Numerator and denominator are both norms of a matrix of dot products: how does each change?",
        },
        {
            "vi": "Tử số và mẫu số cùng được nhân với s²: tỉ số không đổi (k = 0).",
            "en": "Numerator and denominator are both multiplied by s²: the ratio does not change (k = 0).",
        },
    ),
    "pip_words": (
        {
            "vi": "Với n từ, AAᵀ − BBᵀ có bao nhiêu phần tử? Chuẩn Frobenius là căn bậc hai của tổng bình phương các "
            "phần tử (với ‖A − B‖_F: n·d phần tử, nên nó tăng tỉ lệ với √n).",
            "en": "How many entries does AAᵀ − BBᵀ have for n words? The Frobenius norm is the square root of the sum "
            "of their squares (for ‖A − B‖_F: n·d entries, hence √n).",
        },
        {
            "vi": "AAᵀ − BBᵀ có n² phần tử với cùng độ lớn điển hình (n phần tử trên đường chéo chỉ là số ít): tổng "
            "bình phương của chúng tăng tỉ lệ với n², nên căn bậc hai tăng tỉ lệ với n (k = 1).",
            "en": "AAᵀ − BBᵀ has n² entries of the same typical size (the n diagonal ones are few): the sum of their "
            "squares grows like n², its square root like n (k = 1).",
        },
    ),
    "pip_relative_words": (
        {
            "vi": "Mẫu số ‖BBᵀ‖_F tăng theo n nhanh đến mức nào, so với tử số?",
            "en": "How fast does the denominator ‖BBᵀ‖_F grow with n, compared with the numerator?",
        },
        {
            "vi": "BBᵀ cũng có n² phần tử, nên ‖BBᵀ‖_F cũng tăng tỉ lệ với n: tỉ số tiến tới một hằng số (k = 0).",
            "en": "BBᵀ also has n² entries, so ‖BBᵀ‖_F grows like n too: the ratio tends to a constant (k = 0).",
        },
    ),
}


def _exponents():
    """The four exponents, measured on random matrices: ``{key: k}``.

    Scale: ``log(m(sA, sB) / m(A, B)) / log s`` with s = 3 (exact).  Words: rows are drawn independently from one
    distribution (B = A R + noise row by row) and ``log(m at 8 000 rows / m at 500 rows) / log 16`` is rounded to
    the nearest half (measured within 0.02 of 1 and of 0).
    """
    from ...compare import pip_loss, random_orthogonal

    rng = np.random.default_rng(35)
    A = rng.normal(size=(8000, 4)) * np.array([2.0, 1.0, 0.5, 0.25]) + 0.5
    B = A @ random_orthogonal(4, seed=36) + 0.5 * rng.normal(size=A.shape)
    want = {}
    for key, relative in (("pip", False), ("pip_relative", True)):
        small = pip_loss(A[:500], B[:500], relative=relative)
        want[f"{key}_scale"] = round(
            float(np.log(pip_loss(3 * A[:500], 3 * B[:500], relative=relative) / small) / np.log(3))
        )
        want[f"{key}_words"] = round(2 * float(np.log(pip_loss(A, B, relative=relative) / small) / np.log(16))) / 2
    return want


def ch03_scale_exponents(answer, *, lang="en", strict=None):
    """Exercise 3.4 — ``answer``: dict of the exponents k of the PIP loss and of the relative PIP loss: with both
    runs multiplied by s > 0, measure(sA, sB) = s^k · measure(A, B) (keys ``pip_scale``, ``pip_relative_scale``);
    with n words whose rows are drawn from one distribution, measure ∝ n^k for large n (keys ``pip_words``,
    ``pip_relative_words``)."""
    want = _exponents()

    def verify(ans):
        if not isinstance(ans, dict) or set(ans) != set(KEYS):
            return hint(
                f"Cần một dict có đúng các khóa {', '.join(KEYS)}.",
                f"Expected a dict with exactly the keys {', '.join(KEYS)}.",
            )
        for k in KEYS:
            if number(ans[k]) is None or not np.isclose(number(ans[k]), want[k]):
                first, then = _HINTS[k]
                return hint(*(f"{k}: {first[lg]}" for lg in LANGS), then={lg: f"{k}: {then[lg]}" for lg in LANGS})
        return Correct(
            {
                "vi": "Mất mát PIP thô có đơn vị là bình phương độ dài (s²) và tăng tỉ lệ với số từ n, trong khi khoảng "
                "cách Frobenius chỉ tăng tỉ lệ với √n: con số PIP thô còn phụ thuộc vào thiết lập nhiều hơn nữa. Mất "
                "mát PIP tương đối không phụ thuộc vào cả hai yếu tố đó, nên chỉ nó mới so sánh được giữa các bài báo.",
                "en": "The raw PIP loss is in units of squared lengths (s²) and grows like the number of words n, "
                "where the Frobenius distance grows only like √n: a raw PIP number depends on the set-up even more. "
                "The relative PIP loss depends on neither, so only it can be compared across papers.",
            }
        )

    return report("3.4", lang, verify, answer, strict=strict)
