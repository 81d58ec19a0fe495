"""Checks of the exercises of chapter 01."""
from __future__ import annotations

import numpy as np

from ._core import LANGS, Correct, Hint, call, float_array, hint, number, prediction_line, report

__all__ = ["ch01_cross_run_cosine", "ch01_predicted_spread", "ch01_init_std", "ch01_reproducible"]


def ch01_cross_run_cosine(answer, A, B, *, lang="en", strict=None):
    """Exercise 1.1 — ``answer``: the cosine of each row of A with the same row of B."""
    from ..compare import cosine_per_word

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)

    def verify(ans):
        arr = float_array(ans, (A.shape[0],))
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

    return report("1.1", lang, verify, answer, strict=strict)


def ch01_predicted_spread(answer, *, lang="en", strict=None):
    """Exercise 1.2 — ``answer(d)``: the standard deviation of the cosine of two independent random directions in ℝ^d."""
    dims = (4, 25, 100, 400)

    def verify(fn):
        got = np.array([float(call(fn, d)) for d in dims])
        want = 1 / np.sqrt(dims)
        if np.allclose(got, want, rtol=0.05):
            return None
        if np.allclose(got, 1 / np.asarray(dims, float), rtol=0.05):
            return {"vi": "Đó là phương sai 1/d; độ lệch chuẩn là căn bậc hai của nó.",
                    "en": "That is the variance 1/d; the standard deviation is its square root."}
        return {"vi": "Cosine của hai hướng ngẫu nhiên độc lập có kỳ vọng 0 và phương sai 1/d.",
                "en": "The cosine of two independent random directions has mean 0 and variance 1/d."}

    return report("1.2", lang, verify, answer, strict=strict)


def ch01_init_std(answer, *, lang="en", strict=None):
    """Exercise 1.3 — ``answer(d)``: the standard deviation of one coordinate of gensim's initial word vectors."""
    dims = (10, 50, 100, 300)

    def verify(fn):
        got = np.array([float(call(fn, d)) for d in dims])
        d = np.asarray(dims, float)
        if np.allclose(got, 1 / (d * np.sqrt(3)), rtol=0.02):
            return None
        if np.allclose(got, 1 / (d * np.sqrt(12)), rtol=0.02):
            return {"vi": "Khoảng [−1/d, 1/d) có độ rộng 2/d chứ không phải 1/d.",
                    "en": "The interval [−1/d, 1/d) has width 2/d, not 1/d."}
        return {"vi": "Phân phối đều trên [a, b) có độ lệch chuẩn (b − a)/√12.",
                "en": "A uniform distribution on [a, b) has standard deviation (b − a)/√12."}

    return report("1.3", lang, verify, answer, strict=strict)


def ch01_reproducible(answer, *, lang="en", strict=None):
    """Exercise 1.4 — ``answer``: keyword arguments for ``train_word2vec`` that make two runs bit-identical."""
    from ..corpora import load_corpus
    from ..models import train_word2vec

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

    return report("1.4", lang, verify, answer, strict=strict)
