"""Small notebook editing and running tool for the course authors.

    python tools/nb.py dump NB [FROM [TO]]         print cells (index, type, tags, source)
    python tools/nb.py get NB I                    print the source of cell I only
    python tools/nb.py set NB I FILE|-             replace the source of cell I (keeps type and tags)
    python tools/nb.py insert NB I TYPE FILE|- [--tags a,b]   insert a new cell before index I (TYPE: code|markdown)
    python tools/nb.py delete NB I [J ...]         delete cells
    python tools/nb.py tags NB I a,b               set the tags of cell I ('' for none)
    python tools/nb.py build NB SPEC.py            write a whole notebook from a Python spec (see below)
    python tools/nb.py run NB [NB ...]             execute with the settings of `make test`, print per-cell times,
                                                   fail on the first error; outputs are NOT written back
    python tools/nb.py clear NB [NB ...]           remove outputs and execution counts

A spec for ``build`` is a Python file defining ``CELLS``: a list of ``("markdown", text)``, ``("code", text)`` or
``("code", text, ["solution", "hide-input"])`` tuples.  Notebooks are written without outputs, with the kernel
metadata of the existing chapters.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
METADATA = {
    "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
    "language_info": {"name": "python"},
}


def _read(path):
    return nbformat.read(path, as_version=4)


def _write(nb, path):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    nb.nbformat, nb.nbformat_minor = 4, 5
    nbformat.validator.normalize(nb)
    nbformat.write(nb, str(path))


def _source(arg):
    return sys.stdin.read() if arg == "-" else Path(arg).read_text(encoding="utf-8")


def _new(kind, text, tags=()):
    cell = nbformat.v4.new_code_cell(text) if kind == "code" else nbformat.v4.new_markdown_cell(text)
    cell.metadata = {"tags": list(tags)} if tags else {}
    return cell


def dump(path, start=0, stop=None):
    nb = _read(path)
    stop = len(nb.cells) if stop is None else int(stop)
    print(f"===== {path}: {len(nb.cells)} cells")
    for i, c in enumerate(nb.cells[int(start) : stop], start=int(start)):
        print(f"--- [{i}] {c.cell_type} {c.metadata.get('tags', [])}")
        print(c.source)


def run(paths):
    from nbclient import NotebookClient

    os.environ.setdefault("EMBSTAB_CACHE", str(ROOT / ".cache" / "embstab"))
    os.environ.setdefault("EMBSTAB_STRICT_CHECKS", "1")
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    os.environ.setdefault("PYTHONHASHSEED", "0")
    status = 0
    for path in paths:
        nb = _read(path)
        client = NotebookClient(
            nb, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(Path(path).parent)}}
        )
        t0 = time.perf_counter()
        times = []
        with client.setup_kernel():
            for i, cell in enumerate(nb.cells):
                if cell.cell_type != "code":
                    continue
                t = time.perf_counter()
                try:
                    client.execute_cell(cell, i)
                except Exception as exc:  # report and stop at the first failing cell
                    print(f"FAILED {path} cell [{i}] after {time.perf_counter() - t0:.1f} s:\n{cell.source}\n{exc}")
                    status = 1
                    break
                times.append((time.perf_counter() - t, i))
                for out in cell.outputs:
                    if out.get("output_type") == "stream":
                        print(f"  [{i}] " + out.get("text", "").rstrip().replace("\n", f"\n  [{i}] "))
                    elif out.get("output_type") in ("execute_result", "display_data"):
                        data = out.get("data", {})
                        if "text/markdown" in data:
                            print(f"  [{i}] " + data["text/markdown"].rstrip().replace("\n", f"\n  [{i}] "))
                        elif "image/png" in data:
                            print(f"  [{i}] <figure>")
                        elif "text/plain" in data:
                            print(f"  [{i}] " + data["text/plain"].rstrip().replace("\n", f"\n  [{i}] "))
        total = time.perf_counter() - t0
        slow = ", ".join(f"[{i}] {s:.1f}s" for s, i in sorted(times, reverse=True)[:5])
        print(f"{'OK' if not status else 'ERROR'} {path}: {total:.1f} s (slowest cells: {slow})")
    return status


def main(argv):
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    cmd, path, *rest = argv
    if cmd == "dump":
        dump(path, *rest)
    elif cmd == "get":
        print(_read(path).cells[int(rest[0])].source)
    elif cmd == "set":
        nb = _read(path)
        nb.cells[int(rest[0])].source = _source(rest[1]).rstrip("\n")
        _write(nb, path)
    elif cmd == "insert":
        nb = _read(path)
        tags = []
        if "--tags" in rest:
            k = rest.index("--tags")
            tags = [t for t in rest[k + 1].split(",") if t]
            rest = rest[:k] + rest[k + 2 :]
        nb.cells.insert(int(rest[0]), _new(rest[1], _source(rest[2]).rstrip("\n"), tags))
        _write(nb, path)
    elif cmd == "delete":
        nb = _read(path)
        for i in sorted((int(r) for r in rest), reverse=True):
            del nb.cells[i]
        _write(nb, path)
    elif cmd == "tags":
        nb = _read(path)
        tags = [t for t in rest[1].split(",") if t]
        nb.cells[int(rest[0])].metadata["tags"] = tags
        if not tags:
            nb.cells[int(rest[0])].metadata.pop("tags")
        _write(nb, path)
    elif cmd == "build":
        spec = {}
        exec(compile(Path(rest[0]).read_text(encoding="utf-8"), rest[0], "exec"), spec)
        nb = nbformat.v4.new_notebook(metadata=dict(METADATA))
        nb.cells = [_new(c[0], c[1].strip("\n"), c[2] if len(c) > 2 else ()) for c in spec["CELLS"]]
        _write(nb, path)
    elif cmd == "run":
        return run([path, *rest])
    elif cmd == "clear":
        for p in [path, *rest]:
            _write(_read(p), p)
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
