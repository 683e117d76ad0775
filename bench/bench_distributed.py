#!/usr/bin/env python3
"""`reconcile match` on a Dask cluster against the single process, on the same file.

For each accounts file: the single process (`reconcile match FILE -o one.csv`), then a
cluster started here as separate processes (`dask scheduler`, and `dask worker` with
--nworkers, one thread each, --memory-limit each) and `reconcile match FILE --scheduler
tcp://127.0.0.1:PORT -o spread.csv`. Each run is timed (wall, the whole command: reading,
matching, writing) and its memory sampled every 50 ms with psutil (resident set size): the
command's process, and each worker process (its nanny and its worker process together). The
command also runs under `/usr/bin/time -v`, which gives its own peak (maximum resident set
size) and its CPU time (user + system). The two outputs are compared byte for byte. The
cluster is started once per file and stopped after its runs (its start is not timed).

Usage: python bench/bench_distributed.py FILE... [--workers 2] [--memory-limit 4GB] [--repeat 3]
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil

DASK = str(Path(sys.executable).parent / "dask")


class Peaks:
    """The highest resident set size seen, per process, while sampling runs."""

    def __init__(self, processes: dict[str, psutil.Process]) -> None:
        self.processes = processes
        self.peak = dict.fromkeys(processes, 0)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            for name, process in self.processes.items():
                try:
                    rss = process.memory_info().rss + sum(c.memory_info().rss for c in process.children(True))
                except psutil.Error:
                    continue
                self.peak[name] = max(self.peak[name], rss)
            time.sleep(0.05)

    def __enter__(self) -> Peaks:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def timed(command: list[str], workers: dict[str, psutil.Process]) -> tuple[float, dict[str, int]]:
    """Wall time, and the peaks: "command" (psutil), "time -v" (its maximum resident set size),
    "cpu" (user + system seconds, in ms), and each worker's."""
    started = time.perf_counter()
    with tempfile.NamedTemporaryFile("w+") as said:
        process = subprocess.Popen(["/usr/bin/time", "-v", *command], stdout=subprocess.DEVNULL, stderr=said)
        with Peaks({"command": psutil.Process(process.pid), **workers}) as peaks:
            if process.wait() != 0:
                said.seek(0)
                raise SystemExit(f"failed: {' '.join(command)}\n{said.read()[-2000:]}")
        said.seek(0)
        report = dict(line.strip().rpartition(": ")[::2] for line in said if ": " in line)
    peaks.peak["time -v"] = int(report["Maximum resident set size (kbytes)"]) * 1024
    cpu = float(report["User time (seconds)"]) + float(report["System time (seconds)"])
    peaks.peak["cpu"] = int(cpu * 1000)
    return time.perf_counter() - started, peaks.peak


@contextmanager
def cluster(workers: int, memory_limit: str, folder: Path) -> Iterator[tuple[str, dict[str, psutil.Process]]]:
    """A scheduler and `workers` worker processes (one thread each, the memory limit each) on
    localhost: the scheduler's address, and each worker process by name."""
    scheduler_file = folder / "scheduler.json"

    def start(*arguments: str) -> subprocess.Popen[bytes]:
        command = [DASK, *arguments, "--host", "127.0.0.1", "--no-dashboard"]
        return subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    started = [start("scheduler", "--port", "0", "--scheduler-file", str(scheduler_file))]
    try:
        while not scheduler_file.exists() or not scheduler_file.read_text():
            time.sleep(0.1)
        address = json.loads(scheduler_file.read_text())["address"]
        limit = ["--nthreads", "1", "--memory-limit", memory_limit]
        started += [start("worker", address, *limit) for _ in range(workers)]
        from distributed import Client

        with Client(address) as client:
            client.wait_for_workers(workers, timeout=120)
        # each `dask worker` is a nanny and its worker process: the worker is the nanny's child
        yield address, {f"worker {k + 1}": psutil.Process(p.pid) for k, p in enumerate(started[1:])}
    finally:
        for process in started:
            process.terminate()
        for process in started:
            process.wait()


def gb(size: int) -> str:
    return f"{size / 1e9:.2f} GB"


def cpu(runs: list[tuple[float, dict[str, int]]]) -> str:
    return f"{statistics.median(p['cpu'] for _, p in runs) / 1000:.1f} s"


def command_peak(runs: list[tuple[float, dict[str, int]]]) -> str:
    return f"{gb(max(p['command'] for _, p in runs))} ({gb(max(p['time -v'] for _, p in runs))})"


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("files", type=Path, nargs="+")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="4GB")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--skip-single", action="store_true", help="only the cluster runs")
    args = parser.parse_args()
    match = [sys.executable, "-m", "reconcile.cli", "match"]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {gb(psutil.virtual_memory().total)}")
    print(f"cluster: {args.workers} workers, 1 thread and --memory-limit {args.memory_limit} each\n")
    print(
        "| accounts | run | wall time (median) | runs | CPU of the command | peak memory: command (time -v) "
        "| peak memory: each worker |"
    )
    print("|---|---|---:|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as scratch:
        out = Path(scratch)
        for file in args.files:
            file = file.resolve()
            one, spread = out / "one.csv", out / "spread.csv"
            if not args.skip_single:
                runs = [timed([*match, str(file), "-o", str(one)], {}) for _ in range(args.repeat)]
                times = [t for t, _ in runs]
                print(
                    f"| {file.name} | single process | {statistics.median(times):.1f} s | "
                    f"{', '.join(f'{t:.1f}' for t in times)} | {cpu(runs)} | {command_peak(runs)} | — |",
                    flush=True,
                )
            with cluster(args.workers, args.memory_limit, out) as (address, workers):
                runs = [
                    timed([*match, str(file), "--scheduler", address, "-o", str(spread)], workers)
                    for _ in range(args.repeat)
                ]
            times = [t for t, _ in runs]
            each = ", ".join(gb(max(p[name] for _, p in runs)) for name in workers)
            same = (
                ""
                if args.skip_single
                else (" (same bytes)" if filecmp.cmp(one, spread, False) else " DIFFERS")
            )
            print(
                f"| {file.name} | {args.workers} Dask workers{same} | {statistics.median(times):.1f} s | "
                f"{', '.join(f'{t:.1f}' for t in times)} | {cpu(runs)} | {command_peak(runs)} | {each} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
