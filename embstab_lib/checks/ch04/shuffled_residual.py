"""Exercise 4.3: the Procrustes residual once the rows no longer correspond (``ch04_shuffled_residual``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, report
from ._shared import _ch04_pair


def ch04_shuffled_residual(answer, *, lang="en", strict=None):
    """Exercise 4.3 — ``answer(A, B, perm)``: relative Procrustes residual of A aligned to B with rows permuted by
    ``perm``."""
    from ...compare import procrustes

    A, B = _ch04_pair(30, 120, 5, noise=0.2)
    perm = np.random.default_rng(31).permutation(len(A))

    def verify(fn):
        got = number(call(fn, A.copy(), B.copy(), perm.copy()))
        if got is None:
            return hint("Cần một số: phần dư tương đối.", "Expected one number: the relative residual.")
        shuffled = procrustes(A, B[perm])
        inverse = procrustes(A, B[np.argsort(perm)])  # = aligning A[perm] to B
        observed = procrustes(A, B).relative_residual
        if any(np.isclose(got, r.relative_residual, rtol=1e-6) for r in (shuffled, inverse)):
            return Correct(
                {
                    "vi": f"Khi không còn sự tương ứng giữa các từ, r = {got:.3f} (hai đám mây đẳng hướng không liên "
                    "quan, cùng chuẩn: thấp hơn √2 ≈ 1.414 một chút, vì Q được khớp trên chính các hàng "
                    f"đã xáo trộn), so với {observed:.3f} khi các hàng còn tương ứng với nhau.",
                    "en": f"With no word correspondence left, r = {got:.3f} (two unrelated isotropic clouds "
                    "of equal norm: a little below √2 ≈ 1.414, because Q is fitted to the shuffled rows "
                    f"themselves), against {observed:.3f} with the rows still matched.",
                }
            )
        if any(np.isclose(got, r.residual, rtol=1e-6) for r in (shuffled, inverse)):
            return {
                "vi": "Đó là phần dư tuyệt đối; hãy chia cho ‖B‖_F.",
                "en": "That is the absolute residual; divide by ‖B‖_F.",
            }
        if np.isclose(got, observed, rtol=1e-6):
            return {
                "vi": "Đó là phần dư khi chưa xáo trộn: chỉ xáo trộn các hàng của B (không xáo trộn cả A lẫn B).",
                "en": "That is the residual without shuffling: reorder the rows of B only (not both A and B).",
            }
        return hint(
            "Hãy căn chỉnh A theo B đã xáo trộn hàng rồi trả về phần dư tương đối.",
            "Align A to the row-shuffled B, then return the relative residual.",
            then={
                "vi": "Căn chỉnh A theo B[perm] bằng Procrustes rồi trả về ‖AQ − B[perm]‖_F / ‖B[perm]‖_F.",
                "en": "Align A to B[perm] with Procrustes, then return ‖AQ − B[perm]‖_F / ‖B[perm]‖_F.",
            },
        )

    return report("4.3", lang, verify, answer, strict=strict)
