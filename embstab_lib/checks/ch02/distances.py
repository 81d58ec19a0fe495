"""Exercise 2.2: Euclidean distances from the Gram matrix alone (``ch02_distances``)."""

from __future__ import annotations

import numpy as np

from .._core import Correct, call, float_array, hint, report
from ._shared import _shape_of


def _near_duplicates():
    """40 rows in 6 dimensions: one exact duplicate and 20 rows that differ from another row by about 1e-9."""
    rng = np.random.default_rng(22)
    E = 5.0 * rng.normal(size=(40, 6))
    E[39] = E[38]
    for a in range(20):
        E[a + 18] = E[a] + 1e-9 * rng.normal(size=6)
    return E


def ch02_distances(answer, *, lang="en", strict=None):
    """Exercise 2.2 — ``answer(G)``: given only the Gram matrix G = EEᵀ (n×n) of some matrix E, the n×n matrix of
    Euclidean distances between the rows of E.  The check uses a small E (40 rows), some of whose rows are nearly
    identical."""
    from scipy.spatial.distance import cdist

    def verify(fn):
        E = _near_duplicates()
        G = E @ E.T
        want = cdist(E, E)
        raw = call(fn, G.copy())
        got = float_array(raw, want.shape)
        if got is None:
            return hint(
                f"Cần ma trận {want.shape[0]}×{want.shape[1]} (một hàng và một cột cho mỗi hàng của E); "
                f"bạn trả về {_shape_of(raw)}.",
                f"Expected a {want.shape[0]}×{want.shape[1]} matrix (a row and a column per row of E); "
                f"got {_shape_of(raw)}.",
            )
        if np.isnan(got).any():
            where = np.argwhere(np.isnan(got))[0]
            return hint(
                f"Có giá trị NaN, chẳng hạn ở ô {tuple(int(k) for k in where)}: hai hàng này gần như trùng nhau, "
                "nên G_ii + G_jj − 2G_ij đúng ra xấp xỉ 0 nhưng sai số làm tròn có thể biến nó thành một số âm "
                "rất nhỏ (cỡ −1e-13), và căn bậc hai của số âm là NaN. Hãy cắt về 0 (np.clip) trước khi lấy căn.",
                f"There are NaNs, e.g. at entry {tuple(int(k) for k in where)}: those two rows are nearly "
                "identical, so G_ii + G_jj − 2G_ij should be about 0, but rounding can make it a tiny negative "
                "number (about −1e-13), whose square root is NaN. Clip it at 0 (np.clip) before the root.",
            )
        if np.allclose(got, want, atol=1e-6):
            gap = float(np.abs(got - want).max())
            return Correct(
                {
                    "vi": f"Sai khác lớn nhất so với khoảng cách tính trực tiếp từ E: {gap:.1e}, ở các hàng gần "
                    "trùng nhau — đó là sai số làm tròn của phép trừ, cỡ √(ε·‖G‖).",
                    "en": f"Largest gap to the distances computed directly from E: {gap:.1e}, at the nearly "
                    "identical rows — the rounding of the subtraction, about √(ε·‖G‖).",
                }
            )
        if np.allclose(got, want**2, atol=1e-6):
            return hint(
                "Đó là bình phương khoảng cách: hãy lấy căn bậc hai.",
                "Those are squared distances: take the square root.",
            )
        if np.allclose(got, G):
            return hint(
                "Đó vẫn là ma trận Gram G; cần biến các tích vô hướng thành khoảng cách.",
                "That is the Gram matrix G itself; turn the dot products into distances.",
            )
        return hint(
            "‖a − b‖² = a·a + b·b − 2a·b, và cả ba số hạng đều là phần tử của G.",
            "‖a − b‖² = a·a + b·b − 2a·b, and all three terms are entries of G.",
            then={
                "vi": "Khoảng cách giữa hàng i và hàng j là √(G_ii + G_jj − 2G_ij): G_ii nằm trên đường chéo "
                "(np.diag(G)), và cần cắt về 0 trước khi lấy căn.",
                "en": "The distance between rows i and j is √(G_ii + G_jj − 2G_ij): G_ii is on the diagonal "
                "(np.diag(G)), clipped at 0 before the root.",
            },
        )

    return report("2.2", lang, verify, answer, strict=strict)
