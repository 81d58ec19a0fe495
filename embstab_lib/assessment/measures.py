"""The measures of an assessment, computed once per run and then per pair of runs, with shuffled-word baselines.

Every run X (V × d) is prepared once (:class:`Prepared`): its k nearest neighbours (raw cosine), its centred
rows scaled to unit length (for the aligned cosine, Hamilton et al. 2016), its centred matrix scaled to
‖·‖_F = √V (for the Procrustes residuals and CKA).  A pair (A, B), of equal or different widths, then costs two
d_A × d_B products.  Procrustes between different widths pads the narrower matrix with zero columns (netrep's
``zero_pad``): with M = AᵀB = UΣWᵀ (thin SVD) and R = UWᵀ, the padded rotation sends row a_w to a_w R in B's
coordinates, and ‖Ã Q − B̃‖²_F = ‖A‖²_F + ‖B‖²_F − 2‖M‖_* — the ordinary Procrustes residual when d_A = d_B.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .._validate import as_matrix, positive_int, unit_rows
from ..compare import distance_correlation

__all__ = ["MEASURES", "Prepared", "prepare", "pair_values", "pair_nulls", "rank_overlap"]

#: name → (label, higher is stabler)
MEASURES = {
    "knn_overlap": ("k-NN overlap", True),
    "rank_overlap": ("rank-weighted k-NN overlap", True),
    "aligned_cosine": ("aligned cosine (centred)", True),
    "procrustes_residual": ("Procrustes residual (centred; lower = stabler)", False),
    "procrustes_heldout": ("held-out Procrustes residual (lower = stabler)", False),
    "linear_cka": ("linear CKA", True),
    "distance_correlation": ("distance correlation", True),
}
#: Measures that also have a value per word.
PER_WORD = ("knn_overlap", "rank_overlap", "aligned_cosine", "procrustes_residual")


def rank_overlap(nn_a, nn_b) -> np.ndarray:
    """Average overlap of two ranked neighbour lists (Webber et al. 2010): a k-NN overlap that weighs rank.

    AO(w) = (1/k) Σ_{t=1..k} |A_t(w) ∩ B_t(w)| / t, with A_t the first t neighbours of w in run A.  A shared
    neighbour at ranks i in A and j in B (0-based) counts in every depth t > max(i, j), so
    AO(w) = (1/k) Σ_{shared} (H_k − H_{max(i, j)}), H the harmonic numbers.  It takes many more values than the
    k-NN overlap's k + 1 steps, so it breaks ties between words with the same overlap.

    Parameters
    ----------
    nn_a, nn_b : ndarray of int, shape (V, k)
        Neighbour lists, nearest first, distinct indices within a row.

    Returns
    -------
    ndarray, shape (V,)
        In [0, 1]; 1 iff the two lists are identical in the same order.  Chance level for random lists:
        (k + 1) / (2 (V − 1)).

    Examples
    --------
    >>> rank_overlap(np.array([[1, 2]]), np.array([[2, 1]]))  # depth 1: 0, depth 2: 2/2
    array([0.5])
    """
    return overlaps(nn_a, nn_b)[1]


def overlaps(nn_a, nn_b):
    """Per word, the k-NN overlap |A_k ∩ B_k| / k and the rank-weighted overlap (:func:`rank_overlap`), in one pass.

    The lists must hold distinct indices within a row (as neighbour lists do).
    """
    k = nn_a.shape[1]
    H = np.concatenate([[0.0], np.cumsum(1.0 / np.arange(1, k + 1))])
    i = np.arange(k)
    W = ((H[k] - H[np.maximum(i[:, None], i[None, :])]) / k).ravel()
    knn, ao = np.empty(nn_a.shape[0]), np.empty(nn_a.shape[0])
    step = max(1, 2**21 // (k * k))
    for s in range(0, nn_a.shape[0], step):
        eq = (nn_a[s : s + step, :, None] == nn_b[s : s + step, None, :]).reshape(-1, k * k)
        knn[s : s + step] = np.count_nonzero(eq, axis=1) / k
        ao[s : s + step] = np.minimum(eq @ W, 1.0)
    return knn, ao


@dataclass
class Prepared:
    """One run, ready to be paired: see the module docstring."""

    X: np.ndarray  # (V, d) float64, as given
    U: np.ndarray  # X with unit rows
    nn: np.ndarray  # (V, k) neighbours by raw cosine
    unit: np.ndarray  # centred, unit rows
    scaled: np.ndarray  # centred, ‖·‖_F = √V
    gram_norm: float  # ‖scaledᵀ scaled‖_F
    unit32: np.ndarray
    scaled32: np.ndarray
    row_sq: np.ndarray  # squared row norms of ``scaled``


def prepare(X, k, name="run", *, backend="numpy", n_jobs=None) -> Prepared:
    """Validate run ``X`` and compute what every pair needs (neighbours searched once per run)."""
    X = as_matrix(X, name, min_rows=3)
    C = X - X.mean(axis=0)
    fro = np.linalg.norm(C)
    if fro == 0:
        raise ValueError(f"{name} is constant across words (zero after centring): nothing to compare")
    U = unit_rows(X, name)  # names a zero vector
    nn = neighbors_of(U, k, backend=backend, n_jobs=n_jobs)
    scaled = C * (np.sqrt(X.shape[0]) / fro)
    unit = unit_rows(C, f"{name} (centred)")
    gram = float(np.linalg.norm(scaled.T @ scaled))
    row_sq = np.einsum("ij,ij->i", scaled, scaled)
    return Prepared(X, U, nn, unit, scaled, gram, unit.astype(np.float32), scaled.astype(np.float32), row_sq)


def neighbors_of(U, k, *, backend="numpy", n_jobs=None):
    """:func:`~embstab_lib.compare.nearest_neighbors` of unit rows ``U`` already validated (no second check).

    Every row is searched, so the NumPy backend computes each tile of UUᵀ once (``compare/_topk_all.py``, about
    30 % faster than the row-block search); the lists are the same.
    """
    from ..compare._topk_all import search_all
    from ..compare.neighbors import MAX_BLOCK_BYTES, _block_rows, _search

    V = U.shape[0]
    k = positive_int(k, "k")
    if k >= V:
        raise ValueError(f"k={k} is too large: with {V} rows at most {V - 1} neighbours exist")
    if backend == "numpy":
        if n_jobs is not None:
            n_jobs = positive_int(n_jobs, "n_jobs")
        return search_all(U, k, max_bytes=MAX_BLOCK_BYTES, n_jobs=n_jobs)
    return _search(U, np.arange(V), k, _block_rows(V, None, MAX_BLOCK_BYTES), backend, n_jobs)


def _nuclear(M) -> float:
    return float(np.linalg.svd(M, compute_uv=False).sum())


def _polar(M):
    """R = UWᵀ and the nuclear norm ‖M‖_* of M = UΣWᵀ (thin SVD; any shape)."""
    U, s, Wt = np.linalg.svd(M, full_matrices=False)
    return U @ Wt, float(s.sum())


def heldout_split(V, seed):
    """Fit half and held-out half of the words (the same split for every pair of an assessment)."""
    perm = np.random.default_rng(seed).permutation(V)
    return np.sort(perm[: V // 2]), np.sort(perm[V // 2 :])


def _heldout(na, nb, M_fit, M_held):
    """Held-out relative residual ‖A_h R − B_h‖_F / ‖B_h‖_F, R fitted on the fit rows; na, nb = ‖A_h‖², ‖B_h‖²."""
    R, _ = _polar(M_fit)
    sq = na + nb - 2 * float(np.sum(R * M_held))
    return float(np.sqrt(max(sq, 0.0) / nb))


def pair_values(a: Prepared, b: Prepared, split, *, dc_seed=0):
    """Every measure of one pair: ``(summary dict, per-word dict)``.  Widths may differ (zero padding)."""
    V = a.X.shape[0]
    out, words = {}, {}
    words["knn_overlap"], words["rank_overlap"] = overlaps(a.nn, b.nn)
    R, nuc = _polar(a.unit.T @ b.unit)
    words["aligned_cosine"] = np.clip(np.einsum("ij,ij->i", a.unit @ R, b.unit), -1.0, 1.0)
    fit, held = split
    M_fit, M_held = a.scaled[fit].T @ b.scaled[fit], a.scaled[held].T @ b.scaled[held]
    M = M_fit + M_held
    Rn, nuc_n = _polar(M)
    sq = np.sum(a.scaled**2, axis=1) + np.sum(b.scaled**2, axis=1) - 2 * np.einsum("ij,ij->i", a.scaled @ Rn, b.scaled)
    words["procrustes_residual"] = np.sqrt(np.maximum(sq, 0.0))
    for name in ("knn_overlap", "rank_overlap", "aligned_cosine"):
        out[name] = float(words[name].mean())
    out["aligned_cosine"] = min(1.0, nuc / V)  # = mean of the per-word cosines
    out["procrustes_residual"] = float(np.sqrt(max(0.0, 2.0 - 2.0 * nuc_n / V)))
    out["procrustes_heldout"] = _heldout(a.row_sq[held].sum(), b.row_sq[held].sum(), M_fit, M_held)
    out["linear_cka"] = float(min(1.0, np.sum(M * M) / (a.gram_norm * b.gram_norm)))
    out["distance_correlation"] = distance_correlation(a.X, b.X, seed=dc_seed)
    return out, words


def pair_nulls(a: Prepared, b: Prepared, split, n_perm, rng, *, dc_seed=0, n_jobs=1):
    """Each measure of the pair with B's words shuffled, ``n_perm`` times: ``{name: ndarray (n_perm,)}``.

    Shuffling B's rows keeps both point clouds (their anisotropy, their neighbour structure) and breaks only the
    word correspondence: what a measure gives with no shared word-level structure.  k-NN lists are permuted, not
    searched again (NN of w in B[π] = π⁻¹(NN of π(w) in B)).  The permutations are drawn first, in order, so
    ``n_jobs`` threads give the same values as one.
    """
    V = a.X.shape[0]
    fit, held = split
    out = {name: np.empty(n_perm) for name in MEASURES}
    dc = _dc_null(a, b, dc_seed)
    na = float(a.row_sq[held].sum())
    A_fit, A_held = a.scaled32[fit], a.scaled32[held]
    perms = [rng.permutation(V) for _ in range(n_perm)]

    def one(t):
        perm = perms[t]
        inv = np.empty(V, dtype=np.int64)
        inv[perm] = np.arange(V)
        knn, ao = overlaps(a.nn, inv[b.nn[perm]])
        out["knn_overlap"][t], out["rank_overlap"][t] = knn.mean(), ao.mean()
        out["aligned_cosine"][t] = min(1.0, _nuclear((a.unit32.T @ b.unit32[perm]).astype(np.float64)) / V)
        pf, ph = perm[fit], perm[held]
        M_fit = (A_fit.T @ b.scaled32[pf]).astype(np.float64)
        M_held = (A_held.T @ b.scaled32[ph]).astype(np.float64)
        M = M_fit + M_held
        out["procrustes_residual"][t] = np.sqrt(max(0.0, 2.0 - 2.0 * _nuclear(M) / V))
        out["procrustes_heldout"][t] = _heldout(na, float(b.row_sq[ph].sum()), M_fit, M_held)
        out["linear_cka"][t] = min(1.0, float(np.sum(M * M)) / (a.gram_norm * b.gram_norm))
        out["distance_correlation"][t] = dc(perm)

    if n_jobs is None or n_jobs <= 1:
        for t in range(n_perm):
            one(t)
    else:
        from concurrent.futures import ThreadPoolExecutor

        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(n_jobs) as pool:
            list(pool.map(one, range(n_perm)))
    return out


def _dc_null(a: Prepared, b: Prepared, seed, n_pairs=10_000):
    """Distance correlation with B's words shuffled: ``perm ↦ Spearman ρ(d_A(i, j), d_B(π(i), π(j)))``.

    The same statistic as :func:`~embstab_lib.compare.distance_correlation` (cosine distances rounded to 12
    decimals, ranked), over ``n_pairs`` random pairs drawn once; A's ranks are computed once.
    """
    from scipy.stats import rankdata

    V = a.X.shape[0]
    rng = np.random.default_rng(seed)
    i = rng.integers(0, V, n_pairs)
    j = (i + rng.integers(1, V, n_pairs)) % V
    UA, UB = a.U, b.U
    ra = rankdata(np.round(1 - np.einsum("ij,ij->i", UA[i], UA[j]), 12))
    ra = (ra - ra.mean()) / np.linalg.norm(ra - ra.mean())

    def dc(perm):
        rb = rankdata(np.round(1 - np.einsum("ij,ij->i", UB[perm[i]], UB[perm[j]]), 12))
        rb -= rb.mean()
        nb = np.linalg.norm(rb)
        return float(ra @ rb / nb) if nb > 0 else 0.0

    return dc
