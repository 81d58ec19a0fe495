"""Training the tiny language model on given batches: optax optimisers, one compiled ``lax.scan`` per chunk."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from .layers import NORMS

__all__ = ["OPTIMIZERS", "make_optimizer", "lm_fit"]

#: The optimisers :func:`lm_fit` knows (optax): plain SGD, SGD with heavy-ball momentum 0.9, Adam, AdamW.
OPTIMIZERS = ("sgd", "momentum", "adam", "adamw")


def make_optimizer(optimizer="adamw", *, lr=3e-3, warmup=0, weight_decay=0.0, clip=None):
    """An optax optimiser: linear warm-up from 0 over ``warmup`` steps, then the constant rate ``lr``.

    ``"adamw"`` is Adam (β = (0.9, 0.999), ε = 1e-8) with decoupled weight decay θ ← θ − lr·λθ
    (``weight_decay`` = λ); the other optimisers ignore ``weight_decay`` unless it is > 0, in which case
    λθ is added to the gradient (an L2 penalty).  ``clip`` rescales the gradient to global norm ≤ ``clip``
    first (a rotation-equivariant operation).

    Raises
    ------
    ValueError
        An unknown optimiser; a rate, warm-up, decay or clip out of range.
    """
    import optax

    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    for name, v, low in (("lr", lr, 0.0), ("weight_decay", weight_decay, None), ("clip", clip, 0.0)):
        if name == "clip" and v is None:
            continue
        if (
            isinstance(v, (bool, np.bool_))
            or not isinstance(v, (int, float, np.integer, np.floating))
            or not np.isfinite(v)
            or v < 0
            or (low is not None and v <= low)
        ):
            raise ValueError(f"{name} must be a finite number {'≥ 0' if low is None else '> 0'}, got {v!r}")
    if isinstance(warmup, (bool, np.bool_)) or not isinstance(warmup, (int, np.integer)) or warmup < 0:
        raise ValueError(f"warmup must be a non-negative integer, got {warmup!r}")
    lr, wd = float(lr), float(weight_decay)
    schedule = (
        optax.join_schedules([optax.linear_schedule(0.0, lr, int(warmup)), optax.constant_schedule(lr)], [int(warmup)])
        if warmup
        else lr
    )
    if optimizer == "adamw":
        tx = optax.adamw(schedule, b1=0.9, b2=0.999, eps=1e-8, weight_decay=wd)
    else:
        base = {
            "sgd": lambda: optax.sgd(schedule),
            "momentum": lambda: optax.sgd(schedule, momentum=0.9),
            "adam": lambda: optax.adam(schedule, b1=0.9, b2=0.999, eps=1e-8),
        }[optimizer]()
        tx = optax.chain(optax.add_decayed_weights(wd), base) if wd else base
    return optax.chain(optax.clip_by_global_norm(float(clip)), tx) if clip is not None else tx


def lm_fit(
    params,
    batches,
    *,
    n_heads,
    norm="rms",
    pos=None,
    optimizer="adamw",
    lr=3e-3,
    warmup=0,
    weight_decay=0.0,
    clip=None,
    chunk=None,
    on_chunk=None,
):
    """Train ``params`` on ``batches``, one optimiser step per batch, in order.

    Parameters
    ----------
    params : dict
        As :func:`~embstab_lib.models.transformer.model.init_lm` (not modified).
    batches : int array, shape (steps, B, T + 1)
        Windows of token ids; step t minimises the mean next-token cross-entropy of ``batches[t]``.
    n_heads, norm, pos
        As :func:`~embstab_lib.models.transformer.model.lm_forward`.
    optimizer, lr, warmup, weight_decay, clip
        As :func:`make_optimizer`.
    chunk : int, optional
        Steps per compiled ``lax.scan`` (a divisor of ``steps``; default all).
    on_chunk : callable, optional
        ``on_chunk(step, params)`` after every chunk (e.g. to record the embedding).

    Returns
    -------
    (dict, ndarray)
        The trained parameters (JAX arrays) and the loss of every step (float32, shape (steps,)), computed
        before that step's update.

    Raises
    ------
    ValueError
        ``batches`` not a 3-D integer array, a ``chunk`` that does not divide the steps, bad optimiser settings.
    """
    import jax
    import jax.numpy as jnp

    batches = np.asarray(batches)
    if batches.ndim != 3 or batches.dtype.kind not in "iu" or batches.shape[0] < 1 or batches.shape[2] < 2:
        raise ValueError(
            f"batches must be integer windows of shape (steps, B, T + 1), got {batches.shape} {batches.dtype}"
        )
    if norm not in NORMS:
        raise ValueError(f"norm must be one of {NORMS}, got {norm!r}")
    steps = batches.shape[0]
    chunk = steps if chunk is None else chunk
    if isinstance(chunk, (bool, np.bool_)) or not isinstance(chunk, (int, np.integer)) or chunk < 1 or steps % chunk:
        raise ValueError(f"chunk must be a positive divisor of the {steps} steps, got {chunk!r}")
    tx, run = _compiled(n_heads, norm, optimizer, lr, warmup, weight_decay, clip, pos is not None)
    params = jax.tree_util.tree_map(jnp.asarray, params)
    state = tx.init(params)
    P = jnp.zeros((0, 0), jnp.float32) if pos is None else jnp.asarray(pos, dtype=jnp.float32)
    losses = []
    for start in range(0, steps, int(chunk)):
        (params, state), loss = run(params, state, P, jnp.asarray(batches[start : start + int(chunk)], jnp.int32))
        losses.append(np.asarray(loss))
        if on_chunk is not None:
            on_chunk(start + int(chunk), params)
    return params, np.concatenate(losses).astype(np.float32)


@lru_cache(maxsize=16)
def _compiled(n_heads, norm, optimizer, lr, warmup, weight_decay, clip, has_pos):
    """The optimiser and the jitted scan of :func:`lm_fit`, built once per setting (so JAX compiles once per shape)."""
    import jax
    import optax

    from .model import lm_loss

    tx = make_optimizer(optimizer, lr=lr, warmup=warmup, weight_decay=weight_decay, clip=clip)

    def step(carry, windows, P):
        p, s = carry
        loss, grads = jax.value_and_grad(lm_loss)(p, windows, n_heads=n_heads, norm=norm, pos=P if has_pos else None)
        updates, s = tx.update(grads, s, p)
        return (optax.apply_updates(p, updates), s), loss

    @jax.jit
    def run(p, s, P, batches):
        return jax.lax.scan(lambda carry, w: step(carry, w, P), (p, s), batches)

    return tx, run
