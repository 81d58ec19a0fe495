"""Checks of the exercises of chapter 03."""
from __future__ import annotations

import numpy as np

from ._core import LANGS, Correct, Hint, call, float_array, hint, number, prediction_line, report

__all__ = ["ch03_relative_frobenius", "ch03_chance_relative", "ch03_pip_loss", "ch03_scale_exponents"]


def ch03_relative_frobenius(answer, A, B, *, lang="en", strict=None):
    """Exercise 3.1 — ``answer``: the relative Frobenius distance ‖A − B‖_F / ‖B‖_F (one number)."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    dist, norm_a, norm_b = np.linalg.norm(A - B), np.linalg.norm(A), np.linalg.norm(B)

    def verify(ans):
        if np.ndim(ans) != 0:
            return {"vi": f"Cần đúng một số, nhưng bạn trả về một mảng có kích thước {np.shape(ans)}.",
                    "en": f"Expected a single number, got an array of shape {np.shape(ans)}."}
        got = float(ans)
        if np.isclose(got, dist / norm_b, rtol=1e-6):
            return None
        if np.isclose(got, dist, rtol=1e-6):
            return {"vi": "Đó là khoảng cách tuyệt đối ‖A − B‖_F; hãy chia cho ‖B‖_F.",
                    "en": "That is the absolute distance ‖A − B‖_F; divide it by ‖B‖_F."}
        if np.isclose(got, dist / norm_a, rtol=1e-6):
            return {"vi": "Bạn đã chia cho ‖A‖_F; hãy chia cho chuẩn của B (lần huấn luyện tham chiếu).",
                    "en": "You divided by ‖A‖_F; divide by the norm of B (the reference run)."}
        if np.isclose(got, (dist / norm_b) ** 2, rtol=1e-6) or np.isclose(got, dist ** 2 / norm_b, rtol=1e-6):
            return {"vi": "Đó là một bình phương: chuẩn Frobenius là căn bậc hai của tổng các bình phương.",
                    "en": "That is a square: the Frobenius norm is the square root of the sum of squares."}
        if np.isclose(got, abs(norm_a - norm_b) / norm_b, rtol=1e-6):
            return {"vi": "Đó chỉ so sánh độ lớn của hai ma trận: hãy trừ hai ma trận trước rồi mới lấy chuẩn.",
                    "en": "That only compares the sizes of the matrices: subtract them first, then take the norm."}
        return {"vi": "‖A − B‖_F = căn bậc hai của tổng bình phương mọi phần tử của A − B; rồi chia cho ‖B‖_F.",
                "en": "‖A − B‖_F = square root of the sum of the squares of all entries of A − B; then divide by ‖B‖_F."}

    return report("3.1", lang, verify, answer, strict=strict)


def ch03_chance_relative(answer, *, lang="en", strict=None):
    """Exercise 3.2 — ``answer(r)``: ‖A − B‖_F / ‖B‖_F when ⟨A, B⟩ = 0 and ‖A‖_F = r‖B‖_F, i.e. √(1 + r²)."""
    ratios = np.array([0.25, 0.5, 1.0, 2.0, 5.0])

    def verify(fn):
        got = np.array([float(call(fn, float(r))) for r in ratios])
        if np.allclose(got, np.sqrt(1 + ratios ** 2), rtol=1e-6):
            return None
        if np.allclose(got, np.sqrt(2), rtol=1e-6):
            return {"vi": "√2 chỉ đúng khi r = 1; kết quả phải phụ thuộc vào r.",
                    "en": "√2 holds only for r = 1; the answer must depend on r."}
        if np.allclose(got, 1 + ratios ** 2, rtol=1e-6):
            return {"vi": "Đó là bình phương của khoảng cách tương đối; hãy lấy căn bậc hai.",
                    "en": "That is the squared relative distance; take the square root."}
        if np.allclose(got, 1 + ratios, rtol=1e-6):
            return {"vi": "1 + r là giá trị lớn nhất có thể (khi A ngược hướng với B). "
                          "Hãy dùng ‖A − B‖² = ‖A‖² + ‖B‖² − 2⟨A, B⟩ với ⟨A, B⟩ = 0.",
                    "en": "1 + r is the largest possible value (A pointing opposite to B). "
                          "Use ‖A − B‖² = ‖A‖² + ‖B‖² − 2⟨A, B⟩ with ⟨A, B⟩ = 0."}
        if np.allclose(got, np.abs(1 - ratios), rtol=1e-6):
            return {"vi": "|1 − r| là giá trị khi A cùng hướng với B (ρ = 1); ở đây ⟨A, B⟩ = 0.",
                    "en": "|1 − r| is the value when A points the same way as B (ρ = 1); here ⟨A, B⟩ = 0."}
        return {"vi": "Khai triển ‖A − B‖² = ‖A‖² + ‖B‖² − 2⟨A, B⟩, thay ‖A‖ = r‖B‖ và ⟨A, B⟩ = 0, rồi chia cho ‖B‖.",
                "en": "Expand ‖A − B‖² = ‖A‖² + ‖B‖² − 2⟨A, B⟩, put ‖A‖ = r‖B‖ and ⟨A, B⟩ = 0, then divide by ‖B‖."}

    return report("3.2", lang, verify, answer, strict=strict)


def _ch03_peak_bytes(fn, *args):
    """Peak memory (bytes, as seen by ``tracemalloc``, which tracks NumPy arrays) of ``fn(*args)``."""
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


def ch03_pip_loss(answer, *, lang="en", strict=None):
    """Exercise 3.3 — ``answer(A, B)``: the PIP loss ‖AAᵀ − BBᵀ‖_F computed without a V×V matrix."""
    from ..compare import random_orthogonal

    rng = np.random.default_rng(33)
    A1 = rng.normal(size=(40, 3))
    cases = [(A1, rng.normal(size=(40, 5))),                       # different widths
             (A1, A1 @ random_orthogonal(3, seed=34)),             # a rotated copy: loss 0
             (rng.normal(size=(25, 4)), 2 * rng.normal(size=(25, 4)))]
    big_v = 2000
    big = (rng.normal(size=(big_v, 5)), rng.normal(size=(big_v, 5)))

    def direct(A, B):
        return float(np.linalg.norm(A @ A.T - B @ B.T))

    def rounding(A, B):
        # the d×d formula is a difference of squares: near 0 its square root carries √(rounding) error
        return float(np.sqrt(1e-12 * (np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2)))

    def verify(fn):
        for A, B in cases:
            got, want, tol = float(call(fn, A.copy(), B.copy())), direct(A, B), rounding(A, B)
            if np.isclose(got, want, rtol=1e-6, atol=tol):
                continue
            if np.isclose(got, want ** 2, rtol=1e-6, atol=tol):
                return {"vi": "Đó là bình phương của PIP loss; hãy lấy căn bậc hai.",
                        "en": "That is the squared PIP loss; take the square root."}
            return {"vi": "‖AAᵀ − BBᵀ‖²_F = ‖AᵀA‖²_F + ‖BᵀB‖²_F − 2‖AᵀB‖²_F — cả ba chuẩn đều được bình phương.",
                    "en": "‖AAᵀ − BBᵀ‖²_F = ‖AᵀA‖²_F + ‖BᵀB‖²_F − 2‖AᵀB‖²_F — all three norms are squared."}
        got, peak = _ch03_peak_bytes(fn, *(X.copy() for X in big))
        if peak > big_v * big_v * 8 / 4:
            mb = peak / 1e6
            return {"vi": f"Giá trị đúng, nhưng hàm của bạn đã dùng {mb:.0f} MB: nó tạo ra một ma trận V×V. "
                          "Chỉ dùng các tích d×d AᵀA, BᵀB, AᵀB.",
                    "en": f"Right value, but your function used {mb:.0f} MB: it formed a V×V matrix. "
                          "Use only the d×d products AᵀA, BᵀB, AᵀB."}
        if not np.isclose(float(got), direct(*big), rtol=1e-6, atol=rounding(*big)):
            return {"vi": "Kết quả sai với ma trận lớn hơn.", "en": "Wrong result on a larger matrix."}
        return None

    return report("3.3", lang, verify, answer, strict=strict)


def ch03_scale_exponents(answer, *, lang="en", strict=None):
    """Exercise 3.4 — ``answer``: dict of exponents k with measure(sA, sB) = s^k · measure(A, B)."""
    from ..compare import frobenius_distance, pip_loss

    keys = ("frobenius", "frobenius_relative", "pip", "pip_relative")
    measures = {"frobenius": lambda A, B: frobenius_distance(A, B),
                "frobenius_relative": lambda A, B: frobenius_distance(A, B, relative=True),
                "pip": lambda A, B: pip_loss(A, B),
                "pip_relative": lambda A, B: pip_loss(A, B, relative=True)}
    rng = np.random.default_rng(35)
    A, B, s = rng.normal(size=(30, 4)), rng.normal(size=(30, 4)), 3.0
    want = {k: round(float(np.log(m(s * A, s * B) / m(A, B)) / np.log(s))) for k, m in measures.items()}
    hints = {
        "frobenius": {"vi": "Mỗi phần tử của sA − sB bằng s lần phần tử tương ứng của A − B.",
                      "en": "Every entry of sA − sB is s times the entry of A − B."},
        "frobenius_relative": {"vi": "Tử số và mẫu số cùng được nhân với s: tỉ số không đổi (s⁰).",
                               "en": "Numerator and denominator are both multiplied by s: the ratio does not change (s⁰)."},
        "pip": {"vi": "(sA)(sA)ᵀ = s²AAᵀ: PIP loss là bậc hai theo E.",
                "en": "(sA)(sA)ᵀ = s²AAᵀ: the PIP loss is quadratic in E."},
        "pip_relative": {"vi": "Tử số và mẫu số cùng được nhân với s²: tỉ số không đổi.",
                         "en": "Numerator and denominator are both multiplied by s²: the ratio does not change."},
    }

    def verify(ans):
        if not isinstance(ans, dict) or set(ans) != set(keys):
            return {"vi": f"Cần một dict có đúng các khóa {', '.join(keys)}.",
                    "en": f"Expected a dict with exactly the keys {', '.join(keys)}."}
        for k in keys:
            if not np.isclose(float(ans[k]), want[k]):
                return {lg: f"{k}: {hints[k][lg]}" for lg in LANGS}
        return None

    return report("3.4", lang, verify, answer, strict=strict)
