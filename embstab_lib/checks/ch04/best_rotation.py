"""Exercise 4.1: the proper rotation (det = +1) that best aligns A to B (``ch04_best_rotation``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, float_array, hint, report
from ._shared import _ch04_pair


def _best_rotation(A, B):
    U, sigma, Pt = np.linalg.svd(A.T @ B)
    signs = np.ones(len(sigma))
    signs[-1] = np.sign(np.linalg.det(U @ Pt))
    return (U * signs) @ Pt


def _rotation_note(R, A, B):
    """What forcing det = +1 costs on the pair (A, B), with the student's R."""
    sigma = np.linalg.svd(A.T @ B, compute_uv=False)
    plain = float(np.linalg.norm(A @ _plain(A, B) - B))
    forced = float(np.linalg.norm(A @ R - B))
    ratio = sigma[-1] / sigma[0]
    if np.linalg.det(_plain(A, B)) > 0:
        return {
            "vi": f"Với cặp lần huấn luyện này, Q* đã là một phép quay (det = +1) nên không phải ép gì; "
            f"σ_d/σ_1 = {ratio:.1e}.",
            "en": f"On this pair of runs Q* is already a rotation (det = +1): nothing to force; σ_d/σ_1 = {ratio:.1e}.",
        }
    return {
        "vi": f"Với cặp lần huấn luyện này, ép det = +1 làm phần dư tăng từ {plain:.4f} lên {forced:.4f} "
        f"(+{forced - plain:.1e}, tức tương đối {(forced - plain) / plain:.0e}). Hướng bị hy sinh là hướng "
        f"của giá trị kỳ dị nhỏ nhất, σ_d/σ_1 = {ratio:.1e}: hai lần huấn luyện gần như không có chung "
        "hướng đó, nên dấu của det gần như tùy ý.",
        "en": f"On this pair of runs, forcing det = +1 raises the residual from {plain:.4f} to {forced:.4f} "
        f"(+{forced - plain:.1e}, a relative {(forced - plain) / plain:.0e}). The direction given up is "
        f"that of the smallest singular value, σ_d/σ_1 = {ratio:.1e}: the two runs barely share it, so the "
        "sign of det is close to arbitrary.",
    }


def _plain(A, B):
    U, _, Pt = np.linalg.svd(A.T @ B)
    return U @ Pt


def ch04_best_rotation(answer, A=None, B=None, *, lang="en", strict=None):
    """Exercise 4.1 — ``answer(A, B)``: the proper rotation R (RᵀR = I, det R = +1) minimising ‖AR − B‖_F.

    ``A``, ``B`` (optional): a pair of runs on which, after a correct answer, the check reports what forcing
    det = +1 costs.
    """
    cases = [
        _ch04_pair(10, 60, 4, reflect=True),
        _ch04_pair(11, 50, 3, reflect=False),
        _ch04_pair(12, 40, 5, reflect=True),
    ]

    def verify(fn):
        for A_, B_ in cases:
            d = A_.shape[1]
            R = float_array(call(fn, A_.copy(), B_.copy()), (d, d))
            if R is None:
                return {"vi": f"Cần một ma trận {d}×{d}.", "en": f"Expected a {d}×{d} matrix."}
            if not np.allclose(R.T @ R, np.eye(d), atol=1e-8):
                return {
                    "vi": "Ma trận của bạn không trực giao (RᵀR ≠ I): hãy dựng nó từ U và Pᵀ của SVD.",
                    "en": "Your matrix is not orthogonal (RᵀR ≠ I): build it from U and Pᵀ of the SVD.",
                }
            if np.linalg.det(R) < 0:
                return hint(
                    "det R = −1: đó là nghiệm Procrustes thông thường, có chứa một phép phản xạ. "
                    "Hãy đổi dấu hướng ứng với giá trị kỳ dị nhỏ nhất.",
                    "det R = −1: that is the ordinary Procrustes solution, which contains a reflection. "
                    "Flip the sign of the direction of the smallest singular value.",
                    then={
                        "vi": "det R = −1: đó là nghiệm Procrustes thông thường, có chứa một phép phản xạ. Hãy trả về "
                        "U·diag(1, …, 1, −1)·Pᵀ: ma trận U với cột cuối (ứng với σ nhỏ nhất, vì NumPy sắp xếp các σ "
                        "theo thứ tự giảm dần) đổi dấu, nhân với Pᵀ.",
                        "en": "det R = −1: that is the ordinary Procrustes solution, which contains a reflection. Return "
                        "U·diag(1, …, 1, −1)·Pᵀ: U with its last column negated (the smallest σ, since NumPy sorts "
                        "them in decreasing order), times Pᵀ.",
                    },
                )
            best = _best_rotation(A_, B_)
            if np.allclose(R, best, atol=1e-8):
                continue
            if np.allclose(R, best.T, atol=1e-8):
                return {
                    "vi": "Bạn đã căn chỉnh B theo A (ma trận chuyển vị): trong ‖AR − B‖_F, R nhân vào bên phải "
                    "của A, nên R được dựng từ U rồi mới đến Pᵀ của AᵀB = UΣPᵀ, như Q* ở mục 1.",
                    "en": "You aligned B to A (the transpose): in ‖AR − B‖_F, R multiplies A on the right, so it is "
                    "built from U, then Pᵀ, of AᵀB = UΣPᵀ, as Q* in section 1.",
                }
            return hint(
                "Đây là một phép quay nhưng chưa tối ưu: chỉ đổi dấu hướng ứng với σ nhỏ nhất (cột cuối của U).",
                "This is a rotation but not the best one: flip only the direction of the smallest σ (the last column "
                "of U).",
                then={
                    "vi": "Đây là một phép quay nhưng chưa tối ưu. Phép quay tốt nhất là U·diag(1, …, 1, −1)·Pᵀ khi "
                    "det(UPᵀ) = −1, và chính UPᵀ khi det(UPᵀ) = +1.",
                    "en": "This is a rotation but not the best one. The best rotation is U·diag(1, …, 1, −1)·Pᵀ when "
                    "det(UPᵀ) = −1, and UPᵀ itself when det(UPᵀ) = +1.",
                },
            )
        A_, B_ = cases[0] if A is None or B is None else (np.asarray(A, dtype=float), np.asarray(B, dtype=float))
        R = float_array(call(fn, A_.copy(), B_.copy()), (A_.shape[1],) * 2)
        if R is None or not np.allclose(R, _best_rotation(A_, B_), atol=1e-6):
            return {
                "vi": "Hàm của bạn đúng trên dữ liệu kiểm tra nhỏ nhưng sai trên cặp lần huấn luyện thật: "
                "kiểm tra lại trường hợp det(UPᵀ) = +1 và −1.",
                "en": "Your function is right on the small test data but not on the real pair of runs: check "
                "both cases det(UPᵀ) = +1 and −1.",
            }
        return Correct(_rotation_note(R, A_, B_))

    return report("4.1", lang, verify, answer, strict=strict)
