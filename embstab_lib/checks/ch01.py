"""Checks of the exercises of chapter 01 (random initialization, sources of randomness)."""

from __future__ import annotations

import numpy as np

from ._core import (
    Correct,
    NotDone,
    call,
    float_array,
    hint,
    is_stub,
    number,
    prediction_line,
    report,
)

__all__ = [
    "ch01_cross_run_cosine",
    "ch01_init_std",
    "ch01_leave_one_seed_out",
    "ch01_predict_start",
    "ch01_reproducible",
]


def ch01_cross_run_cosine(answer, A, B, *, lang="en", strict=None):
    """Exercise 1.1 — ``answer``: one number per word, the cosine between row i of A and row i of B."""
    from ..compare import cosine_per_word

    A = np.asarray(A, dtype=float)
    B = np.asarray(B, dtype=float)
    want = cosine_per_word(A, B)

    def verify(ans):
        arr = float_array(ans, (A.shape[0],))
        if arr is None:
            return hint(
                f"Cần một mảng gồm {A.shape[0]} số, mỗi từ một giá trị cosine.",
                f"Expected an array of {A.shape[0]} numbers, one cosine per word.",
            )
        if np.allclose(arr, want, atol=1e-6):
            return Correct(
                {
                    "vi": f"Cosine của cùng một từ ở hai lần huấn luyện nằm trong khoảng từ {want.min():.2f} "
                    f"đến {want.max():.2f}, không hề gần 1: tọa độ không còn giữ được ý nghĩa khi đổi "
                    "seed (cosine thô còn mang cả độ dịch riêng của từng cặp, xem mục 2).",
                    "en": f"The cosines of a word with itself across two runs range from {want.min():.2f} to "
                    f"{want.max():.2f}, nowhere near 1: coordinates do not survive a change of seed "
                    "(raw cosines also carry the offset of the pair, see section 2).",
                }
            )
        if np.allclose(arr, np.einsum("ij,ij->i", A, B), atol=1e-9):
            return hint(
                "Đó là tích vô hướng; hãy chia cho tích hai độ dài ‖a‖‖b‖.",
                "That is the dot product; divide by the product of the lengths ‖a‖‖b‖.",
            )
        if np.allclose(np.abs(arr), np.abs(want), atol=1e-6):
            return hint(
                "Độ lớn đúng nhưng dấu sai ở vài từ: đừng lấy giá trị tuyệt đối.",
                "The sizes are right but some signs are wrong: do not take absolute values.",
            )
        return hint(
            "Cosine đo góc giữa hai vector: tích vô hướng của chúng sau khi đưa mỗi vector về độ dài 1.",
            "The cosine measures the angle between two vectors: their dot product once each has length 1.",
            then={
                "vi": "cos(a, b) = a·b / (‖a‖ ‖b‖), tính theo từng hàng: (A * B).sum(axis=1) chia cho "
                "tích các chuẩn theo hàng.",
                "en": "cos(a, b) = a·b / (‖a‖ ‖b‖), row by row: (A * B).sum(axis=1) divided by the "
                "product of the row norms.",
            },
        )

    return report("1.1", lang, verify, answer, strict=strict)


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
    from ..stats import mean_ci, pairwise_ci

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


def ch01_init_std(answer, *, lang="en", strict=None):
    """Exercise 1.3 — ``answer(d)``: the standard deviation of one coordinate of gensim's initial word vectors."""
    dims = (10, 50, 100, 300)

    def verify(fn):
        got = [number(call(fn, d)) for d in dims]
        if any(g is None for g in got):
            return hint(
                "Hàm của bạn phải trả về một con số cho mỗi d.", "Your function must return one number for each d."
            )
        got, d = np.array(got), np.asarray(dims, float)
        want = 1 / (d * np.sqrt(3))
        if np.allclose(got, want, rtol=0.02):
            return Correct(
                {
                    "vi": f"Ở d = 100, σ = {want[2]:.5f}: điểm xuất phát nằm trong một hình lập phương rất nhỏ "
                    "quanh gốc tọa độ — khớp với độ lệch chuẩn đo được ở mục 3.",
                    "en": f"At d = 100, σ = {want[2]:.5f}: the start lies in a tiny cube around the origin — "
                    "it matches the standard deviation measured in section 3.",
                }
            )
        if np.allclose(got, 1 / (d * np.sqrt(12)), rtol=0.02):
            return hint(
                "Khoảng [−1/d, 1/d) có độ rộng 2/d chứ không phải 1/d.",
                "The interval [−1/d, 1/d) has width 2/d, not 1/d.",
            )
        if np.allclose(got, 1 / d, rtol=0.02):
            return hint(
                "1/d là nửa độ rộng của khoảng, không phải độ lệch chuẩn của phân phối đều trên khoảng đó.",
                "1/d is the half-width of the interval, not the standard deviation of the uniform law on it.",
            )
        if np.allclose(got, 1 / (3 * d**2), rtol=0.02):
            return hint(
                "Đó là phương sai; độ lệch chuẩn là căn bậc hai của nó.",
                "That is the variance; the standard deviation is its square root.",
            )
        return hint(
            "Phương sai của phân phối đều trên [a, b) là trung bình của (x − m)² với m = (a + b)/2; "
            "hãy tính tích phân đó.",
            "The variance of the uniform law on [a, b) is the mean of (x − m)² with m = (a + b)/2; "
            "compute that integral.",
            then={
                "vi": "Phân phối đều trên [a, b) có độ lệch chuẩn (b − a)/√12; ở đây b − a = 2/d.",
                "en": "A uniform law on [a, b) has standard deviation (b − a)/√12; here b − a = 2/d.",
            },
        )

    return report("1.3", lang, verify, answer, strict=strict)


def _param_dict(params):
    """``params`` if it is a dict with string keys, else ``None``."""
    return params if isinstance(params, dict) and all(isinstance(k, str) for k in params) else None


def ch01_reproducible(same, stream_only, *, lang="en", strict=None):
    """Exercise 1.4 — ``same``: keyword arguments of ``es.train_word2vec`` with which two runs are bit-for-bit
    identical; ``stream_only``: keyword arguments of a second, equally reproducible run that starts from the same
    initial vectors as a run trained with ``same`` but draws a different training stream.  The check trains on a
    small corpus and compares the initial and the trained vectors."""
    from ..compare import frobenius_distance
    from ..corpora import load_corpus
    from ..models import initial_vectors, train_word2vec

    small = {"vector_size": 16, "epochs": 2, "min_count": 3}

    def train(corpus, params):
        return train_word2vec(corpus, **{**small, **params}).vectors

    def start(corpus, params):
        kwargs = {k: v for k, v in {**small, **params}.items() if k != "sampling_seed"}
        return initial_vectors(corpus, with_context=False, **kwargs).vectors

    def verify(ans):
        answers = [_param_dict(p) for p in ans]
        if any(p is None for p in answers):
            return hint(
                "`same` và `stream_only` đều phải là dict các đối số từ khóa, ví dụ dict(tên=giá_trị, ...).",
                "`same` and `stream_only` must both be dicts of keyword arguments, e.g. dict(name=value, ...).",
            )
        same_p, other_p = answers
        if any((number(p.get("workers", 1)) or 1) > 1 for p in answers):
            return hint(
                "Với nhiều luồng, các luồng cập nhật những vector dùng chung theo thứ tự mà hệ điều hành điều "
                "phối, và thứ tự đó đổi sau mỗi lần huấn luyện: seed không kiểm soát được nó.",
                "With several threads, they update the shared vectors in the order the operating system "
                "schedules them, and that order changes from run to run: the seed does not control it.",
                then={"vi": "Hãy dùng workers=1 cho cả hai.", "en": "Use workers=1 for both."},
            )
        corpus = load_corpus("lee", max_tokens=20_000)
        try:
            first, second, other, other_again = (train(corpus, p) for p in (same_p, same_p, other_p, other_p))
            starts = [start(corpus, p) for p in answers]
        except (TypeError, ValueError) as exc:
            return hint(
                f"es.train_word2vec không chấp nhận các đối số này: {exc}",
                f"es.train_word2vec refuses these arguments: {exc}",
            )
        if not np.array_equal(first, second) or not np.array_equal(other, other_again):
            return hint(
                "Hai lần huấn luyện với cùng các đối số vẫn khác nhau: nguồn ngẫu nhiên nào còn chưa được cố định?",
                "Two runs with the same arguments still differ: which source of randomness is not fixed yet?",
            )
        if starts[0].shape != starts[1].shape or not np.array_equal(*starts):
            return hint(
                "Hai lần huấn luyện của bạn không xuất phát từ cùng các vector ban đầu. Mục 4 nói gensim lấy "
                "khởi tạo từ tham số nào, và dòng ngẫu nhiên huấn luyện từ tham số nào?",
                "Your two runs do not start from the same initial vectors. Section 4 says which argument gensim "
                "draws the initialization from, and which one re-seeds only the training stream.",
                then={
                    "vi": "Giữ nguyên seed (và mọi tham số khác), chỉ đổi sampling_seed.",
                    "en": "Keep the seed (and every other argument), change only sampling_seed.",
                },
            )
        if np.array_equal(first, other):
            return hint(
                "Hai lần huấn luyện giống hệt nhau: `stream_only` chưa đổi dòng ngẫu nhiên huấn luyện.",
                "The two runs are identical: `stream_only` does not change the training stream.",
                then={
                    "vi": "sampling_seed đặt lại seed của riêng dòng ngẫu nhiên huấn luyện; hãy cho nó một giá trị "
                    "khác với seed.",
                    "en": "sampling_seed re-seeds the training stream alone; give it a value other than the seed.",
                },
            )
        new_seed = train(corpus, {**same_p, "seed": (int(same_p.get("seed", 0)) + 1) % 2**32, "sampling_seed": None})
        gap = {
            "stream": frobenius_distance(other, first, relative=True),
            "seed": frobenius_distance(new_seed, first, relative=True),
        }
        explicit = {
            "vi": "" if "seed" in same_p else " Hãy luôn ghi seed ra: giá trị mặc định khác nhau giữa các thư viện.",
            "en": "" if "seed" in same_p else " Still, write the seed out: defaults differ between libraries.",
        }
        return Correct(
            {
                "vi": f"Cùng điểm xuất phát, khác dòng ngẫu nhiên: sau huấn luyện, khoảng cách Frobenius tương đối "
                f"giữa hai lần là {gap['stream']:.2f}; với một seed mới (đổi cả điểm xuất phát) là {gap['seed']:.2f}. "
                "Hai nguồn ngẫu nhiên này điều khiển được riêng rẽ — đó là điều kiện của thí nghiệm đối chứng ở "
                "mục 4." + explicit["vi"],
                "en": f"Same start, another stream: after training, the two runs are at relative Frobenius distance "
                f"{gap['stream']:.2f}; with a new seed (a new start too) {gap['seed']:.2f}. The two sources of "
                "randomness can be controlled separately — what the control of section 4 needs." + explicit["en"],
            }
        )

    answer = ... if is_stub(same) or is_stub(stream_only) else (same, stream_only)
    return report("1.4", lang, verify, answer, strict=strict)


#: Exercise 1.5: the options for ``interpretation``.
OPTIONS_1_5 = ("a", "b", "c")


def _letter(x):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in OPTIONS_1_5 else None


def ch01_predict_start(prediction, measured, interpretation, corpus, *, lang="en", strict=None):
    """Exercise 1.5 (predict – run – interpret) — ``prediction`` (written before measuring) and ``measured``: the
    mean 10-NN overlap over the pairs of 3 runs trained for 10 epochs on ``corpus`` that differ only in their
    initial vectors; ``interpretation``: the letter of the option that the measurement supports, compared with
    runs that differ in their seed."""
    from ..experiments import knn_overlap_runs, source_runs

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số từ 0 đến 1) trước khi đo — đó là phần quan trọng nhất "
                "của bài tập.",
                "Write your prediction (a number from 0 to 1) before measuring — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: độ trùng lặp 10-NN trung bình trên các cặp.",
                "`measured` must be one number: the mean 10-NN overlap over the pairs.",
            )
        start = knn_overlap_runs(source_runs(corpus, "init", 3, epochs=10)).ci()
        seed = knn_overlap_runs(source_runs(corpus, "seed", 3, epochs=10)).ci()
        if not np.isclose(m, start.mean, atol=1e-6):
            if np.isclose(m, seed.mean, atol=1e-6):
                return hint(
                    'Đó là các lần huấn luyện khác seed (mục 5); ở đây chỉ khởi tạo được phép thay đổi: nguồn "init".',
                    "Those are the runs with different seeds (section 5); here only the start may change: "
                    'the source "init".',
                )
            return hint(
                "Cần trung bình độ trùng lặp 10-NN trên 3 cặp của 3 lần huấn luyện 10 epoch chỉ khác khởi tạo.",
                "Expected the mean 10-NN overlap over the 3 pairs of 3 runs of 10 epochs that differ only "
                "in their start.",
                then={
                    "vi": 'es.knn_overlap_runs(es.source_runs(small, "init", 3, epochs=10)).ci().mean',
                    "en": 'es.knn_overlap_runs(es.source_runs(small, "init", 3, epochs=10)).ci().mean',
                },
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        right = "a" if start.low > seed.high else "c" if start.high < seed.low else "b"
        if letter != right:
            return hint(
                f"Chỉ khác khởi tạo: {start}; khác seed: {seed}. Hai khoảng tin cậy có tách nhau không, và "
                "theo chiều nào?",
                f"Start only: {start}; other seed: {seed}. Do the two intervals separate, and which way?",
            )
        meaning = {
            "a": {
                "vi": "Khi giữ nguyên dòng ngẫu nhiên huấn luyện, hai điểm xuất phát khác nhau dẫn tới các láng giềng giống nhau "
                "hơn hẳn: huấn luyện lâu hơn xóa dần dấu vết của điểm xuất phát, và phần bất ổn định còn lại "
                "chủ yếu đến từ dòng ngẫu nhiên huấn luyện.",
                "en": "With the training stream kept, two different starts end with clearly more similar neighbours: "
                "longer training wipes out most of the trace of the start, and the instability that remains "
                "comes mainly from the training stream.",
            },
            "b": {
                "vi": "Giữ nguyên dòng ngẫu nhiên huấn luyện không giúp gì: ở 10 epoch, điểm xuất phát vẫn là nguồn chính.",
                "en": "Keeping the training stream does not help: at 10 epochs the start is still the main source.",
            },
            "c": {
                "vi": "Chỉ đổi điểm xuất phát lại xáo trộn nhiều hơn đổi cả hai nguồn: một kết quả lạ, đáng kiểm tra "
                "lại với nhiều seed hơn.",
                "en": "Changing only the start disturbs more than changing both sources: a strange result, worth "
                "checking with more seeds.",
            },
        }[right]
        return Correct(
            {
                lg: prediction_line(number(pred), start.mean, lg)
                + (f" Khác seed, cũng 10 epoch: {seed}. " if lg == "vi" else f" Other seed, also 10 epochs: {seed}. ")
                + meaning[lg]
                for lg in ("vi", "en")
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("1.5", lang, verify, answer, strict=strict)
