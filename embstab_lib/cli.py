"""Command line: ``embstab assess RUN...`` and ``embstab compare --a RUN... --b RUN...`` (= ``python -m embstab_lib``).

Writes ``report.md``, ``summary.json``, ``words.csv`` and figures (PNG and PDF) into ``--out``, prints a short table,
shows progress bars on stderr, and on a bad file or argument exits with status 1 (2 for a usage error) and one line
naming the problem — never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys

__all__ = ["main", "build_parser"]

_FORMATS = ("word2vec", "word2vec-binary", "glove", "fasttext", "gensim")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, exit 2 (argparse's convention for usage errors)
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _positive(text):
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not an integer") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} must be a positive integer")
    return value


def _common(p):
    p.add_argument("--counts", metavar="FILE", help="corpus counts: a word<TAB>count file or gensim's fvocab file "
                   "(enables frequency bands and --min-count); never gensim's rank placeholders")  # fmt: skip
    p.add_argument("--format", dest="fmt", choices=_FORMATS, default=None,
                   help="format of every RUN file (default: detected from each file's content; 'gensim' unpickles "
                   "and must be asked for)")  # fmt: skip
    p.add_argument("--k", type=_positive, default=10, help="neighbours of the k-NN overlaps (default 10)")
    p.add_argument("--n-perm", type=_positive, default=20,
                   help="word shuffles per pair for the chance baselines (default 20)")  # fmt: skip
    p.add_argument("--top-n", type=_positive, default=None,
                   help="keep the N most frequent shared words (by --counts, else the files' order)")  # fmt: skip
    p.add_argument("--seed", type=int, default=0, help="seed of the shuffles and the held-out split (default 0)")
    p.add_argument("--backend", choices=("numpy", "faiss", "auto"), default="numpy",
                   help="neighbour search: numpy (default), faiss (needs faiss-cpu) or auto; same result")  # fmt: skip
    p.add_argument("--jobs", type=_positive, default=os.cpu_count() or 1,
                   help="threads of the neighbour search (default: all CPUs)")  # fmt: skip
    p.add_argument("--out", metavar="DIR", default=None,
                   help="write report.md, summary.json, words.csv and figures here (default: print only)")  # fmt: skip
    p.add_argument("--no-figures", action="store_true", help="do not write figures")
    p.add_argument("--quiet", action="store_true", help="no progress bars")


def build_parser() -> argparse.ArgumentParser:
    """The ``embstab`` argument parser (documented by ``--help``)."""
    parser = _Parser(prog="embstab", description="How stable are your word embeddings across training runs?")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    a = sub.add_parser("assess", help="stability of N runs (files of the same vocabulary)",
                       description="Every stability measure over all pairs of N runs, with seed-level intervals "
                       "(3 runs or more) and chance baselines from shuffled words.")  # fmt: skip
    a.add_argument("runs", nargs="+", metavar="RUN",
                   help="embedding files: word2vec text/binary, GloVe, fastText .vec (gzip accepted)")  # fmt: skip
    _common(a)
    a.add_argument("--least-stable", type=_positive, default=20, metavar="N",
                   help="list the N least stable words (default 20)")  # fmt: skip
    a.add_argument("--min-count", type=_positive, default=None,
                   help="only words counted at least this often in the least-stable list (needs --counts)")  # fmt: skip
    c = sub.add_parser("compare", help="two groups of runs, e.g. d = 50 against d = 100",
                       description="Stability within two groups of runs and agreement across them; widths may "
                       "differ (Procrustes with zero padding).")  # fmt: skip
    c.add_argument("--a", nargs="+", required=True, metavar="RUN", help="the runs of group A")
    c.add_argument("--b", nargs="+", required=True, metavar="RUN", help="the runs of group B")
    c.add_argument("--names", nargs=2, default=("A", "B"), metavar=("NAME_A", "NAME_B"), help="group labels")
    _common(c)
    e = sub.add_parser("example", help="write example runs (three formats, another dimension, counts) into DIR")
    e.add_argument("dir", metavar="DIR")
    return parser


def _run(args):
    from threadpoolctl import threadpool_limits

    from .assessment import assess, compare_groups
    from .io import load_runs

    progress = not getattr(args, "quiet", True)
    if args.command == "example":
        from .io.example import write_example_runs

        files = write_example_runs(args.dir)
        print("\n".join([*files["runs"], files["small"], files["counts"]]))
        return 0
    if args.command == "assess" and args.min_count is not None and args.counts is None:
        raise ValueError("--min-count needs --counts (a word<TAB>count file of the training corpus)")
    opts = dict(k=args.k, n_perm=args.n_perm, top_n=args.top_n, seed=args.seed, backend=args.backend,
                n_jobs=args.jobs, progress=progress)  # fmt: skip
    with threadpool_limits(1, user_api="blas"):  # one BLAS thread each; the search runs --jobs threads
        if args.command == "assess":
            runs = load_runs(args.runs, fmt=args.fmt, counts=args.counts, progress=progress)
            res = assess(runs, **opts)
            print(res)
            print()
            print(res.least_stable(min(args.least_stable, 10), min_count=args.min_count))
        else:
            a = load_runs(args.a, fmt=args.fmt, counts=args.counts, progress=progress)
            b = load_runs(args.b, fmt=args.fmt, counts=args.counts, progress=progress)
            res = compare_groups(a, b, groups=tuple(args.names), **opts)
            print(res)
        if args.out:
            formats = () if args.no_figures else ("png", "pdf")
            extra = dict(least_stable=args.least_stable, min_count=args.min_count) if args.command == "assess" else {}
            written = res.save(args.out, formats=formats, **extra)
            print(f"\nwrote {written['report']}, {written['summary']}, {written['words']}"
                  + (f" and {len(written['figures'])} figure files" if written["figures"] else ""))  # fmt: skip
    return 0


def main(argv=None) -> int:
    """Entry point of the ``embstab`` console script; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except FileNotFoundError as exc:
        print(f"embstab: error: {exc.filename}: no such file", file=sys.stderr)
    except (ValueError, TypeError, OSError, ImportError) as exc:
        msg = str(exc).replace("\n", " ")
        print(f"embstab: error: {msg}", file=sys.stderr)
    except KeyboardInterrupt:
        print("embstab: interrupted", file=sys.stderr)
    return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
