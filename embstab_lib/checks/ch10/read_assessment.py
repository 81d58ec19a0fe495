"""Exercise 10.1: which statements an assessment of the five standard runs supports (``ch10_read_assessment``).

Every statement is judged on numbers computed from the assessment itself, so the answer follows the data (the
tests use planted assessments where other statements hold)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, hint, report

_LETTERS = ("a", "b", "c", "d", "e", "f")


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


def _numbers(res):
    """What the statements of exercise 10.1 are judged on, computed from ``res`` (an assessment with bands)."""
    from scipy.stats import spearmanr

    s = res.summary
    knn, word_knn = s["knn_overlap"], np.asarray(res.per_word["knn_overlap"], dtype=float)
    if not res.bands:
        raise ValueError("exercise 10.1 needs an assessment with frequency bands (assess(..., counts=...))")
    rarest = res.bands[0].measures["knn_overlap"][1]
    return {
        "rarest": res.bands[0],
        "times_chance": rarest.low / knn.chance,
        "share_03": float(np.mean(word_knn >= 0.3)),
        "median": float(np.median(word_knn)),
        "inside": float(np.mean((word_knn >= knn.interval.low) & (word_knn <= knn.interval.high))),
        "rho": float(spearmanr(res.per_word["aligned_cosine"], word_knn)[0]),
        "top": _band(res, 1000),
        "best": max(res.bands, key=lambda b: b.measures["knn_overlap"][0]),
    }


def _statements(res):
    """Which statements of exercise 10.1 the assessment ``res`` supports: {letter: (supported, why_vi, why_en)}.

    Each ``why`` has two tiers: what to look at, then (after repeated failures) how to compute it."""
    s, n = res.summary, _numbers(res)
    held, fit = s["procrustes_heldout"], s["procrustes_residual"]
    best, top, rarest = n["best"], n["top"], n["rarest"]
    pw = 'res.per_word["knn_overlap"]'
    return {
        "a": (
            n["times_chance"] > 100,
            (f"Hãy so đầu dưới của khoảng tin cậy theo seed của dải hiếm nhất ({rarest.label}) với mức cơ sở ngẫu "
             "nhiên của độ trùng lặp 10-NN trong bảng tóm tắt: gấp bao nhiêu lần?",
             f'res.bands[0].measures["knn_overlap"][1].low / res.summary["knn_overlap"].chance = '
             f'{n["times_chance"]:.0f}.'),
            (f"Compare the lower end of the seed-level interval of the rarest band ({rarest.label}) with the chance "
             "level of the 10-NN overlap in the summary: how many times larger is it?",
             f'res.bands[0].measures["knn_overlap"][1].low / res.summary["knn_overlap"].chance = '
             f'{n["times_chance"]:.0f}.'),
        ),
        "b": (
            n["share_03"] > 0.5,
            ("Giá trị trung bình của độ trùng lặp không cho biết phần lớn các từ nằm ở đâu: hãy đếm trên từng từ, "
             f"bằng {pw}.",
             f"np.mean({pw} >= 0.3) = {n['share_03']:.2f}; trung vị là {n['median']:.2f}."),
            (f"The mean overlap does not tell where most words lie: count word by word, with {pw}.",
             f"np.mean({pw} >= 0.3) = {n['share_03']:.2f}; the median is {n['median']:.2f}."),
        ),
        "c": (
            held.interval.low > fit.interval.high,
            ("So sánh hai khoảng tin cậy theo seed: phần dư Procrustes trên tập giữ lại và trên chính các từ đã khớp.",
             f"[{held.interval.low:.3f}, {held.interval.high:.3f}] (tập giữ lại) và "
             f"[{fit.interval.low:.3f}, {fit.interval.high:.3f}] (các từ đã khớp)."),
            ("Compare the two seed-level intervals: held-out Procrustes residual, and the residual on the words it "
             "was fitted on.",
             f"[{held.interval.low:.3f}, {held.interval.high:.3f}] (held out) and "
             f"[{fit.interval.low:.3f}, {fit.interval.high:.3f}] (fitted words)."),
        ),
        "d": (
            best is top,
            ("Trong bảng dải tần suất, dải nào có độ trùng lặp 10-NN cao nhất?",
             f"Dải {best.label}: {best.measures['knn_overlap'][0]:.3f}; dải {top.label}: "
             f"{top.measures['knn_overlap'][0]:.3f}."),
            ("In the band table, which band has the highest 10-NN overlap?",
             f"Band {best.label}: {best.measures['knn_overlap'][0]:.3f}; band {top.label}: "
             f"{top.measures['knn_overlap'][0]:.3f}."),
        ),
        "e": (
            n["inside"] > 0.9,
            ("Khoảng tin cậy theo seed là khoảng cho giá trị trung bình, không phải khoảng chứa phần lớn các từ: hãy "
             f"đếm các từ có giá trị trong {pw} nằm trong khoảng ấy.",
             f"Chỉ {100 * n['inside']:.1f}% số từ nằm trong khoảng."),
            ("A seed-level interval is an interval for the mean, not a range that holds most words: count the words "
             f"whose value in {pw} lies inside it.",
             f"Only {100 * n['inside']:.1f} % of the words lie inside the interval."),
        ),
        "f": (
            n["rho"] > 0.5,
            ("Tính tương quan Spearman, trên các từ, giữa cosine sau căn chỉnh và độ trùng lặp 10-NN của từng từ "
             "(res.per_word).",
             f'scipy.stats.spearmanr(res.per_word["aligned_cosine"], {pw}) cho ρ = {n["rho"]:.2f}.'),
            ("Compute the Spearman correlation, over the words, of the per-word aligned cosine and 10-NN overlap "
             "(res.per_word).",
             f'scipy.stats.spearmanr(res.per_word["aligned_cosine"], {pw}) gives ρ = {n["rho"]:.2f}.'),
        ),
    }  # fmt: skip


def ch10_read_assessment(answer, res, *, lang="en", strict=None):
    """Exercise 10.1 — ``answer``: the set of the letters of the statements that the assessment ``res`` of the
    five standard runs supports (some need a computation on ``res.per_word``)."""
    truth = _statements(res)
    right = {k for k, (ok, _, _) in truth.items() if ok}
    n = _numbers(res)

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
                    f"ủng hộ. Một từ điển hình giữ được ít láng giềng hơn con số trung bình gợi ý (trung vị "
                    f"{n['median']:.2f}), chỉ {100 * n['inside']:.1f}% số từ nằm trong khoảng tin cậy của giá trị "
                    f"trung bình, và hai thước đo theo từng từ đồng ý về những từ kém ổn định (ρ = {n['rho']:.2f}). "
                    "Một bản đánh giá đọc đúng cách: mỗi thước đo so với mức cơ sở ngẫu nhiên của chính nó, phần dư "
                    "chấm trên các từ giữ lại, các dải tần suất so bằng khoảng tin cậy theo seed, và câu hỏi về từng "
                    "từ được trả lời bằng các giá trị theo từng từ, chứ không bằng khoảng tin cậy của giá trị trung bình.",
                    "en": f"Statements {', '.join(sorted(right))} hold; {', '.join(wrong)} are not supported by the "
                    f"numbers. A typical word keeps fewer neighbours than the mean suggests (median {n['median']:.2f}), "
                    f"only {100 * n['inside']:.1f} % of the words lie inside the interval for the mean, and the two "
                    f"per-word measures agree on which words are unstable (ρ = {n['rho']:.2f}). An assessment read "
                    "the right way: every measure against its own chance level, residuals scored on held-out words, "
                    "bands compared through their seed-level intervals, and questions about single words answered "
                    "with the per-word values, not with the interval for the mean.",
                }
            )
        extra, missing = sorted(got - right), sorted(right - got)
        letter = (extra or missing)[0]
        _, (look_vi, compute_vi), (look_en, compute_en) = truth[letter]
        then = {"vi": compute_vi, "en": compute_en}
        if extra:
            return hint(
                f"Phát biểu {letter} không được các con số ủng hộ. {look_vi}",
                f"Statement {letter} is not supported by the numbers. {look_en}",
                then=then,
            )
        return hint(
            f"Bạn bỏ sót một phát biểu mà các con số ủng hộ: {letter}. {look_vi}",
            f"You left out a statement that the numbers support: {letter}. {look_en}",
            then=then,
        )

    return report("10.1", lang, verify, answer, strict=strict)
