"""Exercise 3.1: the relative Frobenius distance of two runs (``ch03_relative_frobenius``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, hint, number, report

SQRT2 = float(np.sqrt(2))


def ch03_relative_frobenius(answer, A, B, *, lang="en", strict=None):
    """Exercise 3.1 — ``answer``: the relative Frobenius distance of A to B (one number)."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    dist, norm_a, norm_b = np.linalg.norm(A - B), np.linalg.norm(A), np.linalg.norm(B)

    def verify(ans):
        if np.ndim(ans) != 0:
            return hint(
                f"Cần đúng một số, nhưng bạn trả về một mảng có kích thước {np.shape(ans)}.",
                f"Expected a single number, got an array of shape {np.shape(ans)}.",
            )
        got = number(ans)
        if got is None:
            return hint("Cần một số thực hữu hạn.", "Expected a finite real number.")
        if np.isclose(got, dist / norm_b, rtol=1e-6):
            r, rho = norm_a / norm_b, float(np.sum(A * B) / (norm_a * norm_b))
            return Correct(
                {
                    "vi": f"{got:.3f} = √(r² + 1 − 2rρ) với r = {r:.3f} và ρ = {rho:.3f} (mục 2), gần mức cơ "
                    f"sở ngẫu nhiên √2 = {SQRT2:.3f} (ứng với ρ = 0): xét theo tọa độ, ngay cả các từ "
                    "thường gặp nhất của hai lần huấn luyện cũng gần như không liên quan.",
                    "en": f"{got:.3f} = √(r² + 1 − 2rρ) with r = {r:.3f} and ρ = {rho:.3f} (section 2), near "
                    f"the chance value √2 = {SQRT2:.3f} (ρ = 0): coordinate-wise, even the most frequent "
                    "words of two runs are nearly unrelated.",
                }
            )
        if np.isclose(got, dist, rtol=1e-6):
            return hint(
                "Đó là khoảng cách tuyệt đối ‖A − B‖_F; hãy chia cho ‖B‖_F.",
                "That is the absolute distance ‖A − B‖_F; divide it by ‖B‖_F.",
            )
        if np.isclose(got, dist / norm_a, rtol=1e-6):
            return hint(
                "Bạn đã chia cho ‖A‖_F; hãy chia cho chuẩn của B (lần huấn luyện tham chiếu).",
                "You divided by ‖A‖_F; divide by the norm of B (the reference run).",
            )
        if np.isclose(got, (dist / norm_b) ** 2, rtol=1e-6) or np.isclose(got, dist**2 / norm_b, rtol=1e-6):
            return hint(
                "Đó là một bình phương: chuẩn Frobenius là căn bậc hai của tổng các bình phương.",
                "That is a square: the Frobenius norm is the square root of the sum of squares.",
            )
        if np.isclose(got, abs(norm_a - norm_b) / norm_b, rtol=1e-6):
            return hint(
                "Đó chỉ so sánh độ lớn của hai ma trận: hãy trừ hai ma trận trước rồi mới lấy chuẩn.",
                "That only compares the sizes of the matrices: subtract them first, then take the norm.",
            )
        return hint(
            "Chuẩn Frobenius là chuẩn Euclid của mọi phần tử của ma trận.",
            "The Frobenius norm is the Euclidean norm of all the entries of a matrix.",
            then={
                "vi": "‖A − B‖_F = căn bậc hai của tổng bình phương mọi phần tử của A − B "
                "(np.linalg.norm(A - B)); rồi chia cho ‖B‖_F.",
                "en": "‖A − B‖_F = square root of the sum of the squares of all entries of A − B "
                "(np.linalg.norm(A - B)); then divide by ‖B‖_F.",
            },
        )

    return report("3.1", lang, verify, answer, strict=strict)
