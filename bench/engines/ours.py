#!/usr/bin/env python3
"""Our matcher, as a data desk would run it: read, parse, match; writes id,cluster."""

from __future__ import annotations

import itertools
import sys

import numpy as np
import pandas as pd

import reconcile
from reconcile.bulk import collector_paused
from reconcile.match import match
from reconcile.values import load_vocabulary, parse_accounts


def main(accounts: str, out: str) -> None:
    with collector_paused():  # as `reconcile match` does: millions of objects, nothing to collect
        parsed = parse_accounts(reconcile.load(accounts), load_vocabulary()).sorted_by_id()
        matching = match(parsed, explain=False)  # incidents only; reasons are for reports
        sizes = np.fromiter(map(len, matching.groups), dtype=np.int64, count=len(matching.groups))
        cluster = np.empty(len(parsed.table), dtype=np.int64)
        cluster[np.fromiter(itertools.chain.from_iterable(matching.groups), dtype=np.int64)] = np.repeat(
            np.arange(len(sizes)), sizes
        )
        pd.DataFrame({"id": parsed.table["id"], "cluster": cluster}).to_csv(out, index=False)


if __name__ == "__main__":
    main(*sys.argv[1:3])
