"""Exercise 4.2: the residual of Procrustes with a global scale, from the orthogonal residual alone
(``ch04_scaled_from_orthogonal``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, report


def ch04_scaled_from_orthogonal(answer, *, lang="en", strict=None):
    """Exercise 4.2 — ``answer(r)``: the relative residual of Procrustes **with a global scale**, for centred
    unit-length rows, as a function of the orthogonal relative residual ``r`` alone."""
    rs = np.array([0.1, 0.3, 0.47, 0.9, 1.3])
    want = rs * np.sqrt(1 - rs**2 / 4)

    def verify(fn):
        got = []
        for r in rs:
            x = number(call(fn, float(r)))
            if x is None:
                return hint(
                    "Hàm của bạn phải trả về một số thực cho mỗi giá trị r.",
                    "Your function must return one real number for each value of r.",
                )
            got.append(x)
        got = np.array(got)
        if np.allclose(got, want, rtol=1e-6):
            r, rsc = 0.47, 0.47 * np.sqrt(1 - 0.47**2 / 4)
            return Correct(
                {
                    "vi": f"Với r = {r} (seed 0–1), một hệ số tỉ lệ tự do chỉ hạ r xuống {rsc:.3f}. Trên các "
                    "hàng đã trung tâm hóa và có độ dài 1, phần dư có hệ số tỉ lệ là một hàm của r, nên "
                    "nó không mang thêm thông tin nào; còn s* chính là cosine trung bình sau căn chỉnh.",
                    "en": f"For r = {r} (seeds 0–1), one free scale lowers r only to {rsc:.3f}. On centred "
                    "unit-length rows the scaled residual is a function of r, so it carries no new "
                    "information; s* itself is the mean aligned cosine.",
                }
            )
        if np.allclose(got, rs, rtol=1e-6):
            return hint(
                "Đó là r: một hệ số tỉ lệ được chọn tối ưu luôn làm phần dư giảm (trừ khi r = 0).",
                "That is r itself: an optimally chosen scale always lowers the residual (unless r = 0).",
            )
        if np.allclose(got, 1 - rs**2 / 2, rtol=1e-6):
            return hint(
                "Đó là hệ số tỉ lệ s*, không phải phần dư tương đối.",
                "That is the scale s*, not the relative residual.",
            )
        if np.allclose(got, want**2, rtol=1e-6):
            return hint(
                "Đó là bình phương của phần dư tương đối; hãy lấy căn bậc hai.",
                "That is the squared relative residual; take the square root.",
            )
        return hint(
            "Dùng công thức của mục 1 với ‖A‖²_F = ‖B‖²_F = V để viết tr(Σ) theo r, rồi thay vào công thức "
            "phần dư có hệ số tỉ lệ ở mục 5 (và chia cho ‖B‖²_F).",
            "Use the formula of section 1 with ‖A‖²_F = ‖B‖²_F = V to write tr(Σ) in terms of r, then put it "
            "into the scaled residual formula of section 5 (and divide by ‖B‖²_F).",
            then={
                "vi": "tr(Σ) = V(1 − r²/2), nên s* = tr(Σ)/V = 1 − r²/2 và r_s² = 1 − s*².",
                "en": "tr(Σ) = V(1 − r²/2), so s* = tr(Σ)/V = 1 − r²/2 and r_s² = 1 − s*².",
            },
        )

    return report("4.2", lang, verify, answer, strict=strict)
