#!/usr/bin/env python3
"""Matching time against the number of distinct free-text phrases: a data desk's `event_type`
and `perpetrator` columns hold tens of thousands of distinct values.

For each size N, takes N generated accounts (bench/gen_accounts.py, seed 1) and makes every
account's event type and perpetrator a phrase of its own: made-up words the tree of event
types and the list of actors cannot read (so the fuzzy comparison of phrases runs), with the
generator's own phrase kept inside so that accounts of one event still read alike. Then times
`reconcile.match.match` on the parsed table (parsing excluded), median of --repeat runs, each in
a fresh process.

Usage: python bench/bench_distinct.py --sizes 1000 10000 50000 [--repeat 3]
       PYTHONPATH=/old/checkout python bench/bench_distinct.py --sizes 1000 2000   (older code)
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
SYLLABLES = ["ka", "ro", "mi", "zu", "te", "la", "shi", "vo", "ne", "pa", "dru", "gio", "wex", "ul", "bri"]

TIMED = """
import sys, time
import reconcile
from reconcile.match import match
from reconcile.values import load_vocabulary, parse_accounts
parsed = parse_accounts(reconcile.load([sys.argv[1]]), load_vocabulary()).sorted_by_id()
start = time.perf_counter()
matching = match(parsed, explain=False)
print(time.perf_counter() - start, len(matching.groups))
"""


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def distinct_file(folder: Path, size: int) -> tuple[Path, int, int]:
    generated = folder / f"generated-{size}.csv"
    command = [sys.executable, str(HERE / "gen_accounts.py"), "-n", str(size), "--seed", "1"]
    subprocess.run([*command, "-o", str(generated), "--truth", str(folder / "truth.csv")], check=True,
                   capture_output=True)  # fmt: skip
    with generated.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    rng = random.Random(size)
    for row in rows:
        row["event_type"] = f"{word(rng)} {row['event_type']} {word(rng)}"
        row["perpetrator"] = f"{word(rng).capitalize()} {word(rng).capitalize()} Front"
    target = folder / f"distinct-{size}.csv"
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target, len({r["event_type"] for r in rows}), len({r["perpetrator"] for r in rows})


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a run is given up")
    args = parser.parse_args()
    print("| accounts | distinct event types | distinct perpetrators | match (median) | incidents |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path, events, perpetrators = distinct_file(Path(folder), size)
            times, groups = [], ""
            for _ in range(args.repeat):
                try:
                    run = subprocess.run([sys.executable, "-c", TIMED, str(path)], check=True,
                                         capture_output=True, text=True, timeout=args.timeout)  # fmt: skip
                except subprocess.TimeoutExpired:
                    times.append(float("inf"))
                    break
                seconds, groups = run.stdout.split()
                times.append(float(seconds))
            median = statistics.median(times)
            shown = f"{median:.2f} s" if median != float("inf") else f"> {args.timeout:.0f} s"
            print(f"| {size:,} | {events:,} | {perpetrators:,} | {shown} | {groups} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
