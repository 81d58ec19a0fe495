"""The NumPy skip-gram: loss, gradient, negative sampling, the trainer's update rules and its symmetries."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import log_softmax, logsumexp

import embstab_lib as es
from embstab_lib.models.skipgram import OPTIMIZERS


def problem(seed, V=12, Vc=None, d=4, n=60, scale=1.0):
    rng = np.random.default_rng(seed)
    Vc = V if Vc is None else Vc
    W, C = scale * rng.normal(size=(V, d)), scale * rng.normal(size=(Vc, d))
    pairs = np.c_[rng.integers(0, V, n), rng.integers(0, Vc, n)]
    return W, C, pairs


def naive_loss(W, C, pairs):
    return -np.mean([log_softmax(W[w] @ C.T)[c] for w, c in pairs])


def haar(d, seed):
    return es.random_orthogonal(d, seed=seed)


def conditioned(d, kappa, seed):
    s = np.geomspace(1, kappa, d)
    return haar(d, seed) @ np.diag(s) @ haar(d, seed + 1)


# ---------------------------------------------------------------- the loss


@pytest.mark.parametrize("seed", range(4))
def test_loss_matches_the_definition(seed):
    W, C, pairs = problem(seed, V=10, Vc=7)
    assert np.isclose(es.skipgram_loss(W, C, pairs), naive_loss(W, C, pairs), rtol=1e-12)


def test_loss_of_equal_logits_is_log_of_the_number_of_contexts():
    assert np.isclose(es.skipgram_loss(np.zeros((3, 2)), np.zeros((9, 2)), [[0, 1], [2, 8], [2, 8]]), np.log(9))


def test_loss_is_stable_for_huge_logits():
    W, C, pairs = problem(1, scale=40.0)  # logits of order 10³: a naive exp overflows
    with np.errstate(over="raise"):
        got = es.skipgram_loss(W, C, pairs)
    Z = W @ C.T
    want = np.mean([logsumexp(Z[w]) - Z[w, c] for w, c in pairs])
    assert np.isfinite(got) and np.isclose(got, want, rtol=1e-12)


def test_repeated_pairs_count_repeatedly():
    W, C, pairs = problem(2)
    doubled = np.vstack([pairs, pairs[:10]])
    assert np.isclose(es.skipgram_loss(W, C, doubled), naive_loss(W, C, doubled), rtol=1e-12)


# ---------------------------------------------------------------- the gradient


@pytest.mark.parametrize("seed", range(3))
def test_gradient_matches_central_differences(seed):
    W, C, pairs = problem(seed, V=9, Vc=11, d=3)
    dW, dC = es.skipgram_grad(W, C, pairs)
    rng = np.random.default_rng(100 + seed)
    h = 1e-5
    for _ in range(5):
        DW, DC = rng.normal(size=W.shape), rng.normal(size=C.shape)
        fd = (es.skipgram_loss(W + h * DW, C + h * DC, pairs) - es.skipgram_loss(W - h * DW, C - h * DC, pairs)) / (
            2 * h
        )
        assert np.isclose(fd, np.sum(dW * DW) + np.sum(dC * DC), rtol=1e-6, atol=1e-10)


def test_gradient_entry_by_entry():
    W, C, pairs = problem(7, V=4, Vc=5, d=2, n=20)
    dW, dC = es.skipgram_grad(W, C, pairs)
    h = 1e-6
    for X, G in ((W, dW), (C, dC)):
        for idx in np.ndindex(X.shape):
            old = X[idx]
            X[idx] = old + h
            up = es.skipgram_loss(W, C, pairs)
            X[idx] = old - h
            down = es.skipgram_loss(W, C, pairs)
            X[idx] = old
            assert np.isclose((up - down) / (2 * h), G[idx], atol=1e-8)


def test_words_absent_from_the_pairs_get_no_gradient():
    W, C, _ = problem(3, V=6)
    dW, _ = es.skipgram_grad(W, C, [[0, 1], [0, 2], [3, 5]])
    assert np.all(dW[[1, 2, 4, 5]] == 0) and np.abs(dW[[0, 3]]).sum() > 0


# ---------------------------------------------------------------- symmetries of the objective


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), d=st.integers(1, 6))
def test_loss_and_gradient_under_rotations(seed, d):
    W, C, pairs = problem(seed, d=d)
    Q = haar(d, seed)
    L = es.skipgram_loss(W, C, pairs)
    assert abs(es.skipgram_loss(W @ Q, C @ Q, pairs) - L) <= 1e-12 * L
    dW, dC = es.skipgram_grad(W, C, pairs)
    gW, gC = es.skipgram_grad(W @ Q, C @ Q, pairs)
    assert np.allclose(gW, dW @ Q, atol=1e-13) and np.allclose(gC, dC @ Q, atol=1e-13)


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), kappa=st.floats(1.0, 30.0))
def test_loss_under_invertible_maps_and_contravariant_gradient(seed, kappa):
    W, C, pairs = problem(seed)
    A = conditioned(W.shape[1], kappa, seed)
    A_inv_T = np.linalg.inv(A).T
    L = es.skipgram_loss(W, C, pairs)
    assert abs(es.skipgram_loss(W @ A, C @ A_inv_T, pairs) - L) <= 1e-10 * L
    dW, dC = es.skipgram_grad(W, C, pairs)
    gW, gC = es.skipgram_grad(W @ A, C @ A_inv_T, pairs)
    assert np.allclose(gW, dW @ A_inv_T, atol=1e-10) and np.allclose(gC, dC @ A, atol=1e-10)


@pytest.mark.parametrize("seed", range(5))
def test_rotating_one_side_or_a_non_orthogonal_map_on_both_changes_the_loss(seed):
    W, C, pairs = problem(seed)
    L = es.skipgram_loss(W, C, pairs)
    Q, A = haar(4, seed), conditioned(4, 10.0, seed)
    assert abs(es.skipgram_loss(W @ Q, C, pairs) - L) > 1e-3 * L
    assert abs(es.skipgram_loss(W @ A, C @ A, pairs) - L) > 1e-3 * L


# ---------------------------------------------------------------- negative sampling


def test_sgns_loss_matches_the_definition_and_its_value_at_zero():
    W, C, pairs = problem(4, Vc=8)
    neg = np.random.default_rng(0).integers(0, 8, size=(len(pairs), 3))

    def sigma(x):
        return 1 / (1 + np.exp(-x))

    want = np.mean([-np.log(sigma(W[w] @ C[c])) - np.log(sigma(-(C[n] @ W[w]))).sum() for (w, c), n in zip(pairs, neg)])
    assert np.isclose(es.sgns_loss(W, C, pairs, neg), want, rtol=1e-12)
    assert np.isclose(es.sgns_loss(0 * W, 0 * C, pairs, neg), 4 * np.log(2))
    Q, A = haar(4, 1), conditioned(4, 10.0, 2)
    L = es.sgns_loss(W, C, pairs, neg)
    assert abs(es.sgns_loss(W @ Q, C @ Q, pairs, neg) - L) < 1e-12 * L
    assert abs(es.sgns_loss(W @ A, C @ np.linalg.inv(A).T, pairs, neg) - L) < 1e-10 * L
    assert abs(es.sgns_loss(W @ Q, C, pairs, neg) - L) > 1e-3 * L
    big = es.sgns_loss(300 * W, 300 * C, pairs, neg)  # logits of order 10⁵: no overflow
    assert np.isfinite(big)


def test_negatives_follow_the_smoothed_unigram_distribution():
    counts = np.array([1000, 100, 10, 0, 1])
    neg = es.sample_negatives(counts, 40_000, 5, seed=0)
    assert neg.shape == (40_000, 5) and not (neg == 3).any()
    p = counts**0.75 / (counts**0.75).sum()
    assert np.allclose(np.bincount(neg.ravel(), minlength=5) / neg.size, p, atol=0.005)
    assert np.array_equal(neg, es.sample_negatives(counts, 40_000, 5, seed=0))


# ---------------------------------------------------------------- pairs from a corpus


def test_pairs_stay_in_their_sentence_and_skip_other_words():
    words, pairs = es.skipgram_pairs([["a", "b", "x", "c"], ["c", "a"]], n_words=3, window=2)
    assert words == ["a", "c", "b"]
    got = sorted((words[w], words[c]) for w, c in pairs)
    assert got == sorted([("a", "b"), ("b", "a"), ("b", "c"), ("c", "b"), ("c", "a"), ("a", "c")])


def test_pairs_with_a_given_vocabulary():
    words, pairs = es.skipgram_pairs([["a", "b", "c", "a"]], vocabulary=["c", "a"], window=1)
    assert words == ["c", "a"] and sorted(map(tuple, pairs.tolist())) == [(0, 1), (1, 0)]
    with pytest.raises(ValueError, match="distinct"):
        es.skipgram_pairs([["a", "b"]], vocabulary=["a", "a"])
    with pytest.raises(ValueError, match="fewer than n_words"):
        es.skipgram_pairs([["a", "b"]], n_words=3)
    with pytest.raises(ValueError, match="no .word, context. pair"):
        es.skipgram_pairs([["a"], ["b"]], n_words=2)


# ---------------------------------------------------------------- the trainer


def small_run(W0, C0, pairs, optimizer, **kw):
    kw = {
        "lr": 0.01 if optimizer in ("rmsprop", "adam", "adamw") else 0.5,
        "steps": 30,
        "batch_size": 25,
        "seed": 3,
        "record": [0, 1, 10, 30],
        **kw,
    }
    return es.train_skipgram(W0, C0, pairs, optimizer=optimizer, **kw)


@pytest.mark.parametrize("optimizer", OPTIMIZERS)
@pytest.mark.parametrize("weight_decay", [0.0, 0.05])
def test_which_optimisers_keep_the_rotated_trajectory(optimizer, weight_decay):
    W0, C0, pairs = problem(11, V=15, d=5, n=200, scale=0.3)
    Q = haar(5, 4)
    a = small_run(W0, C0, pairs, optimizer, weight_decay=weight_decay)
    b = small_run(W0 @ Q, C0 @ Q, pairs, optimizer, weight_decay=weight_decay)
    steps, dev = es.trajectory_deviation(a, b, Q)
    assert list(steps) == [0, 1, 10, 30] and dev[0] < 1e-15
    if optimizer in ("sgd", "momentum"):
        assert dev.max() < 1e-12
    else:
        assert dev[1] > 1e-3 and dev[-1] > 1e-3


@pytest.mark.parametrize("optimizer", ["rmsprop", "adam", "adamw"])
def test_adaptive_optimisers_keep_signed_permutations(optimizer):
    W0, C0, pairs = problem(12, V=15, d=5, n=200, scale=0.3)
    P = np.eye(5)[[3, 0, 4, 1, 2]] * np.array([1, -1, -1, 1, -1])
    a = small_run(W0, C0, pairs, optimizer, weight_decay=0.05)
    b = small_run(W0 @ P, C0 @ P, pairs, optimizer, weight_decay=0.05)
    assert es.trajectory_deviation(a, b, P)[1].max() < 1e-12


def test_sgd_does_not_keep_the_trajectory_of_an_invertible_map():
    W0, C0, pairs = problem(13, V=15, d=5, n=200, scale=0.3)
    A = conditioned(5, 5.0, 1)
    a = small_run(W0, C0, pairs, "sgd")
    b = small_run(W0 @ A, C0 @ np.linalg.inv(A).T, pairs, "sgd")
    W, _ = a.snapshots[30]
    W2, _ = b.snapshots[30]
    assert np.linalg.norm(W @ A - W2) / np.linalg.norm(W @ A) > 1e-3


def test_one_step_of_each_update_rule_by_hand():
    W0, C0, pairs = problem(14, V=6, d=3, n=40)
    lr, lam = 0.1, 0.2
    dW, dC = es.skipgram_grad(W0, C0, pairs)
    for optimizer, factor in (("sgd", 1.0), ("momentum", 1.0)):
        run = es.train_skipgram(W0, C0, pairs, optimizer=optimizer, lr=lr, steps=1, batch_size=None, weight_decay=lam)
        assert np.allclose(run.W, W0 - lr * factor * (dW + lam * W0), atol=1e-15)
    run = es.train_skipgram(W0, C0, pairs, optimizer="rmsprop", lr=lr, steps=1, batch_size=None, rho=0.99)
    assert np.allclose(run.W, W0 - lr * dW / (np.sqrt(0.01 * dW**2) + 1e-8))
    # the first Adam step is lr · g / (|g| + ε), bias correction included
    run = es.train_skipgram(W0, C0, pairs, optimizer="adam", lr=lr, steps=1, batch_size=None)
    assert np.allclose(run.C, C0 - lr * dC / (np.abs(dC) + 1e-8))
    run = es.train_skipgram(W0, C0, pairs, optimizer="adamw", lr=lr, steps=1, batch_size=None, weight_decay=lam)
    assert np.allclose(run.C, (1 - lr * lam) * C0 - lr * dC / (np.abs(dC) + 1e-8))
    coupled = es.train_skipgram(W0, C0, pairs, optimizer="adam", lr=lr, steps=1, batch_size=None, weight_decay=lam)
    g = dC + lam * C0
    assert np.allclose(coupled.C, C0 - lr * g / (np.abs(g) + 1e-8))


def test_momentum_accumulates_the_gradients():
    W0, C0, pairs = problem(15, V=6, d=3, n=40)
    lr, mu = 0.1, 0.9
    run = es.train_skipgram(W0, C0, pairs, optimizer="momentum", lr=lr, steps=2, batch_size=None, momentum=mu)
    g1 = es.skipgram_grad(W0, C0, pairs)[0]
    W1 = W0 - lr * g1
    C1 = C0 - lr * es.skipgram_grad(W0, C0, pairs)[1]
    g2 = es.skipgram_grad(W1, C1, pairs)[0]
    assert np.allclose(run.W, W1 - lr * (mu * g1 + g2))


def test_batches_depend_on_the_seed_only_and_runs_are_reproducible():
    W0, C0, pairs = problem(16, V=10, d=3, n=100)
    a = es.train_skipgram(W0, C0, pairs, lr=0.5, steps=20, batch_size=10, seed=1)
    b = es.train_skipgram(W0, C0, pairs, lr=0.5, steps=20, batch_size=10, seed=1)
    c = es.train_skipgram(W0, C0, pairs, lr=0.5, steps=20, batch_size=10, seed=2)
    assert np.array_equal(a.W, b.W) and np.array_equal(a.losses, b.losses) and not np.array_equal(a.W, c.W)
    W0_before = W0.copy()
    es.train_skipgram(W0, C0, pairs, lr=0.5, steps=2, batch_size=10)
    assert np.array_equal(W0, W0_before), "the starting point is not modified"


def test_training_lowers_the_loss_and_float32_stays_float32():
    W0, C0 = es.init_skipgram(20, 4, seed=0)
    rng = np.random.default_rng(0)
    w = rng.integers(0, 20, 500)
    pairs = np.c_[w, (w + 1) % 20]  # a deterministic "next word" relation: learnable
    run = es.train_skipgram(W0, C0, pairs, optimizer="adam", lr=0.05, steps=200, batch_size=100)
    assert es.skipgram_loss(run.W, run.C, pairs) < 0.5 * es.skipgram_loss(W0, C0, pairs)
    r32 = es.train_skipgram(W0, C0, pairs, lr=0.5, steps=5, batch_size=100, dtype=np.float32)
    assert r32.W.dtype == np.float32


def test_weight_decay_shrinks_the_imbalance_at_rate_one_minus_lr_lambda_squared():
    W, C, pairs = problem(17, V=10, d=3, n=100, scale=0.3)
    A = conditioned(3, 5.0, 0)
    W0, C0 = W @ A, C @ np.linalg.inv(A).T
    lr, lam, steps = 0.01, 1.0, 300
    D0 = np.linalg.norm(W0.T @ W0 - C0.T @ C0)
    decayed = es.train_skipgram(W0, C0, pairs, lr=lr, steps=steps, batch_size=None, weight_decay=lam)
    kept = es.train_skipgram(W0, C0, pairs, lr=lr, steps=steps, batch_size=None)
    ratio = np.linalg.norm(decayed.W.T @ decayed.W - decayed.C.T @ decayed.C) / D0
    assert np.isclose(ratio, (1 - lr * lam) ** (2 * steps), rtol=0.05)
    assert np.isclose(np.linalg.norm(kept.W.T @ kept.W - kept.C.T @ kept.C) / D0, 1, atol=0.02)


# ---------------------------------------------------------------- measures of symmetry


def test_imbalance_sees_invertible_maps_not_rotations():
    W, C, _ = problem(18, d=4)
    Q, A = haar(4, 0), conditioned(4, 10.0, 0)
    assert np.isclose(es.imbalance(W @ Q, C @ Q), es.imbalance(W, C))
    assert not np.isclose(es.imbalance(W @ A, C @ np.linalg.inv(A).T), es.imbalance(W, C), rtol=0.1)


def test_axis_alignment_extremes_invariance_and_chance_level():
    rng = np.random.default_rng(0)
    d = 6
    U, _ = np.linalg.qr(rng.normal(size=(200, d)) - rng.normal(size=(200, d)).mean(axis=0))
    U -= U.mean(axis=0)
    U, _ = np.linalg.qr(U)  # centred, orthonormal columns: the covariance is exactly diagonal
    X = U * np.geomspace(1, 20, d)
    assert np.isclose(es.axis_alignment(X), 1.0)
    P = np.eye(d)[rng.permutation(d)] * rng.choice([-1, 1], d)
    assert np.isclose(es.axis_alignment(X @ P), 1.0)
    values = [es.axis_alignment(X @ haar(d, s)) for s in range(400)]
    assert 0 <= min(values) and max(values) <= 1
    assert abs(np.mean(values) - 2 / (d + 2)) < 0.03


# ---------------------------------------------------------------- bad input


def test_bad_input_is_named():
    W, C, pairs = problem(19)
    with pytest.raises(ValueError, match="out of range"):
        es.skipgram_loss(W, C, [[0, 12]])
    with pytest.raises(ValueError, match="out of range"):
        es.skipgram_grad(W, C, [[-1, 0]])
    with pytest.raises(TypeError, match="integer"):
        es.skipgram_loss(W, C, pairs.astype(float))
    with pytest.raises(ValueError, match=r"\(n, 2\)"):
        es.skipgram_loss(W, C, pairs[:, :1])
    with pytest.raises(ValueError, match="same number of columns"):
        es.skipgram_loss(W, C[:, :3], pairs)
    bad = W.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        es.skipgram_loss(bad, C, pairs)
    with pytest.raises(ValueError, match="one row per pair"):
        es.sgns_loss(W, C, pairs, np.zeros((3, 2), dtype=int))
    with pytest.raises(ValueError, match="out of range"):
        es.sgns_loss(W, C, pairs, np.full((len(pairs), 2), 99))
    with pytest.raises(ValueError, match="optimizer"):
        es.train_skipgram(W, C, pairs, optimizer="lbfgs")
    with pytest.raises(ValueError, match="lr"):
        es.train_skipgram(W, C, pairs, lr=0)
    with pytest.raises(ValueError, match="record"):
        es.train_skipgram(W, C, pairs, steps=5, record=[6])
    with pytest.raises(ValueError, match="betas"):
        es.train_skipgram(W, C, pairs, optimizer="adam", betas=(0.9, 1.0))
    with pytest.raises(ValueError, match="weight_decay"):
        es.train_skipgram(W, C, pairs, weight_decay=-1)
    with pytest.raises(ValueError, match="dtype"):
        es.train_skipgram(W, C, pairs, dtype=np.int64)
    with pytest.raises(ValueError, match="counts"):
        es.sample_negatives([0, 0], 3, 2)
    with pytest.raises(ValueError, match="equal"):
        es.axis_alignment([[1.0, 0], [-1, 0], [0, 1], [0, -1]])
    a = es.train_skipgram(W, C, pairs, steps=2)
    with pytest.raises(ValueError, match="no recorded step"):
        es.trajectory_deviation(a, a, np.eye(4))


def test_zero_matrices_are_named():
    with pytest.raises(ValueError, match="W is zero"):
        es.imbalance(np.zeros((3, 2)), np.ones((3, 2)))
    zero = es.train_skipgram(np.zeros((4, 2)), np.zeros((4, 2)), [[0, 1], [2, 3]], steps=1, record=[0, 1])
    with pytest.raises(ValueError, match="both zero at step 0"):
        es.trajectory_deviation(zero, zero, np.eye(2))
    with pytest.raises(ValueError, match="scale"):
        es.init_skipgram(3, 2, scale="big")
