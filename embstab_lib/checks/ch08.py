"""Checks of the exercises of chapter 08 (dimension and data size)."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, hint, is_stub, number, prediction_line, report

__all__ = ["ch08_pip_best", "ch08_interval_from_records", "ch08_predict_two_corpora"]

#: A V×V float64 matrix on the check's 2 000 rows takes 32 MB; a d×d route needs far less than this.
_MEMORY_LIMIT = 8_000_000


def _peak_bytes(fn, *args):
    """Peak memory (bytes, as ``tracemalloc`` sees NumPy arrays) of ``call(fn, *args)`` and its result."""
    import tracemalloc

    started = not tracemalloc.is_tracing()
    if started:
        tracemalloc.start()
    tracemalloc.reset_peak()
    base = tracemalloc.get_traced_memory()[0]
    try:
        result = call(fn, *args)
        peak = tracemalloc.get_traced_memory()[1] - base
    finally:
        if started:
            tracemalloc.stop()
    return result, peak


def _pip_best(E, T, center=True):
    """min_s ‖sEEᵀ − TTᵀ‖_F / ‖TTᵀ‖_F through d×d products (centred columns when ``center``)."""
    if center:
        E, T = E - E.mean(axis=0), T - T.mean(axis=0)
    cos = np.linalg.norm(E.T @ T) ** 2 / (np.linalg.norm(E.T @ E) * np.linalg.norm(T.T @ T))
    return float(np.sqrt(max(1 - cos**2, 0.0))), float(cos)


def _brute(E, T):
    Ec, Tc = E - E.mean(axis=0), T - T.mean(axis=0)
    G, TT = Ec @ Ec.T, Tc @ Tc.T
    s = np.sum(G * TT) / np.sum(G * G)
    return float(np.linalg.norm(s * G - TT) / np.linalg.norm(TT)), float(np.linalg.norm(G - TT) / np.linalg.norm(TT))


def _cases():
    rng = np.random.default_rng(81)
    T = rng.normal(size=(60, 3)) + 2.0  # an offset: centring matters
    return [
        (T @ rng.normal(size=(3, 3)) + 0.5 * rng.normal(size=(60, 3)), T),
        (rng.normal(size=(60, 5)) * 4.0, T),  # another width, another scale
        (3.0 * (T - T.mean(axis=0)) @ np.linalg.qr(rng.normal(size=(3, 3)))[0] - 7.0, T),  # exact: 0
    ]


def ch08_pip_best(answer, run, *, lang="en", strict=None):
    """Exercise 8.1 — ``answer(E, T)``: the relative PIP loss of E against T at the best scale (centred columns,
    no V×V matrix).  ``run`` (a run with ``.kv`` and ``.truth``) is used to report what your function gives on
    real runs."""
    E_run = np.asarray(run.kv.vectors, dtype=float)
    T_run = np.asarray(run.truth, dtype=float)

    def verify(fn):
        for E, T in _cases():
            got = number(call(fn, E.copy(), T.copy()))
            if got is None:
                return hint("Cần trả về một số thực hữu hạn.", "Return one finite real number.")
            want, at_one = _brute(E, T)
            if np.isclose(got, want, rtol=1e-6, atol=1e-7):
                continue
            if want > 1e-3 and np.isclose(got, want**2, rtol=1e-6):
                return hint(
                    "Đó là bình phương của mất mát: hãy lấy căn bậc hai.",
                    "That is the square of the loss: take the square root.",
                )
            if np.isclose(got, at_one, rtol=1e-6):
                return hint(
                    "Đó là mất mát với s = 1: hãy chọn hệ số tỉ lệ s làm mất mát nhỏ nhất (đạo hàm theo s bằng 0).",
                    "That is the loss at s = 1: choose the scale s that makes the loss smallest "
                    "(set the derivative in s to 0).",
                    then={
                        "vi": "s* = ⟨EEᵀ, TTᵀ⟩ / ‖EEᵀ‖²_F; ⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F và ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                        "en": "s* = ⟨EEᵀ, TTᵀ⟩ / ‖EEᵀ‖²_F; ⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F and ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                    },
                )
            if np.isclose(got, _pip_best(E, T, center=False)[0], rtol=1e-6):
                return hint(
                    "Gần đúng rồi, nhưng bạn chưa trung tâm hóa các cột của E và T.",
                    "Almost: you did not centre the columns of E and T.",
                )
            return hint(
                "Viết ‖sEEᵀ − TTᵀ‖²_F thành một đa thức bậc hai theo s, tìm s tốt nhất, rồi thay vào.",
                "Write ‖sEEᵀ − TTᵀ‖²_F as a quadratic in s, find the best s, and substitute it.",
                then={
                    "vi": "Với s* = ⟨EEᵀ, TTᵀ⟩/‖EEᵀ‖², mất mát tương đối bình phương là 1 − ⟨EEᵀ, TTᵀ⟩²/(‖EEᵀ‖²‖TTᵀ‖²); "
                    "⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F, ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                    "en": "With s* = ⟨EEᵀ, TTᵀ⟩/‖EEᵀ‖², the squared relative loss is 1 − ⟨EEᵀ, TTᵀ⟩²/(‖EEᵀ‖²‖TTᵀ‖²); "
                    "⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F, ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                },
            )
        raw, peak = _peak_bytes(fn, E_run.copy(), T_run.copy())
        got = number(raw)
        want, cos = _pip_best(E_run, T_run)
        if got is None or not np.isclose(got, want, rtol=1e-6, atol=1e-7):
            return hint(
                "Đúng trên các ma trận nhỏ nhưng sai trên lần huấn luyện thật: có phải bạn đã giả định E và T "
                "cùng số cột hoặc cùng kiểu dữ liệu?",
                "Right on the small matrices but not on the real run: did you assume that E and T have the "
                "same width or dtype?",
            )
        if peak > _MEMORY_LIMIT:
            return hint(
                f"Kết quả đúng, nhưng hàm dùng {peak / 1e6:.0f} MB trên {len(E_run)} hàng: có một ma trận V×V. "
                "Hãy chỉ dùng các tích d×d như EᵀT.",
                f"The value is right, but your function used {peak / 1e6:.0f} MB on {len(E_run)} rows: it "
                "forms a V×V matrix. Use d×d products such as EᵀT only.",
            )
        return Correct(
            {
                "vi": f"Trên lần huấn luyện ở N = 2·10⁶: {want:.3f} = √(1 − CKA²) với CKA = {cos:.3f} — CKA tuyến tính "
                "chính là cosine của góc giữa hai ma trận Gram đã trung tâm hóa, và mất mát PIP với hệ số tỉ lệ tốt "
                "nhất là sin của góc ấy: hai thước đo mang cùng một thông tin.",
                "en": f"On the run at N = 2·10⁶: {want:.3f} = √(1 − CKA²) with CKA = {cos:.3f} — linear CKA is the "
                "cosine of the angle between the two centred Gram matrices, and the PIP loss at the best scale is "
                "its sine: the two measures carry the same information.",
            }
        )

    return report("8.1", lang, verify, answer, strict=strict)


def _interval_parts(ans):
    """(mean, low, high) of an Interval-like answer, or None."""
    if not all(hasattr(ans, a) for a in ("mean", "low", "high")):
        return None
    parts = tuple(number(getattr(ans, a)) for a in ("mean", "low", "high"))
    return None if None in parts else parts


def _close(x, y, rtol=1e-9):
    return bool(np.isclose(x, y, rtol=rtol, atol=1e-12))


def _knn_by_pair(records, d):
    return {(r["seed_a"], r["seed_b"]): r["knn"] for r in records if r.get("vector_size") == d}


def ch08_interval_from_records(answer, records, *, lang="en", strict=None):
    """Exercise 8.2 — ``answer``: for every pair of seeds in ``records`` (what ``es.sweep`` returned for pairs of
    seeds), the 10-NN overlap at d = 300 minus the one at d = 100; the mean of these differences and its 95 %
    interval, as an ``Interval``."""
    from ..stats import mean_ci, pairwise_ci

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
    from ..compare import linear_cka
    from ..stats import mean_ci, pairwise_ci, seed_pairs

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
