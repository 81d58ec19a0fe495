"""``assess``: how stable are N runs — every measure with a seed-level interval and a chance baseline."""

from __future__ import annotations

import numpy as np

from .._progress import progress_bar
from .._validate import make_rng, positive_int
from ..compare._topk import _blas_threads
from ..io.load import Runs, load_runs, top_words
from ..stats import pairwise_ci, seed_pairs
from .diagnostics import AssessmentWarning, diagnose, warnings_for
from .measures import MEASURES, PER_WORD, heldout_split, pair_nulls, pair_values, prepare
from .result import BandSummary, summarize

__all__ = ["assess", "as_runs", "decade_edges"]


def _is_matrix(x):
    return isinstance(x, np.ndarray) or (isinstance(x, (list, tuple)) and x and isinstance(x[0], (list, tuple)))


def as_runs(runs, *, words=None, counts=None, top_n=None, names=None, progress=False) -> Runs:
    """Runs from a :class:`~embstab_lib.io.Runs`, files, ``KeyedVectors`` or matrices (rows = the same words).

    Raises
    ------
    TypeError, ValueError
        As :func:`~embstab_lib.io.load_runs`; matrices with different numbers of rows; ``words`` of another
        length.
    """
    from ..io.counts import resolve_counts

    if isinstance(runs, Runs):
        r = runs
        c = resolve_counts(counts, r.words) if counts is not None else r.counts
        if names is not None:
            r = Runs(list(names), r.words, r.matrices, r.counts, r.sources, r.vocab_sizes)
    elif isinstance(runs, (list, tuple)) and runs and all(_is_matrix(x) for x in runs):
        mats = [np.asarray(x) for x in runs]
        V = mats[0].shape[0] if mats[0].ndim == 2 else -1
        if any(m.ndim != 2 or m.shape[0] != V for m in mats):
            raise ValueError(f"every run must be a (V, d) matrix with the same V, got {[m.shape for m in mats]}")
        words = [str(i) for i in range(V)] if words is None else [str(w) for w in words]
        if len(words) != V:
            raise ValueError(f"words has {len(words)} entries for {V} rows")
        names = [f"run{i + 1}" for i in range(len(mats))] if names is None else [str(n) for n in names]
        c = resolve_counts(counts, words) if counts is not None else None
        r = Runs(names, words, mats, c, ["<array>"] * len(mats), [V] * len(mats))
    else:
        r = load_runs(runs, counts=counts, names=names, progress=progress)
        c = r.counts
    if names is not None and (len(r.names) != len(r.matrices) or len(set(r.names)) < len(r.names)):
        raise ValueError(f"names must be {len(r.matrices)} distinct labels, got {list(names)!r}")
    if top_n is not None:
        keep = top_words(len(r.words), c, top_n)
        r = Runs(r.names, [r.words[i] for i in keep], [m[keep] for m in r.matrices],
                 None if c is None else c[keep], r.sources, r.vocab_sizes)  # fmt: skip
    elif c is not r.counts:
        r = Runs(r.names, r.words, r.matrices, c, r.sources, r.vocab_sizes)
    return r


def decade_edges(counts) -> tuple:
    """Band edges at powers of ten from the smallest count: e.g. counts 5…24 000 → (5, 10, 100, 1000, 10000, inf)."""
    lo, hi = int(np.min(counts)), int(np.max(counts))
    edges = [max(lo, 0)]
    e = 10 ** int(np.floor(np.log10(max(lo, 1)))) * 10
    while e <= hi:
        edges.append(e)
        e *= 10
    return tuple(edges) + (np.inf,)


def _bands(per_pair, counts, edges, pairs, with_ci):
    from ..corpora.frequency import frequency_bands

    idx, labels = frequency_bands(counts, edges)
    out = []
    for b, label in enumerate(labels):
        sel = idx == b
        if not sel.any():
            continue
        measures = {}
        for name in ("knn_overlap", "rank_overlap", "aligned_cosine"):
            vals = per_pair[name][:, sel].mean(axis=1)
            measures[name] = (float(vals.mean()), pairwise_ci(vals, pairs) if with_ci else None)
        out.append(BandSummary(label, int(sel.sum()), measures))
    return out


def assess(
    runs,
    *,
    k=10,
    n_perm=20,
    top_n=None,
    counts=None,
    seed=0,
    words=None,
    names=None,
    bands=None,
    backend="numpy",
    n_jobs=None,
    progress=False,
):
    """How stable are N runs: every measure with a seed-level interval and a shuffled-word chance baseline.

    Parameters
    ----------
    runs : Runs, sequence of paths / KeyedVectors, or sequence of (V, d_i) arrays
        At least 2 runs (3 or more for intervals).  Files are loaded with :func:`~embstab_lib.io.load_runs`
        (restricted to the shared vocabulary); arrays must have the same rows (words); widths may differ.
    k : int
        Neighbours of the k-NN overlaps, 1 ≤ k ≤ V − 1.
    n_perm : int
        Shuffles of the words per pair for the chance baselines.
    top_n : int, optional
        Keep the ``top_n`` most frequent shared words (by counts when known, else in the files' order).
    counts : optional
        Corpus counts (a ``word<TAB>count`` file, fvocab, dict, corpus or array): enables the frequency bands and
        ``least_stable(min_count=...)``.  Never rank placeholders.
    seed : int
        Seed of the shuffles and of the held-out split (the result is deterministic).
    words : sequence of str, optional
        The words of array rows (default "0", "1", ...).
    names : sequence of str, optional
        Run labels.
    bands : sequence of numbers, optional
        Frequency band edges (default: powers of ten from the smallest count, :func:`decade_edges`).
    backend, n_jobs
        Neighbour search, as in :func:`~embstab_lib.compare.nearest_neighbors` (searched once per run).
    progress : bool
        tqdm progress bars over runs and pairs.

    Returns
    -------
    Assessment
        ``summary`` (one :class:`~embstab_lib.assessment.result.MeasureSummary` per measure: mean over the
        N(N − 1)/2 pairs, ``pairwise_ci`` interval over seeds, chance mean and range), ``per_word`` (mean over
        pairs of the k-NN overlap, rank-weighted overlap, aligned cosine and Procrustes residual of every word),
        ``bands``, ``diagnostics``, ``warnings``; ``least_stable()``, ``table()``, ``to_markdown()``,
        ``to_csv()``, ``to_json()``, ``figures()``, ``save(directory)``.

    Raises
    ------
    TypeError, ValueError
        Fewer than 2 runs; bad ``k``, ``n_perm``, ``seed``; runs with NaN/inf or zero vectors (naming the run);
        errors of the loaders (naming the file and line).

    Examples
    --------
    >>> res = assess(["run1.txt", "run2.bin", "run3.glove.txt.gz"], counts="counts.tsv")   # doctest: +SKIP
    >>> res.summary["knn_overlap"].interval, res.least_stable(20, min_count=50)   # doctest: +SKIP
    """

    from .report import Assessment

    r = as_runs(runs, words=words, counts=counts, top_n=top_n, names=names, progress=progress)
    if len(r) < 2:
        raise ValueError(f"assess needs at least 2 runs (3 or more for seed-level intervals), got {len(r)}")
    V = len(r.words)
    k = positive_int(k, "k")
    if k >= V:
        raise ValueError(f"k={k} is too large: the runs share {V} words, at most {V - 1} neighbours exist")
    n_perm = positive_int(n_perm, "n_perm")
    rng = make_rng(seed)
    seed = 0 if seed is None else int(seed)
    prepared = [
        prepare(m.astype(np.float64), k, f"run {n!r}", backend=backend, n_jobs=n_jobs)
        for n, m in zip(progress_bar(r.names, desc="neighbours", enabled=progress, unit="run"), r.matrices)
    ]
    pairs = seed_pairs(r.names)
    index = {n: i for i, n in enumerate(r.names)}
    split = heldout_split(V, seed)
    jobs = _blas_threads() if n_jobs is None else positive_int(n_jobs, "n_jobs")
    values = {name: [] for name in MEASURES}
    nulls = {name: [] for name in MEASURES}
    per_pair = {name: np.empty((len(pairs), V)) for name in PER_WORD}
    for p, (a, b) in enumerate(progress_bar(pairs, desc="pairs", enabled=progress, unit="pair")):
        A, B = prepared[index[a]], prepared[index[b]]
        vals, words_p = pair_values(A, B, split, dc_seed=seed)
        null = pair_nulls(A, B, split, n_perm, rng, dc_seed=seed, n_jobs=jobs)
        for name in MEASURES:
            values[name].append(vals[name])
            nulls[name].append(null[name])
        for name in PER_WORD:
            per_pair[name][p] = words_p[name]
    summary = {
        name: summarize(name, label.replace("k-NN", f"{k}-NN"), higher, values[name], pairs, nulls[name])
        for name, (label, higher) in MEASURES.items()
    }
    with_ci = len(r) >= 3
    band_list = None
    edges = None
    if r.counts is not None:
        edges = tuple(bands) if bands is not None else decade_edges(r.counts)
        band_list = _bands(per_pair, r.counts, edges, pairs, with_ci)
    diags = [diagnose(p.X, n) for p, n in zip(prepared, r.names)]
    warns = warnings_for(diags, summary, n_words=V, vocab_sizes=r.vocab_sizes)
    if not with_ci:
        warns.insert(
            0,
            AssessmentWarning(
                "Only 2 runs: no seed-level interval (it needs at least 3 runs); train more seeds.", "two_runs"
            ),
        )
    return Assessment(
        names=list(r.names), sources=list(r.sources), dims=r.dims, words=list(r.words), counts=r.counts, k=k,
        n_perm=n_perm, seed=seed, pairs=pairs, summary=summary,
        per_word={name: per_pair[name].mean(axis=0) for name in PER_WORD},
        band_edges=edges, bands=band_list, diagnostics=diags, warnings=warns,
    )  # fmt: skip
