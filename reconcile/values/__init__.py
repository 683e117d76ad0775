"""Raw text -> typed values, kind by kind; nothing dropped.

Owns `Value` (the raw text, the interval or key derived from it, a note on
anything not understood), `parse_value` for one cell, `relation` between two
values of a kind, and `parse_accounts`, which reads every claim cell of the
accounts table. Parsing works on distinct strings (cached), so a million
rows with a few thousand distinct phrases cost a few thousand parses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import pandas as pd

from reconcile.schema import Kind, field_kind, field_order
from reconcile.values import actors, categories, places
from reconcile.values.counts import overlaps, parse_count
from reconcile.values.dates import parse_date, parse_published, published_day
from reconcile.values.text import fold
from reconcile.values.vocab import Vocabulary, load_vocabulary

__all__ = [
    "ParsedAccounts",
    "Value",
    "Vocabulary",
    "load_vocabulary",
    "parse_accounts",
    "parse_value",
    "relation",
]


@dataclass(frozen=True)
class Value:
    """One claim cell: the source's words, and what we read in them.

    `low`/`high` hold the interval for counts (ints, high None = unbounded)
    and dates (`datetime.date`s); `key` is the normalised identity used to
    compare values of every kind; `detail` is the kind's parsed object.
    """

    kind: Kind
    raw: str
    missing: bool = False
    low: Any = None
    high: Any = None
    key: Hashable = None
    display: str = ""
    note: str = ""
    detail: Any = field(default=None, compare=False)

    @property
    def parsed(self) -> bool:
        return not self.missing and self.key is not None


MISSING_TEXT = frozenset({"", "-", "unknown", "n/a", "na", "not known", "unclear", "?"})


def parse_value(kind: Kind, raw: str, published: dt.date | None, vocab: Vocabulary) -> Value:
    text = raw.strip()
    if kind in (Kind.COUNT, Kind.DATE):
        read = parse_count(text) if kind is Kind.COUNT else parse_date(text, published)
        if not read.parsed:
            return Value(kind, raw, read.missing, note=read.note)
        bounds = (read.low, read.high)
        return Value(
            kind,
            raw,
            low=read.low,
            high=read.high,
            key=bounds,
            display=interval_text(*bounds),
            note=read.note,
        )
    if fold(text) in MISSING_TEXT:
        return Value(kind, raw, missing=True)
    if kind is Kind.PLACE:
        place = parse_place(text, vocab)
        if place is None:
            return Value(kind, raw, note="no place name found; kept as text")
        return Value(kind, raw, key=place.leaf, display=place.display(), detail=place)
    if kind is Kind.ACTOR:
        refs = actors.parse_actors(text, vocab)
        return Value(kind, raw, key=tuple(r.key for r in refs), display=actors.display(refs), detail=refs)
    if kind is Kind.CATEGORY:
        found = categories.parse_victims(text)
        if found is None:
            return Value(kind, raw, note="no victim category recognised; kept as text")
        return Value(kind, raw, key=found, display=categories.display(found), detail=found)
    return Value(kind, raw, key=fold(text), display=text)


def parse_place(raw: str, vocab: Vocabulary) -> places.Place | None:
    names: list[str] = []
    keys: list[str] = []
    known = False
    for part in places.split_parts(raw):
        key = places.place_key(part)
        if not key:
            continue
        canonical = vocab.canonical_place(key, part)
        known = known or canonical is not None
        name, key = (canonical, places.place_key(canonical)) if canonical else (part, key)
        if key not in keys:
            names.append(name)
            keys.append(key)
    if not keys:
        return None
    for name in list(names):
        for ancestor in vocab.ancestors(name):
            key = places.place_key(ancestor)
            if key not in keys:
                keys.append(key)
    region = vocab.is_region(names[0])
    return places.Place(tuple(names), tuple(keys), known=known, region=region)


def relation(a: Value, b: Value) -> str:
    """How two parsed values of one kind stand: agree, compatible, conflict (or differs, for text)."""
    if a.kind in (Kind.COUNT, Kind.DATE):
        if a.key == b.key:
            return "agree"
        if a.kind is Kind.COUNT:
            fits = overlaps(a.low, a.high, b.low, b.high)
        else:
            fits = a.low <= b.high and b.low <= a.high
        return "compatible" if fits else "conflict"
    if a.kind is Kind.PLACE:
        return places.relation(a.detail, b.detail)
    if a.kind is Kind.ACTOR:
        return actors.relation(a.detail, b.detail)
    if a.kind is Kind.CATEGORY:
        return categories.relation(a.detail, b.detail)
    return "agree" if a.key == b.key else "differs"


def interval_text(low: Any, high: Any) -> str:
    if low == high:
        return str(low)
    if high is None:
        return f"{low} or more"
    if isinstance(low, dt.date):
        return f"{low} to {high}"
    return f"{low}–{high}"


@dataclass(frozen=True)
class ParsedAccounts:
    """The accounts table beside its parsed values: `values[field][i]` belongs to row i."""

    table: pd.DataFrame
    kinds: Mapping[str, Kind]
    values: Mapping[str, list[Value]]
    published: list[dt.datetime | None]

    @property
    def fields(self) -> list[str]:
        return list(self.kinds)

    @cached_property
    def cells(self) -> dict[str, list[str]]:
        """Every column as a plain list of strings, for the per-incident stages: reading cells one
        at a time through pandas costs microseconds each, and they add up."""
        return {str(c): self.table[c].astype(str).tolist() for c in self.table.columns}

    def sorted_by_id(self) -> ParsedAccounts:
        """The same accounts in id order, so that nothing downstream depends on input order."""
        ids = self.cells["id"]
        order = sorted(range(len(self.table)), key=lambda r: ids[r])
        return ParsedAccounts(
            self.table.iloc[order].reset_index(drop=True),
            self.kinds,
            {field: [values[r] for r in order] for field, values in self.values.items()},
            [self.published[r] for r in order],
        )


def claim_columns(table: pd.DataFrame) -> list[str]:
    from reconcile.read import HINT_COLUMNS, META_COLUMNS, PROVENANCE_COLUMNS

    reserved = set(PROVENANCE_COLUMNS) | set(HINT_COLUMNS) | set(META_COLUMNS)
    return [c for c in table.columns if c not in reserved]


def parse_accounts(
    table: pd.DataFrame,
    vocab: Vocabulary | None = None,
    declared: Mapping[str, Kind] | None = None,
) -> ParsedAccounts:
    """Parse every claim cell; each distinct (text, anchor date) is parsed once."""
    vocab = vocab or load_vocabulary()
    published = [parse_published(p) for p in table["published"]]
    anchors = [published_day(p) for p in table["published"]]
    kinds = {c: field_kind(c, dict(declared or {})) for c in field_order(claim_columns(table))}
    values: dict[str, list[Value]] = {}
    for column, kind in kinds.items():
        cache: dict[tuple[str, dt.date | None], Value] = {}
        relative = kind is Kind.DATE
        parsed = []
        for raw, anchor in zip(table[column], anchors, strict=True):
            cache_key = (raw, anchor if relative else None)
            if cache_key not in cache:
                cache[cache_key] = parse_value(kind, raw, cache_key[1], vocab)
            parsed.append(cache[cache_key])
        values[column] = parsed
    return ParsedAccounts(table, kinds, values, published)
