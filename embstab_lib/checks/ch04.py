"""Checks of the exercises of chapter 04."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, float_array, hint, is_stub, number, prediction_line, report

__all__ = [
    "ch04_best_rotation",
    "ch04_scaled_from_orthogonal",
    "ch04_shuffled_residual",
    "ch04_heldout_residual",
    "ch04_noise_gain",
]


def _ch04_pair(seed, V, d, *, noise=0.3, reflect=False):
    """Synthetic (A, B): B = A R + noise with R a random orthogonal matrix (det R = −1 if ``reflect``)."""
    from ..compare import random_orthogonal

    rng = np.random.default_rng(seed)
    A = rng.normal(size=(V, d))
    R = random_orthogonal(d, seed=seed + 1)
    if (np.linalg.det(R) < 0) != reflect:
        R[:, 0] = -R[:, 0]
    return A, A @ R + noise * rng.normal(size=(V, d))


def _best_rotation(A, B):
    U, sigma, Pt = np.linalg.svd(A.T @ B)
    signs = np.ones(len(sigma))
    signs[-1] = np.sign(np.linalg.det(U @ Pt))
    return (U * signs) @ Pt


def _rotation_note(R, A, B):
    """What forcing det = +1 costs on the pair (A, B), with the student's R."""
    sigma = np.linalg.svd(A.T @ B, compute_uv=False)
    plain = float(np.linalg.norm(A @ _plain(A, B) - B))
    forced = float(np.linalg.norm(A @ R - B))
    ratio = sigma[-1] / sigma[0]
    if np.linalg.det(_plain(A, B)) > 0:
        return {
            "vi": f"Với cặp lần huấn luyện này, Q* đã là một phép quay (det = +1) nên không phải ép gì; "
            f"σ_d/σ_1 = {ratio:.1e}.",
            "en": f"On this pair of runs Q* is already a rotation (det = +1): nothing to force; σ_d/σ_1 = {ratio:.1e}.",
        }
    return {
        "vi": f"Với cặp lần huấn luyện này, ép det = +1 làm phần dư tăng từ {plain:.4f} lên {forced:.4f} "
        f"(+{forced - plain:.1e}, tức tương đối {(forced - plain) / plain:.0e}). Hướng bị hy sinh là hướng "
        f"của giá trị kỳ dị nhỏ nhất, σ_d/σ_1 = {ratio:.1e}: hai lần huấn luyện gần như không có chung "
        "hướng đó, nên dấu của det gần như tùy ý.",
        "en": f"On this pair of runs, forcing det = +1 raises the residual from {plain:.4f} to {forced:.4f} "
        f"(+{forced - plain:.1e}, a relative {(forced - plain) / plain:.0e}). The direction given up is "
        f"that of the smallest singular value, σ_d/σ_1 = {ratio:.1e}: the two runs barely share it, so the "
        "sign of det is close to arbitrary.",
    }


def _plain(A, B):
    U, _, Pt = np.linalg.svd(A.T @ B)
    return U @ Pt


def ch04_best_rotation(answer, A=None, B=None, *, lang="en", strict=None):
    """Exercise 4.1 — ``answer(A, B)``: the proper rotation R (RᵀR = I, det R = +1) minimising ‖AR − B‖_F.

    ``A``, ``B`` (optional): a pair of runs on which, after a correct answer, the check reports what forcing
    det = +1 costs.
    """
    cases = [
        _ch04_pair(10, 60, 4, reflect=True),
        _ch04_pair(11, 50, 3, reflect=False),
        _ch04_pair(12, 40, 5, reflect=True),
    ]

    def verify(fn):
        for A_, B_ in cases:
            d = A_.shape[1]
            R = float_array(call(fn, A_.copy(), B_.copy()), (d, d))
            if R is None:
                return {"vi": f"Cần một ma trận {d}×{d}.", "en": f"Expected a {d}×{d} matrix."}
            if not np.allclose(R.T @ R, np.eye(d), atol=1e-8):
                return {
                    "vi": "Ma trận của bạn không trực giao (RᵀR ≠ I): hãy dựng nó từ U và Pᵀ của SVD.",
                    "en": "Your matrix is not orthogonal (RᵀR ≠ I): build it from U and Pᵀ of the SVD.",
                }
            if np.linalg.det(R) < 0:
                return {
                    "vi": "det R = −1: đó là nghiệm Procrustes thông thường, có chứa một phép phản xạ. "
                    "Hãy đổi dấu hướng ứng với giá trị kỳ dị nhỏ nhất.",
                    "en": "det R = −1: that is the ordinary Procrustes solution, which contains a reflection. "
                    "Flip the sign of the direction of the smallest singular value.",
                }
            best = _best_rotation(A_, B_)
            if np.allclose(R, best, atol=1e-8):
                continue
            if np.allclose(R, best.T, atol=1e-8):
                return {
                    "vi": "Bạn đã căn chỉnh B theo A (ma trận chuyển vị). Hãy dùng SVD của AᵀB và trả về U·diag(…)·Pᵀ.",
                    "en": "You aligned B to A (the transpose). Use the SVD of AᵀB and return U·diag(…)·Pᵀ.",
                }
            return {
                "vi": "Đây là một phép quay nhưng chưa tối ưu: chỉ đổi dấu hướng ứng với σ nhỏ nhất (cột cuối của U).",
                "en": "This is a rotation but not the best one: flip only the direction of the smallest σ (the "
                "last column of U).",
            }
        A_, B_ = cases[0] if A is None or B is None else (np.asarray(A, dtype=float), np.asarray(B, dtype=float))
        R = float_array(call(fn, A_.copy(), B_.copy()), (A_.shape[1],) * 2)
        if R is None or not np.allclose(R, _best_rotation(A_, B_), atol=1e-6):
            return {
                "vi": "Hàm của bạn đúng trên dữ liệu kiểm tra nhỏ nhưng sai trên cặp lần huấn luyện thật: "
                "kiểm tra lại trường hợp det(UPᵀ) = +1 và −1.",
                "en": "Your function is right on the small test data but not on the real pair of runs: check "
                "both cases det(UPᵀ) = +1 and −1.",
            }
        return Correct(_rotation_note(R, A_, B_))

    return report("4.1", lang, verify, answer, strict=strict)


def ch04_scaled_from_orthogonal(answer, *, lang="en", strict=None):
    """Exercise 4.2 — ``answer(r)``: the relative residual of Procrustes **with a global scale**, for centred
    unit-length rows, as a function of the orthogonal relative residual ``r`` alone."""
    rs = np.array([0.1, 0.3, 0.47, 0.9, 1.3])
    want = rs * np.sqrt(1 - rs**2 / 4)

    def verify(fn):
        got = []
        for r in rs:
            x = number(call(fn, float(r)))
            if x is None:
                return hint(
                    "Hàm của bạn phải trả về một số thực cho mỗi giá trị r.",
                    "Your function must return one real number for each value of r.",
                )
            got.append(x)
        got = np.array(got)
        if np.allclose(got, want, rtol=1e-6):
            r, rsc = 0.47, 0.47 * np.sqrt(1 - 0.47**2 / 4)
            return Correct(
                {
                    "vi": f"Với r = {r} (seed 0–1), một hệ số tỉ lệ tự do chỉ hạ r xuống {rsc:.3f}. Trên các "
                    "hàng đã trung tâm hóa và có độ dài 1, phần dư có hệ số tỉ lệ là một hàm của r, nên "
                    "nó không mang thêm thông tin nào; còn s* chính là cosine trung bình sau căn chỉnh.",
                    "en": f"For r = {r} (seeds 0–1), one free scale lowers r only to {rsc:.3f}. On centred "
                    "unit-length rows the scaled residual is a function of r, so it carries no new "
                    "information; s* itself is the mean aligned cosine.",
                }
            )
        if np.allclose(got, rs, rtol=1e-6):
            return hint(
                "Đó là r: một hệ số tỉ lệ được chọn tối ưu luôn làm phần dư giảm (trừ khi r = 0).",
                "That is r itself: an optimally chosen scale always lowers the residual (unless r = 0).",
            )
        if np.allclose(got, 1 - rs**2 / 2, rtol=1e-6):
            return hint(
                "Đó là hệ số tỉ lệ s*, không phải phần dư tương đối.",
                "That is the scale s*, not the relative residual.",
            )
        if np.allclose(got, want**2, rtol=1e-6):
            return hint(
                "Đó là bình phương của phần dư tương đối; hãy lấy căn bậc hai.",
                "That is the squared relative residual; take the square root.",
            )
        return hint(
            "Dùng công thức của mục 1 với ‖A‖²_F = ‖B‖²_F = V để viết tr(Σ) theo r, rồi thay vào công thức "
            "phần dư có hệ số tỉ lệ ở mục 5 (và chia cho ‖B‖²_F).",
            "Use the formula of section 1 with ‖A‖²_F = ‖B‖²_F = V to write tr(Σ) in terms of r, then put it "
            "into the scaled residual formula of section 5 (and divide by ‖B‖²_F).",
            then={
                "vi": "tr(Σ) = V(1 − r²/2), nên s* = tr(Σ)/V = 1 − r²/2 và r_s² = 1 − s*².",
                "en": "tr(Σ) = V(1 − r²/2), so s* = tr(Σ)/V = 1 − r²/2 and r_s² = 1 − s*².",
            },
        )

    return report("4.2", lang, verify, answer, strict=strict)


def ch04_shuffled_residual(answer, *, lang="en", strict=None):
    """Exercise 4.3 — ``answer(A, B, perm)``: relative Procrustes residual of A aligned to B with rows permuted by
    ``perm``."""
    from ..compare import procrustes

    A, B = _ch04_pair(30, 120, 5, noise=0.2)
    perm = np.random.default_rng(31).permutation(len(A))

    def verify(fn):
        got = number(call(fn, A.copy(), B.copy(), perm.copy()))
        if got is None:
            return hint("Cần một số: phần dư tương đối.", "Expected one number: the relative residual.")
        shuffled = procrustes(A, B[perm])
        inverse = procrustes(A, B[np.argsort(perm)])  # = aligning A[perm] to B
        observed = procrustes(A, B).relative_residual
        if any(np.isclose(got, r.relative_residual, rtol=1e-6) for r in (shuffled, inverse)):
            return Correct(
                {
                    "vi": f"Khi không còn sự tương ứng giữa các từ, r = {got:.3f} (hai đám mây đẳng hướng không liên "
                    "quan, cùng chuẩn: thấp hơn √2 ≈ 1.414 một chút, vì Q được khớp trên chính các hàng "
                    f"đã xáo trộn), so với {observed:.3f} khi các hàng còn tương ứng với nhau.",
                    "en": f"With no word correspondence left, r = {got:.3f} (two unrelated isotropic clouds "
                    "of equal norm: a little below √2 ≈ 1.414, because Q is fitted to the shuffled rows "
                    f"themselves), against {observed:.3f} with the rows still matched.",
                }
            )
        if any(np.isclose(got, r.residual, rtol=1e-6) for r in (shuffled, inverse)):
            return {
                "vi": "Đó là phần dư tuyệt đối; hãy chia cho ‖B‖_F.",
                "en": "That is the absolute residual; divide by ‖B‖_F.",
            }
        if np.isclose(got, observed, rtol=1e-6):
            return {
                "vi": "Đó là phần dư khi chưa xáo trộn: chỉ xáo trộn các hàng của B (không xáo trộn cả A lẫn B).",
                "en": "That is the residual without shuffling: reorder the rows of B only (not both A and B).",
            }
        return hint(
            "Hãy căn chỉnh A theo B đã xáo trộn hàng rồi trả về phần dư tương đối.",
            "Align A to the row-shuffled B, then return the relative residual.",
            then={
                "vi": "Căn chỉnh A theo B[perm] bằng Procrustes rồi trả về ‖AQ − B[perm]‖_F / ‖B[perm]‖_F.",
                "en": "Align A to B[perm] with Procrustes, then return ‖AQ − B[perm]‖_F / ‖B[perm]‖_F.",
            },
        )

    return report("4.3", lang, verify, answer, strict=strict)


def ch04_heldout_residual(answer, *, lang="en", strict=None):
    """Exercise 4.4 — ``answer(A, B, fit_rows, test_rows)``: Q fitted on ``fit_rows``, relative residual on
    ``test_rows``."""
    from scipy.linalg import orthogonal_procrustes

    A, B = _ch04_pair(40, 100, 8, noise=1.0)
    rows = np.random.default_rng(41).permutation(len(A))
    fit, test = rows[:20], rows[20:]

    def rel(Q, r, denominator=None):
        den = np.linalg.norm(B[r]) if denominator is None else denominator
        return float(np.linalg.norm(A[r] @ Q - B[r]) / den)

    def verify(fn):
        got = number(call(fn, A.copy(), B.copy(), fit.copy(), test.copy()))
        if got is None:
            return hint(
                "Cần một số: phần dư tương đối trên các hàng giữ lại.",
                "Expected one number: the relative residual on the held-out rows.",
            )
        Q_fit, _ = orthogonal_procrustes(A[fit], B[fit])
        right = rel(Q_fit, test)
        if np.isclose(got, right, rtol=1e-6):
            on_fit = rel(Q_fit, fit)
            return Correct(
                {
                    "vi": f"Trên dữ liệu kiểm tra (20 hàng để khớp, d = 8): r = {on_fit:.3f} trên các hàng "
                    f"dùng để khớp, {got:.3f} trên các hàng giữ lại. Q đã “hấp thụ” một phần nhiễu của "
                    "chính các hàng dùng để khớp, nên chỉ con số trên tập giữ lại là trung thực.",
                    "en": f"On the check's data (20 fitting rows, d = 8): r = {on_fit:.3f} on the fitting "
                    f"rows, {got:.3f} on the held-out rows. Q absorbed part of the noise of the very "
                    "rows it was fitted on, so only the held-out number is honest.",
                }
            )
        if np.isclose(got, rel(Q_fit, fit), rtol=1e-6):
            return {
                "vi": "Đó là phần dư trên chính các từ dùng để khớp; hãy tính trên test_rows.",
                "en": "That is the residual on the fitting words themselves; score on test_rows.",
            }
        Q_all, _ = orthogonal_procrustes(A, B)
        Q_test, _ = orthogonal_procrustes(A[test], B[test])
        if np.isclose(got, rel(Q_all, test), rtol=1e-6) or np.isclose(got, rel(Q_test, test), rtol=1e-6):
            return {
                "vi": "Q phải được khớp chỉ trên fit_rows; các từ giữ lại không được tham gia vào việc khớp.",
                "en": "Q must be fitted on fit_rows only; the held-out words must not take part in the fit.",
            }
        if np.isclose(got, right * np.linalg.norm(B[test]), rtol=1e-6):
            return {
                "vi": "Đó là phần dư tuyệt đối; hãy chia cho chuẩn của ma trận đích trên các hàng giữ lại.",
                "en": "That is the absolute residual; divide by the norm of the target on the held-out rows.",
            }
        wrong_denominators = [np.linalg.norm(B), np.linalg.norm(B[fit]), np.linalg.norm(A[test]), np.linalg.norm(A)]
        if any(np.isclose(got, rel(Q_fit, test, den), rtol=1e-6) for den in wrong_denominators):
            return {
                "vi": "Tử số đúng nhưng mẫu số sai: chia cho chuẩn của B trên chính các hàng giữ lại "
                "(không phải toàn bộ B, các hàng dùng để khớp, hay A).",
                "en": "Right numerator, wrong denominator: divide by the norm of B on the held-out rows "
                "themselves (not all of B, the fitting rows, or A).",
            }
        return hint(
            "Khớp Q chỉ trên các hàng dùng để khớp, rồi đánh giá nó trên các hàng giữ lại, so với độ lớn của "
            "ma trận đích trên các hàng đó.",
            "Fit Q on the fitting rows only, then score it on the held-out rows, relative to the size of the "
            "target on those rows.",
            then={
                "vi": "Khớp Q trên A[fit_rows], B[fit_rows], rồi trả về "
                "‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F.",
                "en": "Fit Q on A[fit_rows], B[fit_rows], then return "
                "‖A[test_rows]Q − B[test_rows]‖_F / ‖B[test_rows]‖_F.",
            },
        )

    return report("4.4", lang, verify, answer, strict=strict)


def _letter(x):
    if isinstance(x, str) and x.strip().lower().strip("()") in ("a", "b", "c"):
        return x.strip().lower().strip("()")
    return None


def _planted_gain(T, noise, seed):
    """Held-out relative residual of the orthogonal map minus that of the linear map, on A = T + noise and
    B = T + other noise (both centred, unit rows; B needs no rotation: both maps are equivariant to one)."""
    from ..compare import heldout_fit

    def unit_centred(X):
        X = X - X.mean(axis=0)
        return X / np.linalg.norm(X, axis=1, keepdims=True)

    rng = np.random.default_rng(seed)
    A = unit_centred(T + noise * rng.normal(size=T.shape))
    B = unit_centred(T + noise * rng.normal(size=T.shape))
    o, lin = (heldout_fit(A, B, method=m) for m in ("orthogonal", "linear"))
    return (
        o.heldout_relative_residual - lin.heldout_relative_residual,
        o.fit_relative_residual - lin.fit_relative_residual,
    )


def ch04_noise_gain(prediction, measured, interpretation, *, signal, noise, lang="en", strict=None):
    """Exercise 4.5 (predict – run – interpret) — ``prediction`` (written before running) and ``measured``: the
    held-out relative residual of the orthogonal map minus that of the linear map, on a planted pair built from
    ``signal`` with noise ``noise`` (half of the words to fit, the other half held out); ``interpretation``: the
    letter of the option that the measurement supports."""
    T = np.asarray(signal, dtype=float)

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        gain, fit_gain = _planted_gain(T, float(noise), seed=1001)
        gain_half, _ = _planted_gain(T, float(noise) / 2, seed=1002)
        right = "a" if gain > gain_half + 0.01 else "b" if gain < gain_half - 0.01 else "c"
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một con số) trước khi chạy — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (one number) before running — it is the point of the exercise.",
            )
        m = number(meas)
        if m is None:
            return hint(
                "`measured` phải là một con số: r của ánh xạ trực giao trừ r của ánh xạ tuyến tính, trên tập giữ lại.",
                "`measured` must be one number: r of the orthogonal map minus r of the linear map, held out.",
            )
        if abs(m - gain) > 0.005:
            if abs(m + gain) <= 0.005:
                return hint(
                    "Sai dấu: lấy phần dư của ánh xạ trực giao trừ phần dư của ánh xạ tuyến tính.",
                    "Wrong sign: take the orthogonal map's residual minus the linear map's.",
                )
            if abs(m - gain_half) <= 0.005:
                return hint(
                    f"Đó là mức lợi với độ nhiễu cũ (τ = {noise / 2:.4f}); cặp cài sẵn phải dùng độ nhiễu {noise:.4f}.",
                    f"That is the gain at the old noise level (τ = {noise / 2:.4f}); the planted pair must "
                    f"use noise {noise:.4f}.",
                )
            if abs(m - fit_gain) <= 0.005:
                return hint(
                    "Đó là chênh lệch trên các từ dùng để khớp; hãy dùng phần dư trên tập giữ lại.",
                    "That is the difference on the fitting words; use the held-out residuals.",
                )
            return hint(
                "Dựng một cặp cài sẵn từ `signal` với độ nhiễu `noise` (như planted_pair), rồi đo bằng "
                'es.heldout_fit với method="orthogonal" và method="linear".',
                "Build a planted pair from `signal` with noise `noise` (as planted_pair does), then measure "
                'with es.heldout_fit, method="orthogonal" and method="linear".',
                then={
                    "vi": 'measured = heldout_fit(Pa, Pb, method="orthogonal").heldout_relative_residual '
                    '− heldout_fit(Pa, Pb, method="linear").heldout_relative_residual.',
                    "en": 'measured = heldout_fit(Pa, Pb, method="orthogonal").heldout_relative_residual '
                    '− heldout_fit(Pa, Pb, method="linear").heldout_relative_residual.',
                },
            )
        letter = _letter(interp)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c".',
                '`interpretation` must be one of the letters "a", "b", "c".',
            )
        if letter != right:
            return hint(
                f"Với độ nhiễu {noise / 2:.4f}, mức lợi là {gain_half:.3f}; với {noise:.4f}, bạn đo được "
                f"{m:.3f}. Cặp này là một phép quay chính xác cộng nhiễu: phương án nào giải thích được sự thay "
                "đổi đó?",
                f"At noise {noise / 2:.4f} the gain is {gain_half:.3f}; at {noise:.4f} you measured {m:.3f}. "
                "The pair is an exact rotation plus noise: which option explains that change?",
            )
        return Correct(
            {
                "vi": prediction_line(number(pred), m, "vi") + " "
                f"Mức lợi tăng từ {gain_half:.3f} lên {gain:.3f} khi nhiễu tăng gấp đôi, dù hai ma trận "
                "chỉ khác nhau một phép quay: nhiễu càng lớn thì hệ số co rút λ_k/(λ_k + τ²) của mỗi "
                "hướng càng nhỏ hơn 1, nên ánh xạ tuyến tính (co rút được) càng thắng ánh xạ trực giao "
                "(không co rút được).",
                "en": prediction_line(number(pred), m, "en") + " "
                f"The gain grows from {gain_half:.3f} to {gain:.3f} when the noise doubles, although the "
                "two matrices differ only by a rotation: the more noise, the further each direction's "
                "shrinkage factor λ_k/(λ_k + τ²) falls below 1, so the linear map (which can shrink) "
                "beats the orthogonal one (which cannot) by more.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("4.5", lang, verify, answer, strict=strict)
