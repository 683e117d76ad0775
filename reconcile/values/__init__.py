"""Raw text -> typed values, kind by kind; nothing dropped.

Owns `Value` (the raw text, the interval or key derived from it, a note on
anything not understood), `parse_value` for one cell, `relation` between two
values of a kind, and `parse_accounts`, which reads every claim cell of the
accounts table. Parsing works on distinct strings (cached), so a million
rows with a few thousand distinct phrases cost a few thousand parses.

A breakdown by group in a `killed` cell ("18 soldiers and 4 civilians") also
fills the sub-columns (`killed_security` 18, `killed_civilians` 4) that the
source left empty, or did not have: such a Value keeps the `killed` cell's
words as its raw text and says where it came from (`derived_from`). A cell
the source filled is never replaced.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections import Counter
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple, overload

import numpy as np
import pandas as pd

from reconcile.bulk import collector_paused
from reconcile.schema import Kind, field_kind, field_order
from reconcile.values import actors, categories, places
from reconcile.values.categories import CIVILIANS, MILITANTS, SECURITY
from reconcile.values.counts import overlaps, parse_count
from reconcile.values.dates import is_absolute, parse_date, parse_published, published_day
from reconcile.values.text import fold, is_missing
from reconcile.values.vocab import ALTERNATE_DISCOUNT, PlacePart, Vocabulary, load_vocabulary

__all__ = [
    "BREAKDOWN_FIELDS",
    "BREAKDOWN_TOTAL",
    "ParsedAccounts",
    "Value",
    "Vocabulary",
    "ascending",
    "derived_part",
    "intersection",
    "load_vocabulary",
    "parse_accounts",
    "parse_places",
    "parse_value",
    "read_victims",
    "relation",
]


@dataclass(frozen=True)
class Value:
    """One claim cell: the source's words, and what we read in them.

    `low`/`high` hold the interval for counts (ints, high None = unbounded)
    and dates (`datetime.date`s); `key` is the normalised identity used to
    compare values of every kind; `detail` is the kind's parsed object.
    `parts` is a count's breakdown by group (counts.Count.parts); `derived_from`
    names the field whose breakdown this value was read from ("" for a cell
    the source filled itself), and such a value's `detail` is the part it was
    read from: (group, low, high).
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
    parts: tuple[tuple[str, int, int | None], ...] = field(default=(), compare=False)
    derived_from: str = ""

    @property
    def parsed(self) -> bool:
        return not self.missing and self.key is not None


# The field whose breakdown by group fills sub-columns, and the sub-column of each group that
# counts.py names (the victim categories).
BREAKDOWN_TOTAL = "killed"
BREAKDOWN_FIELDS = {
    SECURITY: "killed_security",
    CIVILIANS: "killed_civilians",
    MILITANTS: "killed_militants",
}


def derived_part(total: Value, group: str, total_field: str = BREAKDOWN_TOTAL) -> Value | None:
    """The Value a breakdown in `total` gives one group ("18 soldiers and 4 civilians": 18 for
    security forces), keeping the whole cell as its raw text; None where the group is not named."""
    part = next((p for p in total.parts if p[0] == group), None)
    if part is None:
        return None
    _, low, high = part
    return Value(
        Kind.COUNT,
        total.raw,
        low=low,
        high=high,
        key=(low, high),
        display=interval_text(low, high),
        note=f"derived from the breakdown in {total_field}",
        detail=part,
        derived_from=total_field,
    )


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
            parts=getattr(read, "parts", ()),  # a count's breakdown; dates have none
        )
    if is_missing(text):
        return Value(kind, raw, missing=True)
    if kind is Kind.PLACE:
        return _place_value(raw, parse_place(text, vocab))
    if kind is Kind.ACTOR:
        refs = actors.parse_actors(text, vocab)
        return Value(kind, raw, key=tuple(r.key for r in refs), display=actors.display(refs), detail=refs)
    if kind is Kind.CATEGORY:
        found = read_victims(text, vocab)
        if found is None:
            return Value(kind, raw, note="no victim category recognised; kept as text")
        return Value(kind, raw, key=found, display=categories.display(found), detail=found)
    return Value(kind, raw, key=fold(text), display=text)


def read_victims(text: str, vocab: Vocabulary) -> frozenset[str] | None:
    """The victim categories words name, "fighters" and "forces" read with whose they are (a named
    group's are militants, a state's security forces) by the vocabulary's actors."""
    return categories.parse_victims(text, lambda words: _side(words, vocab))


def _side(words: str, vocab: Vocabulary) -> str | None:
    """The side ("state", "non_state") of the actors `words` name, where all are known and on one."""
    refs = actors.parse_actors(words, vocab)
    if not refs or any(not r.known or r.nobody for r in refs):
        return None
    sides = {r.side for r in refs}
    return sides.pop() if len(sides) == 1 else None


def parse_place(raw: str, vocab: Vocabulary) -> places.Place | None:
    place = _place_of_parts([_read_part(part, vocab) for part in places.split_parts(raw)], vocab)
    return _with_members(raw, place, vocab)


def _names_a_place(part: str, vocab: Vocabulary) -> bool:
    read = vocab.place_part(part)
    return read is not None and read.known


def _with_members(raw: str, place: places.Place | None, vocab: Vocabulary) -> places.Place | None:
    """A place that lists places keeps each of them, read on its own (aggregates cover them)."""
    if place is None or not (items := places.list_items(raw, lambda part: _names_a_place(part, vocab))):
        return place
    members = [parse_place(item, vocab) for item in items]
    return dataclasses.replace(place, members=tuple(m for m in members if m is not None))


def parse_places(raws: Sequence[str], vocab: Vocabulary) -> list[Value]:
    """parse_value for many place cells: the same Values, with the splitting into parts done by
    Arrow for every cell at once and each distinct part read once. (Cells of printable ASCII
    only, where Arrow's regular expressions read spaces and case as Python's do; others, and
    missing ones, go one by one.)"""
    values: list[Value | None] = [None] * len(raws)
    batch: list[int] = []
    for row, raw in enumerate(raws):
        text = raw.strip()
        if text and text.isascii() and text.isprintable() and not is_missing(text):
            batch.append(row)
        else:
            values[row] = parse_value(Kind.PLACE, raw, None, vocab)
    starts, codes, parts = places.split_parts_many([raws[row].strip() for row in batch])
    reads = [_read_part(part, vocab) for part in parts]
    assembled: dict[tuple[int, ...], places.Place | None] = {}  # rows share their parts' codes
    for row, start, end in zip(batch, starts[:-1], starts[1:], strict=True):
        these = tuple(codes[start:end])
        if these not in assembled:
            assembled[these] = _place_of_parts([reads[code] for code in these], vocab)
        place = assembled[these]
        if place is not None and places.LIST_WORD.search(raws[row]):
            place = _with_members(raws[row], place, vocab)
        values[row] = _place_value(raws[row], place)
    return values  # type: ignore[return-value]  # every row is set above


def _place_value(raw: str, place: places.Place | None) -> Value:
    if place is None:
        return Value(Kind.PLACE, raw, note="no place name found; kept as text")
    note = ""
    if place.unresolved:
        note = (
            f"{'; '.join(place.unresolved)}: several places bear the name, left unresolved; "
            "name the country or province in the location to resolve it"
        )
    return Value(Kind.PLACE, raw, key=place.leaf, display=place.display(), detail=place, note=note)


class _PartRead(NamedTuple):
    """One part of a location as read: the place it names (None for none), and the facility
    there with what else the part holds (a place's name, or the facility's own)."""

    place: PlacePart | None
    facility: places.Facility | None = None
    rest: PlacePart | None = None  # the words beside the facility ("Kramatorsk", "Al-Shifa")


def _read_part(part: str, vocab: Vocabulary) -> _PartRead:
    """A part as a place, unless it names a facility: a place the tables know or a town of the
    gazetteer named so is a place ("Camp", "Bridgetown"), but a part of facility words alone is a
    facility whatever village bears that name ("the hospital", not Hospital, Chile)."""
    whole = vocab.place_part(part)
    facility = places.split_facility(part)
    if facility is not None and whole is not None and whole.known and (facility.rest or facility.place):
        facility = None
    if facility is None:
        return _PartRead(whole)
    rest = vocab.place_part(facility.rest) if facility.rest else None
    if not facility.place and facility.after and (rest is None or not rest.known):
        after = vocab.place_part(
            facility.after
        )  # a place named after its facility, as in "станції Краматорськ"
        if after is not None and after.known:
            facility = dataclasses.replace(facility, place=facility.after)
            words = facility.rest.split()
            kept = " ".join(words[: len(words) - len(facility.after.split())])  # the words before it
            rest = vocab.place_part(kept) if kept else None
            facility = dataclasses.replace(facility, rest=kept, whole=f"{kept} {facility.shown}".strip())
    return _PartRead(vocab.place_part(facility.place) if facility.place else None, facility, rest)


def _place_of_parts(parts: Sequence[_PartRead], vocab: Vocabulary) -> places.Place | None:
    """A place from its parts as read (most specific first). A facility's part names the place
    only where no other part does ("Zamzam camp"); beside another ("Al-Shifa hospital, Gaza City")
    its words name the facility. A name with several candidates is resolved in the context of
    the countries the other parts name ("Hyderabad, Sindh"; "Tripoli, Lebanon")."""
    parts = _in_context(parts, vocab)
    placed = sum(part.place is not None for part in parts)
    reads: list[PlacePart | None] = []
    facilities: list[tuple[str, str]] = []
    shown: list[str] = []
    for part in parts:
        facility = part.facility
        if facility is None:
            reads.append(part.place)
            continue
        rest_is_a_place = part.rest is not None and bool(
            part.rest.anchor
        )  # "Kramatorsk railway station, eastern Ukraine"
        named = part.rest is not None and not rest_is_a_place and (placed > 0 or facility.place != "")
        if part.rest is not None and not named:
            reads.append(part.rest)
        reads.append(part.place)
        facilities.append((facility.kind, part.rest.key if named and part.rest else ""))
        shown.append(facility.whole if named else facility.shown)
    firsts: list[PlacePart] = []  # the first part of each key
    keys: dict[str, None] = {}  # in order, each once
    anchor = ""
    for read in reads:
        if read is None:
            continue
        anchor = anchor or read.anchor
        if read.key not in keys:
            firsts.append(read)
            keys[read.key] = None
    if not keys:
        return None
    for read in firsts:
        keys.update(dict.fromkeys(key for key in read.ancestors if key not in keys))
    return places.Place(
        tuple(read.name for read in firsts),
        tuple(keys),
        region=firsts[0].region,
        anchor=anchor,
        facilities=tuple(facilities),
        facility_shown=tuple(shown),
        town=firsts[0].place,
        leaf_written=firsts[0].written,
        towns=frozenset(c.place.geonameid for c in firsts[0].candidates if c.place),
        open_towns=() if firsts[0].place else tuple(c.place for c in firsts[0].candidates if c.place),
        country=next((read.country for read in firsts if read.country), ""),
        unresolved=tuple(_left_open(read, vocab) for read in firsts if read.candidates and not read.known),
    )


def _in_context(parts: Sequence[_PartRead], vocab: Vocabulary) -> Sequence[_PartRead]:
    """The parts resolved in the context of the parts after them, outermost first: a name is
    read among its candidates in the countries the outer parts lie in ("Mali, Labé": the
    prefecture, not the country; "Hyderabad, Sindh"). A town found by its name alone vetoes
    nothing until another part lies in its country ("Kramatorsk, Donetsk region"): then both
    are confirmed, and may tell two places apart; it is not the place meant where a part more to
    be believed lies in another country ("Nuseirat, Middle Areas": not Middle Village, New York)."""
    slots = [(i, slot) for i, part in enumerate(parts) for slot in ("place", "rest") if getattr(part, slot)]
    if len(slots) < 2:
        return parts
    reads: list[PlacePart] = [getattr(parts[i], slot) for i, slot in slots]
    if not any(r.candidates for r in reads):
        return parts
    outer: dict[str, float] = {}  # country -> the most a part after this one is to be believed there
    for n in range(len(reads) - 1, -1, -1):
        read = reads[n]
        countries = frozenset(c for c, weight in outer.items() if weight >= CONTEXT_PEOPLE)
        if countries and read.country not in countries:
            named = frozenset(c for c, weight in outer.items() if weight > _weight(read))
            if any(c.country in countries for c in read.candidates):
                if len({c.country for c in read.candidates}) > 1 or read.place is not None:
                    reads[n] = vocab.resolve(read, countries)
            elif read.place is not None and not read.anchor and named and read.country not in named:
                # a town abroad found by its name alone, where a part more to be believed is in
                # another country: not this place ("Lido Beach area, Mogadishu": not Lido Beach, NY)
                reads[n] = _as_written(read)
        if reads[n].country:
            outer[reads[n].country] = max(outer.get(reads[n].country, 0.0), _weight(reads[n]))
    strongest: dict[str, float] = {}  # country -> the most any part is to be believed there
    for read in reads:
        if read.country:
            strongest[read.country] = max(strongest.get(read.country, 0.0), _weight(read))
    ranked = sorted(strongest.items(), key=lambda item: -item[1])[:2]
    for n, read in enumerate(reads):  # an outer town abroad, before a part more to be believed
        rival = next((weight for country, weight in ranked if country != read.country), 0.0)
        if read.place is not None and not read.anchor and rival > _weight(read):
            reads[n] = _as_written(read)
    told = Counter(r.country for r in reads if r.country)
    for n, read in enumerate(reads):
        if not read.anchor and told[read.country] > 1 and read.ancestors and read.known:
            reads[n] = read._replace(anchor=read.ancestors[-1])  # its country's key, confirmed
    by_slot = dict(zip(slots, reads, strict=True))
    return [
        part._replace(place=by_slot.get((i, "place"), part.place), rest=by_slot.get((i, "rest"), part.rest))
        for i, part in enumerate(parts)
    ]


CONTEXT_PEOPLE = 10_000  # a town found by its name alone says which country only from this size


def _as_written(read: PlacePart) -> PlacePart:
    """A part read as an unknown name, as written: a town it was taken for is not the place meant."""
    return PlacePart(read.written, places.place_key(read.written), False, (), False, written=read.written)


def _weight(read: PlacePart) -> float:
    """How much a part's country is to be believed: fully where the tables know it or it is
    confirmed, else by its town's people (a tenth for an alternate name)."""
    if read.anchor or (read.known and read.place is None):
        return float("inf")
    if read.place is None:
        return 0.0
    return read.place.population / (1 if read.place.by_name else ALTERNATE_DISCOUNT)


def _left_open(read: PlacePart, vocab: Vocabulary) -> str:
    """An unresolved name and the countries its candidates lie in: "Tripoli (Libya, Lebanon)"."""
    countries = dict.fromkeys(vocab.country_short.get(c.country, c.country) for c in read.candidates)
    return f"{read.name} ({', '.join(c for c in countries if c)})"


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


def intersection(values: Sequence[Value]) -> tuple[Any, Any] | None:
    """What every value's interval (counts, dates) allows: (low, high), high None where all are
    unbounded; None where they share nothing."""
    low = max(v.low for v in values)
    highs = [v.high for v in values if v.high is not None]
    high = min(highs) if highs else None
    if high is not None and low > high:
        return None
    return low, high


def interval_text(low: Any, high: Any) -> str:
    if low == high:
        return str(low)
    if high is None:
        return f"{low} or more"
    if isinstance(low, dt.date):
        return f"{low} to {high}"
    return f"{low}–{high}"


class Column(Sequence[Value]):
    """One field's values for every account, stored as codes into its distinct values: a million
    rows with a few thousand distinct phrases hold a few thousand Values."""

    def __init__(self, codes: np.ndarray, uniques: list[Value]) -> None:
        self.codes = codes
        self.uniques = uniques

    def __len__(self) -> int:
        return len(self.codes)

    @overload
    def __getitem__(self, index: int) -> Value: ...
    @overload
    def __getitem__(self, index: slice) -> list[Value]: ...
    def __getitem__(self, index: int | slice) -> Value | list[Value]:
        if isinstance(index, slice):
            return [self.uniques[c] for c in self.codes[index]]
        return self.uniques[self.codes[index]]

    def __iter__(self) -> Iterator[Value]:
        uniques = self.uniques
        return (uniques[c] for c in self.codes)

    def take(self, order: np.ndarray) -> Column:
        return Column(self.codes[order], self.uniques)


@dataclass(frozen=True)
class ParsedAccounts:
    """The accounts table beside its parsed values: `values[field][i]` belongs to row i."""

    table: pd.DataFrame
    kinds: Mapping[str, Kind]
    values: Mapping[str, Column]
    published: list[dt.datetime | None]

    @property
    def fields(self) -> list[str]:
        return list(self.kinds)

    @cached_property
    def cells(self) -> dict[str, list[str]]:
        """Every column as a plain list of strings, for the per-incident stages: reading cells one
        at a time through pandas costs microseconds each, and they add up."""
        return {str(c): self.table[c].astype(str).tolist() for c in self.table.columns}

    @cached_property
    def ids(self) -> Any:
        """The accounts' ids as one Arrow string array (one chunk: it is taken from at random)."""
        import pyarrow as pa

        ids = pa.array(self.table["id"].astype(str).array, type=pa.string())
        return ids.combine_chunks() if isinstance(ids, pa.ChunkedArray) else ids

    def sorted_by_id(self) -> ParsedAccounts:
        """The same accounts in id order, so that nothing downstream depends on input order."""
        if ascending(self.ids):
            return self  # in id order already (as generated and exported tables often are)
        order = np.argsort(self.table["id"].to_numpy(dtype=str), kind="stable")
        return ParsedAccounts(
            self.table.iloc[order].reset_index(drop=True),
            self.kinds,
            {field: column.take(order) for field, column in self.values.items()},
            [self.published[r] for r in order],
        )


def ascending(texts: Any) -> bool:
    """Whether an Arrow array of texts is in order already (by code point: UTF-8 bytes sort the
    same way); True for fewer than two."""
    import pyarrow.compute as pc

    return len(texts) < 2 or bool(pc.all(pc.less_equal(texts[:-1], texts[1:])).as_py())


def claim_columns(table: pd.DataFrame) -> list[str]:
    from reconcile.read import RESERVED_COLUMNS

    return [c for c in table.columns if c not in RESERVED_COLUMNS]


def _distinct(series: pd.Series) -> tuple[np.ndarray, list[str]]:
    """The codes of a column's cells into its distinct texts. A missing cell (NaN, None: a table
    that did not come through `reconcile.read`) is the empty text, never another cell's: factorize
    gives it the code -1, which would pick the last distinct text."""
    codes, uniques = pd.factorize(series, sort=False)
    if isinstance(uniques.dtype, pd.StringDtype):  # Arrow hands its strings over at once
        import pyarrow as pa

        texts = pa.array(uniques.array).to_pylist()
    else:
        texts = [str(u) for u in uniques]
    codes = codes.astype(np.int64)
    if len(codes) and codes.min() < 0:
        codes[codes < 0] = len(texts)
        texts.append("")
    return codes, texts


# parses a column's distinct cells: (kind, texts, the publication day each relative date is read
# against or None, vocabulary) -> a Value per text, in order (`parse_distinct`, or a cluster's map)
ParseDistinct = Callable[[Kind, list[str], list[dt.date | None] | None, Vocabulary], list[Value]]


def parse_distinct(
    kind: Kind, raws: list[str], days: list[dt.date | None] | None, vocab: Vocabulary
) -> list[Value]:
    """A column's distinct cells parsed, each `raws[i]` (a date read against `days[i]`, where
    given): each depends on its own text, day and the vocabulary only, so any slices of them,
    parsed apart, give the same Values."""
    if kind is Kind.PLACE:
        return parse_places(raws, vocab)
    if days is None:
        return [parse_value(kind, raw, None, vocab) for raw in raws]
    return [parse_value(kind, raw, day, vocab) for raw, day in zip(raws, days, strict=True)]


def parse_accounts(
    table: pd.DataFrame,
    vocab: Vocabulary | None = None,
    declared: Mapping[str, Kind] | None = None,
    parse: ParseDistinct = parse_distinct,
) -> ParsedAccounts:
    """Parse every claim cell; each distinct (text, publication day) is parsed once, by `parse`
    (here, or as a map on a cluster's workers: `match.distributed.OnDask.parse_distinct`)."""
    with collector_paused():
        return _parse_accounts(table, vocab, declared, parse)


def _parse_accounts(
    table: pd.DataFrame, vocab: Vocabulary | None, declared: Mapping[str, Kind] | None, parse: ParseDistinct
) -> ParsedAccounts:
    vocab = vocab or load_vocabulary()
    published_codes, published_raw = _distinct(table["published"])
    moments = [parse_published(p) for p in published_raw]
    days = [published_day(p) for p in published_raw]
    published = np.array(moments, dtype=object)[published_codes].tolist()  # a take, not a loop
    kinds = {c: field_kind(c, dict(declared or {})) for c in field_order(claim_columns(table))}
    values: dict[str, Column] = {}
    for column, kind in kinds.items():
        if kind is Kind.DATE:  # relative dates ("Sunday") read differently for each publication day
            raw_codes, raws = _distinct(table[column])
            absolute = np.array([is_absolute(r) for r in raws] + [True], dtype=bool)
            no_day = len(published_raw)
            day_codes = np.where(absolute[raw_codes], no_day, published_codes)
            codes, keys = pd.factorize(raw_codes * (no_day + 1) + day_codes)
            pairs = keys.tolist()
            read_on = [days[key % (no_day + 1)] if key % (no_day + 1) < no_day else None for key in pairs]
            uniques = parse(kind, [raws[key // (no_day + 1)] for key in pairs], read_on, vocab)
            codes = codes.astype(np.int64)
        else:
            codes, raws = _distinct(table[column])
            uniques = parse(kind, raws, None, vocab)
        values[column] = Column(codes, uniques)
    kinds = _derive_breakdowns(kinds, values, declared)
    return ParsedAccounts(table, kinds, values, published)


def _derive_breakdowns(
    kinds: dict[str, Kind], values: dict[str, Column], declared: Mapping[str, Kind] | None
) -> dict[str, Kind]:
    """Fill each group's sub-column from the breakdown in the `killed` cell where the source left
    that sub-column empty (a blank cell, or no such column); the kinds, with any sub-column that
    was absent and now has a value. A cell with anything in it, even "unknown", stays the source's."""
    total = values.get(BREAKDOWN_TOTAL)
    if total is None or kinds[BREAKDOWN_TOTAL] is not Kind.COUNT:
        return kinds
    added = dict(kinds)
    for group, sub in BREAKDOWN_FIELDS.items():
        if added.get(sub, field_kind(sub, dict(declared or {}))) is not Kind.COUNT:
            continue  # the user declared the sub-column as something else
        derived: list[Value] = []
        index = np.full(len(total.uniques), -1, dtype=np.int64)
        for code, value in enumerate(total.uniques):
            part = derived_part(value, group) if value.parts else None
            if part is not None:
                index[code] = len(derived)
                derived.append(part)
        if not derived:
            continue
        by_row = index[total.codes]  # the derived value of each account, -1 where none
        column = values.get(sub)
        if column is None:
            absent = Value(Kind.COUNT, "", missing=True)
            values[sub] = Column(np.where(by_row >= 0, by_row + 1, 0), [absent, *derived])
            added[sub] = Kind.COUNT
            continue
        blank = np.array([not v.raw.strip() for v in column.uniques], dtype=bool)
        fill = blank[column.codes] & (by_row >= 0)
        if fill.any():
            codes = np.where(fill, len(column.uniques) + by_row, column.codes)
            values[sub] = Column(codes, [*column.uniques, *derived])
    return {f: added[f] for f in field_order(list(added))}
