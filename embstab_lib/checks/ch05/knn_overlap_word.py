"""Exercise 5.1: the k-NN overlap of one word (``ch05_knn_overlap_word``)."""

from __future__ import annotations

from .._core import Correct, hint, number, report


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
