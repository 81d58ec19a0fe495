"""The pieces of a decoder-only Transformer, each a few lines: positions, attention, normalisation.

Rows are tokens: an input ``x`` of shape (..., T, d) holds T positions of a residual stream of width d, and a
weight matrix acts on the right (``x @ W``), as in the course's embedding matrices.  The positional encodings are
NumPy (they need no JAX); the other functions use ``jax.numpy`` (imported inside them), accept NumPy or JAX arrays
and return JAX arrays.
"""

from __future__ import annotations

import math

import numpy as np

__all__ = ["sinusoidal_positions", "causal_attention", "rms_norm", "layer_norm", "NORMS", "require_jax"]

#: The normalisations :func:`~embstab_lib.models.transformer.model.lm_logits` knows.
NORMS = ("rms", "layer")


def require_jax():
    """Import JAX and optax, or raise ``ImportError`` saying how to install them.

    Returns
    -------
    module
        ``jax``.
    """
    try:
        import jax
        import optax  # noqa: F401
    except ImportError as exc:
        raise ImportError(
            "the Transformer of chapter 09 needs JAX and optax: pip install 'embstab_lib[transformer]' "
            f"(Colab has them already); {exc}"
        ) from exc
    return jax


def _positive_int(value, name):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def sinusoidal_positions(n_positions, d_model, *, base=10_000.0) -> np.ndarray:
    """The sinusoidal positional encodings of Vaswani et al. (2017), added to the token embeddings.

        P[t, 2i] = sin(t / base^{2i/d}),   P[t, 2i + 1] = cos(t / base^{2i/d}),   i = 0 … d/2 − 1.

    Parameters
    ----------
    n_positions : int
        T ≥ 1, positions 0 … T − 1.
    d_model : int
        d, even, ≥ 2.
    base : float
        > 1; the wavelengths run from 2π to 2π·base.

    Returns
    -------
    ndarray, shape (T, d), float32
        Every row has norm √(d/2) (each sin/cos pair has norm 1).  P[t + k] = P[t] R_k for a block-diagonal
        rotation R_k that depends on k only: a fixed offset is a fixed linear map.

    Raises
    ------
    ValueError
        A size that is not a positive integer, an odd ``d_model``, ``base`` ≤ 1.

    Examples
    --------
    >>> P = sinusoidal_positions(4, 6)
    >>> P.shape, float(P[0, 1]), bool(np.allclose(np.linalg.norm(P, axis=1), np.sqrt(3)))
    ((4, 6), 1.0, True)
    """
    T, d = _positive_int(n_positions, "n_positions"), _positive_int(d_model, "d_model")
    if d % 2:
        raise ValueError(f"d_model must be even (sin/cos pairs), got {d}")
    if (
        isinstance(base, (bool, np.bool_))
        or not isinstance(base, (int, float, np.integer, np.floating))
        or not math.isfinite(base)
        or base <= 1
    ):
        raise ValueError(f"base must be a finite number > 1, got {base!r}")
    freq = float(base) ** (-np.arange(0, d, 2) / d)
    angles = np.arange(T)[:, None] * freq[None, :]
    P = np.empty((T, d))
    P[:, 0::2], P[:, 1::2] = np.sin(angles), np.cos(angles)
    return P.astype(np.float32)


def _check_heads(d, n_heads):
    n_heads = _positive_int(n_heads, "n_heads")
    if d % n_heads:
        raise ValueError(f"the width d = {d} must be a multiple of n_heads = {n_heads}")
    return n_heads


def causal_attention(x, wq, wk, wv, wo, n_heads):
    """Multi-head scaled dot-product attention with a causal mask.

    For each head h (width d_h = d / H): Q = x W_q⁽ʰ⁾, K = x W_k⁽ʰ⁾, V = x W_v⁽ʰ⁾ (T × d_h),

        A = softmax(Q Kᵀ / √d_h + M),   M[t, s] = 0 if s ≤ t else −∞,   head_h = A V,

    and the output is [head_1 … head_H] W_o.  Position t attends only to positions s ≤ t.

    Parameters
    ----------
    x : array, shape (..., T, d)
    wq, wk, wv, wo : array, shape (d, d)
        Head h uses columns h·d_h … (h + 1)·d_h − 1 of W_q, W_k, W_v (rows of W_o).
    n_heads : int
        H, a divisor of d.

    Returns
    -------
    jax.Array, shape (..., T, d)

    Raises
    ------
    ValueError
        ``x`` not at least 2-D, a weight not (d, d), H not a divisor of d.

    Notes
    -----
    Equivariant to a rotation Q of the stream when the weights follow it: with x′ = xQ, W′_{q,k,v} = QᵀW_{q,k,v}
    and W′_o = W_o Q, the output is (output)·Q — this is what lets a rotation of the residual stream be absorbed
    into the neighbouring weights.
    """
    import jax.numpy as jnp
    from jax.nn import softmax

    x = jnp.asarray(x)
    if x.ndim < 2:
        raise ValueError(f"x must have shape (..., T, d), got {x.shape}")
    T, d = x.shape[-2:]
    for name, w in (("wq", wq), ("wk", wk), ("wv", wv), ("wo", wo)):
        if np.shape(w) != (d, d):
            raise ValueError(f"{name} must have shape ({d}, {d}), got {np.shape(w)}")
    H = _check_heads(d, n_heads)

    def heads(h):  # (..., T, d) -> (..., H, T, d_h)
        return jnp.swapaxes(h.reshape(*h.shape[:-1], H, d // H), -2, -3)

    q, k, v = heads(x @ wq), heads(x @ wk), heads(x @ wv)
    scores = q @ jnp.swapaxes(k, -1, -2) / math.sqrt(d // H)
    scores = jnp.where(jnp.tril(jnp.ones((T, T), dtype=bool)), scores, -jnp.inf)
    out = jnp.swapaxes(softmax(scores, axis=-1) @ v, -2, -3).reshape(x.shape)
    return out @ wo


def rms_norm(x, gain=None, *, eps=1e-6):
    """RMSNorm (Zhang & Sennrich 2019): x / √(mean(x²) + ε), times a per-coordinate gain.

    Without the gain it is rotation-equivariant: rms_norm(xQ) = rms_norm(x) Q for every orthogonal Q, since
    ‖xQ‖ = ‖x‖.  The gain, diag(g), is not — but it can be moved into the next weight matrix (diag(g) W).

    Parameters
    ----------
    x : array_like, shape (..., d)
        One vector per row; the mean is over the last axis.
    gain : array_like, shape (d,), optional
        g, multiplied coordinate-wise after the normalisation (``None``: no gain, the same as g = 1).
    eps : float
        ε > 0, keeps a zero row finite (it stays 0).

    Returns
    -------
    jax.Array, shape (..., d)
        y = x / √(mean(x²) + ε) ⊙ g.  Without the gain every row has root mean square √(m / (m + ε)) ≈ 1,
        m = mean(x²), i.e. norm ≈ √d; y does not change (up to ε) when x is multiplied by any c > 0.
    """
    import jax.numpy as jnp

    x = jnp.asarray(x)
    y = x * (1.0 / jnp.sqrt(jnp.mean(x * x, axis=-1, keepdims=True) + eps))
    return y if gain is None else y * gain


def layer_norm(x, gain=None, *, eps=1e-6):
    """LayerNorm (Ba et al. 2016) without its additive bias: (x − mean(x)) / √(var(x) + ε), times a gain.

    The mean over coordinates is the projection onto the all-ones direction 1: layer_norm(xQ) = layer_norm(x) Q
    only for the orthogonal Q that keep 1 fixed (Q1 = 1), even without the gain.

    Parameters
    ----------
    x : array_like, shape (..., d)
        One vector per row; mean and variance are over the last axis.
    gain : array_like, shape (d,), optional
        g, multiplied coordinate-wise after the normalisation (``None``: no gain, the same as g = 1).
    eps : float
        ε > 0, keeps a constant row finite (it becomes 0).

    Returns
    -------
    jax.Array, shape (..., d)
        y = (x − x̄ 1) / √(σ² + ε) ⊙ g, with x̄ and σ² the mean and (population) variance of the row.  Without
        the gain every row has mean 0 and variance σ² / (σ² + ε) ≈ 1 (norm ≈ √d); y does not change (up to ε)
        when a constant is added to every coordinate of x or x is multiplied by any c > 0.
    """
    import jax.numpy as jnp

    x = jnp.asarray(x)
    c = x - jnp.mean(x, axis=-1, keepdims=True)
    y = c * (1.0 / jnp.sqrt(jnp.mean(c * c, axis=-1, keepdims=True) + eps))
    return y if gain is None else y * gain
