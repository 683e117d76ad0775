"""Blocking on generated data with known truth: how many true pairs survive to be scored.

Measured 2026-11-24 with bench/gen_accounts.py, seed 7: 0.798 of true pairs at 3,000
accounts (15,837 candidates), 0.797 at 10,000 (bench/RESULTS.md); 0.766 before locations
like "Dasht area of Kech" were read as two places. This test holds the line at 0.78, so that
a change to blocking cannot silently lose true pairs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

import reconcile
from reconcile.match import blocking, features
from reconcile.values import load_vocabulary, parse_accounts
from tests.conftest import generated_accounts

MEASURED_RECALL = 0.798
FLOOR = 0.78


def test_blocking_keeps_the_true_pairs_it_measured(tmp_path: Path) -> None:
    accounts, truth_file = generated_accounts(tmp_path, 3000, seed=7)
    parsed = parse_accounts(reconcile.load(accounts), load_vocabulary()).sorted_by_id()
    f = features(parsed)
    n = len(f.scope)
    blocked = [blocking.label_pairs(f, np.arange(n)), blocking.undated_pairs(f)]
    for rows in blocking.partitions(f):
        a, b = blocking.candidate_pairs(f, rows)
        blocked.append(a * n + b)
    candidates = np.unique(np.concatenate(blocked))

    truth = pd.read_csv(truth_file, dtype=str).set_index("id").iloc[:, 0].loc[parsed.table["id"]]
    codes = pd.factorize(truth)[0]
    order = np.argsort(codes, kind="stable")
    true_pairs = [
        min(x, y) * n + max(x, y)
        for group in np.split(order, np.flatnonzero(np.diff(codes[order])) + 1)
        for i, x in enumerate(group.tolist())
        for y in group.tolist()[i + 1 :]
    ]
    recall = float(np.isin(np.array(true_pairs), candidates).mean())
    assert recall >= FLOOR, f"blocking recall {recall:.3f} fell below {FLOOR} (measured {MEASURED_RECALL})"
    assert len(candidates) < 10 * len(true_pairs)  # and blocking still blocks: not all pairs
