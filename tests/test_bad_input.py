"""Bad input across the public API, as a table: function, arguments, expected exception, part of the message.

Every case must raise exactly a ``ValueError`` or ``TypeError`` whose message names the argument (the expected
substring).  A silent result (NaN or not), another exception type, or a message that does not say what is wrong
fails the test.
"""

from __future__ import annotations

import datetime
import re
import warnings

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from gensim.models import KeyedVectors  # noqa: E402

import embstab_lib as es  # noqa: E402
from embstab_lib import plots, quality, tables  # noqa: E402

RNG = np.random.default_rng(7)
A = RNG.normal(size=(12, 3))
B = RNG.normal(size=(12, 3))
KV = KeyedVectors(vector_size=3, count=0, dtype=np.float64)
KV.add_vectors([f"w{i}" for i in range(12)], A)


def with_nan(X):
    X = X.copy()
    X[2, 1] = np.nan
    return X


def with_zero_row(X):
    X = X.copy()
    X[3] = 0.0
    return X


# (label, bad value, exception, message template: {n} is the argument's name)
BAD_MATRICES = [
    ("None", None, TypeError, "{n} must be an array of numbers, got None"),
    ("string", "abc", TypeError, "{n} must be numeric, got a string"),
    ("bytes", b"abc", TypeError, "{n} must be numeric, got a string"),
    ("complex", A.astype(complex), TypeError, "{n} must be real, got complex"),
    ("complex-list", [[1j, 2.0, 3.0]] * 12, TypeError, "{n} must be real, got complex"),
    ("complex-object", np.array([[1, 2, 1j]] * 12, dtype=object), TypeError, "{n} must be real, got complex"),
    ("bool", A > 0, TypeError, "{n} must be numeric, got booleans"),
    ("bool-object", np.array([[True, 1.0, 2.0]] * 12, dtype=object), TypeError, "{n} must be numeric, got booleans"),
    ("str-array", np.full((12, 3), "1.0"), TypeError, "{n} must be numeric, got dtype"),
    ("None-object", np.array([[None, 1.0, 2.0]] * 12, dtype=object), TypeError, "{n} must contain only numbers"),
    ("dict", {"a": 1}, TypeError, "{n} must contain only numbers"),
    ("datetime", np.full((12, 3), np.datetime64("2020-01-01")), TypeError, "{n} must be plain numbers"),
    ("date-object", [[datetime.date(2020, 1, 1)] * 3] * 12, TypeError, "{n} must contain only numbers"),
    ("ragged", [[1.0, 2.0, 3.0], [1.0]] * 6, ValueError, "{n} must be a numeric array"),
    ("scalar", 3.0, ValueError, "{n} must be a 2-D array"),
    ("1-D", A[:, 0], ValueError, "{n} must be a 2-D array"),
    ("3-D", A[None], ValueError, "{n} must be a 2-D array"),
    ("no-columns", np.empty((12, 0)), ValueError, "{n} must have at least"),
    ("nan", with_nan(A), ValueError, "{n} contains 1 NaN/inf value(s)"),
    ("inf", np.where(A > 1, np.inf, A), ValueError, "NaN/inf value(s)"),
    ("-inf", np.full((12, 3), -np.inf), ValueError, "{n} contains 36 NaN/inf value(s)"),
    ("longdouble-overflow", np.full((12, 3), np.longdouble("1e400")), ValueError, "NaN/inf value(s)"),
]

PAIR_FUNCTIONS = {
    "procrustes": es.procrustes,
    "procrustes_null": lambda X, Y: es.procrustes_null(X, Y, n_perm=2),
    "procrustes_heldout": es.procrustes_heldout,
    "linear_fit": es.linear_fit,
    "frobenius_distance": es.frobenius_distance,
    "cosine_per_word": es.cosine_per_word,
    "mean_cosine": es.mean_cosine,
    "pip_loss": es.pip_loss,
    "linear_cka": es.linear_cka,
    "distance_correlation": es.distance_correlation,
    "knn_overlap": lambda X, Y: es.knn_overlap(X, Y, 2),
    "stability_report": lambda X, Y: es.stability_report(X, Y, k=2),
}
SINGLE_FUNCTIONS = {
    "spectrum": (es.spectrum, "E"),
    "mean_pairwise_cosine": (es.mean_pairwise_cosine, "E"),
    "nearest_neighbors": (lambda X: es.nearest_neighbors(X, 2), "X"),
}
SAME_ROWS = {"pip_loss", "linear_cka", "knn_overlap", "distance_correlation"}  # widths may differ
COSINE_BASED = {"cosine_per_word", "mean_cosine", "distance_correlation", "knn_overlap", "stability_report"}

CASES = []


def case(label, fn, args=(), kwargs=None, exc=ValueError, message=""):
    CASES.append(pytest.param(fn, args, kwargs or {}, exc, message, id=label))


for fname, fn in PAIR_FUNCTIONS.items():
    for label, bad, exc, template in BAD_MATRICES:
        case(f"{fname}-A-{label}", fn, (bad, B), exc=exc, message=template.format(n="A"))
        case(f"{fname}-B-{label}", fn, (A, bad), exc=exc, message=template.format(n="B"))
    case(f"{fname}-no-rows", fn, (A[:0], B[:0]), message="A must have at least")
    case(f"{fname}-row-mismatch", fn, (A, B[:7]), message="mismatch: A")
    if fname not in SAME_ROWS:
        case(f"{fname}-width-mismatch", fn, (A, B[:, :2]), message="shape mismatch: A is (12, 3) but B is (12, 2)")
    if fname in COSINE_BASED:
        case(f"{fname}-A-zero-row", fn, (with_zero_row(A), B), message="A has 1 zero row(s)")
        case(f"{fname}-B-zero-row", fn, (A, with_zero_row(B)), message="B has 1 zero row(s)")

for fname, (fn, name) in SINGLE_FUNCTIONS.items():
    for label, bad, exc, template in BAD_MATRICES:
        case(f"{fname}-{label}", fn, (bad,), exc=exc, message=template.format(n=name))
    msg = "k=2 is too large: with 1 rows" if fname == "nearest_neighbors" else f"{name} must have at least"
    case(f"{fname}-one-row", fn, (A[:1],), message=msg)
for fn, name in ((es.mean_pairwise_cosine, "E"), (lambda X: es.nearest_neighbors(X, 2), "X")):
    case(f"{name}-zero-row", fn, (with_zero_row(A),), message=f"{name} has 1 zero row(s)")

# ---------------------------------------------------------------- options
NOT_A_BOOL = [("str-no", "no"), ("int-1", 1), ("None", None), ("array", np.array([True])), ("float", 0.0)]
for fname, fn, opt in [
    ("procrustes", es.procrustes, "center"),
    ("procrustes", es.procrustes, "normalize_rows"),
    ("procrustes_null", es.procrustes_null, "center"),
    ("procrustes_null", es.procrustes_null, "normalize_rows"),
    ("procrustes_heldout", es.procrustes_heldout, "center"),
    ("procrustes_heldout", es.procrustes_heldout, "normalize_rows"),
    ("frobenius_distance", es.frobenius_distance, "relative"),
    ("pip_loss", es.pip_loss, "relative"),
]:
    for label, bad in NOT_A_BOOL:
        case(f"{fname}-{opt}-{label}", fn, (A, B), {opt: bad}, TypeError, f"{opt} must be True or False")
for label, bad in NOT_A_BOOL:
    case(f"spectrum-center-{label}", es.spectrum, (A,), {"center": bad}, TypeError, "center must be True or False")

NOT_POSITIVE_INT = [
    ("zero", 0),
    ("negative", -2),
    ("float", 2.5),
    ("float-int", 2.0),
    ("str", "3"),
    ("bool", True),
    ("None", None),
    ("complex", 2j),
    ("array", np.array([2])),
]
for fname, fn, args, opt in [
    ("procrustes_null", es.procrustes_null, (A, B), "n_perm"),
    ("distance_correlation", es.distance_correlation, (A, B), "n_pairs"),
    ("knn_overlap", es.knn_overlap, (A, B), "k"),
    ("nearest_neighbors", es.nearest_neighbors, (A,), "k"),
    ("stability_report", es.stability_report, (A, B), "k"),
    ("random_orthogonal", es.random_orthogonal, (), "d"),
    ("nearest_neighbors", es.nearest_neighbors, (A, 2), "block"),
    ("nearest_neighbors", es.nearest_neighbors, (A, 2), "max_bytes"),
    ("knn_overlap", es.knn_overlap, (A, B, 2), "block"),
]:
    for label, bad in NOT_POSITIVE_INT:
        if bad is None and opt in ("d", "block"):  # d has no default; block=None means "from max_bytes"
            continue
        kwargs = {} if opt == "d" else {opt: bad}
        case(
            f"{fname}-{opt}-{label}",
            fn,
            args + ((bad,) if opt == "d" else ()),
            kwargs,
            ValueError,
            f"{opt} must be a positive integer",
        )
case("knn_overlap-k-too-large", es.knn_overlap, (A, B, 12), message="k=12 is too large: with 12 rows at most 11")
case("nearest_neighbors-k-too-large", es.nearest_neighbors, (A, 20), message="k=20 is too large")
case("stability_report-k-too-large", es.stability_report, (A, B), {"k": 12}, message="k=12 is too large")

BAD_SEEDS = [
    ("str", "x", TypeError),
    ("float", 1.5, TypeError),
    ("bool", True, TypeError),
    ("list", [1], TypeError),
    ("negative", -1, ValueError),
]
for fname, fn, args in [
    ("random_orthogonal", es.random_orthogonal, (3,)),
    ("procrustes_null", es.procrustes_null, (A, B)),
    ("procrustes_heldout", es.procrustes_heldout, (A, B)),
    ("distance_correlation", es.distance_correlation, (A, B)),
]:
    for label, bad, exc in BAD_SEEDS:
        case(f"{fname}-seed-{label}", fn, args, {"seed": bad}, exc, "seed must be")

for label, bad, exc, msg in [
    ("zero", 0, ValueError, "fit_fraction must be in (0, 1)"),
    ("one", 1, ValueError, "fit_fraction must be in (0, 1)"),
    ("above", 1.5, ValueError, "fit_fraction must be in (0, 1)"),
    ("negative", -0.2, ValueError, "fit_fraction must be in (0, 1)"),
    ("nan", np.nan, ValueError, "fit_fraction must be finite"),
    ("inf", np.inf, ValueError, "fit_fraction must be finite"),
    ("tiny", 0.01, ValueError, "12 rows cannot be split with fit_fraction=0.01"),
    ("almost-one", 0.99, ValueError, "cannot be split"),
    ("str", "0.5", TypeError, "fit_fraction must be a real number"),
    ("None", None, TypeError, "fit_fraction must be a real number"),
    ("bool", True, TypeError, "fit_fraction must be a real number"),
    ("complex", 0.5j, TypeError, "fit_fraction must be a real number"),
]:
    case(f"procrustes_heldout-fit_fraction-{label}", es.procrustes_heldout, (A, B), {"fit_fraction": bad}, exc, msg)

# ---------------------------------------------------------------- numerically undefined results
Z = np.zeros_like(A)
HUGE = A / np.max(np.abs(A)) * 1e308
for label, fn, args, msg in [
    ("procrustes-B-zero", es.procrustes, (A, Z), "B is zero after preprocessing"),
    ("procrustes-B-constant-centred", lambda X, Y: es.procrustes(X, Y, center=True), (A, np.ones_like(A)), "B is zero"),
    ("procrustes_null-one-row", es.procrustes_null, (A[:1], B[:1]), "at least 2 rows to permute"),
    ("procrustes_heldout-B-zero", es.procrustes_heldout, (A, Z), "B is zero on the fitted rows"),
    # A′ = 0: every orthogonal Q fits equally, so the rotation is undefined (refused like B′ = 0, A named)
    ("procrustes-A-zero", es.procrustes, (Z, B), "A is zero after preprocessing: the rotation is undefined"),
    ("procrustes-A-constant-centred", lambda X, Y: es.procrustes(X, Y, center=True), (np.ones_like(A), B), "A is zero"),
    ("procrustes_null-A-zero", lambda X, Y: es.procrustes_null(X, Y, n_perm=2), (Z, B), "A is zero after"),
    ("procrustes_heldout-A-zero", es.procrustes_heldout, (Z, B), "A is zero on the fitted rows"),
    ("procrustes-A-and-B-zero", es.procrustes, (Z, Z), "B is zero after preprocessing"),
    ("scaled_procrustes-A-zero", es.scaled_procrustes, (Z, B), "A is zero after preprocessing"),
    ("procrustes_heldout-one-row", es.procrustes_heldout, (A[:1], B[:1]), "cannot be split"),
    ("linear_fit-B-zero", es.linear_fit, (A, Z), "B is a zero matrix"),
    ("frobenius-relative-B-zero", lambda X, Y: es.frobenius_distance(X, Y, relative=True), (A, Z), "B is a zero"),
    ("pip-relative-B-zero", lambda X, Y: es.pip_loss(X, Y, relative=True), (A, Z), "B is a zero matrix"),
    ("pip-relative-B-tiny", lambda X, Y: es.pip_loss(X, Y, relative=True), (A, 1e-200 * B), "relative PIP loss"),
    ("pip-overflow", es.pip_loss, (1e160 * A, B), "the PIP loss is not finite"),
    ("frobenius-overflow", es.frobenius_distance, (HUGE, -HUGE), "‖A − B‖_F is not finite"),
    ("spectrum-overflow", lambda X, Y: es.spectrum(X), (1e160 * A, None), "the spectrum is not finite"),
    ("linear_fit-overflow", es.linear_fit, (1e-300 * A, 1e300 * B), "the linear map M"),
    ("cka-A-constant", es.linear_cka, (np.ones_like(A), B), "constant across rows"),
    ("cka-B-constant", es.linear_cka, (A, np.full_like(B, 0.1)), "constant across rows"),
    ("cka-one-row", es.linear_cka, (A[:1], B[:1]), "A must have at least 2 row(s)"),
    ("dcorr-two-rows", es.distance_correlation, (A[:2], B[:2]), "A must have at least 3 row(s)"),
    ("dcorr-A-constant", es.distance_correlation, (np.ones_like(A), B), "distances of A are all equal"),
    ("dcorr-B-constant", es.distance_correlation, (A, np.ones_like(B)), "distances of B are all equal"),
    ("dcorr-one-pair", lambda X, Y: es.distance_correlation(X, Y, n_pairs=1), (A, B), "all equal over the 1 sampled"),
    ("report-two-rows", lambda X, Y: es.stability_report(X, Y, k=1), (A[:2], B[:2]), "at least 3 row(s)"),
    ("report-B-constant", lambda X, Y: es.stability_report(X, Y, k=2), (A, np.ones_like(B)), "B is zero"),
    ("report-B-zero-row", lambda X, Y: es.stability_report(X, Y, k=2), (A, with_zero_row(B)), "zero row"),
]:
    case(label, fn, args, message=msg)


# ---------------------------------------------------------------- models
class Words:
    """Duck-typed KeyedVectors (what shared_matrices needs)."""

    def __init__(self, words, vectors):
        self.index_to_key = list(words)
        self.key_to_index = {w: i for i, w in enumerate(words)}
        self.vectors = np.asarray(vectors)


GOOD = Words(["a", "b", "c"], np.eye(3))
NOT_KV = [("array", A), ("dict", {"a": [1.0]}), ("None", None), ("list", [[1.0, 2.0]]), ("str", "model.kv")]
for label, bad in NOT_KV:
    case(
        f"shared_matrices-kv_a-{label}",
        es.shared_matrices,
        (bad, GOOD),
        exc=TypeError,
        message="kv_a must be gensim KeyedVectors",
    )
    case(
        f"shared_matrices-kv_b-{label}",
        es.shared_matrices,
        (GOOD, bad),
        exc=TypeError,
        message="kv_b must be gensim KeyedVectors",
    )
    for qname, qfn in [
        ("similarity_score", quality.similarity_score),
        ("similarity_pairs", quality.similarity_pairs),
        ("analogy_score", quality.analogy_score),
        ("word_quality", quality.word_quality),
    ]:
        case(f"{qname}-{label}", qfn, (bad,), exc=TypeError, message="kv must be gensim KeyedVectors")
    case(
        f"tables.neighbors-{label}",
        tables.neighbors,
        (bad, "w1"),
        exc=TypeError,
        message="kv must be gensim KeyedVectors",
    )
case(
    "shared_matrices-no-shared-word",
    es.shared_matrices,
    (GOOD, Words(["x"], [[1.0, 2.0, 3.0]])),
    message="share no word",
)
case(
    "shared_matrices-nan-vectors",
    es.shared_matrices,
    (Words(["a", "b"], [[1.0, np.nan], [1.0, 2.0]]), GOOD),
    message="kv_a.vectors contains 1 NaN/inf",
)
case(
    "shared_matrices-complex-vectors",
    es.shared_matrices,
    (GOOD, Words(["a"], [[1j, 0, 0]])),
    exc=TypeError,
    message="kv_b.vectors must be real",
)
for label, bad in [c for c in NOT_POSITIVE_INT[:-1] if c[1] is not None] + [("too-large", 4)]:
    msg = "top_n=4 is larger than the 3 shared words" if label == "too-large" else "top_n must be a positive integer"
    case(f"shared_matrices-top_n-{label}", es.shared_matrices, (GOOD, GOOD), {"top_n": bad}, message=msg)
for qname, qfn in [("similarity_score", quality.similarity_score), ("similarity_pairs", quality.similarity_pairs)]:
    case(f"{qname}-name-unknown", qfn, (KV, "men3000"), message="unknown similarity test set 'men3000'")
    case(f"{qname}-name-list", qfn, (KV, ["wordsim353"]), exc=TypeError, message="name must be a string")
    case(f"{qname}-name-None", qfn, (KV, None), exc=TypeError, message="name must be a string")
for qname, qfn in [
    ("similarity_score", quality.similarity_score),
    ("similarity_pairs", quality.similarity_pairs),
    ("analogy_score", quality.analogy_score),
    ("word_quality", quality.word_quality),
]:
    for label, bad in NOT_POSITIVE_INT[:-1] + [("too-large", 13)]:
        if bad is None:
            continue
        msg = "larger than the vocabulary" if label == "too-large" else "restrict_vocab must be a positive integer"
        case(f"{qname}-restrict_vocab-{label}", qfn, (KV,), {"restrict_vocab": bad}, message=msg)
    case(f"{qname}-empty-kv", qfn, (KeyedVectors(vector_size=3, count=0),), message="kv has an empty vocabulary")
case(
    "analogy_score-restrict_vocab-4",
    quality.analogy_score,
    (KV,),
    {"restrict_vocab": 4},
    message="at least 5 candidate words",
)
case("similarity_score-no-pair", quality.similarity_score, (KV,), message="no pair of 'wordsim353'")
case("analogy_score-no-question", quality.analogy_score, (KV,), message="none of the 19544 analogy questions")

# ---------------------------------------------------------------- tables and plots
case("tables.neighbors-unknown-word", tables.neighbors, (KV, "zzz"), message="word 'zzz' is not in the vocabulary")
case("tables.neighbors-word-list", tables.neighbors, (KV, ["w1"]), exc=TypeError, message="word must be a string")
case("tables.neighbors-word-None", tables.neighbors, (KV, None), exc=TypeError, message="word must be a string")
for label, bad in [("zero", 0), ("too-large", 12), ("float", 2.5), ("str", "3"), ("bool", True), ("None", None)]:
    case(f"tables.neighbors-k-{label}", tables.neighbors, (KV, "w1"), {"k": bad}, message="k=")
case("markdown_table-row-length", tables.markdown_table, (["a", "b"], [[1]]), message="row has 1 cells but there")
case(
    "markdown_table-digits-negative",
    tables.markdown_table,
    (["a"], [[1.0]]),
    {"digits": -1},
    message="digits must be >= 0",
)
case(
    "markdown_table-digits-float",
    tables.markdown_table,
    (["a"], [[1.0]]),
    {"digits": 2.5},
    TypeError,
    "digits must be an integer",
)
case(
    "markdown_table-headers-str",
    tables.markdown_table,
    ("ab", [["x", "y"]]),
    exc=TypeError,
    message="headers must be a sequence",
)


def on_axes(fn):
    def call(*args, **kwargs):
        fig, (ax,) = plots.axes()
        try:
            return fn(ax, *args, **kwargs)
        finally:
            matplotlib.pyplot.close(fig)

    return call


for label, bad, exc, msg in [
    ("zero", 0.0, ValueError, "sd must be positive"),
    ("negative", -1.0, ValueError, "sd must be positive"),
    ("nan", np.nan, ValueError, "sd must be finite"),
    ("inf", np.inf, ValueError, "sd must be finite"),
    ("str", "1", TypeError, "sd must be a real number"),
    ("None", None, TypeError, "sd must be a real number"),
    ("complex", 1j, TypeError, "sd must be a real number"),
]:
    case(f"normal_curve-sd-{label}", on_axes(plots.normal_curve), (bad,), {"lim": (-1, 1)}, exc, msg)
for label, lim, exc, msg in [
    ("reversed", (1, -1), ValueError, "lim[0] must be smaller than lim[1]"),
    ("equal", (1, 1), ValueError, "lim[0] must be smaller than lim[1]"),
    ("three", (1, 2, 3), ValueError, "lim must be a pair"),
    ("str", "ab", ValueError, "lim must be a pair"),
    ("nan", (np.nan, 1), ValueError, "lim[0] must be finite"),
    ("str-items", ("a", "b"), TypeError, "lim[0] must be a real number"),
]:
    case(f"normal_curve-lim-{label}", on_axes(plots.normal_curve), (1.0,), {"lim": lim}, exc, msg)
case(
    "normal_curve-mean-nan",
    on_axes(plots.normal_curve),
    (1.0,),
    {"mean": np.nan, "lim": (-1, 1)},
    message="mean must be finite",
)
for label, lo, hi, exc, msg in [
    ("reversed", 1.0, 0.0, ValueError, "low must be smaller than high"),
    ("equal", 1.0, 1.0, ValueError, "low must be smaller than high"),
    ("nan", np.nan, 1.0, ValueError, "low must be finite"),
    ("inf", 0.0, np.inf, ValueError, "high must be finite"),
    ("str", "0", 1.0, TypeError, "low must be a real number"),
]:
    case(f"uniform_curve-{label}", on_axes(plots.uniform_curve), (lo, hi), exc=exc, message=msg)
for label, bad, exc, msg in [
    ("empty", [], ValueError, "values is empty"),
    ("nan", [1.0, np.nan], ValueError, "values contain 1 NaN/inf"),
    ("complex", [1j, 2.0], TypeError, "values must be real"),
    ("str", ["a", "b"], TypeError, "values must be numeric"),
    ("None", None, TypeError, "values must be an array"),
]:
    case(f"density_hist-{label}", on_axes(plots.density_hist), (bad,), exc=exc, message=msg)
IV = es.mean_ci([0.1, 0.2, 0.3])
case("interval_bars-length", on_axes(plots.interval_bars), (["a", "b"], [IV]), message="2 labels but 1 intervals")
case(
    "interval_bars-not-intervals",
    on_axes(plots.interval_bars),
    (["a"], [0.3]),
    exc=TypeError,
    message="intervals must be Interval objects",
)
case(
    "interval_bars-chance-str",
    on_axes(plots.interval_bars),
    (["a"], [IV]),
    {"chance": "5%"},
    TypeError,
    "chance must be a real number",
)

# ---------------------------------------------------------------- intervals
PAIRS3 = [(0, 1), (0, 2), (1, 2)]
for label, bad, exc, msg in [
    ("complex", [1 + 1j, 2.0, 3.0], TypeError, "values must be real"),
    ("bool", [True, False, True], TypeError, "values must be numeric, got booleans"),
    ("bool-array", np.array([True, False, True]), TypeError, "got booleans"),
    ("str", "123", TypeError, "values must be numeric, got a string"),
    ("str-list", ["1", "2", "3"], TypeError, "values must be numeric"),
    ("None", None, TypeError, "values must be an array of numbers"),
    ("None-item", [1.0, None, 2.0], TypeError, "values must contain only numbers"),
    ("one", [1.0], ValueError, "need at least 2 values"),
    ("empty", [], ValueError, "need at least 2 values"),
    ("nan", [1.0, np.nan, 2.0], ValueError, "values contain 1 NaN/inf"),
    ("inf", [1.0, np.inf], ValueError, "values contain 1 NaN/inf"),
    ("ragged", [[1.0, 2.0], [3.0]], ValueError, "values must be a numeric array"),
    ("overflow", [1e308, 1.7e308], ValueError, "the interval is not finite"),
]:
    case(f"mean_ci-{label}", es.mean_ci, (bad,), exc=exc, message=msg)
for label, bad, exc, msg in [
    ("zero", 0, ValueError, "level must be in (0, 1)"),
    ("one", 1, ValueError, "level must be in (0, 1)"),
    ("percent", 95, ValueError, "level must be in (0, 1)"),
    ("nan", np.nan, ValueError, "level must be finite"),
    ("str", "0.95", TypeError, "level must be a real number"),
    ("None", None, TypeError, "level must be a real number"),
    ("bool", True, TypeError, "level must be a real number"),
]:
    case(f"mean_ci-level-{label}", es.mean_ci, ([1.0, 2.0],), {"level": bad}, exc, msg)
    case(f"pairwise_ci-level-{label}", es.pairwise_ci, ([1.0, 2.0, 3.0], PAIRS3), {"level": bad}, exc, msg)
    case(f"proportion_ci-level-{label}", es.proportion_ci, ([True, False],), {"level": bad}, exc, msg)
for label, bad, exc, msg in [
    ("str", "1010", TypeError, "flags must be booleans or 0/1 values, got str"),
    ("str-list", ["1", "0"], TypeError, "flags must be numeric"),
    ("complex", [1j, 0], TypeError, "flags must be real"),
    ("None", None, TypeError, "flags must be booleans or 0/1 values, got NoneType"),
    ("None-item", [1, None, 0], TypeError, "flags must contain only numbers"),
    ("empty", [], ValueError, "need at least one outcome"),
    ("half", [1, 0.5, 0], ValueError, "flags must be booleans or 0/1 values"),
    ("two", [1, 2], ValueError, "flags must be booleans or 0/1 values"),
    ("nan", [1.0, np.nan], ValueError, "flags must be booleans or 0/1 values"),
]:
    case(f"proportion_ci-{label}", es.proportion_ci, (bad,), exc=exc, message=msg)
for label, values, pairs, exc, msg in [
    ("lengths", [0.1, 0.2], PAIRS3, ValueError, "2 values but 3 pairs"),
    ("self-pair", [0.1, 0.2, 0.3], [(0, 0), (0, 2), (1, 2)], ValueError, "pairs a seed with itself"),
    ("repeated", [0.1, 0.2, 0.3], [(0, 1), (1, 0), (1, 2)], ValueError, "is repeated"),
    ("two-seeds", [0.1], [(0, 1)], ValueError, "need at least 3 distinct seeds"),
    ("nan", [0.1, np.nan, 0.3], PAIRS3, ValueError, "values contain 1 NaN/inf"),
    ("star", [0.1, 0.2, 0.3], [(0, 1), (0, 2), (0, 3)], ValueError, "leaves no pair"),
    ("triple", [0.1, 0.2, 0.3], [(0, 1, 2), (0, 2), (1, 2)], ValueError, "every pair must have two seeds"),
    ("2-D", [[0.1, 0.2, 0.3]], PAIRS3, ValueError, "values must be a 1-D sequence"),
    ("str-values", ["a", "b", "c"], PAIRS3, TypeError, "values must be numeric"),
    ("bool-values", [True, False, True], PAIRS3, TypeError, "booleans"),
    ("complex-values", [1j, 0.2, 0.3], PAIRS3, TypeError, "values must be real"),
    ("str-pairs", [0.1, 0.2, 0.3], "abc", TypeError, "values and pairs must be sequences"),
    ("int-pairs", [0.1, 0.2, 0.3], [1, 2, 3], TypeError, "pairs must be a sequence of (seed, seed) pairs"),
    ("None-pairs", [0.1, 0.2, 0.3], None, TypeError, "pairs must be a sequence"),
    ("unhashable-seeds", [0.1, 0.2, 0.3], [([0], [1]), ([0], [2]), ([1], [2])], TypeError, "hashable"),
    ("overflow", [1e308, 1.7e308, 1.7e308], PAIRS3, ValueError, "the interval"),
]:
    case(f"pairwise_ci-{label}", es.pairwise_ci, (values, pairs), exc=exc, message=msg)
for label, bad, exc, msg in [
    ("one", [0], ValueError, "need at least 2 items"),
    ("empty", [], ValueError, "need at least 2 items"),
    ("repeated", [0, 1, 1], ValueError, "items contain 1 repeated seed"),
    ("int", 5, TypeError, "items must be an iterable"),
    ("None", None, TypeError, "items must be an iterable"),
    ("str", "abc", TypeError, "items must be a sequence of seeds, not a string"),
    ("unhashable", [[0], [1]], TypeError, "hashable"),
]:
    case(f"seed_pairs-{label}", es.seed_pairs, (bad,), exc=exc, message=msg)

# ---------------------------------------------------------------- chapters 05, 07, 08: neighbour lists, many runs,
# subspaces, displacement, bias and variance
NN = np.array([[1, 2], [0, 2], [0, 1]])  # neighbour lists of 3 words
INTS = np.zeros((12, 2), dtype=int)
PAIR_FUNCTIONS_2 = {
    "neighbors_within": lambda X, Y: es.neighbors_within(X, Y, 2),
    "word_displacement": es.word_displacement,
    "canonical_correlations": es.canonical_correlations,
    "subspace_similarity": es.subspace_similarity,
}
for fname, fn in PAIR_FUNCTIONS_2.items():
    for label, bad, exc, template in BAD_MATRICES:
        case(f"{fname}-A-{label}", fn, (bad, B), exc=exc, message=template.format(n="A"))
        case(f"{fname}-B-{label}", fn, (A, bad), exc=exc, message=template.format(n="B"))
    case(f"{fname}-row-mismatch", fn, (A, B[:7]), message="row count mismatch: A has 12 rows but B has 7")
for label, bad, exc, template in BAD_MATRICES:
    case(f"neighbor_cosines-{label}", es.neighbor_cosines, (bad, INTS), exc=exc, message=template.format(n="X"))
for fname, fn in [("neighbors_within", lambda X, Y: es.neighbors_within(X, Y, 2)), ("knn_overlap", es.knn_overlap)]:
    case(f"{fname}-A-zero-row", fn, (with_zero_row(A), B), message="A has 1 zero row(s)")
    case(f"{fname}-B-zero-row", fn, (A, with_zero_row(B)), message="B has 1 zero row(s)")
case("neighbor_cosines-zero-row", es.neighbor_cosines, (with_zero_row(A), INTS), message="X has 1 zero row(s)")
CENTRED_MEAN = A.copy()  # row 0 is the mean of the others, so the column mean: zero after centring
CENTRED_MEAN[0] = A[1:].mean(axis=0)
for fname, fn in [("word_displacement", es.word_displacement)]:
    case(f"{fname}-A-zero-centred", fn, (CENTRED_MEAN, B), message="A (centred) has 1 zero row(s)")
    case(f"{fname}-B-zero-centred", fn, (A, CENTRED_MEAN), message="B (centred) has 1 zero row(s)")
    case(f"{fname}-one-row", fn, (A[:1], B[:1]), message="A must have at least 2 row(s)")
for fname, fn in [
    ("canonical_correlations", es.canonical_correlations),
    ("subspace_similarity", es.subspace_similarity),
]:
    case(f"{fname}-one-row", fn, (A[:1], B[:1]), message="A must have at least 2 row(s)")
    case(f"{fname}-A-constant", fn, (np.ones_like(A), B), message="A is zero (after centring)")
    case(f"{fname}-B-constant", fn, (A, np.ones_like(B)), message="B is zero (after centring)")
    case(f"{fname}-A-zero", fn, (Z, B), {"center": False}, message="A is zero (after centring)")
    for label, bad in NOT_A_BOOL:
        case(f"{fname}-center-{label}", fn, (A, B), {"center": bad}, TypeError, "center must be True or False")

for fname, fn, args, opt in [
    ("neighbors_within", es.neighbors_within, (A, B), "k"),
    ("neighbors_within", es.neighbors_within, (A, B), "k_prime"),
    ("neighbors_within", es.neighbors_within, (A, B, 2), "block"),
    ("neighbors_within", es.neighbors_within, (A, B, 2), "max_bytes"),
    ("nearest_neighbors", es.nearest_neighbors, (A, 2), "n_jobs"),
    ("knn_overlap", es.knn_overlap, (A, B, 2), "n_jobs"),
    ("knn_overlap", es.knn_overlap, (A, B, 2), "max_bytes"),
    ("shared_neighbors", es.shared_neighbors, (NN, NN), "k"),
    ("shared_neighbors", es.shared_neighbors, (NN, NN), "k_prime"),
    ("consensus_neighbors", es.consensus_neighbors, ([NN, NN],), "k"),
    ("consensus_chance", lambda **kw: es.consensus_chance(**{"k": 2, "V": 10, "n_runs": 3, **kw}), (), "k"),
    ("consensus_chance", lambda **kw: es.consensus_chance(**{"k": 2, "V": 10, "n_runs": 3, **kw}), (), "V"),
    ("consensus_chance", lambda **kw: es.consensus_chance(**{"k": 2, "V": 10, "n_runs": 3, **kw}), (), "n_runs"),
    ("pairwise_overlaps", es.pairwise_overlaps, ([A, B], 2), "n_jobs"),
    ("subspace_chance", lambda **kw: es.subspace_chance(**{"n": 100, "d_a": 3, **kw}), (), "n"),
    ("subspace_chance", lambda **kw: es.subspace_chance(**{"n": 100, "d_a": 3, **kw}), (), "d_a"),
    ("subspace_chance", lambda **kw: es.subspace_chance(**{"n": 100, "d_a": 3, **kw}), (), "d_b"),
    ("heldout_fit", es.heldout_fit, (A, B), "n_fit"),
]:
    for label, bad in NOT_POSITIVE_INT:
        if bad is None:  # None is the documented default of these options
            continue
        case(f"{fname}-{opt}-{label}", fn, args, {opt: bad}, ValueError, f"{opt} must be a positive integer")
case(
    "neighbors_within-k_prime-too-large",
    es.neighbors_within,
    (A, B, 2, 12),
    message="k=2, k_prime=12: with 12 rows at most 11",
)
case("neighbors_within-k-too-large", es.neighbors_within, (A, B, 12, 2), message="k=12, k_prime=2: with 12 rows")
for label, bad, exc, msg in [
    ("float", [0.0, 1.0], TypeError, "rows must be an array of integer indices"),
    ("bool", [True, False], TypeError, "rows must be an array of integer indices"),
    ("2-D", [[0, 1]], ValueError, "rows must be 1-D"),
    ("empty", np.array([], dtype=int), ValueError, "rows is empty"),
    ("above", [0, 12], ValueError, "rows holds indices outside [0, 12): 0..12"),
    ("negative", [-1, 3], ValueError, "rows holds indices outside [0, 12): -1..3"),
    ("repeated", [3, 1, 3], ValueError, "rows contains repeated indices"),
]:
    case(f"neighbors_within-rows-{label}", es.neighbors_within, (A, B, 2), {"rows": bad}, exc, msg)
    if label != "repeated":
        case(f"neighbor_cosines-rows-{label}", es.neighbor_cosines, (A, INTS[:2]), {"rows": bad}, exc, msg)
for label, bad, exc, msg in [
    ("float", INTS.astype(float), TypeError, "neighbors must be an array of integer indices, got dtype float64"),
    ("1-D", INTS[:, 0], ValueError, "neighbors must be 2-D, got shape (12,)"),
    ("empty", INTS[:, :0], ValueError, "neighbors is empty"),
    ("above", INTS + 12, ValueError, "neighbors holds indices outside [0, 12): 12..12"),
    ("negative", INTS - 1, ValueError, "neighbors holds indices outside [0, 12)"),
    ("too-few-rows", INTS[:5], ValueError, "without rows, neighbors needs one row per word of X (12), got 5"),
]:
    case(f"neighbor_cosines-neighbors-{label}", es.neighbor_cosines, (A, bad), exc=exc, message=msg)
case(
    "neighbor_cosines-rows-length",
    es.neighbor_cosines,
    (A, INTS[:3]),
    {"rows": [0, 1]},
    message="rows has 2 entries but neighbors has 3 rows",
)
for name, args in [("nn_a", (NN.astype(float), NN)), ("nn_b", (NN, NN > 0))]:
    case(f"shared_neighbors-{name}-float", es.shared_neighbors, args, exc=TypeError, message=f"{name} must be an array")
for name, args in [("nn_a", (NN[0], NN)), ("nn_b", (NN, NN[0]))]:
    case(f"shared_neighbors-{name}-1-D", es.shared_neighbors, args, message=f"{name} must be 2-D")
for name, args in [("nn_a", (NN[:0], NN)), ("nn_b", (NN, NN[:, :0]))]:
    case(f"shared_neighbors-{name}-empty", es.shared_neighbors, args, message=f"{name} is empty")
case("shared_neighbors-rows", es.shared_neighbors, (NN, NN[:2]), message="nn_a and nn_b must have one row per word")
case("shared_neighbors-k-large", es.shared_neighbors, (NN, NN), {"k": 3}, message="k=3 but nn_b holds only 2")
case("shared_neighbors-k_prime-large", es.shared_neighbors, (NN, NN), {"k_prime": 3}, message="k_prime=3 but nn_a")
case("shared_neighbors-nn_a-repeats", es.shared_neighbors, ([[1, 1]], [[1, 2]]), message="nn_a repeats a neighbour")
case("shared_neighbors-nn_b-repeats", es.shared_neighbors, ([[1, 2]], [[2, 2]]), message="nn_b repeats a neighbour")
for label, bad, exc, msg in [
    ("str", "abc", TypeError, "neighbor_lists must be a sequence"),
    ("int", 5, TypeError, "neighbor_lists must be a sequence"),
    ("one-run", [NN], ValueError, "need at least 2 runs, got 1"),
    ("float", [NN, NN.astype(float)], TypeError, "neighbour lists must hold integer word indices"),
    ("bool", [NN, NN > 0], TypeError, "neighbour lists must hold integer word indices"),
    ("1-D", [NN, NN[0]], ValueError, "every list must have shape (V, k) with the same V"),
    ("rows", [NN, NN, NN[:2]], ValueError, "every list must have shape (V, k) with the same V"),
]:
    case(f"consensus_neighbors-{label}", es.consensus_neighbors, (bad,), exc=exc, message=msg)
case(
    "consensus_neighbors-k-large", es.consensus_neighbors, ([NN, NN],), {"k": 3}, message="k=3 but a list holds only 2"
)
for label, bad, exc, msg in [
    ("zero", 0, ValueError, "min_share must be in (0, 1], got 0"),
    ("above", 1.5, ValueError, "min_share must be in (0, 1], got 1.5"),
    ("negative", -0.5, ValueError, "min_share must be in (0, 1]"),
    ("nan", np.nan, ValueError, "min_share must be finite"),
    ("str", "0.8", TypeError, "min_share must be a real number"),
]:
    case(f"consensus_neighbors-min_share-{label}", es.consensus_neighbors, ([NN, NN],), {"min_share": bad}, exc, msg)
    case(f"consensus_chance-min_share-{label}", es.consensus_chance, (2, 10, 3), {"min_share": bad}, exc, msg)
case("consensus_chance-V-equals-k", es.consensus_chance, (10, 10, 3), message="V=10 must exceed k=10")
for label, bad, exc, msg in [
    ("str", "abc", TypeError, "matrices must be a sequence"),
    ("int", 5, TypeError, "matrices must be a sequence"),
    ("one-run", [A], ValueError, "need at least 2 runs, got 1"),
    ("rows", [A, B[:5]], ValueError, "every run must be a 2-D matrix with the same rows"),
    ("1-D", [A, B[:, 0]], ValueError, "every run must be a 2-D matrix with the same rows"),
]:
    case(f"pairwise_overlaps-{label}", es.pairwise_overlaps, (bad, 2), exc=exc, message=msg)
PER_WORD = np.array([[0.1, 0.5], [0.2, 0.6], [0.3, 0.7]])
for label, per_word, band, exc, msg in [
    ("complex", PER_WORD + 1j, [0, 1], TypeError, "per_word must be real"),
    ("str", PER_WORD.astype(str), [0, 1], TypeError, "per_word must be numeric"),
    ("bool", PER_WORD > 0.3, [0, 1], TypeError, "per_word must be numeric, got booleans"),
    ("1-D", PER_WORD[0], [0, 1], ValueError, "per_word must be (n_pairs, V) and band (V,)"),
    ("no-word", PER_WORD[:, :0], [], ValueError, "per_word must be (n_pairs, V) and band (V,)"),
    ("band-length", PER_WORD, [0, 1, 1], ValueError, "per_word must be (n_pairs, V) and band (V,)"),
    ("band-float", PER_WORD, [0.5, 1.5], ValueError, "band must hold non-negative integer band indices"),
    ("band-negative", PER_WORD, [0, -1], ValueError, "band must hold non-negative integer band indices"),
    ("band-empty", PER_WORD, [0, 2], ValueError, "band 1 has no word"),
]:
    case(f"band_intervals-{label}", es.band_intervals, (per_word, PAIRS3, band), exc=exc, message=msg)
for label, kw, msg in [
    ("too-wide", {"n": 4, "d_a": 4}, "widths 4, 4 exceed the 3 dimensions available with n = 4"),
    ("too-wide-b", {"n": 10, "d_a": 2, "d_b": 10}, "widths 2, 10 exceed the 9 dimensions"),
    ("too-wide-uncentred", {"n": 4, "d_a": 5, "center": False}, "widths 5, 5 exceed the 4 dimensions"),
]:
    case(f"subspace_chance-{label}", es.subspace_chance, (), kw, message=msg)
for label, bad in NOT_A_BOOL:
    case(f"subspace_chance-center-{label}", es.subspace_chance, (10, 2), {"center": bad}, TypeError, "center must be")
    case(f"pip_bias_variance-center-{label}", es.pip_bias_variance, ([A, B], A), {"center": bad}, TypeError, "center")
for label, bad, exc, template in BAD_MATRICES:
    case(
        f"pip_bias_variance-truth-{label}",
        es.pip_bias_variance,
        ([A, B], bad),
        exc=exc,
        message=template.format(n="truth"),
    )
    case(
        f"pip_bias_variance-estimate-{label}",
        es.pip_bias_variance,
        ([A, bad], B),
        exc=exc,
        message=template.format(n="estimates[1]"),
    )
case(
    "pip_bias_variance-truth-one-row",
    es.pip_bias_variance,
    ([A, B], A[:1]),
    message="truth must have at least 2 row(s)",
)
case(
    "pip_bias_variance-estimate-one-row",
    es.pip_bias_variance,
    ([A[:1], B[:1]], A[:1, :1]),
    message="truth must have at least 2",
)
case(
    "pip_bias_variance-truth-zero",
    es.pip_bias_variance,
    ([A, B], np.ones_like(A)),
    message="truth is zero after centring",
)
case(
    "pip_bias_variance-truth-zero-uncentred",
    es.pip_bias_variance,
    ([A, B], Z),
    {"center": False},
    message="truth is zero: its Gram",
)
case(
    "pip_bias_variance-estimate-zero",
    es.pip_bias_variance,
    ([A, np.ones_like(B)], A),
    message="estimates[1] is zero after centring",
)
case(
    "pip_bias_variance-array",
    es.pip_bias_variance,
    (np.stack([A, B]), A),
    exc=TypeError,
    message="estimates must be a list",
)
case("pip_bias_variance-one", es.pip_bias_variance, ([A], A), message="need at least 2 estimates")
case("pip_bias_variance-rows", es.pip_bias_variance, ([A, B[:5]], A), message="estimates[1] has 5 rows, truth has 12")
for label, kv, msg in [
    ("a-array", ([A, KV], [KV, KV]), "run 0 must be gensim KeyedVectors"),
    ("b-str", ([KV, KV], [KV, "model.kv"]), "run 3 must be gensim KeyedVectors"),
]:
    case(f"corpus_displacement-{label}", es.corpus_displacement, kv, exc=TypeError, message=msg)
case(
    "corpus_displacement-one-run-b",
    es.corpus_displacement,
    ([KV, KV], [KV]),
    message="need at least 2 runs on each corpus, got 2 and 1",
)
case(
    "corpus_displacement-one-run-a",
    es.corpus_displacement,
    ([KV], [KV, KV]),
    message="need at least 2 runs on each corpus, got 1 and 2",
)
for label, bad in [("zero", 0), ("too-large", 7), ("float", 2.5)]:
    msg = (
        "n_fit=7 is larger than half of the 12 rows (6)" if label == "too-large" else "n_fit must be a positive integer"
    )
    case(f"heldout_fit-n_fit-{label}", es.heldout_fit, (A, B), {"n_fit": bad}, message=msg)


def test_the_table_is_large():
    assert len(CASES) >= 300, len(CASES)


@pytest.mark.parametrize("fn, args, kwargs, exc, message", CASES)
def test_bad_input(fn, args, kwargs, exc, message):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no RuntimeWarning (overflow, invalid value) on the way to the error
            result = fn(*args, **kwargs)
    except (ValueError, TypeError) as err:
        assert type(err) is exc, f"{type(err).__name__} instead of {exc.__name__}: {err}"
        # the expected text must start a word: "XXkXX must be" or "top_k must be" do not name the argument "k"
        assert re.search(r"(?<!\w)" + re.escape(message), str(err)), (
            f"message {str(err)!r} does not contain {message!r}"
        )
    else:
        pytest.fail(f"no error: returned {result!r}")
