import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import embstab_lib as es

cases = st.tuples(st.integers(12, 60), st.integers(2, 8), st.integers(0, 2**32 - 1))


def pair(n, d, seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, d))
    return A, A + 0.5 * rng.normal(size=(n, d))


def brute_knn(X, k):
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    S = U @ U.T
    np.fill_diagonal(S, -np.inf)
    return [set(np.argsort(-S[i])[:k]) for i in range(len(X))]


@settings(max_examples=50, deadline=None)
@given(cases, st.integers(1, 6), st.integers(1, 50))
def test_knn_overlap_matches_brute_force(case, k, block):
    A, B = pair(*case)
    nA, nB = brute_knn(A, k), brute_knn(B, k)
    expected = np.array([len(a & b) / k for a, b in zip(nA, nB)])
    assert np.allclose(es.knn_overlap(A, B, k, block=block), expected)


@settings(max_examples=50, deadline=None)
@given(cases, st.floats(0.01, 100))
def test_knn_overlap_invariant_to_rotation_and_scale(case, scale):
    n, d, seed = case
    A, _ = pair(n, d, seed)
    Q = es.random_orthogonal(d, seed=seed + 1)
    assert np.all(es.knn_overlap(A, scale * A @ Q, k=3) == 1.0)


def test_nearest_neighbors_sorted_and_excludes_self(rng):
    X = rng.normal(size=(30, 4))
    nn = es.nearest_neighbors(X, 5, block=7)
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    for i in range(30):
        assert i not in nn[i]
        sims = U[nn[i]] @ U[i]
        assert np.all(np.diff(sims) <= 1e-12)


def test_knn_errors(rng):
    A = rng.normal(size=(5, 3))
    with pytest.raises(ValueError, match="k=5 is too large"):
        es.knn_overlap(A, A, k=5)
    with pytest.raises(ValueError, match="k must be a positive integer"):
        es.knn_overlap(A, A, k=0)
    Z = A.copy()
    Z[1] = 0
    with pytest.raises(ValueError, match="zero row"):
        es.knn_overlap(A, Z, k=2)
    with pytest.raises(ValueError, match="row count mismatch"):
        es.knn_overlap(A, A[:4], k=2)


@settings(max_examples=50, deadline=None)
@given(cases)
def test_cosine_per_word_brute_force_and_scale(case):
    A, B = pair(*case)
    expected = [a @ b / (np.linalg.norm(a) * np.linalg.norm(b)) for a, b in zip(A, B)]
    got = es.cosine_per_word(A, B)
    assert np.allclose(got, expected)
    assert np.allclose(es.cosine_per_word(3 * A, 0.5 * B), got)
    assert es.mean_cosine(A, B) == pytest.approx(np.mean(expected))
    assert np.allclose(es.cosine_per_word(A, A), 1)


def test_cosine_errors(rng):
    A = rng.normal(size=(4, 3))
    Z = A.copy()
    Z[2] = 0
    with pytest.raises(ValueError, match="B has 1 zero row"):
        es.cosine_per_word(A, Z)
    with pytest.raises(ValueError, match="NaN/inf"):
        es.mean_cosine(A, np.full_like(A, np.inf))


@settings(max_examples=50, deadline=None)
@given(cases, st.floats(0.1, 10))
def test_frobenius(case, s):
    A, B = pair(*case)
    assert es.frobenius_distance(A, B) == pytest.approx(np.sqrt(((A - B) ** 2).sum()))
    assert es.frobenius_distance(s * A, s * B) == pytest.approx(s * es.frobenius_distance(A, B))
    assert es.frobenius_distance(s * A, s * B, relative=True) == pytest.approx(
        es.frobenius_distance(A, B, relative=True)
    )
    assert es.frobenius_distance(A, A) == 0


def test_frobenius_sees_rotation(rng):
    A = rng.normal(size=(500, 20))
    Q = es.random_orthogonal(20, seed=1)
    assert es.frobenius_distance(A, A @ Q, relative=True) > 1.0
    with pytest.raises(ValueError, match="zero matrix"):
        es.frobenius_distance(A, np.zeros_like(A), relative=True)


@settings(max_examples=50, deadline=None)
@given(cases)
def test_pip_loss_matches_vxv_and_is_rotation_invariant(case):
    n, d, seed = case
    A, B = pair(n, d, seed)
    direct = np.linalg.norm(A @ A.T - B @ B.T)
    assert es.pip_loss(A, B) == pytest.approx(direct, rel=1e-7, abs=1e-7)
    assert es.pip_loss(A, B, relative=True) == pytest.approx(direct / np.linalg.norm(B @ B.T), rel=1e-7)
    Q = es.random_orthogonal(d, seed=seed + 1)
    assert es.pip_loss(A, A @ Q) == pytest.approx(0, abs=1e-12 * np.linalg.norm(A) ** 2)  # machine precision
    assert es.pip_loss(A @ Q, B) == pytest.approx(es.pip_loss(A, B), rel=1e-7, abs=1e-7)
    assert es.pip_loss(2 * A, 2 * B) == pytest.approx(4 * es.pip_loss(A, B), rel=1e-7, abs=1e-7)  # not scale-invariant


def test_pip_loss_matches_the_d_by_d_identity(rng):
    A, B = rng.normal(size=(300, 6)), rng.normal(size=(300, 6))
    identity = np.sqrt(np.linalg.norm(A.T @ A) ** 2 + np.linalg.norm(B.T @ B) ** 2 - 2 * np.linalg.norm(A.T @ B) ** 2)
    assert es.pip_loss(A, B) == pytest.approx(identity, rel=1e-9)


def test_pip_loss_different_widths(rng):
    A, B = rng.normal(size=(20, 3)), rng.normal(size=(20, 5))
    assert es.pip_loss(A, B) == pytest.approx(np.linalg.norm(A @ A.T - B @ B.T))
    with pytest.raises(ValueError, match="row count mismatch"):
        es.pip_loss(A, B[:10])


def brute_cka(A, B):
    n = len(A)
    H = np.eye(n) - 1 / n
    K, L = A @ A.T, B @ B.T
    hsic = np.trace(K @ H @ L @ H)
    return hsic / np.sqrt(np.trace(K @ H @ K @ H) * np.trace(L @ H @ L @ H))


@settings(max_examples=50, deadline=None)
@given(cases, st.floats(0.05, 20))
def test_linear_cka(case, s):
    n, d, seed = case
    A, B = pair(n, d, seed)
    cka = es.linear_cka(A, B)
    assert cka == pytest.approx(brute_cka(A, B), rel=1e-7)
    assert 0 <= cka <= 1 + 1e-12
    Q = es.random_orthogonal(d, seed=seed + 1)
    assert es.linear_cka(s * A @ Q, B) == pytest.approx(cka, rel=1e-7)
    assert es.linear_cka(A, A) == pytest.approx(1)


def test_linear_cka_not_invariant_to_general_linear_maps(rng):
    A = rng.normal(size=(200, 4))
    M = np.diag([10.0, 1.0, 0.1, 0.01])
    assert es.linear_cka(A, A @ M) < 0.9
    with pytest.raises(ValueError, match="constant"):
        es.linear_cka(A, np.ones_like(A))


@settings(max_examples=50, deadline=None)
@given(cases)
def test_spectrum(case):
    n, d, seed = case
    A, _ = pair(n, d, seed)
    ev = es.spectrum(A)
    C = A - A.mean(0)
    assert np.allclose(ev, np.sort(np.linalg.eigvalsh(C.T @ C / n))[::-1][: len(ev)], atol=1e-10)
    assert np.all(np.diff(ev) <= 1e-12)
    assert np.allclose(es.spectrum(A @ es.random_orthogonal(d, seed=seed)), ev, atol=1e-10)
    assert np.allclose(es.spectrum(A, center=False)[:1], np.linalg.norm(A, 2) ** 2 / n)


def test_mean_pairwise_cosine(rng):
    X = rng.normal(size=(40, 5)) + 2.0
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    S = U @ U.T
    brute = (S.sum() - np.trace(S)) / (40 * 39)
    assert es.mean_pairwise_cosine(X) == pytest.approx(brute)
    assert abs(es.mean_pairwise_cosine(rng.normal(size=(4000, 50)))) < 0.01
    with pytest.raises(ValueError, match="at least 2 row"):
        es.mean_pairwise_cosine(X[:1])


def test_distance_correlation(rng):
    A = rng.normal(size=(300, 6))
    Q = es.random_orthogonal(6, seed=2)
    assert es.distance_correlation(A, 3 * A @ Q) == pytest.approx(1)
    unrelated = es.distance_correlation(A, rng.normal(size=(300, 6)), n_pairs=5000)
    assert abs(unrelated) < 0.1
    # the pairs are a function of (V, n_pairs, seed) only: the same seed gives the same value, another seed another
    B = A + rng.normal(size=A.shape)
    assert es.distance_correlation(A, B, n_pairs=200, seed=0) == es.distance_correlation(A, B, n_pairs=200, seed=0)
    assert es.distance_correlation(A, B, n_pairs=200, seed=0) != es.distance_correlation(A, B, n_pairs=200, seed=1)
    with pytest.raises(ValueError, match="n_pairs"):
        es.distance_correlation(A, B, n_pairs=0)


def test_stability_report(rng):
    A = rng.normal(size=(100, 5)) + 1
    rep = es.stability_report(A, A @ es.random_orthogonal(5, seed=0), k=5)
    assert rep["procrustes_relative"] == pytest.approx(0, abs=1e-9)
    assert rep["knn_overlap"] == 1 and rep["linear_cka"] == pytest.approx(1)
    assert rep["frobenius_relative"] > 0.1
    assert rep["knn_chance"] == pytest.approx(5 / 99)
    with pytest.raises(ValueError, match="shape mismatch"):
        es.stability_report(A, A[:, :3])


@settings(max_examples=40, deadline=None)
@given(cases, st.floats(0.05, 20))
def test_distance_correlation_invariances(case, s):
    n, d, seed = case
    A, B = pair(n, d, seed)
    Q = es.random_orthogonal(d, seed=seed + 1)
    base = es.distance_correlation(A, B, n_pairs=300, seed=1)
    assert es.distance_correlation(s * A @ Q, B, n_pairs=300, seed=1) == pytest.approx(base, abs=1e-9)
    assert es.distance_correlation(A, A @ Q, n_pairs=300, seed=1) == pytest.approx(1)


@pytest.mark.parametrize("fn", [es.linear_cka, es.pip_loss, es.distance_correlation, es.stability_report])
def test_pair_measures_reject_bad_input(fn, rng):
    A = rng.normal(size=(20, 3))
    with pytest.raises(ValueError, match="mismatch"):
        fn(A, A[:10])
    bad = A.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN/inf"):
        fn(A, bad)
    with pytest.raises(ValueError, match="2-D"):
        fn(A[0], A[0])


def test_spectrum_rejects_bad_input(rng):
    with pytest.raises(ValueError, match="at least 2 row"):
        es.spectrum(rng.normal(size=(1, 3)))
    with pytest.raises(ValueError, match="NaN/inf"):
        es.spectrum(np.full((4, 3), np.inf))


# ---------------------------------------------------------------- overlap@(k in k′) and neighbour cosines (ch. 05)
import itertools  # noqa: E402


def brute_lists(X, k):
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    S = U @ U.T
    np.fill_diagonal(S, -np.inf)
    return np.argsort(-S, axis=1, kind="stable")[:, :k]


@settings(max_examples=50, deadline=None)
@given(cases, st.integers(1, 5), st.integers(1, 11))
def test_neighbors_within_matches_brute_force(case, k, k_prime):
    A, B = pair(*case)
    k_prime = min(k_prime, len(A) - 1)
    nA, nB = brute_lists(A, k_prime), brute_lists(B, k)
    expected = np.array([len(set(b) & set(a)) / k for a, b in zip(nA, nB)])
    assert np.allclose(es.neighbors_within(A, B, k, k_prime), expected)
    assert np.allclose(es.shared_neighbors(nA, nB, k, k_prime), expected)


@settings(max_examples=40, deadline=None)
@given(cases, st.integers(1, 5))
def test_neighbors_within_with_k_prime_k_is_the_knn_overlap(case, k):
    A, B = pair(*case)
    assert np.array_equal(es.neighbors_within(A, B, k), es.knn_overlap(A, B, k))
    assert np.array_equal(es.neighbors_within(A, B, k, k), es.neighbors_within(B, A, k, k))  # symmetric at k′ = k


@settings(max_examples=40, deadline=None)
@given(cases, st.integers(0, 2**32 - 1))
def test_neighbors_within_rows_are_the_full_result_restricted(case, seed):
    A, B = pair(*case)
    rows = np.random.default_rng(seed).choice(len(A), size=max(1, len(A) // 3), replace=False)
    full = es.neighbors_within(A, B, 3, 7)
    assert np.array_equal(es.neighbors_within(A, B, 3, 7, rows=rows), full[rows])
    assert np.array_equal(es.neighbors_within(A, B, 3, 7, rows=rows, block=1), full[rows])


@settings(max_examples=40, deadline=None)
@given(cases, st.floats(0.01, 100))
def test_neighbors_within_grows_with_k_prime_and_is_rotation_invariant(case, scale):
    n, d, seed = case
    A, B = pair(n, d, seed)
    curve = [es.neighbors_within(A, B, 3, kp) for kp in (3, 5, 8, n - 1)]
    assert all(np.all(lo <= hi) for lo, hi in itertools.pairwise(curve))  # a wider circle never loses a neighbour
    assert np.all(curve[-1] == 1.0)  # every other word is within the V − 1 nearest
    Q = es.random_orthogonal(d, seed=seed + 1)
    assert np.array_equal(es.neighbors_within(scale * A @ Q, B, 3, 5), curve[1])


def test_neighbors_within_chance_level_is_k_prime_over_v_minus_1():
    # unrelated runs: B's k nearest are a random subset of the V − 1 other words for A's list
    V, k, k_prime = 200, 5, 20
    values = [
        es.neighbors_within(*np.random.default_rng(s).normal(size=(2, V, 10)), k, k_prime).mean() for s in range(20)
    ]
    assert abs(np.mean(values) - k_prime / (V - 1)) < 0.015
    planted = np.random.default_rng(0).normal(size=(V, 10))
    assert es.neighbors_within(planted, planted + 0.01, k, k_prime).mean() > 0.99  # a planted copy: far above


def test_shared_neighbors_counts_b_in_a_not_a_in_b():
    a = [[1, 2, 3, 4, 5]]
    b = [[5, 9]]
    assert es.shared_neighbors(a, b, k=2, k_prime=5)[0] == 0.5  # 5 is within a's top 5, 9 is not
    assert es.shared_neighbors(a, b, k=2, k_prime=4)[0] == 0.0
    assert es.shared_neighbors(b, a, k=1, k_prime=2)[0] == 0.0  # a's first (1) is not among b's two
    assert es.shared_neighbors(np.array(a, dtype=np.int32), np.array(b, dtype=np.uint16), k_prime=5)[0] == 0.5
    assert es.shared_neighbors(a, b)[0] == 0.0  # defaults: k = all of b's columns (2), k′ = k


def test_shared_neighbors_rejects_bad_lists():
    a = np.array([[1, 2, 3], [0, 2, 3]])
    with pytest.raises(TypeError, match="integer"):
        es.shared_neighbors(a.astype(float), a)
    with pytest.raises(TypeError, match="integer"):
        es.shared_neighbors(a, a > 1)
    with pytest.raises(ValueError, match="rows"):
        es.shared_neighbors(a, a[:1])
    with pytest.raises(ValueError, match="2-D"):
        es.shared_neighbors(a[0], a[0])
    with pytest.raises(ValueError, match="only 3"):
        es.shared_neighbors(a, a, k=4)
    with pytest.raises(ValueError, match="k_prime=5"):
        es.shared_neighbors(a, a, k=2, k_prime=5)
    with pytest.raises(ValueError, match="repeats"):
        es.shared_neighbors([[1, 1, 2]], [[1, 2, 3]])
    with pytest.raises(ValueError, match="positive integer"):
        es.shared_neighbors(a, a, k=0)
    with pytest.raises(ValueError, match="empty"):
        es.shared_neighbors(np.empty((0, 2), int), np.empty((0, 2), int))


def test_neighbors_within_rejects_bad_input(rng):
    A, B = rng.normal(size=(2, 12, 3))
    with pytest.raises(ValueError, match="row count mismatch: A has 12 rows but B has 11"):
        es.neighbors_within(A, B[:-1])
    with pytest.raises(ValueError, match="at most 11"):
        es.neighbors_within(A, B, k=2, k_prime=12)
    with pytest.raises(ValueError, match="repeated"):
        es.neighbors_within(A, B, 2, rows=[1, 1])
    with pytest.raises(ValueError, match="outside"):
        es.neighbors_within(A, B, 2, rows=[12])
    with pytest.raises(TypeError, match="integer"):
        es.neighbors_within(A, B, 2, rows=[0.5])
    with pytest.raises(TypeError):
        es.neighbors_within(A + 1j, B, 2)
    with pytest.raises(ValueError, match="NaN"):
        es.neighbors_within(np.where(A > 1, np.nan, A), B, 2)


@settings(max_examples=40, deadline=None)
@given(cases, st.floats(0.01, 100))
def test_neighbor_cosines_brute_force_and_invariances(case, scale):
    n, d, seed = case
    A, _ = pair(n, d, seed)
    nn = brute_lists(A, 4)
    U = A / np.linalg.norm(A, axis=1, keepdims=True)
    expected = np.array([[U[w] @ U[u] for u in row] for w, row in enumerate(nn)])
    got = es.neighbor_cosines(A, nn)
    assert np.allclose(got, expected) and np.all(np.diff(got, axis=1) <= 1e-12)  # sorted lists: decreasing
    Q = es.random_orthogonal(d, seed=seed + 1)
    assert np.allclose(es.neighbor_cosines(scale * A @ Q, nn), got)
    rows = np.arange(0, n, 2)
    assert np.allclose(es.neighbor_cosines(A, nn[rows], rows=rows), got[rows])


def test_neighbor_cosines_rejects_bad_input(rng):
    X = rng.normal(size=(6, 3))
    nn = np.array([[1, 2]] * 6)
    with pytest.raises(ValueError, match="one row per word"):
        es.neighbor_cosines(X, nn[:3])
    with pytest.raises(ValueError, match="3 entries"):
        es.neighbor_cosines(X, nn[:2], rows=[0, 1, 2])
    with pytest.raises(ValueError, match="outside"):
        es.neighbor_cosines(X, nn + 5)
    with pytest.raises(TypeError, match="integer"):
        es.neighbor_cosines(X, nn.astype(float))
    with pytest.raises(ValueError, match="zero"):
        es.neighbor_cosines(np.vstack([X[:5], np.zeros(3)]), nn)
