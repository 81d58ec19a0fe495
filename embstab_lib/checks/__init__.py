"""Automatic checks of the course's exercises: per chapter a package ``chNN/`` (one module per exercise).

Notebooks call ``checks.chNN_name(answer, ..., lang=LANG)``; every check prints
one line in the notebook's language (⏳ not done yet / ✓ correct / ✗ a hint) and
returns ``None``.  The shared machinery (tiered hints, whose fault an exception
is, strict mode, the outcome record used by the grader) is in :mod:`._core`.

This is the course layer: it may import the whole library; the library never
imports it.
"""

from ._core import LANGS, OUTCOMES, CheckFailed, strict_mode
from .ch01 import *  # noqa: F401,F403
from .ch02 import *  # noqa: F401,F403
from .ch03 import *  # noqa: F401,F403
from .ch04 import *  # noqa: F401,F403
from .ch05 import *  # noqa: F401,F403
from .ch06 import *  # noqa: F401,F403
from .ch07 import *  # noqa: F401,F403
from .ch08 import *  # noqa: F401,F403
from .ch09 import *  # noqa: F401,F403
from .ch10 import *  # noqa: F401,F403
