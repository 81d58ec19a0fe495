"""Print the mutation score of the last `mutmut run` and its surviving mutants (used by `make mutation`).

    python tools/mutation_report.py [--min-score 90]

Reads mutmut's own records (`mutmut export-cicd-stats`, `mutmut results`): killed + timeout count as caught;
the score is caught / (total − skipped).  Exits 1 when the score is below --min-score.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

MUTMUT = str(Path(sys.executable).with_name("mutmut"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-score", type=float, default=90.0)
    args = parser.parse_args()
    subprocess.run([MUTMUT, "export-cicd-stats"], check=True, capture_output=True)
    stats = json.loads(Path("mutants/mutmut-cicd-stats.json").read_text())
    tested = stats["total"] - stats.get("skipped", 0)
    caught = stats["killed"] + stats.get("timeout", 0)
    score = 100 * caught / tested if tested else 0.0
    survivors = subprocess.run([MUTMUT, "results"], check=True, capture_output=True, text=True).stdout
    print(survivors.rstrip() or "(no survivor)")
    print(", ".join(f"{k} {v}" for k, v in stats.items()))
    print(f"mutation score: {caught}/{tested} = {score:.1f} % of the mutants caught (target {args.min_score:.0f} %)")
    return 0 if score >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
