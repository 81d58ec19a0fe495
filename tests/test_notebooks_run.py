"""Every chapter, in both languages, runs top to bottom with strict exercise checks (its assertions are its verdicts).

The notebooks are executed once per session, as a learner's Colab runs them, by the ``executed_notebooks`` fixture
(conftest.py, tests/colab.py), two at a time; the student-export test and the book build (test_book.py) reuse these
executions.  Each notebook's time is in the summary and in _build/notebook_times.txt.
"""

import pytest
from conftest import LANGS, notebook_names


@pytest.mark.slow
@pytest.mark.parametrize("name", notebook_names())
@pytest.mark.parametrize("lang", LANGS)
def test_notebook_runs_top_to_bottom(executed_notebooks, lang, name):
    result = executed_notebooks[(lang, name)]
    assert result["ok"], f"chapters/{lang}/{name} failed:\n{result['traceback']}"
