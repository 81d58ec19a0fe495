"""Exercise 6.4 (predict – run – interpret): which optimisers keep a rotated training run rotated
(``ch06_predict_optimizers``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, NotDone, hint, is_stub, number, prediction_line, report

#: The optimisers of exercise 6.4, in the order the chapter lists them.
OPTIMIZERS_6_4 = ("sgd", "momentum", "rmsprop", "adam", "adamw")
OPTIONS_6_4 = ("a", "b", "c", "d")


def _letter(x, options):
    if not isinstance(x, str):
        return None
    x = x.strip().strip("()").strip().lower()
    return x if x in options else None


def _optimizer_deviations(W0, C0, pairs, Q, lrs, steps, batch_size, seed, weight_decay):
    from ...models.skipgram import train_skipgram, trajectory_deviation

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
                    f"Giá trị cho {opt} không khớp với giá trị mà hàm kiểm tra tự tính lại. Dùng đúng "
                    f"lr trong LRS, steps={steps}, batch_size={batch_size}, seed={seed}, cùng seed cho cả "
                    "hai lần huấn luyện, và es.trajectory_deviation ở bước cuối.",
                    f"The value for {opt} does not match the check's own run. Use the lr of LRS, "
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
