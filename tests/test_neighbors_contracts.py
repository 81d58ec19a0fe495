"""The documented contracts of the neighbour search and of neighbour lists that results alone do not show.

Block sizes, the float32 error margin, chunk widths, threads and the faiss/NumPy dispatch change how the search
runs, not what it returns (tests/test_neighbors_fast.py checks the results against a full float64 sort).  Their
promises (memory per block, one BLAS thread per worker, the margin of the module's proof, the backend asked for)
are checked here with spies on the library's internals; the exact small cases of ``shared_neighbors`` and
``neighbor_cosines`` use lists long enough to need several blocks.
"""

from __future__ import annotations

import sys
import threading

import numpy as np
import pytest
from threadpoolctl import threadpool_info, threadpool_limits

import embstab_lib as es
from embstab_lib.compare import _topk, neighbors


def blas_threads_now():
    """The largest thread count of the BLAS libraries loaded, except OpenMP-threaded ones (faiss-cpu's OpenBLAS):
    an OpenMP limit holds only in the thread that set it, so worker threads always see their default there."""
    infos = threadpool_info()
    counts = [p["num_threads"] for p in infos if p.get("user_api") == "blas" and p.get("threading_layer") != "openmp"]
    return max(counts) if counts else None


# ---------------------------------------------------------------- block sizes, chunks, margin


def test_block_rows_follow_the_memory_budget():
    # the docstring's example: at V = 71 000 the 32 MiB default gives blocks of 118 rows
    assert neighbors._block_rows(71_000, None, neighbors.MAX_BLOCK_BYTES) == 118
    assert neighbors._block_rows(1000, None, 4 * 1000 * 7) == 7  # 4 · block · V bytes
    assert neighbors._block_rows(1000, None, 4 * 1000 * 7 + 3999) == 7
    assert neighbors._block_rows(1000, None, 1) == 1  # at least one row, whatever the budget
    assert neighbors._block_rows(10, None, 10**9) == 10  # never more rows than V
    assert neighbors._block_rows(1000, 5, 1) == 5  # an explicit block wins


@pytest.mark.parametrize("V", [3, 4, 10, 21, 22, 64, 65, 100, 641, 642, 5000])
@pytest.mark.parametrize("k", [1, 2, 5, 10])
def test_chunks_are_at_most_32_wide_and_at_least_2k(V, k):
    if k >= V:
        return
    c = _topk._chunk_width(V, k)
    n_chunks = -(-V // c)
    assert isinstance(c, int) and 1 <= c <= 32
    assert n_chunks >= min(2 * k, V)  # the k-th largest chunk maximum exists with room to prune
    if c < 32:  # fewer than 32 per chunk only when V is too small for 2k chunks of 32: the widest that fits
        assert 2 * k * (c + 1) > V - 1
    if c > 1:  # 2k chunks of c fit in the V − 1 other words: 2k chunks besides the word's own
        assert 2 * k * c <= V - 1


@pytest.mark.parametrize("d", [1, 2, 3, 30, 300, 3000])
def test_margin_is_the_proofs_two_and_a_half_delta(d):
    # module docstring: δ = (d + 2)·u / (1 − (d + 2)·u), u = 2⁻²⁴, margin 2.5 δ
    u = 2.0**-24
    delta = (d + 2) * u / (1 - (d + 2) * u)
    assert _topk._margin(d) >= 2.5 * delta
    assert _topk._margin(d) <= 2.5 * delta * (1 + 1e-12)


# ---------------------------------------------------------------- blocks and threads


class BlockSpy:
    """Records every call of ``_topk._block``: the rows it got and the thread and BLAS threads it ran with."""

    def __init__(self, monkeypatch):
        self.calls = []
        self._lock = threading.Lock()
        real = _topk._block

        def spy(U, U32, nC, c, r, k, margin):
            with self._lock:
                self.calls.append((r.copy(), threading.get_ident(), blas_threads_now()))
            return real(U, U32, nC, c, r, k, margin)

        monkeypatch.setattr(_topk, "_block", spy)


def test_blocks_cover_every_row_once_with_at_most_block_rows(monkeypatch):
    X = np.random.default_rng(0).normal(size=(50, 4))
    expected = es.nearest_neighbors(X, 3)
    spy = BlockSpy(monkeypatch)
    assert np.array_equal(es.nearest_neighbors(X, 3, block=7, n_jobs=1), expected)
    sizes = [len(r) for r, _, _ in spy.calls]
    assert sizes == [7] * 7 + [1]
    assert np.array_equal(np.concatenate([r for r, _, _ in spy.calls]), np.arange(50))
    assert {t for _, t, _ in spy.calls} == {threading.get_ident()}  # n_jobs=1: in the calling thread


def test_threads_run_blocks_with_one_blas_thread_each(monkeypatch):
    X = np.random.default_rng(1).normal(size=(60, 5))
    expected = es.nearest_neighbors(X, 4)
    spy = BlockSpy(monkeypatch)
    pools = []
    real_pool = _topk.ThreadPoolExecutor

    def pool(*args, **kwargs):
        pools.append((args, kwargs))
        return real_pool(*args, **kwargs)

    monkeypatch.setattr(_topk, "ThreadPoolExecutor", pool)
    with threadpool_limits(2, user_api="blas"):
        assert np.array_equal(es.nearest_neighbors(X, 4, block=10, n_jobs=2), expected)
        assert blas_threads_now() in (None, 2)  # restored after the search
    assert len(pools) == 1 and (pools[0][0] or (pools[0][1].get("max_workers"),))[0] == 2
    assert sorted(np.concatenate([r for r, _, _ in spy.calls]).tolist()) == list(range(60))
    assert threading.get_ident() not in {t for _, t, _ in spy.calls}
    if blas_threads_now() is not None:
        assert {b for _, _, b in spy.calls} == {1}
    # one block: no pool, whatever n_jobs
    spy.calls.clear()
    pools.clear()
    assert np.array_equal(es.nearest_neighbors(X, 4, n_jobs=2), expected)
    assert not pools and {t for _, t, _ in spy.calls} == {threading.get_ident()}


@pytest.mark.skipif(blas_threads_now() is None, reason="no BLAS library seen by threadpoolctl")
@pytest.mark.parametrize("limit", [1, 2])
def test_default_n_jobs_is_the_blas_thread_count_in_force(limit, monkeypatch):
    with threadpool_limits(limit, user_api="blas"):
        assert _topk._blas_threads() == limit
    monkeypatch.setattr("threadpoolctl.threadpool_info", lambda: [])  # no BLAS seen: the CPU count
    monkeypatch.setattr(_topk.os, "cpu_count", lambda: 3)
    assert _topk._blas_threads() == 3
    monkeypatch.setattr(_topk.os, "cpu_count", lambda: None)
    assert _topk._blas_threads() == 1


def test_blas_thread_count_ignores_other_pools(monkeypatch):
    infos = [{"user_api": "openmp", "num_threads": 7}, {"user_api": "blas", "num_threads": 2}]
    monkeypatch.setattr("threadpoolctl.threadpool_info", lambda: infos)
    assert _topk._blas_threads() == 2  # OpenMP's 7 threads are not BLAS threads
    infos[1:] = [{"user_api": "blas", "num_threads": 3}, {"user_api": "blas", "num_threads": 4}]
    assert _topk._blas_threads() == 4  # several BLAS libraries: the largest count
    infos[1:] = [{"user_api": "blas"}]
    assert _topk._blas_threads() == 1  # a BLAS library that does not say: one thread


def test_n_jobs_none_uses_the_blas_thread_count_and_one_means_no_pool(monkeypatch):
    U = np.random.default_rng(9).normal(size=(40, 4))
    U /= np.linalg.norm(U, axis=1, keepdims=True)
    expected = es.nearest_neighbors(U, 3)
    pools = []
    real_pool = _topk.ThreadPoolExecutor

    def pool(max_workers=None, **kwargs):
        pools.append(max_workers)
        return real_pool(max_workers, **kwargs)

    monkeypatch.setattr(_topk, "ThreadPoolExecutor", pool)
    monkeypatch.setattr(_topk, "_blas_threads", lambda: 3)
    assert np.array_equal(_topk.search(U, np.arange(40), 3, 6), expected)
    assert pools == [3]
    assert np.array_equal(_topk.search(U, np.arange(40), 3, 6, n_jobs=1), expected)
    assert pools == [3]  # n_jobs=1: no pool, whatever the BLAS thread count


# ---------------------------------------------------------------- dispatch to NumPy or faiss


def test_dispatch_passes_the_options_on(monkeypatch):
    X = np.random.default_rng(2).normal(size=(30, 4))
    calls = []

    def spy(name, real):
        def f(U, rows, k, block, *, n_jobs=None):
            calls.append((name, rows.size, k, block, n_jobs))
            return real(U, rows, k, block, n_jobs=n_jobs)

        return f

    monkeypatch.setattr(neighbors, "search", spy("numpy", _topk.search))
    monkeypatch.setattr(neighbors, "faiss_search", spy("faiss", _topk.search))
    es.nearest_neighbors(X, 3, block=4, n_jobs=2)
    es.knn_overlap(X, 2 * X, 3, block=5, n_jobs=1)
    es.nearest_neighbors(X, 3, backend="faiss", block=6, n_jobs=2)
    es.nearest_neighbors(X, 3, backend="auto", n_jobs=1, max_bytes=4 * 30 * 9)
    es.neighbors_within(X, 2 * X, 2, 4, block=8, rows=[3, 1, 7])
    assert calls == [
        ("numpy", 30, 3, 4, 2),
        ("numpy", 30, 3, 5, 1),
        ("numpy", 30, 3, 5, 1),
        ("faiss", 30, 3, 6, 2),
        ("faiss", 30, 3, 9, 1),
        ("numpy", 3, 4, 8, None),
        ("numpy", 3, 2, 8, None),
    ]


def test_without_faiss_auto_falls_back_and_faiss_asks_for_it(monkeypatch):
    X = np.random.default_rng(3).normal(size=(40, 5))
    expected = es.nearest_neighbors(X, 4)
    monkeypatch.setitem(sys.modules, "faiss", None)  # `import faiss` raises ImportError
    assert np.array_equal(es.nearest_neighbors(X, 4, backend="auto"), expected)
    with pytest.raises(ImportError, match=r"backend='faiss' needs faiss-cpu: pip install faiss-cpu"):
        es.nearest_neighbors(X, 4, backend="faiss")


# ---------------------------------------------------------------- defaults and exact small cases


def test_defaults_are_ten_neighbours_and_k_prime_equal_to_k():
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(2, 40, 3))
    assert np.array_equal(es.neighbors_within(A, B), es.neighbors_within(A, B, 10, 10))
    assert not np.array_equal(es.neighbors_within(A, B), es.neighbors_within(A, B, 11))
    assert np.array_equal(es.neighbors_within(A, B, 3), es.knn_overlap(A, B, 3))
    assert np.array_equal(es.knn_overlap(A, B), es.knn_overlap(A, B, 10))


def test_neighbors_within_counts_b_in_the_wider_circle_of_a():
    rng = np.random.default_rng(5)
    A, B = rng.normal(size=(2, 30, 4))
    nA, nB = es.nearest_neighbors(A, 6), es.nearest_neighbors(B, 2)
    expected = [len(set(nB[w]) & set(nA[w])) / 2 for w in range(30)]
    assert es.neighbors_within(A, B, 2, 6).tolist() == expected
    assert es.neighbors_within(A, B, 2, 6, rows=[9, 4]).tolist() == [expected[9], expected[4]]


def test_shared_neighbors_over_several_blocks():
    """k = k′ = 2048 gives blocks of one row: every row is still counted, with its own lists."""
    rng = np.random.default_rng(6)
    a = np.array([rng.permutation(5000)[:2048] for _ in range(3)])
    b = np.array([np.concatenate([a[i, : 500 * (i + 1)], 6000 + np.arange(2048 - 500 * (i + 1))]) for i in range(3)])
    b = np.array([rng.permutation(row) for row in b])
    assert es.shared_neighbors(a, b).tolist() == [500 / 2048, 1000 / 2048, 1500 / 2048]
    assert es.shared_neighbors(a, b, k=2048, k_prime=1024).tolist() == [
        len(set(b[i]) & set(a[i, :1024])) / 2048 for i in range(3)
    ]


def test_shared_neighbors_accepts_any_integer_type():
    a = np.array([[1, 2, 3], [0, 2, 3]])
    for dtype in (np.int8, np.uint16, np.int32, np.uint64):
        assert es.shared_neighbors(a.astype(dtype), a[:, ::-1].astype(np.int64)).tolist() == [1.0, 1.0]


def test_neighbor_cosines_over_several_blocks():
    """2048 neighbours of 1024-wide rows give blocks of one row: every row gets its own cosines."""
    rng = np.random.default_rng(7)
    X = rng.normal(size=(2100, 1024))
    nn = np.array([rng.choice(2100, 2048, replace=False) for _ in range(3)])
    rows = np.array([5, 2099, 17])
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    expected = np.einsum("nd,nmd->nm", U[rows], U[nn])
    assert np.allclose(es.neighbor_cosines(X, nn, rows=rows), expected, rtol=0, atol=1e-12)


def test_neighbor_cosines_stay_in_minus_one_one():
    """The cosine of a word with itself or with its opposite is exactly ±1, never beyond by rounding."""
    rng = np.random.default_rng(8)
    X = rng.normal(size=(500, 7)) * rng.uniform(0.1, 10, size=(500, 1))
    X = np.vstack([X, -3 * X])
    nn = np.stack([np.arange(1000), (np.arange(1000) + 500) % 1000], axis=1)  # itself, its opposite
    cos = es.neighbor_cosines(X, nn)
    assert cos.max() <= 1.0 and cos.min() >= -1.0
    assert cos[:, 0].max() == 1.0 and cos[:, 1].min() == -1.0
    assert np.all(np.abs(cos[:, 0] - 1) < 1e-15) and np.all(np.abs(cos[:, 1] + 1) < 1e-15)
