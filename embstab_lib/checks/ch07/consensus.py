"""Exercise 7.1: the consensus neighbours, found in at least a share of the runs' lists (``ch07_consensus``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, hint, report


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
