#!/usr/bin/env python3
"""The report at any size: generated accounts (bench/gen_accounts.py), HTML against JSON.

For each size: `reconcile report acc.csv -o r.json` and `-o r.html`, interleaved, each a fresh
process (wall and user+system CPU time, peak memory); then the HTML opened in headless Chromium
(Debian's, through Playwright): the first contentful paint (the first screen drawn) and
DOMContentLoaded (the page's script has run: filters and the paged index work). Prints a
Markdown table of medians.

Usage: python bench/bench_large_report.py [--sizes 5000 20000 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def run(command: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user + system) and peak memory (KiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, after.ru_maxrss


def draw(path: Path) -> tuple[float, float]:
    """Seconds to the first contentful paint and to DOMContentLoaded of a page in Chromium."""
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        start = time.perf_counter()
        page.goto(path.resolve().as_uri(), wait_until="domcontentloaded", timeout=1_200_000)
        loaded = time.perf_counter() - start
        paint = page.evaluate(
            "() => (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime"
        )
        browser.close()
    return (paint or float("nan")) / 1000, loaded


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[5000, 20000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="reconcile-large-report-"))
    command = [sys.executable, "-m", "reconcile.cli", "report"]
    print("| accounts | JSON wall | HTML wall | HTML / JSON (wall) | JSON CPU | HTML CPU | HTML / JSON (CPU) "
          "| JSON MB | HTML MB | first paint | page ready |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for size in args.sizes:
        case = work / f"acc_{size}.csv"
        subprocess.run(
            [sys.executable, str(HERE / "gen_accounts.py"), "-n", str(size), "--seed", "1",
             "-o", str(case), "--truth", str(work / f"truth_{size}.csv")],
            check=True, capture_output=True,
        )  # fmt: skip
        times: dict[str, list[tuple[float, float, int]]] = {"json": [], "html": []}
        for _ in range(args.repeat):
            for fmt in ("json", "html"):
                times[fmt].append(run([*command, str(case), "-o", str(work / f"r.{fmt}")]))
        paints = [draw(work / "r.html") for _ in range(args.repeat)]

        def median(fmt: str, at: int, times: dict[str, list[tuple[float, float, int]]] = times) -> float:
            return statistics.median(t[at] for t in times[fmt])

        json_mb = (work / "r.json").stat().st_size / 1e6
        html_mb = (work / "r.html").stat().st_size / 1e6
        print(
            f"| {size:,} | {median('json', 0):.1f} s | {median('html', 0):.1f} s "
            f"| {median('html', 0) / median('json', 0):.2f}x | {median('json', 1):.1f} s "
            f"| {median('html', 1):.1f} s | {median('html', 1) / median('json', 1):.2f}x "
            f"| {json_mb:.0f} | {html_mb:.0f} | {statistics.median(p for p, _ in paints):.2f} s "
            f"| {statistics.median(r for _, r in paints):.1f} s |",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
