"""The skip-gram objective with separate word (W) and context (C) matrices, in plain NumPy.

Full softmax (the article's §4.1)::

    L(W, C) = −(1/n) Σ_{(w, c) ∈ pairs} log softmax(W[w] Cᵀ)[c]

and negative sampling (what gensim trains)::

    L_NS(W, C) = (1/n) Σ_i [ −log σ(W[w_i]·C[c_i]) − Σ_k log σ(−W[w_i]·C[n_ik]) ].

Both depend on (W, C) only through the logits W[w]·C[c], the entries of WCᵀ, so
(WA, CA⁻ᵀ) gives the same value for every invertible d×d matrix A (orthogonal
Q, with A⁻ᵀ = Q, is the special case of the article).
"""

from __future__ import annotations

import numpy as np

from ..._validate import as_matrix


def _index_array(x, name, ncols=None):
    if isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an integer array, got a string")
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer indices, got dtype {arr.dtype}")
    if arr.ndim != 2 or (ncols is not None and arr.shape[1] != ncols) or arr.shape[0] < 1:
        want = f"(n, {ncols})" if ncols is not None else "(n, k)"
        raise ValueError(f"{name} must be a non-empty {want} integer array, got shape {arr.shape}")
    return arr.astype(np.int64, copy=False)


def _in_range(idx, upper, what):
    bad = (idx < 0) | (idx >= upper)
    if bad.any():
        first = int(idx[bad][0])
        raise ValueError(f"{int(bad.sum())} {what} index(es) out of range [0, {upper}), e.g. {first}")


def check_problem(W, C, pairs, *, dtype=np.float64):
    """Validate ``(W, C, pairs)`` and return them as (dtype, dtype, int64) arrays.

    Raises ``ValueError`` for non-finite values, a width mismatch of W and C, or
    an index out of range; ``TypeError`` for non-integer pairs.
    """
    W = as_matrix(W, "W").astype(dtype, copy=False)
    C = as_matrix(C, "C").astype(dtype, copy=False)
    if W.shape[1] != C.shape[1]:
        raise ValueError(f"W and C must have the same number of columns d, got W {W.shape} and C {C.shape}")
    pairs = _index_array(pairs, "pairs", 2)
    _in_range(pairs[:, 0], W.shape[0], "word (pairs[:, 0])")
    _in_range(pairs[:, 1], C.shape[0], "context (pairs[:, 1])")
    return W, C, pairs


def _counts(pairs, n_contexts):
    """Rows present, and the count matrix N[r, c] = number of pairs (rows[r], c)."""
    rows, inv = np.unique(pairs[:, 0], return_inverse=True)
    N = np.bincount(inv * n_contexts + pairs[:, 1], minlength=len(rows) * n_contexts)
    return rows, N.reshape(len(rows), n_contexts)


def count_pairs(pairs, n_contexts):
    """``(rows, N, n)``: the words present, their count matrix N[r, c] = #pairs (rows[r], c), and n = len(pairs)."""
    rows, N = _counts(pairs, n_contexts)
    return rows, N, len(pairs)


def loss_and_grad(W, C, pairs, *, grad=True, counted=None):
    """Full-softmax loss and, if ``grad``, its gradient; no validation (inputs already checked).

    Works in the dtype of ``W`` and ``C`` (float64 or float32).  Cost O(r·V_C·d)
    with r the number of distinct words in ``pairs``: the pairs enter only
    through their count matrix N, which ``counted`` (from :func:`count_pairs`)
    can supply precomputed.
    """
    rows, N, n = counted if counted is not None else count_pairs(pairs, C.shape[0])
    N = N.astype(W.dtype)
    Wr = W[rows]
    Z = Wr @ C.T  # logits of the words present, r × V_C
    m = Z.max(axis=1, keepdims=True)
    E = np.exp(Z - m)
    S = E.sum(axis=1, keepdims=True)
    lse = m + np.log(S)  # log Σ_c' exp(z_c'), computed stably
    n_w = N.sum(axis=1, keepdims=True)
    loss = float(((n_w * lse).sum() - (N * Z).sum()) / n)
    if not grad:
        return loss
    dZ = (n_w * (E / S) - N) / n  # ∂L/∂Z = (n_w softmax(z_w) − N_w) / n
    dW = np.zeros_like(W)
    dW[rows] = dZ @ C
    dC = dZ.T @ Wr
    return loss, dW, dC


def skipgram_loss(W, C, pairs) -> float:
    """Mean negative log-likelihood of the full-softmax skip-gram model.

    .. math:: L(W, C) = -\\frac{1}{n}\\sum_{(w,c)} \\log
              \\frac{\\exp(\\mathbf w_w\\cdot\\mathbf c_c)}{\\sum_{c'}\\exp(\\mathbf w_w\\cdot\\mathbf c_{c'})}

    computed stably (log-sum-exp: the largest logit of each row is subtracted
    before exponentiating).

    Parameters
    ----------
    W : array, shape (V_W, d)
        Word (input) vectors, one row per word.
    C : array, shape (V_C, d)
        Context (output) vectors, one row per context word.
    pairs : int array, shape (n, 2)
        Observed (word index, context index) pairs; repeated pairs count repeatedly.

    Returns
    -------
    float
        The loss, ≥ 0; log V_C for all logits equal.

    Invariances
    -----------
    Depends on (W, C) only through the logits WCᵀ: unchanged by (WA, CA⁻ᵀ) for
    any invertible A, in particular by (WQ, CQ) for orthogonal Q.  Rotating only
    one of the two matrices changes it.

    Raises
    ------
    ValueError
        Non-finite values, W and C of different widths, an index out of range,
        pairs not of shape (n, 2).
    TypeError
        Non-integer pairs; complex or non-numeric matrices.

    Examples
    --------
    >>> import numpy as np
    >>> W, C = np.zeros((3, 2)), np.zeros((4, 2))
    >>> bool(np.isclose(skipgram_loss(W, C, [[0, 1], [2, 3]]), np.log(4)))  # equal logits: log V_C
    True
    """
    W, C, pairs = check_problem(W, C, pairs)
    return loss_and_grad(W, C, pairs, grad=False)


def skipgram_grad(W, C, pairs):
    """Gradient of :func:`skipgram_loss`: ``(dW, dC)`` with the shapes of W and C.

    With Z = WCᵀ (only the rows of words present in ``pairs``), N the count
    matrix of the pairs (N[w, c] = number of pairs (w, c)), n_w = Σ_c N[w, c]
    and P = row-wise softmax of Z:

    .. math:: G = \\frac{1}{n}\\big(\\mathrm{diag}(n_w) P - N\\big), \\qquad
              \\nabla_W L = G\\,C, \\qquad \\nabla_C L = G^\\top W .

    Equivariance: at (WQ, CQ) with Q orthogonal the gradient is (dW·Q, dC·Q);
    at (WA, CA⁻ᵀ) it is (dW·A⁻ᵀ, dC·A) — the same as (dW·A, dC·A⁻ᵀ) only when
    A is orthogonal.  Rows of words absent from ``pairs`` get a zero gradient.

    Parameters
    ----------
    W : array, shape (V_W, d)
        Word (input) vectors.
    C : array, shape (V_C, d)
        Context (output) vectors.
    pairs : int array, shape (n, 2)
        Observed (word index, context index) pairs, as in :func:`skipgram_loss`.

    Returns
    -------
    dW : ndarray, shape (V_W, d)
        ∂L/∂W = G C (float64).
    dC : ndarray, shape (V_C, d)
        ∂L/∂C = Gᵀ W (float64).

    Raises
    ------
    ValueError, TypeError
        As :func:`skipgram_loss`.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> W, C, Q = rng.normal(size=(3, 2)), rng.normal(size=(4, 2)), np.array([[0.0, -1.0], [1.0, 0.0]])
    >>> dW, dC = skipgram_grad(W, C, [[0, 1], [2, 3]])
    >>> dW2, dC2 = skipgram_grad(W @ Q, C @ Q, [[0, 1], [2, 3]])  # a rotation of both: the gradient rotates
    >>> bool(np.allclose(dW2, dW @ Q) and np.allclose(dC2, dC @ Q)), dW.shape, dC.shape
    (True, (3, 2), (4, 2))
    """
    W, C, pairs = check_problem(W, C, pairs)
    _, dW, dC = loss_and_grad(W, C, pairs)
    return dW, dC


def sgns_loss(W, C, pairs, negatives) -> float:
    """Skip-gram with negative sampling (gensim's objective), averaged over the pairs.

    .. math:: L_{NS} = \\frac{1}{n}\\sum_i \\Big[-\\log\\sigma(\\mathbf w_{w_i}\\cdot\\mathbf c_{c_i})
              - \\sum_{k}\\log\\sigma(-\\mathbf w_{w_i}\\cdot\\mathbf c_{n_{ik}})\\Big]

    with σ the logistic function; −log σ(x) = log(1 + e⁻ˣ) is computed with
    ``np.logaddexp`` (no overflow).  In gensim, W is ``wv.vectors`` and C is
    ``syn1neg``.

    Parameters
    ----------
    W : array (V_W, d); C : array (V_C, d)
    pairs : int array (n, 2)
        Observed (word, context) pairs.
    negatives : int array (n, k)
        k noise context indices for each pair (gensim draws them from the unigram
        distribution raised to the power 0.75, :func:`sample_negatives`).

    Returns
    -------
    float
        L_NS ≥ 0; (k + 1) log 2 when every logit is 0 (W = 0 or C = 0).

    Invariances
    -----------
    Like :func:`skipgram_loss`: a function of the logits WCᵀ only.

    Raises
    ------
    ValueError
        As :func:`skipgram_loss`; ``negatives`` with a number of rows other than n
        or an index out of range.

    Examples
    --------
    >>> W, C = np.zeros((3, 2)), np.zeros((4, 2))
    >>> bool(np.isclose(sgns_loss(W, C, [[0, 1]], [[2, 3]]), 3 * np.log(2)))  # every logit 0: (k + 1) log 2
    True
    """
    W, C, pairs = check_problem(W, C, pairs)
    neg = _index_array(negatives, "negatives")
    if len(neg) != len(pairs):
        raise ValueError(f"negatives must have one row per pair: {len(neg)} rows for {len(pairs)} pairs")
    _in_range(neg, C.shape[0], "negative-sample")
    Ww = W[pairs[:, 0]]
    pos = np.einsum("ij,ij->i", Ww, C[pairs[:, 1]])
    negl = np.einsum("ij,ikj->ik", Ww, C[neg])
    return float((np.logaddexp(0, -pos).sum() + np.logaddexp(0, negl).sum()) / len(pairs))
