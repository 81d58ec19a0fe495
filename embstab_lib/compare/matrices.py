"""The two inputs of every comparison: row-aligned matrices of two models, and random orthogonal maps.

Dependency rule: plain arrays and duck-typed ``KeyedVectors`` only (no gensim import).
"""

from __future__ import annotations

import numpy as np
from scipy.stats import ortho_group

from .._validate import as_matrix, keyed_vectors, make_rng, positive_int


def shared_matrices(kv_a, kv_b, *, top_n=None):
    """The common vocabulary of two ``KeyedVectors`` and their row-aligned matrices.

    Parameters
    ----------
    kv_a, kv_b : gensim.models.KeyedVectors
        Two trained models (anything with ``index_to_key``, ``key_to_index`` and ``vectors``).
    top_n : int, optional
        Keep only the ``top_n`` most frequent shared words (in ``kv_a``'s order).

    Returns
    -------
    words : list of str
        The shared words in ``kv_a``'s order (most frequent first).
    A, B : ndarray, shape (V, d_a), (V, d_b)
        ``A[i] = kv_a[words[i]]``, ``B[i] = kv_b[words[i]]``, as float64.

    Raises
    ------
    TypeError
        ``kv_a`` or ``kv_b`` is not a ``KeyedVectors``.
    ValueError
        No shared word, ``top_n`` not a positive integer or larger than the number of shared words,
        NaN/inf in the vectors.

    Examples
    --------
    >>> words, A, B = shared_matrices(kv1, kv2, top_n=1000)   # doctest: +SKIP
    """
    keyed_vectors(kv_a, "kv_a")
    keyed_vectors(kv_b, "kv_b")
    words = [w for w in kv_a.index_to_key if w in kv_b.key_to_index]
    if not words:
        raise ValueError("the two models share no word")
    if top_n is not None:
        top_n = positive_int(top_n, "top_n")
        if top_n > len(words):
            raise ValueError(f"top_n={top_n} is larger than the {len(words)} shared words")
        words = words[:top_n]
    A = as_matrix(np.asarray(kv_a.vectors)[[kv_a.key_to_index[w] for w in words]], "kv_a.vectors")
    B = as_matrix(np.asarray(kv_b.vectors)[[kv_b.key_to_index[w] for w in words]], "kv_b.vectors")
    return words, A, B


def random_orthogonal(d, *, seed=None) -> np.ndarray:
    """A Haar-random d×d orthogonal matrix (``scipy.stats.ortho_group``).

    Parameters
    ----------
    d : int
        Size, ≥ 1.
    seed : int or None
        Seed of ``numpy.random.default_rng``; the same seed gives the same matrix.

    Returns
    -------
    Q : ndarray, shape (d, d)
        QᵀQ = I.  det Q = +1 (rotation) or −1 (rotation + reflection), each with probability ½.

    Raises
    ------
    ValueError
        ``d`` not a positive integer, negative ``seed``.
    TypeError
        ``seed`` not an integer or None.

    Examples
    --------
    >>> Q = random_orthogonal(3, seed=0)
    >>> bool(np.allclose(Q.T @ Q, np.eye(3)))
    True
    """
    d = positive_int(d, "d")
    rng = make_rng(seed)
    if d == 1:
        return np.array([[rng.choice([-1.0, 1.0])]])
    return ortho_group.rvs(dim=d, random_state=rng)
