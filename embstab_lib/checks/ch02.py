"""Checks of the exercises of chapter 02."""
from __future__ import annotations

import numpy as np

from ._core import LANGS, Correct, Hint, call, float_array, hint, number, prediction_line, report

__all__ = ["ch02_reflection", "ch02_distances", "ch02_reparametrize", "ch02_neighbour_changing_map"]


def ch02_reflection(answer, *, lang="en", strict=None):
    """Exercise 2.1 — ``answer(u)``: the d×d Householder reflection I − 2uuᵀ/(uᵀu) (sends u to −u, fixes u⊥)."""
    from scipy.linalg import null_space

    def verify(fn):
        rng = np.random.default_rng(21)
        for d in (2, 3, 7):
            u = 3.0 * rng.normal(size=d)  # deliberately not of unit length
            H = np.asarray(call(fn, u.copy()), dtype=float)
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

    return report("2.1", lang, verify, answer, strict=strict)


def ch02_distances(answer, *, lang="en", strict=None):
    """Exercise 2.2 — ``answer(E)``: the V×V matrix of Euclidean distances between the rows of E."""
    from scipy.spatial.distance import cdist

    def verify(fn):
        rng = np.random.default_rng(22)
        E = rng.normal(size=(30, 4))
        E[7] = E[3]  # two identical rows: their distance is exactly 0
        want = cdist(E, E)
        got = np.asarray(call(fn, E.copy()), dtype=float)
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

    return report("2.2", lang, verify, answer, strict=strict)


def ch02_reparametrize(answer, *, lang="en", strict=None):
    """Exercise 2.3 — ``answer(W, C, A)``: the pair (WA, CA⁻ᵀ), which has the same logits WCᵀ."""

    def verify(fn):
        rng = np.random.default_rng(23)
        W, C = rng.normal(size=(40, 5)), rng.normal(size=(35, 5))
        A = rng.normal(size=(5, 5)) + 2 * np.eye(5)  # invertible, neither orthogonal nor symmetric
        out = call(fn, W.copy(), C.copy(), A.copy())
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

    return report("2.3", lang, verify, answer, strict=strict)


def ch02_neighbour_changing_map(answer, W, *, lang="en", k=10, max_overlap=0.9, strict=None):
    """Exercise 2.4 — ``answer``: an invertible d×d A with mean k-NN overlap of W and WA below ``max_overlap``."""
    from ..compare import knn_overlap

    W = np.asarray(W, dtype=float)
    d = W.shape[1]

    def verify(ans):
        A = float_array(ans, (d, d))
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

    return report("2.4", lang, verify, answer, strict=strict)
