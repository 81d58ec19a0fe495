"""Exercise 8.3 (predict – run – interpret): PPMI + SVD's CKA across three corpora (``ch08_predict_two_corpora``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report
from ._shared import _interval_parts


def _letter(x):
    if isinstance(x, str) and x.strip().lower().strip("()") in ("a", "b", "c"):
        return x.strip().lower().strip("()")
    return None


def _rows(run, words):
    return np.asarray(run.kv.vectors, dtype=float)[[run.kv.key_to_index[w] for w in words]]


def ch08_predict_two_corpora(
    prediction, measured, interpretation, runs, words, reference_iv, *, lang="en", strict=None
):
    """Exercise 8.3 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    mean linear CKA, on ``words``, between the ``runs`` (one per corpus, each corpus drawn from the same planted
    vectors) over every pair of them, with its 95 % interval, as an ``Interval``; ``interpretation``: the letter of
    the option the measurement supports, against ``reference_iv`` (skip-gram on the same corpora)."""
    from ...compare import linear_cka
    from ...stats import mean_ci, pairwise_ci, seed_pairs

    runs = list(runs)
    mats = [_rows(r, words) for r in runs]
    pairs = seed_pairs(range(len(runs)))
    values = [linear_cka(mats[i], mats[j]) for i, j in pairs]
    right, naive = pairwise_ci(values, pairs), mean_ci(values)
    truth = mean_ci(
        [
            linear_cka(m, np.asarray(r.truth, dtype=float)[[r.kv.key_to_index[w] for w in words]])
            for m, r in zip(mats, runs)
        ]
    )
    letter_right = "a" if right.low > reference_iv.high else "c" if right.high < reference_iv.low else "b"

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số) trước khi đo — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (a number) before measuring — it is the point of the exercise.",
            )
        one = number(meas)
        if one is not None:
            if any(np.isclose(one, v, rtol=1e-4) for v in values):
                return hint(
                    "Đó là CKA của một cặp kho ngữ liệu: n = 1. Hãy đo cả ba cặp và cho khoảng tin cậy của trung bình.",
                    "That is the CKA of one pair of corpora: n = 1. Measure all three pairs and give the interval "
                    "of their mean.",
                )
            return hint(
                "`measured` phải là một Interval (trung bình và khoảng tin cậy 95%), không phải một con số.",
                "`measured` must be an Interval (the mean and its 95 % interval), not a single number.",
            )
        parts = _interval_parts(meas)
        if parts is None:
            return hint(
                "`measured` phải là một Interval (có mean, low, high), như giá trị mà es.mean_ci hoặc es.pairwise_ci trả về.",
                "`measured` must be an Interval (with mean, low, high), such as es.mean_ci or es.pairwise_ci return.",
            )
        mean, low, high = parts
        if not np.isclose(mean, right.mean, rtol=1e-4):
            shared = [w for w in runs[0].kv.index_to_key if all(w in r.kv.key_to_index for r in runs)]
            whole = [linear_cka(_rows(runs[i], shared), _rows(runs[j], shared)) for i, j in pairs]
            if np.isclose(mean, np.mean(whole), rtol=1e-4):
                return hint(
                    "Đó là CKA trên mọi từ chung của các lần tính: hãy chỉ dùng các từ words_c, như ở mục 5.",
                    "That is the CKA over every word the runs share: use the words words_c only, as in section 5.",
                )
            return hint(
                "Với mỗi cặp kho (0, 1), (0, 2), (1, 2): lấy các hàng của words_c theo cùng thứ tự trong hai lần "
                "tính rồi dùng es.linear_cka; sau đó lấy trung bình và khoảng tin cậy.",
                "For each pair of corpora (0, 1), (0, 2), (1, 2): take the rows of words_c, in the same order, in "
                "both factorisations, then es.linear_cka; then the mean and its interval.",
            )
        if np.isclose(low, naive.low, rtol=1e-4) and np.isclose(high, naive.high, rtol=1e-4):
            return hint(
                "Trung bình đúng, nhưng khoảng tin cậy quá hẹp: các cặp (0, 1) và (0, 2) có chung kho 0. Hãy coi "
                "mỗi kho như một seed.",
                "The mean is right, but the interval is too narrow: pairs (0, 1) and (0, 2) share corpus 0. Treat "
                "each corpus as a seed.",
            )
        if not (np.isclose(low, right.low, rtol=1e-4) and np.isclose(high, right.high, rtol=1e-4)):
            return hint(
                "Trung bình đúng nhưng khoảng tin cậy thì không: mỗi giá trị thuộc về một cặp kho ngữ liệu.",
                "The mean is right but the interval is not: each value belongs to a pair of corpora.",
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != letter_right:
            return hint(
                f"Bạn đo được {right}; skip-gram trên cùng các kho: {reference_iv}. Hai khoảng tin cậy nằm thế nào "
                "so với nhau?",
                f"You measured {right}; skip-gram on the same corpora: {reference_iv}. How do the two intervals lie "
                "relative to each other?",
            )
        method = {
            "a": (
                "Ở đây, phương pháp tất định cũng ổn định hơn khi đổi kho ngữ liệu.",
                "Here the deterministic method is also more stable under a new corpus.",
            ),
            "b": (
                "Ở đây, không phân biệt được hai phương pháp khi đổi kho ngữ liệu.",
                "Here the two methods cannot be told apart across corpora.",
            ),
            "c": (
                "Tái lập hoàn hảo không có nghĩa là ổn định khi dữ liệu thay đổi: PPMI + SVD thay đổi theo kho ngữ liệu "
                "nhiều hơn skip-gram.",
                "Perfectly reproducible is not stable under new data: PPMI + SVD changes more with the corpus than "
                "skip-gram does.",
            ),
        }[letter_right]
        if right.high < truth.low:
            versus = (
                "Hai lần tính trên hai kho giống nhau ít hơn mức mỗi lần giống sự thật: chúng khác nhau bởi hai "
                "sai số dữ liệu độc lập (X + e₁ so với X + e₂), còn một lần tính và sự thật chỉ khác nhau bởi "
                "một.",
                "Two factorisations on two corpora agree less with each other than each agrees with the truth: "
                "they differ by two independent data errors (X + e₁ against X + e₂), where one factorisation and "
                "the truth differ by one.",
            )
        else:
            versus = (
                "Hai lần tính trên hai kho giống nhau ít nhất bằng mức mỗi lần giống sự thật: chúng có chung "
                "một phần mà sự thật không có.",
                "Two factorisations on two corpora agree with each other at least as much as each agrees with "
                "the truth: they share something the truth does not have.",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), right.mean, "vi")
                + f" PPMI + SVD trên hai kho: {right}; skip-gram: {reference_iv}; PPMI + SVD so với sự thật: "
                f"{truth}. {method[0]} {versus[0]}",
                "en": prediction_line(number(pred), right.mean, "en")
                + f" PPMI + SVD on two corpora: {right}; skip-gram: {reference_iv}; PPMI + SVD against the truth: "
                f"{truth}. {method[1]} {versus[1]}",
            }
        )

    return report("8.3", lang, verify, (prediction, measured, interpretation), strict=strict)
