"""Checks of the exercises of chapter 05 (mean cosine and neighbours)."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, hint, is_stub, number, prediction_line, report

__all__ = ["ch05_knn_overlap_word", "ch05_predict_first_neighbor", "ch05_aligned_mean_cosine", "ch05_linear_cka"]

#: A number typed by hand may be rounded to 3 decimals.
ROUNDING = 5e-4 + 1e-12
#: Exercise 5.3 asks for the pair's own value: section 1 prints the mean over 10 pairs, within 1e-3 of it.
EXACT_5_3 = 5e-5 + 1e-12


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").lower()
    return x if x in ("a", "b", "c") else None


def ch05_knn_overlap_word(answer, neighbors_a, neighbors_b, *, lang="en", strict=None):
    """Exercise 5.1 — ``answer``: the k-NN overlap of one word, from its two neighbour lists (a number in [0, 1])."""
    a, b = list(neighbors_a), list(neighbors_b)
    if not a or len(a) != len(b):
        raise ValueError("neighbors_a and neighbors_b must be two non-empty lists of the same length k")
    if len(set(a)) != len(a) or len(set(b)) != len(b):
        raise ValueError("a neighbour list names every word once")
    k = len(a)
    common = set(a) & set(b)
    shared = len(common)
    same_rank = sum(x == y for x, y in zip(a, b))
    right = shared / k
    wrong = {  # the plausible mistakes, each with its hint
        "count": (
            float(shared),
            hint(
                "Đó là số láng giềng chung, chưa phải tỉ lệ.",
                "That is the number of shared neighbours, not a share.",
                then={
                    "vi": f"Chia số láng giềng chung cho k = {k}.",
                    "en": f"Divide the number of shared neighbours by k = {k}.",
                },
            ),
        ),
        "jaccard": (
            shared / len(set(a) | set(b)),
            hint(
                "Bạn đã chia cho số từ của hợp hai danh sách (chỉ số Jaccard); độ trùng lặp k-NN chia cho k.",
                "You divided by the size of the union of the two lists (the Jaccard index); the k-NN overlap "
                "divides by k.",
            ),
        ),
        "rank": (
            same_rank / k,
            hint(
                "Bạn đã so từng hạng một (vị trí 1 với vị trí 1, …). Thứ tự trong danh sách không quan trọng: "
                "một từ được tính nếu nó có mặt ở bất kỳ đâu trong danh sách kia.",
                "You compared rank by rank (position 1 with position 1, …). The order does not matter: a word "
                "counts if it appears anywhere in the other list.",
            ),
        ),
        "complement": (
            1 - right,
            hint(
                "Đó là tỉ lệ các láng giềng *khác nhau*; cần tỉ lệ các láng giềng chung.",
                "That is the share of neighbours that *differ*; the share they have in common is asked.",
            ),
        ),
    }
    if not 0 < shared < k or any(abs(v - right) <= 1e-6 for v, _ in wrong.values()):
        raise ValueError(
            "these two lists cannot tell the right answer from the usual mistakes: pick a word whose "
            "lists share some, but not all, neighbours, in a different order"
        )

    def verify(ans):
        x = number(ans)
        if x is None:
            return hint("Cần một con số trong [0, 1].", "Expected one number in [0, 1].")
        if abs(x - right) <= 1e-6:
            words = ", ".join(sorted(common))
            return Correct(
                {
                    "vi": f"{shared}/{k} láng giềng có mặt trong cả hai danh sách ({words}), dù thứ hạng của "
                    f"chúng thay đổi: chỉ {same_rank} từ giữ nguyên hạng.",
                    "en": f"{shared} of {k} neighbours are in both lists ({words}), although their ranks "
                    f"change: words at the same rank in both lists: {same_rank}.",
                }
            )
        for value, h in wrong.values():
            if abs(x - value) <= 1e-6:
                return h
        return hint(
            "overlap(w) là tỉ lệ (trong số k) các láng giềng có mặt trong cả hai danh sách.",
            "overlap(w) is the share (out of k) of the neighbours found in both lists.",
            then={
                "vi": "overlap(w) = |NN(1) ∩ NN(2)| / k: len(set(nn_a) & set(nn_b)) / k.",
                "en": "overlap(w) = |NN(1) ∩ NN(2)| / k: len(set(nn_a) & set(nn_b)) / k.",
            },
        )

    return report("5.1", lang, verify, answer, strict=strict)


def _first_and_tenth(A, B):
    from ..compare import nearest_neighbors

    nA, nB = nearest_neighbors(A, 10), nearest_neighbors(B, 10)
    first = float(np.mean(nA[:, 0] == nB[:, 0]))
    tenth = float((nA[:, :, None] == nB[:, None, :]).any(axis=2).mean())
    return first, tenth


def ch05_predict_first_neighbor(prediction, measured, interpretation, A, B, *, lang="en", strict=None):
    """Exercise 5.2 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    share of the words whose single nearest cosine neighbour is the same word in run ``A`` and in run ``B``;
    ``interpretation``: the letter of the option that the measurement supports."""
    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    truth = {}

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        p = number(pred)
        if p is None or not 0 <= p <= 1:
            return hint(
                "Hãy viết dự đoán của bạn (một tỉ lệ từ 0 đến 1) *trước khi* đo — đó là phần quan trọng nhất "
                "của bài tập.",
                "Write your prediction (a share from 0 to 1) *before* measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: tỉ lệ các từ có cùng láng giềng gần nhất ở hai lần huấn luyện.",
                "`measured` must be one number: the share of words with the same nearest neighbour in both runs.",
            )
        if not truth:
            truth["first"], truth["tenth"] = _first_and_tenth(A, B)
        first, tenth = truth["first"], truth["tenth"]
        V = len(A)
        if abs(m - first * V) < 0.5 and abs(m - first) > ROUNDING:
            v_txt = f"{V:,}".replace(",", " ")  # the course's thousands space
            return hint(
                f"Đó là một số lượng từ, chưa phải tỉ lệ: hãy chia cho V = {v_txt}.",
                f"That is a number of words; a share is needed: divide by V = {V}.",
            )
        if abs(m - tenth) <= ROUNDING and abs(m - first) > ROUNDING:
            return hint(
                "Đó là độ trùng lặp của 10 láng giềng; bài này chỉ hỏi về láng giềng *gần nhất* (k = 1).",
                "That is the overlap of the 10 nearest neighbours; this exercise asks about the *nearest* one "
                "only (k = 1).",
            )
        if abs(m - first) > ROUNDING:
            return hint(
                "Tìm láng giềng gần nhất của mọi từ ở mỗi lần huấn luyện (trên vector thô, như ở mục 2), rồi "
                "tính tỉ lệ các từ mà hai láng giềng đó là cùng một từ.",
                "Find the nearest neighbour of every word in each run (raw vectors, as in section 2), then "
                "count for what share of the words the two are the same word.",
                then={
                    "vi": "es.nearest_neighbors(X, 1)[:, 0] cho láng giềng gần nhất của mỗi từ; so sánh hai "
                    "mảng đó bằng == rồi lấy trung bình.",
                    "en": "es.nearest_neighbors(X, 1)[:, 0] gives every word's nearest neighbour; compare "
                    "the two arrays with == and take the mean.",
                },
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        right = "a" if first > tenth + 0.03 else "c" if first < tenth - 0.03 else "b"
        if letter != right:
            return hint(
                f"Với cùng cặp lần huấn luyện này, độ trùng lặp của 10 láng giềng là {tenth:.3f}. So với con số "
                "bạn đo được, phương án nào đúng?",
                f"For this same pair of runs, the overlap of the 10 nearest neighbours is {tenth:.3f}. "
                "Compared with the number you measured, which option holds?",
            )
        why = (
            {
                "vi": " Giữ đúng một hạng là phép thử khó nhất: chỉ cần láng giềng thứ nhất và thứ hai đổi chỗ là đã "
                "trượt.",
                "en": " Keeping one exact rank is the hardest test: a swap of the first and second "
                "neighbour is enough to fail it.",
            }
            if right == "c"
            else {"vi": "", "en": ""}
        )
        return Correct(
            {
                "vi": prediction_line(p, first, "vi")
                + f" Độ trùng lặp 10-NN của cùng cặp này là {tenth:.3f}."
                + why["vi"]
                + " Hiểu theo nghĩa đen, khẳng định NN⁽¹⁾(w) ≈ NN⁽²⁾(w) của bài viết đúng "
                f"với {first:.1%} số từ.",
                "en": prediction_line(p, first, "en")
                + f" The 10-NN overlap of the same pair is {tenth:.3f}."
                + why["en"]
                + " Read literally, the article's NN⁽¹⁾(w) ≈ NN⁽²⁾(w) holds for "
                f"{first:.1%} of the words.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("5.2", lang, verify, answer, strict=strict)


def ch05_aligned_mean_cosine(answer, A, B, *, lang="en", strict=None):
    """Exercise 5.3 — ``answer``: the mean over the vocabulary of sim(w) for runs ``A`` and ``B``, computed the way
    this chapter recommends (one number)."""
    from ..compare import mean_cosine, procrustes

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
    want = mean_cosine(procrustes(Ac, Bc).aligned, Bc)
    wrong = {
        "uncentred": (
            mean_cosine(procrustes(A, B).aligned, B),
            hint(
                "Đó là giá trị khi chưa trung tâm hóa: hướng chung của mỗi lần huấn luyện thổi phồng nó.",
                "That is the uncentred value, inflated by each run's common direction.",
                then={
                    "vi": "Trừ vector trung bình của mỗi lần huấn luyện (A - A.mean(axis=0)) trước khi căn chỉnh.",
                    "en": "Subtract each run's mean vector (A - A.mean(axis=0)) before aligning.",
                },
            ),
        ),
        "raw": (
            mean_cosine(A, B),
            hint(
                "Đó là cosine trung bình khi chưa căn chỉnh: các tọa độ của hai lần huấn luyện không tương ứng với nhau.",
                "That is the unaligned mean cosine: the coordinates of two runs do not correspond.",
                then={
                    "vi": "Căn chỉnh A theo B bằng es.procrustes trước.",
                    "en": "Align A to B with es.procrustes first.",
                },
            ),
        ),
        "centred only": (
            mean_cosine(Ac, Bc),
            hint("Bạn đã trung tâm hóa nhưng chưa căn chỉnh.", "You centred but did not align."),
        ),
        "wrong target": (
            mean_cosine(procrustes(Ac, Bc).aligned, B),
            hint(
                "Sau khi trung tâm hóa, hãy so với B đã trung tâm hóa chứ không phải B gốc.",
                "After centring, compare with the centred B, not the original B.",
            ),
        ),
    }
    if any(abs(v - want) <= 2 * ROUNDING for v, _ in wrong.values()):
        raise ValueError(
            "for these runs a usual mistake gives the same number as the right answer: the check cannot tell them apart"
        )

    def verify(ans):
        x = number(ans)
        if x is None:
            return hint(
                "Cần một con số: trung bình của sim(w) trên toàn bộ từ vựng.",
                "Expected one number: the mean of sim(w) over the vocabulary.",
            )
        if abs(x - want) <= EXACT_5_3:
            infl = wrong["uncentred"][0]
            return Correct(
                {
                    "vi": f"s̄ = {want:.3f} sau khi trung tâm hóa và căn chỉnh, so với {infl:.3f} nếu không "
                    "trung tâm hóa: khoảng chênh lệch đó là phần do hướng chung đóng góp.",
                    "en": f"s̄ = {want:.3f} centred and aligned, against {infl:.3f} uncentred: the difference "
                    "is what the common direction contributes.",
                }
            )
        for value, h in wrong.values():
            if abs(x - value) <= ROUNDING:
                return h
        if abs(x - want) <= 4 * ROUNDING:
            return hint(
                "Gần đúng, nhưng chưa phải giá trị của đúng cặp lần huấn luyện này với 4 chữ số thập phân: hãy tự "
                "tính nó, đừng chép một số đã làm tròn hay giá trị trung bình trên 10 cặp ở mục 1.",
                "Close, but not this pair's value to 4 decimals: compute it, do not copy a rounded number or the "
                "mean over the 10 pairs of section 1.",
            )
        return hint(
            "Xem lại ba bước ở mục 1: trung tâm hóa, căn chỉnh, rồi cosine của từng từ.",
            "Go back to the three steps of section 1: centre, align, then each word's cosine.",
            then={
                "vi": "Trung tâm hóa A và B, căn chỉnh A (đã trung tâm hóa) theo B (đã trung tâm hóa) bằng "
                "es.procrustes, rồi lấy es.mean_cosine(aligned, B đã trung tâm hóa).",
                "en": "Centre A and B, align the centred A to the centred B with es.procrustes, then "
                "es.mean_cosine(aligned, centred B).",
            },
        )

    return report("5.3", lang, verify, answer, strict=strict)


def _peak_bytes(fn, *args):
    """The student's ``fn(*args)`` and its peak memory (bytes, as seen by ``tracemalloc``, which tracks NumPy)."""
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


def ch05_linear_cka(answer, *, lang="en", strict=None):
    """Exercise 5.4 — ``answer(A, B)``: linear CKA of two matrices with the same rows, computed without any n × n
    matrix (compared with ``es.linear_cka`` on several matrices, and its memory measured on a tall one)."""
    from ..compare import linear_cka

    rng = np.random.default_rng(5)
    cases = []
    for n, d_a, d_b in ((40, 3, 3), (60, 5, 2), (30, 8, 8)):
        A = rng.normal(size=(n, d_a)) + rng.normal(scale=3.0, size=d_a)  # column offsets: centring matters
        B = A[:, :1] @ rng.normal(size=(1, d_b)) + rng.normal(size=(n, d_b)) + rng.normal(scale=3.0, size=d_b)
        cases.append((A, B))
    big_n = 1500
    big = (rng.normal(size=(big_n, 4)), rng.normal(size=(big_n, 4)))

    def gram_norms(A, B, centre=True):
        """‖ÃᵀB̃‖²_F, ‖ÃᵀÃ‖_F, ‖B̃ᵀB̃‖_F (with or without centring the columns)."""
        if centre:
            A, B = A - A.mean(axis=0), B - B.mean(axis=0)
        return np.linalg.norm(A.T @ B) ** 2, np.linalg.norm(A.T @ A), np.linalg.norm(B.T @ B)

    def uncentred(A, B):
        cross, a, b = gram_norms(A, B, centre=False)
        return cross / (a * b)

    def unsquared(A, B):
        cross, a, b = gram_norms(A, B)
        return np.sqrt(cross) / (a * b)

    def squared_denominator(A, B):
        cross, a, b = gram_norms(A, B)
        return cross / (a * b) ** 2

    def unnormalised(A, B):
        return gram_norms(A, B)[0]

    mistakes = [
        (
            uncentred,
            hint(
                "Bạn quên trung tâm hóa: CKA so sánh các ma trận Gram *đã trung tâm hóa*.",
                "You forgot to centre: CKA compares *centred* Gram matrices.",
                then={
                    "vi": "Trừ trung bình của từng cột của A và của B trước.",
                    "en": "Subtract the mean of every column of A and of B first.",
                },
            ),
        ),
        (
            unsquared,
            hint(
                "Tử số ⟨K, L⟩_F là bình phương của một chuẩn, không phải chính chuẩn đó.",
                "The numerator ⟨K, L⟩_F is a squared norm, not the norm itself.",
            ),
        ),
        (
            squared_denominator,
            hint("Mẫu số là ‖K‖_F ‖L‖_F, không bình phương.", "The denominator is ‖K‖_F ‖L‖_F, not squared."),
        ),
        (
            unnormalised,
            hint(
                "Đó mới là ⟨K, L⟩_F (HSIC chưa chuẩn hóa); CKA chia nó cho ‖K‖_F ‖L‖_F.",
                "That is ⟨K, L⟩_F (unnormalised HSIC); CKA divides it by ‖K‖_F ‖L‖_F.",
            ),
        ),
    ]

    def verify(fn):
        want = np.array([linear_cka(A, B) for A, B in cases])
        got = np.array([number(call(fn, A.copy(), B.copy())) for A, B in cases], dtype=object)
        if any(g is None for g in got):
            return hint("Hàm của bạn phải trả về một con số.", "Your function must return one number.")
        got = got.astype(float)
        if not np.allclose(got, want, rtol=1e-6, atol=1e-12):
            for mistake, h in mistakes:
                if np.allclose(got, [mistake(A, B) for A, B in cases], rtol=1e-6):
                    return h
            return hint(
                "Viết ⟨K, L⟩_F = tr(KL) với K = ÃÃᵀ, L = B̃B̃ᵀ, rồi dùng tính chất hoán vị vòng của vết.",
                "Write ⟨K, L⟩_F = tr(KL) with K = ÃÃᵀ, L = B̃B̃ᵀ, then use the cyclic property of the trace.",
                then={
                    "vi": "tr(ÃÃᵀB̃B̃ᵀ) = tr((ÃᵀB̃)(ÃᵀB̃)ᵀ) = ‖ÃᵀB̃‖²_F, và ‖ÃÃᵀ‖_F = ‖ÃᵀÃ‖_F; "
                    "np.linalg.norm của một ma trận là chuẩn Frobenius.",
                    "en": "tr(ÃÃᵀB̃B̃ᵀ) = tr((ÃᵀB̃)(ÃᵀB̃)ᵀ) = ‖ÃᵀB̃‖²_F, and ‖ÃÃᵀ‖_F = ‖ÃᵀÃ‖_F; "
                    "np.linalg.norm of a matrix is the Frobenius norm.",
                },
            )
        value, peak = _peak_bytes(fn, *(X.copy() for X in big))
        gram_bytes = big_n * big_n * 8
        if peak > gram_bytes / 4:
            n_txt = f"{big_n:,}".replace(",", " ")
            return hint(
                f"Giá trị đúng, nhưng với n = {n_txt} hàm của bạn dùng tới {peak / 1e6:.0f} MB: nó đã tạo một "
                "ma trận n × n. Có thể tính mọi thứ chỉ từ các tích cỡ d × d.",
                f"Right values, but with n = {n_txt} your function used {peak / 1e6:.0f} MB: it built an n × n "
                "matrix. Everything can be computed from d × d products.",
                then={
                    "vi": "⟨K, L⟩_F = ‖ÃᵀB̃‖²_F và ‖K‖_F = ‖ÃᵀÃ‖_F: chỉ cần ÃᵀB̃, ÃᵀÃ, B̃ᵀB̃.",
                    "en": "⟨K, L⟩_F = ‖ÃᵀB̃‖²_F and ‖K‖_F = ‖ÃᵀÃ‖_F: only ÃᵀB̃, ÃᵀÃ, B̃ᵀB̃ are needed.",
                },
            )
        if number(value) is None or not np.isclose(number(value), linear_cka(*big), rtol=1e-6, atol=1e-12):
            return hint("Kết quả sai với một ma trận lớn hơn.", "Wrong result on a larger matrix.")
        gram_mb = 9000**2 * 8 / 1e6  # one V × V float64 matrix for a vocabulary of 9 000 words
        n_txt = f"{big_n:,}".replace(",", " ")
        return Correct(
            {
                "vi": f"Khớp với es.linear_cka. Với n = {n_txt}, hàm của bạn chỉ dùng {peak / 1e6:.2f} MB; "
                f"với V = 9 000 từ, mỗi ma trận Gram sẽ chiếm {gram_mb:.0f} MB.",
                "en": f"Matches es.linear_cka. At n = {n_txt} your function used only {peak / 1e6:.2f} MB; "
                f"for V = 9 000 words each Gram matrix would take {gram_mb:.0f} MB.",
            }
        )

    return report("5.4", lang, verify, answer, strict=strict)
