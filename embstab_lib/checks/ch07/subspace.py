"""Exercise 7.2: the subspace similarity of two matrices (``ch07_subspace``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, hint, number, report


def _cases():
    rng = np.random.default_rng(7)
    cases = []
    for n, da, db in ((60, 3, 3), (80, 4, 2), (40, 5, 5)):
        A = rng.normal(size=(n, da)) + rng.normal(scale=4.0, size=da)
        B = rng.normal(size=(n, db)) + 0.7 * A[:, :db] @ rng.normal(size=(db, db)) + rng.normal(scale=4.0, size=db)
        cases.append((A, B))
    A = rng.normal(size=(50, 4))
    cases.append((A, A @ (np.diag([1.0, 10.0, 100.0, 0.1]) @ rng.normal(size=(4, 4))) + 3.0))  # B = A M + c
    return cases


def ch07_subspace(answer, *, lang="en", strict=None):
    """Exercise 7.2 — ``answer(A, B)``: the subspace similarity of two matrices (compared with
    ``es.subspace_similarity`` on several matrices, one of them an invertible linear map of the other)."""
    from ...compare.subspace import canonical_correlations, subspace_similarity

    cases = _cases()
    want = np.array([subspace_similarity(A, B) for A, B in cases])
    rho = [canonical_correlations(A, B) for A, B in cases]
    unsquared = np.array([r.mean() for r in rho])
    uncentred = np.array([subspace_similarity(A, B, center=False) for A, B in cases])
    by_max = np.array([np.sum(r**2) / max(A.shape[1], B.shape[1]) for r, (A, B) in zip(rho, cases)])

    def verify(fn):
        got = []
        for A, B in cases:
            v = number(call(fn, A.copy(), B.copy()))
            if v is None:
                return hint("Hàm phải trả về một con số.", "Your function must return one number.")
            got.append(v)
        got = np.array(got)
        if np.allclose(got, want, atol=1e-8):
            return Correct(
                {
                    "vi": f"Với B = A·M + c (M khả nghịch) hàm của bạn cho {got[-1]:.6f}: không gian con không đổi.",
                    "en": f"For B = A·M + c (M invertible) your function gives {got[-1]:.6f}: the subspace is unchanged.",
                }
            )
        if np.allclose(got, unsquared, atol=1e-8):
            return hint(
                "Đó là trung bình của các tương quan chính tắc ρ_k; ở đây cần trung bình của ρ_k².",
                "That is the mean canonical correlation ρ_k; here we average ρ_k².",
            )
        if np.allclose(got, uncentred, atol=1e-8):
            return hint(
                "Bạn quên trung tâm hóa các cột của A và B trước khi lấy cơ sở trực chuẩn.",
                "You forgot to centre the columns of A and B before taking orthonormal bases.",
            )
        if np.allclose(got, by_max, atol=1e-8):
            return hint(
                "Hãy chia cho số cột nhỏ hơn, min(d_A, d_B): đó là số tương quan chính tắc.",
                "Divide by the smaller width, min(d_A, d_B): that is the number of canonical correlations.",
            )
        return hint(
            "Không gian con của A chỉ phụ thuộc vào một cơ sở trực chuẩn của các cột (đã trung tâm hóa) của A.",
            "The subspace of A depends only on an orthonormal basis of A's (centred) columns.",
            then={
                "vi": "Qa = np.linalg.qr(A − A.mean(0))[0], tương tự Qb; kết quả = ‖QaᵀQb‖²_F / min(d_A, d_B).",
                "en": "Qa = np.linalg.qr(A − A.mean(0))[0], likewise Qb; result = ‖QaᵀQb‖²_F / min(d_A, d_B).",
            },
        )

    return report("7.2", lang, verify, answer, strict=strict)
