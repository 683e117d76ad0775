"""Per incident, per field: the values side by side, a status, consensus, groups, revisions.

Owns the statuses of DESIGN.md. A source that gave several values over time
counts by its latest; earlier values that differ are marked superseded and
kept as a revision, not counted as a conflict. Statuses are decided on the
current values of independent sources (`source`, not `via`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from reconcile.model import PARTY_SOURCE_TYPES, Bridge, FieldAlignment, FieldValue, ResolvedPlace, Revision
from reconcile.printable import Claim, printable
from reconcile.schema import COARSE_PLACE, DATASET, Kind, field_order
from reconcile.values import ParsedAccounts, Value, intersection, interval_text, relation
from reconcile.values.text import fold, identity
from reconcile.values.vocab import Candidate, choose

INTERVAL_KINDS = (Kind.COUNT, Kind.DATE)


def source_key(source: str) -> str:
    """Which independent source a name stands for: its identity (case and spaces do not matter,
    punctuation does: "C++ Times" and "C Times" are two)."""
    return identity(source)


def voice(parsed: ParsedAccounts, row: int) -> str:
    """The independent voice behind an account: its source (`source_key`); each record of an
    event dataset its own (a dataset codes each event once: two of its records are two
    observations, never a revision of one)."""
    key = source_key(parsed.cells["source"][row])
    return f"{key}\x00{parsed.cells['id'][row]}" if parsed.cells["source_type"][row] == DATASET else key


def align_incident(parsed: ParsedAccounts, rows: Sequence[int]) -> tuple[FieldAlignment, ...]:
    """Every field any account of the incident gives, in the standard order."""
    aligned = []
    for field in field_order(parsed.fields):
        entries = [(r, parsed.values[field][r]) for r in rows if not parsed.values[field][r].missing]
        if entries:
            aligned.append(align_field(parsed, field, parsed.kinds[field], entries))
    return tuple(aligned)


def resolved_place(
    parsed: ParsedAccounts, row: int, value: Value, countries: frozenset[str] = frozenset()
) -> ResolvedPlace | None:
    """The town a place value names and its point: the account's own coordinates where given
    (location column only), else the town's in the gazetteer; None where neither is known. A
    name its own location left open is resolved among its towns in `countries` (those the
    incident's other accounts lie in), where one town of them is the clear choice."""
    town = value.detail.town if value.parsed else None
    by = "location"
    if town is None and value.parsed and value.detail.open_towns and countries:
        candidates = tuple(Candidate(t.name, t.country, None, place=t) for t in value.detail.open_towns)
        chosen = choose(candidates, countries)
        if chosen is not None:
            town, by = chosen.place, "incident"
    point = given_point(parsed, row)
    if town is None and point is None:
        return None
    if point is not None:
        latitude, longitude = point
    else:
        assert town is not None
        latitude, longitude = town.latitude, town.longitude
    return ResolvedPlace(
        name=town.name if town else "",
        country=town.country if town else value.detail.country if value.parsed else "",
        division=town.division if town else "",
        geonameid=town.geonameid if town else None,
        latitude=latitude,
        longitude=longitude,
        coordinates="given" if point else "gazetteer",
        resolved_by=by,
    )


def _with_point(parsed: ParsedAccounts, row: int, value: Value) -> Value:
    """A place value with the account's own coordinates on it, so that they decide its relation."""
    point = given_point(parsed, row)
    if point is None or not value.parsed:
        return value
    return dataclasses.replace(value, detail=dataclasses.replace(value.detail, point=point))


def _countries(entries: list[tuple[int, Value]]) -> frozenset[str]:
    """The countries an incident's places lie in, by the accounts whose own words resolved them."""
    return frozenset(
        v.detail.country for _, v in entries if v.parsed and v.detail.country and not v.detail.open_towns
    )


def given_point(parsed: ParsedAccounts, row: int) -> tuple[float, float] | None:
    """The account's own latitude and longitude (checked by the reader), None where not given,
    or where its dataset's precision code says the point stands for an area (a province's
    centre says nothing of where in the province the event was)."""
    if "latitude" not in parsed.cells or "longitude" not in parsed.cells:
        return None
    if any(
        column in parsed.cells and parsed.cells[column][row] and float(parsed.cells[column][row]) >= coarse
        for column, coarse in COARSE_PLACE.items()
    ):
        return None
    latitude, longitude = parsed.cells["latitude"][row], parsed.cells["longitude"][row]
    return (float(latitude), float(longitude)) if latitude and longitude else None


def align_field(
    parsed: ParsedAccounts, field: str, kind: Kind, entries: list[tuple[int, Value]]
) -> FieldAlignment:
    superseded = _superseded(parsed, entries)
    countries = _countries(entries) if kind is Kind.PLACE else frozenset()
    values = tuple(
        FieldValue(
            account=parsed.cells["id"][r],
            source=parsed.cells["source"][r],
            via=parsed.cells["via"][r],
            published=parsed.cells["published"][r],
            raw=v.raw,
            low=v.low,
            high=v.high,
            value=v.display,
            superseded=r in superseded,
            note=v.note,
            derived_from=v.derived_from,
            place=resolved_place(parsed, r, v, countries) if kind is Kind.PLACE else None,
        )
        for r, v in entries
    )
    if kind is Kind.PLACE:
        entries = [(r, _with_point(parsed, r, v)) for r, v in entries]
    current = [(r, v) for r, v in entries if r not in superseded]
    usable = [(r, v) for r, v in current if v.parsed]
    sources = {voice(parsed, r) for r, _ in current}
    status, groups, explanation = _status(kind, usable, current, len(sources), parsed.cells["id"])
    unread = len(current) - len(usable)
    if usable and unread and "could not be read" not in explanation:
        explanation = f"{explanation}; {_not_read(unread, len(current))}"
    bridges: tuple[Bridge, ...] = ()
    if status == "conflict":
        groups, bridges = conflict_groups(
            kind, [parsed.cells["id"][r] for r, _ in usable], [v for _, v in usable]
        )
    consensus = _consensus(kind, [v for _, v in usable]) if status != "conflict" else None
    return FieldAlignment(
        field=field,
        kind=str(kind),
        status=status,
        values=values,
        consensus=consensus,
        groups=groups,
        revisions=_revisions(values, superseded, entries, parsed),
        independent_sources=len(sources),
        explanation=explanation,
        reading=_reading(kind, [v for _, v in usable]) if status != "conflict" else "",
        severity=_severity(kind, [v for _, v in usable]) if status == "conflict" else "",
        parties_only=all(parsed.cells["source_type"][r] in PARTY_SOURCE_TYPES for r, _ in current),
        printable=printable(field, _claims(parsed, usable)) if kind is Kind.COUNT else None,
        bridges=bridges,
        unread=unread,
    )


def _claims(parsed: ParsedAccounts, usable: list[tuple[int, Value]]) -> list[Claim]:
    """Each independent source's current figures, each distinct figure once."""
    seen: dict[tuple[str, object], Claim] = {}
    for r, v in usable:
        source = parsed.cells["source"][r]
        seen.setdefault((voice(parsed, r), v.key), Claim(source, parsed.cells["source_type"][r], v))
    return list(seen.values())


def _superseded(parsed: ParsedAccounts, entries: list[tuple[int, Value]]) -> set[int]:
    """Rows whose value a later account of the same source replaced with a different one.

    A `published` given as a date alone is only ordered against other days: it
    cannot be before or after a timestamp on that same day. Two accounts of one source published
    alike and read from one text (`reconcile extract`: the same file, each with its `position`)
    are ordered by where they stand in it: a first toll, then a later one.
    """
    by_source: dict[str, list[_Published]] = {}
    for r, v in entries:
        published = parsed.published[r]
        if published is not None:
            day_only = not any(c in parsed.cells["published"][r] for c in "T:")
            found = _CHAR.search(parsed.cells["position"][r]) if "position" in parsed.cells else None
            by_source.setdefault(voice(parsed, r), []).append(
                _Published(
                    published, day_only, parsed.cells["file"][r], int(found[1]) if found else None, r, v
                )
            )
    out: set[int] = set()
    for timeline in by_source.values():
        latest = [e for e in timeline if not any(e.before(other) for other in timeline)]
        latest_keys = {_identity(e.value) for e in latest}
        if len(latest_keys) != 1:
            continue
        out.update(
            e.row
            for e in timeline
            if _identity(e.value) not in latest_keys and all(e.before(last) for last in latest)
        )
    return out


_CHAR = re.compile(r"char (\d{1,12})")  # where `reconcile extract` found the account's first sentence


@dataclasses.dataclass(frozen=True)
class _Published:
    """When an account was published, and where in its text it stands, for ordering revisions."""

    when: dt.datetime
    day_only: bool
    file: str
    position: int | None
    row: int
    value: Value

    def before(self, other: _Published) -> bool:
        if self.day_only or other.day_only:
            earlier, same = self.when.date() < other.when.date(), self.when.date() == other.when.date()
        else:
            earlier, same = self.when < other.when, self.when == other.when
        if earlier or not same:
            return earlier
        in_one_text = self.file == other.file and self.position is not None and other.position is not None
        return in_one_text and self.position < other.position  # type: ignore[operator]


def _identity(value: Value) -> Any:
    return value.key if value.parsed else ("raw", fold(value.raw))


def _revisions(
    values: tuple[FieldValue, ...],
    superseded: set[int],
    entries: list[tuple[int, Value]],
    parsed: ParsedAccounts,
) -> tuple[Revision, ...]:
    revised_sources = {voice(parsed, r) for r in superseded}
    out = []
    for key in sorted(revised_sources):
        steps = [
            (parsed.published[r], fv)
            for (r, _), fv in zip(entries, values, strict=True)
            if voice(parsed, r) == key and parsed.published[r] is not None
        ]
        steps.sort(key=lambda s: (s[0], s[1].account))
        out.append(Revision(steps[0][1].source, tuple(fv for _, fv in steps)))
    return tuple(out)


def _status(
    kind: Kind,
    usable: list[tuple[int, Value]],
    current: list[tuple[int, Value]],
    n_sources: int,
    account_ids: list[str],
) -> tuple[str, tuple[tuple[str, ...], ...], str]:
    ids = [account_ids[r] for r, _ in current]
    everyone = (tuple(ids),)
    if n_sources <= 1:
        return "single", everyone, "only one source gives this field: uncorroborated"
    if not usable:
        same = len({fold(v.raw) for _, v in current}) == 1
        return (
            ("agree" if same else "differs"),
            everyone,
            "no value could be read; compared as text",
        )
    values = [v for _, v in usable]
    relations = {relation(x, y) for i, x in enumerate(values) for y in values[i + 1 :]}
    unread = len(current) - len(usable)
    if relations <= {"agree"} and unread:
        return (
            "differs",
            everyone,
            f"the values read agree, but {_not_read(unread, len(current))}: compared as text",
        )
    if relations <= {"agree"}:
        return "agree", everyone, "every source gives the same value"
    if "differs" in relations and "conflict" not in relations:
        # a name the vocabulary does not know (actors) or free text: compared as text only
        return "differs", everyone, "worded differently; not a factual conflict"
    if kind in INTERVAL_KINDS and intersection(values) is not None:
        return "compatible", everyone, "the values overlap but are not the same"
    if kind not in INTERVAL_KINDS and "conflict" not in relations:
        return "compatible", everyone, "the values overlap but are not the same"
    return "conflict", everyone, "at least two values cannot both be true"  # groups: conflict_groups


def _not_read(unread: int, of: int) -> str:
    """How many current values could not be read: "7 of 8 values could not be read"."""
    return f"{unread} of {of} value{'s' if of != 1 else ''} could not be read"


def _reading(kind: Kind, values: list[Value]) -> str:
    """The most specific value every current value allows: the innermost place, the named
    group over a generic word, the narrowest interval."""
    if not values:
        return ""
    if kind in INTERVAL_KINDS:
        joint = intersection(values)
        return "" if joint is None else interval_text(*joint)
    if kind is Kind.TEXT:
        return values[0].display if len({v.key for v in values}) == 1 else ""
    if kind is Kind.PLACE:
        return max(values, key=lambda v: (len(v.detail.keys), v.display)).display
    if kind is Kind.ACTOR:
        named = sorted({v.display for v in values if not all(r.generic for r in v.detail)})
        return "; ".join(named) if named else values[0].display
    return min(values, key=lambda v: (len(v.detail), v.display)).display


MAJOR_RATIO = (
    1.5  # counts this far apart (largest lower bound over smallest upper bound) are a major conflict
)
MAJOR_DAYS = 2


def _severity(kind: Kind, values: list[Value]) -> str:
    """How far apart a conflict's values are: 9 against 10 is minor; 9 against 23, or civilians
    against soldiers, is major."""
    if kind is Kind.COUNT:
        highest_low = max(v.low for v in values)
        lowest_high = min(v.high for v in values if v.high is not None)
        return "major" if highest_low >= MAJOR_RATIO * max(lowest_high, 1) else "minor"
    if kind is Kind.DATE:
        gap = max(v.low for v in values) - min(v.high for v in values)
        return "major" if gap.days >= MAJOR_DAYS else "minor"
    return "major"


def _consensus(kind: Kind, values: list[Value]) -> tuple[Any, Any] | None:
    if kind not in INTERVAL_KINDS or not values:
        return None
    return intersection(values)


Groups = tuple[tuple[str, ...], ...]
MAX_CLIQUES = 512  # beyond this many sets of mutually compatible values, groups are drawn greedily


def conflict_groups(kind: Kind, ids: list[str], values: list[Value]) -> tuple[Groups, tuple[Bridge, ...]]:
    """Who contradicts whom in a conflict: groups of accounts whose values are all mutually
    compatible, any two values of two groups in conflict, and the bridges between them.

    The sets of mutually compatible values that cannot grow (maximal cliques of "not a conflict":
    for counts and dates, the values that share a point, found by a sweep over the intervals)
    are found first. A value in exactly one of them belongs to that set's group; a value in
    several is a bridge, compatible with each group whose set holds it and in conflict with every
    value of the other groups. "22 / at least 20 / more than 21 / 23" is A: 22 against B: 23,
    with "at least 20" and "more than 21" compatible with A and B; "40 / at least 50 / at least
    51" is 40 against the other two. Deterministic: the same values give the same groups
    whatever the order of the accounts.
    """
    distinct: dict[Any, list[str]] = {}
    first: dict[Any, Value] = {}
    for i, v in sorted(zip(ids, values, strict=True), key=lambda p: p[0]):
        distinct.setdefault(v.key, []).append(i)
        first.setdefault(v.key, v)
    keys = list(distinct)  # in the order of their first account
    uniques = [first[k] for k in keys]
    cliques = _interval_cliques(uniques) if kind in INTERVAL_KINDS else _cliques(uniques)
    member_of: dict[int, list[int]] = {}
    for c, clique in enumerate(cliques or ()):
        for n in clique:
            member_of.setdefault(n, []).append(c)
    cores: dict[int, list[str]] = {}
    for n, key in enumerate(keys):
        if len(member_of.get(n, ())) == 1:
            cores.setdefault(member_of[n][0], []).extend(distinct[key])
    if cliques is None or len(cores) < 2:  # not expected (see tests); stay honest, if coarse
        return _groups(ids, values), ()
    ordered = sorted(cores, key=lambda c: (-len(cores[c]), sorted(cores[c])))
    letter_of = {c: n for n, c in enumerate(ordered)}
    groups = tuple(tuple(sorted(cores[c])) for c in ordered)
    bridging: dict[tuple[int, ...], list[str]] = {}
    for n, key in enumerate(keys):
        if len(member_of.get(n, ())) != 1:
            fits = tuple(sorted(letter_of[c] for c in member_of.get(n, ()) if c in letter_of))
            bridging.setdefault(fits, []).extend(distinct[key])
    bridges = tuple(Bridge(tuple(sorted(a)), fits) for fits, a in sorted(bridging.items()))
    return groups, bridges


def _interval_cliques(uniques: list[Value]) -> list[tuple[int, ...]]:
    """The maximal sets of intervals sharing a point. Every such set shares its largest lower
    end, so each is the set covering some value's lower end; walking those ends in order, a set
    is maximal unless it lies within a neighbour's (an interval covering two ends covers every
    end between them)."""
    points = sorted({v.low for v in uniques})
    covering: list[frozenset[int]] = []
    for p in points:
        here = frozenset(n for n, v in enumerate(uniques) if v.low <= p and (v.high is None or v.high >= p))
        if not covering or here != covering[-1]:
            covering.append(here)
    out = []
    for n, here in enumerate(covering):
        if n > 0 and here <= covering[n - 1]:
            continue
        if n + 1 < len(covering) and here < covering[n + 1]:
            continue
        out.append(tuple(sorted(here)))
    return out


def _cliques(uniques: list[Value]) -> list[tuple[int, ...]] | None:
    """The maximal sets of values with no conflict between any two (Bron-Kerbosch with a pivot),
    in a fixed order; None past MAX_CLIQUES."""
    size = len(uniques)
    fits = [
        {m for m in range(size) if m != n and relation(uniques[n], uniques[m]) != "conflict"}
        for n in range(size)
    ]
    out: list[tuple[int, ...]] = []

    def grow(chosen: list[int], candidates: set[int], excluded: set[int]) -> bool:
        if not candidates and not excluded:
            out.append(tuple(sorted(chosen)))
            return len(out) <= MAX_CLIQUES
        pivot = max(sorted(candidates | excluded), key=lambda u: len(fits[u] & candidates))
        for n in sorted(candidates - fits[pivot]):
            if not grow([*chosen, n], candidates & fits[n], excluded & fits[n]):
                return False
            candidates = candidates - {n}
            excluded = excluded | {n}
        return True

    if not grow([], set(range(size)), set()):
        return None
    return sorted(out)


def _groups(ids: list[str], values: list[Value]) -> tuple[tuple[str, ...], ...]:
    """Greedy groups of values with no conflict inside a group."""
    groups: list[list[tuple[str, Value]]] = []
    for i, v in sorted(zip(ids, values, strict=True), key=lambda p: p[0]):
        for group in groups:
            if all(relation(v, other) != "conflict" for _, other in group):
                group.append((i, v))
                break
        else:
            groups.append([(i, v)])
    return _ordered_groups([tuple(sorted(i for i, _ in g)) for g in groups])


def _ordered_groups(groups: list[tuple[str, ...]]) -> tuple[tuple[str, ...], ...]:
    return tuple(sorted(groups, key=lambda g: (-len(g), g)))
