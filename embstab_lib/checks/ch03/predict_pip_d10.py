"""Exercise 3.5 (predict – run – interpret): the relative PIP loss of the centred d = 10 runs
(``ch03_predict_pip_d10``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report

OPTIONS_3_5 = ("a", "b", "c")


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in OPTIONS_3_5 else None


def _centred_pip(runs):
    """Mean over the pairs of runs of the centred relative PIP loss, its seed-level interval, and the pairs."""
    from ...compare import pip_loss
    from ...stats import pairwise_ci, seed_pairs

    C = [X - X.mean(axis=0) for X in runs]
    pairs = seed_pairs(range(len(C)))
    values = [pip_loss(C[i], C[j], relative=True) for i, j in pairs]
    return float(np.mean(values)), pairwise_ci(values, pairs), pairs


def ch03_predict_pip_d10(prediction, measured, interpretation, runs, at_d100, *, lang="en", strict=None):
    """Exercise 3.5 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the mean
    over the pairs of ``runs`` (the d = 10 runs) of the relative PIP loss of the centred matrices;
    ``interpretation``: the letter of the option that the measurement supports, compared with ``at_d100`` (the
    interval of the same measure at d = 100)."""
    runs = [np.asarray(X, dtype=float) for X in runs]
    low, high = float(at_d100.low), float(at_d100.high)
    want, interval, pairs = _centred_pip(runs)
    right = "a" if want > high else "c" if want < low else "b"

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số) trước khi đo — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (a number) before measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: trung bình trên các cặp.",
                "`measured` must be one number: the mean over the pairs.",
            )
        if not np.isclose(m, want, rtol=0.02):
            from ...compare import pip_loss

            raw = float(np.mean([pip_loss(runs[i], runs[j], relative=True) for i, j in pairs]))
            if np.isclose(m, raw, rtol=0.02):
                return hint(
                    "Đó là mất mát PIP của ma trận thô: hãy trung tâm hóa từng lần huấn luyện trước, như ở mục 5.",
                    "That is the PIP loss of the raw matrices: centre every run first, as in section 5.",
                )
            return hint(
                f"Cần trung bình trên {len(pairs)} cặp của es.pip_loss(A − A.mean(axis=0), "
                "B − B.mean(axis=0), relative=True).",
                f"Take the mean over the {len(pairs)} pairs of es.pip_loss(A − A.mean(axis=0), "
                "B − B.mean(axis=0), relative=True).",
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Bạn đo được {want:.3f}; ở d = 100 khoảng tin cậy là [{low:.3f}, {high:.3f}]: "
                "phương án nào khớp với hai con số này?",
                f"You measured {want:.3f}; at d = 100 the interval is [{low:.3f}, {high:.3f}]: "
                "which option matches these two numbers?",
            )
        overlap = interval.low <= high and low <= interval.high
        return Correct(
            {
                "vi": prediction_line(number(pred), want, "vi") + f" Khoảng tin cậy theo seed ở d = 10 "
                f"({interval.n} seed): {interval}; ở d = 100: [{low:.3f}, {high:.3f}] — hai khoảng "
                + ("chồng lên nhau" if overlap else "không chồng lên nhau")
                + ", nhưng với 3 seed khoảng tin cậy ở d = 10 còn mong manh (mục 4.2).",
                "en": prediction_line(number(pred), want, "en") + f" Seed-level interval at d = 10 "
                f"({interval.n} seeds): {interval}; at d = 100: [{low:.3f}, {high:.3f}] — the intervals "
                + ("overlap" if overlap else "do not overlap")
                + ", though with 3 seeds the d = 10 interval is fragile (section 4.2).",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("3.5", lang, verify, answer, strict=strict)
