#!/usr/bin/env python3
"""How long a large report takes: 500 accounts in 50 incidents, end to end and by phase.

Runs, interleaved so that machine noise falls on both alike: `reconcile report case.csv -o x.html`
and its peer `-o x.json` (the same pipeline with the plain JSON writer instead of the templates),
each as a fresh process (imports included); then, in this process, load, reconcile, HTML and
JSON rendering. Prints medians (and min-max) of --repeat runs, as a Markdown table.

Usage: python bench/bench_report.py [--repeat 7] [--incidents 50] [--accounts 10]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent


NAMES = {
    "cli_html": "`reconcile report` → HTML (fresh process, end to end)",
    "cli_json": "`reconcile report` → JSON (peer: same pipeline, no templates)",
    "load": "load the CSV",
    "reconcile": "match, align, check (`reconcile.reconcile`)",
    "html": "render HTML",
    "json": "render JSON",
}


def timed(run: Callable[[], object]) -> float:
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def row(name: str, seconds: list[float]) -> str:
    return f"| {name} | {statistics.median(seconds):.3f} s | {min(seconds):.3f}–{max(seconds):.3f} s |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--incidents", type=int, default=50)
    parser.add_argument("--accounts", type=int, default=10)
    args = parser.parse_args(argv)

    import reconcile

    work = Path(tempfile.mkdtemp(prefix="reconcile-bench-"))
    case = work / "case.csv"
    subprocess.run(
        [sys.executable, str(HERE / "gen_large_case.py"), "-o", str(case),
         "--incidents", str(args.incidents), "--accounts", str(args.accounts)],
        check=True,
    )  # fmt: skip
    command = [sys.executable, "-m", "reconcile.cli", "report", str(case)]
    runs: dict[str, list[float]] = {name: [] for name in NAMES}
    for _ in range(args.repeat):
        for suffix, name in ((".html", "cli_html"), (".json", "cli_json")):
            out = str(work / f"r{suffix}")
            runs[name].append(
                timed(lambda out=out: subprocess.run([*command, "-o", out], check=True, capture_output=True))
            )
        runs["load"].append(timed(lambda: reconcile.load(case)))
        table = reconcile.load(case)
        runs["reconcile"].append(timed(lambda table=table: reconcile.reconcile(table)))
        report = reconcile.reconcile(table)
        for fmt in ("html", "json"):
            runs[fmt].append(timed(lambda report=report, fmt=fmt: reconcile.render(report, fmt)))

    s = report.summary
    size = (work / "r.html").stat().st_size
    print(f"Case: {s.accounts} accounts, {s.single_incidents} incidents, {s.conflicts} conflicts; ", end="")
    print(f"HTML {size / 1024:.0f} KiB")
    print(f"Machine: {platform.machine()}, Python {platform.python_version()}, {args.repeat} runs each\n")
    print("| what | median | min–max |\n|---|---:|---:|")
    for name, label in NAMES.items():
        print(row(label, runs[name]))
    cli_html, cli_json = runs["cli_html"], runs["cli_json"]
    ratio = statistics.median(cli_html) / statistics.median(cli_json)
    print(f"\nHTML end to end / JSON end to end: {ratio:.2f}x; target: HTML under 2 s end to end: "
          f"{'met' if statistics.median(cli_html) < 2 else 'NOT met'}")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
