"""The report model: plain frozen dataclasses, the one thing every renderer reads.

Owns the shape of a reconciliation result and nothing else: no parsing, no
rendering. Field names follow the report JSON v1 of DESIGN.md; keys beyond
the contract (`via`, `published`, `note`, `value`, ...) are additions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FORMAT = "reconcile-report/1"
STATUSES = ("conflict", "compatible", "differs", "single", "agree")
SEVERITIES = ("major", "minor")
# Source types that are parties to the violence: their claims about it want corroboration.
PARTY_SOURCE_TYPES = frozenset({"armed_group", "government", "military", "police"})
CHECK_STATUSES = ("fail", "unknown", "pass")


@dataclass(frozen=True)
class Account:
    """One input account's provenance, as the source and outlet gave it."""

    id: str
    source: str
    source_type: str
    via: str
    published: str
    url: str
    quote: str
    scope: str
    incident: str
    file: str
    row: int


@dataclass(frozen=True)
class ResolvedPlace:
    """Where a place value lies: the gazetteer's town its most specific name was resolved to
    (GeoNames), and the point it is compared at, the account's own coordinates where given."""

    name: str  # the town's name in the gazetteer ("" where only coordinates were given)
    country: str  # ISO 3166 alpha-2 ("" where not known)
    division: str  # GeoNames' first-level division ("UA.05"), "" where not known
    geonameid: int | None
    latitude: float
    longitude: float
    coordinates: str  # "given" (the account's latitude and longitude) or "gazetteer"
    # what chose the town: "location" (the account's own words) or "incident" (a name left open
    # by its own location, in the country the incident's other accounts name: "Gaza")
    resolved_by: str = "location"

    def words(self) -> str:
        """In words, for `check` and the report: "Kramatorsk (GeoNames 704147), UA.05, UA; at
        48.73106, 37.56779 (the gazetteer's point)"."""
        named = [f"{self.name} (GeoNames {self.geonameid})" if self.name else "", self.division, self.country]
        where = ", ".join(part for part in named if part)
        source = "as given" if self.coordinates == "given" else "the gazetteer's point"
        point = f"at {self.latitude:.5f}, {self.longitude:.5f} ({source})"
        by = (
            "; chosen by the country of the incident's other accounts"
            if self.resolved_by == "incident"
            else ""
        )
        return (f"{where}; {point}" if where else point) + by


@dataclass(frozen=True)
class FieldValue:
    """What one account said for one field: its words and what we read in them."""

    account: str
    source: str
    via: str
    published: str
    raw: str
    low: Any
    high: Any
    value: str
    superseded: bool = False
    note: str = ""
    # The field whose breakdown this value was read from ("killed" for the 18 of "18 soldiers and
    # 4 civilians" in killed_security); "" where the source gave this field itself.
    derived_from: str = ""
    place: ResolvedPlace | None = None  # a place value's town and point, where known


@dataclass(frozen=True)
class Revision:
    """One source that changed its value over time, oldest first."""

    source: str
    steps: tuple[FieldValue, ...]


@dataclass(frozen=True)
class Bridge:
    """In a conflict, accounts whose value belongs to no one group: it is compatible with every
    value of each group in `groups` (indices into `FieldAlignment.groups`) and with no value of
    any other group. "at least 20" between "22" and "23" is compatible with both, not their
    conflict."""

    accounts: tuple[str, ...]
    groups: tuple[int, ...]


@dataclass(frozen=True)
class Printable:
    """What an editor can print for a count field, by the rule of reconcile.printable: `text`
    the attributed sentence, `figure` the figure as its source worded it ("" under `parties
    only`), `according_to` the sources that gave it, and a UCDP-style low / best / high where
    every credible figure is a number its source wrote (None where not)."""

    rule: str
    text: str
    figure: str
    according_to: tuple[str, ...]
    low: int | None
    best: int | None
    high: int | None


@dataclass(frozen=True)
class FieldAlignment:
    field: str
    kind: str
    status: str
    values: tuple[FieldValue, ...]
    consensus: tuple[Any, Any] | None
    groups: tuple[tuple[str, ...], ...]
    revisions: tuple[Revision, ...] = ()
    independent_sources: int = 0
    explanation: str = ""
    reading: str = ""  # what the current values jointly support, in words; "" in a conflict
    severity: str = ""  # for a conflict: "major" (far apart, or a different kind of answer) or "minor"
    parties_only: bool = False  # every current value comes from a party to the conflict
    printable: Printable | None = None  # counts only: what an editor can print, attributed
    bridges: tuple[Bridge, ...] = ()  # a conflict's values compatible with more than one group
    unread: int = 0  # current values that could not be read (kept as text): no "agree" with any


@dataclass(frozen=True)
class Check:
    check: str
    status: str
    detail: str
    accounts: tuple[str, ...]


@dataclass(frozen=True)
class Link:
    a: str
    b: str
    score: float
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Incident:
    id: str
    title: str
    scope: str
    accounts: tuple[str, ...]
    independent_sources: int
    sources: tuple[str, ...]
    fields: tuple[FieldAlignment, ...]
    links: tuple[Link, ...]
    covers: tuple[str, ...] = ()
    covered_by: tuple[str, ...] = ()
    checks: tuple[Check, ...] = ()

    @property
    def conflicts(self) -> tuple[FieldAlignment, ...]:
        return tuple(f for f in self.fields if f.status == "conflict")

    def status_counts(self) -> dict[str, int]:
        return {s: sum(1 for f in self.fields if f.status == s) for s in STATUSES}


@dataclass(frozen=True)
class Summary:
    accounts: int
    incidents: int  # every entry of Report.incidents, aggregates included
    aggregates: int
    sources: int
    conflicts: int
    fields: dict[str, int] = field(default_factory=dict)
    checks_failed: int = 0
    incidents_with_conflicts: int = 0
    major_conflicts: int = 0
    parties_only: int = 0  # fields whose every current value comes from a party to the conflict

    @property
    def single_incidents(self) -> int:
        """Incidents that are not aggregates."""
        return self.incidents - self.aggregates


@dataclass(frozen=True)
class Report:
    summary: Summary
    accounts: tuple[Account, ...]
    incidents: tuple[Incident, ...]
    inputs: tuple[str, ...] = ()
    generated_at: str | None = None
    format: str = FORMAT
    _by_id: dict[str, Account] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {a.id: a for a in self.accounts})

    def account(self, account_id: str) -> Account:
        return self._by_id[account_id]

    def incident(self, incident_id: str) -> Incident:
        return next(i for i in self.incidents if i.id == incident_id)
