"""Exercise 7.4 (predict – run – interpret): bootstrap noise on the small Lee corpus (``ch07_bootstrap_small``)."""

from __future__ import annotations

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report


def _lee_overlap():
    from ...compare import knn_overlap, shared_matrices
    from ...corpora import bootstrap_corpus, load_corpus
    from ...models.ppmi import ppmi_svd

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
                "Dùng es.bootstrap_corpus(lee, seed=0) và seed=1, es.ppmi_svd với cấu hình mặc định, "
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
