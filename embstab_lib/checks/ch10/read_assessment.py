"""Exercise 10.1: which statements an assessment of the five standard runs supports (``ch10_read_assessment``)."""

from __future__ import annotations

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
