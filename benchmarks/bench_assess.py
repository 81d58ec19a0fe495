"""The full assessment of a pair of runs at V = 50 000, d = 100 (target ≤ 10 s), against the old stability_report.

Two planted runs (a shared embedding, rotated, plus noise); ``es.assess`` computes every measure with 20 shuffles
per pair for the chance baselines.  ``--old`` also times ``es.stability_report`` (the one-pair report before
issue 11, ~30 s).  Not a timed test: the machine and its load are printed by ``benchmarks/run.py``.
"""

from __future__ import annotations

import argparse
import time

import numpy as np
from threadpoolctl import threadpool_limits

import embstab_lib as es


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--V", type=int, default=50_000)
    p.add_argument("--d", type=int, default=100)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--n-perm", type=int, default=20)
    p.add_argument("--old", action="store_true", help="also time stability_report (slow)")
    a = p.parse_args(argv)
    rng = np.random.default_rng(0)
    E = rng.normal(size=(a.V, a.d)) * np.linspace(1, 0.2, a.d) + 0.5
    runs = [(E + 0.3 * rng.normal(size=E.shape)) @ es.random_orthogonal(a.d, seed=i) for i in range(2)]
    with threadpool_limits(1, user_api="blas"):
        t, c = time.perf_counter(), time.process_time()
        res = es.assess(runs, n_perm=a.n_perm, n_jobs=a.threads)
        t_new, c_new = time.perf_counter() - t, time.process_time() - c
    print(
        f"assess, a pair at V = {a.V}, d = {a.d}, {a.n_perm} shuffles, {a.threads} thread(s): {t_new:.1f} s wall, "
        f"{c_new:.1f} s CPU (10-NN overlap {res.summary['knn_overlap'].mean:.3f}, "
        f"chance {res.summary['knn_overlap'].chance:.4f})"
    )
    if a.old:
        with threadpool_limits(a.threads, user_api="blas"):
            t, c = time.perf_counter(), time.process_time()
            es.stability_report(runs[0], runs[1])
            t_old, c_old = time.perf_counter() - t, time.process_time() - c
        print(f"stability_report (no intervals, no baselines): {t_old:.1f} s wall, {c_old:.1f} s CPU")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
