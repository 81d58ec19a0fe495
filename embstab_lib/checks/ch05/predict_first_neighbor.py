"""Exercise 5.2 (predict – run – interpret): the share of words whose nearest neighbour is the same in two runs
(``ch05_predict_first_neighbor``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report
from ._shared import ROUNDING


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").lower()
    return x if x in ("a", "b", "c") else None


def _first_and_tenth(A, B):
    from ...compare import nearest_neighbors

    nA, nB = nearest_neighbors(A, 10), nearest_neighbors(B, 10)
    first = float(np.mean(nA[:, 0] == nB[:, 0]))
    tenth = float((nA[:, :, None] == nB[:, None, :]).any(axis=2).mean())
    return first, tenth


def ch05_predict_first_neighbor(prediction, measured, interpretation, A, B, *, lang="en", strict=None):
    """Exercise 5.2 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    share of the words whose single nearest cosine neighbour is the same word in run ``A`` and in run ``B``;
    ``interpretation``: the letter of the option that the measurement supports."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    truth = {}

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        p = number(pred)
        if p is None or not 0 <= p <= 1:
            return hint(
                "Hãy viết dự đoán của bạn (một tỉ lệ từ 0 đến 1) *trước khi* đo — đó là phần quan trọng nhất "
                "của bài tập.",
                "Write your prediction (a share from 0 to 1) *before* measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: tỉ lệ các từ có cùng láng giềng gần nhất ở hai lần huấn luyện.",
                "`measured` must be one number: the share of words with the same nearest neighbour in both runs.",
            )
        if not truth:
            truth["first"], truth["tenth"] = _first_and_tenth(A, B)
        first, tenth = truth["first"], truth["tenth"]
        V = len(A)
        if abs(m - first * V) < 0.5 and abs(m - first) > ROUNDING:
            v_txt = f"{V:,}".replace(",", " ")  # the course's thousands space
            return hint(
                f"Đó là một số lượng từ, chưa phải tỉ lệ: hãy chia cho V = {v_txt}.",
                f"That is a number of words; a share is needed: divide by V = {V}.",
            )
        if abs(m - tenth) <= ROUNDING and abs(m - first) > ROUNDING:
            return hint(
                "Đó là độ trùng lặp của 10 láng giềng; bài này chỉ hỏi về láng giềng *gần nhất* (k = 1).",
                "That is the overlap of the 10 nearest neighbours; this exercise asks about the *nearest* one "
                "only (k = 1).",
            )
        if abs(m - first) > ROUNDING:
            return hint(
                "Tìm láng giềng gần nhất của mọi từ ở mỗi lần huấn luyện (trên vector thô, như ở mục 2), rồi "
                "tính tỉ lệ các từ mà hai láng giềng đó là cùng một từ.",
                "Find the nearest neighbour of every word in each run (raw vectors, as in section 2), then "
                "count for what share of the words the two are the same word.",
                then={
                    "vi": "es.nearest_neighbors(X, 1)[:, 0] cho láng giềng gần nhất của mỗi từ; so sánh hai "
                    "mảng đó bằng == rồi lấy trung bình.",
                    "en": "es.nearest_neighbors(X, 1)[:, 0] gives every word's nearest neighbour; compare "
                    "the two arrays with == and take the mean.",
                },
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        right = "a" if first > tenth + 0.03 else "c" if first < tenth - 0.03 else "b"
        if letter != right:
            return hint(
                f"Với cùng cặp lần huấn luyện này, độ trùng lặp của 10 láng giềng là {tenth:.3f}. So với con số "
                "bạn đo được, phương án nào đúng?",
                f"For this same pair of runs, the overlap of the 10 nearest neighbours is {tenth:.3f}. "
                "Compared with the number you measured, which option holds?",
            )
        why = (
            {
                "vi": " Giữ đúng một hạng là phép thử khó nhất: chỉ cần láng giềng thứ nhất và thứ hai đổi chỗ là đã "
                "trượt.",
                "en": " Keeping one exact rank is the hardest test: a swap of the first and second "
                "neighbour is enough to fail it.",
            }
            if right == "c"
            else {"vi": "", "en": ""}
        )
        return Correct(
            {
                "vi": prediction_line(p, first, "vi")
                + f" Độ trùng lặp 10-NN của cùng cặp này là {tenth:.3f}."
                + why["vi"]
                + " Hiểu theo nghĩa đen, khẳng định NN⁽¹⁾(w) ≈ NN⁽²⁾(w) của bài viết đúng "
                f"với {first:.1%} số từ.",
                "en": prediction_line(p, first, "en")
                + f" The 10-NN overlap of the same pair is {tenth:.3f}."
                + why["en"]
                + " Read literally, the article's NN⁽¹⁾(w) ≈ NN⁽²⁾(w) holds for "
                f"{100 * first:.1f} % of the words.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("5.2", lang, verify, answer, strict=strict)
