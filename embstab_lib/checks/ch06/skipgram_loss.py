"""Exercise 6.1: the full-softmax skip-gram loss, tried on very large logits too (``ch06_skipgram_loss``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, report
from ._shared import _shape_of


def _loss_cases():
    rng = np.random.default_rng(61)
    cases = []
    for V, Vc, d, n, scale in ((7, 5, 3, 30, 1.0), (6, 9, 2, 40, 0.5), (5, 6, 3, 25, 30.0)):
        W, C = scale * rng.normal(size=(V, d)), scale * rng.normal(size=(Vc, d))
        pairs = np.c_[rng.integers(0, V, n), rng.integers(0, Vc, n)]
        cases.append((W, C, pairs))
    return cases


def _reference_loss(W, C, pairs):
    Z = W[pairs[:, 0]] @ C.T
    m = Z.max(axis=1)
    lse = m + np.log(np.exp(Z - m[:, None]).sum(axis=1))
    return float(np.mean(lse - Z[np.arange(len(pairs)), pairs[:, 1]]))


def _wrong_axis_loss(W, C, pairs):
    Z = W @ C.T
    m = Z.max(axis=0)
    lse = m + np.log(np.exp(Z - m).sum(axis=0))  # normalised over the words instead of the contexts
    return float(np.mean(lse[pairs[:, 1]] - Z[pairs[:, 0], pairs[:, 1]]))


def ch06_skipgram_loss(answer, *, lang="en", strict=None):
    """Exercise 6.1 — ``answer(W, C, pairs)``: the full-softmax skip-gram loss of the chapter, a float.

    W: (V_W, d) word vectors, C: (V_C, d) context vectors, pairs: (n, 2) integer (word, context) indices.
    The check tries small random problems, one of them with very large logits.
    """
    cases = _loss_cases()

    def verify(fn):
        for k, (W, C, pairs) in enumerate(cases):
            with np.errstate(all="ignore"):
                got = call(fn, W.copy(), C.copy(), pairs.copy())
            value = number(got)
            want = _reference_loss(W, C, pairs)
            if value is None:
                if k == len(cases) - 1 and np.ndim(got) == 0:
                    return hint(
                        "Với logit rất lớn (cỡ 10³), kết quả của bạn là NaN hoặc vô cực: exp tràn số.",
                        "With very large logits (about 10³) your result is NaN or infinite: exp overflows.",
                        then={
                            "vi": "Trừ giá trị lớn nhất m của mỗi hàng logit trước khi lấy exp: "
                            "log Σ exp(z) = m + log Σ exp(z − m).",
                            "en": "Subtract the largest logit m of each row before exponentiating: "
                            "log Σ exp(z) = m + log Σ exp(z − m).",
                        },
                    )
                return hint(
                    f"Cần một con số (float); bạn trả về {_shape_of(got)}.",
                    f"Expected one number (a float); got {_shape_of(got)}.",
                )
            if np.isclose(value, want, rtol=1e-9, atol=1e-12):
                continue
            if np.isclose(value, -want, rtol=1e-9):
                return hint(
                    "Sai dấu: hàm mất mát là âm log-likelihood, nên nó ≥ 0.",
                    "Wrong sign: the loss is the negative log-likelihood, so it is ≥ 0.",
                )
            if np.isclose(value, want * len(pairs), rtol=1e-9):
                return hint(
                    "Đó là tổng trên các cặp; hàm mất mát của chương là trung bình (chia cho n).",
                    "That is the sum over the pairs; the chapter's loss is the mean (divide by n).",
                )
            if np.isclose(value, _wrong_axis_loss(W, C, pairs), rtol=1e-9):
                return hint(
                    "Bạn lấy softmax theo sai chiều: với mỗi từ w, cần chuẩn hóa trên mọi ngữ cảnh c′ "
                    "(các cột của W Cᵀ), không phải trên các từ.",
                    "The softmax runs along the wrong axis: for each word w, normalise over all contexts c′ "
                    "(the columns of W Cᵀ), not over the words.",
                )
            return hint(
                "Với mỗi cặp (w, c): z = C @ W[w] (một logit cho mỗi ngữ cảnh), rồi "
                "−log softmax(z)[c]; lấy trung bình trên n cặp.",
                "For each pair (w, c): z = C @ W[w] (one logit per context), then −log softmax(z)[c]; "
                "average over the n pairs.",
                then={
                    "vi": "L = mean(logsumexp(Z, axis=1) − Z[i, c_i]) với Z = W[pairs[:, 0]] @ C.T; "
                    "logsumexp tính ổn định bằng cách trừ max của mỗi hàng.",
                    "en": "L = mean(logsumexp(Z, axis=1) − Z[i, c_i]) with Z = W[pairs[:, 0]] @ C.T; "
                    "compute logsumexp stably by subtracting each row's max.",
                },
            )
        return Correct(
            {
                "vi": "Hàm của bạn đúng cả khi logit cỡ 10³, khi mà tính thẳng exp(z) sẽ bị tràn số.",
                "en": "Your function is right even with logits of about 10³, where a naive exp(z) overflows.",
            }
        )

    return report("6.1", lang, verify, answer, strict=strict)
