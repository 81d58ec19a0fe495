"""Exercise 9.4 (predict – run – interpret): the k-NN overlap of frequent and rare words across runs of the
Transformer (``ch09_predict_frequency``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report

OPTIONS_9_4 = ("a", "b", "c")
#: Exercise 9.4: the 200 most frequent and the 200 least frequent of the words compared, 10 neighbours.
BAND_9_4, K_9_4 = 200, 10


def _letter(x, options):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in options else None


def frequency_overlaps(matrices, *, band=BAND_9_4, k=K_9_4, centre=True):
    """Per pair of runs (i, j), i < j: the mean k-NN overlap of the ``band`` first rows (the most frequent words)
    and of the ``band`` last rows, neighbours searched among all rows, each run centred first (as
    ``es.similarity_measures`` does) unless ``centre`` is False.

    Returns
    -------
    (ndarray, ndarray, list of tuple)
        The overlaps of the first rows and of the last rows, one value per pair, and the pairs.
    """
    from ...compare import knn_overlap
    from ...stats import seed_pairs

    mats = [m - m.mean(axis=0) if centre else m for m in matrices]
    pairs = seed_pairs(range(len(mats)))
    first, last = [], []
    for i, j in pairs:
        per_word = knn_overlap(mats[i], mats[j], k)
        first.append(per_word[:band].mean())
        last.append(per_word[-band:].mean())
    return np.array(first), np.array(last), pairs


def ch09_predict_frequency(prediction, measured, interpretation, matrices, *, lang="en", strict=None):
    """Exercise 9.4 (predict – run – interpret) — ``prediction``: written before running, the mean 10-NN overlap
    of the 200 most frequent words between two runs of the Transformer; ``measured``: that value, averaged over
    every pair of the runs in ``matrices`` (each (V, d), rows = the same words, most frequent first; each run
    centred as in section 5; neighbours searched among all V words); ``interpretation``: the letter of the option
    that the seed-level interval of the difference with the 200 least frequent words supports."""
    from ...stats import pairwise_ci

    mats = [np.asarray(m, dtype=np.float64) for m in matrices]
    if len(mats) < 3 or any(m.shape != mats[0].shape for m in mats) or mats[0].shape[0] < 2 * BAND_9_4:
        raise ValueError(
            f"exercise 9.4 needs at least three runs (a seed-level interval) of the same shape with ≥ {2 * BAND_9_4} "
            "words"
        )

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một số từ 0 đến 1) trước khi chạy — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (a number from 0 to 1) before running — it is the point of the exercise.",
            )
        value = number(meas)
        if value is None:
            return hint("`measured` phải là một con số.", "`measured` must be one number.")
        first, last, pairs = frequency_overlaps(mats)
        frequent, rare = float(first.mean()), float(last.mean())
        if not np.isclose(value, frequent, atol=1e-6):
            raw_first, raw_last, _ = frequency_overlaps(mats, centre=False)
            if np.isclose(value, rare, atol=1e-6) or np.isclose(value, raw_last.mean(), atol=1e-6):
                return hint(
                    "Đó là 200 từ *ít* gặp nhất; các hàng được xếp từ từ thường gặp nhất trở xuống.",
                    "That is the 200 *least* frequent words; the rows go from the most frequent down.",
                )
            if np.isclose(value, raw_first.mean(), atol=1e-6):
                return hint(
                    "Gần đúng rồi: hãy trung tâm hóa từng lần huấn luyện trước (trừ đi vector trung bình của nó), như ở mục 5.",
                    "Almost: centre each run first (subtract its mean vector), as section 5 does.",
                )
            return hint(
                "Giá trị này không khớp với giá trị mà hàm kiểm tra tự tính lại. Với mỗi cặp lần huấn "
                f"luyện (i, j), i < j: es.knn_overlap(A_i, A_j, {K_9_4}) cho từng từ, trên các ma trận đã trung tâm "
                f"hóa, lấy trung bình của {BAND_9_4} giá trị đầu; rồi lấy trung bình trên các cặp.",
                "This does not match the value the check computes itself. For every pair of runs (i, j), i < j: "
                f"es.knn_overlap(A_i, A_j, {K_9_4}) per word, on centred matrices, the mean of the first "
                f"{BAND_9_4}; then the mean over the pairs.",
            )
        letter = _letter(interp, OPTIONS_9_4)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        diff = pairwise_ci(first - last, pairs)
        right = "a" if diff.low > 0 else ("c" if diff.high < 0 else "b")
        if letter != right:
            return hint(
                f"Với mỗi cặp lần huấn luyện, lấy hiệu giữa giá trị của bạn và cùng phép đo trên {BAND_9_4} từ ít gặp "
                "nhất (các hàng cuối), rồi xem khoảng tin cậy theo seed của hiệu đó (es.pairwise_ci) nằm ở đâu so với 0.",
                f"For every pair of runs, take the difference between your value and the same measurement on the "
                f"{BAND_9_4} least frequent words (the last rows), then see where the seed-level interval of that "
                "difference (es.pairwise_ci) lies relative to 0.",
            )
        chance = K_9_4 / (mats[0].shape[0] - 1)
        return Correct(
            {
                "vi": prediction_line(number(pred), frequent, "vi") + f" 200 từ ít gặp nhất: {rare:.3f}; "
                f"hiệu giữa hai nhóm {diff} (khoảng tin cậy 95% theo seed, {len(pairs)} cặp lần huấn luyện). "
                f"Mức cơ sở ngẫu nhiên: {chance:.3f}.",
                "en": prediction_line(number(pred), frequent, "en") + f" The 200 least frequent words: {rare:.3f}; "
                f"difference {diff} (95 % seed-level interval, {len(pairs)} pairs of runs). Chance level: "
                f"{chance:.3f}.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("9.4", lang, verify, answer, strict=strict)
