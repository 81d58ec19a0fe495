"""Sweep configurations: what a configuration means, the corpus it describes, and the run it trains."""

from __future__ import annotations

import inspect
import json
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from ..corpora import Corpus, load_corpus
from ..corpora.bundled import CORPORA
from ..corpora.synthetic import synthetic_corpus
from ..models.params import check_seed, resolve_params
from ..models.ppmi import ppmi_svd
from ..runs import model_path, train_seeds
from ..store import cache_key, load_cached_vectors

__all__ = ["SWEEP_VERSION", "SweepRun", "sweep_corpus"]


#: Bump when the corpus a configuration describes, or a record, would change for the same key.
SWEEP_VERSION = 1
#: Configuration keys that describe the corpus (everything else is a word2vec parameter).
SYNTHETIC_KEYS = ("n_tokens", "vocab_size", "dim", "truth_seed", "sample_seed", "sentence_length", "zipf")
CORPUS_KEYS = ("corpus", "fraction", "fraction_seed", *SYNTHETIC_KEYS)
#: ``config["model"]``: gensim word2vec (default) or the deterministic PPMI + SVD baseline (no seed).
MODELS = ("word2vec", "ppmi-svd")
#: The parameters of ``"ppmi-svd"`` and their defaults, read from ``ppmi_svd``'s signature (the one source of
#: them; ``vector_size`` is its ``dim``).
_PPMI_SIGNATURE = inspect.signature(ppmi_svd).parameters
PPMI_DEFAULTS = {
    "vector_size": _PPMI_SIGNATURE["dim"].default,
    **{k: _PPMI_SIGNATURE[k].default for k in ("window", "min_count", "cds", "eig_power")},
}


def _split(config) -> tuple[dict, dict]:
    """``(corpus part, word2vec parameters)`` of a validated configuration."""
    corpus = {k: v for k, v in config.items() if k in CORPUS_KEYS}
    return corpus, {k: v for k, v in config.items() if k not in CORPUS_KEYS and k != "model"}


def _check_config(config, i) -> dict:
    if not isinstance(config, dict) or not all(isinstance(k, str) for k in config):
        raise TypeError(f"configs[{i}] must be a dict with str keys, got {type(config).__name__}")
    if config.get("model", "word2vec") not in MODELS:
        raise ValueError(f"configs[{i}]['model'] must be one of {MODELS}, got {config['model']!r}")
    name = config.get("corpus")
    if name not in (*CORPORA, "synthetic"):
        raise ValueError(f"configs[{i}]['corpus'] must be one of {(*CORPORA, 'synthetic')}, got {name!r}")
    synthetic = [k for k in SYNTHETIC_KEYS if k in config]
    if name != "synthetic" and synthetic:
        raise ValueError(f"configs[{i}] has {synthetic[0]!r}, which only a 'synthetic' corpus takes")
    if name == "synthetic":
        missing = [k for k in ("n_tokens", "vocab_size", "dim") if k not in config]
        if missing:
            raise ValueError(f"configs[{i}]: a synthetic corpus needs {missing[0]!r}")
    fraction = config.get("fraction", 1.0)
    if (
        isinstance(fraction, bool)
        or not isinstance(fraction, (int, float, np.integer, np.floating))
        or not 0 < float(fraction) <= 1
    ):
        raise ValueError(f"configs[{i}]['fraction'] must be a number in (0, 1], got {fraction!r}")
    check_seed(config.get("fraction_seed", 0), f"configs[{i}]['fraction_seed']")
    cache_key(config=config)  # ValueError for a value that cannot identify a result
    return config


@lru_cache(maxsize=4)
def _corpus(spec: str):
    spec = json.loads(spec)
    if spec["corpus"] == "synthetic":
        corpus, words, truth = synthetic_corpus(
            spec["n_tokens"],
            vocab_size=spec["vocab_size"],
            dim=spec["dim"],
            seed=spec.get("truth_seed", 0),
            sample_seed=spec.get("sample_seed"),
            sentence_length=spec.get("sentence_length", 20),
            zipf=spec.get("zipf", 1.0),
        )
        truth = dict(zip(words, truth))
    else:
        corpus, truth = load_corpus(spec["corpus"]), None
    fraction = float(spec.get("fraction", 1.0))
    if fraction < 1:
        docs, goal = corpus.sentences, round(fraction * corpus.n_tokens)
        if goal == 0:
            raise ValueError(f"fraction={fraction:g} of the {corpus.n_tokens} tokens of {corpus.name!r} is no token")
        order, kept, total = np.random.default_rng(spec.get("fraction_seed", 0)).permutation(len(docs)), [], 0
        for i in order:  # documents in a random order (nested: a smaller fraction is part of a larger one) ...
            if total >= goal:
                break
            kept.append(i)
            total += len(docs[i])
        last = int(kept[-1])  # the last document drawn is cut at the goal ...
        cut = {last: len(docs[last]) - (total - goal)}
        kept.sort()  # ... and the documents are kept in corpus order
        sentences = [docs[i][: cut.get(i, len(docs[i]))] for i in kept]
        corpus = Corpus(f"{corpus.name}-{fraction:g}", [s for s in sentences if s])
    return corpus, corpus.fingerprint, truth


def _spec(config) -> str:
    return json.dumps(_split(config)[0], sort_keys=True)


def sweep_corpus(config) -> Corpus:
    """The corpus a sweep configuration describes.

    Parameters
    ----------
    config : dict
        ``"corpus"``: ``"wiki-sample"``, ``"lee"``, ``"text8"`` (:func:`~embstab_lib.load_corpus`) or
        ``"synthetic"`` (:func:`~embstab_lib.synthetic_corpus` with ``n_tokens``, ``vocab_size``, ``dim`` and
        optionally ``truth_seed`` (its ``seed``, default 0), ``sample_seed``, ``sentence_length``, ``zipf``);
        ``"fraction"`` in (0, 1] (default 1): whole documents in the random order
        ``default_rng(fraction_seed).permutation`` (``fraction_seed`` default 0) until ``round(fraction × tokens)``
        tokens, the last one cut, kept in corpus order — so the fractions of one seed are nested.  Every other
        key describes the model (ignored here).

    Returns
    -------
    Corpus

    Raises
    ------
    TypeError, ValueError
        A configuration that is not a dict, an unknown corpus, a synthetic key for a bundled corpus, a missing
        synthetic size, a fraction outside (0, 1].

    Examples
    --------
    >>> sweep_corpus({"corpus": "lee", "fraction": 0.5}).n_tokens == round(0.5 * load_corpus("lee").n_tokens)
    True
    """
    return _corpus(_spec(_check_config(config, 0)))[0]


@dataclass(frozen=True)
class SweepRun:
    """One trained run of a sweep: its configuration, its seed and its word vectors ``kv``."""

    config: dict
    seed: int
    kv: object

    @property
    def truth(self) -> np.ndarray:
        """The planted vectors of a synthetic corpus, row i = word ``kv.index_to_key[i]`` (shape (V_kv, dim)).

        Raises ``ValueError`` for a configuration whose corpus is not synthetic.
        """
        truth = _corpus(_spec(self.config))[2]
        if truth is None:
            raise ValueError(f"corpus {self.config['corpus']!r} has no planted vectors: only 'synthetic' has")
        return np.array([truth[w] for w in self.kv.index_to_key])


def _ppmi_params(params) -> dict:
    unknown = sorted(set(params) - set(PPMI_DEFAULTS))
    if unknown:
        raise TypeError(f"unknown ppmi-svd parameter {unknown[0]!r}; it takes {', '.join(PPMI_DEFAULTS)}")
    out = {**PPMI_DEFAULTS, **params}
    for k in ("vector_size", "window", "min_count"):
        if isinstance(out[k], (bool, np.bool_)) or not isinstance(out[k], (int, np.integer)) or out[k] < 1:
            raise ValueError(f"{k} must be a positive integer, got {out[k]!r}")
    for k in ("cds", "eig_power"):
        if (
            isinstance(out[k], (bool, np.bool_))
            or not isinstance(out[k], (int, float, np.integer, np.floating))
            or not 0 <= float(out[k]) <= 1
        ):
            raise ValueError(f"{k} must be a number in [0, 1], got {out[k]!r}")
    return {k: (float(v) if k in ("cds", "eig_power") else int(v)) for k, v in out.items()}


def _params(config) -> dict:
    if config.get("model", "word2vec") == "ppmi-svd":
        return _ppmi_params(_split(config)[1])
    return resolve_params(_split(config)[1], for_cache=True)


def _load_run(config, seed) -> SweepRun:
    corpus, fingerprint, _ = _corpus(_spec(config))
    p = _params(config)
    if config.get("model", "word2vec") == "ppmi-svd":  # deterministic: the seed plays no part
        kw = {k: v for k, v in p.items() if k != "vector_size"}
        return SweepRun(config, seed, ppmi_svd(corpus, dim=p["vector_size"], **kw))
    cached = load_cached_vectors(
        model_path(fingerprint, seed, p), vector_size=p["vector_size"], need_context=p["negative"] > 0
    )
    kv = cached[0] if cached is not None else train_seeds(corpus, [seed], n_jobs=1, **_split(config)[1])[0]
    return SweepRun(config, seed, kv)
