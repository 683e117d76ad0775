#!/usr/bin/env python3
"""Where `reconcile match` spends its time: each stage timed in one process, one run.

Runs what the command runs (read, parse, sort by id, features, partitions, clustering, links
and reasons, the per-account table written as CSV batch by batch) with the same garbage-collector pause, and
prints seconds per stage. For a side-by-side comparison use bench_match.py; this one says
where the time goes.

Usage: python bench/stages_match.py accounts.csv
"""

from __future__ import annotations

import gc
import io
import sys
import time

START = time.perf_counter()

from reconcile.match import features as build_features  # noqa: E402
from reconcile.match import incident_batches, incidents, write_csv  # noqa: E402
from reconcile.read import load  # noqa: E402
from reconcile.values import load_vocabulary, parse_accounts  # noqa: E402


def main(path: str) -> None:
    gc.disable()
    last = time.perf_counter()
    print(f"{'imports':<14}{last - START:6.2f} s")

    def lap(name: str) -> None:
        nonlocal last
        now = time.perf_counter()
        print(f"{name:<14}{now - last:6.2f} s", flush=True)
        last = now

    table = load(path)
    lap("read")
    parsed = parse_accounts(table, load_vocabulary())
    lap("parse")
    parsed = parsed.sorted_by_id()
    lap("sort by id")
    features = build_features(parsed)
    lap("features")
    marks: list[float] = []
    original = incidents.features
    incidents.features = lambda _: features  # type: ignore[assignment]  # timed above already
    try:
        matching = incidents.match(parsed, progress=lambda done, total: marks.append(time.perf_counter()))
    finally:
        incidents.features = original  # type: ignore[assignment]
    print(f"{'partitions':<14}{marks[-3] - last:6.2f} s")
    print(f"{'clustering':<14}{marks[-2] - marks[-3]:6.2f} s")
    print(f"{'links':<14}{marks[-1] - marks[-2]:6.2f} s")
    last = marks[-1]
    write_csv(incident_batches(parsed, matching), io.BytesIO())  # batches built as they are written
    lap("table, csv")
    print(f"{'total':<14}{time.perf_counter() - START:6.2f} s")


if __name__ == "__main__":
    main(sys.argv[1])
