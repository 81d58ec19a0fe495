"""subspace_similarity / canonical_correlations: invariant to any invertible linear map, ≈ chance for unrelated data."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import embstab_lib as es

cases = st.tuples(st.integers(8, 60), st.integers(1, 6), st.integers(0, 2**32 - 1), st.floats(-3, 3))


def invertible(d, rng, log10_cond):
    """A random invertible d × d matrix with condition number about 10**|log10_cond|."""
    U, V = (
        es.random_orthogonal(d, seed=int(rng.integers(2**31))),
        es.random_orthogonal(d, seed=int(rng.integers(2**31))),
    )
    return U @ np.diag(np.logspace(0, abs(log10_cond), d)) @ V * 10.0**log10_cond


@settings(max_examples=80, deadline=None)
@given(cases)
def test_invariant_to_any_invertible_map(case):
    n, d, seed, log10 = case
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(n, d)) + rng.normal(size=d) * 5
    B = rng.normal(size=(n, d))
    M, N = invertible(d, rng, log10), invertible(d, rng, -log10)
    assert es.subspace_similarity(A, A @ M) == pytest.approx(1.0, abs=1e-8)
    assert es.subspace_similarity(A @ M + 3.0, B @ N - 1.0) == pytest.approx(es.subspace_similarity(A, B), abs=1e-8)
    rho = es.canonical_correlations(A, B)
    assert np.all(np.diff(rho) <= 1e-12) and rho.min() >= 0 and rho.max() <= 1
    assert np.allclose(es.canonical_correlations(A @ M, B @ N), rho, atol=1e-8)


def test_orthogonal_measures_are_not_gl_invariant(rng):
    """The control that motivates the measure: CKA and Procrustes change under a stretch, the subspace does not."""
    A = rng.normal(size=(500, 10))
    M = np.diag(np.logspace(0, 2, 10)) @ es.random_orthogonal(10, seed=3)
    assert es.linear_cka(A, A @ M) < 0.6
    assert es.subspace_similarity(A, A @ M) == pytest.approx(1.0, abs=1e-10)


def test_chance_level_matches_random_subspaces(rng):
    n, d = 400, 8
    values = [es.subspace_similarity(rng.normal(size=(n, d)), rng.normal(size=(n, d))) for _ in range(200)]
    expected = es.subspace_chance(n, d)
    assert expected == pytest.approx(d / (n - 1))
    assert np.mean(values) == pytest.approx(expected, rel=0.1)
    assert es.subspace_chance(n, d, 2 * d, center=False) == pytest.approx(2 * d / n)


def test_nested_spans_and_widths(rng):
    A = rng.normal(size=(50, 5))
    assert es.subspace_similarity(A, A[:, :2]) == pytest.approx(1.0)
    assert es.canonical_correlations(A, A[:, :2]).shape == (2,)
    # orthogonal spans score 0
    Q, _ = np.linalg.qr(rng.normal(size=(50, 4)))
    assert es.subspace_similarity(Q[:, :2], Q[:, 2:], center=False) == pytest.approx(0.0, abs=1e-12)


def test_centring_matters_for_translations(rng):
    A = rng.normal(size=(40, 3))
    B = A + np.outer(np.ones(40), [1.0, 2.0, 3.0]) + 0.0
    assert es.subspace_similarity(A, B) == pytest.approx(1.0)
    assert es.subspace_similarity(A, B, center=False) < 1.0


def test_rank_deficient_input_uses_its_rank(rng):
    A = rng.normal(size=(30, 2)) @ rng.normal(size=(2, 4))  # rank 2 in 4 columns
    assert es.canonical_correlations(A, rng.normal(size=(30, 4))).shape == (2,)
    assert es.subspace_similarity(A, A @ rng.normal(size=(4, 4))) == pytest.approx(1.0)


@pytest.mark.parametrize(
    "bad, exc",
    [
        (lambda r: (r.normal(size=(10, 2)), r.normal(size=(9, 2))), ValueError),
        (lambda r: (np.ones((10, 2)), r.normal(size=(10, 2))), ValueError),  # constant: zero after centring
        (lambda r: (np.full((5, 2), np.nan), r.normal(size=(5, 2))), ValueError),
        (lambda r: (r.normal(size=(1, 2)), r.normal(size=(1, 2))), ValueError),
        (lambda r: (np.ones((5, 2), dtype=complex), r.normal(size=(5, 2))), TypeError),
    ],
)
def test_bad_input(rng, bad, exc):
    A, B = bad(rng)
    with pytest.raises(exc):
        es.subspace_similarity(A, B)


def test_bad_options():
    with pytest.raises(TypeError, match="center"):
        es.subspace_similarity(np.eye(3), np.eye(3), center="yes")
    with pytest.raises(ValueError, match="exceed"):
        es.subspace_chance(5, 5)
    with pytest.raises(ValueError, match="positive"):
        es.subspace_chance(0, 1)


def test_centred_by_default_and_two_rows_suffice(rng):
    A = rng.normal(size=(50, 3))
    M = np.array([[2.0, 1.0, 0.0], [0.0, 1.0, 5.0], [1.0, 0.0, 1.0]])
    assert np.allclose(es.canonical_correlations(A, A @ M + 7.0), 1.0)
    assert es.canonical_correlations(A, A @ M + 7.0, center=False).min() < 0.99
    assert es.subspace_chance(10, 3) == es.subspace_chance(10, 3, center=True) == 3 / 9
    assert es.canonical_correlations([[0.0], [1.0]], [[5.0], [-2.0]]) == pytest.approx([1.0])


def test_widths_up_to_the_available_dimensions():
    assert es.subspace_chance(5, 4) == 1.0  # centred: 4 dimensions
    assert es.subspace_chance(4, 4, center=False) == 1.0
    assert es.subspace_chance(10, 2, 9) == 1.0


def test_canonical_correlations_never_exceed_one(rng):
    rho = np.concatenate([es.canonical_correlations(X, X) for X in rng.normal(size=(40, 30, 6))])
    assert rho.max() <= 1.0 and np.allclose(rho, 1.0)
