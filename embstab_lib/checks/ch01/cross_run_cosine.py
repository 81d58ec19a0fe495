"""Exercise 1.1: the cosine of each word with itself in two runs (``ch01_cross_run_cosine``)."""

from __future__ import annotations

import numpy as np

from .._core import (
    Correct,
    float_array,
    hint,
    report,
)


def ch01_cross_run_cosine(answer, A, B, *, lang="en", strict=None):
    """Exercise 1.1 — ``answer``: one number per word, the cosine between row i of A and row i of B."""
    from ...compare import cosine_per_word

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    want = cosine_per_word(A, B)

    def verify(ans):
        arr = float_array(ans, (A.shape[0],))
        if arr is None:
            return hint(
                f"Cần một mảng gồm {A.shape[0]} số, mỗi từ một giá trị cosine.",
                f"Expected an array of {A.shape[0]} numbers, one cosine per word.",
            )
        if np.allclose(arr, want, atol=1e-6):
            return Correct(
                {
                    "vi": f"Cosine của cùng một từ ở hai lần huấn luyện nằm trong khoảng từ {want.min():.2f} "
                    f"đến {want.max():.2f}, không hề gần 1: tọa độ không còn giữ được ý nghĩa khi đổi "
                    "seed (cosine thô còn mang cả độ dịch riêng của từng cặp, xem mục 2).",
                    "en": f"The cosines of a word with itself across two runs range from {want.min():.2f} to "
                    f"{want.max():.2f}, nowhere near 1: coordinates do not survive a change of seed "
                    "(raw cosines also carry the offset of the pair, see section 2).",
                }
            )
        if np.allclose(arr, np.einsum("ij,ij->i", A, B), atol=1e-9):
            return hint(
                "Đó là tích vô hướng; hãy chia cho tích hai độ dài ‖a‖‖b‖.",
                "That is the dot product; divide by the product of the lengths ‖a‖‖b‖.",
            )
        if np.allclose(np.abs(arr), np.abs(want), atol=1e-6):
            return hint(
                "Độ lớn đúng nhưng dấu sai ở vài từ: đừng lấy giá trị tuyệt đối.",
                "The sizes are right but some signs are wrong: do not take absolute values.",
            )
        return hint(
            "Cosine đo góc giữa hai vector: tích vô hướng của chúng sau khi đưa mỗi vector về độ dài 1.",
            "The cosine measures the angle between two vectors: their dot product once each has length 1.",
            then={
                "vi": "cos(a, b) = a·b / (‖a‖ ‖b‖), tính theo từng hàng: (A * B).sum(axis=1) chia cho "
                "tích các chuẩn theo hàng.",
                "en": "cos(a, b) = a·b / (‖a‖ ‖b‖), row by row: (A * B).sum(axis=1) divided by the "
                "product of the row norms.",
            },
        )

    return report("1.1", lang, verify, answer, strict=strict)
