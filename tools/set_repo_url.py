"""Point the book at a public repository: `make set-repo URL=https://github.com/you/embstab`.

Rewrites `repository.url` in _config.yml (the one place the book reads it) and the install line of every
notebook's Colab set-up cell, which must name the same repository (tests/test_notebooks_static.py checks it).
A `file:///absolute/path` URL (a local clone) is accepted too: the test suite uses it to run every chapter as Colab
does, installing the library from a local clone instead of GitHub (tests/colab.py).
"""

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(url: str) -> int:
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+|file:///[\w./-]+", url or ""):
        print(
            "usage: make set-repo URL=https://github.com/OWNER/REPO (or file:///path/to/a/local/clone)", file=sys.stderr
        )
        return 2
    config = ROOT / "_config.yml"
    text, n = re.subn(r"(?m)^(repository:\n  url: ).*$", lambda m: m.group(1) + url, config.read_text(encoding="utf-8"))
    if n != 1:
        print("could not find repository.url in _config.yml", file=sys.stderr)
        return 1
    config.write_text(text, encoding="utf-8")
    for path in sorted((ROOT / "chapters").rglob("*.ipynb")):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            if cell["cell_type"] == "code":
                src = "".join(cell["source"])
                new = re.sub(r"git\+(?:https://github\.com/[\w.-]+/[\w.-]+|file:///[\w./-]+)@", f"git+{url}@", src)
                if new != src:
                    cell["source"] = new.splitlines(keepends=True)
                break  # only the set-up cell (the first code cell)
        path.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"repository set to {url}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1] if len(sys.argv) > 1 else ""))
