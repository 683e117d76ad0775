"""Cross-dataset pairs of `reconcile match` (a GED and an ACLED record in one incident) against
MELTT's pairs (run_meltt.R): how many each finds, how many both, and how many of MELTT's are
among reconcile's contenders.

    python bench/datasets/compare_meltt.py incidents.csv meltt_pairs.csv [--out PREFIX]

With --out, writes PREFIX_only_reconcile.csv, PREFIX_only_meltt.csv and PREFIX_both.csv (pairs
as two account ids, sorted), from which the hand-checked samples were drawn.
"""

from __future__ import annotations

import argparse
import itertools

import pandas as pd

PREFIX = {"ged": "ged-", "acled": "acled-"}  # reconcile convert's id prefixes


def dataset(account: str) -> str:
    return account.split("-", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("incidents")
    parser.add_argument("meltt")
    parser.add_argument("--out")
    args = parser.parse_args()
    ours = pd.read_csv(args.incidents, dtype=str, keep_default_na=False)
    meltt = pd.read_csv(args.meltt, dtype=str)
    theirs = {
        tuple(sorted((PREFIX[r.dataset_a] + r.id_a, PREFIX[r.dataset_b] + r.id_b)))
        for r in meltt.itertuples()
    }
    found: set[tuple[str, str]] = set()
    folded = 0
    for ids in ours.groupby("incident")["id"].apply(list):
        for x, y in itertools.combinations(sorted(ids), 2):
            if dataset(x) != dataset(y):
                found.add((x, y))
            else:
                folded += 1
    contenders = set()
    for row in ours.itertuples():
        for said in filter(None, row.contenders.split("; ")):
            other = said.rsplit(" (", 1)[0]
            if dataset(other) != dataset(row.id):
                contenders.add(tuple(sorted((row.id, other))))
    print(
        f"reconcile {len(found)} pairs, MELTT {len(theirs)}, both {len(found & theirs)}, only reconcile "
        f"{len(found - theirs)}, only MELTT {len(theirs - found)} ({len((theirs - found) & contenders)} of "
        f"them reconcile's contenders); one dataset's records in one incident: {folded}"
    )
    if args.out:
        for name, pairs in (
            ("only_reconcile", found - theirs),
            ("only_meltt", theirs - found),
            ("both", found & theirs),
        ):
            pd.DataFrame(sorted(pairs), columns=["a", "b"]).to_csv(f"{args.out}_{name}.csv", index=False)


if __name__ == "__main__":
    main()
