"""Exercise 6.3: a map that keeps the negative-sampling loss but changes the nearest neighbours
(``ch06_neighbour_changing_symmetry``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, float_array, hint, is_stub, report


def ch06_neighbour_changing_symmetry(answer, W, C, pairs, negatives, *, top=500, lang="en", strict=None):
    """Exercise 6.3 — ``answer = (W2, C2)``: new word and context matrices with W2 = W A for an invertible d×d A,
    the same negative-sampling loss as (W, C) on ``pairs``/``negatives`` (``es.sgns_loss``), and clearly different
    10 nearest neighbours for the ``top`` first words (10-NN overlap of W and W2 below 0.9)."""
    from ...compare import knn_overlap
    from ...models.skipgram import sgns_loss

    W, C = np.asarray(W, dtype=float), np.asarray(C, dtype=float)
    L = sgns_loss(W, C, pairs, negatives)

    def verify(ans):
        if not isinstance(ans, tuple) or len(ans) != 2:
            return hint("Cần một cặp (W2, C2).", "Expected a pair (W2, C2).")
        if any(is_stub(x) for x in ans):
            raise NotDone
        W2, C2 = float_array(ans[0], W.shape), float_array(ans[1], C.shape)
        if W2 is None or C2 is None:
            return hint(
                f"W2 và C2 phải có cùng kích thước với W {W.shape} và C {C.shape}.",
                f"W2 and C2 must have the shapes of W {W.shape} and C {C.shape}.",
            )
        if not (np.all(np.isfinite(W2)) and np.all(np.isfinite(C2))):
            return hint(
                "W2 hoặc C2 chứa NaN/vô cực: A có khả nghịch không?", "W2 or C2 contains NaN/inf: is A invertible?"
            )
        A, *_ = np.linalg.lstsq(W, W2, rcond=None)
        if np.linalg.norm(W @ A - W2) > 1e-6 * np.linalg.norm(W2):
            return hint("W2 phải có dạng W @ A với một ma trận A cỡ d×d.", "W2 must be W @ A for a d×d matrix A.")
        if np.linalg.cond(A) > 1e10:
            return hint(
                "A gần như suy biến: hãy chọn một ma trận khả nghịch rõ ràng.",
                "A is (nearly) singular: choose a clearly invertible matrix.",
            )
        L2 = sgns_loss(W2, C2, pairs, negatives)
        if abs(L2 - L) > 1e-8 * L:
            if np.allclose(C2, C):
                return hint(
                    "Chỉ đổi W thì logit W Cᵀ đổi theo: C cũng phải được biến đổi.",
                    "Changing W alone changes the logits W Cᵀ: C must be transformed too.",
                )
            if np.allclose(C2, C @ A):
                return hint(
                    "Áp dụng cùng A cho C không giữ được logit: (WA)(CA)ᵀ = W A Aᵀ Cᵀ.",
                    "Applying the same A to C does not keep the logits: (WA)(CA)ᵀ = W A Aᵀ Cᵀ.",
                    then={
                        "vi": "Cần C2 sao cho W2 C2ᵀ = W Cᵀ, tức C2 = C A⁻ᵀ (np.linalg.inv(A).T).",
                        "en": "You need C2 with W2 C2ᵀ = W Cᵀ, i.e. C2 = C A⁻ᵀ (np.linalg.inv(A).T).",
                    },
                )
            return hint(
                f"Hàm mất mát đổi từ {L:.6f} thành {L2:.6f}: logit W2 C2ᵀ phải bằng W Cᵀ.",
                f"The loss changes from {L:.6f} to {L2:.6f}: the logits W2 C2ᵀ must equal W Cᵀ.",
            )
        overlap = float(knn_overlap(W[:top], W2[:top]).mean())
        if overlap >= 0.9:
            return hint(
                f"Hàm mất mát được giữ nguyên, nhưng độ trùng lặp 10-NN là {overlap:.2f}: A của bạn gần "
                "như trực giao (hoặc tỉ lệ với một ma trận trực giao), nên giữ gần như nguyên vẹn mọi cosine.",
                f"The loss is kept, but the 10-NN overlap is {overlap:.2f}: your A is (nearly) orthogonal "
                "(or a multiple of one), so it keeps almost every cosine.",
                then={
                    "vi": "Kéo giãn các hướng khác nhau theo những hệ số rất khác nhau, ví dụ "
                    "A = np.diag(np.geomspace(1, 10, d)).",
                    "en": "Stretch different directions by very different factors, e.g. "
                    "A = np.diag(np.geomspace(1, 10, d)).",
                },
            )
        return Correct(
            {
                "vi": f"Hàm mất mát lệch {abs(L2 - L) / L:.1e} (tương đối) — không đổi — trong khi tỉ lệ láng giềng "
                f"được giữ lại chỉ còn {overlap:.2f} (số điều kiện của A: {np.linalg.cond(A):.1f}).",
                "en": f"The loss moves by {abs(L2 - L) / L:.1e} (relative) — unchanged — while only {overlap:.2f} of "
                f"the neighbours are kept (condition number of A: {np.linalg.cond(A):.1f}).",
            }
        )

    return report("6.3", lang, verify, answer, strict=strict)
