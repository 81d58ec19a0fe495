"""Checks of the exercises of chapter 05."""
from __future__ import annotations

import numpy as np

from ._core import LANGS, Correct, Hint, call, float_array, hint, number, prediction_line, report

__all__ = ["ch05_knn_overlap_word", "ch05_knn_chance", "ch05_aligned_mean_cosine", "ch05_linear_cka"]


def ch05_knn_overlap_word(answer, neighbors_a, neighbors_b, *, lang="en", strict=None):
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

    return report("5.1", lang, verify, answer, strict=strict)


def ch05_knn_chance(answer, *, lang="en", strict=None):
    """Exercise 5.2 — ``answer(k, V)``: the expected k-NN overlap of a random list, k / (V − 1)."""
    cases = ((10, 9002), (5, 11), (1, 2), (3, 101), (20, 41))

    def verify(fn):
        got = np.array([float(call(fn, k, V)) for k, V in cases])
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

    return report("5.2", lang, verify, answer, strict=strict)


def ch05_aligned_mean_cosine(answer, A, B, *, lang="en", strict=None):
    """Exercise 5.3 — ``answer``: mean sim(w) after centring both runs and aligning A onto B (Procrustes)."""
    from ..compare import procrustes
    from ..compare import mean_cosine

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

    return report("5.3", lang, verify, answer, strict=strict)


def ch05_linear_cka(answer, *, lang="en", strict=None):
    """Exercise 5.4 — ``answer(A, B)``: linear CKA of two matrices (compared with ``linear_cka``)."""
    from ..compare import linear_cka

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
        got = np.array([float(call(fn, A.copy(), B.copy())) for A, B in cases])
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

    return report("5.4", lang, verify, answer, strict=strict)
