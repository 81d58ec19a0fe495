"""Exercise 5.3: the mean cosine of two runs, computed the way the chapter recommends (``ch05_aligned_mean_cosine``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, hint, number, report
from ._shared import ROUNDING

#: Exercise 5.3 asks for the pair's own value: section 1 prints the mean over 10 pairs, within 1e-3 of it.
EXACT_5_3 = 5e-5 + 1e-12


def ch05_aligned_mean_cosine(answer, A, B, *, lang="en", strict=None):
    """Exercise 5.3 — ``answer``: the mean over the vocabulary of sim(w) for runs ``A`` and ``B``, computed the way
    this chapter recommends (one number)."""
    from ...compare import mean_cosine, procrustes

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
    want = mean_cosine(procrustes(Ac, Bc).aligned, Bc)
    wrong = {
        "uncentred": (
            mean_cosine(procrustes(A, B).aligned, B),
            hint(
                "Đó là giá trị khi chưa trung tâm hóa: hướng chung của mỗi lần huấn luyện thổi phồng nó.",
                "That is the uncentred value, inflated by each run's common direction.",
                then={
                    "vi": "Trừ vector trung bình của mỗi lần huấn luyện (A - A.mean(axis=0)) trước khi căn chỉnh.",
                    "en": "Subtract each run's mean vector (A - A.mean(axis=0)) before aligning.",
                },
            ),
        ),
        "raw": (
            mean_cosine(A, B),
            hint(
                "Đó là cosine trung bình khi chưa căn chỉnh: các tọa độ của hai lần huấn luyện không tương ứng với nhau.",
                "That is the unaligned mean cosine: the coordinates of two runs do not correspond.",
                then={
                    "vi": "Căn chỉnh A theo B bằng es.procrustes trước.",
                    "en": "Align A to B with es.procrustes first.",
                },
            ),
        ),
        "centred only": (
            mean_cosine(Ac, Bc),
            hint("Bạn đã trung tâm hóa nhưng chưa căn chỉnh.", "You centred but did not align."),
        ),
        "wrong target": (
            mean_cosine(procrustes(Ac, Bc).aligned, B),
            hint(
                "Sau khi trung tâm hóa, hãy so với B đã trung tâm hóa chứ không phải B gốc.",
                "After centring, compare with the centred B, not the original B.",
            ),
        ),
    }
    if any(abs(v - want) <= 2 * ROUNDING for v, _ in wrong.values()):
        raise ValueError(
            "for these runs a usual mistake gives the same number as the right answer: the check cannot tell them apart"
        )

    def verify(ans):
        x = number(ans)
        if x is None:
            return hint(
                "Cần một con số: trung bình của sim(w) trên toàn bộ từ vựng.",
                "Expected one number: the mean of sim(w) over the vocabulary.",
            )
        if abs(x - want) <= EXACT_5_3:
            infl = wrong["uncentred"][0]
            return Correct(
                {
                    "vi": f"s̄ = {want:.3f} sau khi trung tâm hóa và căn chỉnh, so với {infl:.3f} nếu không "
                    "trung tâm hóa: khoảng chênh lệch đó là phần do hướng chung đóng góp.",
                    "en": f"s̄ = {want:.3f} centred and aligned, against {infl:.3f} uncentred: the difference "
                    "is what the common direction contributes.",
                }
            )
        for value, h in wrong.values():
            if abs(x - value) <= ROUNDING:
                return h
        if abs(x - want) <= 4 * ROUNDING:
            return hint(
                "Gần đúng, nhưng chưa phải giá trị của đúng cặp lần huấn luyện này với 4 chữ số thập phân: hãy tự "
                "tính nó, đừng chép một số đã làm tròn hay giá trị trung bình trên 10 cặp ở mục 1.",
                "Close, but not this pair's value to 4 decimals: compute it, do not copy a rounded number or the "
                "mean over the 10 pairs of section 1.",
            )
        return hint(
            "Xem lại ba bước ở mục 1: trung tâm hóa, căn chỉnh, rồi cosine của từng từ.",
            "Go back to the three steps of section 1: centre, align, then each word's cosine.",
            then={
                "vi": "Trung tâm hóa A và B, căn chỉnh A (đã trung tâm hóa) theo B (đã trung tâm hóa) bằng "
                "es.procrustes, rồi lấy es.mean_cosine(aligned, B đã trung tâm hóa).",
                "en": "Centre A and B, align the centred A to the centred B with es.procrustes, then "
                "es.mean_cosine(aligned, centred B).",
            },
        )

    return report("5.3", lang, verify, answer, strict=strict)
