import json
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
LANGS = ("vi", "en")


def notebook_names():
    return sorted(p.name for p in (ROOT / "chapters" / "en").glob("*.ipynb"))


def load_nb(lang, name):
    return json.loads((ROOT / "chapters" / lang / name).read_text(encoding="utf-8"))


def code_cells(nb):
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


@pytest.fixture(scope="session")
def lee_small():
    from embstab_lib import load_corpus

    return load_corpus("lee", max_tokens=20_000)


@pytest.fixture
def rng():
    return np.random.default_rng(12345)
