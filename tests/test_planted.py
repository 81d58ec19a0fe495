"""Known answers from planted structure, and composite results equal to the standalone calls.

Each test here was checked against a planted bug (edit the library, run, revert): the bug named in the test's
docstring makes it fail.
"""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402
from strategies import orthogonal, well_conditioned  # noqa: E402

import embstab_lib as es  # noqa: E402
from embstab_lib import plots  # noqa: E402

STANDALONE = {
    "frobenius_relative": lambda A, B, k: es.frobenius_distance(A, B, relative=True),
    "procrustes_relative": lambda A, B, k: es.procrustes(A, B).relative_residual,
    "procrustes_relative_centered_unit": lambda A, B, k: (
        es.procrustes(A, B, center=True, normalize_rows=True).relative_residual
    ),
    "mean_cosine_raw": lambda A, B, k: es.mean_cosine(A, B),
    "mean_cosine_aligned": lambda A, B, k: es.mean_cosine(es.procrustes(A, B).aligned, B),
    "mean_cosine_aligned_centered": lambda A, B, k: es.mean_cosine(
        es.procrustes(A, B, center=True).aligned, B - B.mean(axis=0)
    ),
    "knn_overlap": lambda A, B, k: es.knn_overlap(A, B, k).mean(),
    "knn_chance": lambda A, B, k: k / (len(A) - 1),
    "linear_cka": lambda A, B, k: es.linear_cka(A, B),
    "pip_relative": lambda A, B, k: es.pip_loss(A, B, relative=True),
    "distance_correlation": lambda A, B, k: es.distance_correlation(A, B),
}


@pytest.mark.parametrize("seed", range(4))
def test_stability_report_equals_the_standalone_calls(seed):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(60, 5)) + rng.normal(size=5)
    B = A @ orthogonal(5, seed) + rng.normal(scale=0.5 + seed, size=A.shape) + 1.0
    rep = es.stability_report(A, B, k=4)
    assert set(rep) == set(STANDALONE)
    for key, fn in STANDALONE.items():
        assert rep[key] == pytest.approx(fn(A, B, 4), rel=1e-12, abs=1e-12), key
        assert isinstance(rep[key], float), key


def test_stability_report_planted_rotation():
    """B = AQ: every alignment-aware or alignment-free measure says 'identical'."""
    A = well_conditioned(80, 6, 0, offset=0.3)
    Q = orthogonal(6, 1)
    rep = es.stability_report(A, A @ Q, k=5)
    zero = ("procrustes_relative", "procrustes_relative_centered_unit", "pip_relative")
    one = ("mean_cosine_aligned", "mean_cosine_aligned_centered", "knn_overlap", "linear_cka", "distance_correlation")
    assert all(rep[key] == pytest.approx(0, abs=1e-9) for key in zero), rep
    assert all(rep[key] == pytest.approx(1, abs=1e-9) for key in one), rep
    assert rep["frobenius_relative"] == pytest.approx(np.linalg.norm(A - A @ Q) / np.linalg.norm(A))
    assert rep["knn_chance"] == pytest.approx(5 / 79)


def test_stability_report_planted_reflection_and_scale():
    """B = −2A.  Catches: mean_cosine_aligned on unaligned data (−1), pip_relative not divided (3‖AAᵀ‖)."""
    A = well_conditioned(50, 4, 2, offset=1.0)
    rep = es.stability_report(A, -2 * A, k=3)
    expected = {
        "frobenius_relative": 1.5,  # ‖A + 2A‖ / ‖2A‖
        "procrustes_relative": 0.5,  # Q = −I: ‖−A + 2A‖ / ‖2A‖
        "procrustes_relative_centered_unit": 0.0,
        "mean_cosine_raw": -1.0,
        "mean_cosine_aligned": 1.0,
        "mean_cosine_aligned_centered": 1.0,
        "knn_overlap": 1.0,
        "linear_cka": 1.0,
        "pip_relative": 0.75,  # ‖AAᵀ − 4AAᵀ‖ / ‖4AAᵀ‖
        "distance_correlation": 1.0,
    }
    for key, value in expected.items():
        assert rep[key] == pytest.approx(value, abs=1e-9), key


def test_stability_report_planted_translation():
    """B = 2AQ + t.  Catches the centred-unit key wired to the raw (≠ 0) or centred-only (= 0.5) result."""
    A = well_conditioned(70, 5, 3)
    B = 2 * A @ orthogonal(5, 4) + np.array([3.0, -1.0, 2.0, 0.5, -2.0])
    rep = es.stability_report(A, B, k=4)
    assert rep["procrustes_relative_centered_unit"] == pytest.approx(0, abs=1e-9)
    assert es.procrustes(A, B, center=True).relative_residual == pytest.approx(0.5)
    assert rep["procrustes_relative"] > 0.3  # the translation is not a rotation
    assert rep["mean_cosine_aligned_centered"] == pytest.approx(1, abs=1e-9)
    assert rep["mean_cosine_aligned"] < 0.99
    assert rep["linear_cka"] == pytest.approx(1, abs=1e-9)


def test_stability_report_planted_row_scaling():
    """Rows rescaled one by one: cosine measures see no change, CKA does.  Catches distance_correlation → CKA."""
    A = well_conditioned(90, 5, 5)
    B = A * np.random.default_rng(6).uniform(0.1, 10, size=(90, 1))
    rep = es.stability_report(A, B, k=5)
    assert rep["distance_correlation"] == pytest.approx(1, abs=1e-12)
    assert rep["knn_overlap"] == 1.0 and rep["mean_cosine_raw"] == pytest.approx(1)
    assert rep["linear_cka"] < 0.95


def test_heldout_centres_on_the_fitted_rows_only():
    """The held-out rows of B carry an extra column offset c.

    With means from the fitted rows, the fit is exact (residual 0, Q = Q₀) and every held-out row misses by
    exactly −c.  Centring on all rows leaks c into the fit (residual > 0): the planted bug fails here.
    """
    V, d = 40, 3
    A = well_conditioned(V, d, 7, offset=2.0)
    split = es.procrustes_heldout(A, A, seed=5)
    fit, held = split.fit_rows, split.heldout_rows
    Q0 = orthogonal(d, 8)
    c = np.array([5.0, -3.0, 2.0])
    B = A @ Q0
    B[held] += c
    res = es.procrustes_heldout(A, B, seed=5, center=True)
    assert np.array_equal(res.fit_rows, fit) and np.array_equal(res.heldout_rows, held)
    assert res.fit_relative_residual == pytest.approx(0, abs=1e-12)
    assert np.allclose(res.rotation, Q0, atol=1e-10)
    Bc = B[held] - B[fit].mean(axis=0)
    expected = np.sqrt(len(held)) * np.linalg.norm(c) / np.linalg.norm(Bc)
    assert res.heldout_relative_residual == pytest.approx(expected, rel=1e-10)
    # without centring the offset shows up on the held-out side only, and differently
    raw = es.procrustes_heldout(A, B, seed=5)
    assert raw.fit_relative_residual == pytest.approx(0, abs=1e-12)
    assert raw.heldout_relative_residual == pytest.approx(
        np.sqrt(len(held)) * np.linalg.norm(c) / np.linalg.norm(B[held]), rel=1e-10
    )


def test_heldout_normalize_rows_uses_unit_rows():
    A = well_conditioned(30, 3, 9)
    B = A @ orthogonal(3, 10) * np.random.default_rng(11).uniform(0.5, 5, size=(30, 1))
    res = es.procrustes_heldout(A, B, seed=1, normalize_rows=True)
    assert res.fit_relative_residual == pytest.approx(0, abs=1e-12)
    assert res.heldout_relative_residual == pytest.approx(0, abs=1e-12)
    assert es.procrustes_heldout(A, B, seed=1).heldout_relative_residual > 0.1


def _line_area(line):
    x, y = (np.asarray(v, dtype=float) for v in line.get_data())
    return np.trapezoid(y, x)


@pytest.mark.parametrize("sd, mean", [(1.0, 0.0), (0.05, 3.0), (7.0, -20.0)])
def test_normal_curve_is_a_density(sd, mean):
    """Catches a mis-scaled normal curve (e.g. without 1/(sd √2π), or with sd² for sd)."""
    fig, (ax,) = plots.axes()
    plots.normal_curve(ax, sd, mean=mean, lim=(mean - 10 * sd, mean + 10 * sd))
    line = ax.lines[-1]
    assert _line_area(line) == pytest.approx(1, abs=1e-4)
    x, y = line.get_data()
    assert np.max(y) == pytest.approx(1 / (sd * np.sqrt(2 * np.pi)), rel=1e-3)
    assert x[np.argmax(y)] == pytest.approx(mean, abs=sd / 10)
    plt.close(fig)


@pytest.mark.parametrize("low, high", [(-1.0, 1.0), (0.0, 0.01), (-50.0, 250.0)])
def test_uniform_curve_is_a_density(low, high):
    fig, (ax,) = plots.axes()
    plots.uniform_curve(ax, low, high)
    x, y = ax.lines[-1].get_data()
    assert _line_area(ax.lines[-1]) == pytest.approx(1, rel=1e-12)
    assert min(x) == low and max(x) == high and min(y) == 0
    plt.close(fig)


def test_density_hist_integrates_to_one():
    fig, (ax,) = plots.axes()
    plots.density_hist(ax, np.random.default_rng(0).exponential(size=777) * 40, bins=30)
    area = sum(p.get_height() * p.get_width() for p in ax.patches)
    assert area == pytest.approx(1, rel=1e-9)
    plt.close(fig)


def test_interval_bars_draw_the_intervals():
    fig, (ax,) = plots.axes()
    ivs = [es.Interval(0.3, 0.1, 0.35, 3), es.Interval(0.6, 0.58, 0.9, 4)]  # asymmetric: catches swapped bars
    plots.interval_bars(ax, ["a", "b"], ivs, chance=0.05, chance_label="chance")
    heights = [p.get_height() for p in ax.patches]
    assert heights == pytest.approx([iv.mean for iv in ivs])
    (errorbar,) = [c for c in ax.containers if isinstance(c, matplotlib.container.ErrorbarContainer)]
    segments = errorbar.lines[2][0].get_segments()
    assert np.allclose([(s[0][1], s[1][1]) for s in segments], [(iv.low, iv.high) for iv in ivs])
    assert ax.lines[-1].get_ydata()[0] == 0.05
    plt.close(fig)
