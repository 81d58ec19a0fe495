"""A small NumPy trainer for the full-softmax skip-gram loss, with the optimiser's update rule written out.

Made for symmetry experiments, not for speed: every random choice comes from
an explicit seed, and the minibatches depend only on ``seed`` (never on the
starting point), so two runs started from (W₀, C₀) and from (W₀Q, C₀Q) see
exactly the same batches.

Update rules (θ = (W, C), g = gradient of the minibatch loss at θ, η = ``lr``,
λ = ``weight_decay``; products, squares, square roots and divisions of arrays
are entry by entry; t = 1, 2, …)::

    sgd       θ ← θ − η g
    momentum  v ← μ v + g;                       θ ← θ − η v
    rmsprop   s ← ρ s + (1 − ρ) g²;              θ ← θ − η g / (√s + ε)
    adam      m ← β₁ m + (1 − β₁) g;  s ← β₂ s + (1 − β₂) g²
              m̂ = m / (1 − β₁ᵗ);  ŝ = s / (1 − β₂ᵗ);  θ ← θ − η m̂ / (√ŝ + ε)
    adamw     θ ← (1 − ηλ) θ, then the adam step with g (decoupled weight decay)

For every optimiser but ``adamw``, ``weight_decay`` λ is an L2 penalty: it adds
λθ to g (the loss becomes L + λ/2 (‖W‖²_F + ‖C‖²_F)), as ``weight_decay`` does
in PyTorch's SGD, RMSprop and Adam.  The rules of sgd and momentum are linear in
g, so they commute with θ ↦ θQ; rmsprop and adam divide entry by entry by a
function of g², which only commutes with permutations and sign changes of the
coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..._validate import positive_int
from .objective import check_problem, count_pairs, loss_and_grad

OPTIMIZERS = ("sgd", "momentum", "rmsprop", "adam", "adamw")


@dataclass(frozen=True)
class SkipgramRun:
    """The result of :func:`train_skipgram`.

    ``W``, ``C``: final matrices; ``losses[t]``: minibatch loss at step t + 1
    (before its update); ``snapshots``: ``{step: (W, C)}`` for the steps asked
    for in ``record`` (step 0 = the starting point).
    """

    W: np.ndarray
    C: np.ndarray
    losses: np.ndarray
    snapshots: dict = field(repr=False)
    optimizer: str = "sgd"

    @property
    def steps(self):
        return sorted(self.snapshots)


def init_skipgram(n_words, d, *, n_contexts=None, scale=0.1, seed=0):
    """Random starting matrices ``(W0, C0)``, every entry drawn from N(0, scale²) with ``default_rng(seed)``.

    Parameters
    ----------
    n_words, d : int
        Shape (n_words, d) of W0.
    n_contexts : int, optional
        Rows of C0 (default ``n_words``).
    scale : float ≥ 0
    seed : int or None

    Returns
    -------
    W0 : array (n_words, d); C0 : array (n_contexts, d)

    Invariances
    -----------
    The distribution is rotation invariant: (W0 Q, C0 Q) has the same
    distribution as (W0, C0) for every orthogonal Q.

    Raises
    ------
    ValueError
        Non-positive sizes, or a scale that is negative or not a finite number.

    Examples
    --------
    >>> W0, C0 = init_skipgram(1000, 4, n_contexts=10, seed=0)
    >>> W0.shape, C0.shape, round(float(W0.std()), 2)
    ((1000, 4), (10, 4), 0.1)
    """
    n_words, d = positive_int(n_words, "n_words"), positive_int(d, "d")
    n_contexts = n_words if n_contexts is None else positive_int(n_contexts, "n_contexts")
    if (
        isinstance(scale, bool)
        or not isinstance(scale, (int, float, np.integer, np.floating))
        or not np.isfinite(scale)
        or scale < 0
    ):
        raise ValueError(f"scale must be a finite number ≥ 0, got {scale!r}")
    rng = np.random.default_rng(seed)
    return scale * rng.standard_normal((n_words, d)), scale * rng.standard_normal((n_contexts, d))


def _positive(value, name):
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float, np.integer, np.floating))
        or not np.isfinite(value)
        or value <= 0
    ):
        raise ValueError(f"{name} must be a finite positive number, got {value!r}")
    return float(value)


def _fraction(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) or not 0 <= value < 1:
        raise ValueError(f"{name} must be a number in [0, 1), got {value!r}")
    return float(value)


def train_skipgram(
    W0,
    C0,
    pairs,
    *,
    optimizer="sgd",
    lr=1.0,
    steps=100,
    batch_size=1000,
    seed=0,
    weight_decay=0.0,
    momentum=0.9,
    rho=0.99,
    betas=(0.9, 0.999),
    eps=1e-8,
    record=(),
    dtype=np.float64,
) -> SkipgramRun:
    """Minimise :func:`skipgram_loss` from ``(W0, C0)`` with one of five optimisers (update rules: module docstring).

    Parameters
    ----------
    W0 : array (V_W, d); C0 : array (V_C, d)
        Starting point (not modified).
    pairs : int array (n, 2)
        The training (word, context) pairs.
    optimizer : {"sgd", "momentum", "rmsprop", "adam", "adamw"}
    lr : float
        Learning rate η.
    steps : int
        Number of updates.
    batch_size : int or None
        Pairs per minibatch, drawn with replacement by ``default_rng(seed)``;
        ``None`` = every pair at every step (full-batch gradient descent).  The
        batches depend only on ``seed``, ``len(pairs)``, ``batch_size`` and
        ``steps``, never on the starting point.
    weight_decay : float
        λ ≥ 0: L2 penalty added to the gradient, or decoupled decay for "adamw".
    momentum, rho, betas, eps : float
        μ (momentum), ρ (rmsprop), (β₁, β₂) (adam, adamw), ε (rmsprop, adam, adamw).
    record : iterable of int
        Steps (0 … steps) at which to keep a copy of (W, C) in ``snapshots``.
    dtype : numpy float dtype
        float64 (default) or float32; all arithmetic is done in it.

    Returns
    -------
    SkipgramRun

    Equivariance
    ------------
    With the same ``pairs``, ``seed`` and settings, the run started from
    (W0Q, C0Q), Q orthogonal, equals the run from (W0, C0) multiplied by Q at
    every step for "sgd" and "momentum" (with or without weight decay), up to
    rounding; not for "rmsprop", "adam", "adamw" unless Q is a signed
    permutation.

    Raises
    ------
    ValueError
        Bad matrices or pairs (see :func:`skipgram_loss`), an unknown optimiser,
        non-positive ``lr``/``steps``/``batch_size``, a hyper-parameter outside
        its range, a recorded step outside 0 … steps, a non-float dtype.

    Examples
    --------
    >>> W0, C0 = init_skipgram(4, 2, seed=0)
    >>> run = train_skipgram(W0, C0, [[0, 1], [1, 0], [2, 3], [3, 2]], steps=20, batch_size=2)
    >>> run.W.shape, bool(run.losses[-1] < run.losses[0])
    ((4, 2), True)
    """
    if optimizer not in OPTIMIZERS:
        raise ValueError(f"optimizer must be one of {OPTIMIZERS}, got {optimizer!r}")
    dtype = np.dtype(dtype)
    if dtype not in (np.float32, np.float64):
        raise ValueError(f"dtype must be float32 or float64, got {dtype}")
    W, C, pairs = check_problem(W0, C0, pairs)
    W, C = W.astype(dtype, copy=True), C.astype(dtype, copy=True)
    lr, steps = _positive(lr, "lr"), positive_int(steps, "steps")
    if batch_size is not None:
        batch_size = positive_int(batch_size, "batch_size")
    if isinstance(weight_decay, bool) or not np.isfinite(weight_decay) or weight_decay < 0:
        raise ValueError(f"weight_decay must be a finite number ≥ 0, got {weight_decay!r}")
    mu, rho = _fraction(momentum, "momentum"), _fraction(rho, "rho")
    b1, b2 = (_fraction(b, "betas") for b in betas)
    eps = _positive(eps, "eps")
    record = sorted({int(s) for s in record})
    if record and not 0 <= record[0] <= record[-1] <= steps:
        raise ValueError(f"record must list steps between 0 and steps={steps}, got {record}")
    lam = dtype.type(weight_decay)

    rng = np.random.default_rng(seed)
    state = [dict(), dict()]  # optimiser memory (v, or m and s) for W and for C
    snapshots = {0: (W.copy(), C.copy())} if 0 in record else {}
    losses = np.empty(steps)
    full = count_pairs(pairs, C.shape[0]) if batch_size is None else None  # full batch: count the pairs once
    for t in range(1, steps + 1):
        if full is not None:
            losses[t - 1], dW, dC = loss_and_grad(W, C, pairs, counted=full)
        else:
            losses[t - 1], dW, dC = loss_and_grad(W, C, pairs[rng.integers(0, len(pairs), batch_size)])
        for theta, g, mem in ((W, dW, state[0]), (C, dC, state[1])):
            _step(optimizer, theta, g, mem, t, lr, lam, mu, rho, b1, b2, eps)
        if t in record:
            snapshots[t] = (W.copy(), C.copy())
    return SkipgramRun(W, C, losses, snapshots, optimizer)


def _step(opt, theta, g, mem, t, lr, lam, mu, rho, b1, b2, eps):
    """One in-place update of θ (W or C) by the rule of ``opt`` (module docstring)."""
    if lam and opt != "adamw":
        g = g + lam * theta  # L2 penalty λ/2 ‖θ‖²
    if opt == "sgd":
        theta -= lr * g
    elif opt == "momentum":
        mem["v"] = mu * mem.get("v", 0) + g
        theta -= lr * mem["v"]
    elif opt == "rmsprop":
        mem["s"] = rho * mem.get("s", 0) + (1 - rho) * g * g
        theta -= lr * g / (np.sqrt(mem["s"]) + eps)
    else:  # adam, adamw
        if opt == "adamw" and lam:
            theta *= 1 - lr * lam  # decoupled weight decay
        mem["m"] = b1 * mem.get("m", 0) + (1 - b1) * g
        mem["s"] = b2 * mem.get("s", 0) + (1 - b2) * g * g
        m_hat, s_hat = mem["m"] / (1 - b1**t), mem["s"] / (1 - b2**t)
        theta -= lr * m_hat / (np.sqrt(s_hat) + eps)


__all__ = ["OPTIMIZERS", "SkipgramRun", "init_skipgram", "train_skipgram"]
