"""What the docstrings promise beyond the formulas: documented defaults, the smallest valid sizes, how word pairs
are drawn, and the results at magnitudes far apart for the two runs."""

import numpy as np
import pytest
from scipy.stats import spearmanr
from strategies import well_conditioned

import embstab_lib as es

A = well_conditioned(30, 4, 0, offset=0.5)
B = A @ es.random_orthogonal(4, seed=3) + 0.4 * well_conditioned(30, 4, 1)


def same(x, y):
    """Equal results, whatever their type (float, array, dataclass of arrays)."""
    if hasattr(x, "__dataclass_fields__"):
        return all(same(getattr(x, f), getattr(y, f)) for f in x.__dataclass_fields__)
    return np.array_equal(np.asarray(x), np.asarray(y))


@pytest.mark.parametrize(
    "default, explicit",
    [
        (lambda: es.procrustes(A, B), lambda: es.procrustes(A, B, center=False, normalize_rows=False)),
        (
            lambda: es.procrustes_null(A, B),
            lambda: es.procrustes_null(A, B, n_perm=20, seed=0, center=False, normalize_rows=False),
        ),
        (
            lambda: es.procrustes_heldout(A, B),
            lambda: es.procrustes_heldout(A, B, seed=0, fit_fraction=0.5, center=False, normalize_rows=False),
        ),
        (lambda: es.frobenius_distance(A, B), lambda: es.frobenius_distance(A, B, relative=False)),
        (lambda: es.pip_loss(A, B), lambda: es.pip_loss(A, B, relative=False)),
        (lambda: es.spectrum(A), lambda: es.spectrum(A, center=True)),
        (lambda: es.distance_correlation(A, B), lambda: es.distance_correlation(A, B, n_pairs=10_000, seed=0)),
        (lambda: es.nearest_neighbors(A), lambda: es.nearest_neighbors(A, 10, block=None, max_bytes=64 * 2**20)),
        (lambda: es.knn_overlap(A, B), lambda: es.knn_overlap(A, B, 10)),
        (lambda: es.stability_report(A, B), lambda: es.stability_report(A, B, k=10)),
        (lambda: es.mean_ci([1.0, 2.0, 4.0]), lambda: es.mean_ci([1.0, 2.0, 4.0], level=0.95)),
        (
            lambda: es.pairwise_ci([1.0, 2.0, 4.0], [(0, 1), (0, 2), (1, 2)]),
            lambda: es.pairwise_ci([1.0, 2.0, 4.0], [(0, 1), (0, 2), (1, 2)], level=0.95),
        ),
    ],
)
def test_documented_defaults(default, explicit):
    assert same(default(), explicit())


def test_default_sizes_are_the_documented_ones():
    assert es.procrustes_null(A, B).shape == (20,)
    held = es.procrustes_heldout(A, B)
    assert len(held.fit_rows) == len(held.heldout_rows) == 15
    assert es.nearest_neighbors(A).shape == (30, 10)
    assert es.stability_report(A, B)["knn_chance"] == pytest.approx(10 / 29)


def test_smallest_valid_sizes():
    assert es.procrustes_null(A[:2], B[:2], n_perm=3).shape == (3,)  # two rows can be permuted
    h = es.procrustes_heldout(A[:2], B[:2])
    assert len(h.fit_rows) == len(h.heldout_rows) == 1
    assert np.isfinite(es.distance_correlation(A[:3], B[:3]))
    assert es.nearest_neighbors(A[:2], 1).tolist() == [[1], [0]]
    assert np.isfinite(es.linear_cka(A[:2], B[:2])) and es.spectrum(A[:2]).shape == (2,)

    class Words:
        def __init__(self, words, vectors):
            self.index_to_key = list(words)
            self.key_to_index = {w: i for i, w in enumerate(words)}
            self.vectors = np.asarray(vectors, dtype=float)

    kv = Words(["a", "b"], [[1.0, 0.0], [0.0, 1.0]])
    assert es.shared_matrices(kv, kv, top_n=2)[0] == ["a", "b"]  # top_n may equal the number of shared words


@pytest.mark.parametrize("seed", [0, 1])
def test_distance_correlation_draws_every_pair_equally_often(seed):
    """With 4 words there are 6 pairs; with many draws the estimate is Spearman's ρ over the 6 pairs equally weighted.

    Drawing i from 1..V−1 only, one offset j − i for all pairs, or never the offset 1 weights the pairs unequally
    and moves the estimate away from it.
    """
    rng = np.random.default_rng(seed)
    X, Y = rng.normal(size=(4, 3)), rng.normal(size=(4, 3))
    i, j = np.triu_indices(4, 1)
    U, W = (Z / np.linalg.norm(Z, axis=1, keepdims=True) for Z in (X, Y))
    dX, dY = 1 - (U[i] * U[j]).sum(1), 1 - (W[i] * W[j]).sum(1)
    equal_weights = spearmanr(np.repeat(dX, 1000), np.repeat(dY, 1000)).statistic
    assert es.distance_correlation(X, Y, n_pairs=60_000, seed=seed) == pytest.approx(equal_weights, abs=0.01)


def test_heldout_and_procrustes_with_runs_of_very_different_magnitudes():
    """One run near float64's largest values, the other near 1: the common power-of-two rescaling keeps the
    computation finite and the relative residuals scale-free."""
    big = B / np.max(np.abs(B)) * 1.5e308
    t = 2.0**-1020  # exact rescaling: both calls must give the same relative residuals
    for center in (False, True):
        h1 = es.procrustes_heldout(A, big, center=center)
        h2 = es.procrustes_heldout(A * t, big * t, center=center)
        assert np.isfinite(h1.heldout_relative_residual)
        assert h1.heldout_relative_residual == pytest.approx(h2.heldout_relative_residual, rel=1e-12)
        assert h1.fit_relative_residual == pytest.approx(h2.fit_relative_residual, rel=1e-12)
        # procrustes also reports the absolute residual: it must fit in float64 (≈ 1e300 · √(V d) here)
        p1 = es.procrustes(big * 2.0**-30, A, center=center)
        p2 = es.procrustes(big * 2.0**-30 * t, A * t, center=center)
        assert p1.relative_residual == pytest.approx(p2.relative_residual, rel=1e-12)
    with pytest.raises(ValueError, match="residual ‖A′Q − B′‖_F is not finite"):
        es.procrustes(big, A)


def test_interval_edges_and_seed_labels():
    assert es.seed_pairs([0, 1]) == [(0, 1)]  # two seeds make one pair
    iv = es.Interval(0.5, 0.25, 0.75, 3)
    assert 0.25 in iv and 0.75 in iv and 0.5 in iv  # closed interval
    assert 0.2 not in iv and 0.8 not in iv
    mixed = es.pairwise_ci([1.0, 2.0, 4.0], [(0, "a"), (0, "b"), ("a", "b")])  # labels of mixed types
    assert mixed.n == 3 and mixed.mean == pytest.approx(7 / 3)


@pytest.mark.parametrize("sign", [1.0, -1.0])
def test_overflowing_intervals_are_errors_on_either_side(sign):
    values = sign * np.array([1.7e308, 1.0e308, 1.6e308])
    with pytest.raises(ValueError, match="interval"):
        es.mean_ci(values)
    with pytest.raises(ValueError, match="interval"):
        es.pairwise_ci(values, [(0, 1), (0, 2), (1, 2)])


def test_relative_measures_of_runs_at_opposite_ends_of_float64():
    tiny, huge = A / np.max(np.abs(A)) * 1e-300, B / np.max(np.abs(B)) * 1e300
    assert es.frobenius_distance(tiny, huge, relative=True) == pytest.approx(1, abs=1e-12)
    with pytest.raises(ValueError, match="underflows next to A"):  # ≈ 1e600: beyond float64
        es.frobenius_distance(huge, tiny, relative=True)


def test_unit_row_procrustes_reports_residuals_of_unit_rows():
    """With normalize_rows the residual and the aligned rows are those of the unit rows, whatever the input scale."""
    ref = es.procrustes(A, B, normalize_rows=True)
    for scale in (2.0**-60, 100.0, 2.0**90):
        res = es.procrustes(scale * A, B, normalize_rows=True)
        assert res.residual == pytest.approx(ref.residual, rel=1e-12)
        assert np.allclose(np.linalg.norm(res.aligned, axis=1), 1)
        assert np.allclose(res.aligned, ref.aligned, atol=1e-12)


def test_unit_row_procrustes_names_the_matrix_with_a_zero_row():
    Z = A.copy()
    Z[4] = 0.0
    with pytest.raises(ValueError, match="^A has 1 zero row"):
        es.procrustes(Z, B, normalize_rows=True)
    with pytest.raises(ValueError, match="^B has 1 zero row"):
        es.procrustes(B, Z, normalize_rows=True)
