"""Figures of an assessment (matplotlib ``Figure`` objects, no pyplot state: they work in scripts and notebooks)."""

from __future__ import annotations

import numpy as np

from .result import fmt_number

__all__ = ["summary_figure", "bands_figure", "words_figure", "save_figures"]


def _figure(w, h):
    from matplotlib.figure import Figure

    return Figure(figsize=(w, h), layout="constrained")


def summary_figure(summary, title="Stability and chance, per measure"):
    """Every measure: its mean and seed-level interval (black) against its shuffled-word chance range (grey)."""
    names = list(summary)
    fig = _figure(8, 0.5 * len(names) + 1.2)
    ax = fig.add_subplot()
    y = np.arange(len(names))[::-1]
    for yi, n in zip(y, names):
        s = summary[n]
        ax.barh(yi, s.chance_high - s.chance_low, left=s.chance_low, height=0.5, color="0.85")
        ax.plot([s.chance], [yi], "|", color="0.4", markersize=14)
        err = None if s.interval is None else [[s.mean - s.interval.low], [s.interval.high - s.mean]]
        ax.errorbar([s.mean], [yi], xerr=err, fmt="o", color="black", capsize=3)
    ax.set_yticks(y, [summary[n].label for n in names])
    ax.set_xlabel("value")
    fig.suptitle(f"{title}\nblack: mean and 95 % seed-level interval; grey: chance (shuffled words)", fontsize=10)
    return fig


def bands_figure(bands, k, V, title=None):
    """k-NN overlap per frequency band, with seed-level intervals and the chance level k / (V − 1)."""
    fig = _figure(6, 3.5)
    ax = fig.add_subplot()
    x = np.arange(len(bands))
    means = [b.measures["knn_overlap"][0] for b in bands]
    ivs = [b.measures["knn_overlap"][1] for b in bands]
    err = None
    if all(iv is not None for iv in ivs):
        err = [[m - iv.low for m, iv in zip(means, ivs)], [iv.high - m for m, iv in zip(means, ivs)]]
    ax.errorbar(x, means, yerr=err, fmt="o-", color="black", capsize=3, label=f"{k}-NN overlap")
    ax.axhline(k / (V - 1), color="0.5", linestyle="--", label="chance k / (V − 1)")
    ax.set_xticks(x, [f"{b.label}\n({fmt_number(b.n_words)} words)" for b in bands])
    ax.set_xlabel("corpus count")
    ax.set_ylabel(f"{k}-NN overlap")
    ax.set_ylim(0, 1)
    ax.legend()
    ax.set_title(title or "Stability by word frequency")
    return fig


def words_figure(per_word, k):
    """Distribution over words of the k-NN overlap and of the rank-weighted overlap (mean over pairs)."""
    fig = _figure(7, 3.2)
    for j, (name, label) in enumerate((("knn_overlap", f"{k}-NN overlap"), ("rank_overlap", "rank-weighted"))):
        ax = fig.add_subplot(1, 2, j + 1)
        ax.hist(per_word[name], bins=np.linspace(0, 1, 21), color="0.4")
        ax.set_xlabel(f"{label} (mean over pairs)")
        ax.set_ylabel("words" if j == 0 else "")
    fig.suptitle("Per-word stability")
    return fig


def save_figures(figures, directory, formats=("png", "pdf")) -> list:
    """Write every ``(name, Figure)`` as ``name.<format>`` into ``directory``; return the paths."""
    from pathlib import Path

    paths = []
    for name, fig in figures:
        for f in formats:
            path = Path(directory) / f"{name}.{f}"
            fig.savefig(path, dpi=150)
            paths.append(str(path))
    return paths
