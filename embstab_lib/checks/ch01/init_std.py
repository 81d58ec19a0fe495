"""Exercise 1.3: the spread of one coordinate of gensim's initial word vectors (``ch01_init_std``)."""

from __future__ import annotations

import numpy as np

from .._core import (
    Correct,
    call,
    hint,
    number,
    report,
)


def ch01_init_std(answer, *, lang="en", strict=None):
    """Exercise 1.3 — ``answer(d)``: the standard deviation of one coordinate of gensim's initial word vectors."""
    dims = (10, 50, 100, 300)

    def verify(fn):
        got = [number(call(fn, d)) for d in dims]
        if any(g is None for g in got):
            return hint(
                "Hàm của bạn phải trả về một con số cho mỗi d.", "Your function must return one number for each d."
            )
        got, d = np.array(got), np.asarray(dims, float)
        want = 1 / (d * np.sqrt(3))
        if np.allclose(got, want, rtol=0.02):
            return Correct(
                {
                    "vi": f"Ở d = 100, σ = {want[2]:.5f}: điểm xuất phát nằm trong một hình lập phương rất nhỏ "
                    "quanh gốc tọa độ — khớp với độ lệch chuẩn đo được ở mục 3.",
                    "en": f"At d = 100, σ = {want[2]:.5f}: the start lies in a tiny cube around the origin — "
                    "it matches the standard deviation measured in section 3.",
                }
            )
        if np.allclose(got, 1 / (d * np.sqrt(12)), rtol=0.02):
            return hint(
                "Khoảng [−1/d, 1/d) có độ rộng 2/d chứ không phải 1/d.",
                "The interval [−1/d, 1/d) has width 2/d, not 1/d.",
            )
        if np.allclose(got, 1 / d, rtol=0.02):
            return hint(
                "1/d là nửa độ rộng của khoảng, không phải độ lệch chuẩn của phân phối đều trên khoảng đó.",
                "1/d is the half-width of the interval, not the standard deviation of the uniform law on it.",
            )
        if np.allclose(got, 1 / (3 * d**2), rtol=0.02):
            return hint(
                "Đó là phương sai; độ lệch chuẩn là căn bậc hai của nó.",
                "That is the variance; the standard deviation is its square root.",
            )
        return hint(
            "Phương sai của phân phối đều trên [a, b) là trung bình của (x − m)² với m = (a + b)/2; "
            "hãy tính tích phân đó.",
            "The variance of the uniform law on [a, b) is the mean of (x − m)² with m = (a + b)/2; "
            "compute that integral.",
            then={
                "vi": "Phân phối đều trên [a, b) có độ lệch chuẩn (b − a)/√12; ở đây b − a = 2/d.",
                "en": "A uniform law on [a, b) has standard deviation (b − a)/√12; here b − a = 2/d.",
            },
        )

    return report("1.3", lang, verify, answer, strict=strict)
