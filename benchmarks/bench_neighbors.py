"""k nearest neighbours at V = 20 000, d = 100, k = 10 (one run): embstab's search vs faiss-cpu vs plain NumPy.

Prints the best of ``--repeat`` timings of each method with the same number of threads, and the ratios.  The data
are anisotropic like word2vec runs (a common direction), normalised once for every method.  Not a timed test:
numbers depend on the machine and its load (printed).
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

import embstab_lib as es


def plain_numpy(U, k, block=512):
    """The baseline: float64 blocks, argpartition over all V columns, then sort the k (the library before issue 11)."""
    V = U.shape[0]
    out = np.empty((V, k), dtype=np.int64)
    for s in range(0, V, block):
        S = U[s : s + block] @ U.T
        np.negative(S, out=S)
        S[np.arange(S.shape[0]), np.arange(s, s + S.shape[0])] = np.inf
        idx = np.argpartition(S, k - 1, axis=1)[:, :k]
        order = np.argsort(np.take_along_axis(S, idx, axis=1), axis=1, kind="stable")
        out[s : s + S.shape[0]] = np.take_along_axis(idx, order, axis=1)
    return out


def faiss_exact(U32, k, threads):
    import faiss

    faiss.omp_set_num_threads(threads)
    index = faiss.IndexFlatIP(U32.shape[1])
    index.add(U32)
    return index.search(U32, k + 1)[1][:, 1:]


def best(fn, repeat):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return min(times), out


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--V", type=int, default=20_000)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--k", type=int, default=10)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    p.add_argument("--no-baseline", action="store_true", help="skip the slow plain-NumPy baseline")
    a = p.parse_args(argv)
    rng = np.random.default_rng(0)
    X = rng.normal(size=(a.V, a.d)) + 2.0 * rng.normal(size=a.d)
    U = X / np.linalg.norm(X, axis=1, keepdims=True)
    U32 = np.ascontiguousarray(U, dtype=np.float32)
    try:
        import faiss  # noqa: F401

        have_faiss = True
    except ImportError:
        have_faiss = False
        print("faiss-cpu is not installed (pip install -r requirements-bench.txt): no faiss ratio")
    print(f"nearest neighbours: V = {a.V}, d = {a.d}, k = {a.k}, best of {a.repeat}")
    for threads in a.threads:
        with threadpool_limits(1, user_api="blas"):  # embstab's threads each run one BLAS thread
            t_es, nn = best(lambda t=threads: es.nearest_neighbors(U, a.k, n_jobs=t), a.repeat)
        line = f"  {threads} thread(s): embstab {t_es:.2f} s"
        if have_faiss:
            t_f, nn_f = best(lambda t=threads: faiss_exact(U32, a.k, t), a.repeat)
            agree = float(np.mean(nn_f == nn))
            line += f" | faiss {t_f:.2f} s | embstab / faiss = {t_es / t_f:.2f} (same lists: {100 * agree:.2f} %)"
        if not a.no_baseline:
            with threadpool_limits(threads, user_api="blas"):
                t_b, nn_b = best(lambda: plain_numpy(U, a.k), 1)
            line += f" | plain NumPy {t_b:.2f} s | plain / embstab = {t_b / t_es:.1f}"
            assert np.array_equal(nn_b, nn) or np.mean(nn_b == nn) > 0.999
        print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
