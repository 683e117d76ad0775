"""Which pairs of accounts are compared at all: partitions of days, block keys, candidate pairs.

Candidate pairs come from block keys, never from all pairs: a day of the account's date span
(its event date, or the days up to its publication) with a place key at the two most specific
levels of its place, or with the first letters of its place's transliteration key (typos).
The work is split into partitions, windows of WINDOW_DAYS, each a pure function from the
accounts in it to its candidate pairs; pairs by label, and accounts with no date at all, are
global partitions of their own. docs/partitions.md says how partitions are formed and merged.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pandas as pd

from reconcile.match.features import Features

MAX_SPAN_BLOCK_DAYS = 62  # longer spans ("August 2024", "2024") are never blocked by day
WINDOW_DAYS = 90  # a partition: accounts whose span starts in these days
MAX_DAY_BLOCK = 60  # a day's accounts are all compared only while there are at most this many


def _block_rows(f: Features, rows: np.ndarray, widen: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, block key) for the given rows: each day of the span (widened by `widen` days) with
    each place block key of the row, or a key of its own where it has no place."""
    p = f.places
    lo, hi = f.dates.implied_lo[rows], f.dates.implied_hi[rows]
    dated = ~np.isnan(lo) & (hi - lo <= MAX_SPAN_BLOCK_DAYS)
    rows, lo, hi = rows[dated], lo[dated].astype(np.int64) - widen, hi[dated].astype(np.int64) + widen
    lengths = hi - lo + 1
    day_rows = np.repeat(rows, lengths)
    days = np.repeat(lo, lengths) + (
        np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    )
    uids = p.uid[day_rows]  # -1 (no place) indexes the last entry
    n_each = p.block_size[uids]
    flat = np.repeat(p.block_start[uids], n_each) + (
        np.arange(n_each.sum()) - np.repeat(np.cumsum(n_each) - n_each, n_each)
    )
    place_keys = p.block_keys[flat]
    scope_bit = f.aggregate[np.repeat(day_rows, n_each)].astype(np.int64)
    keys = (np.repeat(days, n_each) * (p.n_keys + 2) + place_keys) * 2 + scope_bit
    return np.repeat(day_rows, n_each), keys


def partitions(f: Features) -> Iterator[np.ndarray]:
    """Windows of WINDOW_DAYS: the rows whose span starts in each (dated rows only)."""
    order = f.dates.by_start
    if len(order) == 0:
        return
    first = int(f.dates.by_start_lo[0])
    window = ((f.dates.by_start_lo - first) // WINDOW_DAYS).astype(np.int64)
    bounds = np.flatnonzero(np.diff(window)) + 1
    yield from np.split(order, bounds)


def candidate_pairs(f: Features, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A partition's candidate pairs (a < b): its rows against the rows dated near them, where
    they share a block key, each row's own days against the other's days widened by
    the date window (`Windows.days`)."""
    n = len(f.scope)
    n_keys = f.places.n_keys
    left_rows, left_keys = _block_rows(f, rows, 0)
    right_rows, right_keys = _block_rows(f, _near(f, rows), f.windows.days)
    # (row, key) entries are distinct already: a key holds one day, and a place's keys differ
    day_only = (right_keys // 2) % (n_keys + 2) == n_keys + 1
    key = right_keys[day_only]  # a day alone, per scope: (day * (n_keys + 2) + n_keys + 1) * 2 + scope
    day = key // 2 // (n_keys + 2)
    block = (day - day.min()) * 2 + key % 2 if len(key) else key  # the window's days: a short range
    quiet = np.ones(len(right_keys), dtype=bool)
    quiet[day_only] = np.bincount(block)[block] <= MAX_DAY_BLOCK  # block purging: busy days rely on places
    left = pd.DataFrame({"a": left_rows, "key": left_keys})
    right = pd.DataFrame({"b": right_rows[quiet], "key": right_keys[quiet]})
    pairs = left.merge(right, on="key")[["a", "b"]].to_numpy()
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    a, b = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return unpack(a * n + b, n)


def _near(f: Features, rows: np.ndarray) -> np.ndarray:
    """Rows whose span comes within the date window of the partition's days (spans longer than
    MAX_SPAN_BLOCK_DAYS are never blocked, so a window of starts finds them all)."""
    d = f.dates
    rows = rows[~np.isnan(d.implied_lo[rows])]  # an undated row has no days to be near
    if not len(rows):
        return rows
    lo, hi = np.min(d.implied_lo[rows]), np.max(d.implied_hi[rows])
    days = f.windows.days
    first = np.searchsorted(d.by_start_lo, lo - days - MAX_SPAN_BLOCK_DAYS, "left")
    last = np.searchsorted(d.by_start_lo, hi + days, "right")
    nearby = d.by_start[first:last]
    keep = (d.implied_hi[nearby] >= lo - days) & (d.implied_lo[nearby] <= hi + days)
    return np.sort(nearby[keep])


def label_pairs(f: Features, rows: np.ndarray) -> np.ndarray:
    """Packed pairs (a * n + b, a < b) of the given rows with every account of the same label."""
    n = len(f.scope)
    labelled = rows[f.label[rows] != ""]
    if len(labelled) == 0:
        return np.zeros(0, dtype=np.int64)
    everyone = np.flatnonzero(f.label != "")
    frame = pd.DataFrame({"a": labelled, "l": f.label[labelled]}).merge(
        pd.DataFrame({"b": everyone, "l": f.label[everyone]}), on="l"
    )
    a, b = frame["a"].to_numpy(), frame["b"].to_numpy()
    keep = a != b
    return np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep]


def undated_pairs(f: Features) -> np.ndarray:
    """Accounts with no date at all pair with accounts of their scope that share a place key, or
    that have no place either (these are few: most accounts have a date or a publication day)."""
    n = len(f.scope)
    undated = np.flatnonzero(np.isnan(f.dates.implied_lo))
    if len(undated) == 0:
        return np.zeros(0, dtype=np.int64)
    p = f.places

    def keyed(rows: np.ndarray) -> pd.DataFrame:
        uids = p.uid[rows]
        key = np.where(uids >= 0, p.block_keys[p.block_start[uids]], -1)  # a place's first key
        return pd.DataFrame({"row": rows, "key": key, "scope": f.scope[rows]})

    frame = keyed(undated).merge(keyed(np.arange(n)), on=["key", "scope"], suffixes=("_a", "_b"))
    a, b = frame["row_a"].to_numpy(), frame["row_b"].to_numpy()
    keep = a != b
    return np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep]


def unpack(packed: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Packed pairs, each once (in no particular order: the merge sorts them all)."""
    packed = pd.unique(packed)
    return packed // n, packed % n
