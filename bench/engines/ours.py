#!/usr/bin/env python3
"""Our matcher, as a data desk would run it: read, parse, match; writes id,cluster."""

from __future__ import annotations

import sys

import pandas as pd

import reconcile
from reconcile.match import match
from reconcile.values import load_vocabulary, parse_accounts


def main(accounts: str, out: str) -> None:
    parsed = parse_accounts(reconcile.load(accounts), load_vocabulary()).sorted_by_id()
    matching = match(parsed, explain=False)  # incidents only; reasons are for reports
    ids = parsed.table["id"].tolist()
    rows = [(ids[r], n) for n, group in enumerate(matching.groups) for r in group]
    pd.DataFrame(rows, columns=["id", "cluster"]).to_csv(out, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
