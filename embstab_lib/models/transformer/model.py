"""A tiny decoder-only Transformer language model (pre-norm, GPT/LLaMA-like), in JAX.

    x⁰_t = E[w_t] + P[t]                                   (token embedding + sinusoidal position)
    x^{ℓ+½} = x^ℓ + Attn_ℓ(N(x^ℓ) diag(g₁ˡ))                (causal multi-head attention)
    x^{ℓ+1} = x^{ℓ+½} + GELU(N(x^{ℓ+½}) diag(g₂ˡ) W_inˡ) W_outˡ
    logits_t = N(x^L_t) diag(g_f) U                         (U = Eᵀ when the embeddings are tied)

N is RMSNorm or LayerNorm (without bias) and the g's are per-coordinate gains.  No linear layer has a bias.
``params`` is a dict: ``embed`` (V, d), ``unembed`` (d, V) unless tied, ``blocks`` (a list of dicts with ``wq``,
``wk``, ``wv``, ``wo`` (d, d), ``w_in`` (d, f), ``w_out`` (f, d) and the gains ``norm1``, ``norm2`` (d,)) and
``norm_f`` (d,).  A model *without gains* simply has no gain entries.  JAX is imported inside the functions.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .layers import NORMS, causal_attention, layer_norm, rms_norm, sinusoidal_positions

__all__ = ["init_lm", "lm_forward", "lm_logits", "lm_loss", "rotate_residual", "params_to_numpy"]

_GAINS = ("norm1", "norm2")


def _norm_fn(norm):
    if norm not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}, got {norm!r}")
    return rms_norm if norm == "rms" else layer_norm


def init_lm(vocab_size, *, seed=0, d_model=64, n_layers=2, d_ff=256, init_scale=1.0, tie=False, gains=True):
    """Random initial parameters, drawn from ``jax.random.key(seed)`` (one sub-key per matrix).

    Parameters
    ----------
    vocab_size : int
        V ≥ 2.
    seed : int
        In [0, 2**32).
    d_model, n_layers, d_ff : int
        Width d of the residual stream, number of blocks (≥ 0; 0 = no block: logits_t = N(E[w_t] + P[t]) diag(g_f) U,
        a bigram model), width f of the MLP.
    init_scale : float
        > 0: E ~ N(0, init_scale²) entry-wise (PyTorch's ``nn.Embedding`` uses 1, GPT-2 0.02).
    tie : bool
        Use Eᵀ as the output matrix (GPT-2) instead of a separate U (LLaMA).
    gains : bool
        Include the per-coordinate gains of the norms (initialised to 1).

    Returns
    -------
    dict of jax.Array (float32)
        Linear weights ~ N(0, 1/fan_in); U ~ N(0, 1/d).

    Raises
    ------
    ValueError
        A size that is not a positive integer, V < 2, a bad seed or ``init_scale``.
    """
    import jax

    for name, v in (("vocab_size", vocab_size), ("d_model", d_model), ("n_layers", n_layers), ("d_ff", d_ff)):
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, (int, np.integer))
            or v < {"vocab_size": 2, "n_layers": 0}.get(name, 1)
        ):
            low = {"vocab_size": " ≥ 2", "n_layers": " ≥ 0"}.get(name, " ≥ 1")
            raise ValueError(f"{name} must be an integer{low}, got {v!r}")
    if isinstance(seed, (bool, np.bool_)) or not isinstance(seed, (int, np.integer)) or not 0 <= seed < 2**32:
        raise ValueError(f"seed must be an integer in [0, 2**32), got {seed!r}")
    if (
        isinstance(init_scale, (bool, np.bool_))
        or not isinstance(init_scale, (int, float, np.integer, np.floating))
        or not np.isfinite(init_scale)
        or init_scale <= 0
    ):
        raise ValueError(f"init_scale must be a finite number > 0, got {init_scale!r}")
    draw = _init_fn(int(vocab_size), int(d_model), int(d_ff), int(n_layers), float(init_scale), bool(tie), bool(gains))
    params = draw(jax.random.key(int(seed)))
    return params


def lm_forward(params, tokens, *, n_heads, norm="rms", pos=None):
    """The residual stream and the logits of the model of the module docstring.

    Parameters
    ----------
    params : dict
        As returned by :func:`init_lm` (NumPy or JAX arrays).
    tokens : int array, shape (..., T)
        Token ids in [0, V).
    n_heads : int
        Heads per attention layer (a divisor of d).
    norm : {"rms", "layer"}
    pos : array, shape (≥ T, d), optional
        Positional encodings added to the embeddings (default :func:`sinusoidal_positions`).

    Returns
    -------
    (list of jax.Array, jax.Array)
        The stream x⁰ … x^L (each (..., T, d)) and the logits (..., T, V).
    """
    import jax.numpy as jnp

    N = _norm_fn(norm)
    E = jnp.asarray(params["embed"])
    d = E.shape[1]
    tokens = jnp.asarray(tokens)
    T = tokens.shape[-1]
    P = sinusoidal_positions(T, d) if pos is None else jnp.asarray(pos)[:T]
    x = E[tokens] + P
    stream = [x]
    for b in params["blocks"]:
        x = x + causal_attention(N(x, b.get("norm1")), b["wq"], b["wk"], b["wv"], b["wo"], n_heads)
        h = N(x, b.get("norm2")) @ b["w_in"]
        x = x + jnp.asarray(_gelu(h)) @ b["w_out"]
        stream.append(x)
    U = params["unembed"] if "unembed" in params else E.T
    return stream, N(x, params.get("norm_f")) @ U


def _gelu(h):
    import jax

    return jax.nn.gelu(h, approximate=True)


def lm_logits(params, tokens, *, n_heads, norm="rms", pos=None):
    """The logits only (see :func:`lm_forward`).

    Parameters
    ----------
    params, tokens, n_heads, norm, pos
        As :func:`lm_forward`: tokens of shape (..., T).

    Returns
    -------
    jax.Array, shape (..., T, V)
        logits_t = N(x^L_t) diag(g_f) U; softmax(logits_t) is the model's distribution of the token after position
        t, and it depends on tokens[..., :t + 1] only (causal).  With RMSNorm it is unchanged when ``params`` and
        ``pos`` are replaced by those :func:`rotate_residual` returns.
    """
    return lm_forward(params, tokens, n_heads=n_heads, norm=norm, pos=pos)[1]


def lm_loss(params, windows, *, n_heads, norm="rms", pos=None):
    """Mean cross-entropy (nats) of predicting ``windows[..., 1:]`` from ``windows[..., :-1]``.

    A model that knows nothing scores log V; one that predicts every token by its frequency, the unigram entropy.

    Parameters
    ----------
    params, n_heads, norm, pos
        As :func:`lm_forward`.
    windows : int array, shape (..., T + 1)
        Token ids in [0, V), T ≥ 1 (e.g. one batch of :func:`~embstab_lib.models.transformer.data.lm_batches`).

    Returns
    -------
    jax.Array, shape ()
        L = −mean over windows and t = 0 … T − 1 of log softmax(logits_t)[w_{t+1}], ≥ 0; differentiable in
        ``params`` (:func:`~embstab_lib.models.transformer.fit.lm_fit` minimises it with ``jax.value_and_grad``).
    """
    import jax.numpy as jnp
    import optax

    windows = jnp.asarray(windows)
    logits = lm_logits(params, windows[..., :-1], n_heads=n_heads, norm=norm, pos=pos)
    return jnp.mean(optax.softmax_cross_entropy_with_integer_labels(logits, windows[..., 1:]))


def rotate_residual(params, Q, *, pos=None, n_positions=None, absorb_gains=True):
    """The same model with its residual stream rotated by the orthogonal Q (computational invariance, SliceGPT).

    Every matrix that writes into the stream is multiplied by Q on the right (E, P, W_o, W_out); every matrix that
    reads from it by Qᵀ on the left, after the gain of the norm before it has been moved into it
    (W_q → Qᵀ diag(g₁) W_q, …, U → Qᵀ diag(g_f) U); the new model has no gains.  With RMSNorm the new model computes
    exactly the same function, since rms_norm(xQ) = rms_norm(x) Q.

    Parameters
    ----------
    params : dict
        As :func:`init_lm`, untied (a tied U = Eᵀ cannot absorb the final gain).
    Q : array, shape (d, d)
        Orthogonal.
    pos : array, shape (T, d), optional
        The positional encodings to rotate (default: sinusoidal, ``n_positions`` rows).
    n_positions : int, optional
        T when ``pos`` is not given (default 256).
    absorb_gains : bool
        ``False`` keeps the gains where they are (on the rotated coordinates): the control that shows the gains
        break the invariance.

    Returns
    -------
    (dict, ndarray)
        The new parameters (NumPy float32) and the rotated positional encodings P Q.

    Raises
    ------
    ValueError
        Q not square of width d or not orthogonal (‖QᵀQ − I‖ > 1e-4), a tied model.
    """
    p = params_to_numpy(params)
    d = p["embed"].shape[1]
    Q = np.asarray(Q, dtype=np.float64)
    if Q.shape != (d, d):
        raise ValueError(f"Q must have shape ({d}, {d}), got {Q.shape}")
    if np.linalg.norm(Q.T @ Q - np.eye(d)) > 1e-4:
        raise ValueError("Q must be orthogonal (QᵀQ = I)")
    if "unembed" not in p:
        raise ValueError("a tied model (U = Eᵀ) cannot absorb the final gain: rotate an untied model")
    P = sinusoidal_positions(n_positions or 256, d) if pos is None else np.asarray(pos)

    def g(b, name):
        return np.ones(d) if name not in b or not absorb_gains else np.asarray(b[name], dtype=np.float64)

    def reads(W, gain):  # Qᵀ diag(g) W
        return (Q.T @ (gain[:, None] * np.asarray(W, dtype=np.float64))).astype(np.float32)

    def writes(W):
        return (np.asarray(W, dtype=np.float64) @ Q).astype(np.float32)

    out = {"embed": writes(p["embed"]), "unembed": reads(p["unembed"], g(p, "norm_f")), "blocks": []}
    for b in p["blocks"]:
        nb = {k: reads(b[k], g(b, "norm1")) for k in ("wq", "wk", "wv")}
        nb.update(wo=writes(b["wo"]), w_in=reads(b["w_in"], g(b, "norm2")), w_out=writes(b["w_out"]))
        if not absorb_gains:
            nb.update({k: b[k] for k in _GAINS if k in b})
        out["blocks"].append(nb)
    if not absorb_gains and "norm_f" in p:
        out["norm_f"] = p["norm_f"]
    return out, writes(P)


def params_to_numpy(params):
    """A copy of ``params`` with NumPy arrays (the same nesting)."""
    if isinstance(params, dict):
        return {k: params_to_numpy(v) for k, v in params.items()}
    if isinstance(params, (list, tuple)):
        return [params_to_numpy(v) for v in params]
    return np.array(params)


@lru_cache(maxsize=16)
def _init_fn(V, d, f, L, init_scale, tie, gains):
    """The jitted draw of :func:`init_lm` for one set of sizes (compiled once, reused for every seed)."""
    import jax
    import jax.numpy as jnp

    def draw(key):  # one compiled function: a single XLA compilation for every matrix
        keys = iter(jax.random.split(key, 2 + 6 * L))

        def normal(shape, std):
            return std * jax.random.normal(next(keys), shape, dtype=jnp.float32)

        params = {"embed": normal((V, d), float(init_scale))}
        u = normal((d, V), d**-0.5)
        if not tie:
            params["unembed"] = u
        blocks = []
        for _ in range(L):
            b = {name: normal((d, d), d**-0.5) for name in ("wq", "wk", "wv", "wo")}
            b["w_in"], b["w_out"] = normal((d, f), d**-0.5), normal((f, d), f**-0.5)
            if gains:
                b["norm1"], b["norm2"] = jnp.ones(d, jnp.float32), jnp.ones(d, jnp.float32)
            blocks.append(b)
        params["blocks"] = blocks
        if gains:
            params["norm_f"] = jnp.ones(d, jnp.float32)
        return params

    return jax.jit(draw)
