"""The tiny Transformer of chapter 09: layers against NumPy references, the residual-stream symmetry (and what
breaks it), optimisers, the vocabulary and batches, cached reproducible training in worker processes, the
analysis helpers, and the library without JAX.

Tests that need JAX are skipped, with the reason shown, when it is not installed (``requirements.txt`` pins it,
so ``make test`` runs them).
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import embstab_lib as es
from embstab_lib.models.transformer import _pool, data, params_to_numpy, train

ROOT = Path(__file__).resolve().parents[1]
try:
    import jax  # noqa: F401
    import optax  # noqa: F401

    HAS_JAX = True
except ImportError:
    HAS_JAX = False
needs_jax = pytest.mark.skipif(
    not HAS_JAX, reason="JAX and optax are not installed (pip install 'embstab_lib[transformer]')"
)

TINY = dict(vocab_size=6, d_model=8, n_heads=2, n_layers=1, d_ff=16, context=8, batch_size=4, steps=20, record_every=10)


def tiny_docs(n=3, length=120, seed=0):
    rng = np.random.default_rng(seed)
    return [[f"w{int(i)}" for i in rng.zipf(1.5, size=length) % 9] for _ in range(n)]


def rel(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return float(np.linalg.norm(a - b) / np.linalg.norm(b))


def numpy_attention(x, wq, wk, wv, wo, H):
    T, d = x.shape
    dh = d // H
    out = np.zeros((T, d))
    for h in range(H):
        cols = slice(h * dh, (h + 1) * dh)
        s = (x @ wq[:, cols]) @ (x @ wk[:, cols]).T / np.sqrt(dh)
        s[np.triu(np.ones((T, T), bool), 1)] = -np.inf
        a = np.exp(s - s.max(axis=1, keepdims=True))
        out[:, cols] = a / a.sum(axis=1, keepdims=True) @ (x @ wv[:, cols])
    return out @ wo


# ---------------------------------------------------------------------------------------------- without JAX


def test_the_library_imports_and_works_without_jax():
    code = textwrap.dedent(
        """
        import sys
        import numpy as np
        sys.modules["jax"] = None      # `import jax` now raises ImportError
        sys.modules["optax"] = None
        import embstab_lib as es
        P = es.sinusoidal_positions(40, 6).astype(float)
        words, counts, docs = es.lm_vocabulary([["a", "b", "a"]], 2)
        m = es.similarity_measures(P, 2 * P + 1)
        assert "jax" not in [k for k, v in sys.modules.items() if v is not None]
        try:
            es.causal_attention(P, *[np.eye(6)] * 4, n_heads=1)
        except ImportError:
            print("ImportError")
        """
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ImportError"


def test_train_without_jax_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "jax", None)
    with pytest.raises(ImportError, match="transformer"):
        es.train_lms(tiny_docs(), [0], **TINY)


# ---------------------------------------------------------------------------------------------- positions


def test_sinusoidal_positions():
    P = es.sinusoidal_positions(200, 16).astype(float)
    assert P.dtype == float and np.allclose(np.linalg.norm(P, axis=1), np.sqrt(8), atol=1e-5)
    assert np.allclose(P[0, 0::2], 0) and np.allclose(P[0, 1::2], 1)
    # a shift by k positions is one fixed linear map: P[t + k] = P[t] R_k for every t
    for k in (1, 7, 50):
        R, *_ = np.linalg.lstsq(P[:-k], P[k:], rcond=None)
        assert rel(P[:-k] @ R, P[k:]) < 1e-5
    # the dot product of two positions depends on their distance only
    G = P @ P.T
    assert np.allclose(np.diag(G, 3)[:-10], np.diag(G, 3)[10:], atol=1e-4)


@pytest.mark.parametrize(
    "args, exc",
    [
        ((0, 4), ValueError),
        ((4, 5), ValueError),
        ((4.0, 4), ValueError),
        ((4, True), ValueError),
        ((4, 4, 1.0), ValueError),
    ],
)
def test_sinusoidal_positions_bad_input(args, exc):
    kwargs = {"base": args[2]} if len(args) == 3 else {}
    with pytest.raises(exc):
        es.sinusoidal_positions(*args[:2], **kwargs)


# ---------------------------------------------------------------------------------------------- layers


@needs_jax
def test_causal_attention_matches_numpy_and_is_causal(rng):
    T, d, H = 7, 8, 2
    x = rng.normal(size=(T, d))
    ws = [rng.normal(size=(d, d)) / np.sqrt(d) for _ in range(4)]
    got = np.asarray(es.causal_attention(x.astype(np.float32), *[w.astype(np.float32) for w in ws], n_heads=H))
    assert rel(got, numpy_attention(x, *ws, H)) < 1e-5
    y = x.copy()
    y[4] += 10.0  # change position 4: positions 0-3 must not move at all
    moved = np.asarray(es.causal_attention(y, *ws, n_heads=H)) - np.asarray(es.causal_attention(x, *ws, n_heads=H))
    assert np.abs(moved[:4]).max() == 0 and np.abs(moved[4:]).max() > 1e-3
    batch = np.asarray(es.causal_attention(np.stack([x, y]), *ws, n_heads=H))
    assert batch.shape == (2, T, d) and rel(batch[0], got) < 1e-5


@needs_jax
def test_causal_attention_bad_input(rng):
    x, w = rng.normal(size=(5, 6)), rng.normal(size=(6, 6))
    with pytest.raises(ValueError, match="multiple of n_heads"):
        es.causal_attention(x, w, w, w, w, n_heads=4)
    with pytest.raises(ValueError, match="wo must have shape"):
        es.causal_attention(x, w, w, w, w[:3], n_heads=2)
    with pytest.raises(ValueError, match="x must have shape"):
        es.causal_attention(x[0], w, w, w, w, n_heads=2)


@needs_jax
def test_norms_and_rotations(rng):
    x = rng.normal(size=(20, 8)) * 3 + 1
    Q = es.random_orthogonal(8, seed=1)
    assert rel(np.asarray(es.rms_norm(x @ Q)), np.asarray(es.rms_norm(x)) @ Q) < 1e-6
    assert np.allclose(np.mean(np.asarray(es.rms_norm(x)) ** 2, axis=1), 1, atol=1e-4)
    assert rel(np.asarray(es.layer_norm(x @ Q)), np.asarray(es.layer_norm(x)) @ Q) > 0.05
    ln = np.asarray(es.layer_norm(x))
    assert np.allclose(ln.mean(axis=1), 0, atol=1e-5) and np.allclose(ln.std(axis=1), 1, atol=1e-3)
    # a rotation that keeps the all-ones direction commutes with LayerNorm
    H = np.linalg.qr(np.c_[np.ones(8), rng.normal(size=(8, 7))])[0]
    Q1 = H @ np.block([[np.eye(1), np.zeros((1, 7))], [np.zeros((7, 1)), es.random_orthogonal(7, seed=2)]]) @ H.T
    assert rel(np.asarray(es.layer_norm(x @ Q1)), ln @ Q1) < 1e-5


# ---------------------------------------------------------------------------------------------- the model


def tiny_model(seed=0, **kw):
    return es.init_lm(11, seed=seed, d_model=8, n_layers=2, d_ff=12, **kw)


@needs_jax
def test_init_lm_layout_and_determinism():
    p = tiny_model()
    assert p["embed"].shape == (11, 8) and p["unembed"].shape == (8, 11) and len(p["blocks"]) == 2
    assert set(p["blocks"][0]) == {"wq", "wk", "wv", "wo", "w_in", "w_out", "norm1", "norm2"}
    assert np.array_equal(p["embed"], tiny_model()["embed"]) and not np.array_equal(p["embed"], tiny_model(1)["embed"])
    assert "unembed" not in tiny_model(tie=True) and "norm_f" not in tiny_model(gains=False)
    assert abs(float(np.std(es.init_lm(500, seed=0, init_scale=0.02)["embed"])) - 0.02) < 0.002


@needs_jax
def test_a_model_without_blocks_is_a_bigram_model(rng, tmp_path, monkeypatch):
    """n_layers = 0 (chapter 09's depth control): the logits at t depend on the token at t and on t only."""
    p = es.init_lm(11, seed=0, d_model=8, n_layers=0)
    assert p["blocks"] == [] and set(p) == {"embed", "unembed", "blocks", "norm_f"}
    tokens = rng.integers(0, 11, size=(2, 6))
    changed = tokens.copy()
    changed[:, 2] = (changed[:, 2] + 1) % 11  # change position 2 only
    z, z2 = np.asarray(es.lm_logits(p, tokens, n_heads=2)), np.asarray(es.lm_logits(p, changed, n_heads=2))
    assert np.array_equal(np.delete(z, 2, axis=1), np.delete(z2, 2, axis=1)) and not np.allclose(z[:, 2], z2[:, 2])
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    run = es.train_lms(tiny_docs(), [{"seed": 0, "n_layers": 0}], **TINY)[0]
    assert run.params["blocks"] == [] and run.loss[-5:].mean() < run.loss[:5].mean()


@needs_jax
@pytest.mark.parametrize(
    "kw, match",
    [
        (dict(n_layers=-1), "n_layers"),
        (dict(vocab_size=1), "vocab_size"),
        (dict(d_model=0), "d_model"),
        (dict(seed=-1), "seed"),
        (dict(init_scale=0.0), "init_scale"),
        (dict(n_layers=True), "n_layers"),
    ],
)
def test_init_lm_bad_input(kw, match):
    kw = {"vocab_size": 5, **kw}
    with pytest.raises(ValueError, match=match):
        es.init_lm(kw.pop("vocab_size"), **kw)


def perturbed_gains(p, rng):
    for b in p["blocks"]:
        b["norm1"], b["norm2"] = (1 + 0.5 * rng.normal(size=8)).astype(np.float32), (1 + 0.5 * rng.normal(size=8))
    p["norm_f"] = (1 + 0.5 * rng.normal(size=8)).astype(np.float32)
    return p


@needs_jax
def test_rotating_the_residual_stream(rng):
    p = perturbed_gains(params_to_numpy(tiny_model()), rng)
    tokens = rng.integers(0, 11, size=(3, 10))
    z = np.asarray(es.lm_logits(p, tokens, n_heads=2))
    Q = es.random_orthogonal(8, seed=5)
    p2, P2 = es.rotate_residual(p, Q, n_positions=10)
    assert "norm1" not in p2["blocks"][0] and "norm_f" not in p2
    assert rel(np.asarray(es.lm_logits(p2, tokens, n_heads=2, pos=P2)), z) < 1e-5
    stream, _ = es.lm_forward(p2, tokens, n_heads=2, pos=P2)
    stream0, _ = es.lm_forward(p, tokens, n_heads=2)
    assert rel(np.asarray(stream[-1]), np.asarray(stream0[-1]) @ Q) < 1e-5  # the stream is rotated
    # the controls: gains left in place, LayerNorm, positions not rotated
    p3, P3 = es.rotate_residual(p, Q, n_positions=10, absorb_gains=False)
    assert rel(np.asarray(es.lm_logits(p3, tokens, n_heads=2, pos=P3)), z) > 1e-2
    zl = np.asarray(es.lm_logits(p, tokens, n_heads=2, norm="layer"))
    assert rel(np.asarray(es.lm_logits(p2, tokens, n_heads=2, norm="layer", pos=P2)), zl) > 1e-2
    assert rel(np.asarray(es.lm_logits(p2, tokens, n_heads=2)), z) > 1e-2


@needs_jax
def test_rotate_residual_bad_input(rng):
    p = tiny_model()
    with pytest.raises(ValueError, match="orthogonal"):
        es.rotate_residual(p, 2 * np.eye(8))
    with pytest.raises(ValueError, match="shape"):
        es.rotate_residual(p, np.eye(4))
    with pytest.raises(ValueError, match="tied"):
        es.rotate_residual(tiny_model(tie=True), np.eye(8))


@needs_jax
def test_lm_loss_reference_values(rng):
    p = tiny_model()
    p["unembed"] = np.zeros((8, 11), np.float32)  # every logit 0: the loss is log V
    windows = rng.integers(0, 11, size=(4, 9))
    assert float(es.lm_loss(p, windows, n_heads=2)) == pytest.approx(np.log(11), rel=1e-6)


# ---------------------------------------------------------------------------------------------- optimisers


def deviation(a, b, Q, start_a, start_b):
    """Relative deviation of the displacement of run b from the displacement of run a mapped by Q."""
    da, db = np.asarray(a["embed"]) - start_a, np.asarray(b["embed"]) - start_b
    return rel(da @ Q, db)


@needs_jax
def test_sgd_keeps_the_rotated_path_adam_does_not(rng):
    p = params_to_numpy(tiny_model(gains=False))
    P = es.sinusoidal_positions(8, 8)
    batches = rng.integers(0, 11, size=(15, 4, 9))
    Q = es.random_orthogonal(8, seed=3)
    pq, PQ = es.rotate_residual(p, Q, pos=P)
    E0, E0q = np.asarray(p["embed"]), np.asarray(pq["embed"])
    devs = {}
    for opt, lr in (("sgd", 0.5), ("momentum", 0.05), ("adam", 0.01), ("adamw", 0.01)):
        kw = dict(n_heads=2, optimizer=opt, lr=lr, weight_decay=0.01 if opt == "adamw" else 0.0)
        a, loss = es.lm_fit(p, batches, pos=P, **kw)
        b, _ = es.lm_fit(pq, batches, pos=PQ, **kw)
        devs[opt] = deviation(a, b, Q, E0, E0q)
        assert loss.shape == (15,) and np.isfinite(loss).all()
    assert devs["sgd"] < 1e-4 and devs["momentum"] < 1e-4, devs
    assert devs["adam"] > 1e-2 and devs["adamw"] > 1e-2, devs
    # Adam keeps a signed permutation of the coordinates
    S = np.eye(8)[rng.permutation(8)] * rng.choice([-1.0, 1.0], 8)
    ps, PS = es.rotate_residual(p, S, pos=P)
    a, _ = es.lm_fit(p, batches, pos=P, n_heads=2, optimizer="adam", lr=0.01)
    b, _ = es.lm_fit(ps, batches, pos=PS, n_heads=2, optimizer="adam", lr=0.01)
    assert deviation(a, b, S, E0, np.asarray(ps["embed"])) < 1e-4


@needs_jax
def test_lm_fit_chunks_and_bad_input(rng):
    p = tiny_model()
    batches = rng.integers(0, 11, size=(6, 2, 5))
    seen = []
    whole, loss = es.lm_fit(p, batches, n_heads=2, lr=0.01)
    parts, loss2 = es.lm_fit(p, batches, n_heads=2, lr=0.01, chunk=2, on_chunk=lambda t, q: seen.append(t))
    assert seen == [2, 4, 6] and np.allclose(loss, loss2, atol=1e-6)
    assert rel(parts["embed"], whole["embed"]) < 1e-5
    with pytest.raises(ValueError, match="chunk"):
        es.lm_fit(p, batches, n_heads=2, chunk=4)
    with pytest.raises(ValueError, match="batches"):
        es.lm_fit(p, batches.astype(float), n_heads=2)
    with pytest.raises(ValueError, match="optimizer"):
        es.lm_fit(p, batches, n_heads=2, optimizer="lion")
    with pytest.raises(ValueError, match="lr"):
        es.lm_fit(p, batches, n_heads=2, lr=-1.0)


# ---------------------------------------------------------------------------------------------- data


def test_lm_vocabulary():
    words, counts, docs = es.lm_vocabulary([["b", "a", "c", "a", "d", "b", "e"]], 3)
    assert words == ["<unk>", "b", "a"]  # <unk> (c, d, e: 3) is the most frequent token here
    assert counts.tolist() == [3, 2, 2] and docs[0].tolist() == [1, 2, 0, 2, 0, 1, 0]
    words, counts, _ = es.lm_vocabulary([["x", "y"]], 10)  # everything fits: no <unk>
    assert words == ["x", "y"] and counts.tolist() == [1, 1]


@pytest.mark.parametrize(
    "corpus, V, exc",
    [([["a", "<unk>"]], 3, ValueError), ([], 3, ValueError), ("text", 3, TypeError), ([["a"]], 1, ValueError)],
)
def test_lm_vocabulary_bad_input(corpus, V, exc):
    with pytest.raises(exc):
        es.lm_vocabulary(corpus, V)


def test_vocabulary_ties_do_not_depend_on_string_hashing():
    code = "import embstab_lib as es; print(es.lm_vocabulary([list('qwertyuiopasdfghjkl') * 2], 8)[0])"
    outs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                       env={**os.environ, "PYTHONPATH": str(ROOT), "PYTHONHASHSEED": h}).stdout
        for h in ("0", "1", "2")
    }  # fmt: skip
    assert len(outs) == 1 and "'q', 'w', 'e'" in outs.pop()


@needs_jax
def test_lm_batches():
    docs = [np.arange(10), np.arange(100, 103), np.arange(200, 230)]
    b = es.lm_batches(docs, seed=1, steps=50, batch_size=8, context=4)
    assert b.shape == (50, 8, 5)
    assert np.all(np.diff(b, axis=2) == 1)  # consecutive tokens of one document, never across two
    longer = es.lm_batches(docs, seed=1, steps=80, batch_size=8, context=4)
    assert np.array_equal(longer[:50], b)  # a longer run starts with the batches of a shorter one
    assert not np.array_equal(es.lm_batches(docs, seed=2, steps=50, batch_size=8, context=4), b)
    with pytest.raises(ValueError, match="longer than context"):
        es.lm_batches(docs, seed=1, steps=5, batch_size=2, context=40)


# ---------------------------------------------------------------------------------------------- training


@needs_jax
def test_train_lms_caches_and_reproduces(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    corpus = tiny_docs()
    specs = [0, (1, 0), {"seed": 2, "steps": 10}]
    runs = es.train_lms(corpus, specs, **TINY)
    assert [r.settings["init_seed"] for r in runs] == [0, 1, 2] and [r.settings["data_seed"] for r in runs] == [0, 0, 2]
    assert sorted(runs[0].snapshots) == [10, 20] and sorted(runs[2].snapshots) == [10]
    r = runs[0]
    assert r.kv.index_to_key[0] == es.lm_vocabulary(corpus, 6)[0][0] and np.array_equal(r.kv.vectors, r.snapshots[20])
    assert es.word_counts(r.kv).tolist() == es.lm_vocabulary(corpus, 6)[1].tolist()
    assert np.array_equal(r.E0, runs[2].E0) is False and r.loss.shape == (20,)
    assert np.array_equal(runs[1].kv_at(10).vectors, runs[1].snapshots[10])
    assert np.array_equal(r.params["embed"], r.kv.vectors)
    # the 10-step run is the first 10 steps of the 20-step run with the same seeds (constant rate after warm-up)
    assert np.array_equal(es.train_lm(corpus, seed=0, **{**TINY, "steps": 10}).kv.vectors, r.snapshots[10])
    files = list((tmp_path / "transformer").glob("lm-*.npz"))
    assert len(files) == 4
    again = es.train_lms(corpus, specs, **TINY)  # from the cache
    assert all(
        np.array_equal(a.kv.vectors, b.kv.vectors) and np.array_equal(a.loss, b.loss) for a, b in zip(runs, again)
    )
    fresh = es.train_lm(corpus, seed=0, cache=False, **TINY)  # trained again, in another process
    assert np.array_equal(fresh.kv.vectors, r.kv.vectors) and np.array_equal(fresh.loss, r.loss)


@needs_jax
def test_a_damaged_cache_file_is_retrained(tmp_path, monkeypatch):
    monkeypatch.setenv("EMBSTAB_CACHE", str(tmp_path))
    corpus = tiny_docs()
    run = es.train_lm(corpus, seed=0, **TINY)
    (path,) = (tmp_path / "transformer").glob("lm-*.npz")
    path.write_bytes(b"not a zip file")
    with pytest.warns(UserWarning, match="unreadable"):
        again = es.train_lm(corpus, seed=0, **TINY)
    assert np.array_equal(again.kv.vectors, run.kv.vectors)


@needs_jax
def test_bit_identical_across_processes_and_thread_settings(tmp_path):
    """Same seeds, two fresh processes with different hash seeds and XLA thread settings: the same bits.

    The workers always run with one XLA thread (``WORKER_ENV``), whatever the caller's settings: that is what the
    library guarantees, and the first two processes check it.  The last process trains inline with XLA's default
    multi-threaded CPU settings: for this tiny model (d = 8, one block) on the course's 2-core machines that gave
    the same bits as one thread — which says nothing of larger models (XLA does not promise it; that is why the
    workers pin one thread).
    """
    code = textwrap.dedent(
        f"""
        import hashlib, sys
        import numpy as np
        import embstab_lib as es
        from embstab_lib.models.transformer.settings import _settings
        from embstab_lib.models.transformer.train import _train
        corpus = {tiny_docs(n=4, length=200)!r}
        if sys.argv[1] == "worker":
            run = es.train_lm(corpus, seed=3, cache=False, **{TINY!r})
            W, loss = run.kv.vectors, run.loss
        else:
            s = _settings({TINY!r})
            words, counts, docs = es.lm_vocabulary(corpus, s["vocab_size"])
            out = _train(words, counts, docs, s, 3, 3)
            W, loss = out["W"], out["loss"]
        print(hashlib.sha256(W.tobytes() + loss.tobytes()).hexdigest())
        """
    )
    script = tmp_path / "run.py"
    script.write_text(code)
    base = {k: v for k, v in os.environ.items() if k not in ("XLA_FLAGS", "JAX_PLATFORMS")}
    base["PYTHONPATH"] = str(ROOT)
    envs = [
        ("worker", {**base, "PYTHONHASHSEED": "1"}),
        ("worker", {**base, "PYTHONHASHSEED": "2", "XLA_FLAGS": "--xla_cpu_multi_thread_eigen=true"}),
        ("inline", {**base, **_pool.WORKER_ENV}),
        ("inline", {**base, "JAX_PLATFORMS": "cpu"}),
    ]
    hashes = []
    for mode, env in envs:
        out = subprocess.run([sys.executable, str(script), mode], capture_output=True, text=True, env=env, timeout=600)
        assert out.returncode == 0, out.stderr[-2000:]
        hashes.append(out.stdout.strip())
    assert len(set(hashes)) == 1, hashes


@pytest.mark.parametrize(
    "kw, exc, match",
    [
        (dict(bogus=1), TypeError, "unknown setting"),
        (dict(steps=15), ValueError, "multiple of record_every"),
        (dict(d_model=9), ValueError, "even"),
        (dict(optimizer="lion"), ValueError, "optimizer"),
        (dict(norm="batch"), ValueError, "norm"),
        (dict(lr=0.0), ValueError, "lr"),
        (dict(tie="yes"), TypeError, "tie"),
        (dict(context=500), ValueError, "longer than context"),
    ],
)
def test_train_lms_bad_settings(kw, exc, match):
    with pytest.raises(exc, match=match):
        es.train_lms(tiny_docs(), [0], **{**TINY, **kw})


@pytest.mark.parametrize(
    "seeds, exc",
    [([0, 0], ValueError), ([(0, 1), (0, 1)], ValueError), ([], ValueError), ([-1], ValueError), (0, TypeError),
     ([2**32], ValueError), ([{"seed": 0, "bogus": 1}], TypeError)],
)  # fmt: skip
def test_train_lms_bad_seeds(seeds, exc):
    with pytest.raises(exc):
        es.train_lms(tiny_docs(), seeds, **TINY)


def test_worker_share_longest_first():
    specs = [(0, 0, {"steps": s, "batch_size": 1, "context": 1}) for s in (100, 500, 100, 300, 100)]
    shares = _pool._assign(specs, 2)
    loads = [sum(specs[i][2]["steps"] for i in share) for share in shares]
    assert sorted(i for s in shares for i in s) == list(range(5)) and max(loads) == 600


def test_worker_share_counts_blocks():
    """Runs without blocks are cheap: the worker with two 2-block runs gets none of the three 0-block runs."""
    specs = [(s, s, {"steps": 2000, "batch_size": 16, "context": 64, "n_layers": L}) for L in (2, 0) for s in range(3)]
    shares = _pool._assign(specs, 2)
    busy = [share for share in shares if len([i for i in share if i < 3]) == 2]
    assert len(busy) == 1 and busy[0] == [0, 2] and sorted(i for s in shares for i in s) == list(range(6))


def test_defaults_are_the_documented_ones():
    assert train.LM_DEFAULTS["init_scale"] == 0.02 and train.LM_DEFAULTS["steps"] == 2000
    assert data.UNK == "<unk>" and _pool.WORKER_ENV["XLA_FLAGS"].count("=1") == 1


# ---------------------------------------------------------------------------------------------- analysis


def test_similarity_measures_planted_and_chance(rng):
    A = rng.normal(size=(400, 16)) @ np.diag(np.linspace(0.5, 2, 16))
    m = es.similarity_measures(A, 2 * A @ es.random_orthogonal(16, seed=1) + 3)
    assert all(m[k] == pytest.approx(1, abs=1e-9) for k in ("procrustes", "knn", "cka", "subspace"))
    null = es.similarity_measures(A, rng.normal(size=(400, 16)))
    assert null["knn"] < 0.1 and null["cka"] < 0.15 and null["subspace"] < 0.1
    assert null["procrustes"] == pytest.approx(null["procrustes_chance"], abs=0.05)
    assert m["knn_chance"] == pytest.approx(10 / 399) and m["subspace_chance"] == pytest.approx(16 / 399)


def test_variance_ratio_and_rotation_null(rng):
    X = rng.normal(size=(3000, 10))
    X[:, 3] *= 6  # one outlier dimension
    ratio, null = es.variance_ratio(X), es.rotation_null(X, n=30, seed=0)
    assert ratio > 25 and null.shape == (30,) and np.quantile(null, 0.95) < ratio / 2
    iso = rng.normal(size=(3000, 10))
    assert es.variance_ratio(iso) < 1.3
    with pytest.raises(ValueError, match="median"):
        es.variance_ratio(np.c_[np.ones(5), np.ones(5), rng.normal(size=5)])


def test_standardize_and_overlap(rng):
    X = rng.normal(size=(300, 12)) * np.r_[20.0, np.ones(11)] + 5
    Z = es.standardize(X)
    assert np.allclose(Z.mean(axis=0), 0) and np.allclose(Z.std(axis=0), 1)
    assert es.standardized_overlap(X) < 0.5 < 0.8 < es.standardized_overlap(rng.normal(size=(300, 12)))
    with pytest.raises(ValueError, match="constant"):
        es.standardize(np.c_[np.ones(4), np.arange(4.0)])


@needs_jax
def test_word_states(rng):
    p = tiny_model()
    windows = rng.integers(0, 11, size=(30, 6))
    ids, means, states = es.word_states(p, windows, n_heads=2, layer=0, min_count=3)
    assert states.shape == (180, 8) and means.shape == (len(ids), 8)
    seen = np.bincount(windows.ravel(), minlength=11)
    assert set(ids) == set(np.flatnonzero(seen >= 3))
    w = ids[0]
    pos = np.argwhere(windows == w)
    x0 = np.asarray(p["embed"])[w] + es.sinusoidal_positions(6, 8)[pos[:, 1]]
    assert np.allclose(means[0], x0.mean(axis=0), atol=1e-5)
