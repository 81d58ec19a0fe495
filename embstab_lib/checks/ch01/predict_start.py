"""Exercise 1.5 (predict – run – interpret): the 10-NN overlap of runs that differ only in their initial vectors
(``ch01_predict_start``)."""

from __future__ import annotations

import numpy as np

from .._core import (
    Correct,
    NotDone,
    hint,
    is_stub,
    number,
    prediction_line,
    report,
)

#: Exercise 1.5: the options for ``interpretation``.
OPTIONS_1_5 = ("a", "b", "c")


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in OPTIONS_1_5 else None


def ch01_predict_start(prediction, measured, interpretation, corpus, *, lang="en", strict=None):
    """Exercise 1.5 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    mean 10-NN overlap over the pairs of 3 runs trained for 10 epochs on ``corpus`` that differ only in their
    initial vectors; ``interpretation``: the letter of the option that the measurement supports, compared with
    runs that differ in their seed."""
    from ...experiments import knn_overlap_runs, source_runs

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
                "`measured` phải là một con số: độ trùng lặp 10-NN trung bình trên các cặp.",
                "`measured` must be one number: the mean 10-NN overlap over the pairs.",
            )
        start = knn_overlap_runs(source_runs(corpus, "init", 3, epochs=10)).ci()
        seed = knn_overlap_runs(source_runs(corpus, "seed", 3, epochs=10)).ci()
        if not np.isclose(m, start.mean, atol=1e-6):
            if np.isclose(m, seed.mean, atol=1e-6):
                return hint(
                    'Đó là các lần huấn luyện khác seed (mục 5); ở đây chỉ khởi tạo được phép thay đổi: nguồn "init".',
                    "Those are the runs with different seeds (section 5); here only the start may change: "
                    'the source "init".',
                )
            return hint(
                "Cần trung bình độ trùng lặp 10-NN trên 3 cặp của 3 lần huấn luyện 10 epoch chỉ khác khởi tạo.",
                "Expected the mean 10-NN overlap over the 3 pairs of 3 runs of 10 epochs that differ only "
                "in their start.",
                then={
                    "vi": 'es.knn_overlap_runs(es.source_runs(small, "init", 3, epochs=10)).ci().mean',
                    "en": 'es.knn_overlap_runs(es.source_runs(small, "init", 3, epochs=10)).ci().mean',
                },
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        right = "a" if start.low > seed.high else "c" if start.high < seed.low else "b"
        if letter != right:
            return hint(
                f"Chỉ khác khởi tạo: {start}; khác seed: {seed}. Hai khoảng tin cậy có tách nhau không, và "
                "theo chiều nào?",
                f"Start only: {start}; other seed: {seed}. Do the two intervals separate, and which way?",
            )
        meaning = {
            "a": {
                "vi": "Khi giữ nguyên dòng ngẫu nhiên huấn luyện, hai điểm xuất phát khác nhau dẫn tới các láng giềng giống nhau "
                "hơn hẳn: huấn luyện lâu hơn xóa dần dấu vết của điểm xuất phát, và phần bất ổn định còn lại "
                "chủ yếu đến từ dòng ngẫu nhiên huấn luyện.",
                "en": "With the training stream kept, two different starts end with clearly more similar neighbours: "
                "longer training wipes out most of the trace of the start, and the instability that remains "
                "comes mainly from the training stream.",
            },
            "b": {
                "vi": "Giữ nguyên dòng ngẫu nhiên huấn luyện không giúp gì: ở 10 epoch, điểm xuất phát vẫn là nguồn chính.",
                "en": "Keeping the training stream does not help: at 10 epochs the start is still the main source.",
            },
            "c": {
                "vi": "Chỉ đổi điểm xuất phát lại xáo trộn nhiều hơn đổi cả hai nguồn: một kết quả lạ, đáng kiểm tra "
                "lại với nhiều seed hơn.",
                "en": "Changing only the start disturbs more than changing both sources: a strange result, worth "
                "checking with more seeds.",
            },
        }[right]
        return Correct(
            {
                lg: prediction_line(number(pred), start.mean, lg)
                + (f" Khác seed, cũng 10 epoch: {seed}. " if lg == "vi" else f" Other seed, also 10 epochs: {seed}. ")
                + meaning[lg]
                for lg in ("vi", "en")
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("1.5", lang, verify, answer, strict=strict)
