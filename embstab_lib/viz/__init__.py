"""The course's figures and tables (labels and headers come from the caller, in the notebook's language)."""

from . import plots, tables
