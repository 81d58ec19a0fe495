"""Progress bars (tqdm) only when asked for: a disabled bar must not touch the notebook's widgets."""

from __future__ import annotations


def progress_bar(iterable, *, enabled: bool, **kwargs):
    """``iterable`` wrapped in a ``tqdm.auto`` bar when ``enabled``, else unchanged.

    ``tqdm.auto`` builds a widget bar in a notebook even when it is disabled, and warns ("IProgress not found")
    where ipywidgets is missing; a disabled bar is therefore never created.
    """
    if not enabled:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, **kwargs)
