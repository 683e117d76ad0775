"""Accounts -> incidents: deciding which accounts describe the same incident, and saying why.

The stages, one module each, imports running down this list:

- `evidence`: the kinds of evidence (grouping, dates, place, perpetrator, toll, event type,
  same source), one module each, each owning its features, its ladder of levels and, from the
  level of a pair, its score contribution, its veto and its words;
- `features`: the arrays every stage reads, built once per distinct value, kind by kind;
- `blocking`: partitions of days, block keys, the candidate pairs;
- `cluster`: large components split at their weakest links, average linkage with cannot-links;
- `links`: each incident's spanning tree of links and their reasons;
- `coverage`: the incidents each aggregate covers;
- `incidents`: the stages put together (`match`), the windows and pieces run by a `Runner`
  (this process's threads by default);
- `distributed`: the `Runner` on a Dask cluster (`reconcile match --scheduler`), imported only
  then, never from here;
- `explain`: `--explain`, an account's links and near misses in words;
- `table`: the per-account table, its CSV writer, and `match_accounts` for pandas users.

Everything is computed on distinct values and arrays, never a Python loop over pairs.
docs/evidence.md lists the kinds and their levels; docs/partitions.md how the work is split.
"""

from __future__ import annotations

from reconcile.match.evidence import KINDS, REASON_KINDS, THRESHOLD, describe, score_pairs
from reconcile.match.explain import explain, score_text
from reconcile.match.features import Features, features
from reconcile.match.incidents import Matching, Progress, incident_id, match
from reconcile.match.table import (
    incident_batches,
    incidents_table,
    match_accounts,
    write_csv,
    write_incidents,
)

__all__ = [
    "KINDS",
    "REASON_KINDS",
    "THRESHOLD",
    "Features",
    "Matching",
    "Progress",
    "describe",
    "explain",
    "features",
    "incident_batches",
    "incident_id",
    "incidents_table",
    "match",
    "match_accounts",
    "score_pairs",
    "score_text",
    "write_csv",
    "write_incidents",
]
