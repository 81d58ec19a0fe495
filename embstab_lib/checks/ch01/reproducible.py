"""Exercise 1.4: a bit-for-bit reproducible run, and one with the same start but another training stream
(``ch01_reproducible``)."""

from __future__ import annotations

import numpy as np

from .._core import (
    Correct,
    hint,
    is_stub,
    number,
    report,
)


def _param_dict(params):
    """``params`` if it is a dict with string keys, else ``None``."""
    return params if isinstance(params, dict) and all(isinstance(k, str) for k in params) else None


def ch01_reproducible(same, stream_only, *, lang="en", strict=None):
    """Exercise 1.4 — ``same``: keyword arguments of ``es.train_word2vec`` with which two runs are bit-for-bit
    identical; ``stream_only``: keyword arguments of a second, equally reproducible run that starts from the same
    initial vectors as a run trained with ``same`` but draws a different training stream.  The check trains on a
    small corpus and compares the initial and the trained vectors."""
    from ...compare import frobenius_distance
    from ...corpora import load_corpus
    from ...models import initial_vectors, train_word2vec

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
