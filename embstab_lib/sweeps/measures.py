"""Ready-made measures for :func:`~embstab_lib.sweep`: the stability measures of chapters 03–07 for a pair of runs,
each next to its chance level, and the distance of one run to the planted truth of a synthetic corpus."""

from __future__ import annotations

import numpy as np

from ..compare import (
    canonical_correlations,
    linear_cka,
    neighbors_within,
    pip_loss,
    procrustes,
    scaled_procrustes,
    subspace_chance,
    subspace_similarity,
)

__all__ = ["pair_measures", "truth_measures"]


def _rows(run_a, run_b, words):
    kv_a, kv_b = run_a.kv, run_b.kv
    if words is None:
        words = [w for w in kv_a.index_to_key if w in kv_b.key_to_index]
    else:
        if isinstance(words, (str, bytes)) or not all(isinstance(w, str) for w in words):
            raise TypeError("words must be a list of str")
        absent = [w for w in words if w not in kv_a.key_to_index or w not in kv_b.key_to_index]
        if absent:
            raise ValueError(f"{len(absent)} of the words are not in both runs' vocabularies, e.g. {absent[0]!r}")
    if len(words) < 3:
        raise ValueError(f"the two runs share {len(words)} of the words: need at least 3")
    A = np.asarray(kv_a.vectors, dtype=np.float64)[[kv_a.key_to_index[w] for w in words]]
    B = np.asarray(kv_b.vectors, dtype=np.float64)[[kv_b.key_to_index[w] for w in words]]
    return A, B


def _principal(X, k):
    """Centred X projected on its k directions of most variance, and the share of ‖X_c‖²_F they carry."""
    Xc = X - X.mean(axis=0)
    lam, vectors = np.linalg.eigh(Xc.T @ Xc)  # ascending
    return Xc @ vectors[:, ::-1][:, :k], float(lam[::-1][:k].sum() / lam.sum())


def pair_measures(run_a, run_b, *, k=10, n_words=1000, words=None) -> dict:
    """The stability measures of the course for two runs of one configuration, each with its chance level.

    On the words both runs know (or ``words``), with B′ = B with its rows in a random order (the chance level:
    the same two point clouds, no word-to-word correspondence; the order is drawn from
    ``default_rng([seed_a, seed_b])``):

    - ``procrustes``: relative residual ‖AQ* − B‖_F / ‖B‖_F of orthogonal Procrustes on the raw vectors
      (chapter 04); ``procrustes_chance`` the same with B′;
    - ``procrustes_centred``: the same after centring and scaling every row to unit length (Hamilton et al.
      2016; chapter 04); ``procrustes_centred_chance`` with B′;
    - ``procrustes_mean_removed``: the same after centring only (rows keep their lengths), relative to the
      centred ‖B‖_F — the raw residual without the mean vector; ``procrustes_mean_removed_chance`` with B′;
    - ``mean_share``: the share of ‖E‖²_F carried by the mean vector, V‖m‖² / ‖E‖²_F, averaged over the two
      runs (the common direction of chapters 01–04);
    - ``knn``: k-NN overlap (chapter 05) of ``n_words`` random words (all if fewer), neighbours searched among all
      words; ``knn_chance`` = k / (V − 1);
    - ``cka``: linear CKA (chapter 05); ``cka_chance`` with B′;
    - ``pip``: relative PIP loss of the centred matrices (chapter 03); ``pip_chance`` with B′;
    - ``subspace``: mean squared canonical correlation, invariant to any invertible linear map (chapter 07);
      ``subspace_chance`` its expectation for random subspaces, max(d_A, d_B) / (V − 1);
    - ``subspace_top10``: the mean of the 10 largest squared canonical correlations (the 10 best-shared
      directions; all of them when there are fewer), ``subspace_top10_chance`` with B′;
    - ``subspace_pc10``: the subspace similarity of the 10 principal directions of each run (the 10 directions
      of most variance of the centred matrix, chosen in each run separately; all of them when there are fewer),
      ``subspace_pc10_chance`` with B′; ``pc10_share``: the share of the centred ‖E‖²_F that they carry,
      averaged over the two runs;
    - ``words``: V, the number of words compared.

    Parameters
    ----------
    run_a, run_b : SweepRun
        Anything with ``.kv`` (``KeyedVectors``) and ``.seed``.
    k : int
        Neighbours, 1 ≤ k ≤ V − 1.
    n_words : int
        Words whose neighbours are compared.
    words : list of str, optional
        Compare these words only (they must be in both vocabularies); default every shared word.

    Returns
    -------
    dict of str to float

    Raises
    ------
    TypeError, ValueError
        ``words`` not a list of str, a word missing from a run, fewer than 3 words, a bad ``k`` or ``n_words``.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from embstab_lib import random_orthogonal
    >>> from embstab_lib.store import make_keyed_vectors
    >>> words, E = [f"w{i}" for i in range(60)], np.random.default_rng(0).normal(size=(60, 5))
    >>> def run(X, seed):
    ...     return SimpleNamespace(kv=make_keyed_vectors(words, X, np.ones(60, int)), seed=seed)
    >>> m = pair_measures(run(E, 0), run(E @ random_orthogonal(5, seed=1), 1), k=5)  # a rotated copy
    >>> [round(m[name], 6) for name in ("procrustes", "knn", "cka", "subspace")], m["knn_chance"] == 5 / 59
    ([0.0, 1.0, 1.0, 1.0], True)
    """
    A, B = _rows(run_a, run_b, words)
    V = A.shape[0]
    if isinstance(n_words, bool) or not isinstance(n_words, (int, np.integer)) or n_words < 1:
        raise ValueError(f"n_words must be a positive integer, got {n_words!r}")
    rng = np.random.default_rng([run_a.seed, run_b.seed])
    P = B[rng.permutation(V)]
    sample = np.sort(rng.choice(V, size=min(int(n_words), V), replace=False))
    Ac, Bc, Pc = (X - X.mean(axis=0) for X in (A, B, P))
    rho, rho_chance = canonical_correlations(A, B), canonical_correlations(A, P)
    n_pc = min(10, A.shape[1], B.shape[1])
    (pc_a, share_a), (pc_b, share_b), (pc_p, _) = (_principal(X, n_pc) for X in (A, B, P))
    return {
        "words": V,
        "procrustes": procrustes(A, B).relative_residual,
        "procrustes_chance": procrustes(A, P).relative_residual,
        "procrustes_centred": procrustes(A, B, center=True, normalize_rows=True).relative_residual,
        "procrustes_centred_chance": procrustes(A, P, center=True, normalize_rows=True).relative_residual,
        "procrustes_mean_removed": procrustes(A, B, center=True).relative_residual,
        "procrustes_mean_removed_chance": procrustes(A, P, center=True).relative_residual,
        "mean_share": float(np.mean([V * np.sum(X.mean(axis=0) ** 2) / np.sum(X**2) for X in (A, B)])),
        "knn": float(neighbors_within(A, B, k, rows=sample).mean()),
        "knn_chance": k / (V - 1),
        "cka": linear_cka(A, B),
        "cka_chance": linear_cka(A, P),
        "pip": pip_loss(Ac, Bc, relative=True),
        "pip_chance": pip_loss(Ac, Pc, relative=True),
        "subspace": float(np.mean(rho**2)),
        "subspace_chance": subspace_chance(V, A.shape[1], B.shape[1]),
        "subspace_top10": float(np.mean(rho[:10] ** 2)),
        "subspace_top10_chance": float(np.mean(rho_chance[:10] ** 2)),
        "subspace_pc10": subspace_similarity(pc_a, pc_b),
        "subspace_pc10_chance": subspace_similarity(pc_a, pc_p),
        "pc10_share": (share_a + share_b) / 2,
    }


def truth_measures(run, *, words=None) -> dict:
    """How close one run of a synthetic corpus is to the planted vectors T (``run.truth``).

    - ``cka_truth``: linear CKA(W, T) — 1 iff W = sTQ + 1cᵀ (orthogonal Q): invariant to what the corpus cannot
      identify (an orthogonal map), not to a general linear map; ``cka_chance`` the same with the rows of W in a
      random order (``default_rng(run.seed)``);
    - ``procrustes_truth``: relative residual ‖s*W′Q* − T′‖_F / ‖T′‖_F of scaled Procrustes on centred W′, T′
      (None when W and T differ in width);
    - ``subspace_truth``: mean squared canonical correlation of W and T, invariant to any invertible linear map
      (the symmetry of the skip-gram loss); ``subspace_chance`` its value for random subspaces;
    - ``words``: the number of words compared.

    Parameters
    ----------
    run : SweepRun
        A run of a configuration whose corpus is ``"synthetic"`` (anything with ``.kv``, ``.truth`` and ``.seed``).
    words : list of str, optional
        Compare these words only (they must be in the run's vocabulary); default all the run's words.

    Returns
    -------
    dict of str to float

    Raises
    ------
    ValueError
        A corpus that is not synthetic, a word missing from the run, fewer than 3 words.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> from embstab_lib import random_orthogonal
    >>> from embstab_lib.store import make_keyed_vectors
    >>> T = np.random.default_rng(0).normal(size=(60, 5))
    >>> kv = make_keyed_vectors([f"w{i}" for i in range(60)], 3 * T @ random_orthogonal(5, seed=1), np.ones(60, int))
    >>> m = truth_measures(SimpleNamespace(kv=kv, truth=T, seed=0))  # the truth up to a rotation and a scale
    >>> round(m["cka_truth"], 6), round(m["procrustes_truth"], 6), round(m["subspace_truth"], 6)
    (1.0, 0.0, 1.0)
    """
    kv = run.kv
    T = run.truth
    rows = np.arange(len(kv.index_to_key))
    if words is not None:
        absent = [w for w in words if w not in kv.key_to_index]
        if absent:
            raise ValueError(f"{len(absent)} of the words are not in the run's vocabulary, e.g. {absent[0]!r}")
        rows = np.array([kv.key_to_index[w] for w in words])
    if rows.size < 3:
        raise ValueError(f"{rows.size} words: need at least 3")
    W, T = np.asarray(kv.vectors, dtype=np.float64)[rows], T[rows]
    shuffled = W[np.random.default_rng(run.seed).permutation(rows.size)]
    return {
        "words": int(rows.size),
        "cka_truth": linear_cka(W, T),
        "cka_chance": linear_cka(shuffled, T),
        "procrustes_truth": scaled_procrustes(W, T, center=True).relative_residual if W.shape == T.shape else None,
        "subspace_truth": subspace_similarity(W, T),
        "subspace_chance": subspace_chance(rows.size, W.shape[1], T.shape[1]),
    }
