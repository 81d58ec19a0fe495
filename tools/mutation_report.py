"""Print the mutation score of the last `mutmut run`, per module and in all, and its surviving mutants.

    python tools/mutation_report.py [--min-score 90] [--markdown]

Reads mutmut's own records (`mutmut export-cicd-stats`, `mutmut results`, and the per-file
`mutants/**/*.py.meta` for the table): killed + timeout count as caught; the score is caught / (total − skipped).
Exits 1 when the score of the whole, or of any module, is below --min-score (used by `make mutation`).
``--markdown`` prints the per-module table as Markdown (for benchmarks/mutation.md).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

MUTMUT = str(Path(sys.executable).with_name("mutmut"))
# mutmut's exit codes (mutmut/stats.py): 1 and 3 killed, 0 survived, 5 and 33 no tests, 34 skipped,
# 36, ±24, 152, 255 timeout; anything else is suspicious (counted as not caught).
KILLED, SURVIVED, NO_TESTS, SKIPPED, TIMEOUT = {1, 3}, {0}, {5, 33}, {34}, {36, 24, -24, 152, 255}


def per_module(root: Path = Path("mutants")) -> dict[str, dict[str, int]]:
    """``{module: {"caught", "survived", "no_tests", "other", "tested"}}`` from mutmut's per-file records."""
    table = {}
    for meta in sorted(root.rglob("*.py.meta")):
        codes = list(json.loads(meta.read_text())["exit_code_by_key"].values())
        if not codes:
            continue
        module = str(meta.relative_to(root).with_suffix("").with_suffix("")).replace("/", ".")
        row = {
            "caught": sum(c in KILLED or c in TIMEOUT for c in codes),
            "survived": sum(c in SURVIVED for c in codes),
            "no_tests": sum(c in NO_TESTS for c in codes),
            "skipped": sum(c in SKIPPED for c in codes),
        }
        row["tested"] = len(codes) - row["skipped"]
        row["other"] = row["tested"] - row["caught"] - row["survived"] - row["no_tests"]
        table[module] = row
    return table


def score(row) -> float:
    return 100 * row["caught"] / row["tested"] if row["tested"] else 100.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-score", type=float, default=90.0)
    parser.add_argument("--markdown", action="store_true", help="print the per-module table as Markdown only")
    args = parser.parse_args()
    table = per_module()
    if args.markdown:
        print("| module | mutants | caught | survived | no tests | score |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for module, row in table.items():
            print(
                f"| `{module}` | {row['tested']} | {row['caught']} | {row['survived']} | {row['no_tests']} "
                f"| {score(row):.1f} % |"
            )
        return 0
    subprocess.run([MUTMUT, "export-cicd-stats"], check=True, capture_output=True)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
    tested = stats["total"] - stats.get("skipped", 0)
    caught = stats["killed"] + stats.get("timeout", 0)
    survivors = subprocess.run([MUTMUT, "results"], check=True, capture_output=True, text=True).stdout
    print(survivors.rstrip() or "(no survivor)")
    print(", ".join(f"{k} {v}" for k, v in stats.items()))
    print(f"{'module':<40} {'mutants':>8} {'caught':>7} {'survived':>9} {'no tests':>9} {'score':>7}")
    for module, row in table.items():
        print(
            f"{module:<40} {row['tested']:>8} {row['caught']:>7} {row['survived']:>9} {row['no_tests']:>9} "
            f"{score(row):>6.1f}%"
        )
    low = [m for m, row in table.items() if score(row) < args.min_score]
    total = 100 * caught / tested if tested else 0.0
    print(f"mutation score: {caught}/{tested} = {total:.1f} % of the mutants caught (target {args.min_score:.0f} %)")
    if low:
        print(f"below {args.min_score:.0f} %: {', '.join(low)}")
    return 0 if total >= args.min_score and not low else 1


if __name__ == "__main__":
    sys.exit(main())
