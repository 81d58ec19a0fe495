"""Exercise 10.2: the naive aligned cosine of planted runs, its chance level and the verdict of ``es.assess``
(``ch10_planted_case``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, report
from ._shared import _letter


def _naive_cosine(A, B):
    """Mean cosine of a_w Q* and b_w, Q* the orthogonal Procrustes map of the raw (uncentred) rows."""
    from ...compare import mean_cosine, procrustes

    return mean_cosine(procrustes(A, B).aligned, B)


def ch10_planted_case(naive, naive_chance, verdict, runs, *, lang="en", strict=None):
    """Exercise 10.2 — ``naive``: the mean cosine after Procrustes alignment of ``runs[0]`` onto ``runs[1]``, without
    centring; ``naive_chance``: the same with the rows of ``runs[1]`` shuffled; ``verdict``: the letter of the option
    that ``es.assess(runs)`` supports."""
    from ...assessment import assess
    from ...compare import mean_cosine, procrustes

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
                    "Đó là cosine trung bình chưa căn chỉnh: hãy căn chỉnh planted[0] theo planted[1] bằng Procrustes trước.",
                    "That is the unaligned mean cosine: align planted[0] onto planted[1] with Procrustes first.",
                )
            Ac, Bc = A - A.mean(axis=0), B - B.mean(axis=0)
            if np.isclose(got, mean_cosine(procrustes(Ac, Bc).aligned, Bc), rtol=1e-6, atol=1e-9):
                return hint(
                    "Đó là phiên bản đã trung tâm hóa — phiên bản trung thực. Bài tập hỏi con số mà một cách đánh giá "
                    "ngây thơ sẽ báo cáo: căn chỉnh các vector thô, không trung tâm hóa.",
                    "That is the centred version — the honest one. The exercise asks for the number a naive "
                    "evaluation reports: align the raw vectors, without centring.",
                )
            return hint(
                "Căn chỉnh planted[0] theo planted[1] (es.procrustes trên các vector thô), rồi lấy cosine trung bình "
                "của từng từ với chính nó (es.mean_cosine).",
                "Align planted[0] onto planted[1] (es.procrustes on the raw vectors), then take the mean cosine of each "
                "word with itself (es.mean_cosine).",
            )
        chance = number(nc)
        if chance is None:
            return hint("`naive_chance` phải là một con số.", "`naive_chance` must be one number.")
        if np.isclose(chance, want, rtol=1e-6, atol=1e-9) and not lo <= want <= hi:
            return hint(
                "Đó chính là `naive`: với mức cơ sở ngẫu nhiên, hãy xáo trộn các hàng của planted[1] trước khi căn chỉnh.",
                "That is `naive` itself: for the chance baseline, shuffle the rows of planted[1] before aligning.",
            )
        if not lo <= chance <= hi:
            return hint(
                "Mức cơ sở ngẫu nhiên: cùng phép tính, nhưng với các hàng của planted[1] bị xáo trộn "
                "(planted[1][rng.permutation(len(planted[1]))]).",
                "The chance baseline: the same computation with the rows of planted[1] shuffled "
                "(planted[1][rng.permutation(len(planted[1]))]).",
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
                f"Cosine theo cách ngây thơ {want:.3f}, so với mức cơ sở ngẫu nhiên {np.mean(nulls):.3f}. Chạy "
                "es.assess(planted) và xem thuộc tính above_chance của từng thước đo trong .summary: thước đo nào nằm "
                "trên mức cơ sở ngẫu nhiên?",
                f"The naive cosine {want:.3f} against its chance level {np.mean(nulls):.3f}. Run es.assess(planted) and "
                "read the above_chance attribute of each measure of its .summary: which measures are above their "
                "chance level?",
                then={
                    "vi": f"Độ trùng lặp 10-NN {knn.mean:.4f} (mức cơ sở {knn.chance:.4f}); CKA {cka.mean:.4f} "
                    f"(mức cơ sở {cka.chance:.4f}).",
                    "en": f"10-NN overlap {knn.mean:.4f} (chance {knn.chance:.4f}); CKA {cka.mean:.4f} "
                    f"(chance {cka.chance:.4f}).",
                },
            )
        return Correct(
            {
                "vi": f"Cosine sau căn chỉnh, không trung tâm hóa: {want:.3f} — trông như rất ổn định, nhưng khi xáo "
                f"trộn từ nó vẫn là {np.mean(nulls):.3f}. Các lần huấn luyện cài sẵn này không chung gì ở mức từng "
                "từ: mỗi lần chỉ có một hướng chung của riêng nó, và phép căn chỉnh xoay hướng chung của lần này cho "
                "trùng với hướng chung của lần kia. "
                "Hai mục của danh sách kiểm tra bắt được điều đó: mức cơ sở ngẫu nhiên và trung tâm hóa.",
                "en": f"Aligned cosine without centring: {want:.3f} — it looks very stable, yet with the words shuffled "
                f"it is still {np.mean(nulls):.3f}. These planted runs share nothing word by word: each has a common "
                "direction of its own, and the alignment turns one onto the other. Two items of the checklist catch "
                "it: the chance baseline and centring.",
            }
        )

    return report("10.2", lang, verify, (naive, naive_chance, verdict), strict=strict)
