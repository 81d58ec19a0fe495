"""Exercise 9.3: the symmetry inside one attention head, W_q A with W_k A⁻ᵀ (``ch09_head_symmetry``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, float_array, hint, report
from ._shared import _shape_of


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
                f"Cần một ma trận dạng {Wk.shape}, như W_k; bạn đưa ra {_shape_of(ans)}.",
                f"Expected a matrix of shape {Wk.shape}, like W_k; got {_shape_of(ans)}.",
            )
        err = gap(W)
        if err < 1e-6:
            return Correct(
                {
                    "vi": f"Các điểm chú ý trùng nhau đến sai số {err:.0e}: trong một đầu chú ý, các điểm chỉ phụ thuộc vào "
                    "tích W_q W_kᵀ, nên mỗi đầu có một phép đối xứng ứng với mọi ma trận khả nghịch A (phía value "
                    "cũng vậy: W_v B và B⁻¹ W_o), giống (WA, CA⁻ᵀ) của skip-gram ở chương 06. Phép đối xứng này nằm "
                    "trọn trong đầu chú ý: E không hề dịch chuyển, nên không phép đo nào của chương này nhận ra nó.",
                    "en": f"The attention scores agree to {err:.0e}: inside a head the scores depend on the product "
                    "W_q W_kᵀ only, so every head has a symmetry for every invertible A (the values too: W_v B and "
                    "B⁻¹ W_o), like skip-gram's (WA, CA⁻ᵀ) in chapter 06. It stays inside the head: E does not move, "
                    "so no measurement of this chapter sees it.",
                }
            )
        if np.allclose(W, Wk, atol=1e-9):
            return hint(
                "Nếu giữ nguyên W_k, các điểm chú ý trở thành X W_q A W_kᵀ Xᵀ: phía key phải triệt tiêu A.",
                "With W_k unchanged the scores become X W_q A W_kᵀ Xᵀ: the key side must undo A.",
            )
        if gap(Wk @ A) < 1e-9 or np.allclose(W, Wk @ A, atol=1e-9):
            return hint(
                "(W_q A)(W_k A)ᵀ = W_q A Aᵀ W_kᵀ: cách này chỉ giữ nguyên các điểm chú ý khi A Aᵀ = I, tức A trực giao — "
                "ma trận A ở đây không trực giao.",
                "(W_q A)(W_k A)ᵀ = W_q A Aᵀ W_kᵀ: that keeps the scores only when A Aᵀ = I, i.e. A orthogonal — "
                "this A is not.",
            )
        if np.allclose(W, Wk @ np.linalg.inv(A), atol=1e-9):
            return hint(
                "Gần đúng rồi, nhưng các điểm chú ý dùng W_kᵀ: hãy khai triển (X W′_k)ᵀ và xem ma trận nào đứng cạnh A.",
                "Close, but the scores use W_kᵀ: write out (X W′_k)ᵀ and look at which matrix ends up next to A.",
            )
        return hint(
            "Các điểm chú ý là (X W_q)(X W_k)ᵀ = X W_q W_kᵀ Xᵀ: chỉ tích W_q W_kᵀ là quan trọng. Tìm W′_k sao cho "
            "(W_q A) W′_kᵀ = W_q W_kᵀ.",
            "The scores are (X W_q)(X W_k)ᵀ = X W_q W_kᵀ Xᵀ: only the product W_q W_kᵀ matters. Find W′_k with "
            "(W_q A) W′_kᵀ = W_q W_kᵀ.",
            then={
                "vi": "A W′_kᵀ = W_kᵀ, nên W′_k = W_k A⁻ᵀ: `Wk @ np.linalg.inv(A).T`.",
                "en": "A W′_kᵀ = W_kᵀ, so W′_k = W_k A⁻ᵀ: `Wk @ np.linalg.inv(A).T`.",
            },
        )

    return report("9.3", lang, verify, answer, strict=strict)
