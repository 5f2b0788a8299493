"""Run every ``benchmarks/bench_*.py`` in turn (``make bench``), each in its own process.

    python benchmarks/run_all.py               # all of them
    python benchmarks/run_all.py e2e dask      # only bench_e2e.py and bench_dask.py
    python benchmarks/run_all.py --list

A failing benchmark is reported and the others still run; the exit code is 1 when any failed.
``append_results(section, text)`` is the helper benchmarks use to add their table to
``RESULTS.md`` (machine header written once, sections appended, never overwritten).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "RESULTS.md"


def machine() -> str:
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GB RAM"
    except OSError:
        pass
    return (
        f"{os.cpu_count()} CPUs (nproc), {mem}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}"
    )


def append_results(section: str, text: str) -> None:
    """Append ``## section`` with ``text`` (dated, with the machine) to RESULTS.md."""
    header = (
        "# Benchmark results\n\nAppended by the scripts in `benchmarks/` (newest last in each "
        "area). Numbers taken on a shared machine are noisy; each entry says so.\n\n"
        f"Machine: {machine()}; first recorded "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d}.\n"
    )
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
    if not old.startswith("# Benchmark results"):  # header once, above every section
        RESULTS.write_text(header + ("\n" + old if old else ""), encoding="utf-8")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the end"
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(f"\n## {section}\n\n{stamp}; {machine()}{load}.\n\n{text.rstrip()}\n")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("only", nargs="*", help="names (bench_NAME.py) to run; default: all")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"))
    if args.only:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.only]
    if args.list:
        print("\n".join(s.name for s in scripts))
        return
    failed = []
    for script in scripts:
        print(f"=== {script.name}", flush=True)
        t0 = time.perf_counter()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"=== {script.name}: exit {code}, {time.perf_counter() - t0:.0f} s", flush=True)
        if code != 0:
            failed.append(script.name)
    if failed:
        print("failed: " + ", ".join(failed), file=sys.stderr)
        sys.exit(1)


if __name__ == "__main__":
    main()
