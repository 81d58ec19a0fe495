"""Executing one submission: :func:`run_notebook` runs it from the top in a fresh kernel, in an empty temporary
folder, with a check log, cell and notebook time limits, and never raises because of the notebook."""

from __future__ import annotations

import json
import os
import signal
import tempfile
import threading
import time
import warnings
from pathlib import Path

__all__ = ["run_notebook"]


def _kill(pid):
    """Kill the kernel process ``pid`` (None, or a process already gone, is ignored)."""
    try:
        os.kill(pid, signal.SIGKILL)
    except (OSError, TypeError):
        pass


def run_notebook(nb: dict, *, timeout: float, notebook_timeout: float, kernel: str = "python3") -> dict:
    """Execute ``nb`` (outputs cleared first) in a fresh kernel with a check log.

    Returns ``{"log": [(exercise, outcome), ...], "failed": {cell: "raised X: ..." | "timed out ..."},
    "stopped": (cell, reason) or None, "seconds": float}``.  Never raises because of the notebook.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import DeadKernelError

    with warnings.catch_warnings():  # a hand-in from an older Jupyter may lack cell ids: nothing to tell the teacher
        warnings.simplefilter("ignore")
        nb = nbformat.reads(json.dumps(nb), as_version=4)  # as on disk: sources may be lists of lines
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    failed, stopped, current = {}, None, {"cell": None}
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="embstab-grade-") as work:
        log = Path(work) / ".checks.jsonl"
        env = {**os.environ, "EMBSTAB_CHECK_LOG": str(log), "EMBSTAB_STRICT_CHECKS": "0"}

        def on_cell_execute(cell, cell_index):
            current["cell"] = cell_index

        def on_cell_executed(cell, cell_index, execute_reply):
            content = (execute_reply or {}).get("content", {})
            if content.get("status") == "error":
                if content.get("ename") == "CellTimeout":
                    failed[cell_index] = f"timed out after {timeout:g} s (interrupted)"
                else:
                    failed[cell_index] = f"raised {content.get('ename')}: {content.get('evalue', '')}"[:300]

        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name=kernel,
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={"ename": "CellTimeout", "evalue": f"{timeout:g} s", "traceback": []},
            record_timing=False,
            resources={"metadata": {"path": work}},
            on_cell_execute=on_cell_execute,
            on_cell_executed=on_cell_executed,
        )
        watchdog = {"fired": False}

        def on_start(notebook):
            pid = getattr(getattr(client.km, "provisioner", None), "pid", None)

            def fire():
                watchdog["fired"] = True
                _kill(pid)

            watchdog["timer"] = threading.Timer(max(0.0, notebook_timeout - (time.monotonic() - start)), fire)
            watchdog["timer"].daemon = True
            watchdog["timer"].start()

        client.on_notebook_start = on_start
        try:
            client.execute(env=env)
        except DeadKernelError:
            why = (
                f"the notebook exceeded its time budget of {notebook_timeout:g} s"
                if watchdog["fired"]
                else ("the kernel died")
            )
            stopped = (current["cell"], why)
        except Exception as exc:  # a kernel that cannot start, a message that cannot be parsed: the notebook's run
            stopped = (current["cell"], f"the run stopped ({type(exc).__name__}: {exc})"[:300])
        finally:
            if "timer" in watchdog:
                watchdog["timer"].cancel()
        records = []
        if log.is_file():
            for line in log.read_text(encoding="utf-8", errors="replace").splitlines():
                try:
                    entry = json.loads(line)
                    records.append((str(entry["exercise"]), str(entry["outcome"])))
                except (ValueError, KeyError, TypeError):
                    continue
    return {"log": records, "failed": failed, "stopped": stopped, "seconds": time.monotonic() - start}
