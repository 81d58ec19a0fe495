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
    """A row of ``ncols`` matplotlib axes.

    Parameters
    ----------
    ncols : int
        Number of axes, side by side.
    width, height : float
        Size of one axes, in inches.

    Returns
    -------
    fig : matplotlib.figure.Figure
    axes : list of matplotlib.axes.Axes
        Always a list, even for one axes.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, (ax1, ax2) = axes(2)
    >>> matplotlib.pyplot.close(fig)
    """
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(1, ncols, figsize=(width * ncols, height), squeeze=False, layout="constrained")
    return fig, list(ax[0])


def density_hist(ax, values, *, label=None, bins=60, alpha=0.55, color=None):
    """Histogram of ``values`` normalised to a density (its bars integrate to 1).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : array_like of float
        Flattened; at least one finite value.
    label, bins, alpha, color
        Passed to ``ax.hist``.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    TypeError
        Complex, boolean or non-numeric values.
    ValueError
        No value, or NaN/inf.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, (ax,) = axes()
    >>> _ = density_hist(ax, [0.1, 0.2, 0.2, 0.7], bins=3)
    >>> round(float(sum(p.get_height() * p.get_width() for p in ax.patches)), 12)
    1.0
    >>> matplotlib.pyplot.close(fig)
    """
    values = as_real_array(values, "values").ravel()
    if values.size == 0:
        raise ValueError("values is empty: nothing to plot")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"values contain {int(np.count_nonzero(~np.isfinite(values)))} NaN/inf value(s)")
    ax.hist(values, bins=bins, density=True, alpha=alpha, label=label, color=color)
    return ax


def normal_curve(ax, sd, *, mean=0.0, label=None, color="k", lim=None):
    """Overlay the N(mean, sd²) density exp(−(x − mean)²/(2 sd²)) / (sd √(2π)), 400 points over the x-range.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    sd : float
        Standard deviation, > 0.
    mean : float
    label, color
        Passed to ``ax.plot``.
    lim : (float, float), optional
        The x-range (lo < hi); by default the current limits of ``ax``.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``; the curve integrates to 1 over ℝ (to 1 − 2Φ(−z) over mean ± z·sd).

    Raises
    ------
    TypeError
        ``sd``, ``mean`` or a limit that is not a real number.
    ValueError
        ``sd`` ≤ 0, a non-finite value, ``lim`` not a pair with lo < hi.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, (ax,) = axes()
    >>> x, y = normal_curve(ax, 2.0, lim=(-20, 20)).lines[-1].get_data()
    >>> round(float(np.trapezoid(y, x)), 6)
    1.0
    >>> matplotlib.pyplot.close(fig)
    """
    sd, mean = _positive(sd, "sd"), real_number(mean, "mean")
    if lim is not None and (isinstance(lim, (str, bytes)) or np.ndim(lim) != 1 or len(lim) != 2):
        raise ValueError(f"lim must be a pair (lo, hi), got {lim!r}")
    lo, hi = _range(*(lim if lim is not None else ax.get_xlim()), ("lim[0]", "lim[1]"))
    x = np.linspace(lo, hi, 400)
    ax.plot(x, np.exp(-0.5 * ((x - mean) / sd) ** 2) / (sd * np.sqrt(2 * np.pi)), color=color, lw=1.8, label=label)
    return ax


def uniform_curve(ax, low, high, *, label=None, color="k"):
    """Overlay the uniform density 1 / (high − low) on [low, high), drawn as an outline of area 1.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    low, high : float
        Finite, low < high.
    label, color
        Passed to ``ax.plot``.

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    TypeError
        ``low`` or ``high`` not a real number.
    ValueError
        A non-finite bound, or low ≥ high.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, (ax,) = axes()
    >>> uniform_curve(ax, 0, 4).lines[-1].get_ydata().tolist()
    [0.0, 0.25, 0.25, 0.0]
    >>> matplotlib.pyplot.close(fig)
    """
    low, high = _range(low, high, ("low", "high"))
    h = 1.0 / (high - low)
    ax.plot([low, low, high, high], [0, h, h, 0], color=color, lw=1.8, label=label)
    return ax


def finish(ax, *, title=None, xlabel=None, ylabel=None, legend=True, legend_loc="best") -> None:
    """Set title and labels and draw the legend.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    title, xlabel, ylabel : str, optional
        In the notebook's language; empty or None leaves them unset.
    legend : bool
        Draw a legend when some artist has a label.
    legend_loc : str
        Matplotlib legend location.

    Returns
    -------
    None
        So that a notebook cell ending with ``finish(...)`` shows only the figure.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> fig, (ax,) = axes()
    >>> finish(ax, title="t", xlabel="x")
    >>> ax.get_title()
    't'
    >>> matplotlib.pyplot.close(fig)
    """
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

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    labels : sequence of str
        One tick label per bar.
    intervals : sequence of Interval
        Anything with ``mean``, ``low`` and ``high`` (e.g. from :func:`embstab_lib.pairwise_ci`).
    chance : float, optional
        Height of a dashed horizontal line (the chance baseline).
    chance_label : str, optional
    color : str

    Returns
    -------
    matplotlib.axes.Axes
        ``ax``.

    Raises
    ------
    TypeError
        An interval without ``mean``/``low``/``high``; ``chance`` not a real number.
    ValueError
        ``labels`` and ``intervals`` of different lengths.

    Examples
    --------
    >>> import matplotlib; matplotlib.use("Agg")
    >>> from embstab_lib.stats import Interval
    >>> fig, (ax,) = axes()
    >>> _ = interval_bars(ax, ["a"], [Interval(0.3, 0.1, 0.35, 3)], chance=0.05)
    >>> [round(float(p.get_height()), 2) for p in ax.patches]
    [0.3]
    >>> matplotlib.pyplot.close(fig)
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
