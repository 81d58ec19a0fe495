"""Exercise 8.2: the paired difference d = 300 − d = 100 with its seed-level interval (``ch08_interval_from_records``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, hint, report
from ._shared import _interval_parts


def _close(x, y, rtol=1e-9):
    return bool(np.isclose(x, y, rtol=rtol, atol=1e-12))


def _knn_by_pair(records, d):
    return {(r["seed_a"], r["seed_b"]): r["knn"] for r in records if r.get("vector_size") == d}


def ch08_interval_from_records(answer, records, *, lang="en", strict=None):
    """Exercise 8.2 — ``answer``: for every pair of seeds in ``records`` (what ``es.sweep`` returned for pairs of
    seeds), the 10-NN overlap at d = 300 minus the one at d = 100; the mean of these differences and its 95 %
    interval, as an ``Interval``."""
    from ...stats import mean_ci, pairwise_ci

    at300, at100 = _knn_by_pair(records, 300), _knn_by_pair(records, 100)
    pairs = [p for p in at300 if p in at100]
    diffs = [at300[p] - at100[p] for p in pairs]
    right, naive = pairwise_ci(diffs, pairs), mean_ci(diffs)

    def verify(ans):
        parts = _interval_parts(ans)
        if parts is None:
            return hint(
                "Cần một Interval (có mean, low, high với các giá trị hữu hạn), như giá trị mà es.mean_ci hoặc es.pairwise_ci trả về.",
                "Expected an Interval (with finite mean, low and high), such as es.mean_ci or es.pairwise_ci return.",
            )
        mean, low, high = parts
        if not _close(mean, right.mean):
            if abs(right.mean) > 1e-9 and _close(mean, -right.mean):
                return hint(
                    "Ngược dấu: hãy lấy giá trị ở d = 300 trừ giá trị ở d = 100.",
                    "The sign is reversed: take the value at d = 300 minus the one at d = 100.",
                )
            if any(_close(mean, np.mean(list(v.values()))) for v in (at300, at100)):
                return hint(
                    "Đó là độ trùng lặp trung bình ở một giá trị d, chưa phải hiệu giữa d = 300 và d = 100.",
                    "That is the mean overlap at one value of d, not the difference between d = 300 and d = 100.",
                )
            return hint(
                'Trung bình chưa đúng: với mỗi cặp (seed_a, seed_b), lấy "knn" ở d = 300 trừ "knn" ở d = 100.',
                'The mean is not right: for each pair (seed_a, seed_b), take "knn" at d = 300 minus "knn" at d = 100.',
            )
        if _close(low, naive.low) and _close(high, naive.high):
            return hint(
                "Trung bình đúng, nhưng khoảng tin cậy quá hẹp: các cặp (0, 1) và (0, 2) có chung seed 0, nên "
                "các hiệu không độc lập. Hàm nào lấy mẫu lại theo seed?",
                "The mean is right, but the interval is too narrow: pairs (0, 1) and (0, 2) share seed 0, so the "
                "differences are not independent. Which function resamples seeds?",
                then={
                    "vi": "es.pairwise_ci(differences, pairs), với pairs là các cặp (seed_a, seed_b) theo cùng thứ tự với các hiệu.",
                    "en": "es.pairwise_ci(differences, pairs) with pairs = the (seed_a, seed_b) pairs, in the same order.",
                },
            )
        if not (_close(low, right.low) and _close(high, right.high)):
            return hint(
                "Trung bình đúng nhưng khoảng tin cậy thì không: mỗi hiệu thuộc về một cặp seed.",
                "The mean is right but the interval is not: each difference belongs to a pair of seeds.",
            )
        ratio = (right.high - right.low) / (naive.high - naive.low)
        zero = right.low <= 0 <= right.high
        naive_zero = naive.low <= 0 <= naive.high
        verdict = {
            "vi": "khoảng tin cậy theo seed chứa 0: ở mức seed, không phân biệt được độ trùng lặp ở d = 300 với ở "
            "d = 100"
            if zero
            else "khoảng tin cậy theo seed không chứa 0: độ trùng lặp ở d = 300 khác ở d = 100",
            "en": "the seed-level interval contains 0: at the level of seeds, the overlap at d = 300 cannot be told "
            "from the one at d = 100"
            if zero
            else "the seed-level interval excludes 0: the overlap at d = 300 differs from the one at d = 100",
        }
        trap = {
            "vi": " — và khoảng ấy không chứa 0: nó sẽ khẳng định một thay đổi mà các seed không ủng hộ"
            if zero and not naive_zero
            else "",
            "en": " — and it excludes 0: it would claim a change that the seeds do not support"
            if zero and not naive_zero
            else "",
        }
        return Correct(
            {
                "vi": f"{right} với {right.n} seed; {verdict['vi']}. Một khoảng t trên {len(diffs)} hiệu như thể "
                f"chúng độc lập sẽ là {naive} — hẹp hơn {ratio:.1f} lần{trap['vi']}.",
                "en": f"{right} with {right.n} seeds; {verdict['en']}. A t interval over the {len(diffs)} "
                f"differences as if they were independent would be {naive} — {ratio:.1f} times narrower{trap['en']}.",
            }
        )

    return report("8.2", lang, verify, answer, strict=strict)
