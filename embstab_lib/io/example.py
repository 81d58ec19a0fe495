"""Example runs written to disk in the formats researchers have (for the README, the tests and the CLI's help).

The runs are planted: every run is a random rotation of one "true" embedding plus noise whose size falls with
the word's count (σ_w ∝ 1/√count_w), so rare words are less stable than frequent ones by construction.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

from .._validate import positive_int

__all__ = ["write_example_runs"]


def _save_text(path, words, W, *, header=True):
    lines = [f"{len(words)} {W.shape[1]}"] if header else []
    lines += [w + " " + " ".join(f"{x:.6f}" for x in row) for w, row in zip(words, W)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if str(path).endswith(".gz"):
        with gzip.open(path, "wb") as fh:
            fh.write(data)
    else:
        Path(path).write_bytes(data)


def _save_binary(path, words, W):
    with open(path, "wb") as fh:
        fh.write(f"{len(words)} {W.shape[1]}\n".encode())
        for w, row in zip(words, W.astype("<f4")):
            fh.write(w.encode("utf-8") + b" " + row.tobytes() + b"\n")


def write_example_runs(directory, *, n_words=2000, dim=100, small_dim=50, noise=0.15, seed=0) -> dict:
    """Write three runs in three formats, one run at another dimension and a counts file into ``directory``.

    Files: ``run1.txt`` (word2vec text), ``run2.bin`` (word2vec binary), ``run3.glove.txt.gz`` (GloVe, gzip),
    ``small.vec`` (fastText ``.vec`` at ``small_dim``) and ``counts.tsv`` (``word<TAB>count``, Zipfian).
    Run i is E Q_i + N_i: E a "true" embedding, Q_i a random rotation, N_i Gaussian noise of standard deviation
    ``noise`` · √(count_max / count_w) / √d per coordinate (rarer words move more).  The small run is E's first
    ``small_dim`` principal directions, rotated, with the same noise.

    Parameters
    ----------
    directory : str or Path
        Created if missing.
    n_words, dim, small_dim : int
        Vocabulary and widths (small_dim ≤ dim).
    noise : float
        Noise of the most frequent word relative to a typical vector's norm.
    seed : int

    Returns
    -------
    dict
        ``{"runs": [3 paths], "small": path, "counts": path}``.

    Raises
    ------
    ValueError
        Bad sizes.
    """
    n_words, dim, small_dim = (
        positive_int(x, name) for x, name in ((n_words, "n_words"), (dim, "dim"), (small_dim, "small_dim"))
    )
    if small_dim > dim or n_words < 20:
        raise ValueError(f"need small_dim ≤ dim and n_words ≥ 20, got {small_dim}, {dim}, {n_words}")
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    words = [f"w{i:05d}" for i in range(n_words)]
    counts = np.maximum(5, np.round(50_000 / (np.arange(n_words) + 2) ** 1.05)).astype(np.int64)
    scale = np.linspace(1.0, 0.2, dim)  # a decaying spectrum, as real embeddings have
    E = rng.normal(size=(n_words, dim)) * scale
    E -= E.mean(axis=0)
    sigma = noise * np.sqrt(counts[0] / counts) * np.linalg.norm(E, axis=1).mean() / np.sqrt(dim) / 10

    def run(base):
        Q = np.linalg.qr(rng.normal(size=(base.shape[1], base.shape[1])))[0]
        return (base + rng.normal(size=base.shape) * sigma[:, None]) @ Q

    paths = [directory / "run1.txt", directory / "run2.bin", directory / "run3.glove.txt.gz"]
    _save_text(paths[0], words, run(E))
    _save_binary(paths[1], words, run(E))
    _save_text(paths[2], words, run(E), header=False)
    U, S, _ = np.linalg.svd(E, full_matrices=False)
    small = directory / "small.vec"
    _save_text(small, words, run(U[:, :small_dim] * S[:small_dim]))
    counts_path = directory / "counts.tsv"
    counts_path.write_text("".join(f"{w}\t{c}\n" for w, c in zip(words, counts)), encoding="utf-8")
    return {"runs": [str(p) for p in paths], "small": str(small), "counts": str(counts_path)}
