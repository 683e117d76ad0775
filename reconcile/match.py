"""Accounts -> incidents: blocking, scoring, clustering, aggregates' coverage.

Owns deciding which accounts describe the same incident, and saying why.

Everything is computed on distinct values and arrays. Each field's distinct values are read
once (a million accounts name a few thousand places); per-account columns are codes into them.
Candidate pairs come from block keys, never from all pairs: a day of the account's date span
(its event date, or the days up to its publication) with a place key at the two most specific
levels of its place, or with the first letters of its place's transliteration key (typos).

The work is split into partitions, windows of days, each a pure function from the accounts in
it to the links it keeps (pairs scored at or above the threshold, and not forbidden), run in a
pool of threads; the partitions' links are merged into connected components, and the
components' pieces are clustered, a stack of score matrices per piece size, in rounds of
average linkage with cannot-links (different `incident` labels, dates more than two days
apart, places the vocabulary knows to lie apart, one source giving another figure for another
place), so that a chain of weak links does not glue two incidents together. Each incident's
links (a maximum spanning tree) are worded by Arrow's kernels, one column per kind of
evidence. Aggregate accounts cluster among themselves and then `cover` the incidents in their
span and area. docs/partitions.md says how partitions are formed and merged.
"""

from __future__ import annotations

import functools
import itertools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

from reconcile.bulk import collector_paused
from reconcile.model import Link
from reconcile.schema import Kind
from reconcile.values import Column, ParsedAccounts, Value, ascending, events, relation
from reconcile.values.dates import parse_published
from reconcile.values.places import compact
from reconcile.values.text import fold

T = TypeVar("T")  # what a slice of work returns

THRESHOLD = 0.5
DATE_SLACK_DAYS = 1  # "within a day": the wording of a link's reasons
DATE_VETO_DAYS = 2  # dates further apart than this are never one incident
MAX_SPAN_BLOCK_DAYS = 62
REASON_KINDS = ("grouping", "dates", "place", "perpetrator", "toll", "event")  # as reason_columns
REASONS_AT_ONCE = 50_000  # links whose reasons are worded together, bounding temporary text
PAIRS_AT_ONCE = 1 << 18  # pairs scored at once: 2 MB per temporary array
WORKERS = min(4, os.cpu_count() or 1)  # threads: partitions, slices of pairs, merge batches, reasons
MAX_DENSE = 100  # accounts clustered at once, pair by pair; larger components split first
MATRIX_CELLS = 1 << 22  # pieces of one size merged at once: a few 32 MB matrices
WINDOW_DAYS = 90  # a partition: accounts whose span starts in these days
PLACE_LEVELS_BLOCKED = 2  # block on the two most specific levels of a place
PREFIX_LETTERS = 3  # a typo rarely touches the first letters of a transliteration key
MAX_DAY_BLOCK = 60  # a day's accounts are all compared only while there are at most this many
SIMILAR_PLACE = 80  # rapidfuzz ratio at which two unknown spellings are one place

W_SAME_PLACE, W_SIMILAR_PLACE, W_PLACE_WITHIN, W_PLACE_DIFFER = 0.40, 0.30, 0.25, -0.10
W_DAY_GAP = (0.35, 0.25, 0.15)  # same day, a day apart, two days apart
W_IMPLIED_DAY = 0.15  # no event date: the published day and the few before it, weak evidence
IMPLIED_DAYS_BEFORE = 3
W_PERPETRATOR_AGREE, W_PERPETRATOR_COMPATIBLE, W_PERPETRATOR_CONFLICT = 0.15, 0.05, -0.30
W_FIGURES_FIT, W_FIGURES_CLASH = 0.10, -0.10
W_EVENT_TYPE, W_EVENT_TYPE_FITS, W_EVENT_TYPE_CLASH = 0.15, 0.05, -0.20


@dataclass(frozen=True)
class Matching:
    """Incidents as lists of row numbers of the accounts table, with the links (by account id,
    strongest first) that joined them: `joins` holds them as one table (incident number, a, b,
    score, one column of reasons per kind of evidence, the row numbers of a and b), `links` as
    Link objects per incident."""

    groups: list[list[int]]
    scopes: list[str]
    joins: pd.DataFrame
    covers: list[list[int]]

    @cached_property
    def links(self) -> list[list[Link]]:
        links: list[list[Link]] = [[] for _ in self.groups]
        kinds = ["reason_" + kind for kind in REASON_KINDS]
        for number, a, b, score, *said in self.joins[["number", "a", "b", "score", *kinds]].itertuples(
            index=False
        ):
            links[number].append(Link(a, b, score, tuple(str(x) for x in said if x)))
        return links


@dataclass(frozen=True)
class Features:
    """Per-account columns the scorer reads; `place_uid`, `perp_code` and `event_code` index
    distinct values, whose relations are computed once per distinct pair."""

    ids: pa.Array  # the accounts' ids, one Arrow string array
    scope: np.ndarray
    aggregate: np.ndarray  # scope == "aggregate", as booleans for the scorer
    label_code: np.ndarray  # a code per distinct incident label, -1 for none
    label_texts: pa.Array  # the labels, folded, by code
    source: np.ndarray  # a code per distinct source name, folded
    label: np.ndarray
    date_lo: np.ndarray
    date_hi: np.ndarray
    implied_lo: np.ndarray  # the event date where given, else the days up to `published`
    implied_hi: np.ndarray
    by_start: np.ndarray  # dated rows in order of implied_lo (for finding a window's neighbours)
    by_start_lo: np.ndarray  # their implied_lo, ascending
    place_uid: np.ndarray  # distinct place value per account, -1 for none
    place_leaf: np.ndarray  # key code of the most specific part, -1 for none
    place_chain: tuple[np.ndarray, ...]  # level by level, per distinct place (-1: none), the key
    # codes of its chain, most specific first, padded with -2
    n_keys: int
    place_anchor: np.ndarray  # key code of the most specific part the vocabulary knows, -1 for none
    block_keys: np.ndarray  # every distinct place's block keys, then the day alone, back to back
    block_start: np.ndarray  # per distinct place (index -1: no place): where its keys start
    block_size: np.ndarray
    leaf_text: np.ndarray  # per distinct place: a code into `leaf_texts`
    leaf_texts: list[str]  # the distinct most specific parts, folded, without generic words
    place_written: np.ndarray  # per account, a code into `place_texts`: the location as written
    place_texts: pa.Array
    leaf_shown: np.ndarray  # per account, a code into `leaf_shown_texts`: the most specific part
    leaf_shown_texts: pa.Array  # as shown ("" for no place)
    leaf_shown_folded: np.ndarray  # per account, a code shared by parts shown alike once folded
    perp_code: np.ndarray
    perp_written: np.ndarray  # per account, a code into `perp_texts`: the perpetrator as written
    perp_texts: pa.Array
    perp_folded: np.ndarray  # per account, a code shared by perpetrators written alike once folded
    perp_generic: np.ndarray  # per distinct perpetrator code: names no group
    perp_relation: np.ndarray  # distinct x distinct: 0 none, 1 agree, 2 compatible, 3 conflict
    victims: Column
    killed_lo: np.ndarray
    killed_hi: np.ndarray
    event_code: np.ndarray
    event_values: list[str]  # distinct event types, folded
    event_evidence: np.ndarray  # distinct x distinct: what two event types add to a link


def _column(parsed: ParsedAccounts, field: str, kind: Kind) -> Column:
    """A field's values, or every account's value missing when no file has the column."""
    if field in parsed.values:
        return parsed.values[field]
    return Column(np.zeros(len(parsed.table), dtype=np.int64), [Value(kind, "", missing=True)])


def _per_account(column: Column, per_unique: list[float] | np.ndarray) -> np.ndarray:
    return np.asarray(per_unique, dtype=float)[column.codes] if len(column.codes) else np.zeros(0)


def features(parsed: ParsedAccounts) -> Features:
    table = parsed.table
    n = len(table)
    scope = np.where(table["scope"].to_numpy(dtype=str) == "aggregate", "aggregate", "incident")
    label_codes, label_values = pd.factorize(table["incident"])
    label = np.array([fold(str(v)) for v in label_values] + [""], dtype=object)[label_codes]
    label_code, label_texts = pd.factorize(label)
    label_code = np.where(label != "", label_code, -1).astype(np.int64)

    dates = _column(parsed, "event_date", Kind.DATE)
    date_lo = _per_account(dates, [v.low.toordinal() if v.low else np.nan for v in dates.uniques])
    date_hi = _per_account(dates, [v.high.toordinal() if v.high else np.nan for v in dates.uniques])
    published_codes, published_raw = pd.factorize(table["published"])
    moments = [parse_published(str(p)) for p in published_raw]
    published = np.array([m.toordinal() if m else np.nan for m in moments] + [np.nan])[published_codes]
    implied_hi = np.where(np.isnan(date_lo), published, date_hi)
    implied_lo = np.where(np.isnan(date_lo), published - IMPLIED_DAYS_BEFORE, date_lo)
    dated_rows = np.flatnonzero(~np.isnan(implied_lo))
    by_start = dated_rows[_in_day_order(implied_lo[dated_rows])]

    place = _column(parsed, "location", Kind.PLACE)
    details = [v.detail for v in place.uniques]
    # many spellings share a form (keys, anchor, levels blocked): forms are coded once each
    forms: dict[tuple[tuple[str, ...], str, int], int] = {}
    form_of = [
        forms.setdefault((d.keys, d.anchor, min(PLACE_LEVELS_BLOCKED, len(d.parts))), len(forms))
        if d is not None
        else -1
        for d in details
    ]
    key_codes: dict[str, int] = {}
    for keys, _, _ in forms:
        for key in keys:
            key_codes.setdefault(key, len(key_codes))
        key_codes.setdefault("~" + keys[0][:PREFIX_LETTERS], len(key_codes))
    n_keys = max(1, len(key_codes))
    no_place, unread = len(forms), len(forms) + 1  # the forms of "no location" and "no place found"
    form = np.array([f if f >= 0 else unread for f in form_of] + [no_place], dtype=np.int64)
    width = max([len(keys) for keys, _, _ in forms] + [1])
    form_chain = np.full((len(forms) + 2, width), -2, dtype=np.int64)
    for code, (keys, _, _) in enumerate(forms):
        form_chain[code, : len(keys)] = [key_codes[k] for k in keys]
    chain = form_chain[form]  # per distinct place, and a last row for none
    has_place = form[:-1] != unread
    leaf_of = np.where(has_place, chain[:-1, 0], -1)
    uid = np.where(has_place[place.codes], place.codes, -1) if n else np.zeros(0, dtype=np.int64)
    leaf_names = [d.parts[0] if d else "" for d in details]
    leaf_codes, leaf_texts = _codes_by(leaf_names, compact)
    form_blocks = [[*_block_keys(keys, levels, key_codes), n_keys + 1] for keys, _, levels in forms]
    form_blocks += [[n_keys, n_keys + 1], []]  # no place: a key of its own, and the day alone
    form_size = np.array([len(keys) for keys in form_blocks], dtype=np.int64)
    block_size = form_size[form]
    block_start = np.cumsum(block_size) - block_size
    flat = np.repeat((np.cumsum(form_size) - form_size)[form], block_size) + (
        np.arange(block_size.sum()) - np.repeat(block_start, block_size)
    )
    form_anchor = np.array([key_codes[anchor] if anchor else -1 for _, anchor, _ in forms] + [-1, -1])

    perps = _column(parsed, "perpetrator", Kind.ACTOR)
    perp_unique_code, perp_values = _codes(perps.uniques)
    perp_relation = np.zeros((len(perp_values), len(perp_values)), dtype=np.int8)
    names = {"agree": 1, "compatible": 2, "conflict": 3}
    for i, j in itertools.combinations_with_replacement(range(len(perp_values)), 2):
        perp_relation[i, j] = perp_relation[j, i] = names[relation(perp_values[i], perp_values[j])]

    killed = _column(parsed, "killed", Kind.COUNT)
    killed_lo = _per_account(killed, [v.low if v.parsed else np.nan for v in killed.uniques])
    killed_hi = _per_account(
        killed, [(np.inf if v.high is None else v.high) if v.parsed else np.nan for v in killed.uniques]
    )

    event_code, event_values, event_evidence = _event_types(table)
    shown = np.where(uid >= 0, uid, len(details))  # the leaf each account shows, the last for none
    source_codes, source_names = pd.factorize(table["source"])
    folded_codes, _ = pd.factorize(pd.Series([fold(str(s)) for s in source_names], dtype=object))
    return Features(
        ids=parsed.ids,
        scope=scope,
        aggregate=scope == "aggregate",
        label_code=label_code,
        label_texts=_texts(str(t) for t in label_texts),
        source=np.append(folded_codes, -1)[source_codes],
        label=label,
        date_lo=date_lo,
        date_hi=date_hi,
        implied_lo=implied_lo,
        implied_hi=implied_hi,
        by_start=by_start,
        by_start_lo=implied_lo[by_start],
        place_uid=uid.astype(np.int64),
        place_leaf=np.where(uid >= 0, leaf_of[np.maximum(uid, 0)], -1) if n else np.zeros(0, dtype=np.int64),
        place_chain=tuple(np.ascontiguousarray(chain[:, level]) for level in range(chain.shape[1])),
        n_keys=n_keys,
        place_anchor=form_anchor[form][uid] if n else np.zeros(0, dtype=np.int64),
        block_keys=np.fromiter(itertools.chain.from_iterable(form_blocks), dtype=np.int64)[flat],
        block_start=block_start,
        block_size=block_size,
        leaf_text=leaf_codes.astype(np.int64),
        leaf_texts=leaf_texts,
        place_written=np.asarray(place.codes, dtype=np.int64),
        place_texts=_texts(v.raw for v in place.uniques),
        leaf_shown=shown,
        leaf_shown_texts=_texts([*leaf_names, ""]),
        leaf_shown_folded=_folded_codes([*leaf_names, ""])[shown],
        perp_code=np.asarray(perp_unique_code, dtype=np.int64)[perps.codes],
        perp_written=np.asarray(perps.codes, dtype=np.int64),
        perp_texts=_texts(v.raw for v in perps.uniques),
        perp_folded=_folded_codes([v.raw for v in perps.uniques])[perps.codes],
        perp_generic=np.array(
            [bool(v.detail and v.detail[0].generic) for v in perp_values] + [False], dtype=bool
        ),
        perp_relation=perp_relation,
        victims=_column(parsed, "victims", Kind.CATEGORY),
        killed_lo=killed_lo,
        killed_hi=killed_hi,
        event_code=event_code,
        event_values=event_values,
        event_evidence=event_evidence,
    )


def _in_day_order(days: np.ndarray) -> np.ndarray:
    """np.argsort(days, kind="stable") for whole day numbers: as 16-bit offsets where they span
    fewer than 32,768 days (90 years), which numpy sorts by radix, ten times faster."""
    if len(days) and days.max() - days.min() < 2**15:
        return np.argsort((days - days.min()).astype(np.int16), kind="stable")
    return np.argsort(days, kind="stable")


def _event_types(table: pd.DataFrame) -> tuple[np.ndarray, list[str], np.ndarray]:
    """Per account, a code into the distinct event types (-1 for none), and their evidence matrix."""
    n = len(table)
    column = table["event_type"] if "event_type" in table.columns else pd.Series([""] * n)
    event_codes, event_raw = pd.factorize(column)
    event_folded = [fold(str(t)) for t in event_raw]
    event_values = sorted(set(event_folded) - {""})
    event_index = {t: i for i, t in enumerate(event_values)}
    event_code = np.array([event_index.get(t, -1) for t in event_folded] + [-1], dtype=np.int64)[event_codes]
    return event_code, event_values, _event_evidence(event_values)


def _event_evidence(event_values: list[str]) -> np.ndarray:
    """Distinct x distinct event types: what a pair's types add to its score. Types read from the
    tree agree, fit (one within the other) or conflict; phrases it cannot read count by how alike
    they are written. A last row and column of zeros stand for no type (code -1)."""
    if not event_values:
        return np.zeros((1, 1))
    similarity = process.cdist(event_values, event_values, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
    evidence = W_EVENT_TYPE * np.asarray(similarity, dtype=float)
    types = [events.classify(v) for v in event_values]
    weights = {"agree": W_EVENT_TYPE, "compatible": W_EVENT_TYPE_FITS, "conflict": W_EVENT_TYPE_CLASH}
    for i, j in itertools.product(range(len(types)), repeat=2):
        first, second = types[i], types[j]
        if first is not None and second is not None:
            how = events.relation(first, second)
            generic = how == "agree" and len(first.path) == 1  # "attack" and "attack" say little
            evidence[i, j] = W_EVENT_TYPE_FITS if generic else weights[how]
    return np.pad(evidence, ((0, 1), (0, 1)))


def _folded_codes(texts: list[str]) -> np.ndarray:
    """A code per text, shared by texts that are alike once folded (case, accents, spaces)."""
    return _codes_by(texts, fold)[0]


def _codes_by(texts: list[str], normalise: Callable[[str], str]) -> tuple[np.ndarray, list[str]]:
    """A code per text, shared by texts alike once normalised (codes in order of first
    appearance, as pd.factorize gives them), and the normalised texts by code; each distinct
    text is normalised once."""
    codes, distinct = pd.factorize(np.array(texts, dtype=object))
    normal_codes, normal = pd.factorize(np.array([normalise(str(t)) for t in distinct], dtype=object))
    return normal_codes[codes], [str(t) for t in normal]


def _texts(values: Iterable[str]) -> pa.Array:
    return pa.array(list(values), type=pa.string())


def _block_keys(keys: tuple[str, ...], levels: int, key_codes: dict[str, int]) -> list[int]:
    """The keys a place is blocked under: its most specific levels (up to two: a province or a
    country would make blocks too large) and the first letters of its most specific key."""
    return [key_codes[k] for k in keys[:levels]] + [key_codes["~" + keys[0][:PREFIX_LETTERS]]]


def _codes(values: list[Value]) -> tuple[np.ndarray, list[Value]]:
    """A code per value by its normalised key (-1 when unread), and one representative per code."""
    distinct: dict[object, int] = {}
    representatives: list[Value] = []
    codes = np.full(len(values), -1, dtype=np.int64)
    for row, value in enumerate(values):
        if not value.parsed:
            continue
        if value.key not in distinct:
            distinct[value.key] = len(representatives)
            representatives.append(value)
        codes[row] = distinct[value.key]
    return codes, representatives


# --- partitions and blocks -----------------------------------------------------------------------


def _block_rows(f: Features, rows: np.ndarray, widen: int) -> tuple[np.ndarray, np.ndarray]:
    """(row, block key) for the given rows: each day of the span (widened by `widen` days) with
    each place block key of the row, or a key of its own where it has no place."""
    lo, hi = f.implied_lo[rows], f.implied_hi[rows]
    dated = ~np.isnan(lo) & (hi - lo <= MAX_SPAN_BLOCK_DAYS)
    rows, lo, hi = rows[dated], lo[dated].astype(np.int64) - widen, hi[dated].astype(np.int64) + widen
    lengths = hi - lo + 1
    day_rows = np.repeat(rows, lengths)
    days = np.repeat(lo, lengths) + (
        np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    )
    uids = f.place_uid[day_rows]  # -1 (no place) indexes the last entry
    n_each = f.block_size[uids]
    flat = np.repeat(f.block_start[uids], n_each) + (
        np.arange(n_each.sum()) - np.repeat(np.cumsum(n_each) - n_each, n_each)
    )
    place_keys = f.block_keys[flat]
    scope_bit = f.aggregate[np.repeat(day_rows, n_each)].astype(np.int64)
    keys = (np.repeat(days, n_each) * (f.n_keys + 2) + place_keys) * 2 + scope_bit
    return np.repeat(day_rows, n_each), keys


def partitions(f: Features) -> Iterator[np.ndarray]:
    """Windows of WINDOW_DAYS: the rows whose span starts in each (dated rows only)."""
    order = f.by_start
    if len(order) == 0:
        return
    first = int(f.by_start_lo[0])
    window = ((f.by_start_lo - first) // WINDOW_DAYS).astype(np.int64)
    bounds = np.flatnonzero(np.diff(window)) + 1
    yield from np.split(order, bounds)


def candidate_pairs(f: Features, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A partition's candidate pairs (a < b): its rows against the rows dated near them, where
    they share a block key, each row's own days against the other's days widened by
    DATE_VETO_DAYS. (Pairs by label, and undated accounts, are global partitions of their own.)"""
    n = len(f.scope)
    left_rows, left_keys = _block_rows(f, rows, 0)
    right_rows, right_keys = _block_rows(f, _near(f, rows), DATE_VETO_DAYS)
    # (row, key) entries are distinct already: a key holds one day, and a place's keys differ
    day_only = (right_keys // 2) % (f.n_keys + 2) == f.n_keys + 1
    key = right_keys[day_only]  # a day alone, per scope: (day * (n_keys + 2) + n_keys + 1) * 2 + scope
    day = key // 2 // (f.n_keys + 2)
    block = (day - day.min()) * 2 + key % 2 if len(key) else key  # the window's days: a short range
    quiet = np.ones(len(right_keys), dtype=bool)
    quiet[day_only] = np.bincount(block)[block] <= MAX_DAY_BLOCK  # block purging: busy days rely on places
    left = pd.DataFrame({"a": left_rows, "key": left_keys})
    right = pd.DataFrame({"b": right_rows[quiet], "key": right_keys[quiet]})
    pairs = left.merge(right, on="key")[["a", "b"]].to_numpy()
    pairs = pairs[pairs[:, 0] != pairs[:, 1]]
    a, b = np.minimum(pairs[:, 0], pairs[:, 1]), np.maximum(pairs[:, 0], pairs[:, 1])
    return _unpack(a * n + b, n)


def _near(f: Features, rows: np.ndarray) -> np.ndarray:
    """Rows whose span comes within DATE_VETO_DAYS of the partition's days (spans longer than
    MAX_SPAN_BLOCK_DAYS are never blocked, so a window of starts finds them all)."""
    rows = rows[~np.isnan(f.implied_lo[rows])]  # an undated row has no days to be near
    if not len(rows):
        return rows
    lo, hi = np.min(f.implied_lo[rows]), np.max(f.implied_hi[rows])
    first = np.searchsorted(f.by_start_lo, lo - DATE_VETO_DAYS - MAX_SPAN_BLOCK_DAYS, "left")
    last = np.searchsorted(f.by_start_lo, hi + DATE_VETO_DAYS, "right")
    nearby = f.by_start[first:last]
    keep = (f.implied_hi[nearby] >= lo - DATE_VETO_DAYS) & (f.implied_lo[nearby] <= hi + DATE_VETO_DAYS)
    return np.sort(nearby[keep])


def _label_pairs(f: Features, rows: np.ndarray) -> np.ndarray:
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


def _undated_pairs(f: Features) -> np.ndarray:
    """Accounts with no date at all pair with accounts of their scope that share a place key, or
    that have no place either (these are few: most accounts have a date or a publication day)."""
    n = len(f.scope)
    undated = np.flatnonzero(np.isnan(f.implied_lo))
    if len(undated) == 0:
        return np.zeros(0, dtype=np.int64)

    def keyed(rows: np.ndarray) -> pd.DataFrame:
        uids = f.place_uid[rows]
        key = np.where(uids >= 0, f.block_keys[f.block_start[uids]], -1)  # a place's first key
        return pd.DataFrame({"row": rows, "key": key, "scope": f.scope[rows]})

    frame = keyed(undated).merge(keyed(np.arange(n)), on=["key", "scope"], suffixes=("_a", "_b"))
    a, b = frame["row_a"].to_numpy(), frame["row_b"].to_numpy()
    keep = a != b
    return np.minimum(a, b)[keep] * n + np.maximum(a, b)[keep]


# --- scoring -------------------------------------------------------------------------------------


def score_pairs(
    f: Features, a: np.ndarray, b: np.ndarray, skip_forbidden: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Score and cannot-link flag for each pair (a[i], b[i]).

    With `skip_forbidden`, pairs that a cheap test already forbids (scopes, labels, dates more
    than DATE_VETO_DAYS apart) are flagged without being scored (score 0): for clustering,
    where a forbidden pair's score is never read. Long arrays are scored in slices of
    PAIRS_AT_ONCE, whose temporaries stay small enough to be reused rather than mapped anew.
    """
    if len(a) > PAIRS_AT_ONCE:
        score, veto = np.zeros(len(a)), np.zeros(len(a), dtype=bool)
        for start in range(0, len(a), PAIRS_AT_ONCE):
            part = slice(start, start + PAIRS_AT_ONCE)
            score[part], veto[part] = score_pairs(f, a[part], b[part], skip_forbidden)
        return score, veto
    if skip_forbidden:
        label_a, label_b = f.label_code[a], f.label_code[b]
        gap = np.maximum(f.date_lo[a] - f.date_hi[b], f.date_lo[b] - f.date_hi[a])
        labelled = (label_a >= 0) & (label_b >= 0)
        forbidden = (
            (f.aggregate[a] != f.aggregate[b]) | (labelled & (label_a != label_b)) | (gap > DATE_VETO_DAYS)
        )
        forbidden &= ~(labelled & (label_a == label_b))
        score, veto = np.zeros(len(a)), forbidden.copy()
        scored = np.flatnonzero(~forbidden)
        score[scored], veto[scored] = score_pairs(f, a[scored], b[scored])
        return score, veto
    veto = f.aggregate[a] != f.aggregate[b]

    label_a, label_b = f.label_code[a], f.label_code[b]
    labelled = (label_a >= 0) & (label_b >= 0)
    same_label = labelled & (label_a == label_b)
    veto |= labelled & ~same_label

    low_a, high_a, low_b, high_b = f.date_lo[a], f.date_hi[a], f.date_lo[b], f.date_hi[b]
    gap = np.maximum(low_a - high_b, low_b - high_a)  # NaN where either has no date
    by_gap = np.array([*W_DAY_GAP, 0.0, 0.0])  # the last: no date
    score = by_gap[
        np.where(np.isnan(gap), len(W_DAY_GAP) + 1, np.clip(gap, 0, len(W_DAY_GAP))).astype(np.intp)
    ]
    veto |= gap > DATE_VETO_DAYS
    implied_gap = np.maximum(f.implied_lo[a] - f.implied_hi[b], f.implied_lo[b] - f.implied_hi[a])
    score += np.where(np.isnan(gap) & (implied_gap <= 0), W_IMPLIED_DAY, 0.0)

    same_place, similar, within, differ, place_conflict = place_relations(f, a, b)
    score += np.select(
        [same_place, similar, within, differ],
        [W_SAME_PLACE, W_SIMILAR_PLACE, W_PLACE_WITHIN, W_PLACE_DIFFER],
        0.0,
    )
    veto |= place_conflict

    perp = _perp_relation(f, a, b)
    score += np.array([0.0, W_PERPETRATOR_AGREE, W_PERPETRATOR_COMPATIBLE, W_PERPETRATOR_CONFLICT])[perp]

    killed_low_a, killed_high_a = f.killed_lo[a], f.killed_hi[a]
    killed_low_b, killed_high_b = f.killed_lo[b], f.killed_hi[b]
    counted = ~np.isnan(killed_low_a) & ~np.isnan(killed_low_b)
    fits = (killed_low_a <= killed_high_b) & (killed_low_b <= killed_high_a)
    score += np.where(counted, np.where(fits, W_FIGURES_FIT, W_FIGURES_CLASH), 0.0)
    other_figure = counted & ((killed_low_a != killed_low_b) | (killed_high_a != killed_high_b))
    source_a = f.source[a]
    veto |= (source_a == f.source[b]) & (source_a >= 0) & other_figure & (differ | place_conflict)

    score += f.event_evidence[f.event_code[a], f.event_code[b]]  # code -1: the zero row and column

    score = np.where(same_label, 1.0, np.clip(score, 0.0, 1.0))
    return np.round(score, 4), veto & ~same_label  # the user's label overrides the evidence


def _in_slices(
    work: Callable[[np.ndarray, np.ndarray], T], a: np.ndarray, b: np.ndarray, at_once: int
) -> list[T]:
    """work(a[s], b[s]) for consecutive slices s of `at_once` pairs, in the pool of threads (numpy
    and Arrow let go of the GIL in their loops); the results in slice order."""
    with ThreadPoolExecutor(WORKERS) as pool:
        return list(
            pool.map(lambda at: work(a[at : at + at_once], b[at : at + at_once]), range(0, len(a), at_once))
        )


def _scored_in_threads(f: Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """score_pairs (skipping forbidden pairs) for many pairs, slices scored in threads at once."""
    parts = _in_slices(lambda x, y: score_pairs(f, x, y, True), a, b, PAIRS_AT_ONCE)
    if not parts:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate([score for score, _ in parts]), np.concatenate([veto for _, veto in parts])


def place_relations(f: Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    """Same place, a similar spelling, one within the other, places that differ, or a conflict.

    A conflict needs knowledge: the most specific places the vocabulary knows on each side lie
    apart (Quetta and Gwadar; Balochistan and Sindh). Two names it does not know may be a village
    and the district around it, so they only differ.
    """
    ua, ub = f.place_uid[a], f.place_uid[b]
    placed = (ua >= 0) & (ub >= 0)
    leaf_a, leaf_b = f.place_leaf[a], f.place_leaf[b]
    same = placed & (leaf_a == leaf_b)
    within = np.zeros(len(a), dtype=bool)
    rows = np.flatnonzero(placed & ~same)  # the chains are read only where the leaves differ
    within[rows] = _lies_in(f, ua[rows], leaf_b[rows]) | _lies_in(f, ub[rows], leaf_a[rows])
    open_question = placed & ~same & ~within
    anchor_a, anchor_b = f.place_anchor[a], f.place_anchor[b]
    apart = np.zeros(len(a), dtype=bool)
    rows = np.flatnonzero(open_question & (anchor_a >= 0) & (anchor_b >= 0))
    apart[rows] = ~_lies_in(f, ua[rows], anchor_b[rows]) & ~_lies_in(f, ub[rows], anchor_a[rows])
    similar = np.zeros(len(a), dtype=bool)
    unknown = open_question & ~apart
    if unknown.any():
        ta, tb = f.leaf_text[ua[unknown]], f.leaf_text[ub[unknown]]
        n_texts = len(f.leaf_texts)
        codes, distinct = pd.factorize(np.minimum(ta, tb) * n_texts + np.maximum(ta, tb))
        texts = f.leaf_texts
        ratios = process.cpdist(
            [texts[t] for t in distinct // n_texts], [texts[t] for t in distinct % n_texts],
            scorer=fuzz.ratio, workers=-1,
        )  # fmt: skip
        similar[unknown] = (np.asarray(ratios) >= SIMILAR_PLACE)[codes]
    return same, similar, within, unknown & ~similar, open_question & apart


def _lies_in(f: Features, uids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each place (by distinct-place code) has the key in its chain."""
    found = f.place_chain[0][uids] == keys
    for column in f.place_chain[1:]:
        found |= column[uids] == keys
    return found


def _perp_relation(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros(len(a), dtype=np.int8)
    known = (f.perp_code[a] >= 0) & (f.perp_code[b] >= 0)
    out[known] = f.perp_relation[f.perp_code[a[known]], f.perp_code[b[known]]]
    return out


def reasons(f: Features, a: int, b: int) -> tuple[str, ...]:
    """A link's reasons in words, the way a person would check them."""
    said = (column[0].as_py() for column in reason_columns(f, np.array([a]), np.array([b])))
    return tuple(text for text in said if text)


def reason_columns(f: Features, a: np.ndarray, b: np.ndarray) -> list[pa.Array]:
    """The reasons for many links at once: one Arrow array of texts per kind of evidence (label,
    dates, place, perpetrator, death toll, event type), "" where that evidence says nothing.
    Each text is a phrase of its kind around the values as the sources wrote them, joined by
    Arrow's kernels."""
    none = np.full(len(a), -1, dtype=np.int64)
    blank = pa.nulls(len(a), pa.string())
    label = _phrased(
        np.where((f.label_code[a] >= 0) & (f.label_code[a] == f.label_code[b]), 0, -1),
        [("same incident label '", "", "'")],
        _taken(f.label_texts, np.maximum(f.label_code[a], 0)),
        blank,
    )

    dated = ~np.isnan(f.date_lo[a]) & ~np.isnan(f.date_lo[b])
    gap = np.nan_to_num(np.maximum(f.date_lo[a] - f.date_hi[b], f.date_lo[b] - f.date_hi[a]))
    implied = ~dated & ~np.isnan(f.implied_lo[a]) & ~np.isnan(f.implied_lo[b])
    implied_gap = np.maximum(f.implied_lo[a] - f.implied_hi[b], f.implied_lo[b] - f.implied_hi[a])
    far = dated & (gap > DATE_SLACK_DAYS)
    dates = _phrased(
        np.select([dated & (gap <= 0), dated & ~far, far, implied & (implied_gap <= 0)], [0, 1, 2, 3], -1),
        [
            ("dates overlap", "", ""),
            ("dates within a day of each other", "", ""),
            ("dates ", "", " days apart"),
            ("no event date on one side; published within days of the other's date", "", ""),
        ],
        pc.if_else(pa.array(far), pc.cast(pa.array(gap.astype(np.int64)), pa.string()), ""),
        blank,
    )

    same, similar, within, differ, apart = place_relations(f, a, b)
    spelled_alike = f.leaf_shown_folded[a] == f.leaf_shown_folded[b]
    b_inside = within & ~_lies_in(f, f.place_uid[a], f.place_leaf[b])  # else a lies within b
    inner, outer = np.where(b_inside, b, a), np.where(b_inside, a, b)
    alike = same & spelled_alike
    place = _phrased(
        np.select([alike, same, similar, differ, apart, within], [0, 1, 2, 3, 4, 5], -1),
        [
            ("same place (", "", ")"),
            ("same place after transliteration (", " = ", ")"),
            ("place names alike (", " / ", ")"),
            ("places differ (", " / ", ")"),
            ("places lie apart (", " / ", ")"),
            ("", " lies within ", ""),
        ],
        pc.if_else(
            pa.array(alike),
            _taken(f.leaf_shown_texts, f.leaf_shown[a]),
            _taken(f.place_texts, f.place_written[inner]),
        ),
        pc.if_else(pa.array(alike), "", _taken(f.place_texts, f.place_written[outer])),
    )

    perp = _perp_relation(f, a, b)
    generic = f.perp_generic[np.maximum(f.perp_code[a], 0)]
    perpetrator = _phrased(
        np.select(
            [
                (perp == 1) & (f.perp_folded[a] == f.perp_folded[b]),
                (perp == 1) & generic,
                perp == 1,
                perp == 2,
                perp == 3,
            ],
            [0, 1, 2, 3, 4],
            -1,
        ),
        [
            ("same perpetrator (", " / ", ")"),
            ("neither names a group (", " / ", ")"),
            ("same group under an alias (", " / ", ")"),
            ("perpetrators compatible (a generic word and a named group) (", " / ", ")"),
            ("perpetrators conflict (", " / ", ")"),
        ],
        _taken(f.perp_texts, f.perp_written[a]),
        _taken(f.perp_texts, f.perp_written[b]),
    )

    counted = ~np.isnan(f.killed_lo[a]) & ~np.isnan(f.killed_lo[b])
    fits = (f.killed_lo[a] <= f.killed_hi[b]) & (f.killed_lo[b] <= f.killed_hi[a])
    toll = _phrased(
        np.where(counted, np.where(fits, 0, 1), none),
        [("death tolls compatible", "", ""), ("death tolls cannot both be true", "", "")],
        blank,
        blank,
    )

    event = pc.fill_null(blank, "")
    typed = (f.event_code[a] >= 0) & (f.event_code[b] >= 0)
    if typed.any():
        n_types = len(f.event_values)
        codes, distinct = pd.factorize(np.where(typed, f.event_code[a] * n_types + f.event_code[b], -1))
        pairs = [(f.event_values[x // n_types], f.event_values[x % n_types]) for x in distinct if x >= 0]
        said = ["; ".join(_event_reason(x, y)) for x, y in pairs]
        if distinct.min() < 0:  # links with no type on one side say nothing
            said.insert(int(np.flatnonzero(distinct < 0)[0]), "")
        event = _taken(_texts(said), codes)
    return [label, dates, place, perpetrator, toll, event]


def _taken(texts: pa.Array | pa.ChunkedArray, codes: np.ndarray) -> pa.Array:
    """texts[codes], by Arrow."""
    return pc.take(_whole(texts), pa.array(codes, type=pa.int64()))


def _whole(texts: pa.Array | pa.ChunkedArray) -> pa.Array:
    """One array of a chunked one: taking from many chunks at random costs ten times the copy."""
    return texts.combine_chunks() if isinstance(texts, pa.ChunkedArray) else texts


def _phrased(
    kind: np.ndarray, phrases: Sequence[tuple[str, str, str]], first: pa.Array, second: pa.Array
) -> pa.Array:
    """Per link, the phrase of its kind (an index into `phrases`; -1 for none: "") around two
    values: before + first + between + second + after. Values a phrase does not show are ""."""
    if not len(kind):
        return pa.nulls(0, pa.string())
    which = pa.array(np.maximum(kind, 0))
    before, between, after = (_taken(_texts(p[i] for p in phrases), which) for i in range(3))
    first, second = (pc.fill_null(value, "") for value in (first, second))
    text = pc.binary_join_element_wise(before, first, between, second, after, "")
    return pc.if_else(pa.array(kind >= 0), text, pa.scalar("", pa.string()))


def _event_reason(x: str, y: str) -> list[str]:
    first, second = events.classify(x), events.classify(y)
    if first is not None and second is not None:
        how = events.relation(first, second)
        if how == "agree" and len(first.path) == 1:
            return [f"kinds of event fit, both only '{first.name}' ({x} / {y})"]
        if how == "agree":
            return [f"same kind of event, {first.name} ({x} / {y})"]
        if how == "compatible":
            return [f"kinds of event fit ({x}: {first.name} / {y}: {second.name})"]
        return [f"kinds of event differ ({x}: {first.name} / {y}: {second.name})"]
    if fuzz.token_set_ratio(x, y) >= 50:
        return [f"event types alike ({x} / {y})"]
    return []


Progress = Callable[[int, int], None]  # (steps done, steps in all)


def match(parsed: ParsedAccounts, explain: bool = True, progress: Progress | None = None) -> Matching:
    """Group the accounts into incidents and aggregates; deterministic for a given table.

    `explain=False` leaves out the links and their reasons (a data desk matching a million rows
    wants the incidents; a report wants to show why). `progress`, when given, is called after
    each partition and each later step with the steps done and the steps in all.

    When no account of a scope gives a date, a place or a label, nothing can tell incidents
    apart: the user gave one incident's accounts, and they are taken as one.
    """
    with collector_paused():
        return _match(parsed, explain, progress)


def _match(parsed: ParsedAccounts, explain: bool, progress: Progress | None) -> Matching:
    f = features(parsed)
    n = len(f.scope)
    windows = list(partitions(f))
    steps = len(windows) + 3  # the global pairs, each partition, clustering, links
    tell = progress or (lambda done, total: None)
    batches = [_kept(f, *_unpack(np.concatenate([_label_pairs(f, np.arange(n)), _undated_pairs(f)]), n))]
    tell(1, steps)
    with ThreadPoolExecutor(WORKERS) as pool:  # numpy and pandas let go of the GIL in their loops
        for number, kept in enumerate(pool.map(lambda rows: _kept(f, *candidate_pairs(f, rows)), windows), 2):
            batches.append(kept)
            tell(number, steps)
    packed_all = np.concatenate([packed for packed, _ in batches])
    scores_all = np.concatenate([scores for _, scores in batches])
    packed, first = np.unique(packed_all, return_index=True)
    a, b, score = packed // n, packed % n, scores_all[first]
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    blind = _scopes_without_evidence(f)
    groups = [np.flatnonzero(f.scope == scope).tolist() for scope in sorted(blind)]
    order = np.argsort(component, kind="stable")  # stable: rows ascending within a component
    starts = np.flatnonzero(np.diff(component[order], prepend=-1))
    sizes = np.diff(np.append(starts, n))
    counted = ~np.isin(f.scope[order[starts]], sorted(blind))  # a blind scope is one incident
    runs = _runs(order.tolist(), starts[1:])
    small = counted & (sizes <= 2)  # a lone account, or one link already above the threshold
    groups += [runs[k] for k in np.flatnonzero(small).tolist()]
    pieces = [runs[k] for k in np.flatnonzero(counted & (sizes > 2) & (sizes <= MAX_DENSE)).tolist()]
    large = component[order[starts[counted & (sizes > MAX_DENSE)]]]  # the components to split
    in_large = np.isin(component[a], large)
    pieces.extend(_split_large(component, a[in_large], b[in_large], score[in_large]))
    clustered, scored = _cluster_pieces(f, pieces)
    groups.extend(clustered)
    firsts = np.fromiter((g[0] for g in groups), dtype=np.int64, count=len(groups))
    by_first = np.argsort(firsts)  # each row is in one group: the first rows are distinct
    groups = [groups[k] for k in by_first.tolist()]
    tell(steps - 1, steps)
    scopes = f.scope[firsts[by_first]].tolist()
    two = starts[counted & (sizes == 2)]  # the one link of each two-account incident
    pair_keys = order[two] * n + order[two + 1]
    paired = (pair_keys // n, pair_keys % n, score[np.searchsorted(packed, pair_keys)])
    joins = _joins(f, groups if explain else [], blind, [scored, paired])
    covers = _covers(f, groups, scopes)
    tell(steps, steps)
    return Matching(groups, scopes, joins, covers)


def _unpack(packed: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Packed pairs, each once (in no particular order: the merge sorts them all)."""
    packed = pd.unique(packed)
    return packed // n, packed % n


def _kept(f: Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """A partition's links: its candidate pairs that score at the threshold and are not forbidden."""
    score, veto = score_pairs(f, a, b)
    keep = (score >= THRESHOLD) & ~veto
    return a[keep] * len(f.scope) + b[keep], score[keep]


def _split_large(component: np.ndarray, a: np.ndarray, b: np.ndarray, score: np.ndarray) -> list[list[int]]:
    """Pieces of the components larger than MAX_DENSE accounts (given by their links), each small
    enough to cluster pair by pair.

    A large component is held together by its weakest links: its link threshold is raised, in
    steps of 0.05, until it falls apart, and only the pieces still too large are split further
    (their thresholds raised on from there), so a tight incident inside a large chain is kept
    whole. A piece that no threshold splits is clustered whole. All components move a step at
    a time together: one connected-components call per step.
    """
    # every row of a component (of two or more rows) is at one end of a link at least
    linked = np.zeros(int(component.max()) + 1 if len(component) else 0, dtype=bool)
    linked[component[a]] = True
    rows = np.flatnonzero(linked[component])
    node = np.full(len(component), -1, dtype=np.int64)
    node[rows] = np.arange(len(rows))
    node_a, node_b = node[a], node[b]
    piece = pd.factorize(component[rows])[0]  # per node: its piece
    start = np.full(piece.max() + 1 if len(piece) else 0, THRESHOLD + 0.05)  # per piece: its first
    step = np.zeros(len(start), dtype=np.int64)  # raised threshold, and the steps taken from it
    finished: list[tuple[np.ndarray, np.ndarray]] = []  # (rows, piece) of pieces done
    grids: dict[float, np.ndarray] = {}
    while len(rows):
        grid = [grids.setdefault(first, np.arange(first, 1.0001, 0.05)) for first in start.tolist()]
        exhausted = np.array([k >= len(g) for k, g in zip(step.tolist(), grid, strict=True)], dtype=bool)
        raised = np.array(
            [g[min(k, len(g) - 1)] if len(g) else np.inf for k, g in zip(step.tolist(), grid, strict=True)]
        )
        strong = (score >= raised[piece[node_a]]) & ~exhausted[piece[node_a]]
        graph = coo_matrix(
            (np.ones(int(strong.sum())), (node_a[strong], node_b[strong])), shape=(len(rows),) * 2
        )
        _, label = connected_components(graph, directed=False)
        part, part_piece = pd.factorize(piece * len(rows) + label)  # per node: its part of its piece
        parts = np.bincount(part_piece // len(rows), minlength=len(start))  # per piece
        split = (parts > 1) & ~exhausted
        whole = ~split[piece]  # nodes of pieces that did not fall apart at this step (or cannot)
        size = np.bincount(part)
        done = exhausted[piece] | (split[piece] & (size[part] <= MAX_DENSE))
        finished.append((rows[done], np.where(whole, piece, part + len(start))[done]))
        next_piece, kept = pd.factorize(np.where(whole, piece, part + len(start))[~done])
        old = kept[kept < len(start)]
        new_start = np.empty(len(kept))
        new_step = np.zeros(len(kept), dtype=np.int64)
        carried = kept < len(start)
        new_start[carried], new_step[carried] = start[old], step[old] + 1
        fresh = kept[~carried] - len(start)  # parts: each starts from its piece's raised threshold
        parent = np.empty(len(size), dtype=np.int64)
        parent[part] = piece
        new_start[~carried] = raised[parent[fresh]] + 0.05
        keep_link = ~done[node_a] & (whole[node_a] | (strong & (part[node_a] == part[node_b])))
        survivors = np.flatnonzero(~done)
        renumber = np.full(len(rows), -1, dtype=np.int64)
        renumber[survivors] = np.arange(len(survivors))
        a_kept, b_kept = node_a[keep_link], node_b[keep_link]
        node_a, node_b, score = renumber[a_kept], renumber[b_kept], score[keep_link]
        rows, piece, start, step = rows[survivors], next_piece, new_start, new_step
    if not finished:
        return []
    all_rows = np.concatenate([r for r, _ in finished])
    all_labels = np.concatenate([p + k * (len(all_rows) + 1) * 4 for k, (_, p) in enumerate(finished)])
    return _components_of(all_rows, all_labels)


def _scopes_without_evidence(f: Features) -> set[str]:
    """Scopes with several accounts of which none has a date, a place or a label."""
    blind = set()
    for scope in ("incident", "aggregate"):
        rows = np.flatnonzero(f.scope == scope)
        evidence = ~np.isnan(f.date_lo[rows]) | (f.place_leaf[rows] >= 0) | (f.label[rows] != "")
        if len(rows) > 1 and not evidence.any():
            blind.add(scope)
    return blind


def _runs(flat: list[int], bounds: np.ndarray) -> list[list[int]]:
    """The list cut at the given positions (slicing a Python list beats numpy's split here)."""
    edges = [0, *bounds.tolist(), len(flat)]
    return [flat[start:end] for start, end in itertools.pairwise(edges)] if flat else []


def _within_pairs(
    pieces: list[list[int]],
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, np.ndarray, slice]]]:
    """Every pair (a < b) within each piece (rows ascending), built size by size: the layout says,
    for each size, which pieces have it and where their pairs lie, piece after piece, each in the
    order of np.triu_indices(size, 1)."""
    sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    members = np.fromiter(itertools.chain.from_iterable(pieces), dtype=np.int64, count=int(sizes.sum()))
    starts = np.cumsum(sizes) - sizes
    total = int((sizes * (sizes - 1) // 2).sum())
    a, b = np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64)
    layout: list[tuple[int, np.ndarray, slice]] = []
    filled = 0
    for size in np.sort(pd.unique(sizes)).tolist():  # pieces of one size share their pair pattern
        which = np.flatnonzero(sizes == size)
        i, j = np.triu_indices(size, k=1)
        base = starts[which][:, None]
        done = slice(filled, filled + len(which) * len(i))
        a[done], b[done] = members[(base + i).ravel()], members[(base + j).ravel()]
        layout.append((size, which, done))
        filled = done.stop
    return a, b, layout


def _cluster_pieces(
    f: Features, pieces: list[list[int]]
) -> tuple[list[list[int]], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Incidents from pieces by average linkage with cannot-links, all pieces at once.

    A piece whose every pair clears the threshold with no cannot-link is one incident (every
    merge would average at least the threshold). The rest merge in rounds (`_merge_rounds`),
    pieces of one size together as a stack of score matrices.

    Also returns the pairs within the incidents found (a, b and its score): their links need no
    second scoring.
    """
    if not pieces:
        return [], (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    a, b, layout = _within_pairs(pieces)
    score, veto = _scored_in_threads(f, a, b)
    inside = np.ones(len(a), dtype=bool)  # whether the pair lies within one incident
    groups: list[list[int]] = []
    stacks: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []  # size, pieces, scores, vetoes
    inside_of: list[tuple[np.ndarray, np.ndarray]] = []  # per stack: its pairs' `inside`, its rows there
    for size, which, span in layout:
        piece_score = score[span].reshape(len(which), -1)
        piece_veto = veto[span].reshape(len(which), -1)
        failing = (piece_veto | (piece_score < THRESHOLD)).any(axis=1)
        groups.extend(pieces[k] for k in which[~failing].tolist())  # pieces hold their rows ascending
        stuck = np.flatnonzero(failing)
        at_once = max(1, MATRIX_CELLS // (size * size))
        for start in range(0, len(stuck), at_once):
            batch = stuck[start : start + at_once]
            stacks.append((size, which[batch], piece_score[batch], piece_veto[batch]))
            inside_of.append((inside[span].reshape(len(which), -1), batch))  # a view of `inside`
    with ThreadPoolExecutor(WORKERS) as pool:
        clusters = pool.map(lambda stack: _merge_rounds(stack[2], stack[3], stack[0]), stacks)
        for (size, batch, _, _), (piece_inside, at), cluster in zip(stacks, inside_of, clusters, strict=True):
            i, j = np.triu_indices(size, k=1)
            piece_inside[at] = cluster[:, i] == cluster[:, j]
            rows = np.array([pieces[k] for k in batch.tolist()], dtype=np.int64)
            groups.extend(
                _components_of(rows.ravel(), (cluster + size * np.arange(len(batch))[:, None]).ravel())
            )
    return groups, (a[inside], b[inside], score[inside])


def _merge_rounds(score: np.ndarray, veto: np.ndarray, size: int) -> np.ndarray:
    """Average linkage with cannot-links for a stack of pieces of one size (each row of `score`
    and `veto` holds a piece's pairs in np.triu_indices order); returns, per piece and member,
    the member (by position) that stands for its cluster.

    In each round every two clusters that are each other's best partner (the highest average
    score, ties to the lowest row number) merge: average linkage is reducible, and a cannot-link
    only lowers a merged cluster's score, so merging reciprocal nearest neighbours together gives
    the same incidents as merging one pair at a time, in far fewer rounds. Cluster-to-cluster
    sums are kept in one matrix per piece; a cluster stands at its lowest member's position. A
    piece with no pair left at the threshold is finished and leaves the stack.
    """
    count = len(score)
    i, j = np.triu_indices(size, k=1)
    total = np.zeros((count, size, size))
    total[:, i, j] = total[:, j, i] = score
    forbidden = np.zeros((count, size, size), dtype=bool)
    forbidden[:, i, j] = forbidden[:, j, i] = veto
    forbidden[:, np.arange(size), np.arange(size)] = True
    weight = np.ones((count, size))
    parent = np.tile(np.arange(size), (count, 1))
    live = np.arange(count)  # the pieces still merging, by position in the stack
    while len(live):
        # rounded, so that the order sums were added in cannot tip a tie or the threshold
        average = np.round(total / (weight[:, :, None] * weight[:, None, :]), 9)
        candidate = ~forbidden & (average >= THRESHOLD)
        able = np.any(candidate, axis=2)
        merging = able.any(axis=1)
        if not merging.all():
            live, total, forbidden, weight = (
                live[merging],
                total[merging],
                forbidden[merging],
                weight[merging],
            )
            average, candidate, able = average[merging], candidate[merging], able[merging]
        if not len(live):
            break
        best = np.where(candidate, average, -np.inf).max(axis=2)
        choice = np.argmax(candidate & (average == best[:, :, None]), axis=2)  # ties: the lowest
        piece, chooser = np.nonzero(able)
        chosen = choice[piece, chooser]
        mutual = (choice[piece, chosen] == chooser) & (chooser < chosen)
        piece, keep, gone = piece[mutual], chooser[mutual], chosen[mutual]
        if not len(piece):  # cannot happen: the best pair of a piece is always mutual
            break
        total[piece, keep, :] += total[piece, gone, :]
        total[piece, :, keep] += total[piece, :, gone]
        forbidden[piece, keep, :] |= forbidden[piece, gone, :]
        forbidden[piece, :, keep] |= forbidden[piece, :, gone]
        forbidden[piece, gone, :] = forbidden[piece, :, gone] = True  # gone: merged into keep
        weight[piece, keep] += weight[piece, gone]
        parent[live[piece], gone] = keep
    stack = np.arange(count)[:, None]
    while True:  # each member to the cluster it was merged into, through every round
        root = parent[stack, parent]
        if (root == parent).all():
            return parent
        parent = root


def _components_of(rows: np.ndarray, label: np.ndarray) -> list[list[int]]:
    order = np.lexsort((rows, label))
    return _runs(rows[order].tolist(), np.flatnonzero(np.diff(label[order])) + 1)


def _joins(
    f: Features,
    groups: list[list[int]],
    blind: set[str],
    scored: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
) -> pd.DataFrame:
    """The strongest links that join each incident (a maximum spanning tree), with their reasons.

    Every pair within every incident is among the pairs `scored` (lists of a < b, and its
    score); one spanning-forest call finds each incident's tree: weights 2 - score, ties broken
    towards the lowest row numbers.
    """
    n = len(f.scope)
    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    incident_of = np.full(n, -1, dtype=np.int64)
    incident_of[
        np.fromiter(itertools.chain.from_iterable(groups), dtype=np.int64, count=int(sizes.sum()))
    ] = np.repeat(np.arange(len(groups)), sizes)
    # no pair lies within a blind scope's incident: those were never scored
    inside = [(incident_of[a] == incident_of[b]) & (incident_of[a] >= 0) for a, b, _ in scored]
    a, b, score = (
        np.concatenate([part[k][keep] for part, keep in zip(scored, inside, strict=True)]) for k in range(3)
    )
    pair_rank = np.empty(len(a))
    pair_rank[np.argsort(a * n + b)] = np.arange(len(a))  # the order of (a, b): packed keys are distinct
    weight = 2.0 - score + pair_rank * (1e-6 / max(len(a), 1))  # scores differ by 1e-4 at least
    tree = minimum_spanning_tree(coo_matrix((weight, (a, b)), shape=(n, n))).tocoo()
    la, lb = np.minimum(tree.row, tree.col).astype(np.int64), np.maximum(tree.row, tree.col).astype(np.int64)
    link_score = np.round(np.round(2.0 - tree.data, 4), 3)  # the weight, less its tie-break
    blind_groups = (
        [k for k in np.flatnonzero(sizes > 1).tolist() if f.scope[groups[k][0]] in blind] if blind else []
    )
    blind_rows = [(k, groups[k][0], other) for k in blind_groups for other in groups[k][1:]]
    first = np.concatenate([la, [x for _, x, _ in blind_rows]]).astype(np.int64)
    second = np.concatenate([lb, [y for _, _, y in blind_rows]]).astype(np.int64)
    rank = _id_rank(f.ids)
    swap = rank[first] > rank[second]
    row_a, row_b = np.where(swap, second, first), np.where(swap, first, second)
    numbers = np.concatenate([incident_of[la], [k for k, _, _ in blind_rows]]).astype(np.int64)
    scores = np.concatenate([link_score, np.zeros(len(blind_rows))])
    order = _incident_then_strongest(numbers, scores, rank[row_a] * max(n, 1) + rank[row_b])
    row_a, row_b, numbers, scores = row_a[order], row_b[order], numbers[order], scores[order]
    linked = order < len(la)  # the rest: accounts of a blind scope, taken as one incident
    first, second = first[order][linked], second[order][linked]  # each link as found: lower row first
    said = [pa.chunked_array(parts, pa.string()) for parts in _reason_slices(f, first, second)]
    if not linked.all():
        at = np.cumsum(linked) - 1
        at[~linked] = len(la) + np.arange(int((~linked).sum()))
        blind_reason = "no account gives a date, a place or an incident label: taken as one incident"
        blind_said = [
            _texts([blind_reason if kind == "grouping" else ""] * len(blind_rows)) for kind in REASON_KINDS
        ]
        said = [
            _taken(pa.chunked_array([*mine.chunks, blind]), at)
            for mine, blind in zip(said, blind_said, strict=True)
        ]
    frame = pd.DataFrame(
        {"number": numbers, "a": _id_column(f, row_a), "b": _id_column(f, row_b), "score": scores}
    )
    for kind, texts in zip(REASON_KINDS, said, strict=True):
        frame["reason_" + kind] = pd.Series(texts, dtype="str")
    frame["row_a"], frame["row_b"] = row_a, row_b
    return frame


def thousandths(scores: np.ndarray) -> np.ndarray | None:
    """Scores as whole thousandths, where every one is held to three decimals (as links' are)."""
    held = np.rint(scores * 1000)
    return held.astype(np.int64) if bool((held / 1000 == scores).all()) else None


def _incident_then_strongest(numbers: np.ndarray, scores: np.ndarray, pair: np.ndarray) -> np.ndarray:
    """np.lexsort((pair, -scores, numbers)): by incident, strongest first, then by pair; two int64
    keys where scores are held to three decimals (twice as fast as three keys)."""
    held = thousandths(scores)
    if held is None:
        return np.lexsort((pair, -scores, numbers))
    return np.lexsort((pair, numbers * 1001 + (1000 - held)))


def _reason_slices(f: Features, a: np.ndarray, b: np.ndarray) -> list[list[pa.Array]]:
    """reason_columns for many links, in slices (bounding the temporary texts), one list per kind."""
    slices = _in_slices(lambda x, y: reason_columns(f, x, y), a, b, REASONS_AT_ONCE)
    return (
        [list(kind) for kind in zip(*slices, strict=True)]
        if slices
        else [[pa.nulls(0, pa.string())]] * len(REASON_KINDS)
    )


def _id_rank(ids: pa.Array) -> np.ndarray:
    """Each row's place in id order (the rows themselves when the table is sorted by id)."""
    if ascending(ids):
        return np.arange(len(ids))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[pc.sort_indices(ids).to_numpy()] = np.arange(len(ids))  # stable; UTF-8 bytes in code point order
    return rank


def _id_column(f: Features, rows: np.ndarray) -> pd.Series:
    return pd.Series(pc.take(f.ids, pa.array(rows, type=pa.int64())), dtype="str")


def reasons_text(joins: pd.DataFrame, at: np.ndarray | None = None) -> pa.Array:
    """Each link's reasons as one text, "; " between them (an Arrow array); with `at`, the texts
    of the links at those positions, in that order."""
    text = pa.large_string()
    table = pa.table({kind: pa.array(joins["reason_" + kind].array, type=text) for kind in REASON_KINDS})
    with ThreadPoolExecutor(WORKERS) as pool:  # slice by slice, as the links were worded
        parts = list(pool.map(_joined, table.to_batches()))
    joined = pa.chunked_array(parts, text).combine_chunks()  # one array: taking from chunks is slow
    return joined if at is None else _taken(joined, at)


def _joined(said: pa.RecordBatch) -> pa.Array:
    """Per row, the texts of every column that says something, "; " between them."""
    columns = [_blank_as_null(column) for column in said.columns]
    text = columns[0].type
    # a link whose evidence says nothing gets "" in its first column: pyarrow 26 drops rows that
    # are null in every column when it skips nulls
    silent = functools.reduce(pc.and_, [pc.is_null(column) for column in columns])
    columns[0] = pc.if_else(silent, pa.scalar("", text), columns[0])
    return pc.binary_join_element_wise(*columns, pa.scalar("; ", text), null_handling="skip")


def _blank_as_null(texts: pa.Array) -> pa.Array:
    """The texts with "" as null: the same buffers under a validity bitmap (no text copied)."""
    said = pc.not_equal(texts, "")
    if texts.offset or texts.null_count or said.offset:
        return pc.if_else(said, texts, pa.scalar(None, texts.type))
    return pa.Array.from_buffers(texts.type, len(texts), [said.buffers()[1], *texts.buffers()[1:]])


def _covers(f: Features, groups: list[list[int]], scopes: list[str]) -> list[list[int]]:
    """For each aggregate: the incidents whose dates overlap its span and whose places lie in its area."""
    covers: list[list[int]] = [[] for _ in groups]
    aggregates = [i for i, s in enumerate(scopes) if s == "aggregate"]
    incidents = [i for i, s in enumerate(scopes) if s == "incident"] if aggregates else []
    for index in aggregates:
        area = {int(f.place_leaf[r]) for r in groups[index] if f.place_leaf[r] >= 0}
        lo = np.nanmin([f.date_lo[r] for r in groups[index]] + [np.inf])
        hi = np.nanmax([f.date_hi[r] for r in groups[index]] + [-np.inf])
        for target in incidents:
            rows = groups[target]
            if area and not any(
                _lies_in(f, f.place_uid[np.array(rows)], np.full(len(rows), key)).any() for key in area
            ):
                continue
            if np.isfinite(lo) and not any(
                not np.isnan(f.date_lo[r])
                and f.date_lo[r] <= hi + DATE_SLACK_DAYS
                and lo - DATE_SLACK_DAYS <= f.date_hi[r]
                for r in rows
            ):
                continue
            if _perpetrators_clash(f, groups[index], rows) or _victims_clash(f, groups[index], rows):
                continue
            covers[index].append(target)
    return covers


def _perpetrators_clash(f: Features, aggregate_rows: list[int], rows: list[int]) -> bool:
    pairs = [(x, y) for x in aggregate_rows for y in rows]
    if not pairs:
        return False
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    relations = _perp_relation(f, a, b)
    return bool((relations == 3).any() and not (relations == 1).any() and not (relations == 2).any())


def _victims_clash(f: Features, aggregate_rows: list[int], rows: list[int]) -> bool:
    """True when every victims value of the aggregate conflicts with every one of the incident's."""
    ours = [f.victims[r] for r in aggregate_rows if f.victims[r].parsed]
    theirs = [f.victims[r] for r in rows if f.victims[r].parsed]
    return bool(ours and theirs) and all(relation(x, y) == "conflict" for x in ours for y in theirs)


def score_text(score: float) -> str:
    """A score as it is held (four decimals, trailing zeros dropped): rounding it further could
    show a near miss of 0.4950 as 0.50, beside "below the threshold 0.5"."""
    return f"{score:.4f}".rstrip("0").rstrip(".") or "0"


def explain(parsed: ParsedAccounts, matching: Matching, account_id: str) -> str:
    """Why an account joined its incident, and the incidents it nearly joined but did not."""
    f = features(parsed)
    rows = np.flatnonzero(pc.equal(f.ids, account_id).to_numpy(zero_copy_only=False))
    if len(rows) == 0:
        raise KeyError(account_id)
    row = int(rows[0])
    incident_of = np.empty(len(f.scope), dtype=np.int64)
    for number, group in enumerate(matching.groups):
        incident_of[group] = number
    a, b = candidate_pairs(f, np.array([row]))
    n = len(f.scope)
    by_label_or_undated = np.concatenate([_label_pairs(f, np.array([row])), _undated_pairs(f)])
    mine = by_label_or_undated[(by_label_or_undated // n == row) | (by_label_or_undated % n == row)]
    a, b = np.concatenate([a, mine // n]), np.concatenate([b, mine % n])  # the global partitions' pairs
    others = np.where(a == row, b, a)
    others = others[others != row]
    mates = [r for r in matching.groups[incident_of[row]] if r != row]
    others = np.unique(np.concatenate([others, np.array(mates, dtype=np.int64)]))
    lines = [f"{account_id} is in incident {incident_of[row] + 1} with {len(mates)} other account(s)."]
    if f.scope[row] in _scopes_without_evidence(f):
        said = "No account of its scope gives a date, a place or an incident label: all are one incident."
        return "\n".join([*lines, said]) + "\n"
    if len(others) == 0:
        return "\n".join([*lines, "No other account shares a block with it: nothing to compare."]) + "\n"
    score, veto = score_pairs(f, np.full(len(others), row), others)
    joined = [
        (s, o) for s, o, v in zip(score, others, veto, strict=True) if incident_of[o] == incident_of[row]
    ]
    missed: dict[int, tuple[float, int, bool]] = {}
    for s, o, v in zip(score, others, veto, strict=True):
        number = int(incident_of[o])
        if number != incident_of[row] and (number not in missed or s > missed[number][0]):
            missed[number] = (float(s), int(o), bool(v))
    lines.append("Joined:" if joined else "Joined: (alone)")
    ids = f.ids.to_pylist()
    for s, o in sorted(joined, key=lambda p: (-p[0], ids[p[1]])):
        lines.append(f"  {ids[o]}  score {score_text(s)}: " + "; ".join(reasons(f, row, int(o))))
    if missed:
        lines.append("Near misses (other incidents it was compared with):")
        for number, (s, o, v) in sorted(missed.items(), key=lambda kv: (-kv[1][0], kv[0])):
            why = (
                "forbidden: "
                if v
                else f"below the threshold {THRESHOLD}: "
                if s < THRESHOLD
                else "reaches the threshold, but the two incidents do not join as wholes (their accounts "
                "average below it, or two of them cannot be linked): "
            )
            lines.append(
                f"  incident {number + 1} via {ids[o]}  score {score_text(s)}, {why}"
                + "; ".join(reasons(f, row, o))
            )
    return "\n".join(lines) + "\n"
