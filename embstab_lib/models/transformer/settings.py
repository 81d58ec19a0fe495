"""The settings of the tiny Transformer language model: the course's defaults (:data:`LM_DEFAULTS`) and the
validation of the settings and seeds given to :func:`~.train.train_lms`, before any training or worker process."""

from __future__ import annotations

import numpy as np

from .data import _check_int
from .fit import OPTIMIZERS
from .layers import NORMS

__all__ = ["LM_DEFAULTS"]

#: The course's settings: about 35 s of one core per 1 000 steps (V = 1 001, d = 64, 2 blocks of 4 heads, 1 024 tokens
#: per step, so 2 000 steps ≈ 4.5 passes over the wiki sample); embeddings initialised as GPT-2's (N(0, 0.02²)).
LM_DEFAULTS = dict(
    vocab_size=1001,
    d_model=64,
    n_layers=2,
    n_heads=4,
    d_ff=256,
    context=64,
    batch_size=16,
    steps=2000,
    record_every=250,
    optimizer="adamw",
    lr=3e-3,
    warmup=100,
    weight_decay=0.01,
    clip=1.0,
    init_scale=0.02,
    norm="rms",
    tie=False,
)
_INTS = (
    "vocab_size",
    "d_model",
    "n_layers",
    "n_heads",
    "d_ff",
    "context",
    "batch_size",
    "steps",
    "record_every",
    "warmup",
)
_FLOATS = ("lr", "weight_decay", "clip", "init_scale")


def _settings(given) -> dict:
    """Every setting: :data:`LM_DEFAULTS` updated with ``given``, each checked (TypeError for an unknown setting or a
    non-boolean ``tie``, ValueError naming the setting otherwise)."""
    s = {**LM_DEFAULTS, **given}
    unknown = sorted(set(s) - set(LM_DEFAULTS))
    if unknown:
        raise TypeError(f"unknown setting(s) {unknown}; known: {sorted(LM_DEFAULTS)}")
    lows = {"warmup": 0, "n_layers": 0, "vocab_size": 2}
    for name in _INTS:
        s[name] = _check_int(s[name], name, low=lows.get(name, 1))
    for name in _FLOATS:
        v = s[name]
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, (int, float, np.integer, np.floating))
            or not np.isfinite(v)
            or v < 0
            or (name != "weight_decay" and v == 0)
        ):
            raise ValueError(f"{name} must be a finite number {'≥ 0' if name == 'weight_decay' else '> 0'}, got {v!r}")
        s[name] = float(v)
    if s["optimizer"] not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {s['optimizer']!r}")
    if s["norm"] not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}, got {s['norm']!r}")
    if not isinstance(s["tie"], (bool, np.bool_)):
        raise TypeError(f"tie must be True or False, got {s['tie']!r}")
    s["tie"] = bool(s["tie"])
    if s["d_model"] % s["n_heads"] or s["d_model"] % 2:
        raise ValueError(f"d_model = {s['d_model']} must be even and a multiple of n_heads = {s['n_heads']}")
    if s["steps"] % s["record_every"]:
        raise ValueError(f"steps = {s['steps']} must be a multiple of record_every = {s['record_every']}")
    return s


def _spec(item, given):
    """``(init_seed, data_seed, settings)`` of one entry of ``seeds``."""
    overrides = {}
    if isinstance(item, dict):
        overrides = {k: v for k, v in item.items() if k not in ("seed", "init_seed", "data_seed")}
        seed = _check_int(item.get("seed", 0), "seed", 0)
        init, data = item.get("init_seed", seed), item.get("data_seed", seed)
    elif isinstance(item, tuple) and len(item) == 2:
        init, data = item
    else:
        init = data = item
    init, data = _check_int(init, "init_seed", 0), _check_int(data, "data_seed", 0)
    if max(init, data) >= 2**32:
        raise ValueError(f"seeds must be < 2**32, got {(init, data)}")
    return init, data, _settings({**given, **overrides})
