"""Nearest cosine neighbours within a run, and how many of them two runs share.

Neighbours are found within each run, so these measures need no alignment:
they are invariant to an orthogonal map and to any positive scaling of a run.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_matrix, positive_int, same_rows, unit_rows
from ._topk import BACKENDS, faiss_search, search

#: Default memory budget of one block of :func:`nearest_neighbors` (bytes): the float32 similarities of ``block``
#: rows against all V rows.
MAX_BLOCK_BYTES = 32 * 2**20


def _block_rows(V, block, max_bytes):
    if block is not None:
        return positive_int(block, "block")
    max_bytes = positive_int(max_bytes, "max_bytes")
    return max(1, min(V, max_bytes // (4 * V)))


def _search(U, rows, k, block, backend, n_jobs):
    """Dispatch to the NumPy search or, when asked for (or ``"auto"`` and installed), to faiss."""
    if backend not in BACKENDS:
        raise ValueError(f"backend must be one of {BACKENDS}, got {backend!r}")
    if n_jobs is not None:
        n_jobs = positive_int(n_jobs, "n_jobs")
    if backend != "numpy":
        try:
            return faiss_search(U, rows, k, block, n_jobs=n_jobs)
        except ImportError:
            if backend == "faiss":
                raise ImportError("backend='faiss' needs faiss-cpu: pip install faiss-cpu") from None
    return search(U, rows, k, block, n_jobs=n_jobs)


def nearest_neighbors(X, k=10, *, block=None, max_bytes=MAX_BLOCK_BYTES, backend="numpy", n_jobs=None) -> np.ndarray:
    """Indices of the k nearest cosine neighbours of every row (itself excluded), sorted by decreasing cosine.

    Parameters
    ----------
    X : array_like, shape (V, d)
    k : int
        1 ≤ k ≤ V − 1.
    block : int, optional
        Rows per block; by default as many as fit in ``max_bytes``.
    max_bytes : int
        Memory budget of one block: 4 · block · V bytes (a float32 similarity per entry), never V × V.  At
        text8's vocabulary (V ≈ 71 000) the 32 MiB default gives blocks of 118 rows.
    backend : {"numpy", "faiss", "auto"}
        Who computes the float32 similarity pass: NumPy (always available), faiss-cpu's exact inner-product
        index (optional), or faiss when installed.  The result is the same (re-scored in float64).
    n_jobs : int, optional
        Blocks searched at a time (threads, one BLAS thread each); default the BLAS thread count in force
        (1 under ``OPENBLAS_NUM_THREADS=1``).

    Returns
    -------
    ndarray of int64, shape (V, k)
        Sorted by decreasing float64 cosine; the same result whatever ``block``, ``backend`` and ``n_jobs``.
        Exact ties (equal cosines, e.g. duplicated rows) are listed by increasing index.  Invariant to orthogonal
        maps and to a positive scaling of any row.

    Notes
    -----
    The search is exact but does not sort V values per row: similarities are computed in float32 blocks,
    candidates are pruned with a provable float32 error margin, and only about k candidates per row are
    re-scored in float64 (``compare/_topk.py``).  About as fast as faiss-cpu's exact search
    (``benchmarks/``).

    Raises
    ------
    TypeError, ValueError
        Complex/boolean/non-numeric input, not 2-D, NaN/inf, a zero row, ``k`` not in [1, V − 1], bad ``block``,
        ``max_bytes``, ``backend`` or ``n_jobs``.
    ImportError
        ``backend="faiss"`` without faiss-cpu installed.

    Examples
    --------
    >>> nearest_neighbors([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], k=1)
    array([[1],
           [0],
           [1]])
    """
    X = as_matrix(X, "X")
    k = positive_int(k, "k")
    V = X.shape[0]
    if k >= V:
        raise ValueError(f"k={k} is too large: with {V} rows at most {V - 1} neighbours exist")
    block = _block_rows(V, block, max_bytes)
    U = unit_rows(X, "X")
    return _search(U, np.arange(V), k, block, backend, n_jobs)


def knn_overlap(A, B, k=10, *, block=None, max_bytes=MAX_BLOCK_BYTES, backend="numpy", n_jobs=None) -> np.ndarray:
    """Per-row share of the k nearest cosine neighbours that A and B agree on.

    overlap(w) = |NN_k^A(w) ∩ NN_k^B(w)| / k  (Wendlandt et al. 2018).

    Parameters
    ----------
    A, B : array_like, shape (V, d_A), (V, d_B)
        Row w of both = the same word; the widths may differ (e.g. d = 50 against d = 100).
    k : int
        1 ≤ k ≤ V − 1.
    block, max_bytes, backend, n_jobs
        As in :func:`nearest_neighbors`.  To compare many runs, search each run once with
        :func:`nearest_neighbors` and compare the lists with :func:`shared_neighbors`.

    Returns
    -------
    ndarray, shape (V,)
        Values in {0, 1/k, …, 1}.  Chance level for unrelated matrices: k / (V − 1).  Invariant to orthogonal maps
        and scaling of A or B.

    Raises
    ------
    TypeError, ValueError
        As :func:`nearest_neighbors`; row counts differ.

    Examples
    --------
    >>> A = [[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]]
    >>> knn_overlap(A, [[1.0, 0.0], [0.0, 1.0], [0.1, 0.9]], k=1)
    array([0., 0., 1.])
    """
    A, B = same_rows(A, B)
    k = positive_int(k, "k")
    V = A.shape[0]
    if k >= V:
        raise ValueError(f"k={k} is too large: with {V} rows at most {V - 1} neighbours exist")
    UA, UB = unit_rows(A, "A"), unit_rows(B, "B")  # a zero row is reported as A's or B's
    step = _block_rows(V, block, max_bytes)
    nA = _search(UA, np.arange(V), k, step, backend, n_jobs)
    nB = _search(UB, np.arange(V), k, step, backend, n_jobs)
    return shared_neighbors(nA, nB, k, k)


# --- Neighbours within a wider circle (chapter 05): overlap@(k in k′) and the cosines of a word with its
# listed neighbours.


def _index_array(x, name, *, ndim, V=None):
    """``x`` as an int64 array of ``ndim`` dimensions (booleans, floats and complex refused; indices in [0, V))."""
    arr = np.asarray(x)
    if arr.dtype == bool or arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must be an array of integer indices, got dtype {arr.dtype}")
    if arr.ndim != ndim:
        raise ValueError(f"{name} must be {ndim}-D, got shape {arr.shape}")
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    if V is not None and (arr.min() < 0 or arr.max() >= V):
        raise ValueError(f"{name} holds indices outside [0, {V}): {int(arr.min())}..{int(arr.max())}")
    return arr.astype(np.int64, copy=False)


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
        s = np.sort(lists, axis=1)
        if np.any(s[:, 1:] == s[:, :-1]):
            raise ValueError(f"{name} repeats a neighbour within a row: each list must name distinct words")
    shared = np.empty(a.shape[0])
    step = max(1, 2**22 // (k * k_prime))  # at most ~4 M comparisons per block
    for start in range(0, a.shape[0], step):
        stop = start + step
        shared[start:stop] = (b[start:stop, :, None] == a[start:stop, None, :]).any(axis=2).sum(axis=1)
    return shared / k


def neighbors_within(A, B, k=10, k_prime=None, *, rows=None, block=None, max_bytes=MAX_BLOCK_BYTES) -> np.ndarray:
    """overlap@(k in k′) of two runs: per word, the share of B's k nearest neighbours among A's k′ nearest.

    overlap@(k in k′)(w) = |NN_k^B(w) ∩ NN_{k′}^A(w)| / k, neighbours searched within each run (cosine, no
    alignment needed) among all V words.  k′ = k gives :func:`knn_overlap`.  Chance level: k′ / (V − 1).

    Parameters
    ----------
    A, B : array_like, shape (V, d_A), (V, d_B)
        Two runs, row w = the same word.
    k : int
        Neighbours of B, 1 ≤ k ≤ V − 1.
    k_prime : int, optional
        Neighbours of A, 1 ≤ k′ ≤ V − 1; default k.
    rows : array_like of int, optional
        Compute only these words (distinct indices; neighbours are still searched among all V words);
        default all.
    block, max_bytes
        As in :func:`nearest_neighbors`.

    Returns
    -------
    ndarray, shape (len(rows),)
        Values in {0, 1/k, …}; invariant to orthogonal maps and scaling of A or B.

    Raises
    ------
    TypeError, ValueError
        As :func:`nearest_neighbors`; different numbers of rows; ``rows`` not integer, not 1-D, empty, out of
        range or repeated.

    Examples
    --------
    >>> A = [[1.0, 0.0], [0.9, 0.1], [0.7, 0.7], [0.0, 1.0]]
    >>> B = [[1.0, 0.0], [0.7, 0.7], [0.9, 0.1], [0.0, 1.0]]
    >>> neighbors_within(A, B, k=1), neighbors_within(A, B, k=1, k_prime=2)
    (array([0., 0., 0., 0.]), array([1., 1., 1., 1.]))
    """
    A = as_matrix(A, "A")
    B = as_matrix(B, "B")
    if A.shape[0] != B.shape[0]:
        raise ValueError(f"A and B must have the same rows (words), got {A.shape[0]} and {B.shape[0]}")
    V = A.shape[0]
    k = positive_int(k, "k")
    k_prime = k if k_prime is None else positive_int(k_prime, "k_prime")
    if max(k, k_prime) >= V:
        raise ValueError(f"k={k}, k_prime={k_prime}: with {V} rows at most {V - 1} neighbours exist")
    rows = _rows_of(rows, V)
    step = _block_rows(V, block, max_bytes)
    nn_a = search(unit_rows(A, "A"), rows, k_prime, step)
    nn_b = search(unit_rows(B, "B"), rows, k, step)
    return shared_neighbors(nn_a, nn_b, k, k_prime)


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
    step = max(1, 2**21 // (neighbors.shape[1] * X.shape[1]))  # gathered block of at most ~16 MB
    for start in range(0, rows.size, step):
        stop = start + step
        out[start:stop] = np.einsum("nd,nmd->nm", U[rows[start:stop]], U[neighbors[start:stop]])
    return np.clip(out, -1.0, 1.0)
