"""The faiss backend of the neighbour search (``_topk.faiss_search``) called directly, on cases the ranking tests miss.

tests/test_neighbors_fast.py checks that ``backend="faiss"`` returns the NumPy result on random data, where the
float32 list of faiss always holds the float64 top k.  Here: what faiss is asked for (k + 1 + ``extra`` float32
rows), the second search of the rows whose float32 list is tied at the k-th place (and of no other row), no second
search when faiss saw every row, and the memory of the float64 re-scoring (≈ 16 MiB of gathered rows at a time).
"""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from embstab_lib.compare import _topk


@pytest.fixture
def faiss():
    """faiss, imported by the tests that use it (not at collection: its OpenMP BLAS would then be loaded for every
    test of the session, and tests/test_neighbors_contracts.py counts the BLAS threads of worker threads)."""
    return pytest.importorskip("faiss")


def unit(X):
    return X / np.linalg.norm(X, axis=-1, keepdims=True)


def brute(U, rows, k):
    """Full float64 search of unit rows: sort every row by (−cosine, index), itself excluded."""
    S = U[rows] @ U.T
    S[np.arange(len(rows)), rows] = -np.inf
    idx = np.arange(len(U))
    return np.array([np.lexsort((idx, -s))[:k] for s in S])


class SearchSpy:
    """Records the calls of ``_topk.search`` (the NumPy search that ``faiss_search`` falls back to)."""

    def __init__(self, monkeypatch):
        self.calls = []
        real = _topk.search

        def spy(U, rows, k, block, *, n_jobs=None):
            self.calls.append({"rows": rows.copy(), "k": k, "block": block, "n_jobs": n_jobs})
            return real(U, rows, k, block, n_jobs=n_jobs)

        monkeypatch.setattr(_topk, "search", spy)


# ---------------------------------------------------------------- what faiss is asked for


def test_faiss_gets_float32_rows_and_returns_k_plus_one_plus_extra(faiss, monkeypatch):
    real = faiss.IndexFlatIP
    seen = []

    class IndexSpy:
        def __init__(self, d):
            self.index = real(d)

        def add(self, x):
            seen.append(("add", x.dtype, x.flags.c_contiguous, x.shape))
            self.index.add(x)

        def search(self, x, m):
            seen.append(("search", x.dtype, x.shape, m))
            return self.index.search(x, m)

    monkeypatch.setattr(faiss, "IndexFlatIP", IndexSpy)
    U = unit(np.random.default_rng(0).normal(size=(200, 6)))
    rows = np.array([150, 3, 77, 0, 199, 42, 8])
    for extra, m in ((None, 5 + 1 + 8), (0, 5 + 1), (3, 5 + 1 + 3), (500, 200)):
        seen.clear()
        kwargs = {} if extra is None else {"extra": extra}
        got = _topk.faiss_search(U, rows, 5, 4, **kwargs)
        assert got.dtype == np.int64 and np.array_equal(got, brute(U, rows, 5)), extra
        assert seen == [("add", np.float32, True, (200, 6)), ("search", np.float32, (7, 6), m)], extra


# ---------------------------------------------------------------- the second search of unsure rows


def tied_case(seed=11, d=16):
    """Row 0 (q) has 4 clear neighbours (cosines 0.97 … 0.94), then 40 rows at cosine 0.9 whose float32 copies are
    identical (their float64 cosines with q are 1e-11 apart, in shuffled order), then 300 random rows."""
    rng = np.random.default_rng(seed)
    q = unit(rng.normal(size=d))

    def around(cos):  # a unit row at cosine `cos` from q, in a random direction
        w = rng.normal(size=d)
        w = unit(w - (w @ q) * q)
        return cos * q + np.sqrt(1 - cos**2) * w

    clear = np.array([around(c) for c in (0.97, 0.96, 0.95, 0.94)])
    t = around(0.9).astype(np.float32).astype(np.float64)  # exact in float32 (unit up to 1e-8)
    tied = t + 1e-11 * rng.permutation(40)[:, None] * q
    U = np.vstack([q, clear, tied, unit(rng.normal(size=(300, d)))])
    assert np.all(U[5:45].astype(np.float32) == t.astype(np.float32))  # one float32 row, 40 float64 rows
    return U


def float64_gap(U, k, m):
    """Per row: float64 cosine of its k-th neighbour minus that of its (m − 1)-th (the last faiss lists)."""
    S = U @ U.T
    np.fill_diagonal(S, -np.inf)
    S = -np.sort(-S, axis=1)
    return S[:, k - 1] - S[:, m - 2]


def test_rows_tied_at_the_kth_place_are_searched_again_and_no_others(faiss, monkeypatch):
    U = tied_case()
    k, extra = 5, 8
    gap = float64_gap(U, k, k + 1 + extra)
    tied, clear = gap < 1e-9, gap > 1e-4  # ≪ and ≫ the float32 margin (2.7e-6 at d = 16)
    assert np.all(tied | clear) and tied[0] and tied.sum() < len(U) / 3  # q is tied, most rows are not
    spy = SearchSpy(monkeypatch)
    rows = np.random.default_rng(1).permutation(len(U))
    got = _topk.faiss_search(U, rows, k, 7, n_jobs=1, extra=extra)
    assert got.dtype == np.int64 and np.array_equal(got, brute(U, rows, k))
    assert len(spy.calls) == 1
    call = spy.calls[0]
    assert (call["k"], call["block"], call["n_jobs"]) == (k, 7, 1)
    # q's float32 list holds 9 of the 40 rows of equal float32 score, not necessarily the best in float64: q and the
    # other rows tied at their k-th place are searched again, the rows with a clear gap are not
    assert sorted(call["rows"].tolist()) == np.flatnonzero(tied).tolist()


def test_no_second_search_when_faiss_listed_every_row(faiss, monkeypatch):
    U = unit(np.random.default_rng(2).normal(size=(12, 3)))
    rows = np.array([11, 0, 5, 5])
    spy = SearchSpy(monkeypatch)
    assert np.array_equal(_topk.faiss_search(U, rows, 11, 3), brute(U, rows, 11))  # k = V − 1: m = V
    assert np.array_equal(_topk.faiss_search(U, rows, 4, 3, extra=7), brute(U, rows, 4))  # m = 12 = V
    assert spy.calls == []


# ---------------------------------------------------------------- memory of the float64 re-scoring


@pytest.mark.parametrize(
    ("V", "d", "n_rows", "k", "extra"),
    [
        (1000, 128, 600, 10, 53),  # 64 listed: 256 query rows per step, 3 steps
        (2001, 1024, 2, 10, 1989),  # 2000 listed: one query row per step (16 MB)
    ],
)
def test_float64_rescoring_gathers_at_most_16_mib_at_a_time(faiss, V, d, n_rows, k, extra):
    rng = np.random.default_rng(3)
    U = unit(rng.normal(size=(V, d)))
    rows = rng.choice(V, n_rows, replace=False)
    expected = brute(U, rows, k)
    tracemalloc.start()
    try:
        got = _topk.faiss_search(U, rows, k, 50, extra=extra)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert np.array_equal(got, expected)
    # the float32 copy given to faiss, plus one step of gathered float64 rows (≤ 2²¹ values) and small arrays
    assert peak < 4 * V * d + 1.25 * 2**24, peak
