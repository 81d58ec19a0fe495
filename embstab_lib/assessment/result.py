"""Plain data structures of an assessment: a measure's summary, a band's summary, and a printable table.

Everything here is made of lists, dicts, floats and NumPy arrays (pandas is optional: :meth:`Table.to_pandas`).
Tables print as aligned text in scripts and render as Markdown in notebooks (``_repr_markdown_``).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import numpy as np

from ..stats import Interval

__all__ = ["MeasureSummary", "BandSummary", "Table", "fmt_number"]


def fmt_number(x, digits=3) -> str:
    """The course's number convention: decimal point, thousands grouped by a space (9 000; 0.295)."""
    if x is None:
        return "–"
    if isinstance(x, (bool, np.bool_)):
        return "yes" if x else "no"
    if isinstance(x, (int, np.integer)):
        return f"{int(x):,}".replace(",", " ")
    if isinstance(x, (float, np.floating)):
        x = float(x)
        if abs(x) < 0.5 * 10.0**-digits:
            x = 0.0  # no "-0.000"
        return f"{x:,.{digits}f}".replace(",", " ")
    return str(x)


@dataclass(frozen=True)
class MeasureSummary:
    """One measure over all pairs of runs.

    values : the measure on every pair (``pairs[i]``)
    interval : seed-level 95 % interval of the mean (``pairwise_ci``; None with fewer than 3 runs)
    chance, chance_low, chance_high : mean, 2.5 % and 97.5 % quantiles of the measure with one run's words
        shuffled (n_perm shuffles per pair)
    above_chance : the interval (or the mean, without one) lies entirely on the stable side of the chance range
    """

    name: str
    label: str
    higher_is_stable: bool
    mean: float
    interval: Interval | None
    chance: float
    chance_low: float
    chance_high: float
    values: np.ndarray = field(repr=False)

    @property
    def above_chance(self) -> bool:
        if self.higher_is_stable:
            return (self.interval.low if self.interval else self.mean) > self.chance_high
        return (self.interval.high if self.interval else self.mean) < self.chance_low

    def to_dict(self) -> dict:
        iv = self.interval
        return {
            "label": self.label,
            "higher_is_stable": self.higher_is_stable,
            "mean": self.mean,
            "interval": None if iv is None else [iv.low, iv.high],
            "n_seeds": None if iv is None else iv.n,
            "chance": self.chance,
            "chance_range": [self.chance_low, self.chance_high],
            "above_chance": self.above_chance,
            "values": [float(v) for v in self.values],
        }


def summarize(name, label, higher, values, pairs, nulls, interval="pairwise") -> MeasureSummary:
    """A :class:`MeasureSummary` from per-pair values and the pooled shuffled-word values.

    ``interval="pairwise"`` uses ``pairwise_ci`` when at least 3 runs are paired (else None); an
    :class:`~embstab_lib.stats.Interval` or None is used as given.
    """
    from ..stats import pairwise_ci

    values = np.asarray(values, dtype=float)
    if isinstance(interval, str):
        seeds = {s for p in pairs for s in p}
        interval = pairwise_ci(values, pairs) if len(seeds) >= 3 and len(pairs) >= 3 else None
    nulls = np.asarray(nulls, dtype=float).ravel()
    return MeasureSummary(
        name, label, higher, float(values.mean()), interval, float(nulls.mean()),
        float(np.quantile(nulls, 0.025)), float(np.quantile(nulls, 0.975)), values,
    )  # fmt: skip


@dataclass(frozen=True)
class BandSummary:
    """Per-word measures averaged within one frequency band: ``measures[name] = (mean, Interval or None)``."""

    label: str
    n_words: int
    measures: dict

    def to_dict(self) -> dict:
        return {
            "label": self.label,
            "n_words": self.n_words,
            **{
                n: {"mean": m, "interval": None if iv is None else [iv.low, iv.high]}
                for n, (m, iv) in self.measures.items()
            },
        }


class Table:
    """Rows of named columns: prints as text, renders as Markdown in notebooks, writes CSV.

    Parameters
    ----------
    columns : list of str
    rows : list of tuple
    digits : int
        Decimals shown for floats (CSV keeps full precision).
    """

    def __init__(self, columns, rows, *, digits=3, title=None):
        self.columns, self.rows, self.digits, self.title = list(columns), [tuple(r) for r in rows], digits, title

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return (dict(zip(self.columns, r)) for r in self.rows)

    def __getitem__(self, i):
        return dict(zip(self.columns, self.rows[i]))

    def column(self, name) -> list:
        """The values of one column."""
        j = self.columns.index(name)
        return [r[j] for r in self.rows]

    def _cells(self):
        return [[fmt_number(c, self.digits) for c in r] for r in self.rows]

    def to_markdown(self) -> str:
        """A Markdown table (a string)."""
        lines = ["| " + " | ".join(self.columns) + " |", "|" + "---|" * len(self.columns)]
        lines += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in self._cells()]
        return ("**" + self.title + "**\n\n" if self.title else "") + "\n".join(lines)

    def __str__(self) -> str:
        cells = self._cells()
        widths = [max(len(h), *(len(r[j]) for r in cells)) if cells else len(h) for j, h in enumerate(self.columns)]
        fmt = "  ".join(f"{{:<{w}}}" if j == 0 else f"{{:>{w}}}" for j, w in enumerate(widths))
        out = [fmt.format(*self.columns)] + [fmt.format(*r) for r in cells]
        return ((self.title + "\n") if self.title else "") + "\n".join(out)

    def _repr_markdown_(self):
        return self.to_markdown()

    def __repr__(self):
        return f"Table({len(self.rows)} rows: {', '.join(self.columns)})"

    def to_csv(self, path=None) -> str:
        """CSV text (full precision); written to ``path`` too when given."""
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(self.columns)
        for r in self.rows:
            w.writerow(["" if c is None else (repr(float(c)) if isinstance(c, (float, np.floating)) else c) for c in r])
        text = buf.getvalue()
        if path is not None:
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        return text

    def to_pandas(self):
        """A ``pandas.DataFrame`` (pandas must be installed)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)
