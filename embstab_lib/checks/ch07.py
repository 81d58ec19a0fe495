"""Checks of the exercises of chapter 07."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, hint, is_stub, number, prediction_line, report

__all__ = ["ch07_consensus", "ch07_subspace", "ch07_bootstrap", "ch07_bootstrap_small"]


def _words(ans):
    if isinstance(ans, (str, bytes)) or not hasattr(ans, "__iter__"):
        return None
    items = list(ans)
    return set(items) if all(isinstance(w, str) for w in items) else None


def ch07_consensus(answer, lists, *, min_share=0.8, lang="en", strict=None):
    """Exercise 7.1 — ``answer``: the words found in at least a share ``min_share`` of the neighbour lists ``lists``
    (one list per run)."""
    lists = [list(x) for x in lists]
    if len(lists) < 2:
        raise ValueError("lists must hold the neighbour lists of at least 2 runs")
    need = int(np.ceil(min_share * len(lists) - 1e-12))
    tally = {}
    for lst in lists:
        for w in set(lst):
            tally[w] = tally.get(w, 0) + 1
    want = {w for w, c in tally.items() if c >= need}
    strict_more = {w for w, c in tally.items() if c > need}
    everywhere = {w for w, c in tally.items() if c == len(lists)}
    anywhere = set(tally)
    majority = {w for w, c in tally.items() if c > len(lists) / 2}

    def verify(ans):
        got = _words(ans)
        if got is None:
            return hint("Cần một danh sách (hoặc tập hợp) các từ.", "Expected a list (or set) of words.")
        if got == want:
            return Correct(
                {
                    "vi": f"{len(want)} láng giềng đồng thuận trên tổng số {len(anywhere)} từ xuất hiện ít "
                    "nhất một lần: phần lõi ổn định nhỏ hơn nhiều so với những gì một lần huấn luyện liệt kê.",
                    "en": f"{len(want)} consensus neighbours out of {len(anywhere)} words that appear at least "
                    "once: the stable core is much smaller than what one run lists.",
                }
            )
        if got == strict_more and want != strict_more:
            return hint(
                f"Gần đúng: “ít nhất {need} lần huấn luyện” gồm cả những từ có mặt ở đúng {need} lần huấn luyện (≥, không phải >).",
                f"Close: “at least {need} runs” includes the words found in exactly {need} runs (≥, not >).",
            )
        if got == everywhere and want != everywhere:
            return hint(
                "Đó là các từ có mặt trong mọi danh sách; ở đây chỉ cần có mặt trong ít nhất 80% số danh sách.",
                "Those are the words found in every list; here a word needs only 80 % of the lists.",
            )
        if got == anywhere:
            return hint(
                "Đó là hợp của mọi danh sách; hãy đếm mỗi từ xuất hiện trong bao nhiêu danh sách.",
                "That is the union of all lists; count in how many lists each word appears.",
            )
        if got == majority and want != majority:
            return hint(
                "Đó là đa số (> 50%); ngưỡng ở đây là 80% số lần huấn luyện.",
                "That is a majority (> 50 %); the threshold here is 80 % of the runs.",
            )
        return hint(
            "Với mỗi từ, hãy đếm số danh sách chứa nó; giữ lại những từ có số đếm ≥ 80% số danh sách.",
            "For every word, count the lists that contain it; keep those whose count is ≥ 80 % of the lists.",
            then={
                "vi": f"collections.Counter(w for lst in lists for w in set(lst)), rồi giữ các từ có số đếm ≥ {need}.",
                "en": f"collections.Counter(w for lst in lists for w in set(lst)), then keep counts ≥ {need}.",
            },
        )

    return report("7.1", lang, verify, answer, strict=strict)


def _cases():
    rng = np.random.default_rng(7)
    cases = []
    for n, da, db in ((60, 3, 3), (80, 4, 2), (40, 5, 5)):
        A = rng.normal(size=(n, da)) + rng.normal(scale=4.0, size=da)
        B = rng.normal(size=(n, db)) + 0.7 * A[:, :db] @ rng.normal(size=(db, db)) + rng.normal(scale=4.0, size=db)
        cases.append((A, B))
    A = rng.normal(size=(50, 4))
    cases.append((A, A @ (np.diag([1.0, 10.0, 100.0, 0.1]) @ rng.normal(size=(4, 4))) + 3.0))  # B = A M + c
    return cases


def ch07_subspace(answer, *, lang="en", strict=None):
    """Exercise 7.2 — ``answer(A, B)``: the subspace similarity of two matrices (compared with
    ``es.subspace_similarity`` on several matrices, one of them an invertible linear map of the other)."""
    from ..compare.subspace import canonical_correlations, subspace_similarity

    cases = _cases()
    want = np.array([subspace_similarity(A, B) for A, B in cases])
    rho = [canonical_correlations(A, B) for A, B in cases]
    unsquared = np.array([r.mean() for r in rho])
    uncentred = np.array([subspace_similarity(A, B, center=False) for A, B in cases])
    by_max = np.array([np.sum(r**2) / max(A.shape[1], B.shape[1]) for r, (A, B) in zip(rho, cases)])

    def verify(fn):
        got = []
        for A, B in cases:
            v = number(call(fn, A.copy(), B.copy()))
            if v is None:
                return hint("Hàm phải trả về một con số.", "Your function must return one number.")
            got.append(v)
        got = np.array(got)
        if np.allclose(got, want, atol=1e-8):
            return Correct(
                {
                    "vi": f"Với B = A·M + c (M khả nghịch) hàm của bạn cho {got[-1]:.6f}: không gian con không đổi.",
                    "en": f"For B = A·M + c (M invertible) your function gives {got[-1]:.6f}: the subspace is unchanged.",
                }
            )
        if np.allclose(got, unsquared, atol=1e-8):
            return hint(
                "Đó là trung bình của các tương quan chính tắc ρ_k; ở đây cần trung bình của ρ_k².",
                "That is the mean canonical correlation ρ_k; here we average ρ_k².",
            )
        if np.allclose(got, uncentred, atol=1e-8):
            return hint(
                "Bạn quên trung tâm hóa các cột của A và B trước khi lấy cơ sở trực chuẩn.",
                "You forgot to centre the columns of A and B before taking orthonormal bases.",
            )
        if np.allclose(got, by_max, atol=1e-8):
            return hint(
                "Hãy chia cho số cột nhỏ hơn, min(d_A, d_B): đó là số tương quan chính tắc.",
                "Divide by the smaller width, min(d_A, d_B): that is the number of canonical correlations.",
            )
        return hint(
            "Không gian con của A chỉ phụ thuộc vào một cơ sở trực chuẩn của các cột (đã trung tâm hóa) của A.",
            "The subspace of A depends only on an orthonormal basis of A's (centred) columns.",
            then={
                "vi": "Qa = np.linalg.qr(A − A.mean(0))[0], tương tự Qb; kết quả = ‖QaᵀQb‖²_F / min(d_A, d_B).",
                "en": "Qa = np.linalg.qr(A − A.mean(0))[0], likewise Qb; result = ‖QaᵀQb‖²_F / min(d_A, d_B).",
            },
        )

    return report("7.2", lang, verify, answer, strict=strict)


def ch07_bootstrap(answer, *, lang="en", strict=None):
    """Exercise 7.3 — ``answer(docs, seed)``: a bootstrap sample of the list of documents ``docs``, the same for
    the same seed."""
    docs = [[f"w{i}", f"x{i}"] for i in range(50)]

    def sample(fn, seed):
        out = call(fn, [list(d) for d in docs], seed)
        if isinstance(out, (str, bytes)) or not hasattr(out, "__iter__"):
            return None
        out = [list(d) if isinstance(d, (list, tuple)) else d for d in out]
        return out if all(isinstance(d, list) for d in out) else None

    def verify(fn):
        samples = [sample(fn, s) for s in range(20)]
        if any(s is None for s in samples):
            return hint(
                "Hàm phải trả về một danh sách các văn bản (mỗi văn bản là một danh sách token).",
                "Your function must return a list of documents (each a list of tokens).",
            )
        if any(len(s) != len(docs) for s in samples):
            return hint(
                "Một mẫu bootstrap có đúng bằng số văn bản của kho ngữ liệu.",
                "A bootstrap sample has exactly as many documents as the corpus.",
            )
        if any(d not in docs for s in samples for d in s):
            return hint(
                "Mỗi văn bản của mẫu phải là một văn bản của kho ngữ liệu, giữ nguyên.",
                "Every document of the sample must be a document of the corpus, unchanged.",
            )
        if sample(fn, 3) != samples[3]:
            return hint(
                "Cùng một seed phải cho cùng một mẫu: dùng np.random.default_rng(seed).",
                "The same seed must give the same sample: use np.random.default_rng(seed).",
            )
        distinct = np.array([len({tuple(d) for d in s}) for s in samples]) / len(docs)
        if np.all(distinct == 1):
            return hint(
                "Mọi văn bản đều xuất hiện đúng một lần: đó là quy trình SHUFFLED (hoán vị), không phải "
                "BOOTSTRAP. Hãy rút có hoàn lại.",
                "Every document appears exactly once: that is the SHUFFLED protocol (a permutation), not "
                "BOOTSTRAP. Draw with replacement.",
            )
        if len({tuple(map(tuple, s)) for s in samples}) < 15:
            return hint(
                "Các seed khác nhau phải cho các mẫu khác nhau.", "Different seeds must give different samples."
            )
        expected = 1 - (1 - 1 / len(docs)) ** len(docs)
        if abs(distinct.mean() - expected) > 0.06:
            return hint(
                f"Trung bình mỗi mẫu chứa {distinct.mean():.0%} số văn bản của kho (mỗi văn bản tính một lần), trong "
                f"khi rút đều có hoàn lại cho khoảng {expected:.0%}: mỗi lần rút phải chọn đều trong toàn bộ n văn bản.",
                f"On average {distinct.mean():.0%} distinct documents per sample, while uniform draws with "
                f"replacement give about {expected:.0%}: each draw must pick uniformly among all n documents.",
            )
        return Correct(
            {
                "vi": f"Trung bình mỗi mẫu chứa {distinct.mean():.0%} số văn bản của kho (lý thuyết 1 − (1 − 1/n)ⁿ ≈ "
                f"{expected:.0%}): ở mỗi lần huấn luyện, khoảng một phần ba kho ngữ liệu bị bỏ ra.",
                "en": f"On average {distinct.mean():.0%} distinct documents per sample (theory 1 − (1 − 1/n)ⁿ ≈ "
                f"{expected:.0%}): about a third of the corpus is left out of every run.",
            }
        )

    return report("7.3", lang, verify, answer, strict=strict)


def _lee_overlap():
    from ..compare import knn_overlap, shared_matrices
    from ..corpora import bootstrap_corpus, load_corpus
    from ..models.ppmi import ppmi_svd

    lee = load_corpus("lee")
    a, b = (ppmi_svd(bootstrap_corpus(lee, seed=s)) for s in (0, 1))
    _, A, B = shared_matrices(a, b)
    return float(knn_overlap(A, B).mean())


def ch07_bootstrap_small(prediction, measured, interpretation, *, reference, lang="en", strict=None):
    """Exercise 7.4 (predict – run – interpret) — ``prediction`` (written before running) and ``measured``: the mean
    10-NN overlap of two PPMI-SVD embeddings of the Lee corpus trained on bootstrap samples 0 and 1 (default
    settings, words shared by the two); ``interpretation``: the letter of the option the measurement supports,
    given the wiki sample's value ``reference``."""
    ref = float(reference)

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số) trước khi chạy — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (one number) before running — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: độ trùng lặp 10-NN trung bình trên các từ chung.",
                "`measured` must be one number: the mean 10-NN overlap over the shared words.",
            )
        truth = _lee_overlap()
        if abs(m - truth) > 0.005:
            if abs(m - 1.0) < 1e-9:
                return hint(
                    "Bạn đã so sánh một embedding với chính nó? Hai embedding phải được tính trên hai mẫu bootstrap "
                    "khác nhau (seed 0 và 1).",
                    "Did you compare an embedding with itself? The two runs must use two different bootstrap "
                    "samples (seeds 0 and 1).",
                )
            return hint(
                "Dùng es.bootstrap_corpus(lee, seed=0) và seed=1, es.ppmi_svd với tham số mặc định, "
                "es.shared_matrices, rồi lấy trung bình của es.knn_overlap.",
                "Use es.bootstrap_corpus(lee, seed=0) and seed=1, es.ppmi_svd with its default settings, "
                "es.shared_matrices, then the mean of es.knn_overlap.",
            )
        letter = interp.strip().lower().strip("()") if isinstance(interp, str) else None
        if letter not in ("a", "b", "c"):
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        right = "b" if m > ref else "a"
        if letter != right:
            return hint(
                f"Trên wiki-sample giá trị là {ref:.3f}; trên Lee bạn đo được {m:.3f}. Phương án nào khớp với "
                "chiều của sự khác biệt đó?",
                f"On the wiki sample the value is {ref:.3f}; on Lee you measured {m:.3f}. Which option matches "
                "the direction of that difference?",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), m, "vi")
                + " "
                + (
                    f"Kho Lee nhỏ hơn tám lần nhưng độ trùng lặp cao hơn ({m:.3f} so với {ref:.3f}): nhiễu "
                    "bootstrap không chỉ phụ thuộc vào số token — Lee có nhiều văn bản hơn và ngắn hơn (nên mỗi mẫu "
                    "làm thay đổi ít hơn các ngữ cảnh của một từ) và có ít từ ứng viên láng giềng hơn."
                    if right == "b"
                    else f"Kho nhỏ hơn cho độ trùng lặp thấp hơn ({m:.3f} so với {ref:.3f}): với ít dữ liệu hơn, mỗi mẫu "
                    "bootstrap làm thay đổi nhiều hơn các số đếm đồng xuất hiện."
                ),
                "en": prediction_line(number(pred), m, "en")
                + " "
                + (
                    f"The Lee corpus is eight times smaller, yet the overlap is higher ({m:.3f} vs {ref:.3f}): "
                    "bootstrap noise does not depend on the number of tokens alone — Lee has many more, shorter "
                    "documents (each sample changes less of a word's contexts) and fewer candidate neighbours."
                    if right == "b"
                    else f"The smaller corpus gives a lower overlap ({m:.3f} vs {ref:.3f}): with less data, each "
                    "bootstrap sample changes more of the co-occurrence counts."
                ),
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("7.4", lang, verify, answer, strict=strict)
