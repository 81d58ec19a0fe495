import numpy as np
import pytest

from embstab_lib import checks


@pytest.fixture(autouse=True)
def strict(monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "1")


@pytest.mark.parametrize("lang, word", [("vi", "chưa làm"), ("en", "not done yet")])
def test_stubs_are_not_done(capsys, lang, word):
    def stub(d):
        raise NotImplementedError

    A = np.eye(3)
    checks.ch01_cross_run_cosine(..., A, A, lang=lang)
    checks.ch01_predicted_spread(stub, lang=lang)
    checks.ch01_init_std(stub, lang=lang)
    checks.ch01_reproducible(..., lang=lang)
    out = capsys.readouterr().out
    assert out.count(word) == 4 and "✓" not in out


def test_cross_run_cosine(capsys, rng):
    A, B = rng.normal(size=(5, 4)), rng.normal(size=(5, 4))
    ref = (A * B).sum(1) / (np.linalg.norm(A, axis=1) * np.linalg.norm(B, axis=1))
    checks.ch01_cross_run_cosine(ref, A, B, lang="en")
    assert "✓" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="dot product"):
        checks.ch01_cross_run_cosine((A * B).sum(1), A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="5 numbers"):
        checks.ch01_cross_run_cosine(ref[:3], A, B, lang="en")
    with pytest.raises(checks.CheckFailed, match="tích vô hướng"):
        checks.ch01_cross_run_cosine((A * B).sum(1), A, B, lang="vi")


def test_predicted_spread(capsys):
    checks.ch01_predicted_spread(lambda d: 1 / np.sqrt(d), lang="vi")
    assert "✓ Bài tập 1.2" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="variance"):
        checks.ch01_predicted_spread(lambda d: 1 / d, lang="en")
    with pytest.raises(checks.CheckFailed):
        checks.ch01_predicted_spread(lambda d: 0.1, lang="en")


def test_init_std(capsys):
    checks.ch01_init_std(lambda d: (2 / d) / np.sqrt(12), lang="en")
    assert "✓ Exercise 1.3" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="width 2/d"):
        checks.ch01_init_std(lambda d: (1 / d) / np.sqrt(12), lang="en")
    with pytest.raises(checks.CheckFailed):
        checks.ch01_init_std(lambda d: 1 / d, lang="en")  # the article's sigma guessed as 1/d


def test_reproducible(capsys):
    checks.ch01_reproducible(dict(seed=7, workers=1), lang="en")
    assert "✓" in capsys.readouterr().out
    with pytest.raises(checks.CheckFailed, match="workers=1"):
        checks.ch01_reproducible(dict(seed=7, workers=3), lang="en")
    with pytest.raises(checks.CheckFailed, match="seed"):
        checks.ch01_reproducible(dict(workers=1), lang="en")
    with pytest.raises(checks.CheckFailed, match="dict"):
        checks.ch01_reproducible([("seed", 1)], lang="en")


def test_student_code_errors_are_reported_not_raised(capsys, monkeypatch):
    monkeypatch.setenv("EMBSTAB_STRICT_CHECKS", "0")
    checks.ch01_predicted_spread(lambda d: 1 / undefined_name, lang="en")  # noqa: F821
    out = capsys.readouterr().out
    assert "✗" in out and "NameError" in out


def test_unknown_language():
    with pytest.raises(ValueError, match="lang"):
        checks.ch01_predicted_spread(..., lang="fr")
