"""fixtures/world/ loads cleanly: 95 real accounts, no input errors, and a truth row for each."""

from __future__ import annotations

import csv
from pathlib import Path

from reconcile import read

WORLD = Path(__file__).resolve().parent.parent / "fixtures" / "world"


def test_world_accounts_load_without_input_errors() -> None:
    table = read.load(WORLD / "accounts.csv")
    assert len(table) == 95
    assert (
        not table["incident"].fillna("").astype(str).str.strip().any()
    )  # no labels: the tool must find the incidents


def test_world_truth_names_every_account_once() -> None:
    with (WORLD / "accounts.csv").open(encoding="utf-8") as f:
        ids = [row["id"] for row in csv.DictReader(f)]
    with (WORLD / "truth.csv").open(encoding="utf-8") as f:
        truth = {row["id"]: row["true_incident"] for row in csv.DictReader(f)}
    assert sorted(ids) == sorted(truth)
    assert len(set(truth.values())) == 12
