import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.linalg import orthogonal_procrustes

import embstab_lib as es

shapes = st.tuples(st.integers(3, 40), st.integers(1, 8), st.integers(0, 2**32 - 1))


def gaussian(n, d, seed):
    return np.random.default_rng(seed).normal(size=(n, d))


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_procrustes_recovers_planted_rotation(shape):
    n, d, seed = shape
    A = gaussian(max(n, d + 2), d, seed)
    Q = es.random_orthogonal(d, seed=seed + 1)
    res = es.procrustes(A, A @ Q)
    assert np.allclose(res.rotation, Q, atol=1e-8)
    assert res.residual == pytest.approx(0, abs=1e-8)
    assert np.allclose(res.aligned, A @ Q)


@settings(max_examples=60, deadline=None)
@given(shapes)
def test_procrustes_is_optimal_and_orthogonal(shape):
    n, d, seed = shape
    A, B = gaussian(n, d, seed), gaussian(n, d, seed + 1)
    res = es.procrustes(A, B)
    Q = res.rotation
    assert np.allclose(Q.T @ Q, np.eye(d), atol=1e-10)
    # no other orthogonal matrix does better (identity and random draws)
    for other in (np.eye(d), es.random_orthogonal(d, seed=seed + 2)):
        assert res.residual <= np.linalg.norm(A @ other - B) + 1e-9
    # first-order optimality: QᵀAᵀB is symmetric positive semi-definite
    M = Q.T @ A.T @ B
    assert np.allclose(M, M.T, atol=1e-9) and np.linalg.eigvalsh((M + M.T) / 2).min() >= -1e-9
    assert res.relative_residual == pytest.approx(res.residual / np.linalg.norm(B))


@settings(max_examples=40, deadline=None)
@given(shapes, st.floats(0.1, 10))
def test_centred_unit_procrustes_ignores_shift_scale_rotation(shape, scale):
    n, d, seed = shape
    A = gaussian(n + 2, d + 1, seed)
    B = scale * A @ es.random_orthogonal(d + 1, seed=seed + 3) + 5.0
    assert es.procrustes(A, B, center=True, normalize_rows=True).residual == pytest.approx(0, abs=1e-7)
    # without normalisation the scale shows up: relative residual = |1 - 1/scale|
    assert es.procrustes(A, B, center=True).relative_residual == pytest.approx(abs(1 - 1 / scale), abs=1e-7)


def test_procrustes_matches_scipy_on_preprocessed_data(rng):
    A, B = rng.normal(size=(30, 5)) + 1, rng.normal(size=(30, 5))
    res = es.procrustes(A, B, center=True, normalize_rows=True)
    A2 = A - A.mean(0)
    B2 = B - B.mean(0)
    A2 /= np.linalg.norm(A2, axis=1, keepdims=True)
    B2 /= np.linalg.norm(B2, axis=1, keepdims=True)
    R, _ = orthogonal_procrustes(A2, B2)
    assert np.allclose(res.rotation, R)
    # and every field is the formula on the preprocessed rows (unrelated runs: the residual is far from 0)
    assert np.allclose(res.aligned, A2 @ R)
    assert res.residual == pytest.approx(np.linalg.norm(A2 @ R - B2), rel=1e-12) and res.residual > 1
    assert res.relative_residual == pytest.approx(res.residual / np.linalg.norm(B2), rel=1e-12)


def test_procrustes_errors(rng):
    A = rng.normal(size=(10, 3))
    with pytest.raises(ValueError, match="shape mismatch"):
        es.procrustes(A, A[:, :2])
    for fn in (es.procrustes, es.procrustes_null, es.procrustes_heldout):  # different widths: where to go instead
        with pytest.raises(ValueError, match=r"is \(10, 2\): Procrustes .* equal widths; .* use es.compare_groups"):
            fn(A, A[:, :2])
    with pytest.raises(ValueError, match=r"^shape mismatch: A is \(10, 3\) but B is \(7, 3\)$"):
        es.procrustes(A, A[:7])  # other rows: no hint about widths
    assert es.compare_groups([A, A @ es.random_orthogonal(3, seed=1)], [A[:, :2]], k=2, n_perm=2).dims_b == [2]
    bad = A.copy()
    bad[2, 1] = np.nan
    with pytest.raises(ValueError, match="NaN/inf"):
        es.procrustes(A, bad)
    zero = A.copy()
    zero[4] = 0
    with pytest.raises(ValueError, match="zero row"):
        es.procrustes(A, zero, normalize_rows=True)
    with pytest.raises(ValueError, match="2-D"):
        es.procrustes(A[0], A[1])
    with pytest.raises(ValueError, match="zero after preprocessing"):
        es.procrustes(A, np.zeros_like(A))


def test_random_orthogonal():
    Qs = [es.random_orthogonal(4, seed=s) for s in range(200)]
    assert all(np.allclose(Q @ Q.T, np.eye(4)) for Q in Qs)
    dets = np.array([np.linalg.det(Q) for Q in Qs])
    assert np.allclose(np.abs(dets), 1)
    assert 0.35 < np.mean(dets < 0) < 0.65  # rotations and reflections both occur (Haar measure on O(d))
    assert np.array_equal(es.random_orthogonal(4, seed=7), es.random_orthogonal(4, seed=7))
    assert {float(es.random_orthogonal(1, seed=s)[0, 0]) for s in range(20)} == {-1.0, 1.0}
    with pytest.raises(ValueError, match="d must be a positive integer"):
        es.random_orthogonal(0)


def test_procrustes_null_and_heldout(rng):
    A = rng.normal(size=(200, 5))
    B = A @ es.random_orthogonal(5, seed=1) + 0.1 * rng.normal(size=A.shape)
    observed = es.procrustes(A, B).relative_residual
    null = es.procrustes_null(A, B, n_perm=10, seed=0)
    assert null.shape == (10,) and observed < null.min()
    assert np.array_equal(null, es.procrustes_null(A, B, n_perm=10, seed=0))
    held = es.procrustes_heldout(A, B, seed=0)
    assert len(held.fit_rows) == 100 and set(held.fit_rows).isdisjoint(held.heldout_rows)
    assert held.heldout_relative_residual < 0.2
    with pytest.raises(ValueError, match="fit_fraction"):
        es.procrustes_heldout(A, B, fit_fraction=1.0)
    with pytest.raises(ValueError, match="n_perm"):
        es.procrustes_null(A, B, n_perm=0)


def test_heldout_is_worse_than_fit_for_noise(rng):
    A, B = rng.normal(size=(40, 10)), rng.normal(size=(40, 10))
    held = es.procrustes_heldout(A, B, seed=3)
    assert held.fit_relative_residual < held.heldout_relative_residual


def test_linear_fit_at_least_as_good_as_procrustes(rng):
    A, B = rng.normal(size=(50, 4)), rng.normal(size=(50, 4))
    M, rel = es.linear_fit(A, B)
    assert M.shape == (4, 4)
    assert rel <= es.procrustes(A, B).relative_residual + 1e-12
    P = rng.normal(size=(4, 4))
    assert es.linear_fit(A, A @ P)[1] == pytest.approx(0, abs=1e-10)


class FakeKV:
    def __init__(self, words, vectors):
        self.index_to_key = list(words)
        self.key_to_index = {w: i for i, w in enumerate(words)}
        self.vectors = np.asarray(vectors, dtype=np.float32)


def test_shared_matrices_order_and_errors():
    a = FakeKV(["the", "of", "cat", "dog"], np.arange(8).reshape(4, 2))
    b = FakeKV(["dog", "the", "fish"], 10 + np.arange(6).reshape(3, 2))
    words, A, B = es.shared_matrices(a, b)
    assert words == ["the", "dog"]
    assert A.tolist() == [[0, 1], [6, 7]] and B.tolist() == [[12, 13], [10, 11]]
    assert es.shared_matrices(a, b, top_n=1)[0] == ["the"]
    with pytest.raises(ValueError, match="top_n=3 is larger than the 2 shared words"):
        es.shared_matrices(a, b, top_n=3)
    with pytest.raises(ValueError, match="share no word"):
        es.shared_matrices(a, FakeKV(["x"], [[0, 0]]))


# ---------------------------------------------------------------- scaled Procrustes and held-out fits (chapter 04)


@pytest.mark.parametrize("scale", [0.3, 1.0, 2.5])
def test_scaled_procrustes_recovers_planted_scale_and_rotation(rng, scale):
    A = rng.normal(size=(60, 5))
    Q = es.random_orthogonal(5, seed=3)
    res = es.scaled_procrustes(A, scale * A @ Q)
    assert res.scale == pytest.approx(scale, rel=1e-12)
    assert np.allclose(res.rotation, Q) and res.relative_residual == pytest.approx(0, abs=1e-12)
    assert np.allclose(res.aligned, scale * A @ Q)


def test_scaled_procrustes_formula_and_optimality(rng):
    A, B = rng.normal(size=(80, 4)), rng.normal(size=(80, 4)) + rng.normal(size=(80, 4))
    res = es.scaled_procrustes(A, B)
    sigma = np.linalg.svd(A.T @ B, compute_uv=False)
    assert res.scale == pytest.approx(sigma.sum() / np.linalg.norm(A) ** 2)
    assert res.residual**2 == pytest.approx(np.linalg.norm(B) ** 2 - sigma.sum() ** 2 / np.linalg.norm(A) ** 2)
    assert np.allclose(res.rotation, es.procrustes(A, B).rotation)
    for s in (0.9 * res.scale, 1.1 * res.scale):  # any other scale does worse
        assert np.linalg.norm(s * A @ res.rotation - B) > res.residual
    assert res.relative_residual <= es.procrustes(A, B).relative_residual


def test_scaled_procrustes_shrinks_noisy_rotation(rng):
    """B = exact rotation of the signal, noise in both: the best scale is below 1 (shrinkage), ≈ signal / total."""
    T = rng.normal(size=(20000, 4))
    A, B = T + 0.5 * rng.normal(size=T.shape), (T + 0.5 * rng.normal(size=T.shape)) @ es.random_orthogonal(4, seed=1)
    assert es.scaled_procrustes(A, B).scale == pytest.approx(1 / 1.25, abs=0.02)


def test_scaled_procrustes_unit_rows_scale_is_mean_cosine(rng):
    A, B = rng.normal(size=(50, 6)), rng.normal(size=(50, 6))
    res = es.scaled_procrustes(A, B + A, center=True, normalize_rows=True)
    plain = es.procrustes(A, B + A, center=True, normalize_rows=True)
    B_ = B + A - (B + A).mean(axis=0)
    B_ /= np.linalg.norm(B_, axis=1, keepdims=True)
    assert res.scale == pytest.approx(es.mean_cosine(plain.aligned, B_))
    # the other fields are the formulas on the unit rows: s*A′Q* and ‖s*A′Q* − B′‖_F
    assert np.allclose(res.aligned, res.scale * plain.aligned)
    assert res.residual == pytest.approx(np.linalg.norm(res.scale * plain.aligned - B_), rel=1e-12)


def test_scaled_procrustes_errors(rng):
    A = rng.normal(size=(10, 3))
    with pytest.raises(ValueError, match="A is zero"):
        es.scaled_procrustes(np.zeros((10, 3)), A)
    with pytest.raises(ValueError, match="B is zero"):
        es.scaled_procrustes(A, np.zeros((10, 3)))
    with pytest.raises(ValueError, match="shape"):
        es.scaled_procrustes(A, A[:5])


def test_heldout_fit_protocol(rng):
    A = rng.normal(size=(101, 4))
    B = A @ es.random_orthogonal(4, seed=0) + 0.3 * rng.normal(size=A.shape)
    fits = {m: es.heldout_fit(A, B, 30, method=m, seed=5) for m in ("orthogonal", "scaled", "linear")}
    h = fits["orthogonal"]
    assert len(h.fit_rows) == 30 and len(h.heldout_rows) == 51
    assert not set(h.fit_rows) & set(h.heldout_rows)
    # the held-out half does not depend on n_fit (curves share their test set)
    assert np.array_equal(es.heldout_fit(A, B, 10, seed=5).heldout_rows, h.heldout_rows)
    assert len(es.heldout_fit(A, B, seed=5).fit_rows) == 50
    # each method is the library's own fit on the fitting rows
    assert np.allclose(h.map, es.procrustes(A[h.fit_rows], B[h.fit_rows]).rotation)
    sp = es.scaled_procrustes(A[h.fit_rows], B[h.fit_rows])
    assert np.allclose(fits["scaled"].map, sp.scale * sp.rotation)
    assert np.allclose(fits["linear"].map, es.linear_fit(A[h.fit_rows], B[h.fit_rows])[0])
    assert h.heldout_relative_residual == pytest.approx(
        np.linalg.norm(A[h.heldout_rows] @ h.map - B[h.heldout_rows]) / np.linalg.norm(B[h.heldout_rows])
    )
    # nested models: on the fitting rows, more freedom never fits worse
    r = [fits[m].fit_relative_residual for m in ("orthogonal", "scaled", "linear")]
    assert r[0] >= r[1] - 1e-12 >= r[2] - 2e-12


def test_heldout_fit_linear_overfits_with_few_words(rng):
    A = rng.normal(size=(400, 10))
    B = A @ es.random_orthogonal(10, seed=2) + 0.5 * rng.normal(size=A.shape)
    o, lin = (es.heldout_fit(A, B, 15, method=m, seed=1) for m in ("orthogonal", "linear"))
    assert lin.fit_relative_residual < o.fit_relative_residual
    assert lin.heldout_relative_residual > o.heldout_relative_residual


def test_heldout_fit_errors(rng):
    A = rng.normal(size=(20, 3))
    with pytest.raises(ValueError, match="method must be one of"):
        es.heldout_fit(A, A, 5, method="affine")
    with pytest.raises(ValueError, match="larger than half"):
        es.heldout_fit(A, A, 11)
    for bad in (0, 2.5, True):
        with pytest.raises(ValueError, match="n_fit"):
            es.heldout_fit(A, A, bad)
    with pytest.raises(ValueError, match="at least 2 rows"):
        es.heldout_fit(A[:1], A[:1])
    two = es.heldout_fit(A[:2], A[:2] + 1.0)  # the smallest case: one fitting row, one held out
    assert len(two.fit_rows) == len(two.heldout_rows) == 1
    with pytest.raises(ValueError, match="B is zero on the fitting rows"):
        es.heldout_fit(A, np.zeros_like(A), 5)
    h = es.heldout_fit(A, A, 5, seed=3)
    B = A.copy()
    B[h.heldout_rows] = 0
    with pytest.raises(ValueError, match="B is zero on the held-out rows"):
        es.heldout_fit(A, B, 5, seed=3)


def test_heldout_fit_default_seed_is_zero(rng):
    A = rng.normal(size=(30, 3))
    assert np.array_equal(es.heldout_fit(A, A).fit_rows, es.heldout_fit(A, A, seed=0).fit_rows)
    assert not np.array_equal(es.heldout_fit(A, A).fit_rows, es.heldout_fit(A, A, seed=1).fit_rows)


def test_stretch_factors_planted(rng):
    A = rng.normal(size=(200, 4))
    Q = es.random_orthogonal(4, seed=0)
    assert np.allclose(es.stretch_factors(A, A @ Q), 1)
    assert np.allclose(es.stretch_factors(A, 3.0 * A @ Q), 3)
    D = np.diag([4.0, 2.0, 1.0, 0.25])
    U = np.linalg.qr(A)[0]  # orthonormal columns: UᵀU = I commutes with D, so the factors are D's entries
    assert np.allclose(es.stretch_factors(U, U @ D @ Q), [4, 2, 1, 0.25])


def test_stretch_factors_noise_only_shrinks(rng):
    """Exact rotation + independent noise of any shape: every factor ≤ 1 (up to sampling); isotropic → λ/(λ + τ²)."""
    lam = np.array([4.0, 1.0, 0.25, 0.04])
    T = rng.normal(size=(40000, 4)) * np.sqrt(lam)
    Q = es.random_orthogonal(4, seed=3)
    for noise_sd in (np.full(4, 0.3), np.array([1.0, 0.1, 0.3, 0.05])):
        A = T + rng.normal(size=T.shape) * noise_sd
        B = (T + rng.normal(size=T.shape) * noise_sd) @ Q
        c = es.stretch_factors(A, B)
        assert c.max() < 1.02 and c.min() > 0
    A = T + 0.3 * rng.normal(size=T.shape)
    B = (T + 0.3 * rng.normal(size=T.shape)) @ Q
    assert np.allclose(es.stretch_factors(A, B), np.sort(lam / (lam + 0.09))[::-1], atol=0.03)


def test_stretch_factors_matches_linear_map(rng):
    A, B = rng.normal(size=(60, 5)), rng.normal(size=(60, 5))
    M = es.linear_fit(A, B)[0]
    Q = es.procrustes(A, B).rotation
    want = np.sort(np.linalg.eigvals(M @ Q.T).real)[::-1]
    assert np.allclose(es.stretch_factors(A, B), want)
    assert np.allclose(es.stretch_factors(1e-3 * A, 1e-3 * B), want)  # unchanged by a common scale


def test_stretch_factors_errors(rng):
    A = rng.normal(size=(10, 3))
    with pytest.raises(ValueError, match="A is zero"):
        es.stretch_factors(np.zeros((10, 3)), A)
    with pytest.raises(ValueError, match="full column rank"):
        es.stretch_factors(np.c_[A[:, :2], A[:, :1]], A)
    with pytest.raises(ValueError, match="shape"):
        es.stretch_factors(A, A[:4])


# ---------------------------------------------------------------- A and B at very different magnitudes


def test_procrustes_finds_the_reflection_when_a_is_tiny_next_to_b():
    """Regression (Hypothesis, numpy 2.4.6): A and B exactly anti-parallel, A ≈ 1e-273 next to B ≈ −1e150.

    A / s underflowed to 0 when A and B shared one scale s, and Q = +1 came back instead of −1.
    """
    A, B = np.full((22, 1), 1.18e-273), np.full((22, 1), -1e150)
    res = es.procrustes(A, B)
    assert res.rotation.tolist() == [[-1.0]]
    assert np.array_equal(res.aligned, -A)
    # ‖A′Q − B′‖ / ‖B′‖ = 1 − 1.18e-273 / 1e150: 1.0 in float64 (A is negligible next to B, whatever Q)
    assert res.relative_residual == 1.0 and res.residual == pytest.approx(np.linalg.norm(B), rel=1e-15)
    unit = es.procrustes(A, B, normalize_rows=True)  # scale-free: the anti-parallel rows coincide after Q = −1
    assert unit.rotation.tolist() == [[-1.0]] and unit.residual == pytest.approx(0, abs=1e-15)
    assert es.procrustes_heldout(A, B, seed=0).rotation.tolist() == [[-1.0]]
    with pytest.raises(ValueError, match="underflows next to A"):  # the other way round: ‖A‖ / ‖B‖ ≈ 1e423
        es.procrustes(B, A)
    assert es.procrustes(B, A, normalize_rows=True).rotation.tolist() == [[-1.0]]  # scale-free: no refusal


def _refused_only_because_b_is_out_of_range(exc, ma, mb):
    """The one documented refusal: B′ below float64's range next to A′, so ‖A′Q − B′‖ / ‖B′‖ is not representable."""
    msg = str(exc)
    return ("underflows next to A" in msg or "B is tiny next to A" in msg) and mb < 1e-290 * ma


PREPROCESSING = [{}, {"center": True}, {"normalize_rows": True}, {"center": True, "normalize_rows": True}]


def _check_planted(ma, mb, d, seed):
    """B = mb·A·Q and A = ma·A₀: every Procrustes variant returns Q, whatever the ratio mb / ma (1e-600 … 1e600)."""
    A0 = np.random.default_rng(seed).normal(size=(8 * d, d)) + 0.5
    Q = es.random_orthogonal(d, seed=seed + 1)
    A, B = ma * A0, mb * (A0 @ Q)
    for kwargs in PREPROCESSING:
        for name, fn in (("procrustes", es.procrustes), ("heldout", es.procrustes_heldout)):
            try:
                res = fn(A, B, **kwargs)
            except ValueError as exc:
                assert _refused_only_because_b_is_out_of_range(exc, ma, mb) and not kwargs.get("normalize_rows"), (
                    name,
                    kwargs,
                    exc,
                )
                continue
            assert np.allclose(res.rotation, Q, atol=1e-9), (name, kwargs, ma, mb)
        if not kwargs.get("normalize_rows"):
            continue  # unit rows: A′ and B′ are exact rotations of each other, the residual is 0
        assert es.procrustes(A, B, **kwargs).residual == pytest.approx(0, abs=1e-9)
    try:
        scaled = es.scaled_procrustes(A, B)
    except ValueError as exc:  # s* = mb / ma beyond float64
        assert "the scale s*" in str(exc) and mb / ma > 1e300, exc
    else:
        assert np.allclose(scaled.rotation, Q, atol=1e-9) and scaled.relative_residual == pytest.approx(0, abs=1e-9)
        assert scaled.scale == pytest.approx(mb / ma, rel=1e-9)


MAGNITUDES = [1e-300, 1e-150, 1.0, 1e150, 1e300]


@pytest.mark.parametrize("d", [2, 5])
@pytest.mark.parametrize("mb", MAGNITUDES)
@pytest.mark.parametrize("ma", MAGNITUDES)
def test_planted_rotation_is_recovered_whatever_the_magnitudes_of_a_and_b(ma, mb, d):
    _check_planted(ma, mb, d, seed=d)


@settings(max_examples=60, deadline=None)
@given(st.integers(-300, 300), st.integers(-300, 300), st.integers(2, 6), st.integers(0, 2**16))
def test_planted_rotation_is_recovered_for_any_pair_of_magnitudes(ea, eb, d, seed):
    _check_planted(10.0**ea, 10.0**eb, d, seed)


def test_a_zero_after_preprocessing_leaves_the_rotation_undefined(rng):
    B = rng.normal(size=(10, 3))
    for A, kwargs in ((np.zeros_like(B), {}), (np.full_like(B, 1e-300), {"center": True})):
        for fn in (es.procrustes, es.procrustes_heldout, lambda X, Y, **kw: es.procrustes_null(X, Y, n_perm=2, **kw)):
            with pytest.raises(ValueError, match="A is zero .*after preprocessing: the rotation is undefined"):
                fn(A, B, **kwargs)
    with pytest.raises(ValueError, match="B is zero after preprocessing"):  # both zero: B's refusal comes first
        es.procrustes(np.zeros_like(B), np.zeros_like(B))
    tiny = es.procrustes(np.full_like(B, 1e-300) + 1e-310 * B, B)  # tiny, not zero: a rotation, relative residual ≈ 1
    assert np.allclose(tiny.rotation.T @ tiny.rotation, np.eye(3)) and tiny.relative_residual == pytest.approx(1.0)
