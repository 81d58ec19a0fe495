"""Exercise 9.1: the sinusoidal positional encodings (``ch09_positions``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, float_array, hint, report
from ._shared import _shape_of


def _positions(T, d, *, swap=False, exponent=2.0):
    i = np.arange(d // 2)
    angles = np.arange(T)[:, None] / 10_000.0 ** (exponent * i / d)[None, :]
    P = np.empty((T, d))
    P[:, 0::2], P[:, 1::2] = (np.cos(angles), np.sin(angles)) if swap else (np.sin(angles), np.cos(angles))
    return P


def ch09_positions(answer, *, lang="en", strict=None):
    """Exercise 9.1 — ``answer(T, d)``: the sinusoidal positional encodings of the chapter, a (T, d) array
    (row t = position t, d even).  The check tries several sizes."""
    sizes = ((5, 4), (50, 16), (7, 64))

    def verify(fn):
        for T, d in sizes:
            got = call(fn, T, d)
            P = float_array(got, (T, d))
            if P is None:
                if float_array(got, (d, T)) is not None and T != d:
                    return hint(
                        f"Kết quả của bạn có dạng ({d}, {T}): mỗi **hàng** phải là một vị trí, tức dạng (T, d).",
                        f"Your result has shape ({d}, {T}): each **row** must be one position, shape (T, d).",
                    )
                return hint(
                    f"Với T = {T}, d = {d} cần một mảng dạng ({T}, {d}); bạn trả về {_shape_of(got)}.",
                    f"For T = {T}, d = {d} expected an array of shape ({T}, {d}); got {_shape_of(got)}.",
                )
            if np.allclose(P, _positions(T, d), atol=1e-5):
                continue
            if np.allclose(P, _positions(T, d, swap=True), atol=1e-5):
                return hint(
                    "sin và cos bị đổi chỗ: các cột chẵn 0, 2, 4, … là sin, các cột lẻ là cos.",
                    "sin and cos are swapped: the even columns 0, 2, 4, … hold the sine, the odd ones the cosine.",
                )
            if np.allclose(P, _positions(T, d, exponent=1.0), atol=1e-5):
                return hint(
                    "Tần số của cặp i là 1/10000^(2i/d), không phải 1/10000^(i/d).",
                    "The frequency of pair i is 1/10000^(2i/d), not 1/10000^(i/d).",
                )
            return hint(
                "Mỗi cặp cột (2i, 2i + 1) là sin và cos của cùng một góc t·ω_i, với ω_i giảm dần theo i.",
                "Each pair of columns (2i, 2i + 1) holds the sine and the cosine of one angle t·ω_i, ω_i decreasing in i.",
                then={
                    "vi": "P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(t / 10000^(2i/d)); "
                    "dùng np.arange(T)[:, None] và np.arange(0, d, 2)[None, :].",
                    "en": "P[t, 2i] = sin(t / 10000^(2i/d)), P[t, 2i+1] = cos(t / 10000^(2i/d)); "
                    "use np.arange(T)[:, None] and np.arange(0, d, 2)[None, :].",
                },
            )
        return Correct(
            {
                "vi": "Mỗi hàng có chuẩn √(d/2), và dịch đi k vị trí là một phép quay cố định trên từng cặp cột.",
                "en": "Every row has norm √(d/2), and a shift by k positions is one fixed rotation in each pair.",
            }
        )

    return report("9.1", lang, verify, answer, strict=strict)
