"""Exercise 1.2: leave-one-seed-out means of values measured on pairs of runs (``ch01_leave_one_seed_out``)."""

from __future__ import annotations

import numpy as np

from .._core import (
    Correct,
    call,
    float_array,
    hint,
    report,
)


def _loo_reference(values, pairs):
    values = np.asarray(values, dtype=float)
    seeds = sorted({s for p in pairs for s in p})
    return np.array([values[[s not in p for p in pairs]].mean() for s in seeds]), seeds


def _loo_cases():
    """Test data: values on pairs of non-contiguous seeds, given in a shuffled order, with a seed effect."""
    from itertools import combinations

    rng = np.random.default_rng(101)
    cases = []
    for seeds in ([3, 7, 11, 20, 42], [5, 1, 9, 2]):
        effect = dict(zip(seeds, rng.normal(0, 0.05, len(seeds))))
        pairs = list(combinations(seeds, 2))
        pairs = [pairs[i] for i in rng.permutation(len(pairs))]
        values = [0.3 + effect[a] + effect[b] + rng.normal(0, 0.01) for a, b in pairs]
        cases.append((values, pairs))
    return cases


def ch01_leave_one_seed_out(answer, values, pairs, *, lang="en", strict=None):
    """Exercise 1.2 — ``answer(values, pairs)``: for every seed, in increasing order of the seed, the mean of the
    values of the pairs that do not contain it.  The check tries it on its own data, then on ``values`` and
    ``pairs`` (the chapter's)."""
    from ...stats import mean_ci, pairwise_ci

    chapter_values = np.asarray(values, dtype=float)
    chapter_pairs = [tuple(p) for p in pairs]

    def verify(fn):
        for vals, prs in _loo_cases() + [(chapter_values, chapter_pairs)]:
            want, seeds = _loo_reference(vals, prs)
            raw = call(fn, list(vals), list(prs))
            got = float_array(raw)
            if got is None or got.ndim != 1:
                return hint(
                    "Cần một mảng một chiều: mỗi seed một giá trị trung bình.",
                    "Expected a one-dimensional array: one mean per seed.",
                )
            if got.shape == (len(prs),):
                return hint(
                    f"Bạn trả về {len(prs)} giá trị, mỗi cặp một giá trị; cần {len(seeds)} giá trị, mỗi seed "
                    "một giá trị: mỗi lần bỏ đi một seed cùng với mọi cặp chứa nó.",
                    f"You returned {len(prs)} values, one per pair; expected {len(seeds)}, one per seed: "
                    "leave out one seed, with every pair that contains it.",
                )
            if got.shape != (len(seeds),):
                return hint(
                    f"Cần {len(seeds)} giá trị (một giá trị cho mỗi seed); bạn trả về {got.shape[0]}.",
                    f"Expected {len(seeds)} values (one per seed); got {got.shape[0]}.",
                )
            if np.allclose(got, want, atol=1e-9):
                continue
            vals_arr = np.asarray(vals, dtype=float)
            keep = np.array([vals_arr[[s in p for p in prs]].mean() for s in seeds])
            if np.allclose(got, keep, atol=1e-9):
                return hint(
                    "Bạn lấy trung bình các cặp *chứa* seed s; cần bỏ các cặp đó đi và lấy trung bình phần còn lại.",
                    "You averaged the pairs that *contain* seed s; leave those out and average the others.",
                )
            if np.allclose(np.sort(got), np.sort(want), atol=1e-9):
                return hint(
                    "Các giá trị đúng nhưng sai thứ tự: hãy sắp xếp theo seed tăng dần (sorted).",
                    "Right values, wrong order: list the seeds in increasing order (sorted).",
                )
            return hint(
                "Với mỗi seed s, chỉ giữ lại các cặp không có s rồi lấy trung bình giá trị của chúng.",
                "For every seed s, keep only the pairs without s and average their values.",
                then={
                    "vi": "seeds = sorted({s for p in pairs for s in p}); với mỗi s: np.mean([v for v, p in "
                    "zip(values, pairs) if s not in p]).",
                    "en": "seeds = sorted({s for p in pairs for s in p}); for each s: np.mean([v for v, p in "
                    "zip(values, pairs) if s not in p]).",
                },
            )
        loo, _ = _loo_reference(chapter_values, chapter_pairs)
        seed_iv, naive = pairwise_ci(chapter_values, chapter_pairs), mean_ci(chapter_values)
        spread = {"pairs": chapter_values.std(ddof=1), "loo": loo.std(ddof=1)}
        return Correct(
            {
                "vi": f"Trên số liệu của mục 2: {len(chapter_values)} giá trị theo cặp có độ lệch chuẩn "
                f"{spread['pairs']:.4f}; {len(loo)} giá trị trung bình khi bỏ đi một seed có độ lệch chuẩn {spread['loo']:.4f}. "
                f"pairwise_ci nhân độ phân tán của các trung bình này lên (hệ số (n − 1)/n và t với n − 1 bậc tự do): "
                f"nửa độ rộng theo seed là {(seed_iv.high - seed_iv.low) / 2:.4f}, còn khoảng t coi các cặp là độc "
                f"lập chỉ cho {(naive.high - naive.low) / 2:.4f}.",
                "en": f"On the data of section 2: the {len(chapter_values)} pair values have standard deviation "
                f"{spread['pairs']:.4f}; the {len(loo)} leave-one-seed-out means {spread['loo']:.4f}. pairwise_ci "
                f"scales up the spread of these means (factor (n − 1)/n and t with n − 1 degrees of freedom): the "
                f"seed-level half-width is {(seed_iv.high - seed_iv.low) / 2:.4f}, while a t interval that treats "
                f"the pairs as independent gives only {(naive.high - naive.low) / 2:.4f}.",
            }
        )

    return report("1.2", lang, verify, answer, strict=strict)
