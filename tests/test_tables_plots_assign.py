import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib import assign, plots, tables
from embstab_lib import store as cache


def test_markdown_table():
    md = tables.markdown_table(["a", "b"], [[1, 0.12345], ["x|y", np.float32(2.5)]], digits=2).data
    assert md.splitlines() == ["| a | b |", "|---|---|", "| 1 | 0.12 |", "| x\\|y | 2.50 |"]
    with pytest.raises(ValueError, match="row has 1 cells but there are 2 headers"):
        tables.markdown_table(["a", "b"], [[1]])


def test_neighbors(lee_small):
    kv = es.train_word2vec(lee_small, vector_size=8, epochs=1, min_count=3)
    word = kv.index_to_key[0]
    nn = tables.neighbors(kv, word, k=5)
    assert len(nn) == 5 and word not in nn
    assert nn == [kv.index_to_key[i] for i in es.nearest_neighbors(kv.vectors, 5)[0]]
    with pytest.raises(ValueError, match="not in the vocabulary"):
        tables.neighbors(kv, "zzzz")
    with pytest.raises(ValueError, match="k=0"):
        tables.neighbors(kv, word, k=0)


def test_plots_draw_what_they_say():
    fig, (ax1, ax2) = plots.axes(2)
    plots.density_hist(ax1, np.random.default_rng(0).normal(size=500), label="data")
    plots.normal_curve(ax1, 1.0, label="N(0,1)", lim=(-3, 3))
    plots.uniform_curve(ax1, -1, 1, label="U")
    assert plots.finish(ax1, title="t", xlabel="x", ylabel="y", legend_loc="upper left") is None
    assert ax1.get_title() == "t" and ax1.get_legend() is not None
    iv = [es.mean_ci([0.1, 0.2, 0.3]), es.mean_ci([0.5, 0.6, 0.7])]
    plots.interval_bars(ax2, ["a", "b"], iv, chance=0.05, chance_label="chance")
    assert [t.get_text() for t in ax2.get_xticklabels()] == ["a", "b"]
    matplotlib.pyplot.close(fig)


def test_strip_solutions():
    nb = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["x"]},
            {"cell_type": "code", "metadata": {}, "source": ["a = ..."], "outputs": [{"x": 1}], "execution_count": 3},
            {"cell_type": "code", "metadata": {"tags": ["solution", "hide-input"]}, "source": ["a = 1"], "outputs": []},
        ],
        "metadata": {},
    }
    student, removed = assign.strip_solutions(nb)
    assert removed == 1 and len(student["cells"]) == 2
    assert student["cells"][1]["outputs"] == [] and student["cells"][1]["execution_count"] is None
    assert len(nb["cells"]) == 3  # the input is not modified


def test_cache_key_and_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path / "c"))
    assert cache.cache_dir() == tmp_path / "c" and (tmp_path / "c").is_dir()
    assert cache.cache_key(a=1, b=[1, 2]) == cache.cache_key(b=[1, 2], a=1) != cache.cache_key(a=2, b=[1, 2])


def test_atomic_write_leaves_nothing_on_failure(tmp_path):
    target = tmp_path / "x.npz"

    def boom(tmp):
        tmp.write_bytes(b"partial")
        raise RuntimeError("disk full")

    with pytest.raises(RuntimeError):
        cache.atomic_write(target, boom)
    assert list(tmp_path.iterdir()) == []
