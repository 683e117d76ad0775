#!/usr/bin/env python3
"""A large case for the report: N incidents x M accounts (default 50 x 10 = 500), deterministic.

Each incident has its own place and night; ten sources report it the way outlets vary:
number words, "at least", "about", a later revision by one source, and in some incidents a
conflicting figure or a conflicting account of who the victims were.

Usage: python bench/gen_large_case.py -o /tmp/large.csv [--incidents 50] [--accounts 10] [--seed 1]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
from typing import TextIO

WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen", "twenty"]  # fmt: skip
SOURCES = [
    ("Ministry of Interior", "government"), ("Provincial police", "police"), ("ISPR", "military"),
    ("District hospital", "hospital"), ("Deputy Commissioner", "local_official"),
    ("Human Rights Commission", "rights_group"), ("Quetta Herald", "media"), ("Frontier Wire", "media"),
    ("Daily Sarhad", "media"), ("Balochistan Liberation Army", "armed_group"), ("Eyewitness", "witness"),
    ("UN office", "intl_org"),
]  # fmt: skip
SYLLABLES = [
    "ka",
    "lo",
    "mas",
    "tung",
    "ra",
    "sham",
    "bo",
    "lan",
    "gwa",
    "dar",
    "pan",
    "jgur",
    "khu",
    "zdar",
    "no",
]


def place_name(rng: random.Random, used: set[str]) -> str:
    while True:
        name = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        if name not in used:
            used.add(name)
            return name


def figure(rng: random.Random, true: int) -> str:
    roll = rng.random()
    if roll < 0.55:
        return str(true)
    if roll < 0.7 and true < len(WORDS):
        return WORDS[true]
    if roll < 0.85:
        return f"at least {max(true - rng.randint(0, 3), 1)}"
    return f"about {true}"


def _write(rows: list[dict[str, str]], out: TextIO) -> None:
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-o", "--output", default="-")
    parser.add_argument("--incidents", type=int, default=50)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    used: set[str] = set()
    rows = []
    start = dt.date(2024, 8, 1)
    for n in range(args.incidents):
        village, district = place_name(rng, used), place_name(rng, used)
        day = start + dt.timedelta(days=n // 2)
        night = f"night of {day.day}/{day.day + 1} {day:%B %Y}"
        both = f"{village}, {district}"
        true = rng.randint(2, 40)
        true_injured = rng.randint(0, 60)
        conflicting = rng.random() < 0.3
        victims_dispute = rng.random() < 0.2
        for k, (source, source_type) in enumerate(rng.sample(SOURCES, args.accounts)):
            killed = figure(rng, true)
            if conflicting and k == 0:
                killed = str(true + rng.randint(5, 15))
            victims = "civilians"
            if source_type == "armed_group" and victims_dispute:
                victims = "soldiers in plain clothes"
            published = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(6 + k))
            rows.append(
                {
                    "id": f"i{n:03d}-a{k:02d}",
                    "source": source,
                    "source_type": source_type,
                    "via": rng.choice(["", "AFP", "Reuters", "Dawn"]),
                    "published": published.isoformat(),
                    "url": f"https://example.org/{n}/{k}",
                    "quote": f"{source} said {killed} people were killed in {village}.",
                    "event_date": rng.choice([day.isoformat(), night]),
                    "location": rng.choice([f"{village}, {district} district, Balochistan", village, both]),
                    "event_type": rng.choice(["attack", "gun attack", "bombing"]),
                    "perpetrator": rng.choice(["gunmen", "armed men", "BLA", ""]),
                    "killed": killed,
                    "injured": rng.choice(["", figure(rng, true_injured)]),
                    "victims": victims,
                }
            )
        # one source revises its figure later the same day
        early = dict(rows[-1])
        early["id"] = f"i{n:03d}-early"
        early["published"] = (
            dt.datetime.fromisoformat(rows[-1]["published"]) - dt.timedelta(hours=5)
        ).isoformat()
        early["killed"] = str(max(true // 2, 1))
        rows.insert(len(rows) - 1, early)
        rows.pop(len(rows) - 2 - rng.randint(1, args.accounts - 2))  # keep the case at N x M accounts
    if args.output == "-":
        _write(rows, sys.stdout)
    else:
        with open(args.output, "w", newline="", encoding="utf-8") as out:
            _write(rows, out)
        print(f"wrote {len(rows)} accounts for {args.incidents} incidents -> {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
