"""Automatic checks for the exercises.

Every exercise cell ends with ``checks.<id>(answer, ..., lang=LANG)``.  A check
prints one friendly line in the notebook's language:

* ``⏳`` not done yet — the answer is still the stub (``...`` or a function
  that raises ``NotImplementedError``);
* ``✓`` correct;
* ``✗`` not yet right, with a hint.  With ``EMBSTAB_STRICT_CHECKS=1`` (set by
  the test suite) a wrong answer raises :class:`CheckFailed` instead, so a
  broken reference solution fails CI.

Checks return ``None`` so that nothing else is displayed.
"""
from __future__ import annotations

import os

import numpy as np

LANGS = ("vi", "en")

_TEXT = {
    "title": {"vi": "Bài tập {ex}", "en": "Exercise {ex}"},
    "not_done": {
        "vi": "⏳ {title}: chưa làm — thay `...` (hoặc `raise NotImplementedError`) bằng lời giải của bạn rồi chạy lại ô này.",
        "en": "⏳ {title}: not done yet — replace `...` (or `raise NotImplementedError`) with your answer and run this cell again.",
    },
    "ok": {"vi": "✓ {title}: chính xác!", "en": "✓ {title}: correct!"},
    "wrong": {"vi": "✗ {title}: chưa đúng. {hint}", "en": "✗ {title}: not quite. {hint}"},
    "raised": {
        "vi": "Hàm của bạn báo lỗi {err}.",
        "en": "Your function raised {err}.",
    },
}


class CheckFailed(AssertionError):
    """Raised by a check in strict mode (``EMBSTAB_STRICT_CHECKS=1``) when an answer is wrong."""


class _NotDone(Exception):
    pass


def _lang(lang):
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, got {lang!r}")
    return lang


def _strict() -> bool:
    return os.environ.get("EMBSTAB_STRICT_CHECKS", "") == "1"


def _is_stub(answer) -> bool:
    return answer is Ellipsis or answer is NotImplemented


def _call(fn, *args, **kwargs):
    """Call a student's function; its NotImplementedError means "not done yet"."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:
        raise _NotDone from None


def _report(ex, lang, verify, answer):
    """Run ``verify(answer)`` → ``None`` (correct) or a {lang: hint} dict, and print the verdict."""
    lang = _lang(lang)
    title = _TEXT["title"][lang].format(ex=ex)
    try:
        if _is_stub(answer):
            raise _NotDone
        hint = verify(answer)
    except _NotDone:
        print(_TEXT["not_done"][lang].format(title=title))
        return None
    except CheckFailed:
        raise
    except Exception as exc:  # the student's code failed: report it, don't show a traceback
        hint = {k: _TEXT["raised"][k].format(err=f"{type(exc).__name__}: {exc}") for k in LANGS}
    if hint is None:
        print(_TEXT["ok"][lang].format(title=title))
        return None
    message = _TEXT["wrong"][lang].format(title=title, hint=hint[lang])
    if _strict():
        raise CheckFailed(message)
    print(message)
    return None


def _as_float_array(x, shape):
    arr = np.asarray(x, dtype=float)
    if arr.shape != shape:
        return None
    return arr


# ------------------------------------------------------------------ chapter 01

def ch01_cross_run_cosine(answer, A, B, *, lang="en"):
    """Exercise 1.1 — ``answer``: the cosine of each row of A with the same row of B."""
    from .measures import cosine_per_word

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)

    def verify(ans):
        arr = _as_float_array(ans, (A.shape[0],))
        if arr is None:
            return {"vi": f"Cần một mảng gồm {A.shape[0]} số, mỗi từ một giá trị cosine.",
                    "en": f"Expected an array of {A.shape[0]} numbers, one cosine per word."}
        if np.allclose(arr, cosine_per_word(A, B), atol=1e-6):
            return None
        if np.allclose(arr, np.einsum("ij,ij->i", A, B), atol=1e-9):
            return {"vi": "Đó là tích vô hướng; hãy chia cho tích hai độ dài ‖a‖‖b‖.",
                    "en": "That is the dot product; divide by the product of the lengths ‖a‖‖b‖."}
        return {"vi": "cos(a, b) = a·b / (‖a‖ ‖b‖), tính theo từng hàng.",
                "en": "cos(a, b) = a·b / (‖a‖ ‖b‖), row by row."}

    return _report("1.1", lang, verify, answer)


def ch01_predicted_spread(answer, *, lang="en"):
    """Exercise 1.2 — ``answer(d)``: the standard deviation of the cosine of two independent random directions in ℝ^d."""
    dims = (4, 25, 100, 400)

    def verify(fn):
        got = np.array([float(_call(fn, d)) for d in dims])
        want = 1 / np.sqrt(dims)
        if np.allclose(got, want, rtol=0.05):
            return None
        if np.allclose(got, 1 / np.asarray(dims, float), rtol=0.05):
            return {"vi": "Đó là phương sai 1/d; độ lệch chuẩn là căn bậc hai của nó.",
                    "en": "That is the variance 1/d; the standard deviation is its square root."}
        return {"vi": "Cosine của hai hướng ngẫu nhiên độc lập có kỳ vọng 0 và phương sai 1/d.",
                "en": "The cosine of two independent random directions has mean 0 and variance 1/d."}

    return _report("1.2", lang, verify, answer)


def ch01_init_std(answer, *, lang="en"):
    """Exercise 1.3 — ``answer(d)``: the standard deviation of one coordinate of gensim's initial word vectors."""
    dims = (10, 50, 100, 300)

    def verify(fn):
        got = np.array([float(_call(fn, d)) for d in dims])
        d = np.asarray(dims, float)
        if np.allclose(got, 1 / (d * np.sqrt(3)), rtol=0.02):
            return None
        if np.allclose(got, 1 / (d * np.sqrt(12)), rtol=0.02):
            return {"vi": "Khoảng [−1/d, 1/d) có độ rộng 2/d chứ không phải 1/d.",
                    "en": "The interval [−1/d, 1/d) has width 2/d, not 1/d."}
        return {"vi": "Phân phối đều trên [a, b) có độ lệch chuẩn (b − a)/√12.",
                "en": "A uniform distribution on [a, b) has standard deviation (b − a)/√12."}

    return _report("1.3", lang, verify, answer)


def ch01_reproducible(answer, *, lang="en"):
    """Exercise 1.4 — ``answer``: keyword arguments for ``train_word2vec`` that make two runs bit-identical."""
    from .data import load_corpus
    from .training import train_word2vec

    def verify(params):
        if not isinstance(params, dict):
            return {"vi": "Cần một dict, ví dụ dict(seed=..., workers=...).",
                    "en": "Expected a dict, e.g. dict(seed=..., workers=...)."}
        if "seed" not in params:
            return {"vi": "Hãy cố định `seed`.", "en": "Fix the `seed`."}
        if params.get("workers", 1) != 1:
            return {"vi": "Với workers > 1, thứ tự cập nhật giữa các luồng thay đổi mỗi lần chạy: hãy dùng workers=1.",
                    "en": "With workers > 1 the threads update in a different order on every run: use workers=1."}
        corpus = load_corpus("lee", max_tokens=20_000)
        small = dict(vector_size=16, epochs=2, min_count=3)
        runs = [train_word2vec(corpus, **{**small, **params}).vectors for _ in range(2)]
        if np.array_equal(*runs):
            return None
        return {"vi": "Hai lần chạy vẫn khác nhau.", "en": "The two runs still differ."}

    return _report("1.4", lang, verify, answer)


# ------------------------------------------------------------------ chapter 02

def ch02_reflection(answer, *, lang="en"):
    """Exercise 2.1 — ``answer(u)``: the d×d Householder reflection I − 2uuᵀ/(uᵀu) (sends u to −u, fixes u⊥)."""
    from scipy.linalg import null_space

    def verify(fn):
        rng = np.random.default_rng(21)
        for d in (2, 3, 7):
            u = 3.0 * rng.normal(size=d)  # deliberately not of unit length
            H = np.asarray(_call(fn, u.copy()), dtype=float)
            if H.shape != (d, d):
                return {"vi": f"Với u có {d} phần tử, cần một ma trận {d}×{d}; bạn trả về hình dạng {H.shape}.",
                        "en": f"For u with {d} entries the answer is a {d}×{d} matrix; got shape {H.shape}."}
            perp = null_space(u[None, :])  # a basis of the vectors orthogonal to u
            if np.allclose(H @ u, -u) and np.allclose(H @ perp, perp):
                continue
            unit = u / np.linalg.norm(u)
            if np.allclose(H, np.eye(d) - np.outer(unit, unit)):
                return {"vi": "I − uuᵀ là phép chiếu lên mặt phẳng vuông góc với u (nó biến u thành 0, không phải −u): cần hệ số 2.",
                        "en": "I − uuᵀ projects onto the plane orthogonal to u (it sends u to 0, not to −u): use a factor 2."}
            if np.allclose(H, np.eye(d) - 2 * np.outer(u, u)):
                return {"vi": "Công thức I − 2uuᵀ chỉ đúng khi ‖u‖ = 1: hãy chia cho uᵀu.",
                        "en": "I − 2uuᵀ is right only when ‖u‖ = 1: divide by uᵀu."}
            return {"vi": "Phép phản xạ phải biến u thành −u và giữ nguyên mọi vector vuông góc với u: thử I − 2uuᵀ/(uᵀu).",
                    "en": "The reflection must send u to −u and keep every vector orthogonal to u: try I − 2uuᵀ/(uᵀu)."}
        return None

    return _report("2.1", lang, verify, answer)


def ch02_distances(answer, *, lang="en"):
    """Exercise 2.2 — ``answer(E)``: the V×V matrix of Euclidean distances between the rows of E."""
    from scipy.spatial.distance import cdist

    def verify(fn):
        rng = np.random.default_rng(22)
        E = rng.normal(size=(30, 4))
        E[7] = E[3]  # two identical rows: their distance is exactly 0
        want = cdist(E, E)
        got = np.asarray(_call(fn, E.copy()), dtype=float)
        if got.shape != want.shape:
            return {"vi": f"Cần ma trận {want.shape[0]}×{want.shape[1]} (một hàng và một cột cho mỗi từ); bạn trả về {got.shape}.",
                    "en": f"Expected a {want.shape[0]}×{want.shape[1]} matrix (a row and a column per word); got {got.shape}."}
        if np.isnan(got).any():
            return {"vi": "Có giá trị NaN: do sai số làm tròn, bình phương khoảng cách có thể hơi âm — hãy cắt về 0 (np.clip) trước khi lấy căn.",
                    "en": "There are NaNs: rounding can make a squared distance slightly negative — clip it at 0 (np.clip) before the square root."}
        if np.allclose(got, want, atol=1e-6):
            return None
        if np.allclose(got, want ** 2, atol=1e-6):
            return {"vi": "Đó là bình phương khoảng cách: hãy lấy căn bậc hai.",
                    "en": "Those are squared distances: take the square root."}
        if np.allclose(got, E @ E.T, atol=1e-6):
            return {"vi": "Đó mới là ma trận Gram G = EEᵀ; khoảng cách là √(G_ii + G_jj − 2G_ij).",
                    "en": "That is the Gram matrix G = EEᵀ itself; the distance is √(G_ii + G_jj − 2G_ij)."}
        return {"vi": "‖a − b‖² = a·a + b·b − 2a·b: lấy a·a, b·b trên đường chéo của G = EEᵀ.",
                "en": "‖a − b‖² = a·a + b·b − 2a·b: read a·a and b·b on the diagonal of G = EEᵀ."}

    return _report("2.2", lang, verify, answer)


def ch02_reparametrize(answer, *, lang="en"):
    """Exercise 2.3 — ``answer(W, C, A)``: the pair (WA, CA⁻ᵀ), which has the same logits WCᵀ."""

    def verify(fn):
        rng = np.random.default_rng(23)
        W, C = rng.normal(size=(40, 5)), rng.normal(size=(35, 5))
        A = rng.normal(size=(5, 5)) + 2 * np.eye(5)  # invertible, neither orthogonal nor symmetric
        out = _call(fn, W.copy(), C.copy(), A.copy())
        if not isinstance(out, (tuple, list)) or len(out) != 2:
            return {"vi": "Cần trả về một cặp (W2, C2).", "en": "Return a pair (W2, C2)."}
        W2, C2 = (np.asarray(x, dtype=float) for x in out)
        if W2.shape != W.shape or C2.shape != C.shape:
            return {"vi": f"W2 và C2 phải có cùng hình dạng với W {W.shape} và C {C.shape}.",
                    "en": f"W2 and C2 must have the shapes of W {W.shape} and C {C.shape}."}
        if not np.allclose(W2, W @ A):
            return {"vi": "Vector từ mới phải là W2 = WA (nhân A ở bên phải, mỗi hàng là một từ).",
                    "en": "The new word vectors must be W2 = WA (A on the right: rows are words)."}
        if np.allclose(W2 @ C2.T, W @ C.T):
            return None
        inv = np.linalg.inv(A)
        if np.allclose(C2, C @ A) or np.allclose(C2, C @ A.T):
            return {"vi": "Với C2 = CA (hay CAᵀ), logit bị nhân thêm AAᵀ (hay A²): cần nghịch đảo của A.",
                    "en": "With C2 = CA (or CAᵀ) the logits pick up an extra AAᵀ (or A²): you need the inverse of A."}
        if np.allclose(C2, C @ inv):
            return {"vi": "Gần đúng rồi: W2 C2ᵀ = WA(CA⁻¹)ᵀ = WAA⁻ᵀCᵀ — cần chuyển vị: C2 = CA⁻ᵀ.",
                    "en": "Almost: W2 C2ᵀ = WA(CA⁻¹)ᵀ = WAA⁻ᵀCᵀ — transpose it: C2 = CA⁻ᵀ."}
        return {"vi": "Cần (WA)(C2)ᵀ = WCᵀ, tức là C2ᵀ = A⁻¹Cᵀ.", "en": "You need (WA)(C2)ᵀ = WCᵀ, i.e. C2ᵀ = A⁻¹Cᵀ."}

    return _report("2.3", lang, verify, answer)


def ch02_neighbour_changing_map(answer, W, *, lang="en", k=10, max_overlap=0.9):
    """Exercise 2.4 — ``answer``: an invertible d×d A with mean k-NN overlap of W and WA below ``max_overlap``."""
    from .measures import knn_overlap

    W = np.asarray(W, dtype=float)
    d = W.shape[1]

    def verify(ans):
        A = _as_float_array(ans, (d, d))
        if A is None:
            return {"vi": f"Cần một ma trận {d}×{d}.", "en": f"Expected a {d}×{d} matrix."}
        if not np.all(np.isfinite(A)) or np.linalg.cond(A) > 1e10:
            return {"vi": "Ma trận này không khả nghịch (hoặc gần như suy biến): khi đó không có CA⁻ᵀ.",
                    "en": "This matrix is not invertible (or nearly singular): then CA⁻ᵀ does not exist."}
        overlap = float(knn_overlap(W, W @ A, k).mean())
        if overlap < max_overlap:
            return None
        G = A @ A.T
        if np.allclose(G, G[0, 0] * np.eye(d), rtol=1e-6, atol=1e-9 * abs(G[0, 0])):
            return {"vi": "A là phép quay (có thể nhân hệ số): mọi cosine đều giữ nguyên. Hãy kéo giãn các hướng khác nhau theo những hệ số khác nhau.",
                    "en": "A is an orthogonal map (possibly scaled): every cosine is kept. Stretch different directions by different factors."}
        return {"vi": f"A còn giữ lại {overlap:.0%} láng giềng: hãy kéo giãn mạnh hơn (số điều kiện lớn hơn).",
                "en": f"A still keeps {overlap:.0%} of the neighbours: stretch more (a larger condition number)."}

    return _report("2.4", lang, verify, answer)


# ------------------------------------------------------------------ chapter 03

def ch03_relative_frobenius(answer, A, B, *, lang="en"):
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

    return _report("3.1", lang, verify, answer)


def ch03_chance_relative(answer, *, lang="en"):
    """Exercise 3.2 — ``answer(r)``: ‖A − B‖_F / ‖B‖_F when ⟨A, B⟩ = 0 and ‖A‖_F = r‖B‖_F, i.e. √(1 + r²)."""
    ratios = np.array([0.25, 0.5, 1.0, 2.0, 5.0])

    def verify(fn):
        got = np.array([float(_call(fn, float(r))) for r in ratios])
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

    return _report("3.2", lang, verify, answer)


def _ch03_peak_bytes(fn, *args):
    """Peak memory (bytes, as seen by ``tracemalloc``, which tracks NumPy arrays) of ``fn(*args)``."""
    import tracemalloc

    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        result = _call(fn, *args)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
    return result, peak


def ch03_pip_loss(answer, *, lang="en"):
    """Exercise 3.3 — ``answer(A, B)``: the PIP loss ‖AAᵀ − BBᵀ‖_F computed without a V×V matrix."""
    from .alignment import random_orthogonal

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
            got, want, tol = float(_call(fn, A.copy(), B.copy())), direct(A, B), rounding(A, B)
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

    return _report("3.3", lang, verify, answer)


def ch03_scale_exponents(answer, *, lang="en"):
    """Exercise 3.4 — ``answer``: dict of exponents k with measure(sA, sB) = s^k · measure(A, B)."""
    from .measures import frobenius_distance, pip_loss

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

    return _report("3.4", lang, verify, answer)


# ------------------------------------------------------------------ chapter 04

def _ch04_pair(seed, V, d, *, noise=0.3, reflect=False):
    """Synthetic (A, B): B = A R + noise with R a random orthogonal matrix (det R = −1 if ``reflect``)."""
    from .alignment import random_orthogonal

    rng = np.random.default_rng(seed)
    A = rng.normal(size=(V, d))
    R = random_orthogonal(d, seed=seed + 1)
    if (np.linalg.det(R) < 0) != reflect:
        R[:, 0] = -R[:, 0]
    return A, A @ R + noise * rng.normal(size=(V, d))


def ch04_best_rotation(answer, *, lang="en"):
    """Exercise 4.1 — ``answer(A, B)``: the proper rotation R (RᵀR = I, det R = +1) minimising ‖AR − B‖_F."""
    cases = [_ch04_pair(10, 60, 4, reflect=True), _ch04_pair(11, 50, 3, reflect=False), _ch04_pair(12, 40, 5, reflect=True)]

    def reference(A, B):
        U, s, Vt = np.linalg.svd(A.T @ B)
        signs = np.ones(len(s))
        signs[-1] = np.sign(np.linalg.det(U @ Vt))
        return (U * signs) @ Vt

    def verify(fn):
        for A, B in cases:
            d = A.shape[1]
            R = _as_float_array(_call(fn, A.copy(), B.copy()), (d, d))
            if R is None:
                return {"vi": f"Cần một ma trận {d}×{d}.", "en": f"Expected a {d}×{d} matrix."}
            if not np.allclose(R.T @ R, np.eye(d), atol=1e-8):
                return {"vi": "Ma trận của bạn không trực giao (RᵀR ≠ I): hãy dựng nó từ U và Vᵀ của SVD.",
                        "en": "Your matrix is not orthogonal (RᵀR ≠ I): build it from U and Vᵀ of the SVD."}
            if np.linalg.det(R) < 0:
                return {"vi": "det R = −1: đó là nghiệm Procrustes thông thường, có chứa một phép phản xạ. "
                              "Hãy đổi dấu hướng ứng với giá trị kỳ dị nhỏ nhất.",
                        "en": "det R = −1: that is the ordinary Procrustes solution, which contains a reflection. "
                              "Flip the sign of the direction of the smallest singular value."}
            best = reference(A, B)
            if np.allclose(R, best, atol=1e-8):
                continue
            if np.allclose(R, best.T, atol=1e-8):
                return {"vi": "Bạn đã căn B lên A (ma trận chuyển vị). Hãy dùng SVD của AᵀB và trả về U·diag(…)·Vᵀ.",
                        "en": "You aligned B onto A (the transpose). Use the SVD of AᵀB and return U·diag(…)·Vᵀ."}
            return {"vi": "Đây là một phép quay nhưng chưa tối ưu: chỉ đổi dấu hướng ứng với σ nhỏ nhất (cột cuối của U).",
                    "en": "This is a rotation but not the best one: flip only the direction of the smallest σ (the last column of U)."}
        return None

    return _report("4.1", lang, verify, answer)


def ch04_residual_from_svd(answer, *, lang="en"):
    """Exercise 4.2 — ``answer(A, B)``: min over orthogonal Q of ‖AQ − B‖_F, from the singular values of AᵀB."""
    cases = [_ch04_pair(20, 50, 4), _ch04_pair(21, 80, 6, noise=1.0), _ch04_pair(22, 30, 3, noise=0.1)]

    def verify(fn):
        from scipy.linalg import orthogonal_procrustes

        for A, B in cases:
            got = float(_call(fn, A.copy(), B.copy()))
            Q, _ = orthogonal_procrustes(A, B)
            want = float(np.linalg.norm(A @ Q - B))
            if np.isclose(got, want, rtol=1e-6):
                continue
            if np.isclose(got, want ** 2, rtol=1e-6):
                return {"vi": "Đó là bình phương của phần dư; hãy lấy căn bậc hai.",
                        "en": "That is the squared residual; take the square root."}
            if np.isclose(got, want / np.linalg.norm(B), rtol=1e-6):
                return {"vi": "Đó là phần dư tương đối; ở đây cần phần dư tuyệt đối ‖AQ* − B‖_F.",
                        "en": "That is the relative residual; here we want the absolute ‖AQ* − B‖_F."}
            return {"vi": "‖AQ* − B‖²_F = ‖A‖²_F + ‖B‖²_F − 2·(tổng các giá trị kỳ dị của AᵀB), không bình phương các σ.",
                    "en": "‖AQ* − B‖²_F = ‖A‖²_F + ‖B‖²_F − 2·(sum of the singular values of AᵀB), the σ not squared."}
        return None

    return _report("4.2", lang, verify, answer)


def ch04_shuffled_residual(answer, *, lang="en"):
    """Exercise 4.3 — ``answer(A, B, perm)``: relative Procrustes residual of A aligned to B with rows permuted by ``perm``."""
    from .alignment import procrustes

    A, B = _ch04_pair(30, 120, 5, noise=0.2)
    perm = np.random.default_rng(31).permutation(len(A))

    def verify(fn):
        got = float(_call(fn, A.copy(), B.copy(), perm.copy()))
        shuffled = procrustes(A, B[perm])
        inverse = procrustes(A, B[np.argsort(perm)])  # = aligning A[perm] to B
        if any(np.isclose(got, r.relative_residual, rtol=1e-6) for r in (shuffled, inverse)):
            return None
        if any(np.isclose(got, r.residual, rtol=1e-6) for r in (shuffled, inverse)):
            return {"vi": "Đó là phần dư tuyệt đối; hãy chia cho ‖B‖_F.",
                    "en": "That is the absolute residual; divide by ‖B‖_F."}
        if np.isclose(got, procrustes(A, B).relative_residual, rtol=1e-6):
            return {"vi": "Đó là phần dư khi chưa xáo trộn: chỉ xáo trộn các hàng của B (không xáo trộn cả A lẫn B).",
                    "en": "That is the residual without shuffling: reorder the rows of B only (not both A and B)."}
        return {"vi": "Hãy căn A lên B[perm] bằng Procrustes rồi trả về ‖AQ − B[perm]‖_F / ‖B[perm]‖_F.",
                "en": "Align A to B[perm] with Procrustes, then return ‖AQ − B[perm]‖_F / ‖B[perm]‖_F."}

    return _report("4.3", lang, verify, answer)


def ch04_heldout_residual(answer, *, lang="en"):
    """Exercise 4.4 — ``answer(A, B, fit_rows, test_rows)``: Q fitted on ``fit_rows``, relative residual on ``test_rows``."""
    from scipy.linalg import orthogonal_procrustes

    A, B = _ch04_pair(40, 100, 8, noise=1.0)
    rows = np.random.default_rng(41).permutation(len(A))
    fit, test = rows[:20], rows[20:]

    def rel(Q, r):
        return float(np.linalg.norm(A[r] @ Q - B[r]) / np.linalg.norm(B[r]))

    def verify(fn):
        got = float(_call(fn, A.copy(), B.copy(), fit.copy(), test.copy()))
        Q_fit, _ = orthogonal_procrustes(A[fit], B[fit])
        if np.isclose(got, rel(Q_fit, test), rtol=1e-6):
            return None
        if np.isclose(got, rel(Q_fit, fit), rtol=1e-6):
            return {"vi": "Đó là phần dư trên chính các từ dùng để khớp; hãy tính trên test_rows.",
                    "en": "That is the residual on the fitting words themselves; score on test_rows."}
        Q_all, _ = orthogonal_procrustes(A, B)
        Q_test, _ = orthogonal_procrustes(A[test], B[test])
        if np.isclose(got, rel(Q_all, test), rtol=1e-6) or np.isclose(got, rel(Q_test, test), rtol=1e-6):
            return {"vi": "Q phải được khớp chỉ trên fit_rows; các từ kiểm tra không được tham gia vào việc khớp.",
                    "en": "Q must be fitted on fit_rows only; the held-out words must not take part in the fit."}
        if np.isclose(got, rel(Q_fit, test) * np.linalg.norm(B[test]), rtol=1e-6):
            return {"vi": "Đó là phần dư tuyệt đối; hãy chia cho ‖B[test_rows]‖_F.",
                    "en": "That is the absolute residual; divide by ‖B[test_rows]‖_F."}
        return {"vi": "Khớp Q trên A[fit_rows], B[fit_rows], rồi trả về ‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F.",
                "en": "Fit Q on A[fit_rows], B[fit_rows], then return ‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F."}

    return _report("4.4", lang, verify, answer)


# ------------------------------------------------------------------ chapter 05

def ch05_knn_overlap_word(answer, neighbors_a, neighbors_b, *, lang="en"):
    """Exercise 5.1 — ``answer``: the share of the k neighbours of one word that two lists agree on."""
    a, b = list(neighbors_a), list(neighbors_b)
    if not a or len(a) != len(b):
        raise ValueError("neighbors_a and neighbors_b must be two non-empty lists of the same length k")
    k = len(a)
    shared = len(set(a) & set(b))

    def verify(ans):
        if isinstance(ans, (bool, np.bool_)) or not isinstance(ans, (int, float, np.integer, np.floating)):
            return {"vi": "Cần một con số trong [0, 1].", "en": "Expected a number in [0, 1]."}
        ans = float(ans)
        if np.isclose(ans, shared / k, atol=1e-9):
            return None
        if shared and np.isclose(ans, shared):
            return {"vi": f"Đó là số láng giềng chung; hãy chia cho k = {k} để được một tỉ lệ.",
                    "en": f"That is the number of shared neighbours; divide by k = {k} to get a share."}
        if np.isclose(ans, shared / len(set(a) | set(b))):
            return {"vi": "Đó là chỉ số Jaccard (chia cho hợp của hai danh sách); ở đây ta chia cho k.",
                    "en": "That is the Jaccard index (divided by the union of the lists); here we divide by k."}
        return {"vi": "overlap(w) = |NN(1) ∩ NN(2)| / k: đếm các từ có mặt trong cả hai danh sách, rồi chia cho k.",
                "en": "overlap(w) = |NN(1) ∩ NN(2)| / k: count the words found in both lists, then divide by k."}

    return _report("5.1", lang, verify, answer)


def ch05_knn_chance(answer, *, lang="en"):
    """Exercise 5.2 — ``answer(k, V)``: the expected k-NN overlap of a random list, k / (V − 1)."""
    cases = ((10, 9002), (5, 11), (1, 2), (3, 101), (20, 41))

    def verify(fn):
        got = np.array([float(_call(fn, k, V)) for k, V in cases])
        k, V = np.array(cases, dtype=float).T
        if np.allclose(got, k / (V - 1), rtol=1e-9):
            return None
        if np.allclose(got, k / V, rtol=1e-9):
            return {"vi": "Gần đúng rồi, nhưng một từ không là láng giềng của chính nó: chỉ có V − 1 ứng viên.",
                    "en": "Close, but a word is not its own neighbour: there are only V − 1 candidates."}
        if np.allclose(got, k * k / (V - 1), rtol=1e-9):
            return {"vi": "Đó là số láng giềng chung kỳ vọng; độ trùng lặp là số đó chia cho k.",
                    "en": "That is the expected number of shared neighbours; the overlap is that number divided by k."}
        return {"vi": "Mỗi láng giềng trong k láng giềng của danh sách thứ nhất nằm trong danh sách ngẫu nhiên với xác suất k/(V − 1).",
                "en": "Each of the first list's k neighbours is in the random list with probability k/(V − 1)."}

    return _report("5.2", lang, verify, answer)


def ch05_aligned_mean_cosine(answer, A, B, *, lang="en"):
    """Exercise 5.3 — ``answer``: mean sim(w) after centring both runs and aligning A onto B (Procrustes)."""
    from .alignment import procrustes
    from .measures import mean_cosine

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    Bc = B - B.mean(axis=0)
    want = mean_cosine(procrustes(A, B, center=True).aligned, Bc)
    uncentred = mean_cosine(procrustes(A, B).aligned, B)
    raw = mean_cosine(A, B)
    wrong_target = mean_cosine(procrustes(A, B, center=True).aligned, B)

    def verify(ans):
        if isinstance(ans, (bool, np.bool_)) or np.ndim(ans) != 0:
            return {"vi": "Cần một con số: trung bình của sim(w) trên toàn bộ từ vựng.",
                    "en": "Expected one number: the mean of sim(w) over the vocabulary."}
        ans = float(ans)
        if abs(ans - want) < 0.005:
            return None
        if abs(ans - uncentred) < 0.005:
            return {"vi": "Đó là giá trị khi chưa căn giữa: hướng chung của mỗi lần chạy thổi phồng nó. Hãy trừ vector trung bình của mỗi lần chạy trước.",
                    "en": "That is the uncentred value, inflated by each run's common direction. Remove each run's mean vector first."}
        if abs(ans - raw) < 0.005:
            return {"vi": "Đó là cosine trung bình khi chưa căn chỉnh: hãy xoay A về B bằng es.procrustes trước.",
                    "en": "That is the unaligned mean cosine: rotate A onto B with es.procrustes first."}
        if abs(ans - wrong_target) < 0.005:
            return {"vi": "Sau khi căn giữa, hãy so với B đã căn giữa chứ không phải B gốc.",
                    "en": "After centring, compare with the centred B, not the original B."}
        return {"vi": "Căn giữa A và B, căn chỉnh A về B bằng es.procrustes, rồi lấy trung bình cosine theo từng hàng.",
                "en": "Centre A and B, align A onto B with es.procrustes, then average the row-wise cosines."}

    return _report("5.3", lang, verify, answer)


def ch05_linear_cka(answer, *, lang="en"):
    """Exercise 5.4 — ``answer(A, B)``: linear CKA of two matrices (compared with ``linear_cka``)."""
    from .measures import linear_cka

    rng = np.random.default_rng(5)
    cases = []
    for n, d in ((40, 3), (60, 5), (30, 8)):
        A = rng.normal(size=(n, d)) + rng.normal(scale=3.0, size=d)  # column offsets: centring matters
        B = A @ rng.normal(size=(d, d)) + rng.normal(size=(n, d)) + rng.normal(scale=3.0, size=d)
        cases.append((A, B))

    def uncentred(A, B):
        return np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

    def unsquared(A, B):
        A, B = A - A.mean(axis=0), B - B.mean(axis=0)
        return np.linalg.norm(A.T @ B) / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))

    def verify(fn):
        got = np.array([float(_call(fn, A.copy(), B.copy())) for A, B in cases])
        if np.allclose(got, [linear_cka(A, B) for A, B in cases], rtol=1e-6, atol=1e-9):
            return None
        if np.allclose(got, [uncentred(A, B) for A, B in cases], rtol=1e-6):
            return {"vi": "Bạn quên căn giữa: trừ trung bình của từng cột của A và B trước.",
                    "en": "You forgot to centre: subtract the mean of every column of A and of B first."}
        if np.allclose(got, [unsquared(A, B) for A, B in cases], rtol=1e-6):
            return {"vi": "Tử số phải được bình phương: ‖AᵀB‖²_F.",
                    "en": "The numerator is squared: ‖AᵀB‖²_F."}
        return {"vi": "CKA = ‖AᵀB‖²_F / (‖AᵀA‖_F ‖BᵀB‖_F) sau khi căn giữa các cột; np.linalg.norm của ma trận là chuẩn Frobenius.",
                "en": "CKA = ‖AᵀB‖²_F / (‖AᵀA‖_F ‖BᵀB‖_F) after centring the columns; np.linalg.norm of a matrix is the Frobenius norm."}

    return _report("5.4", lang, verify, answer)
