"""Exercise 3.2: the scale that brings one run closest to another (``ch03_best_scale``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, report


def _best_scale(A, B):
    return float(np.sum(A * B) / np.sum(A * A))


def ch03_best_scale(answer, A, B, *, lang="en", strict=None):
    """Exercise 3.2 — ``answer(A, B)``: the number s (it may be negative) that makes the relative distance of sA to B,
    ‖sA − B‖_F / ‖B‖_F, as small as possible.  ``A`` and ``B`` (two runs) are only used to report what your answer
    gives on real data."""
    A_real = np.asarray(A, dtype=float)
    B_real = np.asarray(B, dtype=float)
    rng = np.random.default_rng(32)
    X = rng.normal(size=(30, 4))
    cases = [
        (X, 2.5 * X + 0.3 * rng.normal(size=(30, 4))),  # r ≈ 0.4, ρ ≈ 0.99
        (3.0 * X, -0.5 * X + rng.normal(size=(30, 4))),  # r ≈ 3.4, ρ < 0
        (0.5 * rng.normal(size=(30, 4)), rng.normal(size=(30, 4))),
    ]  # unrelated, r ≈ 0.5

    def stats(A, B):
        na, nb = np.linalg.norm(A), np.linalg.norm(B)
        return na / nb, float(np.sum(A * B) / (na * nb))

    def verify(fn):
        for A, B in cases:
            raw = call(fn, A.copy(), B.copy())
            got = number(raw)
            if got is None:
                return hint("Cần trả về một số thực hữu hạn s.", "Return one finite real number s.")
            want = _best_scale(A, B)
            if np.isclose(got, want, rtol=1e-6, atol=1e-12):
                continue
            r, rho = stats(A, B)
            if np.isclose(got, 1 / r, rtol=1e-6):
                return hint(
                    "s = ‖B‖/‖A‖ làm hai chuẩn bằng nhau, nhưng làm cho chuẩn bằng nhau không phải là làm cho "
                    "khoảng cách nhỏ nhất: khi ρ = 0, khoảng cách ấy vẫn là √2.",
                    "s = ‖B‖/‖A‖ equalises the norms, but equal norms are not the smallest distance: for "
                    "ρ = 0 that distance is still √2.",
                )
            if np.isclose(got, rho, rtol=1e-6):
                return hint(
                    "ρ chỉ đúng khi ‖A‖ = ‖B‖; ở đây hai chuẩn khác nhau (r ≠ 1).",
                    "ρ is right only when ‖A‖ = ‖B‖; here the norms differ (r ≠ 1).",
                )
            if np.isclose(got, float(np.sum(A * B) / np.sum(B * B)), rtol=1e-6):
                return hint(
                    "⟨A, B⟩/‖B‖² là hệ số tỉ lệ tốt nhất để nhân vào B; bài tập nhân hệ số vào A.",
                    "⟨A, B⟩/‖B‖² is the best factor for B; the exercise scales A.",
                )
            return hint(
                "Viết bình phương khoảng cách tương đối theo r và ρ (mục 4.3): đó là một parabol theo s.",
                "Write the squared relative distance with r and ρ (section 4.3): it is a parabola in s.",
                then={
                    "vi": "f(s)² = s²r² + 1 − 2srρ nhỏ nhất khi đạo hàm bằng 0: s* = ρ/r = ⟨A, B⟩/‖A‖²_F.",
                    "en": "f(s)² = s²r² + 1 − 2srρ is smallest where its derivative is 0: s* = ρ/r = ⟨A, B⟩/‖A‖²_F.",
                },
            )
        s = float(number(call(fn, A_real.copy(), B_real.copy())))
        dist = float(np.linalg.norm(s * A_real - B_real) / np.linalg.norm(B_real))
        _, rho = stats(A_real, B_real)
        return Correct(
            {
                "vi": f"Trên hai lần huấn luyện: s* = {s:.3f}, khoảng cách tương đối còn {dist:.3f} = "
                f"√(1 − ρ²) với ρ = {rho:.3f}. Với tọa độ không liên quan, hệ số tỉ lệ tốt nhất gần 0 và "
                "khoảng cách nhỏ nhất là 1, không phải √2: so sánh sau khi khớp có mức cơ sở ngẫu nhiên "
                "riêng của nó (chương 04 sẽ gặp lại).",
                "en": f"On the two runs: s* = {s:.3f}, and the relative distance is down to {dist:.3f} = "
                f"√(1 − ρ²) with ρ = {rho:.3f}. With unrelated coordinates the best scale is near 0 and "
                "the smallest distance is 1, not √2: a comparison after fitting has its own chance "
                "level (chapter 04 meets it again).",
            }
        )

    return report("3.2", lang, verify, answer, strict=strict)
