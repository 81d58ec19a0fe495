"""Checks of the exercises of chapter 06 (the skip-gram objective and its symmetries)."""

from __future__ import annotations

import numpy as np

from ._core import Correct, NotDone, call, float_array, hint, is_stub, number, prediction_line, report

__all__ = [
    "ch06_skipgram_loss",
    "ch06_rotation_in_a_plane",
    "ch06_neighbour_changing_symmetry",
    "ch06_predict_optimizers",
]

#: The optimisers of exercise 6.4, in the order the chapter lists them.
OPTIMIZERS_6_4 = ("sgd", "momentum", "rmsprop", "adam", "adamw")
OPTIONS_6_4 = ("a", "b", "c", "d")


def _shape_of(x):
    try:
        return np.shape(x)
    except Exception:
        return type(x).__name__


def _letter(x, options):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in options else None


# ------------------------------------------------------------------------------------------ 6.1


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


# ------------------------------------------------------------------------------------------ 6.2


def ch06_rotation_in_a_plane(answer, W, C, pairs, *, lang="en", strict=None):
    """Exercise 6.2 — ``answer = (R, both, one)``: R the d×d rotation by 30° in the plane of coordinates 0 and 1
    (identity on the other coordinates); ``both`` and ``one`` the relative changes |L′ − L| / L of the loss
    (``es.skipgram_loss``) when R acts on W and C, and on W only."""
    from ..models.skipgram import skipgram_loss

    W, C = np.asarray(W, dtype=float), np.asarray(C, dtype=float)
    d = W.shape[1]
    if d < 3:
        raise ValueError("exercise 6.2 needs d ≥ 3")
    L = skipgram_loss(W, C, pairs)
    c30, s30 = np.cos(np.pi / 6), np.sin(np.pi / 6)

    def verify(ans):
        if not isinstance(ans, tuple) or len(ans) != 3:
            return hint("Cần một bộ ba (R, both, one).", "Expected a triple (R, both, one).")
        R_raw, both_raw, one_raw = ans
        if any(is_stub(x) for x in ans):
            raise NotDone
        R = float_array(R_raw, (d, d))
        if R is None:
            return hint(
                f"R phải là ma trận {d}×{d}; bạn đưa vào {_shape_of(R_raw)}.",
                f"R must be a {d}×{d} matrix; got {_shape_of(R_raw)}.",
            )
        rest_ok = np.allclose(R[2:, 2:], np.eye(d - 2)) and np.allclose(R[:2, 2:], 0) and np.allclose(R[2:, :2], 0)
        if not rest_ok:
            return hint(
                "R chỉ được tác động lên tọa độ 0 và 1: phần còn lại phải là ma trận đơn vị.",
                "R may act on coordinates 0 and 1 only: the rest must be the identity.",
            )
        block = R[:2, :2]
        if np.isclose(block[0, 0], np.cos(30.0)) and np.isclose(abs(block[0, 1]), abs(np.sin(30.0))):
            return hint(
                "np.cos và np.sin nhận góc theo radian: 30° = π/6.", "np.cos and np.sin take radians: 30° = π/6."
            )
        rotations = (np.array([[c30, -s30], [s30, c30]]), np.array([[c30, s30], [-s30, c30]]))
        if not any(np.allclose(block, r, atol=1e-9) for r in rotations):
            return hint(
                "Khối 2×2 của R phải là [[cos θ, −sin θ], [sin θ, cos θ]] với θ = 30°; kiểm tra RᵀR = I và det R = +1.",
                "The 2×2 block of R must be [[cos θ, −sin θ], [sin θ, cos θ]] with θ = 30°; check "
                "RᵀR = I and det R = +1.",
            )
        both, one = number(both_raw), number(one_raw)
        if both is None or one is None:
            return hint("`both` và `one` phải là hai con số.", "`both` and `one` must be two numbers.")
        want_one = abs(skipgram_loss(W @ R, C, pairs) - L) / L
        want_both = abs(skipgram_loss(W @ R, C @ R, pairs) - L) / L
        if abs(both) > 1e-10:
            if np.isclose(abs(both), want_one, rtol=1e-6):
                return hint(
                    "Đó là thay đổi khi chỉ quay W. Với `both`, R tác động lên cả W lẫn C.",
                    "That is the change when only W is rotated. For `both`, R acts on W and on C.",
                )
            return hint(
                "Khi R tác động lên cả hai ma trận, mọi logit giữ nguyên: thay đổi phải ở mức sai số làm "
                "tròn (≈ 1e-16). Kiểm tra rằng bạn nhân cả W và C với cùng một R.",
                "When R acts on both matrices every logit is kept: the change must be at rounding level "
                "(≈ 1e-16). Check that you multiply W and C by the same R.",
            )
        if np.isclose(abs(one), want_one, rtol=1e-6):
            return Correct(
                {
                    "vi": f"Quay cả hai phía: thay đổi tương đối {want_both:.1e} (sai số làm tròn). Quay chỉ W, dù chỉ "
                    f"2 trong {d} tọa độ: {want_one:.2e} — các logit WRCᵀ ≠ WCᵀ.",
                    "en": f"Rotating both sides: relative change {want_both:.1e} (rounding). Rotating W only, even in "
                    f"2 of {d} coordinates: {want_one:.2e} — the logits WRCᵀ ≠ WCᵀ.",
                }
            )
        if np.isclose(abs(one), want_one * L, rtol=1e-6):
            return hint(
                "Đó là thay đổi tuyệt đối; cần thay đổi tương đối: chia cho L(W, C).",
                "That is the absolute change; the relative change divides it by L(W, C).",
            )
        only_c = abs(skipgram_loss(W, C @ R, pairs) - L) / L
        if np.isclose(abs(one), only_c, rtol=1e-6):
            return hint(
                "Bạn đã quay C; đề bài yêu cầu quay chỉ W (giữ nguyên C).",
                "You rotated C; the exercise rotates W only (C unchanged).",
            )
        return hint(
            "`one` = |L(W R, C) − L(W, C)| / L(W, C), tính bằng es.skipgram_loss.",
            "`one` = |L(W R, C) − L(W, C)| / L(W, C), computed with es.skipgram_loss.",
        )

    return report("6.2", lang, verify, answer, strict=strict)


# ------------------------------------------------------------------------------------------ 6.3


def ch06_neighbour_changing_symmetry(answer, W, C, pairs, negatives, *, top=500, lang="en", strict=None):
    """Exercise 6.3 — ``answer = (W2, C2)``: new word and context matrices with W2 = W A for an invertible d×d A,
    the same negative-sampling loss as (W, C) on ``pairs``/``negatives`` (``es.sgns_loss``), and clearly different
    10 nearest neighbours for the ``top`` first words (10-NN overlap of W and W2 below 0.9)."""
    from ..compare import knn_overlap
    from ..models.skipgram import sgns_loss

    W, C = np.asarray(W, dtype=float), np.asarray(C, dtype=float)
    L = sgns_loss(W, C, pairs, negatives)

    def verify(ans):
        if not isinstance(ans, tuple) or len(ans) != 2:
            return hint("Cần một cặp (W2, C2).", "Expected a pair (W2, C2).")
        if any(is_stub(x) for x in ans):
            raise NotDone
        W2, C2 = float_array(ans[0], W.shape), float_array(ans[1], C.shape)
        if W2 is None or C2 is None:
            return hint(
                f"W2 và C2 phải có cùng kích thước với W {W.shape} và C {C.shape}.",
                f"W2 and C2 must have the shapes of W {W.shape} and C {C.shape}.",
            )
        if not (np.all(np.isfinite(W2)) and np.all(np.isfinite(C2))):
            return hint(
                "W2 hoặc C2 chứa NaN/vô cực: A có khả nghịch không?", "W2 or C2 contains NaN/inf: is A invertible?"
            )
        A, *_ = np.linalg.lstsq(W, W2, rcond=None)
        if np.linalg.norm(W @ A - W2) > 1e-6 * np.linalg.norm(W2):
            return hint("W2 phải có dạng W @ A với một ma trận A cỡ d×d.", "W2 must be W @ A for a d×d matrix A.")
        if np.linalg.cond(A) > 1e10:
            return hint(
                "A gần như suy biến: hãy chọn một ma trận khả nghịch rõ ràng.",
                "A is (nearly) singular: choose a clearly invertible matrix.",
            )
        L2 = sgns_loss(W2, C2, pairs, negatives)
        if abs(L2 - L) > 1e-8 * L:
            if np.allclose(C2, C):
                return hint(
                    "Chỉ đổi W thì logit W Cᵀ đổi theo: C cũng phải được biến đổi.",
                    "Changing W alone changes the logits W Cᵀ: C must be transformed too.",
                )
            if np.allclose(C2, C @ A):
                return hint(
                    "Áp dụng cùng A cho C không giữ được logit: (WA)(CA)ᵀ = W A Aᵀ Cᵀ.",
                    "Applying the same A to C does not keep the logits: (WA)(CA)ᵀ = W A Aᵀ Cᵀ.",
                    then={
                        "vi": "Cần C2 sao cho W2 C2ᵀ = W Cᵀ, tức C2 = C A⁻ᵀ (np.linalg.inv(A).T).",
                        "en": "You need C2 with W2 C2ᵀ = W Cᵀ, i.e. C2 = C A⁻ᵀ (np.linalg.inv(A).T).",
                    },
                )
            return hint(
                f"Hàm mất mát đổi từ {L:.6f} thành {L2:.6f}: logit W2 C2ᵀ phải bằng W Cᵀ.",
                f"The loss changes from {L:.6f} to {L2:.6f}: the logits W2 C2ᵀ must equal W Cᵀ.",
            )
        overlap = float(knn_overlap(W[:top], W2[:top]).mean())
        if overlap >= 0.9:
            return hint(
                f"Hàm mất mát được giữ nguyên, nhưng độ trùng lặp 10-NN là {overlap:.2f}: A của bạn gần "
                "như trực giao (hoặc tỉ lệ với một ma trận trực giao), nên giữ gần như nguyên vẹn mọi cosine.",
                f"The loss is kept, but the 10-NN overlap is {overlap:.2f}: your A is (nearly) orthogonal "
                "(or a multiple of one), so it keeps almost every cosine.",
                then={
                    "vi": "Kéo giãn các hướng khác nhau theo những hệ số rất khác nhau, ví dụ "
                    "A = np.diag(np.geomspace(1, 10, d)).",
                    "en": "Stretch different directions by very different factors, e.g. "
                    "A = np.diag(np.geomspace(1, 10, d)).",
                },
            )
        return Correct(
            {
                "vi": f"Hàm mất mát lệch {abs(L2 - L) / L:.1e} (tương đối) — không đổi — trong khi tỉ lệ láng giềng "
                f"được giữ lại chỉ còn {overlap:.2f} (số điều kiện của A: {np.linalg.cond(A):.1f}).",
                "en": f"The loss moves by {abs(L2 - L) / L:.1e} (relative) — unchanged — while only {overlap:.2f} of "
                f"the neighbours are kept (condition number of A: {np.linalg.cond(A):.1f}).",
            }
        )

    return report("6.3", lang, verify, answer, strict=strict)


# ------------------------------------------------------------------------------------------ 6.4


def _optimizer_deviations(W0, C0, pairs, Q, lrs, steps, batch_size, seed, weight_decay):
    from ..models.skipgram import train_skipgram, trajectory_deviation

    out = {}
    for opt in OPTIMIZERS_6_4:
        kw = dict(
            optimizer=opt,
            lr=lrs[opt],
            steps=steps,
            batch_size=batch_size,
            seed=seed,
            record=[steps],
            weight_decay=weight_decay if opt == "adamw" else 0.0,
        )
        a = train_skipgram(W0, C0, pairs, **kw)
        b = train_skipgram(W0 @ Q, C0 @ Q, pairs, **kw)
        out[opt] = float(trajectory_deviation(a, b, Q)[1][-1])
    return out


def ch06_predict_optimizers(
    prediction,
    measured,
    interpretation,
    W0,
    C0,
    pairs,
    Q,
    lrs,
    *,
    steps=100,
    batch_size=1000,
    seed=0,
    weight_decay=0.01,
    lang="en",
    strict=None,
):
    """Exercise 6.4 (predict – run – interpret) — ``prediction``: written before running, how many of the five
    optimisers (sgd, momentum, rmsprop, adam, adamw) keep the rotated trajectory (deviation below 1e-6);
    ``measured``: a dict {optimiser: relative deviation after ``steps`` steps between the run from (W0, C0) mapped
    by Q and the run from (W0 Q, C0 Q)}, with the learning rates ``lrs``, ``batch_size``, ``seed`` and, for adamw
    only, ``weight_decay``; ``interpretation``: the letter of the option that the measurement supports."""
    missing = [o for o in OPTIMIZERS_6_4 if o not in lrs]
    if missing:
        raise ValueError(f"lrs must give a learning rate for every optimiser; missing: {missing}")

    def verify(ans):
        pred, meas, interp = ans
        if is_stub(meas) or is_stub(interp):
            raise NotDone
        if number(pred) is None:
            return hint(
                "Hãy viết dự đoán của bạn (một số từ 0 đến 5) trước khi chạy — đó là phần quan trọng nhất của bài tập.",
                "Write your prediction (a number from 0 to 5) before running — it is the point of the exercise.",
            )
        if not isinstance(meas, dict) or set(meas) != set(OPTIMIZERS_6_4):
            return hint(
                f"`measured` phải là một dict với đúng các khóa {list(OPTIMIZERS_6_4)}.",
                f"`measured` must be a dict with exactly the keys {list(OPTIMIZERS_6_4)}.",
            )
        values = {k: number(v) for k, v in meas.items()}
        if any(v is None for v in values.values()):
            return hint(
                "Mỗi giá trị của `measured` phải là một con số (độ lệch tương đối).",
                "Every value of `measured` must be one number (a relative deviation).",
            )
        want = _optimizer_deviations(
            np.asarray(W0, float),
            np.asarray(C0, float),
            pairs,
            np.asarray(Q, float),
            lrs,
            steps,
            batch_size,
            seed,
            weight_decay,
        )
        for opt in OPTIMIZERS_6_4:
            got, ref = values[opt], want[opt]
            ok = got < 1e-6 if ref < 1e-9 else np.isclose(got, ref, rtol=1e-6)  # deterministic: same runs, same numbers
            if not ok:
                return hint(
                    f"Giá trị cho {opt} không khớp với giá trị mà hàm kiểm tra tự tính lại ({ref:.2e}). Dùng đúng "
                    f"lr trong LRS, steps={steps}, batch_size={batch_size}, seed={seed}, cùng seed cho cả "
                    "hai lần huấn luyện, và es.trajectory_deviation ở bước cuối.",
                    f"The value for {opt} does not match the check's own run ({ref:.2e}). Use the lr of LRS, "
                    f"steps={steps}, batch_size={batch_size}, seed={seed}, the same seed for both runs, and "
                    "es.trajectory_deviation at the last step.",
                    then={
                        "vi": f"Với adamw (và chỉ adamw) dùng weight_decay={weight_decay}; ghi lại bước "
                        f"cuối bằng record=[{steps}].",
                        "en": f"For adamw (and adamw only) use weight_decay={weight_decay}; record the last "
                        f"step with record=[{steps}].",
                    },
                )
        kept = sum(v < 1e-6 for v in want.values())
        letter = _letter(interp, OPTIONS_6_4)
        if letter is None:
            return hint(
                '`interpretation` phải là một trong các chữ cái "a", "b", "c", "d".',
                '`interpretation` must be one of the letters "a", "b", "c", "d".',
            )
        right = "a" if {o for o, v in want.items() if v < 1e-6} == {"sgd", "momentum"} else None
        if letter != right:
            return hint(
                "Nhìn lại các con số: thuật toán tối ưu nào giữ được quỹ đạo đã quay ở mức sai số làm tròn, "
                "và quy tắc cập nhật của chúng có điểm gì chung?",
                "Look at the numbers again: which optimisers keep the rotated trajectory at rounding level, "
                "and what do their update rules have in common?",
            )
        worst = max(v for v in want.values() if v < 1e-6)
        adaptive = min(v for v in want.values() if v >= 1e-6)
        return Correct(
            {
                "vi": prediction_line(number(pred), kept, "vi") + f" Giữ được: sgd, momentum (độ lệch ≤ {worst:.1e}); "
                f"rmsprop, adam, adamw lệch ít nhất {adaptive:.2f}. Chia từng tọa độ cho √s là phép toán không "
                "giao hoán với phép quay; suy giảm trọng số thì giao hoán.",
                "en": prediction_line(number(pred), kept, "en") + f" Kept: sgd, momentum (deviation ≤ {worst:.1e}); "
                f"rmsprop, adam, adamw deviate by at least {adaptive:.2f}. Dividing coordinate by coordinate by "
                "√s does not commute with rotations; weight decay does.",
            }
        )

    answer = (
        ...
        if is_stub(prediction) and is_stub(measured) and is_stub(interpretation)
        else (prediction, measured, interpretation)
    )
    return report("6.4", lang, verify, answer, strict=strict)
