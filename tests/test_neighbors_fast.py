"""The fast exact neighbour search (float32 blocks, pruning, float64 re-scoring) equals a full float64 sort."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import embstab_lib as es


def brute(X, k):
    """Full float64 search: sort every row by (−cosine, index)."""
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    S = U @ U.T
    np.fill_diagonal(S, -np.inf)
    idx = np.arange(len(X))
    return np.array([np.lexsort((idx, -S[i]))[:k] for i in range(len(X))])


def anisotropic(rng, V, d, shift=3.0):
    X = rng.normal(size=(V, d))
    return X + shift * rng.normal(size=d)


def cosines_of(X, nn):
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    return np.einsum("id,ikd->ik", U, U[nn])


@settings(max_examples=40, deadline=None)
@given(st.integers(3, 120), st.integers(1, 12), st.integers(1, 9), st.integers(0, 10_000), st.booleans())
def test_equals_full_float64_sort(V, d, k, seed, dup):
    k = min(k, V - 1)
    X = anisotropic(np.random.default_rng(seed), V, d)
    if dup:  # duplicated and rescaled rows: cosines equal up to rounding
        X[V // 2] = X[0]
        X[V - 1] = 2.5 * X[1]
    expected = brute(X, k)
    for block in (1, 7, None):
        got = es.nearest_neighbors(X, k, block=block)
        if not dup:
            assert np.array_equal(got, expected)
        # the same cosines rank by rank (lists may differ only among words whose cosines tie up to rounding)
        assert np.allclose(cosines_of(X, got), cosines_of(X, expected), rtol=0, atol=1e-12)


def test_exact_ties_are_listed_by_index():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(50, 4))
    X[[10, 30, 40]] = X[20]  # four identical rows
    nn = es.nearest_neighbors(X, 3)
    assert nn[20].tolist() == [10, 30, 40] and nn[40].tolist() == [10, 20, 30]


def test_near_ties_below_float32_resolution_are_ordered_in_float64():
    rng = np.random.default_rng(0)
    base = rng.normal(size=(1, 30))
    # neighbours of row 0 whose cosines differ by ~1e-9, far below float32's 6e-8
    X = np.vstack([base, base + 1e-4 * rng.normal(size=(40, 30)), rng.normal(size=(400, 30))])
    X[1:41] += 1e-9 * np.arange(40)[:, None]
    assert np.array_equal(es.nearest_neighbors(X, 15), brute(X, 15))


def test_large_block_paths_and_threads():
    X = anisotropic(np.random.default_rng(1), 3000, 40)
    expected = brute(X, 10)
    assert np.array_equal(es.nearest_neighbors(X, 10), expected)
    assert np.array_equal(es.nearest_neighbors(X, 10, n_jobs=2, block=200), expected)
    assert np.array_equal(es.nearest_neighbors(X, 10, max_bytes=4 * 3000 * 3), expected)


def test_faiss_backend_equals_numpy():
    pytest.importorskip("faiss")
    X = anisotropic(np.random.default_rng(2), 2500, 32)
    X[7] = X[3]  # an exact tie
    expected = es.nearest_neighbors(X, 10)
    assert np.array_equal(es.nearest_neighbors(X, 10, backend="faiss"), expected)
    assert np.array_equal(es.nearest_neighbors(X, 10, backend="auto", n_jobs=1), expected)
    assert np.array_equal(es.nearest_neighbors(X[:12], 11, backend="faiss"), brute(X[:12], 11))


def test_backend_errors():
    X = np.random.default_rng(3).normal(size=(20, 3))
    with pytest.raises(ValueError, match="backend must be one of"):
        es.nearest_neighbors(X, 2, backend="annoy")
    with pytest.raises(ValueError, match="n_jobs must be a positive integer"):
        es.nearest_neighbors(X, 2, n_jobs=0)


def test_knn_overlap_and_distance_correlation_accept_different_widths():
    rng = np.random.default_rng(4)
    A = rng.normal(size=(200, 6))
    B = np.hstack([A @ es.random_orthogonal(6, seed=1), np.zeros((200, 3))])  # the same geometry in 9 columns
    assert np.all(es.knn_overlap(A, B, 5) == 1.0)
    assert es.distance_correlation(A, B) == pytest.approx(1.0)
    assert es.knn_overlap(A, rng.normal(size=(200, 9)), 5).mean() < 0.2
