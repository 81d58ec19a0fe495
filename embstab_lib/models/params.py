"""word2vec parameters: the course's defaults (their only source), validation and normalisation.

Every entry point (``train_word2vec``, ``initial_vectors``, ``train_seeds``,
``train_with_context``) resolves its keyword arguments with
:func:`resolve_params`, so a default lives in exactly one place:
:data:`DEFAULT_PARAMS` for the course's choices, gensim's own signature for
everything else.  The resolved dictionary is normalised (``np.int64(8)`` → 8,
``True`` → 1 for a flag, ``sample=0`` → 0.0), so it can key the disk cache.
"""

from __future__ import annotations

import difflib
import math
from functools import lru_cache

import numpy as np

#: The course's standard skip-gram settings; every other gensim argument keeps gensim's default.
DEFAULT_PARAMS = dict(vector_size=100, window=5, min_count=5, sg=1, negative=5, epochs=5, workers=1)

_POSITIVE = ("vector_size", "window", "epochs", "workers", "batch_words")
_NON_NEGATIVE = ("min_count", "negative")
_FLAGS = ("sg", "hs", "cbow_mean", "sorted_vocab", "null_word", "shrink_windows", "compute_loss")
_OPTIONAL_POSITIVE = ("max_vocab_size", "max_final_vocab")
_FLOATS = {"alpha": 0.0, "min_alpha": None, "sample": None, "ns_exponent": None}  # name -> exclusive lower bound
_NOT_PARAMS = ("self", "sentences", "corpus_file", "corpus_iterable", "seed")
#: Arguments that change nothing in the trained vectors, or that no cache key can describe.
_UNCACHEABLE = ("hashfxn", "trim_rule", "callbacks", "compute_loss", "comment")


@lru_cache(maxsize=1)
def gensim_defaults() -> dict:
    """gensim ``Word2Vec``'s keyword arguments and their defaults (read from its signature)."""
    import inspect

    from gensim.models import Word2Vec

    return {
        name: p.default
        for name, p in inspect.signature(Word2Vec.__init__).parameters.items()
        if name not in _NOT_PARAMS and p.default is not inspect.Parameter.empty
    }


def _is_int(value) -> bool:
    return isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_))


def check_seed(value, name: str = "seed", *, optional: bool = False):
    """``value`` as a Python int in ``[0, 2**32)`` (what gensim's random generators accept), or ``ValueError``.

    Parameters
    ----------
    value : int or None
        The seed.  ``None`` is accepted only with ``optional=True`` (and returned as is).
    name : str
        The argument's name, used in the error message.
    optional : bool
        Whether ``None`` is allowed.

    Returns
    -------
    int or None

    Raises
    ------
    ValueError
        If ``value`` is a bool, a float, a string, negative or ≥ 2**32.

    Examples
    --------
    >>> check_seed(np.int64(3))
    3
    """
    if value is None and optional:
        return None
    if not _is_int(value) or not 0 <= int(value) < 2**32:
        raise ValueError(f"{name} must be an integer in [0, 2**32), got {value!r}")
    return int(value)


def _flag(name, value):
    if isinstance(value, (bool, np.bool_)) or (_is_int(value) and int(value) in (0, 1)):
        return int(value)
    raise ValueError(f"{name} must be 0 or 1 (or False/True), got {value!r}")


def _normalise(name, value):
    if name in _POSITIVE or name in _NON_NEGATIVE:
        low = 1 if name in _POSITIVE else 0
        if not _is_int(value) or value < low:
            kind = "a positive" if low else "a non-negative"
            raise ValueError(f"{name} must be {kind} integer, got {value!r}")
        return int(value)
    if name in _FLAGS:
        return _flag(name, value)
    if name in _OPTIONAL_POSITIVE:
        if value is None:
            return None
        if not _is_int(value) or value < 1:
            raise ValueError(f"{name} must be None or a positive integer, got {value!r}")
        return int(value)
    if name in _FLOATS:
        numeric = isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))
        if not numeric or not math.isfinite(value):
            raise ValueError(f"{name} must be a finite number, got {value!r}")
        if name != "ns_exponent" and value < 0:
            raise ValueError(f"{name} must be non-negative, got {value!r}")
        if _FLOATS[name] is not None and value <= _FLOATS[name]:
            raise ValueError(f"{name} must be > {_FLOATS[name]:g}, got {value!r}")
        return float(value)
    return value  # hashfxn, trim_rule, callbacks, comment: passed to gensim as given


def resolve_params(params: dict, *, for_cache: bool = False) -> dict:
    """Every gensim ``Word2Vec`` argument, validated and normalised.

    Defaults come from :data:`DEFAULT_PARAMS`, then from gensim's signature.

    Parameters
    ----------
    params : dict
        Keyword arguments for gensim's ``Word2Vec`` (not ``seed`` or the corpus).
    for_cache : bool
        Also refuse what a cached run cannot honour: ``workers != 1`` (not
        reproducible) and the arguments that no cache key can describe or that
        change nothing in the vectors (``hashfxn``, ``trim_rule``,
        ``callbacks``, ``compute_loss``, ``comment``) unless left at their defaults.

    Returns
    -------
    dict
        All of gensim's keyword arguments, with plain Python values.

    Raises
    ------
    TypeError
        For an unknown argument (the message suggests the closest name).
    ValueError
        For a bad value (``negative < 0``, ``sg`` not in {0, 1}, ``hs=0`` with
        ``negative=0``, …) or, with ``for_cache``, an argument that cannot be cached.

    Examples
    --------
    >>> p = resolve_params({"vector_size": np.int64(8), "sg": True, "sample": 1e-3})
    >>> p == resolve_params({"vector_size": 8})
    True
    """
    defaults = {**gensim_defaults(), **DEFAULT_PARAMS}
    unknown = sorted(set(params) - set(defaults))
    if unknown:
        close = difflib.get_close_matches(unknown[0], defaults, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise TypeError(f"unknown word2vec parameter {unknown[0]!r}{hint}")
    out = {name: _normalise(name, value) for name, value in {**defaults, **params}.items()}
    if out["hs"] == 0 and out["negative"] == 0:
        raise ValueError("hs=0 and negative=0: nothing to train (use negative sampling, negative > 0, or hs=1)")
    if out["min_alpha"] > out["alpha"]:
        raise ValueError(f"min_alpha={out['min_alpha']} must not exceed alpha={out['alpha']}")
    if for_cache:
        if out["workers"] != 1:
            raise ValueError(
                f"workers={out['workers']}: only workers=1 training is reproducible, so only it can be cached; "
                "call train_word2vec directly for a multi-threaded run"
            )
        gd = gensim_defaults()
        for name in _UNCACHEABLE:
            if name in params and not _same(out[name], _normalise(name, gd[name])):
                raise ValueError(
                    f"{name}={params[name]!r} cannot be part of a cache key; "
                    "call train_word2vec directly for such a run"
                )
    return out


def _same(a, b) -> bool:
    if callable(a) or callable(b):
        return a is b
    return a == b


def cache_params(resolved: dict) -> dict:
    """The part of resolved parameters that identifies a trained result (for cache keys).

    Examples
    --------
    >>> "callbacks" in cache_params(resolve_params({}))
    False
    """
    return {k: v for k, v in resolved.items() if k not in _UNCACHEABLE}
