"""Exercise 9.2: the rotary position embedding (``ch09_rope``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, float_array, hint, report
from ._shared import _shape_of


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
                (dict(sign=-1.0), "Góc quay bị ngược dấu: cặp (x₂ᵢ, x₂ᵢ₊₁) phải quay một góc +tω_i (ngược chiều kim đồng hồ).",
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
                "Ở hàng t, mỗi cặp tọa độ (2i, 2i + 1) được quay trong mặt phẳng của nó một góc t·ω_i, với "
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
                "vi": f"Điểm chú ý của cùng một cặp q, k cách nhau 3 vị trí không phụ thuộc vào vị trí tuyệt đối: "
                f"{scores[0]:.6f} (t = 3) và {scores[1]:.6f} (t = 10). RoPE không cộng gì vào embedding.",
                "en": f"The score of the same q, k three positions apart does not depend on where they are: "
                f"{scores[0]:.6f} (t = 3) and {scores[1]:.6f} (t = 10). RoPE adds nothing to the embeddings.",
            }
        )

    return report("9.2", lang, verify, answer, strict=strict)
