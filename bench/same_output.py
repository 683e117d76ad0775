#!/usr/bin/env python3
"""Same output before and after a change: writes every output of a fixed set of inputs, and
compares two such folders byte for byte.

The inputs: the seed fixture; generated files (bench/gen_accounts.py, seed 1) of the sizes
asked for; and a 5,000-account "mixed" file made from a generated one (seed 5) so that every
path of the matcher is taken: aggregates, incident labels, accounts with no date at all,
formula-like places, a missing location. The outputs: `reconcile match` as CSV and JSON,
`--explain` on a few accounts, and `reconcile report` as JSON and HTML (seed and 5k mixed).

Run it once with the code before the change and once after, then compare:

    PYTHONPATH=/path/to/old/checkout python bench/same_output.py write /tmp/before --sizes 10000 1000000
    python bench/same_output.py write /tmp/after --sizes 10000 1000000
    python bench/same_output.py compare /tmp/before /tmp/after

`--scheduler ADDRESS` runs every `reconcile match` (and `--explain`) on that Dask cluster
(local:2 starts one): compared with a `write` without it, the same bytes (issue 18).

`compare` prints one line per file (same / DIFFERS / missing) and exits 1 when any differs.
"""

from __future__ import annotations

import argparse
import csv
import filecmp
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SEED = [ROOT / "fixtures/balochistan-2024-08-26" / name for name in ("article.csv", "other-outlets.yaml")]
# in the mixed file: plain, an aggregate, labelled, undated, plain
EXPLAINED = ["A0010", "A0013", "A0021", "A0014", "A0100"]


ON_CLUSTER: list[str] = []  # ["--scheduler", ADDRESS] for every `reconcile match`


def reconcile(*arguments: str | Path) -> None:
    command = [sys.executable, "-m", "reconcile.cli", *map(str, arguments)]
    command += ON_CLUSTER if arguments[0] == "match" else []
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)


def explain(inputs: list[Path], account: str, out: Path) -> None:
    command = [sys.executable, "-m", "reconcile.cli", "match", *map(str, inputs), "--explain", account]
    command += ON_CLUSTER
    out.write_bytes(subprocess.run(command, check=True, capture_output=True).stdout)


def generated(folder: Path, count: int, seed: int) -> Path:
    accounts = folder / f"accounts-{count}-seed{seed}.csv"
    if not accounts.exists():
        command = [sys.executable, str(HERE / "gen_accounts.py"), "-n", str(count), "--seed", str(seed)]
        command += ["-o", str(accounts), "--truth", str(folder / f"truth-{count}-seed{seed}.csv")]
        subprocess.run(command, check=True, capture_output=True)
    return accounts


def mixed(folder: Path) -> Path:
    """5,000 generated accounts, rewritten row by row with a rule per row number."""
    source = generated(folder, 5000, 5)
    target = folder / "mixed-5000.csv"
    with source.open(encoding="utf-8", newline="") as file:
        rows = list(csv.DictReader(file))
    for number, row in enumerate(rows):
        row["scope"], row["incident"] = "", ""
        if number % 13 == 0:  # a province-wide toll
            row["scope"] = "aggregate"
            row["location"] = row["location"].split(",")[-1].strip()
        if number % 17 == 4:
            row["incident"] = f"op-{number % 5}"
        if number % 11 == 3:  # no event date and no publication day
            row["event_date"], row["published"] = "", ""
        if number % 19 == 7:
            row["location"] = "=" + row["location"]
        if number % 23 == 9:
            row["location"] = ""
        row["id"] = f"A{number:04d}"
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return target


def write(out: Path, sizes: list[int]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    os.chdir(out)  # inputs named relative to it: reports name their files, and two folders must agree
    out, data = Path("."), Path("inputs")
    data.mkdir(exist_ok=True)
    cases: dict[str, list[Path]] = {"seed": SEED, "mixed5k": [mixed(data)]}
    cases.update({f"gen{size}": [generated(data, size, 1)] for size in sizes})
    for name, inputs in cases.items():
        reconcile("match", *inputs, "-o", out / f"{name}-match.csv")
        if name != "gen1000000":  # JSON of a million accounts says nothing the CSV does not
            reconcile("match", *inputs, "-o", out / f"{name}-match.json")
        if name in ("seed", "mixed5k"):
            reconcile("report", *inputs, "-o", out / f"{name}-report.json")
            reconcile("report", *inputs, "-o", out / f"{name}-report.html")
    for account in EXPLAINED:
        explain(cases["mixed5k"], account, out / f"mixed5k-explain-{account}.txt")
    explain(SEED, "art-musakhail", out / "seed-explain-art-musakhail.txt")


def compare(before: Path, after: Path) -> int:
    names = sorted({p.name for p in before.glob("*.*")} | {p.name for p in after.glob("*.*")})
    differs = 0
    for name in names:
        old, new = before / name, after / name
        if not old.exists() or not new.exists():
            print(f"missing  {name}")
            differs += 1
        elif filecmp.cmp(old, new, shallow=False):
            print(f"same     {name}")
        else:
            print(f"DIFFERS  {name}")
            differs += 1
    return 1 if differs else 0


def main() -> int:
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=formatter)
    commands = parser.add_subparsers(dest="command", required=True)
    writing = commands.add_parser("write")
    writing.add_argument("out", type=Path)
    writing.add_argument("--sizes", type=int, nargs="*", default=[10000])
    writing.add_argument("--scheduler", help="run `reconcile match` on this Dask cluster (or local:N)")
    comparing = commands.add_parser("compare")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "write":
        ON_CLUSTER.extend(["--scheduler", args.scheduler] if args.scheduler else [])
        write(args.out, args.sizes)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
