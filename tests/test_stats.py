import numpy as np
import pytest
from scipy import stats

import embstab_lib as es


def test_mean_ci_matches_scipy():
    x = np.array([0.2, 0.3, 0.25, 0.4, 0.35])
    iv = es.mean_ci(x)
    lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    assert iv.mean == pytest.approx(x.mean()) and iv.low == pytest.approx(lo) and iv.high == pytest.approx(hi)
    assert 0.3 in iv and 1.0 not in iv
    assert iv.n == 5


def test_mean_ci_errors():
    with pytest.raises(ValueError, match="at least 2"):
        es.mean_ci([1.0])
    with pytest.raises(ValueError, match="NaN"):
        es.mean_ci([1.0, np.nan])
    with pytest.raises(ValueError, match="level"):
        es.mean_ci([1.0, 2.0], level=1.5)


def test_seed_pairs():
    assert es.seed_pairs(range(5))[:2] == [(0, 1), (0, 2)]
    assert len(es.seed_pairs(range(5))) == 10
    with pytest.raises(ValueError, match="at least 2"):
        es.seed_pairs([0])
