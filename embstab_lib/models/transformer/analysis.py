"""Measuring a trained language model: similarity of two embedding matrices with chance levels, outlier
dimensions against rotated copies, the residual stream of each word (NumPy, except :func:`word_states`)."""

from __future__ import annotations

import numpy as np

from ..._validate import as_matrix, make_rng, positive_int
from ...compare import knn_overlap, linear_cka, procrustes, random_orthogonal, subspace_chance, subspace_similarity

__all__ = [
    "SIMILARITIES",
    "similarity_measures",
    "variance_ratio",
    "rotation_null",
    "standardize",
    "standardized_overlap",
    "word_states",
]

#: The four measures of :func:`similarity_measures`, in the order the course shows them.
SIMILARITIES = ("procrustes", "knn", "cka", "subspace")


def similarity_measures(A, B, *, k=10, seed=0) -> dict:
    """Four similarities of two embedding matrices of the same words, each next to its chance level.

    - ``procrustes``: 1 − r²/2, r the relative residual of orthogonal Procrustes on centred unit-length rows
      (chapter 04) — the mean cosine of a word with itself after the best rotation;
    - ``knn``: mean k-NN overlap of the centred vectors (chapter 05);
    - ``cka``: linear CKA (chapter 05);
    - ``subspace``: mean squared canonical correlation, invariant to any invertible linear map (chapter 07).

    Chance levels (``<name>_chance``): ``procrustes`` and ``cka`` with the rows of B in a random order (the same
    two point clouds, no word-to-word correspondence; the order drawn from ``default_rng(seed)``);
    ``knn``: k / (V − 1); ``subspace``: max(d_A, d_B) / (V − 1).

    Parameters
    ----------
    A, B : array_like, shape (V, d)
        Row i = the same word; V > d + 1.
    k : int
        1 ≤ k ≤ V − 1.
    seed : int
        The random order of the chance level.

    Returns
    -------
    dict of str to float
        The four measures and their chance levels (higher = more similar; 1 = identical up to a rotation, a
        scale and a translation).

    Raises
    ------
    TypeError, ValueError
        Those of the measures: shapes differ, NaN/inf, zero rows, too few rows, bad ``k``.

    Examples
    --------
    >>> A = np.random.default_rng(0).normal(size=(200, 8))
    >>> m = similarity_measures(A, 3 * A @ random_orthogonal(8, seed=1))
    >>> [round(m[name], 6) for name in SIMILARITIES]
    [1.0, 1.0, 1.0, 1.0]
    """
    A, B = as_matrix(A, "A"), as_matrix(B, "B")
    V = A.shape[0]
    shuffled = B[make_rng(seed).permutation(V)]

    def proc(X, Y):
        return 1 - procrustes(X, Y, center=True, normalize_rows=True).relative_residual ** 2 / 2

    return {
        "procrustes": proc(A, B),
        "procrustes_chance": proc(A, shuffled),
        "knn": float(knn_overlap(A - A.mean(axis=0), B - B.mean(axis=0), k).mean()),
        "knn_chance": k / (V - 1),
        "cka": linear_cka(A, B),
        "cka_chance": linear_cka(A, shuffled),
        "subspace": subspace_similarity(A, B),
        "subspace_chance": subspace_chance(V, A.shape[1], B.shape[1]),
    }


def variance_ratio(X) -> float:
    """Largest over median per-dimension variance of the rows of X (columns centred).

    1 for an isotropic cloud in a large sample; large when a few coordinates carry much more variance than the
    others (outlier dimensions).  Not invariant to rotations: compare with :func:`rotation_null`.

    Parameters
    ----------
    X : array_like, shape (n, d)
        n ≥ 2 points (e.g. the embeddings of n words) in d coordinates.

    Returns
    -------
    float
        maxⱼ σⱼ² / medianⱼ σⱼ² ≥ 1, with σⱼ² the (population) variance of column j.  Invariant to a translation
        of the rows, to one scale c ≠ 0 of all of X and to a permutation of the coordinates.

    Raises
    ------
    TypeError
        Non-real data.
    ValueError
        Not 2-D, fewer than 2 rows, NaN/inf, a median variance of 0 (every coordinate constant, for instance).

    Examples
    --------
    >>> variance_ratio([[3.0, 1.0, 0.0], [-3.0, -1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, -1.0]])  # 4.5 / 0.5
    9.0
    """
    X = as_matrix(X, "X", min_rows=2)
    var = X.var(axis=0)
    med = float(np.median(var))
    if med == 0:
        raise ValueError("the median per-dimension variance is 0: the ratio is undefined")
    return float(var.max() / med)


def rotation_null(X, statistic=variance_ratio, *, n=50, seed=0) -> np.ndarray:
    """``statistic(X Q)`` for ``n`` Haar-random orthogonal Q: what the statistic gives for the same point cloud
    in a random basis (the null hypothesis "no coordinate is special").

    Parameters
    ----------
    X : array_like, shape (m, d)
        m ≥ 2 points in d coordinates.
    statistic : callable
        ``statistic(Y)`` of an (m, d) ndarray, a float (default :func:`variance_ratio`).
    n : int
        ≥ 1, the number of rotations.
    seed : int or None
        Draws the seeds of the Q's (:func:`~embstab_lib.compare.random_orthogonal`); the same seed, the same values.

    Returns
    -------
    ndarray, shape (n,)
        statistic(X Qᵢ), i = 1 … n.  Rotations keep every distance and cosine, so a statistic far above these
        values (e.g. above their maximum) measures the basis, not the geometry of the cloud.

    Raises
    ------
    TypeError, ValueError
        X not a finite real 2-D array with ≥ 2 rows, a bad ``n`` or ``seed``; those of ``statistic``.

    Examples
    --------
    >>> X = np.random.default_rng(0).normal(size=(100, 4)) * [10, 1, 1, 1]  # coordinate 0 is special
    >>> bool(variance_ratio(X) > rotation_null(X, n=20).max())
    True
    """
    X = as_matrix(X, "X", min_rows=2)
    n = positive_int(n, "n")
    rng = make_rng(seed)
    return np.array([statistic(X @ random_orthogonal(X.shape[1], seed=int(rng.integers(2**31)))) for _ in range(n)])


def standardize(X) -> np.ndarray:
    """Each column centred and divided by its standard deviation (z-scores; Timkey & van Schijndel 2021).

    Parameters
    ----------
    X : array_like, shape (n, d)
        n ≥ 2 rows.

    Returns
    -------
    ndarray, shape (n, d), float64
        Z[:, j] = (X[:, j] − x̄ⱼ) / σⱼ (population standard deviation): every column has mean 0 and variance 1.
        Invariant to a translation of the rows and to a scale cⱼ > 0 of each column (Z(X diag(c)) = Z(X)); not
        to rotations.

    Raises
    ------
    TypeError
        Non-real data.
    ValueError
        Not 2-D, fewer than 2 rows, NaN/inf, a constant column.

    Examples
    --------
    >>> standardize([[1.0, 10.0], [3.0, 30.0]]).tolist()
    [[-1.0, -1.0], [1.0, 1.0]]
    """
    X = as_matrix(X, "X", min_rows=2)
    sd = X.std(axis=0)
    if (sd == 0).any():
        raise ValueError(f"column(s) {np.flatnonzero(sd == 0)[:5].tolist()} of X are constant: cannot standardise")
    return (X - X.mean(axis=0)) / sd


def standardized_overlap(X, k=10) -> float:
    """Mean k-NN overlap between the centred rows of X and its standardised rows.

    1 when dividing each coordinate by its standard deviation changes no cosine neighbour; low when a few
    high-variance coordinates dominate the cosines.

    Parameters
    ----------
    X : array_like, shape (n, d)
        n ≥ 2 rows.
    k : int
        Neighbours per row, 1 ≤ k ≤ n − 1.

    Returns
    -------
    float
        In [0, 1]: the mean over rows of |N_k(X − x̄) ∩ N_k(:func:`standardize` (X))| / k, N_k the k nearest
        neighbours by cosine.  1 when every column has the same standard deviation; invariant to a translation of
        the rows and to one scale c > 0 of X, not to rotations.

    Raises
    ------
    TypeError, ValueError
        Those of :func:`standardize` (e.g. a constant column) and a bad ``k``.

    Examples
    --------
    >>> Y = np.random.default_rng(0).normal(size=(100, 4))
    >>> bool(standardized_overlap(Y * [10, 1, 1, 1], k=5) < standardized_overlap(Y * 5, k=5))  # one dominant axis
    True
    """
    X = as_matrix(X, "X", min_rows=2)
    return float(knn_overlap(X - X.mean(axis=0), standardize(X), k).mean())


def word_states(params, windows, *, n_heads, norm="rms", layer=-1, min_count=5):
    """The mean residual-stream vector of every token id at one layer, over its occurrences in ``windows``.

    Parameters
    ----------
    params : dict
        A model (:func:`~embstab_lib.models.transformer.model.init_lm` layout, e.g. ``LMRun.params``).
    windows : int array, shape (n, T)
        Token ids (e.g. one batch of ``lm_batches``).
    n_heads, norm
        As the model was trained.
    layer : int
        0 = the input x⁰ = E[w] + P, L (or −1) = after the last block.
    min_count : int
        Only ids seen at least this often are returned.

    Returns
    -------
    (ndarray of int, ndarray of shape (m, d), ndarray of shape (n·T, d))
        The ids, their mean states, and every token's state at that layer (float64).

    Raises
    ------
    ValueError
        ``windows`` not a 2-D integer array, ``min_count`` not a positive integer; those of the model.
    """
    from .model import lm_forward

    windows = np.asarray(windows)
    if windows.ndim != 2 or windows.dtype.kind not in "iu":
        raise ValueError(f"windows must be a 2-D integer array, got {windows.shape} {windows.dtype}")
    min_count = positive_int(min_count, "min_count")
    stream, _ = lm_forward(params, windows, n_heads=n_heads, norm=norm)
    states = np.asarray(stream[layer], dtype=np.float64).reshape(-1, stream[0].shape[-1])
    ids = windows.ravel()
    V = int(ids.max()) + 1
    seen = np.bincount(ids, minlength=V)
    sums = np.zeros((V, states.shape[1]))
    np.add.at(sums, ids, states)
    keep = np.flatnonzero(seen >= min_count)
    return keep, sums[keep] / seen[keep, None], states
