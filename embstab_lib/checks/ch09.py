"""Checks of the exercises of chapter 09 (embeddings in a Transformer).  None of them needs JAX."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, float_array, hint, is_stub, number, prediction_line, report

__all__ = ["ch09_positions", "ch09_rope", "ch09_head_symmetry", "ch09_predict_frequency"]

OPTIONS_9_4 = ("a", "b", "c")
#: Exercise 9.4: the 200 most frequent and the 200 least frequent of the words compared, 10 neighbours.
BAND_9_4, K_9_4 = 200, 10


def _shape_of(x):
    try:
        return np.shape(x)
    except Exception:
        return type(x).__name__


def _letter(x, options):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in options else None


# ------------------------------------------------------------------------------------------ 9.1


def _positions(T, d, *, swap=False, exponent=2.0):
    i = np.arange(d // 2)
    angles = np.arange(T)[:, None] / 10_000.0 ** (exponent * i / d)[None, :]
    P = np.empty((T, d))
    P[:, 0::2], P[:, 1::2] = (np.cos(angles), np.sin(angles)) if swap else (np.sin(angles), np.cos(angles))
    return P


def ch09_positions(answer, *, lang="en", strict=None):
    """Exercise 9.1 — ``answer(T, d)``: the sinusoidal positional encodings of the chapter, a (T, d) array
    (row t = position t, d even).  The check tries several sizes."""
    sizes = ((5, 4), (50, 16), (7, 64))

    def verify(fn):
        for T, d in sizes:
            got = call(fn, T, d)
            P = float_array(got, (T, d))
            if P is None:
                if float_array(got, (d, T)) is not None and T != d:
                    return hint(
                        f"Kết quả có dạng ({d}, {T}): mỗi **hàng** phải là một vị trí, tức dạng (T, d).",
                        f"Your result has shape ({d}, {T}): each **row** must be one position, shape (T, d).",
                    )
                return hint(
                    f"Với T = {T}, d = {d} cần một mảng dạng ({T}, {d}); bạn trả về {_shape_of(got)}.",
                    f"For T = {T}, d = {d} expected an array of shape ({T}, {d}); got {_shape_of(got)}.",
                )
            if np.allclose(P, _positions(T, d), atol=1e-5):
                continue
            if np.allclose(P, _positions(T, d, swap=True), atol=1e-5):
                return hint(
                    "sin và cos bị đổi chỗ: các cột chẵn 0, 2, 4, … là sin, các cột lẻ là cos.",
                    "sin and cos are swapped: the even columns 0, 2, 4, … hold the sine, the odd ones the cosine.",
                )
            if np.allclose(P, _positions(T, d, exponent=1.0), atol=1e-5):
                return hint(
                    "Tần số của cặp i là 1/10000^(2i/d), không phải 1/10000^(i/d).",
                    "The frequency of pair i is 1/10000^(2i/d), not 1/10000^(i/d).",
                )
            return hint(
                "Mỗi cặp cột (2i, 2i + 1) là sin và cos của cùng một góc t·ω_i, với ω_i giảm dần theo i.",
                "Each pair of columns (2i, 2i + 1) holds the sine and the cosine of one angle t·ω_i, ω_i decreasing in i.",
                then={
                    "vi": "P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(t / 10000^(2i/d)); "
                    "dùng np.arange(T)[:, None] và np.arange(0, d, 2)[None, :].",
                    "en": "P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(t / 10000^(2i/d)); "
                    "use np.arange(T)[:, None] and np.arange(0, d, 2)[None, :].",
                },
            )
        return Correct(
            {
                "vi": "Mỗi hàng có chuẩn √(d/2), và dịch đi k vị trí là một phép quay cố định trong từng cặp cột.",
                "en": "Every row has norm √(d/2), and a shift by k positions is one fixed rotation in each pair.",
            }
        )

    return report("9.1", lang, verify, answer, strict=strict)


# ------------------------------------------------------------------------------------------ 9.2


def _rope(X, *, sign=1.0, halves=False, exponent=2.0, start=0):
    T, d = X.shape
    theta = (np.arange(T) + start)[:, None] * 10_000.0 ** (-exponent * np.arange(d // 2) / d)[None, :]
    c, s = np.cos(theta), sign * np.sin(theta)
    a, b = (X[:, : d // 2], X[:, d // 2 :]) if halves else (X[:, 0::2], X[:, 1::2])
    Y = np.empty_like(X, dtype=float)
    ya, yb = a * c - b * s, a * s + b * c
    if halves:
        Y[:, : d // 2], Y[:, d // 2 :] = ya, yb
    else:
        Y[:, 0::2], Y[:, 1::2] = ya, yb
    return Y


def ch09_rope(answer, *, lang="en", strict=None):
    """Exercise 9.2 — ``answer(X)``: the rotary position embedding of the chapter applied to X of shape (T, d),
    d even (row t = position t); returns an array of the same shape.  The check tries several sizes."""
    rng = np.random.default_rng(92)
    cases = [rng.normal(size=(T, d)) for T, d in ((6, 4), (20, 16), (9, 64))]

    def verify(fn):
        for X in cases:
            got = call(fn, X.copy())
            Y = float_array(got, X.shape)
            if Y is None:
                return hint(
                    f"Cần một mảng cùng dạng với X {X.shape}; bạn trả về {_shape_of(got)}.",
                    f"Expected an array of the shape of X, {X.shape}; got {_shape_of(got)}.",
                )
            if np.allclose(Y, _rope(X), atol=1e-6):
                continue
            wrong = [
                (dict(sign=-1.0), "Góc quay bị ngược dấu: cặp (x₂ᵢ, x₂ᵢ₊₁) quay một góc +tω_i (ngược chiều kim đồng hồ).",
                 "The angle has the wrong sign: the pair (x₂ᵢ, x₂ᵢ₊₁) turns by +tω_i (counter-clockwise)."),
                (dict(halves=True), "Bạn ghép cặp tọa độ i với i + d/2; ở đây mỗi cặp là hai tọa độ liền nhau (2i, 2i + 1).",
                 "You pair coordinate i with i + d/2; here each pair is two neighbouring coordinates (2i, 2i + 1)."),
                (dict(exponent=1.0), "Tần số của cặp i là 10000^(−2i/d), không phải 10000^(−i/d).",
                 "The frequency of pair i is 10000^(−2i/d), not 10000^(−i/d)."),
                (dict(start=1), "Vị trí bắt đầu từ t = 0: hàng đầu tiên không bị quay.",
                 "Positions start at t = 0: the first row is not rotated."),
            ]  # fmt: skip
            for kw, vi, en in wrong:
                if np.allclose(Y, _rope(X, **kw), atol=1e-6):
                    return hint(vi, en)
            return hint(
                "Mỗi hàng t: mỗi cặp tọa độ (2i, 2i + 1) được quay trong mặt phẳng của nó một góc t·ω_i, với "
                "ω_i như trong mã hóa vị trí hình sin.",
                "Each row t: every pair of coordinates (2i, 2i + 1) is rotated in its plane by the angle t·ω_i, "
                "with ω_i as in the sinusoidal encodings.",
                then={
                    "vi": "θ = t·10000^(−2i/d); y₂ᵢ = x₂ᵢ cos θ − x₂ᵢ₊₁ sin θ, y₂ᵢ₊₁ = x₂ᵢ sin θ + x₂ᵢ₊₁ cos θ.",
                    "en": "θ = t·10000^(−2i/d); y₂ᵢ = x₂ᵢ cos θ − x₂ᵢ₊₁ sin θ, y₂ᵢ₊₁ = x₂ᵢ sin θ + x₂ᵢ₊₁ cos θ.",
                },
            )
        q, k = rng.normal(size=(1, 8)), rng.normal(size=(1, 8))
        scores = [float(_rope(np.repeat(q, t + 1, 0))[t] @ _rope(np.repeat(k, t - 3 + 1, 0))[t - 3]) for t in (3, 10)]
        return Correct(
            {
                "vi": f"Điểm của cùng q, k cách nhau 3 vị trí không phụ thuộc vị trí tuyệt đối: {scores[0]:.6f} "
                f"(t = 3) và {scores[1]:.6f} (t = 10). RoPE không cộng gì vào embedding.",
                "en": f"The score of the same q, k three positions apart does not depend on where they are: "
                f"{scores[0]:.6f} (t = 3) and {scores[1]:.6f} (t = 10). RoPE adds nothing to the embeddings.",
            }
        )

    return report("9.2", lang, verify, answer, strict=strict)


# ------------------------------------------------------------------------------------------ 9.3


def ch09_head_symmetry(answer, Wq, Wk, A, *, lang="en", strict=None):
    """Exercise 9.3 — ``answer``: the (d, k) key matrix W′_k of one attention head whose query matrix W_q (d, k) has
    been replaced by W_q A (A invertible, (k, k)), such that every attention score is unchanged for every input."""
    Wq, Wk, A = (np.asarray(a, dtype=np.float64) for a in (Wq, Wk, A))
    if Wq.ndim != 2 or Wk.shape != Wq.shape or A.shape != (Wq.shape[1], Wq.shape[1]):
        raise ValueError("exercise 9.3 needs Wq and Wk of the same shape (d, k) and A of shape (k, k)")
    if np.linalg.cond(A) > 1e8:
        raise ValueError("exercise 9.3 needs an invertible A")
    X = np.random.default_rng(93).normal(size=(40, Wq.shape[0]))
    want = (X @ Wq) @ (X @ Wk).T

    def gap(W):
        return np.linalg.norm((X @ Wq @ A) @ (X @ W).T - want) / np.linalg.norm(want)

    def verify(ans):
        W = float_array(ans, Wk.shape)
        if W is None:
            return hint(
                f"Cần một ma trận dạng {Wk.shape}, như W_k; bạn đưa {_shape_of(ans)}.",
                f"Expected a matrix of shape {Wk.shape}, like W_k; got {_shape_of(ans)}.",
            )
        err = gap(W)
        if err < 1e-6:
            return Correct(
                {
                    "vi": f"Các điểm chú ý trùng nhau đến sai số {err:.0e}: trong một đầu chú ý, điểm chỉ phụ thuộc vào "
                    "tích W_q W_kᵀ, nên mỗi đầu có một phép đối xứng cho mọi ma trận khả nghịch A (với các giá trị "
                    "cũng vậy: W_v B và B⁻¹ W_o), như (WA, CA⁻ᵀ) của skip-gram ở chương 06. Phép đối xứng này nằm "
                    "trọn trong đầu chú ý: E không hề dịch chuyển, nên không phép đo nào của chương này thấy nó.",
                    "en": f"The attention scores agree to {err:.0e}: inside a head the scores depend on the product "
                    "W_q W_kᵀ only, so every head has a symmetry for every invertible A (the values too: W_v B and "
                    "B⁻¹ W_o), like skip-gram's (WA, CA⁻ᵀ) in chapter 06. It stays inside the head: E does not move, "
                    "so no measurement of this chapter sees it.",
                }
            )
        if np.allclose(W, Wk, atol=1e-9):
            return hint(
                "Với W_k giữ nguyên, các điểm trở thành X W_q A W_kᵀ Xᵀ: phía key phải hoàn tác A.",
                "With W_k unchanged the scores become X W_q A W_kᵀ Xᵀ: the key side must undo A.",
            )
        if gap(Wk @ A) < 1e-9 or np.allclose(W, Wk @ A, atol=1e-9):
            return hint(
                "(W_q A)(W_k A)ᵀ = W_q A Aᵀ W_kᵀ: điều này chỉ giữ nguyên các điểm khi A Aᵀ = I, tức A trực giao — "
                "ma trận A ở đây không trực giao.",
                "(W_q A)(W_k A)ᵀ = W_q A Aᵀ W_kᵀ: that keeps the scores only when A Aᵀ = I, i.e. A orthogonal — "
                "this A is not.",
            )
        if np.allclose(W, Wk @ np.linalg.inv(A), atol=1e-9):
            return hint(
                "Gần đúng rồi, nhưng các điểm dùng W_kᵀ: hãy viết (X W′_k)ᵀ ra và xem ma trận nào đứng cạnh A.",
                "Close, but the scores use W_kᵀ: write out (X W′_k)ᵀ and look at which matrix ends up next to A.",
            )
        return hint(
            "Các điểm là (X W_q)(X W_k)ᵀ = X W_q W_kᵀ Xᵀ: chỉ tích W_q W_kᵀ có vai trò. Tìm W′_k sao cho "
            "(W_q A) W′_kᵀ = W_q W_kᵀ.",
            "The scores are (X W_q)(X W_k)ᵀ = X W_q W_kᵀ Xᵀ: only the product W_q W_kᵀ matters. Find W′_k with "
            "(W_q A) W′_kᵀ = W_q W_kᵀ.",
            then={
                "vi": "A W′_kᵀ = W_kᵀ, nên W′_k = W_k A⁻ᵀ: `Wk @ np.linalg.inv(A).T`.",
                "en": "A W′_kᵀ = W_kᵀ, so W′_k = W_k A⁻ᵀ: `Wk @ np.linalg.inv(A).T`.",
            },
        )

    return report("9.3", lang, verify, answer, strict=strict)


# ------------------------------------------------------------------------------------------ 9.4


def frequency_overlaps(matrices, *, band=BAND_9_4, k=K_9_4, centre=True):
    """Per pair of runs (i, j), i < j: the mean k-NN overlap of the ``band`` first rows (the most frequent words)
    and of the ``band`` last rows, neighbours searched among all rows, each run centred first (as
    ``es.similarity_measures`` does) unless ``centre`` is False.

    Returns
    -------
    (ndarray, ndarray, list of tuple)
        The overlaps of the first rows and of the last rows, one value per pair, and the pairs.
    """
    from ..compare import knn_overlap
    from ..stats import seed_pairs

    mats = [m - m.mean(axis=0) if centre else m for m in matrices]
    pairs = seed_pairs(range(len(mats)))
    first, last = [], []
    for i, j in pairs:
        per_word = knn_overlap(mats[i], mats[j], k)
        first.append(per_word[:band].mean())
        last.append(per_word[-band:].mean())
    return np.array(first), np.array(last), pairs


def ch09_predict_frequency(prediction, measured, interpretation, matrices, *, lang="en", strict=None):
    """Exercise 9.4 (predict – run – interpret) — ``prediction``: written before running, the mean 10-NN overlap
    of the 200 most frequent words between two runs of the Transformer; ``measured``: that value, averaged over
    every pair of the runs in ``matrices`` (each (V, d), rows = the same words, most frequent first; each run
    centred as in section 5; neighbours searched among all V words); ``interpretation``: the letter of the option
    that the seed-level interval of the difference with the 200 least frequent words supports."""
    from ..stats import pairwise_ci

    mats = [np.asarray(m, dtype=np.float64) for m in matrices]
    if len(mats) < 3 or any(m.shape != mats[0].shape for m in mats) or mats[0].shape[0] < 2 * BAND_9_4:
        raise ValueError(
            f"exercise 9.4 needs at least three runs (a seed-level interval) of the same shape with ≥ {2 * BAND_9_4} "
            "words"
        )

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một số từ 0 đến 1) trước khi chạy — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (a number from 0 to 1) before running — it is the point of the exercise.",
            )
        value = number(meas)
        if value is None:
            return hint("`measured` phải là một con số.", "`measured` must be one number.")
        first, last, pairs = frequency_overlaps(mats)
        frequent, rare = float(first.mean()), float(last.mean())
        if not np.isclose(value, frequent, atol=1e-6):
            raw_first, raw_last, _ = frequency_overlaps(mats, centre=False)
            if np.isclose(value, rare, atol=1e-6) or np.isclose(value, raw_last.mean(), atol=1e-6):
                return hint(
                    "Đó là 200 từ *ít* gặp nhất; các hàng được xếp từ thường gặp nhất.",
                    "That is the 200 *least* frequent words; the rows go from the most frequent down.",
                )
            if np.isclose(value, raw_first.mean(), atol=1e-6):
                return hint(
                    "Gần đúng: hãy trung tâm hóa từng lần huấn luyện trước (trừ vector trung bình của nó), như mục 5.",
                    "Almost: centre each run first (subtract its mean vector), as section 5 does.",
                )
            return hint(
                f"Giá trị này không khớp với giá trị hàm kiểm tra tự tính ({frequent:.3f}). Với mỗi cặp lần huấn "
                f"luyện (i, j), i < j: es.knn_overlap(A_i, A_j, {K_9_4}) cho từng từ, trên các ma trận đã trung tâm "
                f"hóa, lấy trung bình {BAND_9_4} giá trị đầu; rồi lấy trung bình trên các cặp.",
                f"This does not match the check's own value ({frequent:.3f}). For every pair of runs (i, j), i < j: "
                f"es.knn_overlap(A_i, A_j, {K_9_4}) per word, on centred matrices, the mean of the first "
                f"{BAND_9_4}; then the mean over the pairs.",
            )
        letter = _letter(interp, OPTIONS_9_4)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        diff = pairwise_ci(first - last, pairs)
        right = "a" if diff.low > 0 else ("c" if diff.high < 0 else "b")
        if letter != right:
            return hint(
                f"Với mỗi cặp lần huấn luyện, lấy hiệu giữa giá trị của bạn và cùng phép đo trên {BAND_9_4} từ ít gặp "
                "nhất (các hàng cuối), rồi xem khoảng tin cậy theo seed của hiệu đó (es.pairwise_ci) nằm ở đâu so với 0.",
                f"For every pair of runs, take the difference between your value and the same measurement on the "
                f"{BAND_9_4} least frequent words (the last rows), then see where the seed-level interval of that "
                "difference (es.pairwise_ci) lies relative to 0.",
            )
        chance = K_9_4 / (mats[0].shape[0] - 1)
        return Correct(
            {
                "vi": prediction_line(number(pred), frequent, "vi") + f" 200 từ ít gặp nhất: {rare:.3f}; hiệu "
                f"{diff} (khoảng tin cậy 95% theo seed, {len(pairs)} cặp lần huấn luyện). Mức cơ sở ngẫu nhiên: "
                f"{chance:.3f}.",
                "en": prediction_line(number(pred), frequent, "en") + f" The 200 least frequent words: {rare:.3f}; "
                f"difference {diff} (95 % seed-level interval, {len(pairs)} pairs of runs). Chance level: "
                f"{chance:.3f}.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("9.4", lang, verify, answer, strict=strict)
