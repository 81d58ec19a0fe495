"""Exercise 3.3: the PIP loss without a V×V matrix, and the memory it takes (``ch03_pip_loss``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, StudentError, call, hint, number, peak_bytes, report


def _is_nan(x) -> bool:
    try:
        return bool(np.ndim(x) == 0 and np.isnan(complex(x)))
    except Exception:
        return False


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


def _pip_cases():
    """Small cases: different widths, unequal norms, and six rotated copies, whose PIP loss is exactly 0."""
    from ...compare import random_orthogonal

    rng = np.random.default_rng(33)
    cases = [
        (rng.normal(size=(40, 3)), rng.normal(size=(40, 5))),
        (rng.normal(size=(25, 4)), 2 * rng.normal(size=(25, 4))),
    ]
    for k in range(6):
        n, d = (40, 3) if k % 2 else (33, 5)
        A = rng.uniform(0.5, 3) * rng.normal(size=(n, d))
        cases.append((A, A @ random_orthogonal(d, seed=34 + k)))
    return cases


def ch03_pip_loss(answer, *, lang="en", strict=None):
    """Exercise 3.3 — ``answer(A, B)``: the PIP loss ‖AAᵀ − BBᵀ‖_F, computed without forming a V×V matrix.  A and B
    have the same number of rows; their widths may differ.  The check includes rotated copies (PIP loss exactly 0)
    and measures the memory your function uses."""
    cases = _pip_cases()
    rng = np.random.default_rng(35)
    big_v = 2000
    big = (rng.normal(size=(big_v, 5)), rng.normal(size=(big_v, 5)))

    def direct(A, B):
        return float(np.linalg.norm(A @ A.T - B @ B.T))

    def rounding(A, B):
        # the d×d formula is a difference of squares: near 0 its square root carries √(rounding) error
        return float(np.sqrt(1e-12 * (np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2)))

    def verify(fn):
        for A, B in cases:
            try:
                raw = call(fn, A.copy(), B.copy())
            except StudentError as exc:  # math.sqrt of a negative number raises instead of giving NaN
                if not (isinstance(exc.__cause__, ValueError) and "domain" in str(exc.__cause__)):
                    raise
                raw = float("nan")
            got = number(raw)
            want, tol = direct(A, B), rounding(A, B)
            if got is None:
                if _is_nan(raw):
                    return hint(
                        "Hàm của bạn trả về NaN với một bản sao đã quay (mất mát PIP đúng bằng 0): khi đó ba số "
                        "hạng triệt tiêu nhau, và sai số làm tròn có thể để lại dưới dấu căn một số âm rất nhỏ "
                        "(cỡ −1e-10), mà căn của số âm là NaN. Hãy cắt về 0 (max(sq, 0)) trước khi lấy căn.",
                        "Your function returned NaN for a rotated copy (PIP loss exactly 0): there the three "
                        "terms cancel, and rounding can leave a tiny negative number (about −1e-10) under the "
                        "square root, whose root is NaN. Clip it at 0 (max(sq, 0)) before the root.",
                    )
                return hint("Cần trả về một số thực hữu hạn.", "Return one finite real number.")
            if np.isclose(got, want, rtol=1e-6, atol=tol):
                continue
            if np.isclose(got, want**2, rtol=1e-6, atol=tol):
                return hint(
                    "Đó là bình phương của mất mát PIP; hãy lấy căn bậc hai.",
                    "That is the squared PIP loss; take the square root.",
                )
            return hint(
                "Khai triển ‖X‖²_F = tr(XᵀX) với X = AAᵀ − BBᵀ và dùng tính chất hoán vị vòng của vết: "
                "mọi số hạng trở thành chuẩn của các ma trận d×d.",
                "Expand ‖X‖²_F = tr(XᵀX) for X = AAᵀ − BBᵀ and use the cyclic property of the trace: "
                "every term becomes a norm of a d×d matrix.",
                then={
                    "vi": "‖AAᵀ − BBᵀ‖²_F = ‖AᵀA‖²_F + ‖BᵀB‖²_F − 2‖AᵀB‖²_F — cả ba chuẩn đều được bình "
                    "phương; rồi lấy căn.",
                    "en": "‖AAᵀ − BBᵀ‖²_F = ‖AᵀA‖²_F + ‖BᵀB‖²_F − 2‖AᵀB‖²_F — all three norms are "
                    "squared; then take the root.",
                },
            )
        got, peak = peak_bytes(fn, *(X.copy() for X in big))
        vv = big_v * big_v * 8
        if peak > vv / 4:
            return hint(
                f"Giá trị đúng, nhưng hàm của bạn đã dùng {peak / 1e6:.0f} MB: nó tạo ra một ma trận V×V. "
                "Chỉ dùng các tích d×d.",
                f"Right value, but your function used {peak / 1e6:.0f} MB: it formed a V×V matrix. "
                "Use only d×d products.",
            )
        if number(got) is None or not np.isclose(number(got), direct(*big), rtol=1e-6, atol=rounding(*big)):
            return hint("Kết quả sai với ma trận lớn hơn.", "Wrong result on a larger matrix.")
        return Correct(
            {
                "vi": f"Khớp với ‖AAᵀ − BBᵀ‖_F tính trực tiếp, kể cả với các bản sao đã quay, và chỉ dùng "
                f"{peak / 1e3:.0f} kB với V = {_thousands(big_v)} từ (riêng một ma trận V×V đã cần "
                f"{vv / 1e6:.0f} MB).",
                "en": f"Agrees with ‖AAᵀ − BBᵀ‖_F formed directly, rotated copies included, and used "
                f"{peak / 1e3:.0f} kB for V = {_thousands(big_v)} words (one V×V matrix alone takes "
                f"{vv / 1e6:.0f} MB).",
            }
        )

    return report("3.3", lang, verify, answer, strict=strict)
