"""Exercise 5.4: linear CKA without any n × n matrix, and the memory it takes (``ch05_linear_cka``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, peak_bytes, report


def ch05_linear_cka(answer, *, lang="en", strict=None):
    """Exercise 5.4 — ``answer(A, B)``: linear CKA of two matrices with the same rows, computed without any n × n
    matrix (compared with ``es.linear_cka`` on several matrices, and its memory measured on a tall one)."""
    from ...compare import linear_cka

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
        value, peak = peak_bytes(fn, *(X.copy() for X in big))
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
