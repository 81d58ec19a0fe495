"""The course's figures.  Labels are arguments, so each notebook passes its own language."""

from __future__ import annotations

import numpy as np

from .._validate import as_real_array, real_number


def _positive(value, name):
    value = real_number(value, name)
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


def _range(lo, hi, names):
    lo, hi = real_number(lo, names[0]), real_number(hi, names[1])
    if not lo < hi:
        raise ValueError(f"{names[0]} must be smaller than {names[1]}, got {lo} and {hi}")
    return lo, hi


def axes(ncols=1, *, width=5.0, height=3.4):
    """A row of ``ncols`` matplotlib axes; returns ``(fig, axes)`` (axes is a list)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, ncols, figsize=(width * ncols, height), squeeze=False, layout="constrained")
    return fig, list(ax[0])


def density_hist(ax, values, *, label=None, bins=60, alpha=0.55, color=None):
    """Histogram of ``values`` normalised to a density (its bars integrate to 1).

    Raises ``TypeError`` for non-real values and ``ValueError`` for no value or NaN/inf.
    """
    values = as_real_array(values, "values").ravel()
    if values.size == 0:
        raise ValueError("values is empty: nothing to plot")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"values contain {int(np.count_nonzero(~np.isfinite(values)))} NaN/inf value(s)")
    ax.hist(values, bins=bins, density=True, alpha=alpha, label=label, color=color)
    return ax


def normal_curve(ax, sd, *, mean=0.0, label=None, color="k", lim=None):
    """Overlay the N(mean, sd²) density over the current x-range (or ``lim``); it integrates to 1 over ℝ.

    Raises ``ValueError`` unless ``sd`` > 0 and ``lim`` = (lo, hi) with lo < hi (``TypeError`` for non-numbers).
    """
    sd, mean = _positive(sd, "sd"), real_number(mean, "mean")
    if lim is not None and (isinstance(lim, (str, bytes)) or np.ndim(lim) != 1 or len(lim) != 2):
        raise ValueError(f"lim must be a pair (lo, hi), got {lim!r}")
    lo, hi = _range(*(lim if lim is not None else ax.get_xlim()), ("lim[0]", "lim[1]"))
    x = np.linspace(lo, hi, 400)
    ax.plot(x, np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi)), color=color, lw=1.8, label=label)
    return ax


def uniform_curve(ax, low, high, *, label=None, color="k"):
    """Overlay the uniform density 1 / (high − low) on [low, high) (an outline of area 1).

    Raises ``ValueError`` unless low < high (``TypeError`` for non-numbers).
    """
    low, high = _range(low, high, ("low", "high"))
    h = 1.0 / (high - low)
    ax.plot([low, low, high, high], [0, h, h, 0], color=color, lw=1.8, label=label)
    return ax


def finish(ax, *, title=None, xlabel=None, ylabel=None, legend=True, legend_loc="best") -> None:
    """Set title and labels and draw the legend (returns None, so a notebook cell shows only the figure)."""
    if title:
        ax.set_title(title)
    if xlabel:
        ax.set_xlabel(xlabel)
    if ylabel:
        ax.set_ylabel(ylabel)
    if legend and ax.get_legend_handles_labels()[0]:
        ax.legend(frameon=False, fontsize=9, loc=legend_loc)


def interval_bars(ax, labels, intervals, *, chance=None, chance_label=None, color="C0"):
    """Bars of interval means with their [low, high] as error bars, plus an optional chance line.

    Raises ``ValueError`` when ``labels`` and ``intervals`` differ in length, ``TypeError`` when an interval has no
    ``mean``/``low``/``high``.
    """
    labels, intervals = list(labels), list(intervals)
    if len(labels) != len(intervals):
        raise ValueError(f"{len(labels)} labels but {len(intervals)} intervals")
    bad = [iv for iv in intervals if not all(hasattr(iv, a) for a in ("mean", "low", "high"))]
    if bad:
        raise TypeError(f"intervals must be Interval objects (mean, low, high), got {type(bad[0]).__name__}")
    if chance is not None:
        chance = real_number(chance, "chance")
    means = np.array([iv.mean for iv in intervals])
    err = np.array([[iv.mean - iv.low for iv in intervals], [iv.high - iv.mean for iv in intervals]])
    x = np.arange(len(labels))
    ax.bar(x, means, yerr=err, capsize=4, color=color, alpha=0.8)
    ax.set_xticks(x, labels)
    if chance is not None:
        ax.axhline(chance, color="k", ls="--", lw=1.2, label=chance_label)
    return ax
