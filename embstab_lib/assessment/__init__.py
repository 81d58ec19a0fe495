"""Assess the stability of your own embeddings: N runs, or two groups of runs (e.g. two dimensions).

* :func:`assess` — every measure over all pairs of N runs, with seed-level intervals and chance baselines, per-word
  scores, frequency bands, least stable words, diagnostics; Markdown / CSV / JSON / figures.
* :func:`compare_groups` — two groups of runs, of equal or different widths.

Dependency rule: uses ``compare``, ``stats``, ``corpora.frequency`` and ``io``; nothing below imports it.
"""

from .core import assess, decade_edges
from .diagnostics import WARNING_CODES, AssessmentWarning
from .groups import GroupComparison, compare_groups
from .measures import MEASURES, rank_overlap
from .report import Assessment
from .result import BandSummary, MeasureSummary, Table
