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


def ch08_interval_from_records(answer, records, *, lang="en", strict=None):
    """Exercise 8.2 — ``answer``: the mean 10-NN overlap at d = 50 in ``records`` (what ``es.sweep`` returned for
    pairs of seeds) with its 95 % interval, as an ``Interval``."""
    from ..stats import mean_ci, pairwise_ci

    at50 = [r for r in records if r.get("vector_size") == 50]
    values, pairs = [r["knn"] for r in at50], [(r["seed_a"], r["seed_b"]) for r in at50]
    right, naive = pairwise_ci(values, pairs), mean_ci(values)

    def verify(ans):
        if not all(hasattr(ans, a) for a in ("mean", "low", "high")):
            return hint(
                "Cần một Interval (có mean, low, high), như giá trị mà es.pairwise_ci trả về.",
                "Expected an Interval (with mean, low, high), such as es.pairwise_ci returns.",
            )
        mean, low, high = (number(getattr(ans, a)) for a in ("mean", "low", "high"))
        if None in (mean, low, high):
            return hint("mean, low và high phải là các số hữu hạn.", "mean, low and high must be finite numbers.")
        if not np.isclose(mean, right.mean, rtol=1e-9):
            others = {
                r["vector_size"]: np.mean([x["knn"] for x in records if x["vector_size"] == r["vector_size"]])
                for r in records
            }
            if any(np.isclose(mean, v, rtol=1e-9) for v in others.values()):
                return hint(
                    "Đó là trung bình ở một giá trị d khác: chỉ giữ các bản ghi có vector_size == 50.",
                    "That is the mean at another d: keep only the records with vector_size == 50.",
                )
            return hint(
                'Trung bình chưa đúng: lấy giá trị "knn" của các bản ghi có vector_size == 50.',
                'The mean is not right: take the "knn" value of the records with vector_size == 50.',
            )
        if np.isclose(low, naive.low, rtol=1e-9) and np.isclose(high, naive.high, rtol=1e-9):
            return hint(
                "Trung bình đúng, nhưng khoảng tin cậy quá hẹp: các cặp (0, 1) và (0, 2) có chung seed 0, nên "
                "các giá trị không độc lập. Hàm nào lấy mẫu lại theo seed?",
                "The mean is right, but the interval is too narrow: pairs (0, 1) and (0, 2) share seed 0, so "
                "the values are not independent. Which function resamples seeds?",
                then={
                    "vi": 'es.pairwise_ci(values, pairs) với pairs = [(r["seed_a"], r["seed_b"]) ...].',
                    "en": 'es.pairwise_ci(values, pairs) with pairs = [(r["seed_a"], r["seed_b"]) ...].',
                },
            )
        if not (np.isclose(low, right.low, rtol=1e-9) and np.isclose(high, right.high, rtol=1e-9)):
            return hint(
                "Trung bình đúng nhưng khoảng tin cậy thì không: mỗi giá trị thuộc về một cặp seed.",
                "The mean is right but the interval is not: each value belongs to a pair of seeds.",
            )
        ratio = (right.high - right.low) / (naive.high - naive.low)
        return Correct(
            {
                "vi": f"{right} với {right.n} seed. Một khoảng t trên {len(values)} cặp như thể chúng độc lập sẽ là "
                f"{naive} — hẹp hơn {ratio:.1f} lần, vì nó coi mỗi cặp là một lần rút độc lập trong khi các cặp có "
                "chung seed.",
                "en": f"{right} with {right.n} seeds. A t interval over the {len(values)} pairs as if they were "
                f"independent would be {naive} — {ratio:.1f} times narrower, because it treats every pair as an "
                "independent draw while pairs share seeds.",
            }
        )

    return report("8.2", lang, verify, answer, strict=strict)


def _letter(x):
    if isinstance(x, str) and x.strip().lower().strip("()") in ("a", "b", "c"):
        return x.strip().lower().strip("()")
    return None


def ch08_predict_two_corpora(
    prediction, measured, interpretation, run_a, run_b, words, seeds_iv, truth_iv, *, lang="en", strict=None
):
    """Exercise 8.3 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    linear CKA between ``run_a`` and ``run_b`` (runs on two corpora drawn from the same planted vectors) on
    ``words``; ``interpretation``: the letter of the option the measurement supports, against ``seeds_iv`` (two
    seeds on one corpus) and ``truth_iv`` (a run against the truth)."""
    from ..compare import linear_cka

    A = np.asarray(run_a.kv.vectors, dtype=float)[[run_a.kv.key_to_index[w] for w in words]]
    B = np.asarray(run_b.kv.vectors, dtype=float)[[run_b.kv.key_to_index[w] for w in words]]
    want = linear_cka(A, B)
    right = "a" if want >= seeds_iv.low else "c" if want <= truth_iv.high else "b"

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
                "`measured` phải là một con số: CKA giữa hai lần huấn luyện.",
                "`measured` must be one number: the CKA between the two runs.",
            )
        if not np.isclose(m, want, rtol=1e-3):
            whole = linear_cka(*_all_shared(run_a, run_b))
            if np.isclose(m, whole, rtol=1e-3):
                return hint(
                    "Đó là CKA trên mọi từ chung của hai lần huấn luyện: hãy chỉ dùng các từ common_syn, như ở mục 5.",
                    "That is the CKA over all the words the runs share: use the words common_syn only, as in "
                    "section 5.",
                )
            return hint(
                "Lấy các hàng của common_syn trong cả hai lần huấn luyện, theo cùng thứ tự, rồi dùng es.linear_cka.",
                "Take the rows of common_syn in both runs, in the same order, then es.linear_cka.",
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Bạn đo được {want:.3f}; hai seed trên một kho: [{seeds_iv.low:.3f}, {seeds_iv.high:.3f}]; "
                f"một lần huấn luyện so với sự thật: [{truth_iv.low:.3f}, {truth_iv.high:.3f}]. Phương án nào "
                "khớp với ba con số này?",
                f"You measured {want:.3f}; two seeds on one corpus: [{seeds_iv.low:.3f}, {seeds_iv.high:.3f}]; "
                f"a run against the truth: [{truth_iv.low:.3f}, {truth_iv.high:.3f}]. Which option matches "
                "these three numbers?",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), want, "vi")
                + f" Hai kho ngữ liệu: {want:.3f}; hai seed trên một kho: "
                f"{seeds_iv}; so với sự thật: {truth_iv}. Giống như tương quan của X + e₁ với X + e₂ nhỏ hơn tương "
                "quan của X + e₁ với X: đo độ ổn định bằng các seed trên cùng một kho ngữ liệu là bỏ qua nhiễu dữ liệu.",
                "en": prediction_line(number(pred), want, "en") + f" Two corpora: {want:.3f}; two seeds on one corpus: "
                f"{seeds_iv}; against the truth: {truth_iv}. Just as X + e₁ correlates less with X + e₂ than with X: "
                "measuring stability with seeds on one corpus leaves out the data's noise.",
            }
        )

    return report("8.3", lang, verify, (prediction, measured, interpretation), strict=strict)


def _all_shared(run_a, run_b):
    words = [w for w in run_a.kv.index_to_key if w in run_b.kv.key_to_index]
    A = np.asarray(run_a.kv.vectors, dtype=float)[[run_a.kv.key_to_index[w] for w in words]]
    B = np.asarray(run_b.kv.vectors, dtype=float)[[run_b.kv.key_to_index[w] for w in words]]
    return A, B
