"""Exact k-nearest cosine neighbours of *every* row, computing each tile of S = UUᵀ once (S is symmetric).

The rows are cut into m tiles of b rows.  The tile S_IJ = U₃₂[I] U₃₂[J]ᵀ (float32) is computed only for J ≥ I and
serves twice: its rows are the similarities of the words of I to those of J, its columns those of J to I — half
the multiply-adds of :func:`~embstab_lib.compare._topk.search`, which computes every row of S.

Pruning, as in ``_topk.py`` but with a running bound.  Within a tile, the columns are split into strided chunks of c
(entry a·n_C + t is in chunk t); for every row, the largest k chunk maxima seen so far, over every tile processed,
are k distinct entries of that row, so their minimum L is a lower bound of the row's k-th largest float32
similarity T₃₂ at any moment.  An entry x of the exact top k has s₃₂(x) ≥ T₃₂ − 2δ ≥ L − 2δ (δ: the float32 error
bound of ``_topk.py``), so keeping, in each tile, the entries ≥ L − margin (margin = 2.5δ), with L as it stands
after that tile, keeps the whole exact top k.  Once every tile is done, the kept entries below the final L − margin
are dropped, the rest re-scored in float64 and sorted by (−cosine, index): the same lists as ``_topk.search`` and as
a full float64 sort.

Cost: half the float32 products of ``_topk.search``; memory: one b × b tile per thread plus the kept candidates
(a few k per row).  When ties make the candidates exceed ``max_candidates`` (e.g. many identical rows, where every
tied entry must be kept), the search starts again with ``_topk.search``, whose memory is bounded per block.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from ._topk import _blas_threads, _margin, search

__all__ = ["search_all"]


class _TooManyCandidates(Exception):
    pass


def _tile_width(V, k, max_bytes):
    """Rows per tile: the b × b float32 tile fits in ``max_bytes`` (at least 1, at most V)."""
    return int(max(1, min(V, int(np.sqrt(max_bytes / 4)))))


def _chunk(b, k):
    """Entries per chunk: 32, fewer for small tiles so that a tile has at least 2k chunks."""
    return int(max(1, min(32, b // (2 * k))))


def search_all(U, k, *, max_bytes, n_jobs=None, max_candidates=None):
    """k nearest cosine neighbours of every row of ``U`` (unit rows, float64), self excluded.

    Parameters
    ----------
    U : ndarray, shape (V, d), unit rows
    k : int, 1 ≤ k ≤ V − 1
    max_bytes : int
        Memory of one float32 tile (b² · 4 bytes).
    n_jobs : int, optional
        Tiles computed at a time by threads (one BLAS thread each); default: the BLAS thread count in force.
    max_candidates : int, optional
        Candidates kept before falling back to ``_topk.search``; default 64 per row.

    Returns
    -------
    ndarray of int64, shape (V, k), nearest first; equal to ``_topk.search(U, arange(V), k, ...)``.
    """
    V, d = U.shape
    b = _tile_width(V, k, max_bytes)
    c = _chunk(b, k)
    b = -(-b // c) * c  # a whole number of chunks per tile
    if max_candidates is None:
        max_candidates = 64 * V
    if n_jobs is None:
        n_jobs = _blas_threads()
    try:
        return _search_all(U, k, b, c, n_jobs, max_candidates)
    except _TooManyCandidates:
        block = max(1, max_bytes // (4 * V))
        return search(U, np.arange(V), k, block, n_jobs=n_jobs)


def _search_all(U, k, b, c, n_jobs, max_candidates):
    V, d = U.shape
    m = -(-V // b)
    nC = b // c
    U32 = np.zeros((m * b, d), dtype=np.float32)
    U32[:V] = U
    margin = np.float32(_margin(d))
    top = np.full((m * b, k), -np.inf, dtype=np.float32)  # the k largest chunk maxima seen, per row
    top[V:] = np.inf  # padding rows: their bound is +inf, so they keep nothing
    locks = [threading.Lock() for _ in range(m)]
    kept = []
    count = [0]
    count_lock = threading.Lock()

    def bound(r, maxima):
        """Merge a tile's chunk maxima into rows ``r``'s k largest; the new lower bound minus the margin."""
        both = np.concatenate([top[r], maxima], axis=1)
        n = both.shape[1]
        best = np.partition(both, n - k, axis=1)[:, n - k :]
        top[r] = best
        return best.min(axis=1) - margin

    def keep(rows, cols, vals):
        with count_lock:
            kept.append((rows, cols, vals))
            count[0] += rows.size
            if count[0] > max_candidates:
                raise _TooManyCandidates

    def tile(ti, tj):
        if count[0] > max_candidates:  # another thread gave up: the fallback search follows
            return
        rows_i, rows_j = slice(ti * b, (ti + 1) * b), slice(tj * b, (tj + 1) * b)
        S = U32[rows_i] @ U32[rows_j].T
        if (tj + 1) * b > V:
            S[:, max(0, V - tj * b) :] = -np.inf
        if ti == tj:
            np.fill_diagonal(S, -np.inf)
        # the words of tile ti against those of tile tj: chunk t of a row holds its columns a·nC + t
        S3 = S.reshape(b, c, nC)
        Cm = S3.max(axis=1)
        with locks[ti]:
            low = bound(rows_i, Cm)
        rr, tt = np.nonzero(Cm >= low[:, None])
        vals = S3[rr, :, tt]
        ri, ai = np.nonzero(vals >= low[rr, None])
        keep(rr[ri] + ti * b, ai * nC + tt[ri] + tj * b, vals[ri, ai])
        if ti == tj:
            return
        # the words of tj against those of ti: the columns of the tile, chunk t holding its rows a·nC + t
        R3 = S.reshape(c, nC, b)
        Rm = R3.max(axis=0).T
        with locks[tj]:
            low = bound(rows_j, Rm)
        jj, tt = np.nonzero(Rm >= low[:, None])
        vals = R3[:, tt, jj]
        ai, ni = np.nonzero(vals >= low[jj][None, :])
        keep(jj[ni] + tj * b, ai * nC + tt[ni] + ti * b, vals[ai, ni])

    tasks = [(ti, tj) for ti in range(m) for tj in range(ti, m)]
    if n_jobs == 1 or len(tasks) == 1:
        for t in tasks:
            tile(*t)
    else:
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1, user_api="blas"), ThreadPoolExecutor(n_jobs) as pool:
            list(pool.map(lambda t: tile(*t), tasks))
    row = np.concatenate([r for r, _, _ in kept])
    col = np.concatenate([c_ for _, c_, _ in kept])
    val = np.concatenate([v for _, _, v in kept])
    final = top.min(axis=1) - margin
    sel = (row < V) & (val > -np.inf) & (val >= final[row])
    row, col = row[sel], col[sel]
    s64 = np.empty(row.size)
    step = 1 << 15  # gathered float64 rows: ~50 MB at a time at d = 100
    for a in range(0, row.size, step):
        s64[a : a + step] = np.einsum("nd,nd->n", U[row[a : a + step]], U[col[a : a + step]])
    order = np.lexsort((col, -s64, row))
    row, col = row[order], col[order]
    starts = np.searchsorted(row, np.arange(V))
    return col[starts[:, None] + np.arange(k)]
