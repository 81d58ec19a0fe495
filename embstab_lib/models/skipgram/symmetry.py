"""Measures of symmetry for skip-gram solutions and training runs.

* :func:`trajectory_deviation` — does a second run follow the first one's trajectory mapped by Q?
* :func:`imbalance` — ‖WᵀW − CᵀC‖ / ‖WᵀW‖: the coordinate of (W, C) that the GL(d) symmetry moves and rotations keep.
* :func:`axis_alignment` — are the coordinate axes the principal axes of W (a privileged basis)?
"""

from __future__ import annotations

import numpy as np

from ..._validate import as_matrix


def trajectory_deviation(run, rotated_run, Q):
    """Relative distance between a run mapped by Q and a second run, at every recorded step.

    For each step t recorded in both runs::

        dev(t) = ‖[W_t; C_t] Q − [W'_t; C'_t]‖_F / ‖[W_t; C_t]‖_F

    ([W; C] stacks the two matrices.)  0, up to rounding, when ``rotated_run``
    follows the trajectory of ``run`` mapped by Q exactly.

    Parameters
    ----------
    run, rotated_run : SkipgramRun
        Two results of ``train_skipgram`` with the same shapes, e.g. started
        from (W0, C0) and from (W0 Q, C0 Q) with the same seed.
    Q : array (d, d)
        The map applied to ``run`` (any d×d matrix; orthogonal in the course).

    Returns
    -------
    steps : int array
        The steps recorded in both runs, increasing.
    deviations : float array
        dev(t) at those steps.

    Raises
    ------
    ValueError
        No recorded step in common, different shapes, Q not d×d or not finite,
        or a recorded (W_t, C_t) that is entirely zero (dev undefined).

    Examples
    --------
    >>> from embstab_lib import init_skipgram, train_skipgram
    >>> W0, C0 = init_skipgram(4, 2, seed=0)
    >>> pairs, Q = [[0, 1], [1, 0], [2, 3], [3, 2]], np.array([[0.6, -0.8], [0.8, 0.6]])  # Q: a rotation
    >>> for kw in (dict(optimizer="sgd"), dict(optimizer="adam", lr=0.05)):  # SGD follows Q, Adam does not
    ...     a = train_skipgram(W0, C0, pairs, steps=20, batch_size=2, record=(0, 20), **kw)
    ...     b = train_skipgram(W0 @ Q, C0 @ Q, pairs, steps=20, batch_size=2, record=(0, 20), **kw)
    ...     print(trajectory_deviation(a, b, Q)[1].round(2).tolist())
    [0.0, 0.0]
    [0.0, 0.69]
    """
    Q = as_matrix(Q, "Q")
    common = sorted(set(run.snapshots) & set(rotated_run.snapshots))
    if not common:
        raise ValueError("the two runs have no recorded step in common (use the same record=...)")
    d = run.W.shape[1]
    if Q.shape != (d, d) or rotated_run.W.shape != run.W.shape or rotated_run.C.shape != run.C.shape:
        raise ValueError(f"Q must be {d}×{d} and the two runs must have the same shapes")
    dev = []
    for s in common:
        (W, C), (W2, C2) = run.snapshots[s], rotated_run.snapshots[s]
        X = np.vstack([W, C]).astype(np.float64)
        X2 = np.vstack([W2, C2]).astype(np.float64)
        norm = np.linalg.norm(X)
        if norm == 0:
            raise ValueError(f"W and C are both zero at step {s}: the relative deviation is undefined there")
        dev.append(np.linalg.norm(X @ Q - X2) / norm)
    return np.array(common), np.array(dev)


def imbalance(W, C) -> float:
    """Relative imbalance ‖WᵀW − CᵀC‖_F / ‖WᵀW‖_F of a factorisation (0 when it is balanced).

    Parameters
    ----------
    W : array (V_W, d); C : array (V_C, d)

    Returns
    -------
    float ≥ 0

    Invariances
    -----------
    Unchanged by (WQ, CQ) for orthogonal Q (WᵀW − CᵀC becomes Qᵀ(WᵀW − CᵀC)Q);
    changed by (WA, CA⁻ᵀ) for A not orthogonal, although the logits WCᵀ are
    not.  Gradient flow on any loss of WCᵀ keeps WᵀW − CᵀC constant; an L2
    penalty λ/2 (‖W‖² + ‖C‖²) makes it decay like e^{−2λt}.

    Raises
    ------
    ValueError
        Non-finite values, different widths, or W = 0.

    Examples
    --------
    >>> W = np.random.default_rng(0).normal(size=(6, 2))
    >>> imbalance(W, W)
    0.0
    >>> A = np.diag([2.0, 0.5])  # (WA)(WA⁻ᵀ)ᵀ = WWᵀ: the same logits, no longer balanced
    >>> round(imbalance(W @ A, W @ np.linalg.inv(A).T), 3)
    1.177
    """
    W = as_matrix(W, "W")
    C = as_matrix(C, "C")
    if W.shape[1] != C.shape[1]:
        raise ValueError(f"W and C must have the same number of columns, got {W.shape} and {C.shape}")
    G = W.T @ W
    scale = np.linalg.norm(G)
    if scale == 0:
        raise ValueError("W is zero: the relative imbalance is undefined")
    return float(np.linalg.norm(G - C.T @ C) / scale)


def axis_alignment(X) -> float:
    """How far the coordinate axes are the principal axes of the rows of X (a privileged basis).

    With Σ the d×d covariance matrix of the rows of X (per-dimension variances
    on its diagonal) and λ its eigenvalues::

        a(X) = Σ_j (Σ_jj − m)² / Σ_i (λ_i − m)²,   m = tr Σ / d.

    The diagonal of Σ is majorised by its eigenvalues (Schur), so 0 ≤ a ≤ 1;
    a = 1 when every principal axis is a coordinate axis.  For X R with R a
    Haar-random rotation, E[a] = 2/(d + 2) exactly: the chance level of a basis
    that nothing singles out.  Invariant under permutations and sign changes of
    the columns; changed by general rotations.

    Parameters
    ----------
    X : array (V, d), V ≥ 2, d ≥ 2
        Rows = words.

    Returns
    -------
    float in [0, 1]

    Raises
    ------
    ValueError
        Fewer than 2 rows or 2 columns, non-finite values, or a covariance with
        all eigenvalues equal (no principal axes: a is undefined).

    Examples
    --------
    >>> from embstab_lib import random_orthogonal
    >>> X = np.random.default_rng(0).normal(size=(500, 3)) * [3.0, 1.0, 0.5]  # axes = principal axes
    >>> round(axis_alignment(X), 2), round(axis_alignment(X @ random_orthogonal(3, seed=2)), 2)
    (1.0, 0.27)
    """
    X = as_matrix(X, "X", min_rows=2)
    if X.shape[1] < 2:
        raise ValueError(f"X needs at least 2 columns, got shape {X.shape}")
    S = np.cov(X, rowvar=False)
    lam, diag = np.linalg.eigvalsh(S), np.diag(S)
    spread = float(((lam - lam.mean()) ** 2).sum())
    if spread <= 1e-24 * max(float((lam**2).sum()), 1e-300):
        raise ValueError("the covariance of X has all eigenvalues equal: no principal axes, alignment undefined")
    return float(((diag - diag.mean()) ** 2).sum() / spread)


__all__ = ["trajectory_deviation", "imbalance", "axis_alignment"]
