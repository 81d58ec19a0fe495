"""Exercise 10.3 (predict – run – interpret): how much wider the seed-level interval is with three seeds than with
five (``ch10_predict_three_seeds``)."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report
from ._shared import _letter


def _width(iv):
    return iv.high - iv.low


def ch10_predict_three_seeds(prediction, measured, interpretation, res, *, lang="en", strict=None):
    """Exercise 10.3 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    width of the seed-level 95 % interval of the 10-NN overlap with the first three runs of ``res`` only, divided by
    its width with all five runs; ``interpretation``: the letter of the option the measurement supports."""
    from scipy.stats import t as _t

    from ...stats import mean_ci, pairwise_ci

    s = res.summary["knn_overlap"]
    pairs, values = list(res.pairs), np.asarray(s.values, dtype=float)
    if len(res.names) < 4:
        raise ValueError(f"exercise 10.3 needs an assessment of at least 4 runs, got {len(res.names)}")
    full = pairwise_ci(values, pairs)

    def sub(names):
        keep = [p for p, (a, b) in enumerate(pairs) if a in names and b in names]
        return values[keep], [pairs[p] for p in keep]

    v3, p3 = sub(res.names[:3])
    want = _width(pairwise_ci(v3, p3)) / _width(full)
    naive = _width(mean_ci(v3)) / _width(full)
    triples = [_width(pairwise_ci(*sub(t))) / _width(full) for t in combinations(res.names, 3)]
    t_ratio = _t.ppf(0.975, 2) / _t.ppf(0.975, len(res.names) - 1)
    right = "a" if want > 1.25 else "c" if want < 0.8 else "b"

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
                "`measured` phải là một con số: độ rộng với 3 lần huấn luyện chia cho độ rộng với 5 lần.",
                "`measured` must be one number: the width with 3 runs divided by the width with 5 runs.",
            )
        if not np.isclose(m, want, rtol=1e-6):
            if want > 0 and np.isclose(m, 1 / want, rtol=1e-6):
                return hint(
                    "Bạn đã chia ngược: lấy độ rộng với 3 lần huấn luyện chia cho độ rộng với 5 lần.",
                    "The ratio is upside down: divide the width with 3 runs by the width with 5 runs.",
                )
            if np.isclose(m, naive, rtol=1e-6):
                return hint(
                    "Ba cặp (0, 1), (0, 2), (1, 2) có chung seed: chúng không độc lập, nên es.mean_ci không áp dụng được. "
                    "Khoảng tin cậy nào lấy mẫu lại theo seed?",
                    "The three pairs (0, 1), (0, 2), (1, 2) share seeds: they are not independent, so es.mean_ci does "
                    "not apply. Which interval resamples seeds?",
                )
            return hint(
                "Giữ các cặp mà cả hai lần huấn luyện đều thuộc res.names[:3], lấy es.pairwise_ci trên chúng, rồi chia "
                'độ rộng (high − low) cho độ rộng của res.summary["knn_overlap"].interval.',
                "Keep the pairs whose two runs are both in res.names[:3], take es.pairwise_ci over them, and divide its "
                'width (high − low) by that of res.summary["knn_overlap"].interval.',
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Tỉ số đo được là {want:.2f}. Phương án nào khớp với nó?",
                f"The measured ratio is {want:.2f}. Which option matches it?",
            )
        lo, hi = min(triples), max(triples)
        return Correct(
            {
                "vi": prediction_line(number(pred), want, "vi")
                + f" Riêng phân vị t đã cho hệ số {t_ratio:.2f}. Trên cả {len(triples)} bộ ba seed có thể chọn từ "
                f"{len(res.names)} seed, tỉ số này dao động từ {lo:.2f} đến {hi:.2f}: với 3 seed, ngay cả độ rộng của "
                "khoảng tin cậy cũng không chắc chắn. Hãy huấn luyện từ 5 seed trở lên.",
                "en": prediction_line(number(pred), want, "en")
                + f" The t quantile alone gives a factor {t_ratio:.2f}. Over the {len(triples)} triples of seeds "
                f"one can pick from the {len(res.names)}, the ratio ranges from {lo:.2f} to {hi:.2f}: with 3 seeds even the width of "
                "the interval is uncertain. Train 5 seeds or more.",
            }
        )

    return report("10.3", lang, verify, (prediction, measured, interpretation), strict=strict)
