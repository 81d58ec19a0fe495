"""Exercise 2.3: an unknown invertible map recovered, with context vectors that keep the logits (``ch02_recover_map``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, float_array, hint, report
from ._shared import _shape_of


def ch02_recover_map(answer, *, lang="en", strict=None):
    """Exercise 2.3 — ``answer(W, C, W2)``: W2 = WA for an invertible d×d matrix A that you are not told.  Return the
    pair ``(A, C2)``: that matrix, and context vectors C2 such that (W2, C2) has exactly the logits of (W, C)."""

    def verify(fn):
        rng = np.random.default_rng(23)
        W, C = rng.normal(size=(40, 5)), rng.normal(size=(35, 5))
        A_true = rng.normal(size=(5, 5)) + 2 * np.eye(5)  # invertible, neither orthogonal nor symmetric
        W2 = W @ A_true
        out = call(fn, W.copy(), C.copy(), W2.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return hint("Cần trả về một cặp (A, C2).", "Return a pair (A, C2).")
        A, C2 = float_array(out[0], (5, 5)), float_array(out[1], C.shape)
        if A is None or C2 is None:
            return hint(
                f"A phải là ma trận 5×5 và C2 phải có cùng hình dạng với C {C.shape}; bạn trả về "
                f"{_shape_of(out[0])} và {_shape_of(out[1])}.",
                f"A must be 5×5 and C2 must have the shape of C {C.shape}; got {_shape_of(out[0])} and "
                f"{_shape_of(out[1])}.",
            )
        if not np.allclose(A, A_true, rtol=1e-6, atol=1e-8):
            if np.allclose(A, np.linalg.inv(A_true), rtol=1e-6, atol=1e-8):
                return hint(
                    "Ma trận này đưa W2 trở về W: đó là A⁻¹, không phải A.",
                    "That matrix sends W2 back to W: it is A⁻¹, not A.",
                )
            if np.allclose(A, W.T @ W2):
                return hint(
                    "WᵀW2 = WᵀW A: vẫn còn thừa số WᵀW cần khử đi.",
                    "WᵀW2 = WᵀW A: the factor WᵀW is still there and must be undone.",
                )
            return hint(
                "W2 = WA là một hệ phương trình tuyến tính với ẩn A; W có nhiều hàng hơn cột nên không có "
                "nghịch đảo, nhưng hệ vẫn có nghiệm đúng duy nhất.",
                "W2 = WA is a linear system for the unknown A; W has more rows than columns, so it has no "
                "inverse, but the system still has one exact solution.",
                then={
                    "vi": "Giải bằng bình phương tối thiểu: A = (WᵀW)⁻¹WᵀW2, tức np.linalg.lstsq(W, W2, "
                    "rcond=None)[0].",
                    "en": "Solve it by least squares: A = (WᵀW)⁻¹WᵀW2, i.e. np.linalg.lstsq(W, W2, rcond=None)[0].",
                },
            )
        logits = W @ C.T
        if np.allclose(W2 @ C2.T, logits):
            change = float(np.abs(W2 @ C2.T - logits).max() / np.abs(logits).max())
            return Correct(
                {
                    "vi": f"Đã khôi phục A; logit của (W2, C2) khớp với logit của (W, C) tới {change:.0e} "
                    "(tương đối): hai cặp ma trận khác nhau, cùng một giá trị hàm mất mát.",
                    "en": f"A recovered; the logits of (W2, C2) match those of (W, C) to {change:.0e} "
                    "(relative): two different pairs of matrices, one value of the loss.",
                }
            )
        inv = np.linalg.inv(A_true)
        if np.allclose(C2, C @ A_true) or np.allclose(C2, C @ A_true.T):
            return hint(
                "Với C2 = CA (hay CAᵀ), logit bị nhân thêm AAᵀ (hay A²): cần nghịch đảo của A.",
                "With C2 = CA (or CAᵀ) the logits pick up an extra AAᵀ (or A²): you need the inverse of A.",
            )
        if np.allclose(C2, C @ inv):
            return hint(
                "Gần đúng rồi: W2 C2ᵀ = WA(CA⁻¹)ᵀ = WAA⁻ᵀCᵀ — còn thiếu một phép chuyển vị.",
                "Almost: W2 C2ᵀ = WA(CA⁻¹)ᵀ = WAA⁻ᵀCᵀ — a transpose is missing.",
            )
        return hint(
            "Cần (WA)C2ᵀ = WCᵀ: C2ᵀ phải triệt tiêu A.",
            "You need (WA)C2ᵀ = WCᵀ: C2ᵀ must cancel A.",
            then={
                "vi": "C2ᵀ = A⁻¹Cᵀ, tức C2 = C A⁻ᵀ = C @ np.linalg.inv(A).T.",
                "en": "C2ᵀ = A⁻¹Cᵀ, i.e. C2 = C A⁻ᵀ = C @ np.linalg.inv(A).T.",
            },
        )

    return report("2.3", lang, verify, answer, strict=strict)
