"""Operations on neighbour lists already computed: how many neighbours two runs share, and the cosines of a word
with its listed neighbours (chapter 05).

The lists come from :func:`~embstab_lib.compare.neighbors.nearest_neighbors` (one search per run); nothing here
searches.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_matrix, positive_int, unit_rows


def _index_array(x, name, *, ndim, V=None):
    """``x`` as an integer array of ``ndim`` dimensions (booleans, floats and complex refused; indices in [0, V))."""
    arr = np.asarray(x)
    if not np.issubdtype(arr.dtype, np.integer):  # booleans are not np.integer
        raise TypeError(f"{name} must be an array of integer indices, got dtype {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if V is not None and (arr.min() < 0 or arr.max() >= V):
        raise ValueError(f"{name} holds indices outside [0, {V}): {int(arr.min())}..{int(arr.max())}")
    return arr


def _rows_of(rows, V):
    if rows is None:
        return np.arange(V)
    rows = _index_array(rows, "rows", ndim=1, V=V)
    if np.unique(rows).size != rows.size:
        raise ValueError("rows contains repeated indices")
    return rows


def shared_neighbors(nn_a, nn_b, k=None, k_prime=None) -> np.ndarray:
    """Per row, the share of the first k neighbours in ``nn_b`` found among the first k′ neighbours in ``nn_a``.

    overlap@(k in k′)(w) = |NN_k^B(w) ∩ NN_{k′}^A(w)| / k, from neighbour lists computed once per run
    (:func:`nearest_neighbors`).  With k′ = k it is the k-NN overlap of
    Wendlandt et al. (2018), symmetric in A and B; with k′ > k it asks whether B's k nearest words are still
    *near* in A even if not in A's top k.  Chance level, if B's list were k words drawn at random among the
    V − 1 others: k′ / (V − 1).

    Parameters
    ----------
    nn_a : array_like of int, shape (n, ≥ k′)
        Neighbour lists of run A, nearest first (row i belongs to the same word as row i of ``nn_b``).
    nn_b : array_like of int, shape (n, ≥ k)
        Neighbour lists of run B, nearest first.
    k : int, optional
        Neighbours of B that are looked for; default all columns of ``nn_b``.
    k_prime : int, optional
        Neighbours of A they are looked for in; default k.

    Returns
    -------
    ndarray of float, shape (n,)
        Values in {0, 1/k, …, min(1, k′/k)}.

    Raises
    ------
    TypeError
        Non-integer lists.
    ValueError
        Lists not 2-D, with different numbers of rows, too few columns for k or k′, a repeated index within
        the first k (or k′) entries of a row, or k, k′ not positive integers.

    Examples
    --------
    >>> a = [[1, 2, 3, 4], [0, 2, 3, 4]]
    >>> b = [[4, 1], [3, 1]]
    >>> shared_neighbors(a, b, k=2, k_prime=2)
    array([0.5, 0. ])
    >>> shared_neighbors(a, b, k=2, k_prime=4)
    array([1. , 0.5])
    """
    nn_a = _index_array(nn_a, "nn_a", ndim=2)
    nn_b = _index_array(nn_b, "nn_b", ndim=2)
    if nn_a.shape[0] != nn_b.shape[0]:
        raise ValueError(f"nn_a and nn_b must have one row per word each, got {nn_a.shape[0]} and {nn_b.shape[0]} rows")
    k = nn_b.shape[1] if k is None else positive_int(k, "k")
    k_prime = k if k_prime is None else positive_int(k_prime, "k_prime")
    if k > nn_b.shape[1]:
        raise ValueError(f"k={k} but nn_b holds only {nn_b.shape[1]} neighbours per row")
    if k_prime > nn_a.shape[1]:
        raise ValueError(f"k_prime={k_prime} but nn_a holds only {nn_a.shape[1]} neighbours per row")
    a, b = nn_a[:, :k_prime], nn_b[:, :k]
    for name, lists in (("nn_a", a), ("nn_b", b)):
        s = np.sort(lists)  # each row
        if np.any(s[:, 1:] == s[:, :-1]):
            raise ValueError(f"{name} repeats a neighbour within a row: each list must name distinct words")
    shared = np.empty(a.shape[0])
    step = max(1, 2**22 // (k * k_prime))  # pragma: no mutate  (~4 M comparisons per block: memory only)
    for start in range(0, a.shape[0], step):
        stop = start + step  # pragma: no mutate  (stop=None recomputes the rest each time: same result)
        shared[start:stop] = (b[start:stop, :, None] == a[start:stop, None, :]).any(axis=2).sum(axis=1)
    return shared / k


def neighbor_cosines(X, neighbors, rows=None) -> np.ndarray:
    """Cosine of each word with each of its listed neighbours: out[r, c] = cos(X[rows[r]], X[neighbors[r, c]]).

    With the neighbour lists of one run and the matrix of another, it gives the cosines of the same word
    pairs in both runs, e.g. how much a change of seed moves the cosines of a word's nearest pairs compared
    with the gaps between consecutive neighbours.

    Parameters
    ----------
    X : array_like, shape (V, d)
    neighbors : array_like of int, shape (n, m)
        Indices in [0, V).
    rows : array_like of int, shape (n,), optional
        The word of each row of ``neighbors``; default ``range(V)`` (then n must be V).

    Returns
    -------
    ndarray, shape (n, m)
        Values in [−1, 1]; invariant to an orthogonal map of X and to a positive scaling of any row.

    Raises
    ------
    TypeError, ValueError
        Bad X (as :func:`nearest_neighbors`); non-integer, out-of-range or mis-shaped ``neighbors``/``rows``.

    Examples
    --------
    >>> neighbor_cosines([[1.0, 0.0], [0.0, 2.0], [3.0, 3.0]], [[2, 1]], rows=[0]).round(3)
    array([[0.707, 0.   ]])
    """
    X = as_matrix(X, "X")
    V = X.shape[0]
    neighbors = _index_array(neighbors, "neighbors", ndim=2, V=V)
    if rows is None:
        if neighbors.shape[0] != V:
            raise ValueError(f"without rows, neighbors needs one row per word of X ({V}), got {neighbors.shape[0]}")
        rows = np.arange(V)
    else:
        rows = _index_array(rows, "rows", ndim=1, V=V)
        if rows.size != neighbors.shape[0]:
            raise ValueError(f"rows has {rows.size} entries but neighbors has {neighbors.shape[0]} rows")
    U = unit_rows(X, "X")
    out = np.empty(neighbors.shape)
    step = max(1, 2**21 // (neighbors.shape[1] * X.shape[1]))  # pragma: no mutate  (blocks of ~16 MB: memory only)
    for start in range(0, rows.size, step):
        stop = start + step  # pragma: no mutate  (stop=None recomputes the rest each time: same result)
        out[start:stop] = np.einsum("nd,nmd->nm", U[rows[start:stop]], U[neighbors[start:stop]])
    return np.clip(out, -1.0, 1.0)
