"""Checks of the exercises of chapter 04."""
from __future__ import annotations

import numpy as np

from ._core import LANGS, Correct, Hint, call, float_array, hint, number, prediction_line, report

__all__ = ["ch04_best_rotation", "ch04_residual_from_svd", "ch04_shuffled_residual", "ch04_heldout_residual"]


def _ch04_pair(seed, V, d, *, noise=0.3, reflect=False):
    """Synthetic (A, B): B = A R + noise with R a random orthogonal matrix (det R = −1 if ``reflect``)."""
    from ..compare import random_orthogonal

    rng = np.random.default_rng(seed)
    A = rng.normal(size=(V, d))
    R = random_orthogonal(d, seed=seed + 1)
    if (np.linalg.det(R) < 0) != reflect:
        R[:, 0] = -R[:, 0]
    return A, A @ R + noise * rng.normal(size=(V, d))


def ch04_best_rotation(answer, *, lang="en", strict=None):
    """Exercise 4.1 — ``answer(A, B)``: the proper rotation R (RᵀR = I, det R = +1) minimising ‖AR − B‖_F."""
    cases = [_ch04_pair(10, 60, 4, reflect=True), _ch04_pair(11, 50, 3, reflect=False), _ch04_pair(12, 40, 5, reflect=True)]

    def reference(A, B):
        U, s, Vt = np.linalg.svd(A.T @ B)
        signs = np.ones(len(s))
        signs[-1] = np.sign(np.linalg.det(U @ Vt))
        return (U * signs) @ Vt

    def verify(fn):
        for A, B in cases:
            d = A.shape[1]
            R = float_array(call(fn, A.copy(), B.copy()), (d, d))
            if R is None:
                return {"vi": f"Cần một ma trận {d}×{d}.", "en": f"Expected a {d}×{d} matrix."}
            if not np.allclose(R.T @ R, np.eye(d), atol=1e-8):
                return {"vi": "Ma trận của bạn không trực giao (RᵀR ≠ I): hãy dựng nó từ U và Vᵀ của SVD.",
                        "en": "Your matrix is not orthogonal (RᵀR ≠ I): build it from U and Vᵀ of the SVD."}
            if np.linalg.det(R) < 0:
                return {"vi": "det R = −1: đó là nghiệm Procrustes thông thường, có chứa một phép phản xạ. "
                              "Hãy đổi dấu hướng ứng với giá trị kỳ dị nhỏ nhất.",
                        "en": "det R = −1: that is the ordinary Procrustes solution, which contains a reflection. "
                              "Flip the sign of the direction of the smallest singular value."}
            best = reference(A, B)
            if np.allclose(R, best, atol=1e-8):
                continue
            if np.allclose(R, best.T, atol=1e-8):
                return {"vi": "Bạn đã căn B lên A (ma trận chuyển vị). Hãy dùng SVD của AᵀB và trả về U·diag(…)·Vᵀ.",
                        "en": "You aligned B onto A (the transpose). Use the SVD of AᵀB and return U·diag(…)·Vᵀ."}
            return {"vi": "Đây là một phép quay nhưng chưa tối ưu: chỉ đổi dấu hướng ứng với σ nhỏ nhất (cột cuối của U).",
                    "en": "This is a rotation but not the best one: flip only the direction of the smallest σ (the last column of U)."}
        return None

    return report("4.1", lang, verify, answer, strict=strict)


def ch04_residual_from_svd(answer, *, lang="en", strict=None):
    """Exercise 4.2 — ``answer(A, B)``: min over orthogonal Q of ‖AQ − B‖_F, from the singular values of AᵀB."""
    cases = [_ch04_pair(20, 50, 4), _ch04_pair(21, 80, 6, noise=1.0), _ch04_pair(22, 30, 3, noise=0.1)]

    def verify(fn):
        from scipy.linalg import orthogonal_procrustes

        for A, B in cases:
            got = float(call(fn, A.copy(), B.copy()))
            Q, _ = orthogonal_procrustes(A, B)
            want = float(np.linalg.norm(A @ Q - B))
            if np.isclose(got, want, rtol=1e-6):
                continue
            if np.isclose(got, want ** 2, rtol=1e-6):
                return {"vi": "Đó là bình phương của phần dư; hãy lấy căn bậc hai.",
                        "en": "That is the squared residual; take the square root."}
            if np.isclose(got, want / np.linalg.norm(B), rtol=1e-6):
                return {"vi": "Đó là phần dư tương đối; ở đây cần phần dư tuyệt đối ‖AQ* − B‖_F.",
                        "en": "That is the relative residual; here we want the absolute ‖AQ* − B‖_F."}
            return {"vi": "‖AQ* − B‖²_F = ‖A‖²_F + ‖B‖²_F − 2·(tổng các giá trị kỳ dị của AᵀB), không bình phương các σ.",
                    "en": "‖AQ* − B‖²_F = ‖A‖²_F + ‖B‖²_F − 2·(sum of the singular values of AᵀB), the σ not squared."}
        return None

    return report("4.2", lang, verify, answer, strict=strict)


def ch04_shuffled_residual(answer, *, lang="en", strict=None):
    """Exercise 4.3 — ``answer(A, B, perm)``: relative Procrustes residual of A aligned to B with rows permuted by ``perm``."""
    from ..compare import procrustes

    A, B = _ch04_pair(30, 120, 5, noise=0.2)
    perm = np.random.default_rng(31).permutation(len(A))

    def verify(fn):
        got = float(call(fn, A.copy(), B.copy(), perm.copy()))
        shuffled = procrustes(A, B[perm])
        inverse = procrustes(A, B[np.argsort(perm)])  # = aligning A[perm] to B
        if any(np.isclose(got, r.relative_residual, rtol=1e-6) for r in (shuffled, inverse)):
            return None
        if any(np.isclose(got, r.residual, rtol=1e-6) for r in (shuffled, inverse)):
            return {"vi": "Đó là phần dư tuyệt đối; hãy chia cho ‖B‖_F.",
                    "en": "That is the absolute residual; divide by ‖B‖_F."}
        if np.isclose(got, procrustes(A, B).relative_residual, rtol=1e-6):
            return {"vi": "Đó là phần dư khi chưa xáo trộn: chỉ xáo trộn các hàng của B (không xáo trộn cả A lẫn B).",
                    "en": "That is the residual without shuffling: reorder the rows of B only (not both A and B)."}
        return {"vi": "Hãy căn A lên B[perm] bằng Procrustes rồi trả về ‖AQ − B[perm]‖_F / ‖B[perm]‖_F.",
                "en": "Align A to B[perm] with Procrustes, then return ‖AQ − B[perm]‖_F / ‖B[perm]‖_F."}

    return report("4.3", lang, verify, answer, strict=strict)


def ch04_heldout_residual(answer, *, lang="en", strict=None):
    """Exercise 4.4 — ``answer(A, B, fit_rows, test_rows)``: Q fitted on ``fit_rows``, relative residual on ``test_rows``."""
    from scipy.linalg import orthogonal_procrustes

    A, B = _ch04_pair(40, 100, 8, noise=1.0)
    rows = np.random.default_rng(41).permutation(len(A))
    fit, test = rows[:20], rows[20:]

    def rel(Q, r):
        return float(np.linalg.norm(A[r] @ Q - B[r]) / np.linalg.norm(B[r]))

    def verify(fn):
        got = float(call(fn, A.copy(), B.copy(), fit.copy(), test.copy()))
        Q_fit, _ = orthogonal_procrustes(A[fit], B[fit])
        if np.isclose(got, rel(Q_fit, test), rtol=1e-6):
            return None
        if np.isclose(got, rel(Q_fit, fit), rtol=1e-6):
            return {"vi": "Đó là phần dư trên chính các từ dùng để khớp; hãy tính trên test_rows.",
                    "en": "That is the residual on the fitting words themselves; score on test_rows."}
        Q_all, _ = orthogonal_procrustes(A, B)
        Q_test, _ = orthogonal_procrustes(A[test], B[test])
        if np.isclose(got, rel(Q_all, test), rtol=1e-6) or np.isclose(got, rel(Q_test, test), rtol=1e-6):
            return {"vi": "Q phải được khớp chỉ trên fit_rows; các từ kiểm tra không được tham gia vào việc khớp.",
                    "en": "Q must be fitted on fit_rows only; the held-out words must not take part in the fit."}
        if np.isclose(got, rel(Q_fit, test) * np.linalg.norm(B[test]), rtol=1e-6):
            return {"vi": "Đó là phần dư tuyệt đối; hãy chia cho ‖B[test_rows]‖_F.",
                    "en": "That is the absolute residual; divide by ‖B[test_rows]‖_F."}
        return {"vi": "Khớp Q trên A[fit_rows], B[fit_rows], rồi trả về ‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F.",
                "en": "Fit Q on A[fit_rows], B[fit_rows], then return ‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F."}

    return report("4.4", lang, verify, answer, strict=strict)
