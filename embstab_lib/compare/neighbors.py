"""Nearest cosine neighbours within a run, and how many of them two runs share (k-NN overlap, overlap@(k in k′)).

Neighbours are found within each run, so these measures need no alignment:
they are invariant to an orthogonal map and to any positive scaling of a run.  The search itself is in
``_topk.py``; what is done with neighbour lists once found (shared neighbours, cosines with the listed
neighbours) is in ``neighbor_lists.py``.
"""

from __future__ import annotations

import numpy as np

from .._validate import as_matrix, positive_int, same_rows, unit_rows
from ._topk import BACKENDS, faiss_search, search
from .neighbor_lists import _rows_of, neighbor_cosines, shared_neighbors  # noqa: F401  (re-exported)

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
    return shared_neighbors(nA, nB)


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
    A, B = same_rows(A, B)
    V = A.shape[0]
    k = positive_int(k, "k")
    k_prime = k if k_prime is None else positive_int(k_prime, "k_prime")
    if max(k, k_prime) >= V:
        raise ValueError(f"k={k}, k_prime={k_prime}: with {V} rows at most {V - 1} neighbours exist")
    rows = _rows_of(rows, V)
    step = _block_rows(V, block, max_bytes)
    nn_a = search(unit_rows(A, "A"), rows, k_prime, step)
    nn_b = search(unit_rows(B, "B"), rows, k, step)
    return shared_neighbors(nn_a, nn_b, k_prime=k_prime)
