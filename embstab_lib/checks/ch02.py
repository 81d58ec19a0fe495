"""Checks of the exercises of chapter 02 (rotational invariance)."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, float_array, hint, is_stub, number, prediction_line, report

__all__ = [
    "ch02_reflection",
    "ch02_distances",
    "ch02_recover_map",
    "ch02_neighbour_changing_map",
    "ch02_predict_reflections",
]


def _shape_hint(want, got):
    return hint(
        f"Cần một ma trận {want[0]}×{want[1]}; bạn trả về {got}.", f"Expected a {want[0]}×{want[1]} matrix; got {got}."
    )


def _shape_of(x):
    try:
        return np.shape(x)
    except Exception:
        return type(x).__name__


def ch02_reflection(answer, *, lang="en", strict=None):
    """Exercise 2.1 — ``answer(u)``: the d×d matrix of the mirror that sends u to −u and keeps every vector
    orthogonal to u in place (u is any non-zero vector, not necessarily of length 1)."""
    from scipy.linalg import null_space

    def verify(fn):
        rng = np.random.default_rng(21)
        for d in (2, 3, 7):
            u = 3.0 * rng.normal(size=d)  # deliberately not of unit length
            raw = call(fn, u.copy())
            H = float_array(raw, (d, d))
            if H is None:
                return _shape_hint((d, d), _shape_of(raw))
            perp = null_space(u[None, :])  # a basis of the hyperplane orthogonal to u
            if np.allclose(H @ u, -u) and np.allclose(H @ perp, perp):
                continue
            unit = u / np.linalg.norm(u)
            if np.allclose(H, np.eye(d) - np.outer(unit, unit)):
                return hint(
                    "I − uuᵀ/(uᵀu) là phép chiếu lên siêu phẳng vuông góc với u: nó biến u thành 0 chứ không "
                    "phải −u. Phép phản xạ phải bớt đi thành phần theo u hai lần.",
                    "I − uuᵀ/(uᵀu) projects onto the hyperplane orthogonal to u: it sends u to 0, not to −u. "
                    "The mirror must remove the part along u twice.",
                )
            if np.allclose(H, np.eye(d) - 2 * np.outer(u, u)):
                return hint(
                    "I − 2uuᵀ chỉ đúng khi ‖u‖ = 1, mà ở đây u có độ dài tùy ý: hãy chia cho uᵀu.",
                    "I − 2uuᵀ is right only when ‖u‖ = 1, and here u has any length: normalise by uᵀu.",
                )
            if np.allclose(H, -np.eye(d)):
                return hint(
                    "−I biến mọi vector thành vector đối của nó, kể cả các vector vuông góc với u; "
                    "phép phản xạ cần tìm phải giữ nguyên chúng.",
                    "−I sends every vector to its opposite, including those orthogonal to u; "
                    "the mirror must keep them in place.",
                )
            return hint(
                "Phép phản xạ giữ nguyên mọi vector nằm trong siêu phẳng vuông góc với u và đổi dấu u. "
                "Hãy thử ma trận của bạn trên u và trên một vector vuông góc với u.",
                "The mirror keeps every vector of the hyperplane orthogonal to u and flips u. "
                "Try your matrix on u and on a vector orthogonal to u.",
                then={
                    "vi": "Tách x thành hai phần: phần theo u, (uᵀx / uᵀu) u, và phần còn lại; phép phản xạ đổi "
                    "dấu phần thứ nhất: H = I − 2uuᵀ/(uᵀu).",
                    "en": "Split x into its part along u, (uᵀx / uᵀu) u, plus the rest; the mirror flips the "
                    "first part: H = I − 2uuᵀ/(uᵀu).",
                },
            )
        err, det = float(np.linalg.norm(H.T @ H - np.eye(len(H)))), float(np.linalg.det(H))
        return Correct(
            {
                "vi": f"Với ma trận của bạn (d = {len(H)}): ‖HᵀH − I‖_F = {err:.1e} (trực giao) và "
                f"det H = {det:+.3f}: một ánh xạ trực giao nhưng không phải phép quay.",
                "en": f"Your matrix (d = {len(H)}): ‖HᵀH − I‖_F = {err:.1e} (orthogonal) and "
                f"det H = {det:+.3f}: an orthogonal map that is not a rotation.",
            }
        )

    return report("2.1", lang, verify, answer, strict=strict)


def _near_duplicates():
    """40 rows in 6 dimensions: one exact duplicate and 20 rows that differ from another row by about 1e-9."""
    rng = np.random.default_rng(22)
    E = 5.0 * rng.normal(size=(40, 6))
    E[39] = E[38]
    for a in range(20):
        E[a + 18] = E[a] + 1e-9 * rng.normal(size=6)
    return E


def ch02_distances(answer, *, lang="en", strict=None):
    """Exercise 2.2 — ``answer(G)``: given only the Gram matrix G = EEᵀ (n×n) of some matrix E, the n×n matrix of
    Euclidean distances between the rows of E.  The check uses a small E (40 rows), some of whose rows are nearly
    identical."""
    from scipy.spatial.distance import cdist

    def verify(fn):
        E = _near_duplicates()
        G = E @ E.T
        want = cdist(E, E)
        raw = call(fn, G.copy())
        got = float_array(raw, want.shape)
        if got is None:
            return hint(
                f"Cần ma trận {want.shape[0]}×{want.shape[1]} (một hàng và một cột cho mỗi hàng của E); "
                f"bạn trả về {_shape_of(raw)}.",
                f"Expected a {want.shape[0]}×{want.shape[1]} matrix (a row and a column per row of E); "
                f"got {_shape_of(raw)}.",
            )
        if np.isnan(got).any():
            where = np.argwhere(np.isnan(got))[0]
            return hint(
                f"Có giá trị NaN, chẳng hạn ở ô {tuple(int(k) for k in where)}: hai hàng này gần như trùng nhau, "
                "nên G_ii + G_jj − 2G_ij đúng ra xấp xỉ 0 nhưng sai số làm tròn có thể biến nó thành một số âm "
                "rất nhỏ (cỡ −1e-13), và căn bậc hai của số âm là NaN. Hãy cắt về 0 (np.clip) trước khi lấy căn.",
                f"There are NaNs, e.g. at entry {tuple(int(k) for k in where)}: those two rows are nearly "
                "identical, so G_ii + G_jj − 2G_ij should be about 0, but rounding can make it a tiny negative "
                "number (about −1e-13), whose square root is NaN. Clip it at 0 (np.clip) before the root.",
            )
        if np.allclose(got, want, atol=1e-6):
            gap = float(np.abs(got - want).max())
            return Correct(
                {
                    "vi": f"Sai khác lớn nhất so với khoảng cách tính trực tiếp từ E: {gap:.1e}, ở các hàng gần "
                    "trùng nhau — đó là sai số làm tròn của phép trừ, cỡ √(ε·‖G‖).",
                    "en": f"Largest gap to the distances computed directly from E: {gap:.1e}, at the nearly "
                    "identical rows — the rounding of the subtraction, about √(ε·‖G‖).",
                }
            )
        if np.allclose(got, want**2, atol=1e-6):
            return hint(
                "Đó là bình phương khoảng cách: hãy lấy căn bậc hai.",
                "Those are squared distances: take the square root.",
            )
        if np.allclose(got, G):
            return hint(
                "Đó vẫn là ma trận Gram G; cần biến các tích vô hướng thành khoảng cách.",
                "That is the Gram matrix G itself; turn the dot products into distances.",
            )
        return hint(
            "‖a − b‖² = a·a + b·b − 2a·b, và cả ba số hạng đều là phần tử của G.",
            "‖a − b‖² = a·a + b·b − 2a·b, and all three terms are entries of G.",
            then={
                "vi": "Khoảng cách giữa hàng i và hàng j là √(G_ii + G_jj − 2G_ij): G_ii nằm trên đường chéo "
                "(np.diag(G)), và cần cắt về 0 trước khi lấy căn.",
                "en": "The distance between rows i and j is √(G_ii + G_jj − 2G_ij): G_ii is on the diagonal "
                "(np.diag(G)), clipped at 0 before the root.",
            },
        )

    return report("2.2", lang, verify, answer, strict=strict)


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


def ch02_neighbour_changing_map(answer, W, *, lang="en", k=10, max_overlap=0.9, strict=None):
    """Exercise 2.4 — ``answer``: an invertible d×d matrix A such that the mean k-NN overlap (cosine) of the rows of
    W and of WA is below ``max_overlap``."""
    from ..compare import knn_overlap

    W = np.asarray(W, dtype=float)
    d = W.shape[1]

    def verify(ans):
        A = float_array(ans, (d, d))
        if A is None:
            return _shape_hint((d, d), _shape_of(ans))
        if not np.all(np.isfinite(A)) or np.linalg.cond(A) > 1e10:
            return hint(
                "Ma trận này không khả nghịch (hoặc gần như suy biến): khi đó không có CA⁻ᵀ.",
                "This matrix is not invertible (or nearly singular): then CA⁻ᵀ does not exist.",
            )
        overlap = float(knn_overlap(W, W @ A, k).mean())
        if overlap < max_overlap:
            return Correct(
                {
                    "vi": f"Với A của bạn (số điều kiện {np.linalg.cond(A):.3g}), độ trùng lặp láng giềng "
                    f"chỉ còn {overlap:.3f} (ngưỡng: dưới {max_overlap}), trong khi với CA⁻ᵀ hàm mất mát "
                    "không đổi chút nào.",
                    "en": f"Your A (condition number {np.linalg.cond(A):.3g}) keeps only {overlap:.3f} of "
                    f"the nearest neighbours (threshold: below {max_overlap}), while with CA⁻ᵀ the "
                    "loss does not change at all.",
                }
            )
        G = A @ A.T
        if np.allclose(G, G[0, 0] * np.eye(d), rtol=1e-6, atol=1e-9 * abs(G[0, 0])):
            return hint(
                "A là một ánh xạ trực giao (có thể nhân thêm một hệ số tỉ lệ): mọi cosine đều giữ nguyên, nên "
                "mọi láng giềng cũng vậy. Hãy kéo giãn các hướng khác nhau theo những hệ số khác nhau.",
                "A is an orthogonal map (possibly times a scale factor): every cosine is kept, and so is "
                "every neighbour. Stretch different directions by different factors.",
            )
        return hint(
            f"Độ trùng lặp láng giềng vẫn còn {overlap:.3f} (cần dưới {max_overlap}): hãy kéo giãn mạnh hơn.",
            f"A still keeps {overlap:.3f} of the neighbours (below {max_overlap} is needed): stretch more.",
            then={
                "vi": f"Độ trùng lặp láng giềng vẫn còn {overlap:.3f}: hãy kéo giãn mạnh hơn, ví dụ bằng một ma "
                "trận đường chéo có các phần tử trải từ 1 đến 10 (số điều kiện càng lớn, láng giềng "
                "càng thay đổi nhiều).",
                "en": f"A still keeps {overlap:.3f} of the neighbours: stretch more, for instance with a "
                "diagonal matrix whose entries spread from 1 to 10 (the larger the condition number, "
                "the more the neighbours change).",
            },
        )

    return report("2.4", lang, verify, answer, strict=strict)


OPTIONS_2_5 = ("a", "b", "c")


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in OPTIONS_2_5 else None


def _reflection_shares(runs):
    """Share of pairs whose best orthogonal map has det −1, and the largest cost of forcing det +1 instead."""
    from ..stats import seed_pairs

    dets, costs = [], []
    for a, b in seed_pairs(range(len(runs))):
        A, B = runs[a], runs[b]
        U, S, Vt = np.linalg.svd(A.T @ B)
        det = np.sign(np.linalg.det(U) * np.linalg.det(Vt))
        dets.append(det)
        # ‖AQ − B‖² = ‖A‖² + ‖B‖² − 2 Σσ; the best map with the other determinant flips the smallest σ
        base = np.linalg.norm(A) ** 2 + np.linalg.norm(B) ** 2
        best, flipped = base - 2 * S.sum(), base - 2 * (S.sum() - 2 * S[-1])
        costs.append((np.sqrt(max(flipped, 0)) - np.sqrt(max(best, 0))) / np.linalg.norm(B))
    return float(np.mean(np.array(dets) < 0)), len(dets), float(max(costs))


def ch02_predict_reflections(prediction, measured, interpretation, runs, *, lang="en", strict=None):
    """Exercise 2.5 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the share
    of the pairs of ``runs`` whose best orthogonal map (Procrustes) has determinant −1; ``interpretation``: the letter
    of the option that the measurement supports."""
    runs = [np.asarray(E, dtype=float) for E in runs]
    share, n_pairs, cost = _reflection_shares(runs)
    right = "b" if share <= 0.2 else "c" if share >= 0.8 else "a"

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số từ 0 đến 1) trước khi đo — đó là phần quan trọng nhất "
                "của bài tập.",
                "Write your prediction (a number from 0 to 1) before measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: tỉ lệ các cặp có det Q* = −1.",
                "`measured` must be one number: the share of pairs with det Q* = −1.",
            )
        if np.isclose(m, share * n_pairs) and not np.isclose(m, share):
            return hint(
                f"Đó là số cặp; cần tỉ lệ: chia cho số cặp ({n_pairs}).",
                f"That is a count; a share is needed: divide by the number of pairs ({n_pairs}).",
            )
        if not np.isclose(m, share, atol=1e-9):
            if np.isclose(m, 1 - share):
                return hint(
                    "Bạn đã đếm các cặp có det = +1; cần đếm các cặp có det = −1.",
                    "You counted the pairs with det = +1; count those with det = −1.",
                )
            return hint(
                f"Cần đo trên cả {n_pairs} cặp lần huấn luyện: với mỗi cặp (a, b), lấy ma trận "
                "es.procrustes(Ws[a], Ws[b]).rotation và dấu của định thức của nó.",
                f"Measure on all {n_pairs} pairs of runs: for each pair (a, b), take "
                "es.procrustes(Ws[a], Ws[b]).rotation and the sign of its determinant.",
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Tỉ lệ bạn đo được là {share:.2f}: phương án nào mô tả đúng con số này?",
                f"The share you measured is {share:.2f}: which option describes that number?",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), share, "vi") + " "
                "Nếu ép ánh xạ của mọi cặp phải là phép quay (det = +1), khoảng cách tương đối sau căn "
                f"chỉnh ‖AQ − B‖_F / ‖B‖_F chỉ tăng tối đa {cost:.1e}: dấu của định thức do hướng mà hai lần "
                "huấn luyện có ít điểm chung nhất quyết định, nên nó không mang thông tin gì "
                "(xem chương 04).",
                "en": prediction_line(number(pred), share, "en") + " "
                "Forcing the map of every pair to be a rotation (det = +1) raises the relative distance "
                f"after alignment, ‖AQ − B‖_F / ‖B‖_F, by at most {cost:.1e}: the sign of the "
                "determinant is decided by the direction the two runs share least, so it carries no "
                "information (see chapter 04).",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("2.5", lang, verify, answer, strict=strict)
