"""Checks of the exercises of chapter 03 (direct comparison with the Frobenius norm)."""

from __future__ import annotations

import numpy as np

from ._core import LANGS, Correct, NotDone, StudentError, call, hint, is_stub, number, prediction_line, report

__all__ = [
    "ch03_relative_frobenius",
    "ch03_best_scale",
    "ch03_pip_loss",
    "ch03_scale_exponents",
    "ch03_predict_pip_d10",
]

SQRT2 = float(np.sqrt(2))


def _is_nan(x) -> bool:
    try:
        return bool(np.ndim(x) == 0 and np.isnan(complex(x)))
    except Exception:
        return False


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", " ")


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


def _pip_cases():
    """Small cases: different widths, unequal norms, and six rotated copies, whose PIP loss is exactly 0."""
    from ..compare import random_orthogonal

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
        got, peak = _ch03_peak_bytes(fn, *(X.copy() for X in big))
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


def ch03_scale_exponents(answer, *, lang="en", strict=None):
    """Exercise 3.4 — ``answer``: dict of exponents k with measure(sA, sB) = s^k · measure(A, B)."""
    from ..compare import frobenius_distance, pip_loss

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


OPTIONS_3_5 = ("a", "b", "c")


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in OPTIONS_3_5 else None


def _centred_pip(runs):
    """Mean over the pairs of runs of the centred relative PIP loss, its seed-level interval, and the pairs."""
    from ..compare import pip_loss
    from ..stats import pairwise_ci, seed_pairs

    C = [X - X.mean(axis=0) for X in runs]
    pairs = seed_pairs(range(len(C)))
    values = [pip_loss(C[i], C[j], relative=True) for i, j in pairs]
    return float(np.mean(values)), pairwise_ci(values, pairs), pairs


def ch03_predict_pip_d10(prediction, measured, interpretation, runs, at_d100, *, lang="en", strict=None):
    """Exercise 3.5 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the mean
    over the pairs of ``runs`` (the d = 10 runs) of the relative PIP loss of the centred matrices;
    ``interpretation``: the letter of the option that the measurement supports, compared with ``at_d100`` (the
    interval of the same measure at d = 100)."""
    runs = [np.asarray(X, dtype=float) for X in runs]
    low, high = float(at_d100.low), float(at_d100.high)
    want, interval, pairs = _centred_pip(runs)
    right = "a" if want > high else "c" if want < low else "b"

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số) trước khi đo — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (a number) before measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: trung bình trên các cặp.",
                "`measured` must be one number: the mean over the pairs.",
            )
        if not np.isclose(m, want, rtol=0.02):
            from ..compare import pip_loss

            raw = float(np.mean([pip_loss(runs[i], runs[j], relative=True) for i, j in pairs]))
            if np.isclose(m, raw, rtol=0.02):
                return hint(
                    "Đó là mất mát PIP của ma trận thô: hãy trung tâm hóa từng lần huấn luyện trước, như ở mục 5.",
                    "That is the PIP loss of the raw matrices: centre every run first, as in section 5.",
                )
            return hint(
                f"Cần trung bình trên {len(pairs)} cặp của es.pip_loss(A − A.mean(axis=0), "
                "B − B.mean(axis=0), relative=True).",
                f"Take the mean over the {len(pairs)} pairs of es.pip_loss(A − A.mean(axis=0), "
                "B − B.mean(axis=0), relative=True).",
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Bạn đo được {want:.3f}; ở d = 100 khoảng tin cậy là [{low:.3f}, {high:.3f}]: "
                "phương án nào khớp với hai con số này?",
                f"You measured {want:.3f}; at d = 100 the interval is [{low:.3f}, {high:.3f}]: "
                "which option matches these two numbers?",
            )
        overlap = interval.low <= high and low <= interval.high
        return Correct(
            {
                "vi": prediction_line(number(pred), want, "vi") + f" Khoảng tin cậy theo seed ở d = 10 "
                f"({interval.n} seed): {interval}; ở d = 100: [{low:.3f}, {high:.3f}] — hai khoảng "
                + ("chồng lên nhau" if overlap else "không chồng lên nhau")
                + ", nhưng với 3 seed khoảng tin cậy ở d = 10 còn mong manh (mục 4.2).",
                "en": prediction_line(number(pred), want, "en") + f" Seed-level interval at d = 10 "
                f"({interval.n} seeds): {interval}; at d = 100: [{low:.3f}, {high:.3f}] — the intervals "
                + ("overlap" if overlap else "do not overlap")
                + ", though with 3 seeds the d = 10 interval is fragile (section 4.2).",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("3.5", lang, verify, answer, strict=strict)
