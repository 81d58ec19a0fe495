"""Run every benchmark and print the machine and its load first (``make bench``)."""

from __future__ import annotations

import os
import platform
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import bench_assess  # noqa: E402
import bench_neighbors  # noqa: E402


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{cpu}; {os.cpu_count()} CPUs; Python {platform.python_version()}; load average {load}"


if __name__ == "__main__":
    print(machine())
    bench_neighbors.main([])
    bench_assess.main(["--old"] if "--old" in sys.argv else [])
