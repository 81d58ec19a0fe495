"""``compare_groups``: two groups of runs (e.g. d = 50 against d = 100), within each group and across them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .._progress import progress_bar
from .._validate import make_rng, positive_int
from ..compare._topk import _blas_threads
from ..io.load import Runs
from ..stats import Interval, mean_ci, seed_pairs
from .core import as_runs
from .diagnostics import AssessmentWarning, diagnose, warnings_for
from .measures import MEASURES, heldout_split, pair_nulls, pair_values, prepare
from .report import diagnostics_table, summary_table, write_json
from .result import Table, fmt_number, summarize

__all__ = ["compare_groups", "GroupComparison"]


def _restrict(a: Runs, b: Runs):
    shared = set(b.words)
    keep_a = [i for i, w in enumerate(a.words) if w in shared]
    if len(keep_a) < 3:
        raise ValueError(f"the two groups share only {len(keep_a)} word(s)")
    words = [a.words[i] for i in keep_a]
    pos_b = {w: i for i, w in enumerate(b.words)}
    keep_b = [pos_b[w] for w in words]
    counts = a.counts[keep_a] if a.counts is not None else (b.counts[keep_b] if b.counts is not None else None)
    return words, [m[keep_a] for m in a.matrices], [m[keep_b] for m in b.matrices], counts


def _difference(ia: Interval | None, ib: Interval | None, mean_a, mean_b):
    """within A − within B, its interval from the two independent seed-level intervals (t, min(n) − 1 df)."""
    from scipy.stats import t

    if ia is None or ib is None:
        return None
    se = np.hypot(*[(iv.high - iv.low) / 2 / t.ppf(0.975, iv.n - 1) for iv in (ia, ib)])
    half = float(t.ppf(0.975, min(ia.n, ib.n) - 1) * se)
    d = mean_a - mean_b
    return Interval(d, d - half, d + half, min(ia.n, ib.n))


def compare_groups(runs_a, runs_b, *, k=10, n_perm=20, top_n=None, counts=None, seed=0, groups=("A", "B"),
                   backend="numpy", n_jobs=None, progress=False):  # fmt: skip
    """Stability within each of two groups of runs and agreement across them; the widths may differ.

    Every pair within A, within B and across (a, b) is measured as in :func:`~embstab_lib.assessment.assess`:
    k-NN overlaps, distance correlation and CKA need no common width; Procrustes pads the narrower run with zero
    columns (netrep's convention).  Across groups, the interval resamples the runs of both groups
    (``pairwise_ci``) when each has ≥ 2 runs; with a single run in one group it is a t interval over the other
    group's runs, *conditional on that one run*, and a warning says that dimension and seed are confounded.

    Parameters
    ----------
    runs_a, runs_b : as ``runs`` in :func:`~embstab_lib.assessment.assess` (at least 1 run each)
    k, n_perm, top_n, counts, seed, backend, n_jobs, progress
        As in :func:`~embstab_lib.assessment.assess`; ``counts`` and ``top_n`` apply to the shared words.
    groups : (str, str)
        Labels of the two groups.

    Returns
    -------
    GroupComparison
        ``within_a``, ``within_b`` (summaries, None for a single run), ``cross``, ``difference`` (within A −
        within B with an interval when both groups have ≥ 3 runs), ``per_word``, ``diagnostics``, ``warnings``.

    Raises
    ------
    TypeError, ValueError
        Empty groups, fewer than 3 shared words, bad ``k``/``n_perm``/``seed``, unreadable files.
    """

    ga, gb = (str(g) for g in groups)
    A = as_runs(runs_a, counts=counts, progress=progress)
    B = as_runs(runs_b, counts=counts, progress=progress)
    words, mats_a, mats_b, wcounts = _restrict(A, B)
    if top_n is not None:
        from ..io.load import top_words

        keep = top_words(len(words), wcounts, top_n)
        words, wcounts = [words[i] for i in keep], None if wcounts is None else wcounts[keep]
        mats_a, mats_b = [m[keep] for m in mats_a], [m[keep] for m in mats_b]
    V = len(words)
    k = positive_int(k, "k")
    if k >= V:
        raise ValueError(f"k={k} is too large: the groups share {V} words")
    n_perm = positive_int(n_perm, "n_perm")
    rng = make_rng(seed)
    seed = 0 if seed is None else int(seed)
    la, lb = [f"{ga}:{n}" for n in A.names], [f"{gb}:{n}" for n in B.names]
    labels, mats = la + lb, mats_a + mats_b
    prep = {
        lab: prepare(m.astype(np.float64), k, f"run {lab!r}", backend=backend, n_jobs=n_jobs)
        for lab, m in zip(progress_bar(labels, desc="neighbours", enabled=progress, unit="run"), mats)
    }
    split = heldout_split(V, seed)
    jobs = _blas_threads() if n_jobs is None else positive_int(n_jobs, "n_jobs")
    sets = {"within_a": seed_pairs(la) if len(la) > 1 else [], "within_b": seed_pairs(lb) if len(lb) > 1 else [],
            "cross": [(x, y) for x in la for y in lb]}  # fmt: skip
    todo = [(s, p) for s, ps in sets.items() for p in ps]
    vals = {s: {n: [] for n in MEASURES} for s in sets}
    nulls = {s: {n: [] for n in MEASURES} for s in sets}
    words_k = {s: [] for s in sets}
    words_c = {s: [] for s in sets}
    for s, (x, y) in progress_bar(todo, desc="pairs", enabled=progress, unit="pair"):
        v, w = pair_values(prep[x], prep[y], split, dc_seed=seed)
        nl = pair_nulls(prep[x], prep[y], split, n_perm, rng, dc_seed=seed, n_jobs=jobs)
        for n in MEASURES:
            vals[s][n].append(v[n])
            nulls[s][n].append(nl[n])
        words_k[s].append(w["knn_overlap"])
        words_c[s].append(w["aligned_cosine"])

    def summaries(s, interval="pairwise"):
        if not sets[s]:
            return None
        out = {}
        for n, (label, higher) in MEASURES.items():
            iv = interval
            if interval == "cross":
                iv = mean_ci(vals[s][n]) if len(vals[s][n]) >= 2 else None
            out[n] = summarize(n, label.replace("k-NN", f"{k}-NN"), higher, vals[s][n], sets[s], nulls[s][n], iv)
        return out

    single = len(la) == 1 or len(lb) == 1
    within_a, within_b = summaries("within_a"), summaries("within_b")
    cross = summaries("cross", "cross" if single else "pairwise")
    difference = None
    if within_a and within_b:
        difference = {n: _difference(within_a[n].interval, within_b[n].interval, within_a[n].mean,
                                     within_b[n].mean) for n in MEASURES}  # fmt: skip
    diags = [diagnose(prep[lab].X, lab) for lab in labels]
    warns = []
    for g, names in ((ga, la), (gb, lb)):
        if len(names) == 1:
            warns.append(
                AssessmentWarning(
                    f"Group {g} has a single run: its dimension and its seed are confounded (a difference across "
                    f"groups may be that one run's luck), it has no within-group stability, and the across-group "
                    "interval is conditional on that run.  Train at least 3 runs per group.",
                    "single_run_group",
                    group=g,
                )
            )
    warns += warnings_for(diags, cross, n_words=V, vocab_sizes=A.vocab_sizes + B.vocab_sizes)
    per_word = {f"{s}_{m}": np.mean(arr, axis=0) for s in sets for m, arr in
                (("knn_overlap", words_k[s]), ("aligned_cosine", words_c[s])) if arr}  # fmt: skip
    return GroupComparison(groups=(ga, gb), names_a=la, names_b=lb, dims_a=[m.shape[1] for m in mats_a],
                           dims_b=[m.shape[1] for m in mats_b], words=words, counts=wcounts, k=k, n_perm=n_perm,
                           seed=seed, within_a=within_a, within_b=within_b, cross=cross, difference=difference,
                           per_word=per_word, diagnostics=diags, warnings=warns)  # fmt: skip


@dataclass
class GroupComparison:
    """Result of :func:`compare_groups` (plain data; Markdown, CSV, JSON, figures and ``save`` like ``Assessment``)."""

    groups: tuple
    names_a: list
    names_b: list
    dims_a: list
    dims_b: list
    words: list
    counts: np.ndarray | None
    k: int
    n_perm: int
    seed: int
    within_a: dict | None
    within_b: dict | None
    cross: dict
    difference: dict | None
    per_word: dict
    diagnostics: list
    warnings: list

    def comparison_table(self) -> Table:
        """Per measure: within A, within B, across, and A − B with its interval."""
        ga, gb = self.groups
        rows = []
        for n, c in self.cross.items():
            wa = self.within_a[n].mean if self.within_a else None
            wb = self.within_b[n].mean if self.within_b else None
            d = self.difference[n] if self.difference else None
            diff = "–" if d is None else f"{fmt_number(d.mean)} [{fmt_number(d.low)}, {fmt_number(d.high)}]"
            rows.append((c.label, wa, wb, c.mean, c.chance, diff))
        cols = ["measure", f"within {ga}", f"within {gb}", f"{ga} vs {gb}", "chance", f"{ga} − {gb} (95 %)"]
        return Table(cols, rows)

    def table(self) -> Table:
        """Per word: count when known, then the per-word measures within each group and across."""
        cols, data = ["word"], [self.words]
        if self.counts is not None:
            cols.append("count")
            data.append([int(c) for c in self.counts])
        for key, arr in self.per_word.items():
            cols.append(key)
            data.append([float(x) for x in arr])
        return Table(cols, list(zip(*data)))

    def to_dict(self) -> dict:
        def block(s):
            return None if s is None else {n: m.to_dict() for n, m in s.items()}

        diff = None
        if self.difference:
            diff = {n: None if d is None else {"mean": d.mean, "interval": [d.low, d.high]}
                    for n, d in self.difference.items()}  # fmt: skip
        return {"groups": list(self.groups), "runs_a": self.names_a, "runs_b": self.names_b, "dims_a": self.dims_a,
                "dims_b": self.dims_b, "n_words": len(self.words), "k": self.k, "n_perm": self.n_perm,
                "seed": self.seed, "within_a": block(self.within_a), "within_b": block(self.within_b),
                "cross": block(self.cross), "difference": diff,
                "diagnostics": [g.to_dict() for g in self.diagnostics], "warnings": list(self.warnings)}  # fmt: skip

    def to_json(self, path=None) -> str:
        return write_json(self.to_dict(), path)

    def to_csv(self, path=None) -> str:
        return self.table().to_csv(path)

    def to_markdown(self) -> str:
        ga, gb = self.groups
        desc = [f"{g}: " + ", ".join(f"{n.split(':', 1)[1]} (d = {d})" for n, d in zip(names, dims))
                for g, names, dims in ((ga, self.names_a, self.dims_a), (gb, self.names_b, self.dims_b))]  # fmt: skip
        parts = ["# Comparing two groups of runs", "; ".join(desc) + f".  {fmt_number(len(self.words))} shared "
                 f"words, k = {self.k}, {self.n_perm} word shuffles per pair.", "## Within and across",
                 self.comparison_table().to_markdown(), f"## {ga} vs {gb}: intervals and chance",
                 summary_table(self.cross).to_markdown()]  # fmt: skip
        for g, s in ((ga, self.within_a), (gb, self.within_b)):
            if s:
                parts += [f"## Within {g}", summary_table(s).to_markdown()]
        if self.warnings:
            parts += ["## Warnings", "\n".join(f"- {w}" for w in self.warnings)]
        parts += ["## Diagnostics", diagnostics_table(self.diagnostics).to_markdown()]
        return "\n\n".join(parts) + "\n"

    def _repr_markdown_(self):
        return self.to_markdown()

    def __str__(self):
        return "\n".join([str(self.comparison_table())] + [f"warning: {w}" for w in self.warnings])

    def figures(self) -> list:
        from .figures import summary_figure

        ga, gb = self.groups
        figs = [("across", summary_figure(self.cross, f"{ga} vs {gb}: across-group agreement and chance"))]
        for g, s in ((ga, self.within_a), (gb, self.within_b)):
            if s:
                figs.append((f"within_{g}", summary_figure(s, f"Within {g}")))
        return figs

    def save(self, directory, *, formats=("png", "pdf")) -> dict:
        """Write ``report.md``, ``summary.json``, ``words.csv`` and the figures into ``directory``."""
        from .figures import save_figures

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        (d / "report.md").write_text(self.to_markdown(), "utf-8")
        self.to_json(d / "summary.json")
        self.to_csv(d / "words.csv")
        return {"report": str(d / "report.md"), "summary": str(d / "summary.json"), "words": str(d / "words.csv"),
                "figures": save_figures(self.figures(), d, formats)}  # fmt: skip
