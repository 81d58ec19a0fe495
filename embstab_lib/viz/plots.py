"""The course's figures.  Labels are arguments, so each notebook passes its own language."""
from __future__ import annotations

import numpy as np


def axes(ncols=1, *, width=5.0, height=3.4):
    """A row of ``ncols`` matplotlib axes; returns ``(fig, axes)`` (axes is a list)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, ncols, figsize=(width * ncols, height), squeeze=False, layout="constrained")
    return fig, list(ax[0])


def density_hist(ax, values, *, label=None, bins=60, alpha=0.55, color=None):
    """Histogram of ``values`` normalised to a density."""
    values = np.asarray(values, dtype=float).ravel()
    ax.hist(values, bins=bins, density=True, alpha=alpha, label=label, color=color)
    return ax


def normal_curve(ax, sd, *, mean=0.0, label=None, color="k", lim=None):
    """Overlay the N(mean, sd²) density over the current x-range (or ``lim``)."""
    lo, hi = lim if lim is not None else ax.get_xlim()
    x = np.linspace(lo, hi, 400)
    ax.plot(x, np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi)), color=color, lw=1.8, label=label)
    return ax


def uniform_curve(ax, low, high, *, label=None, color="k"):
    """Overlay the uniform density on [low, high)."""
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
    """Bars of interval means with their [low, high] as error bars, plus an optional chance line."""
    means = np.array([iv.mean for iv in intervals])
    err = np.array([[iv.mean - iv.low for iv in intervals], [iv.high - iv.mean for iv in intervals]])
    x = np.arange(len(labels))
    ax.bar(x, means, yerr=err, capsize=4, color=color, alpha=0.8)
    ax.set_xticks(x, labels)
    if chance is not None:
        ax.axhline(chance, color="k", ls="--", lw=1.2, label=chance_label)
    return ax
