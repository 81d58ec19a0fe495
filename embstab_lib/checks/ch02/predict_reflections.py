"""Exercise 2.5 (predict – run – interpret): how often the best orthogonal map between two runs has determinant −1
(``ch02_predict_reflections``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report

OPTIONS_2_5 = ("a", "b", "c")


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in OPTIONS_2_5 else None


def _reflection_shares(runs):
    """Share of pairs whose best orthogonal map has det −1, and the largest cost of forcing det +1 instead."""
    from ...stats import seed_pairs

    dets, costs = [], []
    for a, b in seed_pairs(range(len(runs))):
        A, B = runs[a], runs[b]
        U, S, Vt = np.linalg.svd(A.T @ B)
        det = np.sign(np.linalg.det(U) * np.linalg.det(Vt))
        dets.append(det)
        # ‖AQ − B‖² = ‖A‖² + ‖B‖² − 2 Σσ; the best map with the other determinant flips the smallest σ
        base = np.linalg.norm(A) ** 2 + np.linalg.norm(B) ** 2
        best, flipped = base - 2 * S.sum(), base - 2 * (S.sum() - 2 * S[-1])
        costs.append((np.sqrt(max(flipped, 0)) - np.sqrt(max(best, 0))) / np.linalg.norm(B))
    return float(np.mean(np.array(dets) < 0)), len(dets), float(max(costs))


def ch02_predict_reflections(prediction, measured, interpretation, runs, *, lang="en", strict=None):
    """Exercise 2.5 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the share
    of the pairs of ``runs`` whose best orthogonal map (Procrustes) has determinant −1; ``interpretation``: the letter
    of the option that the measurement supports."""
    runs = [np.asarray(E, dtype=float) for E in runs]
    share, n_pairs, cost = _reflection_shares(runs)
    right = "b" if share <= 0.2 else "c" if share >= 0.8 else "a"

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số từ 0 đến 1) trước khi đo — đó là phần quan trọng nhất "
                "của bài tập.",
                "Write your prediction (a number from 0 to 1) before measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: tỉ lệ các cặp có det Q* = −1.",
                "`measured` must be one number: the share of pairs with det Q* = −1.",
            )
        if np.isclose(m, share * n_pairs) and not np.isclose(m, share):
            return hint(
                f"Đó là số cặp; cần tỉ lệ: chia cho số cặp ({n_pairs}).",
                f"That is a count; a share is needed: divide by the number of pairs ({n_pairs}).",
            )
        if not np.isclose(m, share, atol=1e-9):
            if np.isclose(m, 1 - share):
                return hint(
                    "Bạn đã đếm các cặp có det = +1; cần đếm các cặp có det = −1.",
                    "You counted the pairs with det = +1; count those with det = −1.",
                )
            return hint(
                f"Cần đo trên cả {n_pairs} cặp lần huấn luyện: với mỗi cặp (a, b), lấy ma trận "
                "es.procrustes(Ws[a], Ws[b]).rotation và dấu của định thức của nó.",
                f"Measure on all {n_pairs} pairs of runs: for each pair (a, b), take "
                "es.procrustes(Ws[a], Ws[b]).rotation and the sign of its determinant.",
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Tỉ lệ bạn đo được là {share:.2f}: phương án nào mô tả đúng con số này?",
                f"The share you measured is {share:.2f}: which option describes that number?",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), share, "vi") + " "
                "Nếu ép ánh xạ của mọi cặp phải là phép quay (det = +1), khoảng cách tương đối sau căn "
                f"chỉnh ‖AQ − B‖_F / ‖B‖_F chỉ tăng tối đa {cost:.1e}: dấu của định thức do hướng mà hai lần "
                "huấn luyện có ít điểm chung nhất quyết định, nên nó không mang thông tin gì "
                "(xem chương 04).",
                "en": prediction_line(number(pred), share, "en") + " "
                "Forcing the map of every pair to be a rotation (det = +1) raises the relative distance "
                f"after alignment, ‖AQ − B‖_F / ‖B‖_F, by at most {cost:.1e}: the sign of the "
                "determinant is decided by the direction the two runs share least, so it carries no "
                "information (see chapter 04).",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("2.5", lang, verify, answer, strict=strict)
