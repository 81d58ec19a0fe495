"""Exercise 6.2: a rotation in a plane, and what it does to the skip-gram loss (``ch06_rotation_in_a_plane``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, float_array, hint, is_stub, number, report
from ._shared import _shape_of


def ch06_rotation_in_a_plane(answer, W, C, pairs, *, lang="en", strict=None):
    """Exercise 6.2 — ``answer = (R, both, one)``: R the d×d rotation by 30° in the plane of coordinates 0 and 1
    (identity on the other coordinates); ``both`` and ``one`` the relative changes |L′ − L| / L of the loss
    (``es.skipgram_loss``) when R acts on W and C, and on W only."""
    from ...models.skipgram import skipgram_loss

    W, C = np.asarray(W, dtype=float), np.asarray(C, dtype=float)
    d = W.shape[1]
    if d < 3:
        raise ValueError("exercise 6.2 needs d ≥ 3")
    L = skipgram_loss(W, C, pairs)
    c30, s30 = np.cos(np.pi / 6), np.sin(np.pi / 6)

    def verify(ans):
        if not isinstance(ans, tuple) or len(ans) != 3:
            return hint("Cần một bộ ba (R, both, one).", "Expected a triple (R, both, one).")
        R_raw, both_raw, one_raw = ans
        if any(is_stub(x) for x in ans):
            raise NotDone
        R = float_array(R_raw, (d, d))
        if R is None:
            return hint(
                f"R phải là ma trận {d}×{d}; bạn đưa vào {_shape_of(R_raw)}.",
                f"R must be a {d}×{d} matrix; got {_shape_of(R_raw)}.",
            )
        rest_ok = np.allclose(R[2:, 2:], np.eye(d - 2)) and np.allclose(R[:2, 2:], 0) and np.allclose(R[2:, :2], 0)
        if not rest_ok:
            return hint(
                "R chỉ được tác động lên tọa độ 0 và 1: phần còn lại phải là ma trận đơn vị.",
                "R may act on coordinates 0 and 1 only: the rest must be the identity.",
            )
        block = R[:2, :2]
        if np.isclose(block[0, 0], np.cos(30.0)) and np.isclose(abs(block[0, 1]), abs(np.sin(30.0))):
            return hint(
                "np.cos và np.sin nhận góc theo radian: 30° = π/6.", "np.cos and np.sin take radians: 30° = π/6."
            )
        rotations = (np.array([[c30, -s30], [s30, c30]]), np.array([[c30, s30], [-s30, c30]]))
        if not any(np.allclose(block, r, atol=1e-9) for r in rotations):
            return hint(
                "Khối 2×2 của R phải là [[cos θ, −sin θ], [sin θ, cos θ]] với θ = 30°; kiểm tra RᵀR = I và det R = +1.",
                "The 2×2 block of R must be [[cos θ, −sin θ], [sin θ, cos θ]] with θ = 30°; check "
                "RᵀR = I and det R = +1.",
            )
        both, one = number(both_raw), number(one_raw)
        if both is None or one is None:
            return hint("`both` và `one` phải là hai con số.", "`both` and `one` must be two numbers.")
        want_one = abs(skipgram_loss(W @ R, C, pairs) - L) / L
        want_both = abs(skipgram_loss(W @ R, C @ R, pairs) - L) / L
        if abs(both) > 1e-10:
            if np.isclose(abs(both), want_one, rtol=1e-6):
                return hint(
                    "Đó là thay đổi khi chỉ quay W. Với `both`, R tác động lên cả W lẫn C.",
                    "That is the change when only W is rotated. For `both`, R acts on W and on C.",
                )
            return hint(
                "Khi R tác động lên cả hai ma trận, mọi logit giữ nguyên: thay đổi phải ở mức sai số làm "
                "tròn (≈ 1e-16). Kiểm tra rằng bạn nhân cả W và C với cùng một R.",
                "When R acts on both matrices every logit is kept: the change must be at rounding level "
                "(≈ 1e-16). Check that you multiply W and C by the same R.",
            )
        if np.isclose(abs(one), want_one, rtol=1e-6):
            return Correct(
                {
                    "vi": f"Quay cả hai phía: thay đổi tương đối {want_both:.1e} (sai số làm tròn). Quay chỉ W, dù chỉ "
                    f"2 trong {d} tọa độ: {want_one:.2e} — các logit WRCᵀ ≠ WCᵀ.",
                    "en": f"Rotating both sides: relative change {want_both:.1e} (rounding). Rotating W only, even in "
                    f"2 of {d} coordinates: {want_one:.2e} — the logits WRCᵀ ≠ WCᵀ.",
                }
            )
        if np.isclose(abs(one), want_one * L, rtol=1e-6):
            return hint(
                "Đó là thay đổi tuyệt đối; cần thay đổi tương đối: chia cho L(W, C).",
                "That is the absolute change; the relative change divides it by L(W, C).",
            )
        only_c = abs(skipgram_loss(W, C @ R, pairs) - L) / L
        if np.isclose(abs(one), only_c, rtol=1e-6):
            return hint(
                "Bạn đã quay C; đề bài yêu cầu quay chỉ W (giữ nguyên C).",
                "You rotated C; the exercise rotates W only (C unchanged).",
            )
        return hint(
            "`one` = |L(W R, C) − L(W, C)| / L(W, C), tính bằng es.skipgram_loss.",
            "`one` = |L(W R, C) − L(W, C)| / L(W, C), computed with es.skipgram_loss.",
        )

    return report("6.2", lang, verify, answer, strict=strict)
