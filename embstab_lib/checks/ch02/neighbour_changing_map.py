"""Exercise 2.4: an invertible map that changes the nearest neighbours (``ch02_neighbour_changing_map``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, float_array, hint, report
from ._shared import _shape_hint, _shape_of


def ch02_neighbour_changing_map(answer, W, *, lang="en", k=10, max_overlap=0.9, strict=None):
    """Exercise 2.4 — ``answer``: an invertible d×d matrix A such that the mean k-NN overlap (cosine) of the rows of
    W and of WA is below ``max_overlap``."""
    from ...compare import knn_overlap

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
