"""Properties that hold for *any* valid input: float32, duplicated rows, rank deficiency, V < d, 1e-150 … 1e150.

Nothing here re-implements the library: each test states a mathematical property (optimality, symmetry,
invariance, a bound, a definition on a tiny brute-force case) and lets hypothesis look for a counterexample.
"""

import os

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st
from strategies import matrices, orthogonal, pairs_of

import embstab_lib as es

# `make mutation` runs these on every mutant with fewer examples; they are always the same ones (tests/conftest.py
# derandomizes Hypothesis), so a mutant is killed by the mutation, never by a newly drawn example
EXAMPLES = int(os.environ.get("EMBSTAB_HYPOTHESIS_EXAMPLES", "60"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])


def unit(X):
    """X divided by its Frobenius norm, computed without overflow (for tolerances independent of magnitude)."""
    s = np.max(np.abs(X))
    return X / s / np.linalg.norm(X / s)


def nonzero(X):
    return np.max(np.abs(X)) > 0


def representable(Y, X):
    """Y = mX neither overflowed nor lost a non-zero entry of X to underflow (subnormals included)."""
    return np.all(np.isfinite(Y)) and np.all((Y != 0) | (X == 0)) and np.all(np.abs(Y[Y != 0]) > 1e-300)


def fro(X):
    """Frobenius norm without underflow or overflow in the squares."""
    m = np.max(np.abs(X))
    return 0.0 if m == 0 else m * np.linalg.norm(X / m)


# ------------------------------------------------------------------ Procrustes


def documented_refusal(exc, A, B):
    """procrustes refuses A′ = 0 (the rotation is undefined) and B below float64's range next to A (the relative
    residual cannot be represented), nothing else."""
    msg = str(exc)
    if "A is zero after preprocessing" in msg:
        return not nonzero(A)
    tiny = "underflows next to A" in msg or "B is tiny next to A" in msg
    return tiny and np.max(np.abs(B)) < 1e-290 * np.max(np.abs(A))


@SETTINGS
@given(pairs_of())
@example((np.full((22, 1), 1.18e-273), np.full((22, 1), -1e150)))  # A underflowed next to B: Q = +1, not −1
def test_procrustes_rotation_is_optimal(AB):
    """At the optimum Qᵀ(AᵀB) is symmetric positive semi-definite, and no orthogonal matrix does better."""
    A, B = AB
    assume(nonzero(B))
    try:
        res = es.procrustes(A, B)
    except ValueError as exc:
        assert documented_refusal(exc, A, B), exc
        return
    Q = res.rotation
    d = A.shape[1]
    assert np.allclose(Q.T @ Q, np.eye(d), atol=1e-10)
    if nonzero(A):
        M = Q.T @ (unit(A).T @ unit(B))
        assert np.allclose(M, M.T, atol=1e-9)
        assert np.linalg.eigvalsh((M + M.T) / 2).min() >= -1e-9
    s = max(np.max(np.abs(A)), np.max(np.abs(B)))
    Au, Bu = A / s, B / s
    best = fro(Au @ Q - Bu)
    for seed in range(4):
        assert best <= fro(Au @ orthogonal(d, seed) - Bu) * (1 + 1e-9) + 1e-12
    assert best <= fro(Au - Bu) * (1 + 1e-9) + 1e-12
    assert res.relative_residual == pytest.approx(best / fro(Bu), rel=1e-7, abs=1e-9)
    assert res.residual == pytest.approx(best * s, rel=1e-7, abs=1e-9 * fro(Bu) * s)
    assert np.allclose(res.aligned / s, Au @ Q, rtol=1e-9, atol=1e-12)


@SETTINGS
@given(matrices(rows=(1, 30), cols=(1, 6)), st.integers(0, 1000))
def test_procrustes_recovers_a_planted_rotation_only_with_full_column_rank(A, seed):
    d = A.shape[1]
    Q = orthogonal(d, seed)
    res = es.procrustes(A, A @ Q) if nonzero(A) else None
    assume(res is not None)
    assert res.relative_residual == pytest.approx(0, abs=1e-6)  # always an exact fit …
    sv = np.linalg.svd(unit(A), compute_uv=False)
    if len(sv) == d and sv[-1] > 1e-4 * sv[0]:  # … but Q itself only when A has full column rank
        assert np.allclose(res.rotation, Q, atol=1e-6)


@SETTINGS
@given(pairs_of(), st.sampled_from([True, False]), st.sampled_from([True, False]))
def test_procrustes_relative_residual_is_scale_free(AB, center, normalize_rows):
    A, B = AB
    try:
        ref = es.procrustes(A, B, center=center, normalize_rows=normalize_rows).relative_residual
    except ValueError:
        return
    for m in (2.0**-300, 2.0**300):
        if all(representable(X * m, X) for X in (A, B)):
            got = es.procrustes(A * m, B * m, center=center, normalize_rows=normalize_rows).relative_residual
            assert got == pytest.approx(ref, rel=1e-9, abs=1e-12)
    # optimal residual² = ‖A′‖² + ‖B′‖² − 2‖A′ᵀB′‖_* ≤ ‖A′‖² + ‖B′‖²; unit rows make the two norms equal
    assert ref >= 0
    if normalize_rows:
        assert ref <= np.sqrt(2) + 1e-9


@SETTINGS
@given(pairs_of(), st.integers(0, 100))
@example((np.ones((2, 1)), np.full((2, 1), 2.2e-311)), 0)  # the relative residual used to be inf: now refused
def test_heldout_parts_partition_the_rows(AB, seed):
    A, B = AB
    assume(A.shape[0] >= 2)
    try:
        res = es.procrustes_heldout(A, B, seed=seed, fit_fraction=0.5)
    except ValueError as exc:  # A′ or B′ zero on a part, or B beyond float64's range next to A
        assert "zero" in str(exc) or "B is tiny next to A" in str(exc), exc
        return
    rows = np.concatenate([res.fit_rows, res.heldout_rows])
    assert sorted(rows.tolist()) == list(range(A.shape[0]))
    assert np.isfinite(res.fit_relative_residual) and np.isfinite(res.heldout_relative_residual)
    Q = res.rotation
    assert np.allclose(Q.T @ Q, np.eye(A.shape[1]), atol=1e-10)


@SETTINGS
@given(pairs_of())
def test_linear_fit_never_worse_than_procrustes(AB):
    A, B = AB
    assume(nonzero(B))
    try:
        M, rel = es.linear_fit(A, B)
    except ValueError as exc:  # a least-squares map can overflow float64 when A is tiny next to B
        assert "not finite" in str(exc)
        return
    try:
        orthogonal = es.procrustes(A, B).relative_residual
    except ValueError as exc:  # A = 0, or ‖B‖ / ‖A‖ below float64's range
        assert documented_refusal(exc, A, B), exc
        return
    assert rel <= orthogonal + 1e-7
    assert 0 <= rel <= 1 + 1e-9  # M = 0 gives 1


# ------------------------------------------------------------------ distances


@SETTINGS
@given(pairs_of(nonzero_rows=True))
def test_cosines_are_bounded_symmetric_and_ignore_row_scales(AB):
    A, B = AB
    assume(nonzero(B) and np.all(np.max(np.abs(B), axis=1) > 0))
    c = es.cosine_per_word(A, B)
    assert c.shape == (A.shape[0],) and np.all(np.abs(c) <= 1)
    assert np.array_equal(c, es.cosine_per_word(B, A))
    assert np.allclose(es.cosine_per_word(A, A), 1, atol=1e-12)
    assert np.allclose(es.cosine_per_word(A, -A), -1, atol=1e-12)
    r = np.exp2(np.arange(A.shape[0]) % 7 - 3)[:, None]  # exact row rescaling by powers of two ...
    if np.array_equal(A * r / r, A):  # ... unless a subnormal entry loses bits (5e-324 / 8 is 0)
        assert np.allclose(es.cosine_per_word(A * r, B), c, atol=1e-12)
    assert es.mean_cosine(A, B) == pytest.approx(c.mean())


@SETTINGS
@given(pairs_of(), st.data())
def test_frobenius_is_a_metric(AB, data):
    A, B = AB
    C = data.draw(matrices(shape=A.shape, magnitude=False))
    s = max(np.max(np.abs(X)) for X in (A, B, C)) or 1.0
    A, B, C = A / s, B / s, C / s  # compare distances at one scale
    dab, dbc, dac = (es.frobenius_distance(X, Y) for X, Y in ((A, B), (B, C), (A, C)))
    assert dab == es.frobenius_distance(B, A) and es.frobenius_distance(A, A) == 0
    assert dac <= dab + dbc + 1e-12


@SETTINGS
@given(matrices(rows=(1, 12), cols=(1, 5)), matrices(rows=(1, 1), cols=(1, 5), magnitude=False), st.data())
def test_pip_loss_is_the_gram_distance(A, _, data):
    B = data.draw(matrices(shape=(A.shape[0], data.draw(st.integers(1, 5)))))
    s = max(np.max(np.abs(A)), np.max(np.abs(B))) or 1.0
    As, Bs = A / s, B / s
    brute = np.linalg.norm(As @ As.T - Bs @ Bs.T)
    tol = 1e-12 * (np.linalg.norm(As) + np.linalg.norm(Bs)) ** 2
    got = es.pip_loss(As, Bs)
    assert got == pytest.approx(brute, abs=tol, rel=1e-9)
    assert es.pip_loss(Bs, As) == pytest.approx(got, abs=tol, rel=1e-9)
    Q = orthogonal(A.shape[1], 3)
    assert es.pip_loss(As @ Q, Bs) == pytest.approx(got, abs=tol, rel=1e-9)


# ------------------------------------------------------------------ geometry


@SETTINGS
@given(pairs_of())
def test_cka_is_a_bounded_symmetric_similarity(AB):
    A, B = AB
    try:
        cka = es.linear_cka(A, B)
    except ValueError as exc:
        assert "constant" in str(exc)
        return
    assert -1e-12 <= cka <= 1 + 1e-12
    assert es.linear_cka(B, A) == pytest.approx(cka, abs=1e-12)
    assert es.linear_cka(A, A) == pytest.approx(1, abs=1e-9)
    Q = orthogonal(A.shape[1], 4)
    assert es.linear_cka(A @ Q * 2.0**-40 + np.max(np.abs(A)) * 2.0**-41, B) == pytest.approx(cka, abs=1e-9)


@SETTINGS
@given(matrices(), st.sampled_from([True, False]))
def test_spectrum_length_order_and_trace(E, center):
    ev = es.spectrum(E, center=center)
    V, d = E.shape
    assert ev.shape == (min(V, d),)
    assert np.all(ev >= 0) and np.all(np.diff(ev) <= 1e-12 * max(ev[0], 1e-300))
    s = np.max(np.abs(E)) or 1.0
    C = E / s - (E / s).mean(axis=0) if center else E / s
    # relative to the scale s²: centring leaves rounding noise of order (ε s)²; subnormal results are inexact
    assert ev.sum() == pytest.approx(np.sum(C**2) / V * s * s, rel=1e-9, abs=1e-20 * s * s + 1e-300)
    Q = orthogonal(d, 5)
    assert np.allclose(es.spectrum(E @ Q, center=center) / s / s, ev / s / s, atol=1e-9 * ev[0] / s / s + 1e-20)


@SETTINGS
@given(matrices(rows=(2, 12), nonzero_rows=True))
def test_mean_pairwise_cosine_is_the_mean_over_pairs(E):
    V = E.shape[0]
    c = [es.mean_cosine(E[i : i + 1], E[j : j + 1]) for i in range(V) for j in range(V) if i != j]
    assert es.mean_pairwise_cosine(E) == pytest.approx(np.mean(c), abs=1e-12)


@SETTINGS
@given(pairs_of(rows=(3, 30), nonzero_rows=True), st.integers(0, 50))
def test_distance_correlation_properties(AB, seed):
    A, B = AB
    assume(np.all(np.max(np.abs(B), axis=1) > 0))
    try:
        r = es.distance_correlation(A, B, n_pairs=200, seed=seed)
    except ValueError as exc:
        assert "all equal" in str(exc)
        return
    assert -1 <= r <= 1
    assert es.distance_correlation(B, A, n_pairs=200, seed=seed) == pytest.approx(r, abs=1e-12)
    if np.any((A != 0) & (np.abs(A) < 1e-290)):  # subnormal entries: rotating them in the test loses precision
        return
    rows = np.exp2(np.arange(A.shape[0]) % 5)[:, None]
    Q = orthogonal(A.shape[1], seed)
    assert es.distance_correlation(A * rows @ Q, B, n_pairs=200, seed=seed) == pytest.approx(r, abs=1e-9)


def circle(degrees):
    return np.c_[np.cos(np.radians(degrees)), np.sin(np.radians(degrees))]


@pytest.mark.parametrize("seed", range(5))
def test_distance_correlation_of_planted_orders(seed):
    """Three words; pairs (0,1), (1,2), (0,2).  Cosine distance grows with the angle between two words.

    A: angles 20 < 50 < 70.  B: 80 > 70 > 10, the opposite order, so every sample of pairs gives ρ = −1 exactly;
    a pair of a word with itself (distance 0 in both runs) would pull ρ above −1.  C: the same order as A with
    other angles (not an isometry, so CKA < 1), ρ = +1.
    """
    A, B, C = circle([0, 20, 70]), circle([0, 80, 10]), circle([0, 5, 80])
    assert es.distance_correlation(A, B, n_pairs=300, seed=seed) == pytest.approx(-1, abs=1e-12)
    assert es.distance_correlation(A, C, n_pairs=300, seed=seed) == pytest.approx(1, abs=1e-12)
    assert es.linear_cka(A, C) < 0.99


def test_distance_correlation_estimates_the_all_pairs_rank_correlation():
    """With many sampled pairs the estimate is close to Spearman's ρ over all V(V−1)/2 pairs (consistency)."""
    from scipy.stats import spearmanr

    rng = np.random.default_rng(0)
    A = rng.normal(size=(60, 4))
    B = A + rng.normal(size=A.shape)
    i, j = np.triu_indices(60, 1)
    U, W = (X / np.linalg.norm(X, axis=1, keepdims=True) for X in (A, B))
    full = spearmanr(1 - (U[i] * U[j]).sum(1), 1 - (W[i] * W[j]).sum(1)).statistic
    assert es.distance_correlation(A, B, n_pairs=50_000, seed=1) == pytest.approx(full, abs=0.02)
    assert 0.3 < full < 0.9  # neither trivial nor unrelated


# ------------------------------------------------------------------ neighbours


@SETTINGS
@given(matrices(rows=(3, 25), nonzero_rows=True), st.integers(1, 5), st.integers(1, 9))
def test_nearest_neighbors_are_the_top_cosines(X, k, block):
    V = X.shape[0]
    k = min(k, V - 1)
    results = [
        es.nearest_neighbors(X, k, block=block),
        es.nearest_neighbors(X, k, max_bytes=16 * V),
        es.nearest_neighbors(X, k),
    ]
    for nn in results:  # any block size: the same neighbours up to the order of exact ties
        assert nn.shape == (V, k)
        for i in range(V):
            assert i not in nn[i] and len(set(nn[i])) == k
            cos = es.cosine_per_word(np.repeat(X[i : i + 1], V, axis=0), X)
            cos[i] = -np.inf
            assert np.allclose(cos[nn[i]], np.sort(cos)[::-1][:k], atol=1e-12)  # ties may swap indices, not values


@settings(max_examples=30, deadline=None)
@given(st.integers(3, 60), st.integers(1, 6), st.integers(0, 2**32 - 1), st.integers(1, 70))
def test_nearest_neighbors_do_not_depend_on_the_block_size(V, d, seed, block):
    X = np.random.default_rng(seed).normal(size=(V, d))  # no ties
    k = min(3, V - 1)
    assert np.array_equal(es.nearest_neighbors(X, k, block=block), es.nearest_neighbors(X, k))
    assert np.array_equal(es.nearest_neighbors(X, k, max_bytes=16 * V * block), es.nearest_neighbors(X, k))


@SETTINGS
@given(pairs_of(rows=(3, 25), nonzero_rows=True), st.integers(1, 4))
def test_knn_overlap_bounds_and_identity(AB, k):
    A, B = AB
    assume(np.all(np.max(np.abs(B), axis=1) > 0))
    k = min(k, A.shape[0] - 1)
    ov = es.knn_overlap(A, B, k)
    assert np.all((ov >= 0) & (ov <= 1)) and np.allclose(ov * k, np.round(ov * k))
    assert np.array_equal(es.knn_overlap(B, A, k), ov)


# ------------------------------------------------------------------ nothing is modified in place


@SETTINGS
@given(pairs_of(rows=(4, 12), nonzero_rows=True))
@example((np.full((11, 2), 1e150), np.full((11, 2), 1e-174)))  # B underflows next to A: refused, not modified
def test_inputs_are_not_modified(AB):
    A, B = AB
    assume(np.all(np.max(np.abs(B), axis=1) > 0))
    A0, B0 = A.copy(), B.copy()
    for fn in (es.procrustes, es.cosine_per_word, es.frobenius_distance, es.pip_loss):
        try:
            fn(A, B)
        except ValueError as exc:  # documented: B (about 1e-300 of A or less) underflows next to A
            assert "underflows next to A" in str(exc) or "B is tiny next to A" in str(exc), exc
    es.knn_overlap(A, B, 2)
    try:
        es.procrustes(A, B, center=True, normalize_rows=True)
    except ValueError:  # rows equal to the mean
        pass
    es.nearest_neighbors(A, 2)
    assert np.array_equal(A, A0) and np.array_equal(B, B0)
