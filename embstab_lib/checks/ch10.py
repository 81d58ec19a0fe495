"""Checks of the exercises of chapter 10 (discussion, conclusion and a practical checklist)."""

from __future__ import annotations

from itertools import combinations

import numpy as np

from ._core import Correct, NotDone, hint, is_stub, number, prediction_line, report

__all__ = ["ch10_read_assessment", "ch10_planted_runs", "ch10_planted_case", "ch10_predict_three_seeds"]

_LETTERS = ("a", "b", "c", "d", "e", "f")


def _letter(x, allowed=("a", "b", "c")):
    if isinstance(x, str) and x.strip().lower().strip("()") in allowed:
        return x.strip().lower().strip("()")
    return None


def _letters(x):
    """A set of statement letters from a set, list, tuple or string such as "a, c"; None if it is not one."""
    if isinstance(x, str):
        items = [c for c in x.lower() if c.isalpha()]
    elif isinstance(x, (set, frozenset, list, tuple)):
        if not all(isinstance(c, str) for c in x):
            return None
        items = [c.strip().lower().strip("()") for c in x]
    else:
        return None
    if not all(c in _LETTERS for c in items):
        return None
    return set(items)


def _band(res, low):
    """The frequency band of ``res`` that starts at count ``low`` (labels such as "100–999", "1 000–9 999" or "≥1 000")."""
    for b in res.bands or ():
        if b.label.lstrip("≥").split("–")[0].replace(" ", "") == str(low):
            return b
    raise ValueError(f"the assessment has no frequency band from {low} (bands: {[b.label for b in res.bands or ()]})")


def _statements(res):
    """Which statements of exercise 10.1 the assessment ``res`` supports: {letter: (supported, why_vi, why_en)}."""
    s = res.summary
    knn, cka = s["knn_overlap"], s["linear_cka"]
    held, fit = s["procrustes_heldout"], s["procrustes_residual"]
    top = _band(res, 1000)
    best = max(res.bands, key=lambda b: b.measures["knn_overlap"][0])
    below = [x.label for x in s.values() if not x.above_chance]
    return {
        "a": (
            not below,
            "Hãy đọc cột “above chance” (trên mức cơ sở ngẫu nhiên) của bảng tóm tắt: khoảng tin cậy theo seed của "
            "mỗi thước đo có nằm hẳn về phía ổn định của khoảng giá trị khi xáo trộn từ không?",
            "Read the “above chance” column of the summary: does each measure's seed-level interval lie entirely on "
            "the stable side of its shuffled-words range?",
        ),
        "b": (
            abs(cka.mean - knn.mean) < 0.05,
            f"CKA tuyến tính ({cka.mean:.3f}) và độ trùng lặp 10 láng giềng ({knn.mean:.3f}) là hai con số khác nhau: "
            "CKA bị chi phối bởi vài hướng có phương sai lớn, nó không đếm láng giềng.",
            f"Linear CKA ({cka.mean:.3f}) and the 10-NN overlap ({knn.mean:.3f}) are different numbers: CKA is "
            "dominated by a few high-variance directions, it does not count neighbours.",
        ),
        "c": (
            held.interval.low > fit.interval.high,
            f"So sánh hai khoảng tin cậy theo seed: phần dư Procrustes trên tập giữ lại "
            f"[{held.interval.low:.3f}, {held.interval.high:.3f}] và trên chính các từ đã khớp "
            f"[{fit.interval.low:.3f}, {fit.interval.high:.3f}].",
            f"Compare the two seed-level intervals: held-out Procrustes residual "
            f"[{held.interval.low:.3f}, {held.interval.high:.3f}], residual on the words it was fitted on "
            f"[{fit.interval.low:.3f}, {fit.interval.high:.3f}].",
        ),
        "d": (
            best is top,
            f"Trong bảng dải tần suất, dải có độ trùng lặp 10 láng giềng cao nhất là {best.label} "
            f"({best.measures['knn_overlap'][0]:.3f}), còn dải {top.label} là {top.measures['knn_overlap'][0]:.3f}.",
            f"In the band table the highest 10-NN overlap is that of band {best.label} "
            f"({best.measures['knn_overlap'][0]:.3f}); band {top.label} has {top.measures['knn_overlap'][0]:.3f}.",
        ),
        "e": (
            False,
            "Khoảng tin cậy theo seed là khoảng cho giá trị trung bình (trên các từ và các cặp lần huấn luyện), "
            "không phải khoảng chứa 95 % số từ: từng từ có độ trùng lặp từ 0 đến 1.",
            "The seed-level interval is an interval for the mean (over words and pairs of runs), not a range that "
            "holds 95 % of the words: single words range from 0 to 1.",
        ),
        "f": (
            False,
            "Đọc lại cảnh báo: es.assess trung tâm hóa các vector trước khi căn chỉnh Procrustes và tính cosine sau "
            "căn chỉnh, và mức cơ sở ngẫu nhiên của nó gần 0.",
            "Read the warning again: es.assess centres the vectors before the Procrustes alignment and the aligned "
            "cosine, and its chance level is close to 0.",
        ),
    }


def ch10_read_assessment(answer, res, *, lang="en", strict=None):
    """Exercise 10.1 — ``answer``: the set of the letters of the statements that the assessment ``res`` of the
    five standard runs supports."""
    truth = _statements(res)
    right = {k for k, (ok, _, _) in truth.items() if ok}

    def verify(ans):
        got = _letters(ans)
        if got is None:
            return hint(
                'Cần một tập hợp các chữ cái từ "a" đến "f", ví dụ {"a", "b"}.',
                'Expected a set of letters from "a" to "f", e.g. {"a", "b"}.',
            )
        if got == right:
            wrong = sorted(set(_LETTERS) - right)
            return Correct(
                {
                    "vi": f"Đúng các phát biểu {', '.join(sorted(right))}; {', '.join(wrong)} không được các con số "
                    "ủng hộ. Một bản đánh giá đọc đúng cách: mỗi thước đo so với mức cơ sở ngẫu nhiên của chính nó, phần "
                    "dư chấm trên các từ giữ lại, các dải tần suất so bằng khoảng tin cậy theo seed, và không suy từ "
                    "một thước đo toàn cục (CKA) ra láng giềng của từng từ.",
                    "en": f"Statements {', '.join(sorted(right))} hold; {', '.join(wrong)} are not supported by the "
                    "numbers. An assessment read the right way: every measure against its own chance level, residuals "
                    "scored on held-out words, bands compared through their seed-level intervals, and no inference "
                    "from a global measure (CKA) to the neighbours of single words.",
                }
            )
        extra, missing = sorted(got - right), sorted(right - got)
        letter = (extra or missing)[0]
        _, why_vi, why_en = truth[letter]
        if extra:
            return hint(
                f"Phát biểu {letter} không được các con số ủng hộ. {why_vi}",
                f"Statement {letter} is not supported by the numbers. {why_en}",
            )
        return hint(
            f"Bạn bỏ sót một phát biểu mà các con số ủng hộ: {letter}. {why_vi}",
            f"You left out a statement that the numbers support: {letter}. {why_en}",
        )

    return report("10.1", lang, verify, answer, strict=strict)


def ch10_planted_runs(n_words=2000, dim=50, n_runs=3, seed=10):
    """The runs someone hands you in exercise 10.2: a list of ``n_runs`` arrays of shape (n_words, dim), row w of
    every array being word w."""
    from ..compare import random_orthogonal

    rng = np.random.default_rng(seed)
    return [
        3.0 * random_orthogonal(dim, seed=r)[0] + rng.normal(size=(n_words, dim)) / np.sqrt(dim) for r in range(n_runs)
    ]


def _naive_cosine(A, B):
    """Mean cosine of a_w Q* and b_w, Q* the orthogonal Procrustes map of the raw (uncentred) rows."""
    from ..compare import mean_cosine, procrustes

    return mean_cosine(procrustes(A, B).aligned, B)


def ch10_planted_case(naive, naive_chance, verdict, runs, *, lang="en", strict=None):
    """Exercise 10.2 — ``naive``: the mean cosine after Procrustes alignment of ``runs[0]`` onto ``runs[1]``, without
    centring; ``naive_chance``: the same with the rows of ``runs[1]`` shuffled; ``verdict``: the letter of the option
    that ``es.assess(runs)`` supports."""
    from ..assessment import assess
    from ..compare import mean_cosine, procrustes

    A, B = (np.asarray(r, dtype=float) for r in runs[:2])
    want = _naive_cosine(A, B)
    perms = [np.random.default_rng(100 + t).permutation(len(B)) for t in range(5)]
    nulls = [_naive_cosine(A, B[p]) for p in perms]
    lo, hi = min(nulls) - 0.01, max(nulls) + 0.01
    res = assess([np.asarray(r, dtype=float) for r in runs], n_perm=5)
    s = res.summary
    right = (
        "b"
        if not any(x.above_chance for x in s.values())
        else ("c" if s["linear_cka"].above_chance and not s["knn_overlap"].above_chance else "a")
    )

    def verify(ans):
        nv, nc, letter_in = ans
        if is_stub(nc) or is_stub(letter_in):
            raise NotDone
        got = number(nv)
        if got is None:
            return hint("`naive` phải là một con số.", "`naive` must be one number.")
        if not np.isclose(got, want, rtol=1e-6, atol=1e-9):
            if np.isclose(got, mean_cosine(A, B), rtol=1e-6, atol=1e-9):
                return hint(
                    "Đó là cosine trung bình chưa căn chỉnh: hãy căn chỉnh runs[0] theo runs[1] bằng Procrustes trước.",
                    "That is the unaligned mean cosine: align runs[0] onto runs[1] with Procrustes first.",
                )
            Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
            if np.isclose(got, mean_cosine(procrustes(Ac, Bc).aligned, Bc), rtol=1e-6, atol=1e-9):
                return hint(
                    "Đó là phiên bản đã trung tâm hóa — phiên bản trung thực. Bài tập hỏi con số mà một đánh giá "
                    "ngây thơ sẽ báo cáo: căn chỉnh các vector thô, không trung tâm hóa.",
                    "That is the centred version — the honest one. The exercise asks for the number a naive "
                    "evaluation reports: align the raw vectors, without centring.",
                )
            return hint(
                "Căn chỉnh runs[0] theo runs[1] (es.procrustes trên các vector thô), rồi lấy cosine trung bình của "
                "từng từ với chính nó (es.mean_cosine).",
                "Align runs[0] onto runs[1] (es.procrustes on the raw vectors), then take the mean cosine of each word "
                "with itself (es.mean_cosine).",
            )
        chance = number(nc)
        if chance is None:
            return hint("`naive_chance` phải là một con số.", "`naive_chance` must be one number.")
        if np.isclose(chance, want, rtol=1e-6, atol=1e-9) and not lo <= want <= hi:
            return hint(
                "Đó chính là `naive`: với mức cơ sở ngẫu nhiên, hãy xáo trộn các hàng của runs[1] trước khi căn chỉnh.",
                "That is `naive` itself: for the chance baseline, shuffle the rows of runs[1] before aligning.",
            )
        if not lo <= chance <= hi:
            return hint(
                "Mức cơ sở ngẫu nhiên: cùng phép tính, nhưng với các hàng của runs[1] bị xáo trộn "
                "(runs[1][rng.permutation(len(runs[1]))]).",
                "The chance baseline: the same computation with the rows of runs[1] shuffled "
                "(runs[1][rng.permutation(len(runs[1]))]).",
            )
        letter = _letter(letter_in)
        if letter is None:
            return hint(
                '`verdict` phải là một trong các chữ cái "a", "b", "c".',
                '`verdict` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            knn, cka = s["knn_overlap"], s["linear_cka"]
            return hint(
                f"Cosine ngây thơ {want:.3f} so với mức cơ sở ngẫu nhiên {np.mean(nulls):.3f}. Chạy es.assess(runs) và "
                "đọc cột “above chance”: thước đo nào nằm trên mức cơ sở ngẫu nhiên?",
                f"The naive cosine {want:.3f} against its chance level {np.mean(nulls):.3f}. Run es.assess(runs) and read "
                "the “above chance” column: which measures are above their chance level?",
                then={
                    "vi": f"Độ trùng lặp 10 láng giềng {knn.mean:.4f} (mức cơ sở {knn.chance:.4f}); CKA {cka.mean:.4f} "
                    f"(mức cơ sở {cka.chance:.4f}).",
                    "en": f"10-NN overlap {knn.mean:.4f} (chance {knn.chance:.4f}); CKA {cka.mean:.4f} "
                    f"(chance {cka.chance:.4f}).",
                },
            )
        return Correct(
            {
                "vi": f"Cosine sau căn chỉnh, không trung tâm hóa: {want:.3f} — trông như rất ổn định, nhưng khi xáo "
                f"trộn từ nó vẫn là {np.mean(nulls):.3f}. Các lần huấn luyện cài sẵn này không chung gì ở mức từng "
                "từ: mỗi lần chỉ có một hướng chung của riêng nó, và phép căn chỉnh xoay hướng này trùng hướng kia. "
                "Hai mục của danh sách kiểm tra bắt được điều đó: mức cơ sở ngẫu nhiên và trung tâm hóa.",
                "en": f"Aligned cosine without centring: {want:.3f} — it looks very stable, yet with the words shuffled "
                f"it is still {np.mean(nulls):.3f}. These planted runs share nothing word by word: each has a common "
                "direction of its own, and the alignment turns one onto the other. Two items of the checklist catch "
                "it: the chance baseline and centring.",
            }
        )

    return report("10.2", lang, verify, (naive, naive_chance, verdict), strict=strict)


def _width(iv):
    return iv.high - iv.low


def ch10_predict_three_seeds(prediction, measured, interpretation, res, *, lang="en", strict=None):
    """Exercise 10.3 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    width of the seed-level 95 % interval of the 10-NN overlap with the first three runs of ``res`` only, divided by
    its width with all five runs; ``interpretation``: the letter of the option the measurement supports."""
    from scipy.stats import t as _t

    from ..stats import mean_ci, pairwise_ci

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
