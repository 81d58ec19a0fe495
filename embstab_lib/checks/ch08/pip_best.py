"""Exercise 8.1: the relative PIP loss at the best scale through d×d products only (``ch08_pip_best``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, peak_bytes, report

#: A V×V float64 matrix on the check's 2 000 rows takes 32 MB; a d×d route needs far less than this.
_MEMORY_LIMIT = 8_000_000


def _pip_best(E, T, center=True):
    """min_s ‖sEEᵀ − TTᵀ‖_F / ‖TTᵀ‖_F through d×d products (centred columns when ``center``)."""
    if center:
        E, T = E - E.mean(axis=0), T - T.mean(axis=0)
    cos = np.linalg.norm(E.T @ T) ** 2 / (np.linalg.norm(E.T @ E) * np.linalg.norm(T.T @ T))
    return float(np.sqrt(max(1 - cos**2, 0.0))), float(cos)


def _brute(E, T):
    Ec, Tc = E - E.mean(axis=0), T - T.mean(axis=0)
    G, TT = Ec @ Ec.T, Tc @ Tc.T
    s = np.sum(G * TT) / np.sum(G * G)
    return float(np.linalg.norm(s * G - TT) / np.linalg.norm(TT)), float(np.linalg.norm(G - TT) / np.linalg.norm(TT))


def _cases():
    rng = np.random.default_rng(81)
    T = rng.normal(size=(60, 3)) + 2.0  # an offset: centring matters
    return [
        (T @ rng.normal(size=(3, 3)) + 0.5 * rng.normal(size=(60, 3)), T),
        (rng.normal(size=(60, 5)) * 4.0, T),  # another width, another scale
        (3.0 * (T - T.mean(axis=0)) @ np.linalg.qr(rng.normal(size=(3, 3)))[0] - 7.0, T),  # exact: 0
    ]


def ch08_pip_best(answer, run, *, lang="en", strict=None):
    """Exercise 8.1 — ``answer(E, T)``: the relative PIP loss of E against T at the best scale (centred columns,
    no V×V matrix).  ``run`` (a run with ``.kv`` and ``.truth``) is used to report what your function gives on
    real runs."""
    E_run = np.asarray(run.kv.vectors, dtype=float)
    T_run = np.asarray(run.truth, dtype=float)

    def verify(fn):
        for E, T in _cases():
            got = number(call(fn, E.copy(), T.copy()))
            if got is None:
                return hint("Cần trả về một số thực hữu hạn.", "Return one finite real number.")
            want, at_one = _brute(E, T)
            if np.isclose(got, want, rtol=1e-6, atol=1e-7):
                continue
            if want > 1e-3 and np.isclose(got, want**2, rtol=1e-6):
                return hint(
                    "Đó là bình phương của mất mát: hãy lấy căn bậc hai.",
                    "That is the square of the loss: take the square root.",
                )
            if np.isclose(got, at_one, rtol=1e-6):
                return hint(
                    "Đó là mất mát với s = 1: hãy chọn hệ số tỉ lệ s làm mất mát nhỏ nhất (đạo hàm theo s bằng 0).",
                    "That is the loss at s = 1: choose the scale s that makes the loss smallest "
                    "(set the derivative in s to 0).",
                    then={
                        "vi": "s* = ⟨EEᵀ, TTᵀ⟩ / ‖EEᵀ‖²_F; ⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F và ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                        "en": "s* = ⟨EEᵀ, TTᵀ⟩ / ‖EEᵀ‖²_F; ⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F and ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                    },
                )
            if np.isclose(got, _pip_best(E, T, center=False)[0], rtol=1e-6):
                return hint(
                    "Gần đúng rồi, nhưng bạn chưa trung tâm hóa các cột của E và T.",
                    "Almost: you did not centre the columns of E and T.",
                )
            return hint(
                "Viết ‖sEEᵀ − TTᵀ‖²_F thành một đa thức bậc hai theo s, tìm s tốt nhất, rồi thay vào.",
                "Write ‖sEEᵀ − TTᵀ‖²_F as a quadratic in s, find the best s, and substitute it.",
                then={
                    "vi": "Với s* = ⟨EEᵀ, TTᵀ⟩/‖EEᵀ‖², mất mát tương đối bình phương là 1 − ⟨EEᵀ, TTᵀ⟩²/(‖EEᵀ‖²‖TTᵀ‖²); "
                    "⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F, ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                    "en": "With s* = ⟨EEᵀ, TTᵀ⟩/‖EEᵀ‖², the squared relative loss is 1 − ⟨EEᵀ, TTᵀ⟩²/(‖EEᵀ‖²‖TTᵀ‖²); "
                    "⟨EEᵀ, TTᵀ⟩ = ‖EᵀT‖²_F, ‖EEᵀ‖_F = ‖EᵀE‖_F.",
                },
            )
        raw, peak = peak_bytes(fn, E_run.copy(), T_run.copy())
        got = number(raw)
        want, cos = _pip_best(E_run, T_run)
        if got is None or not np.isclose(got, want, rtol=1e-6, atol=1e-7):
            return hint(
                "Đúng trên các ma trận nhỏ nhưng sai trên lần huấn luyện thật: có phải bạn đã giả định E và T "
                "cùng số cột hoặc cùng kiểu dữ liệu?",
                "Right on the small matrices but not on the real run: did you assume that E and T have the "
                "same width or dtype?",
            )
        if peak > _MEMORY_LIMIT:
            return hint(
                f"Kết quả đúng, nhưng hàm dùng {peak / 1e6:.0f} MB trên {len(E_run)} hàng: có một ma trận V×V. "
                "Hãy chỉ dùng các tích d×d như EᵀT.",
                f"The value is right, but your function used {peak / 1e6:.0f} MB on {len(E_run)} rows: it "
                "forms a V×V matrix. Use d×d products such as EᵀT only.",
            )
        return Correct(
            {
                "vi": f"Trên lần huấn luyện ở N = 2·10⁶: {want:.3f} = √(1 − CKA²) với CKA = {cos:.3f} — CKA tuyến tính "
                "chính là cosine của góc giữa hai ma trận Gram đã trung tâm hóa, và mất mát PIP với hệ số tỉ lệ tốt "
                "nhất là sin của góc ấy: hai thước đo mang cùng một thông tin.",
                "en": f"On the run at N = 2·10⁶: {want:.3f} = √(1 − CKA²) with CKA = {cos:.3f} — linear CKA is the "
                "cosine of the angle between the two centred Gram matrices, and the PIP loss at the best scale is "
                "its sine: the two measures carry the same information.",
            }
        )

    return report("8.1", lang, verify, answer, strict=strict)
