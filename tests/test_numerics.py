"""Magnitudes far from 1, float32 input, and the inputs that used to give NaN, inf or 0 silently."""

import numpy as np
import pytest

import embstab_lib as es

RNG = np.random.default_rng(2024)
A = RNG.normal(size=(40, 5)) + 0.2
B = A @ es.random_orthogonal(5, seed=1) + 0.3 * RNG.normal(size=A.shape)

HELD_ZERO = B[:10].copy()
HELD_ZERO[es.procrustes_heldout(A[:10], A[:10], seed=0).heldout_rows] = 0.0

SCALE_FREE = {
    "cosine_per_word": lambda X, Y: es.cosine_per_word(X, Y),
    "mean_cosine": lambda X, Y: es.mean_cosine(X, Y),
    "frobenius_relative": lambda X, Y: es.frobenius_distance(X, Y, relative=True),
    "procrustes_relative": lambda X, Y: es.procrustes(X, Y).relative_residual,
    "procrustes_centered_unit": lambda X, Y: es.procrustes(X, Y, center=True, normalize_rows=True).relative_residual,
    "procrustes_null": lambda X, Y: es.procrustes_null(X, Y, n_perm=3),
    "heldout": lambda X, Y: es.procrustes_heldout(X, Y, center=True).heldout_relative_residual,
    "linear_fit": lambda X, Y: es.linear_fit(X, Y)[1],
    "pip_relative": lambda X, Y: es.pip_loss(X, Y, relative=True),
    "linear_cka": lambda X, Y: es.linear_cka(X, Y),
    "distance_correlation": lambda X, Y: es.distance_correlation(X, Y, n_pairs=500),
    "knn_overlap": lambda X, Y: es.knn_overlap(X, Y, 3),
    "mean_pairwise_cosine": lambda X, Y: es.mean_pairwise_cosine(X),
    "report": lambda X, Y: list(es.stability_report(X, Y, k=3).values()),
}


@pytest.mark.parametrize("scale", [1e-300, 1e-170, 1e-150, 1e150, 1e170, 1e300])
@pytest.mark.parametrize("name", sorted(SCALE_FREE))
def test_scale_free_measures_at_extreme_magnitudes(name, scale):
    """The same value for A, B and for scale·A, scale·B (it used to be 0, NaN or a 'zero row' error)."""
    fn = SCALE_FREE[name]
    expected = np.asarray(fn(A, B), dtype=float)
    got = np.asarray(fn(scale * A, scale * B), dtype=float)
    assert np.all(np.isfinite(got))
    assert np.allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_cosine_of_one_huge_and_one_tiny_run():
    assert np.allclose(es.cosine_per_word(1e170 * A, B), es.cosine_per_word(A, B), atol=1e-14)
    assert np.allclose(es.cosine_per_word(1e-170 * A, B), es.cosine_per_word(A, B), atol=1e-14)
    assert np.allclose(es.cosine_per_word(1e300 * A, 1e-300 * B), es.cosine_per_word(A, B), atol=1e-14)


@pytest.mark.parametrize("scale", [1e-150, 1e150])
def test_scaled_measures_scale_as_they_should(scale):
    s = 2.0 ** round(np.log2(scale))  # a power of two: the products are exact
    assert es.frobenius_distance(s * A, s * B) == pytest.approx(s * es.frobenius_distance(A, B), rel=1e-12)
    assert es.procrustes(s * A, s * B).residual == pytest.approx(s * es.procrustes(A, B).residual, rel=1e-12)
    assert np.allclose(es.procrustes(s * A, s * B).aligned / s, es.procrustes(A, B).aligned, rtol=1e-12)
    assert es.pip_loss(s * A, s * B) == pytest.approx(s * s * es.pip_loss(A, B), rel=1e-12)
    assert es.spectrum(s * A) == pytest.approx(es.spectrum(A) * s * s, rel=1e-12)
    M, rel = es.linear_fit(s * A, B)
    assert np.allclose(M * s, es.linear_fit(A, B)[0], rtol=1e-9) and rel == pytest.approx(es.linear_fit(A, B)[1])


def test_results_beyond_float64_are_errors_not_inf():
    X = A / np.max(np.abs(A)) * 1e308
    for call, match in [
        (lambda: es.frobenius_distance(X, -X), "‖A − B‖_F is not finite"),
        (lambda: es.pip_loss(1e160 * A, 1e160 * B), "PIP loss is not finite"),
        (lambda: es.spectrum(1e160 * A), "spectrum is not finite"),
        (lambda: es.linear_fit(1e-300 * A, 1e300 * B), "linear map M"),
    ]:
        with pytest.raises(ValueError, match=match):
            call()
    assert np.isfinite(es.procrustes(X, -X).residual) and es.procrustes(X, -X).relative_residual < 1e-12


def test_float32_input_is_used_as_float64():
    A32, B32 = A.astype(np.float32), B.astype(np.float32)
    A64, B64 = A32.astype(np.float64), B32.astype(np.float64)
    assert es.procrustes(A32, B32).relative_residual == es.procrustes(A64, B64).relative_residual
    assert es.procrustes(A32, B32).aligned.dtype == np.float64
    assert np.array_equal(es.knn_overlap(A32, B32, 3), es.knn_overlap(A64, B64, 3))
    assert es.linear_cka(A32, B32) == es.linear_cka(A64, B64)


def test_nearly_constant_columns_are_constant_for_cka():
    """A column equal to 0.1 everywhere is constant even though its computed mean differs from 0.1 by rounding."""
    X = np.full((7, 2), 0.1)
    with pytest.raises(ValueError, match="constant"):
        es.linear_cka(X, A[:7, :2])
    Y = A[:7, :3].copy()
    Y[:, 2] = 0.1  # one constant column does not matter
    assert es.linear_cka(Y, A[:7, :2]) == pytest.approx(es.linear_cka(Y[:, :2], A[:7, :2]), abs=1e-12)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: es.distance_correlation(A[:2], B[:2]), "at least 3 row"),
        (lambda: es.distance_correlation(np.ones((5, 3)), B[:5, :3]), "distances of A are all equal"),
        (lambda: es.distance_correlation(A[:5], A[:5], n_pairs=1), "all equal"),
        (lambda: es.procrustes_heldout(np.zeros((10, 3)), np.zeros((10, 3))), "B is zero on the fitted rows"),
        (lambda: es.procrustes_heldout(A[:10], HELD_ZERO, seed=0), "B is zero on the held-out rows"),
        (lambda: es.procrustes(A, np.zeros_like(A)), "B is zero"),
        (lambda: es.procrustes(A, np.ones_like(A), center=True), "B is zero"),
        (lambda: es.procrustes(A, 1e-310 * B), "relative residual \\(B is tiny next to A"),  # was inf
        (lambda: es.procrustes_heldout(A, 1e-310 * B), "relative residual \\(B is tiny next to A"),  # was inf
        (lambda: es.scaled_procrustes(1e-300 * A, 1e300 * B), "the scale s\\*"),
        (lambda: es.linear_cka(A, np.ones_like(A)), "constant"),
        (lambda: es.pip_loss(A, np.zeros_like(A), relative=True), "B is a zero matrix"),
        (lambda: es.pip_loss(A, 1e-200 * B, relative=True), "relative PIP loss"),
        (lambda: es.frobenius_distance(A, 1e-320 * B, relative=True), "not finite"),
        (lambda: es.mean_ci([1e308, 1.7e308]), "not finite"),
        (lambda: es.mean_ci([1e308, -1.7e308, 0.0]), "not finite"),
        (lambda: es.pairwise_ci([1e308, 1.7e308, 1.7e308], [(0, 1), (0, 2), (1, 2)]), "not finite"),
        (lambda: es.stability_report(A[:2], B[:2], k=1), "at least 3 row"),
    ],
)
def test_no_nan_or_inf_result(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_the_heldout_residual_is_finite_when_only_the_heldout_part_of_a_is_zero():
    Z = A[:10].copy()
    X = Z.copy()
    X[es.procrustes_heldout(Z, Z, seed=0).heldout_rows] = 0.0  # the same split: it depends on the seed only
    res = es.procrustes_heldout(X, Z, seed=0)
    assert res.fit_relative_residual == pytest.approx(0, abs=1e-12) and res.heldout_relative_residual == 1.0


def test_a_zero_on_the_fitted_rows_leaves_the_rotation_undefined():
    """Every Q fits a zero A′ equally well: refused (like B′ = 0), not an arbitrary Q scored on the held-out rows."""
    Z = A[:10].copy()
    with pytest.raises(ValueError, match="A is zero on the fitted rows after preprocessing"):
        es.procrustes_heldout(np.zeros_like(Z), Z, seed=0)
    X = Z.copy()
    X[es.procrustes_heldout(Z, Z, seed=0).fit_rows] = 0.0
    with pytest.raises(ValueError, match="A is zero on the fitted rows"):
        es.procrustes_heldout(X, Z, seed=0)


def test_mean_ci_refuses_what_is_not_a_real_number():
    for values, kind in (([1 + 2j, 3.0], "complex"), ([True, False, True], "booleans"), (["1", "2"], "numeric")):
        with pytest.raises(TypeError, match=kind):
            es.mean_ci(values)
    with pytest.raises(TypeError, match="level must be a real number"):
        es.mean_ci([1.0, 2.0], level="95%")
    assert es.mean_ci(np.array([True, False, True], dtype=float)).mean == pytest.approx(2 / 3)
