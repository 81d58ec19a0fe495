"""The result of :func:`~embstab_lib.assessment.assess` and its outputs: Markdown, CSV, JSON, figures, a folder."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .measures import PER_WORD
from .result import Table, fmt_number

__all__ = ["Assessment", "summary_table", "diagnostics_table", "write_json"]


def _interval(iv) -> str:
    return "–" if iv is None else f"[{fmt_number(iv.low)}, {fmt_number(iv.high)}]"


def summary_table(summary, title=None) -> Table:
    """One row per measure: mean, seed-level interval, chance mean and range, above chance."""
    rows = [
        (s.label, s.mean, _interval(s.interval), s.chance, f"{fmt_number(s.chance_low)} to {fmt_number(s.chance_high)}",
         "yes" if s.above_chance else "NO")
        for s in summary.values()
    ]  # fmt: skip
    cols = ["measure", "mean", "95 % interval (seeds)", "chance (shuffled)", "chance range", "above chance"]
    return Table(cols, rows, title=title)


def diagnostics_table(diags) -> Table:
    rows = [(g.name, g.dim, g.top_share, g.effective_dim, g.mean_share, g.mean_pairwise_cosine) for g in diags]
    cols = ["run", "d", "top direction's variance share", "effective dim.", "mean vector share", "mean pair cosine"]
    return Table(cols, rows)


def write_json(data, path=None) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False)
    if path is not None:
        Path(path).write_text(text + "\n", encoding="utf-8")
    return text


@dataclass
class Assessment:
    """Stability of N runs (see :func:`~embstab_lib.assessment.assess`).  All fields are plain data."""

    names: list
    sources: list
    dims: list
    words: list
    counts: np.ndarray | None
    k: int
    n_perm: int
    seed: int
    pairs: list
    summary: dict
    per_word: dict
    band_edges: tuple | None
    bands: list | None
    diagnostics: list
    warnings: list

    # ---------------------------------------------------------------- tables
    def table(self) -> Table:
        """Per word (in the runs' order): count and band when known, then the mean over pairs of each measure."""
        cols, data = ["word"], [self.words]
        if self.counts is not None:
            from ..corpora.frequency import frequency_bands

            idx, labels = frequency_bands(self.counts, self.band_edges)
            cols += ["count", "band"]
            data += [[int(c) for c in self.counts], [labels[i] for i in idx]]
        cols += list(PER_WORD)
        data += [[float(v) for v in self.per_word[n]] for n in PER_WORD]
        return Table(cols, list(zip(*data)))

    def least_stable(self, n=20, *, min_count=None, by="knn_overlap") -> Table:
        """The ``n`` words with the lowest stability (``by``), optionally among words counted ≥ ``min_count``.

        Ties of the k-NN overlap (it moves in steps of 1/(k · pairs)) are broken by the rank-weighted overlap,
        then the aligned cosine.  Residuals sort the other way (largest first).

        Raises
        ------
        ValueError
            ``min_count`` without counts (naming the fix), an unknown ``by``, a bad ``n`` or ``min_count``.
        """
        from .._validate import positive_int
        from ..corpora.frequency import COUNTS_FIX

        n = positive_int(n, "n")
        if by not in PER_WORD:
            raise ValueError(f"by must be one of {PER_WORD}, got {by!r}")
        keep = np.arange(len(self.words))
        if min_count is not None:
            if self.counts is None:
                raise ValueError(f"min_count needs word counts, and these runs carry none: {COUNTS_FIX}")
            min_count = positive_int(min_count, "min_count")
            keep = np.flatnonzero(self.counts >= min_count)
        sign = 1.0 if by != "procrustes_residual" else -1.0
        order = np.lexsort(
            (self.per_word["aligned_cosine"][keep], self.per_word["rank_overlap"][keep], sign * self.per_word[by][keep])
        )
        rows = self.table().rows
        title = f"The {min(n, keep.size)} least stable words by {by}" + (
            f" (count ≥ {fmt_number(min_count)})" if min_count is not None else ""
        )
        return Table(self.table().columns, [rows[i] for i in keep[order[:n]]], title=title)

    def summary_table(self) -> Table:
        return summary_table(self.summary)

    def bands_table(self) -> Table | None:
        """Per frequency band: words, and the mean k-NN overlap, rank-weighted overlap, aligned cosine."""
        if not self.bands:
            return None
        rows = []
        for b in self.bands:
            cells = [b.label, b.n_words]
            for name in ("knn_overlap", "rank_overlap", "aligned_cosine"):
                m, iv = b.measures[name]
                cells += [m, _interval(iv)]
            rows.append(tuple(cells))
        k = self.k
        cols = ["band (count)", "words", f"{k}-NN overlap", "interval", "rank-weighted", "interval", "aligned cos",
                "interval"]  # fmt: skip
        return Table(cols, rows)

    # ---------------------------------------------------------------- outputs
    def to_dict(self) -> dict:
        """Everything but the per-word table, as JSON-ready plain data."""
        return {
            "runs": [{"name": n, "source": s, "dim": d} for n, s, d in zip(self.names, self.sources, self.dims)],
            "n_words": len(self.words),
            "k": self.k,
            "n_perm": self.n_perm,
            "seed": self.seed,
            "chance_knn_overlap": self.k / (len(self.words) - 1),
            "pairs": [list(p) for p in self.pairs],
            "summary": {n: s.to_dict() for n, s in self.summary.items()},
            "bands": None if self.bands is None else [b.to_dict() for b in self.bands],
            "diagnostics": [g.to_dict() for g in self.diagnostics],
            "warnings": list(self.warnings),
        }

    def to_json(self, path=None) -> str:
        """The summary as JSON text (written to ``path`` too when given)."""
        return write_json(self.to_dict(), path)

    def to_csv(self, path=None) -> str:
        """The per-word table as CSV text (written to ``path`` too when given)."""
        return self.table().to_csv(path)

    def to_markdown(self, *, least_stable=20, min_count=None) -> str:
        """The whole report as Markdown text."""
        V = len(self.words)
        runs = ", ".join(f"{n} (d = {d})" for n, d in zip(self.names, self.dims))
        parts = [
            "# Stability assessment",
            f"{len(self.names)} runs: {runs}.  {fmt_number(V)} shared words, k = {self.k}, "
            f"{self.n_perm} word shuffles per pair for the chance baselines, seed {self.seed}.",
            "## Summary",
            self.summary_table().to_markdown(),
            "Mean over the pairs of runs; the interval resamples runs (leave-one-run-out jackknife, "
            "`pairwise_ci`); chance = the same measure with one run's words shuffled "
            f"(chance of the {self.k}-NN overlap: k / (V − 1) = {fmt_number(self.k / (V - 1), 4)}).",
        ]
        if self.warnings:
            parts += ["## Warnings", "\n".join(f"- {w}" for w in self.warnings)]
        parts += ["## Diagnostics", diagnostics_table(self.diagnostics).to_markdown()]
        bands = self.bands_table()
        parts += ["## By frequency band"]
        parts += [bands.to_markdown()] if bands else ["No corpus counts were given: no frequency bands (pass counts=)."]
        if min_count is not None and self.counts is None:
            min_count = None
        parts += ["## Least stable words", self.least_stable(least_stable, min_count=min_count).to_markdown()]
        return "\n\n".join(parts) + "\n"

    def _repr_markdown_(self):
        return self.to_markdown()

    def __str__(self):
        out = [str(self.summary_table())]
        out += [f"warning: {w}" for w in self.warnings]
        return "\n".join(out)

    def __repr__(self):
        return f"Assessment({len(self.names)} runs, {len(self.words)} words, k={self.k})"

    def figures(self) -> list:
        """``[(name, matplotlib Figure), ...]``: summary vs chance, bands (with counts), per-word distributions."""
        from .figures import bands_figure, summary_figure, words_figure

        figs = [("summary", summary_figure(self.summary))]
        if self.bands:
            figs.append(("bands", bands_figure(self.bands, self.k, len(self.words))))
        figs.append(("words", words_figure(self.per_word, self.k)))
        return figs

    def save(self, directory, *, least_stable=20, min_count=None, formats=("png", "pdf")) -> dict:
        """Write ``report.md``, ``summary.json``, ``words.csv`` and the figures into ``directory`` (created).

        Returns
        -------
        dict
            ``{"report": path, "summary": path, "words": path, "figures": [paths]}``.
        """
        from .figures import save_figures

        d = Path(directory)
        d.mkdir(parents=True, exist_ok=True)
        (d / "report.md").write_text(self.to_markdown(least_stable=least_stable, min_count=min_count), "utf-8")
        self.to_json(d / "summary.json")
        self.to_csv(d / "words.csv")
        figs = save_figures(self.figures(), d, formats)
        return {"report": str(d / "report.md"), "summary": str(d / "summary.json"), "words": str(d / "words.csv"),
                "figures": figs}  # fmt: skip
