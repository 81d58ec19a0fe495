"""Checks of the exercises of chapter 09 (embeddings in a Transformer).  None of them needs JAX."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, float_array, hint, is_stub, number, prediction_line, report

__all__ = ["ch09_positions", "ch09_rope", "ch09_absorb_gain", "ch09_predict_frequency"]

OPTIONS_9_4 = ("a", "b", "c")
#: Exercise 9.4: the 200 most frequent and the 200 least frequent of the words compared, 10 neighbours.
BAND_9_4, K_9_4 = 200, 10
#: Exercise 9.4: frequent and rare words count as "about equally stable" when their overlaps differ by less.
MARGIN_9_4 = 0.05


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


def _rms(x):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + 1e-6)


def ch09_absorb_gain(answer, g, Wq, Q, *, lang="en", strict=None):
    """Exercise 9.3 — ``answer``: the (d, d) query matrix W′_q of the model whose residual stream is rotated by the
    orthogonal Q and which has no gain, such that rms_norm(x Q) W′_q = (rms_norm(x) ⊙ g) W_q for every x."""
    g, Wq, Q = (np.asarray(a, dtype=np.float64) for a in (g, Wq, Q))
    d = Q.shape[0]
    if g.shape != (d,) or Wq.shape[0] != d or Q.shape != (d, d):
        raise ValueError("exercise 9.3 needs g of shape (d,), Wq with d rows and Q of shape (d, d)")
    x = np.random.default_rng(93).normal(size=(50, d)) * (1 + np.arange(d) % 3)
    want = (_rms(x) * g) @ Wq

    def gap(W):
        return np.linalg.norm(_rms(x @ Q) @ W - want) / np.linalg.norm(want)

    def verify(ans):
        W = float_array(ans, Wq.shape)
        if W is None:
            return hint(
                f"Cần một ma trận dạng {Wq.shape}; bạn đưa {_shape_of(ans)}.",
                f"Expected a matrix of shape {Wq.shape}; got {_shape_of(ans)}.",
            )
        err = gap(W)
        if err < 1e-5:
            return Correct(
                {
                    "vi": f"Các truy vấn (query) trùng nhau đến sai số {err:.0e}: hệ số khuếch đại đã được chuyển vào "
                    "ma trận kế tiếp, và phép quay bị hấp thụ.",
                    "en": f"The queries agree to {err:.0e}: the gain has moved into the next matrix and the rotation "
                    "is absorbed.",
                }
            )
        if gap(Q.T @ Wq) < 1e-5 or np.allclose(W, Q.T @ Wq, atol=1e-6):
            return hint(
                "Phép quay đã được hấp thụ, nhưng hệ số khuếch đại g thì chưa: mô hình mới không có g.",
                "The rotation is absorbed but the gain g is not: the new model has no gain.",
            )
        if np.allclose(W, g[:, None] * (Q.T @ Wq), atol=1e-6):
            return hint(
                "Thứ tự sai: g tác động lên các tọa độ *trước* khi quay ngược lại, tức Qᵀ đứng ngoài cùng bên trái.",
                "Wrong order: g acts on the coordinates *before* the rotation is undone, so Qᵀ comes first (leftmost).",
            )
        return hint(
            "Viết rms_norm(xQ) = rms_norm(x) Q, rồi tìm W′ sao cho rms_norm(x) Q W′ = rms_norm(x) diag(g) W_q.",
            "Write rms_norm(xQ) = rms_norm(x) Q, then find W′ with rms_norm(x) Q W′ = rms_norm(x) diag(g) W_q.",
            then={
                "vi": "Q W′ = diag(g) W_q, nên W′ = Qᵀ diag(g) W_q: `Q.T @ (g[:, None] * Wq)`.",
                "en": "Q W′ = diag(g) W_q, so W′ = Qᵀ diag(g) W_q: `Q.T @ (g[:, None] * Wq)`.",
            },
        )

    return report("9.3", lang, verify, answer, strict=strict)


# ------------------------------------------------------------------------------------------ 9.4


def frequency_overlaps(matrices, *, band=BAND_9_4, k=K_9_4):
    """Mean k-NN overlap of the ``band`` first (most frequent) and ``band`` last rows, over all pairs of runs."""
    from ..compare import knn_overlap

    first, last = [], []
    for i in range(len(matrices)):
        for j in range(i + 1, len(matrices)):
            per_word = knn_overlap(matrices[i], matrices[j], k)
            first.append(per_word[:band].mean())
            last.append(per_word[-band:].mean())
    return float(np.mean(first)), float(np.mean(last))


def ch09_predict_frequency(prediction, measured, interpretation, matrices, *, lang="en", strict=None):
    """Exercise 9.4 (predict – run – interpret) — ``prediction``: written before running, the mean 10-NN overlap
    of the 200 most frequent words between two runs of the Transformer; ``measured``: that value, averaged over
    every pair of the runs in ``matrices`` (each (V, d), rows = the same words, most frequent first; neighbours
    searched among all V words); ``interpretation``: the letter of the option the measurement supports, once
    compared with the 200 least frequent words."""
    mats = [np.asarray(m, dtype=np.float64) for m in matrices]
    if len(mats) < 2 or any(m.shape != mats[0].shape for m in mats) or mats[0].shape[0] < 2 * BAND_9_4:
        raise ValueError(f"exercise 9.4 needs at least two runs of the same shape with ≥ {2 * BAND_9_4} words")

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
        frequent, rare = frequency_overlaps(mats)
        if not np.isclose(value, frequent, atol=1e-6):
            if np.isclose(value, rare, atol=1e-6):
                return hint(
                    "Đó là 200 từ *ít* gặp nhất; các hàng được xếp từ thường gặp nhất.",
                    "That is the 200 *least* frequent words; the rows go from the most frequent down.",
                )
            return hint(
                f"Giá trị này không khớp với giá trị hàm kiểm tra tự tính ({frequent:.3f}). Với mỗi cặp lần huấn "
                f"luyện (i, j), i < j: es.knn_overlap(A_i, A_j, {K_9_4}) cho từng từ, lấy trung bình {BAND_9_4} "
                "giá trị đầu; rồi lấy trung bình trên các cặp.",
                f"This does not match the check's own value ({frequent:.3f}). For every pair of runs (i, j), i < j: "
                f"es.knn_overlap(A_i, A_j, {K_9_4}) per word, the mean of the first {BAND_9_4}; then the mean over "
                "the pairs.",
            )
        letter = _letter(interp, OPTIONS_9_4)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        gap = frequent - rare
        right = "a" if gap > MARGIN_9_4 else ("c" if gap < -MARGIN_9_4 else "b")
        if letter != right:
            return hint(
                f"So giá trị của bạn với cùng phép đo trên {BAND_9_4} từ ít gặp nhất trong số các từ được so sánh "
                "(các hàng cuối).",
                f"Compare your value with the same measurement on the {BAND_9_4} least frequent of the words compared "
                "(the last rows).",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), frequent, "vi") + f" 200 từ ít gặp nhất: {rare:.3f} "
                f"(chênh {gap:+.3f}). Mức cơ sở ngẫu nhiên: {K_9_4 / (mats[0].shape[0] - 1):.3f}.",
                "en": prediction_line(number(pred), frequent, "en") + f" The 200 least frequent words: {rare:.3f} "
                f"(difference {gap:+.3f}). Chance level: {K_9_4 / (mats[0].shape[0] - 1):.3f}.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("9.4", lang, verify, answer, strict=strict)
