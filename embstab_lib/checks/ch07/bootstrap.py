"""Exercise 7.3: a bootstrap sample of a list of documents (``ch07_bootstrap``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, report


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
                f"On average {100 * distinct.mean():.0f} % distinct documents per sample, while uniform draws with "
                f"replacement give about {100 * expected:.0f} %: each draw must pick uniformly among all n documents.",
            )
        return Correct(
            {
                "vi": f"Trung bình mỗi mẫu chứa {distinct.mean():.0%} số văn bản của kho (lý thuyết 1 − (1 − 1/n)ⁿ ≈ "
                f"{expected:.0%}): ở mỗi lần huấn luyện, khoảng một phần ba kho ngữ liệu bị bỏ ra.",
                "en": f"On average {100 * distinct.mean():.0f} % distinct documents per sample (theory 1 − (1 − 1/n)ⁿ ≈ "
                f"{100 * expected:.0f} %): about a third of the corpus is left out of every run.",
            }
        )

    return report("7.3", lang, verify, answer, strict=strict)
