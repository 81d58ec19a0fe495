"""Exercise 2.1: the mirror that sends a vector u to −u (``ch02_reflection``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, float_array, hint, report
from ._shared import _shape_hint, _shape_of


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
