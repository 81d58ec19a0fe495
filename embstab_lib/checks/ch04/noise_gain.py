"""Exercise 4.5 (predict – run – interpret): the held-out gain of the linear map over the orthogonal one when the noise
doubles (``ch04_noise_gain``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report


def _letter(x):
    if isinstance(x, str) and x.strip().lower().strip("()") in ("a", "b", "c"):
        return x.strip().lower().strip("()")
    return None


def _planted_gain(T, noise, seed):
    """Held-out relative residual of the orthogonal map minus that of the linear map, on A = T + noise and
    B = T + other noise (both centred, unit rows; B needs no rotation: both maps are equivariant to one)."""
    from ...compare import heldout_fit

    def unit_centred(X):
        X = X - X.mean(axis=0)
        return X / np.linalg.norm(X, axis=1, keepdims=True)

    rng = np.random.default_rng(seed)
    A = unit_centred(T + noise * rng.normal(size=T.shape))
    B = unit_centred(T + noise * rng.normal(size=T.shape))
    o, lin = (heldout_fit(A, B, method=m) for m in ("orthogonal", "linear"))
    return (
        o.heldout_relative_residual - lin.heldout_relative_residual,
        o.fit_relative_residual - lin.fit_relative_residual,
    )


def ch04_noise_gain(prediction, measured, interpretation, *, signal, noise, lang="en", strict=None):
    """Exercise 4.5 (predict – run – interpret) — ``prediction`` (written before running) and ``measured``: the
    held-out relative residual of the orthogonal map minus that of the linear map, on a planted pair built from
    ``signal`` with noise ``noise`` (half of the words to fit, the other half held out); ``interpretation``: the
    letter of the option that the measurement supports."""
    T = np.asarray(signal, dtype=float)

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        gain, fit_gain = _planted_gain(T, float(noise), seed=1001)
        gain_half, _ = _planted_gain(T, float(noise) / 2, seed=1002)
        right = "a" if gain > gain_half + 0.01 else "b" if gain < gain_half - 0.01 else "c"
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số) trước khi chạy — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (one number) before running — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: r của ánh xạ trực giao trừ r của ánh xạ tuyến tính, trên tập giữ lại.",
                "`measured` must be one number: r of the orthogonal map minus r of the linear map, held out.",
            )
        if abs(m - gain) > 0.005:
            if abs(m + gain) <= 0.005:
                return hint(
                    "Sai dấu: lấy phần dư của ánh xạ trực giao trừ phần dư của ánh xạ tuyến tính.",
                    "Wrong sign: take the orthogonal map's residual minus the linear map's.",
                )
            if abs(m - gain_half) <= 0.005:
                return hint(
                    f"Đó là mức lợi với độ nhiễu cũ (τ = {noise / 2:.4f}); cặp cài sẵn phải dùng độ nhiễu {noise:.4f}.",
                    f"That is the gain at the old noise level (τ = {noise / 2:.4f}); the planted pair must "
                    f"use noise {noise:.4f}.",
                )
            if abs(m - fit_gain) <= 0.005:
                return hint(
                    "Đó là chênh lệch trên các từ dùng để khớp; hãy dùng phần dư trên tập giữ lại.",
                    "That is the difference on the fitting words; use the held-out residuals.",
                )
            return hint(
                "Dựng một cặp cài sẵn từ `signal` với độ nhiễu `noise` (như planted_pair), rồi đo bằng "
                'es.heldout_fit với method="orthogonal" và method="linear".',
                "Build a planted pair from `signal` with noise `noise` (as planted_pair does), then measure "
                'with es.heldout_fit, method="orthogonal" and method="linear".',
                then={
                    "vi": 'measured = heldout_fit(Pa, Pb, method="orthogonal").heldout_relative_residual '
                    '− heldout_fit(Pa, Pb, method="linear").heldout_relative_residual.',
                    "en": 'measured = heldout_fit(Pa, Pb, method="orthogonal").heldout_relative_residual '
                    '− heldout_fit(Pa, Pb, method="linear").heldout_relative_residual.',
                },
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Với độ nhiễu {noise / 2:.4f}, mức lợi là {gain_half:.3f}; với {noise:.4f}, bạn đo được "
                f"{m:.3f}. Cặp này là một phép quay chính xác cộng nhiễu: phương án nào giải thích được sự thay "
                "đổi đó?",
                f"At noise {noise / 2:.4f} the gain is {gain_half:.3f}; at {noise:.4f} you measured {m:.3f}. "
                "The pair is an exact rotation plus noise: which option explains that change?",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), m, "vi") + " "
                f"Mức lợi tăng từ {gain_half:.3f} lên {gain:.3f} khi nhiễu tăng gấp đôi, dù hai ma trận "
                "chỉ khác nhau một phép quay: nhiễu càng lớn thì hệ số co rút λ_k/(λ_k + τ²) của mỗi "
                "hướng càng nhỏ hơn 1, nên ánh xạ tuyến tính (co rút được) càng thắng ánh xạ trực giao "
                "(không co rút được).",
                "en": prediction_line(number(pred), m, "en") + " "
                f"The gain grows from {gain_half:.3f} to {gain:.3f} when the noise doubles, although the "
                "two matrices differ only by a rotation: the more noise, the further each direction's "
                "shrinkage factor λ_k/(λ_k + τ²) falls below 1, so the linear map (which can shrink) "
                "beats the orthogonal one (which cannot) by more.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("4.5", lang, verify, answer, strict=strict)
