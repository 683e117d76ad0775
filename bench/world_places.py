#!/usr/bin/env python3
"""How the gazetteer resolves the real locations of fixtures/world/: each location against the
country and town written in fixtures/world/places.csv before the tool was run on them.

A location is *right* when it resolves to the expected country (and town, where one is
expected), *open* when it resolves to no country (kept as written: no harm, less help), and
*wrong* when it resolves to another country or another town (a wrong guess: the harm to avoid).

Usage: python bench/world_places.py [--show]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from reconcile.schema import Kind
from reconcile.values import load_vocabulary, parse_value
from reconcile.values.text import fold

EXPECTED = Path(__file__).resolve().parent.parent / "fixtures" / "world" / "places.csv"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="print every location's outcome")
    args = parser.parse_args()
    vocab = load_vocabulary()
    expected = pd.read_csv(EXPECTED, dtype=str, keep_default_na=False)
    outcomes = []
    for row in expected.itertuples():
        place = parse_value(Kind.PLACE, row.location, None, vocab).detail
        country = place.country if place is not None else ""
        town = place.town.name if place is not None and place.town else ""
        if not country:
            outcome = "open"
        elif country != row.country or (row.town and town and fold(town) != fold(row.town)):
            outcome = "wrong"
        elif row.town and not town:
            outcome = "country only"
        else:
            outcome = "right"
        outcomes.append(outcome)
        if args.show:
            print(f"{outcome:<13} {row.location!r:<70} -> {country or '-'} {town or ''}")
    counts = pd.Series(outcomes).value_counts()
    print(f"{len(expected)} locations: " + ", ".join(f"{counts.get(k, 0)} {k}" for k in ("right", "country only", "open", "wrong")))


if __name__ == "__main__":
    main()
