"""Exercise 4.4: the Procrustes residual on held-out words (``ch04_heldout_residual``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, report
from ._shared import _ch04_pair


def ch04_heldout_residual(answer, *, lang="en", strict=None):
    """Exercise 4.4 — ``answer(A, B, fit_rows, test_rows)``: Q fitted on ``fit_rows``, relative residual on
    ``test_rows``."""
    from scipy.linalg import orthogonal_procrustes

    A, B = _ch04_pair(40, 100, 8, noise=1.0)
    rows = np.random.default_rng(41).permutation(len(A))
    fit, test = rows[:20], rows[20:]

    def rel(Q, r, denominator=None):
        den = np.linalg.norm(B[r]) if denominator is None else denominator
        return float(np.linalg.norm(A[r] @ Q - B[r]) / den)

    def verify(fn):
        got = number(call(fn, A.copy(), B.copy(), fit.copy(), test.copy()))
        if got is None:
            return hint(
                "Cần một số: phần dư tương đối trên các hàng giữ lại.",
                "Expected one number: the relative residual on the held-out rows.",
            )
        Q_fit, _ = orthogonal_procrustes(A[fit], B[fit])
        right = rel(Q_fit, test)
        if np.isclose(got, right, rtol=1e-6):
            on_fit = rel(Q_fit, fit)
            return Correct(
                {
                    "vi": f"Trên dữ liệu kiểm tra (20 hàng để khớp, d = 8): r = {on_fit:.3f} trên các hàng "
                    f"dùng để khớp, {got:.3f} trên các hàng giữ lại. Q đã “hấp thụ” một phần nhiễu của "
                    "chính các hàng dùng để khớp, nên chỉ con số trên tập giữ lại là trung thực.",
                    "en": f"On the check's data (20 fitting rows, d = 8): r = {on_fit:.3f} on the fitting "
                    f"rows, {got:.3f} on the held-out rows. Q absorbed part of the noise of the very "
                    "rows it was fitted on, so only the held-out number is honest.",
                }
            )
        if np.isclose(got, rel(Q_fit, fit), rtol=1e-6):
            return {
                "vi": "Đó là phần dư trên chính các từ dùng để khớp; hãy tính trên test_rows.",
                "en": "That is the residual on the fitting words themselves; score on test_rows.",
            }
        Q_all, _ = orthogonal_procrustes(A, B)
        Q_test, _ = orthogonal_procrustes(A[test], B[test])
        if np.isclose(got, rel(Q_all, test), rtol=1e-6) or np.isclose(got, rel(Q_test, test), rtol=1e-6):
            return {
                "vi": "Q phải được khớp chỉ trên fit_rows; các từ giữ lại không được tham gia vào việc khớp.",
                "en": "Q must be fitted on fit_rows only; the held-out words must not take part in the fit.",
            }
        if np.isclose(got, right * np.linalg.norm(B[test]), rtol=1e-6):
            return {
                "vi": "Đó là phần dư tuyệt đối; hãy chia cho chuẩn của ma trận đích trên các hàng giữ lại.",
                "en": "That is the absolute residual; divide by the norm of the target on the held-out rows.",
            }
        wrong_denominators = [np.linalg.norm(B), np.linalg.norm(B[fit]), np.linalg.norm(A[test]), np.linalg.norm(A)]
        if any(np.isclose(got, rel(Q_fit, test, den), rtol=1e-6) for den in wrong_denominators):
            return {
                "vi": "Tử số đúng nhưng mẫu số sai: chia cho chuẩn của B trên chính các hàng giữ lại "
                "(không phải toàn bộ B, các hàng dùng để khớp, hay A).",
                "en": "Right numerator, wrong denominator: divide by the norm of B on the held-out rows "
                "themselves (not all of B, the fitting rows, or A).",
            }
        return hint(
            "Khớp Q chỉ trên các hàng dùng để khớp, rồi đánh giá nó trên các hàng giữ lại, so với độ lớn của "
            "ma trận đích trên các hàng đó.",
            "Fit Q on the fitting rows only, then score it on the held-out rows, relative to the size of the "
            "target on those rows.",
            then={
                "vi": "Khớp Q trên A[fit_rows], B[fit_rows], rồi trả về "
                "‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F.",
                "en": "Fit Q on A[fit_rows], B[fit_rows], then return "
                "‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F.",
            },
        )

    return report("4.4", lang, verify, answer, strict=strict)
