"""The search of every row's neighbours that computes each tile of UUᵀ once (compare/_topk_all.py, used by es.assess).

Its result must be the row-block search's (tests/test_neighbors_fast.py checks that one against a full float64 sort),
whatever the tile size, the threads and the ties; its promises (tile memory, chunks, the fallback when ties keep too
many candidates) are checked with spies.
"""

from __future__ import annotations

import threading
import tracemalloc

import numpy as np
import pytest
import threadpoolctl
from threadpoolctl import threadpool_limits

import embstab_lib as es
from embstab_lib.assessment import measures
from embstab_lib.compare import _topk, _topk_all


def unit(X):
    return X / np.linalg.norm(X, axis=1, keepdims=True)


def row_blocks(U, k):
    """The row-block search (exact ties by increasing index, like this one)."""
    return _topk.search(U, np.arange(U.shape[0]), k, 5, n_jobs=1)


def peak_of(fn):
    """``(fn(), peak bytes traced while it ran)``."""
    tracemalloc.start()
    try:
        return fn(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def brute(U, k):
    """A full float64 sort by (−cosine, index), self excluded (for data without exact ties: a BLAS product may
    round two equal cosines differently)."""
    S = U @ U.T
    np.fill_diagonal(S, -np.inf)
    V = U.shape[0]
    return np.array([np.lexsort((np.arange(V), -S[i]))[:k] for i in range(V)])


def cases():
    rng = np.random.default_rng(7)
    out = []
    for t in range(40):
        V = int(rng.integers(3, 300))
        d = int(rng.integers(1, 20))
        k = int(rng.integers(1, min(V - 1, 12) + 1))
        X = rng.normal(size=(V, d))
        if t % 3 == 0:
            X[rng.integers(0, V, V // 3)] = X[0]  # many identical rows: exact ties
        if t % 4 == 0:
            X = np.round(X, 1) + (np.round(X, 1) == 0)  # coarse values: near-ties in float32
        out.append((unit(X), k))
    return out


CASES = cases()


@pytest.mark.parametrize("max_bytes", [4 * 16**2, 4 * 64**2, 2**25])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_equals_the_row_block_search_and_a_full_sort(max_bytes, n_jobs):
    for U, k in CASES:
        expected = row_blocks(U, k)
        got = _topk_all.search_all(U, k, max_bytes=max_bytes, n_jobs=n_jobs)
        assert got.dtype == np.int64 and got.shape == expected.shape
        assert np.array_equal(got, expected), (U.shape, k, max_bytes, n_jobs)
    U, k = CASES[1]
    assert np.array_equal(_topk_all.search_all(U, k, max_bytes=4 * 7**2), brute(U, k))


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_tiles_of_one_to_a_few_rows(n_jobs):
    for U, k in CASES[:12:3]:
        U = U[:25]
        k = min(k, 24)
        for b in (1, 2, 3, 5):
            got = _topk_all.search_all(U, k, max_bytes=4 * b * b, n_jobs=n_jobs)
            assert np.array_equal(got, row_blocks(U, k)), (U.shape, k, b)


def test_padding_rows_and_the_diagonal_never_appear():
    U = unit(np.random.default_rng(3).normal(size=(37, 4)))  # 37 rows in tiles of 8: 3 padding rows
    got = _topk_all.search_all(U, 36, max_bytes=4 * 8**2, n_jobs=1)  # k = V − 1: every other row
    assert all(sorted(got[i]) == [j for j in range(37) if j != i] for i in range(37))
    assert np.array_equal(got, brute(U, 36))


@pytest.mark.parametrize("V", [3, 10, 1000, 50_000])
@pytest.mark.parametrize("max_bytes", [1, 4 * 9, 2**20, 2**25])
def test_tiles_fit_the_memory_budget(V, max_bytes):
    b = _topk_all._tile_width(V, 5, max_bytes)
    assert isinstance(b, int) and 1 <= b <= V
    assert 4 * b * b <= max(max_bytes, 4)  # a tile of b × b float32
    assert b == V or 4 * (b + 1) ** 2 > max_bytes  # the widest that fits


@pytest.mark.parametrize("b", [1, 5, 40, 64, 640, 2896])
@pytest.mark.parametrize("k", [1, 10])
def test_chunks_are_at_most_32_wide_with_2k_per_tile(b, k):
    c = _topk_all._chunk(b, k)
    assert 1 <= c <= 32
    assert c == 1 or b // c >= 2 * k
    assert c == 32 or c == 1 or b // (c + 1) < 2 * k  # the widest that leaves 2k chunks


def test_too_many_candidates_falls_back_to_the_row_block_search(monkeypatch):
    U = unit(np.repeat(np.random.default_rng(0).normal(size=(3, 5)), 40, axis=0))  # 40 copies of 3 rows
    calls = []
    real = _topk_all.search

    def spy(*args, **kwargs):
        calls.append(args[2])
        return real(*args, **kwargs)

    monkeypatch.setattr(_topk_all, "search", spy)
    got = _topk_all.search_all(U, 4, max_bytes=4 * 16**2, n_jobs=2, max_candidates=200)
    assert calls == [4] and np.array_equal(got, row_blocks(U, 4))
    calls.clear()
    V = 500
    U = unit(np.random.default_rng(1).normal(size=(V, 8)))
    got = _topk_all.search_all(U, 5, max_bytes=4 * 64**2, n_jobs=1)  # default budget: 64 per row
    assert calls == [] and np.array_equal(got, brute(U, 5))


@pytest.mark.parametrize("max_bytes", [4 * 16**2, 4 * 120 * 7, 4 * 120 - 1, 1])
@pytest.mark.parametrize("n_jobs", [1, 2])
def test_the_fallback_search_gets_blocks_within_the_memory_budget(monkeypatch, max_bytes, n_jobs):
    U = unit(np.repeat(np.random.default_rng(0).normal(size=(3, 5)), 40, axis=0))  # V = 120, ties everywhere
    V = U.shape[0]
    seen = []
    real = _topk_all.search

    def spy(U_, rows, k, block, **kwargs):
        seen.append((rows, k, block, kwargs))
        return real(U_, rows, k, block, **kwargs)

    monkeypatch.setattr(_topk_all, "search", spy)
    got = _topk_all.search_all(U, 4, max_bytes=max_bytes, n_jobs=n_jobs, max_candidates=10)
    assert np.array_equal(got, row_blocks(U, 4))
    [(rows, k, block, kwargs)] = seen
    assert np.array_equal(rows, np.arange(V)) and k == 4 and kwargs == {"n_jobs": n_jobs}
    # a block of rows against all V words is block × V float32: the widest that fits, at least one row
    assert block == max(1, max_bytes // (4 * V))
    assert block == 1 or 4 * block * V <= max_bytes < 4 * (block + 1) * V


def test_the_candidate_budget_counts_every_kept_entry(monkeypatch):
    calls = []
    real = _topk_all.search
    monkeypatch.setattr(_topk_all, "search", lambda *a, **kw: calls.append(a[2]) or real(*a, **kw))
    # one tile of 7 rows, chunks of one entry, no near-ties: each row keeps exactly its k = 3 neighbours (21 in all)
    U = unit(np.random.default_rng(4).normal(size=(7, 5)))
    assert _topk_all._chunk(7, 3) == 1
    got = _topk_all.search_all(U, 3, max_bytes=2**20, n_jobs=1, max_candidates=21)
    assert calls == [] and np.array_equal(got, brute(U, 3))
    got = _topk_all.search_all(U, 3, max_bytes=2**20, n_jobs=1, max_candidates=20)  # one fewer than kept
    assert calls == [3] and np.array_equal(got, brute(U, 3))
    calls.clear()
    # tiles of 4 rows keep at most 16 entries each, but 40 rows keep at least k = 2 each: the count adds up
    U = unit(np.random.default_rng(4).normal(size=(40, 5)))
    got = _topk_all.search_all(U, 2, max_bytes=4 * 4**2, n_jobs=1, max_candidates=40)
    assert calls == [2] and np.array_equal(got, brute(U, 2))
    calls.clear()
    # the first tile of 4 rows keeps exactly 2 per row, its budget of 8: the next tiles are still searched, and
    # what they add exceeds the budget
    U = U[:8]
    got = _topk_all.search_all(U, 2, max_bytes=4 * 4**2, n_jobs=1, max_candidates=8)
    assert calls == [2] and np.array_equal(got, brute(U, 2))
    calls.clear()
    # 9 words in one tile of 10 rows (chunks of c = 2 columns a·5 + t): a row keeps the entries at or above its
    # k-th largest chunk maximum, the padding row keeps nothing
    V, k, b, c = 9, 2, 10, 2
    U = unit(np.random.default_rng(4).normal(size=(V, 5)))
    assert (_topk_all._tile_width(V, k, 2**20), _topk_all._chunk(V, k)) == (V, c)
    S = np.full((V, b), -np.inf)
    S[:, :V] = U @ U.T
    np.fill_diagonal(S, -np.inf)
    T = np.sort(S.reshape(V, c, b // c).max(axis=1), axis=1)[:, -k]
    n = int((S >= T[:, None]).sum())
    got = _topk_all.search_all(U, k, max_bytes=2**20, n_jobs=1, max_candidates=n)
    assert calls == [] and np.array_equal(got, brute(U, k))
    got = _topk_all.search_all(U, k, max_bytes=2**20, n_jobs=1, max_candidates=n - 1)
    assert calls == [k] and np.array_equal(got, brute(U, k))


def test_the_default_budget_is_64_candidates_per_row(monkeypatch):
    seen = []
    real = _topk_all._search_all

    def spy(U, k, b, c, n_jobs, max_candidates):
        seen.append(max_candidates)
        return real(U, k, b, c, n_jobs, max_candidates)

    monkeypatch.setattr(_topk_all, "_search_all", spy)
    for V in (3, 50, 257):
        U = unit(np.random.default_rng(V).normal(size=(V, 4)))
        _topk_all.search_all(U, 2, max_bytes=4 * 16**2, n_jobs=1)
        _topk_all.search_all(U, 2, max_bytes=4 * 16**2, n_jobs=1, max_candidates=V)
        assert seen[-2:] == [64 * V, V]


def test_a_tile_is_float32_within_max_bytes():
    V, d, k = 2000, 8, 5
    U = unit(np.random.default_rng(0).normal(size=(V, d)))
    max_bytes = 4 * V**2  # one tile of V × V float32, 16 MB
    got, peak = peak_of(lambda: _topk_all.search_all(U, k, max_bytes=max_bytes, n_jobs=1))
    # the tile, plus per-chunk maxima (b²/c entries, c = 32), the float32 copy of U and the candidates: 18.8 MB;
    # a float64 tile alone would take 32 MB
    assert max_bytes < peak < 1.25 * max_bytes, peak
    S = U[:3] @ U.T
    S[np.arange(3), np.arange(3)] = -np.inf
    assert np.array_equal(got[:3], np.argsort(-S, axis=1, kind="stable")[:, :k])


def test_the_float64_rescoring_gathers_at_most_2_to_the_15_pairs_at_a_time():
    V, d, k = 3000, 128, 20  # at least V·k = 60 000 candidates, in 2 slices of at most 2^15 pairs
    U = unit(np.random.default_rng(0).normal(size=(V, d)))
    max_bytes = 4 * 512**2
    got, peak = peak_of(lambda: _topk_all.search_all(U, k, max_bytes=max_bytes, n_jobs=1))
    gathered = 2 * 2**15 * d * 8  # two float64 rows per pair
    # gathering every pair at once would take 2 · 60 000 · d · 8 = 123 MB; the rest (float32 copy, tile,
    # candidate indices and scores) is about 8 MB
    assert peak < gathered + 4 * V * d + max_bytes + 16e6, peak
    S = U[:3] @ U.T
    S[np.arange(3), np.arange(3)] = -np.inf
    assert np.array_equal(got[:3], np.argsort(-S, axis=1, kind="stable")[:, :k])


def test_threads_compute_tiles_with_one_blas_thread_each(monkeypatch):
    U = unit(np.random.default_rng(2).normal(size=(90, 6)))
    seen = []
    real = _topk_all.ThreadPoolExecutor

    def pool(*args, **kwargs):
        seen.append(args or (kwargs.get("max_workers"),))
        return real(*args, **kwargs)

    limits = []
    real_limits = threadpoolctl.threadpool_limits

    def limit(*args, **kwargs):
        limits.append((args, kwargs))
        return real_limits(*args, **kwargs)

    monkeypatch.setattr(_topk_all, "ThreadPoolExecutor", pool)
    monkeypatch.setattr(threadpoolctl, "threadpool_limits", limit)  # imported by the search when it starts threads
    with threadpool_limits(2, user_api="blas"):
        got = _topk_all.search_all(U, 3, max_bytes=4 * 16**2)  # default n_jobs: the BLAS threads in force
    assert seen == [(2,)] and np.array_equal(got, brute(U, 3))
    assert limits == [((1,), {"user_api": "blas"})]  # BLAS limited to one thread while the pool runs
    seen.clear()
    limits.clear()
    _topk_all.search_all(U, 3, max_bytes=4 * 16**2, n_jobs=1)
    _topk_all.search_all(U, 3, max_bytes=4 * 200**2, n_jobs=2)  # one tile: nothing to share
    assert seen == [] and limits == []
    assert threading.active_count() >= 1


def test_assess_searches_every_run_with_it(monkeypatch):
    rng = np.random.default_rng(5)
    runs = [rng.normal(size=(120, 6)) for _ in range(3)]
    calls = []
    real = _topk_all.search_all

    def spy(U, k, **kwargs):
        calls.append(k)
        return real(U, k, **kwargs)

    monkeypatch.setattr(_topk_all, "search_all", spy)
    for X in runs:
        nn = measures.neighbors_of(unit(X), 4, n_jobs=1)
        assert np.array_equal(nn, es.nearest_neighbors(X, 4))
    assert calls == [4, 4, 4]
    with pytest.raises(ValueError, match="n_jobs"):
        measures.neighbors_of(unit(runs[0]), 4, n_jobs=0)
