"""The accounts format v1 as data: column names, field kinds, source types.

This module owns the vocabulary of the public accounts contract (DESIGN.md).
It imports nothing from the rest of the package, so every stage may use it.
"""

from __future__ import annotations

import re
from enum import StrEnum


class Kind(StrEnum):
    COUNT = "count"
    DATE = "date"
    PLACE = "place"
    ACTOR = "actor"
    CATEGORY = "category"
    TEXT = "text"


PROVENANCE_COLUMNS = ("id", "source", "source_type", "via", "published", "url", "quote")
HINT_COLUMNS = ("incident", "scope")
# Where the place is, in decimal degrees (optional; event datasets carry them): read beside the
# location, never aligned as claims of their own.
COORDINATE_COLUMNS = ("latitude", "longitude")
COORDINATE_RANGE = {"latitude": 90.0, "longitude": 180.0}
# An event dataset's estimate of the toll around its figure (UCDP GED's low and high beside its
# best): read as the bounds of `killed` when matching, never aligned as claims of their own.
ESTIMATE_COLUMNS = ("killed_low", "killed_high")
# How precisely an event dataset knows a record's place and date, in the datasets' own codes
# (optional): UCDP GED's `where_prec` (1-7) and `date_prec` (1-5), ACLED's `geo_precision` (1-3)
# and `time_precision` (1-3). Read by matching, never aligned as claims.
PRECISION_CODES = {"where_prec": 7, "date_prec": 5, "geo_precision": 3, "time_precision": 3}
PRECISION_COLUMNS = tuple(PRECISION_CODES)
# From these codes on, a record's point stands for an area (UCDP: a second-order division or
# larger; ACLED: a province's capital or larger), not its place.
COARSE_PLACE = {"where_prec": 3, "geo_precision": 3}
# Days either side of an ACLED date of time_precision 2 (a week) and 3 (a month).
DATE_PRECISION_DAYS = {"time_precision": {2: 3, 3: 15}}
# Written by `reconcile extract` for the person who reviews its output; never aligned as claims.
REVIEW_COLUMNS = ("confidence", "review", "position")

CLAIM_KINDS: dict[str, Kind] = {
    "event_date": Kind.DATE,
    "location": Kind.PLACE,
    "event_type": Kind.TEXT,
    "perpetrator": Kind.ACTOR,
    "claimed_by": Kind.ACTOR,
    "denied_by": Kind.ACTOR,
    "killed": Kind.COUNT,
    "injured": Kind.COUNT,
    "killed_civilians": Kind.COUNT,
    "killed_security": Kind.COUNT,
    "killed_militants": Kind.COUNT,
    "abducted": Kind.COUNT,
    "vehicles_burned": Kind.COUNT,
    "victims": Kind.CATEGORY,
}

# The order fields are shown in: the standard claim columns first, as listed above.
FIELD_ORDER = tuple(CLAIM_KINDS)

# Every standard column of the format, in the order a file written for it lists them.
ACCOUNT_COLUMNS = (*PROVENANCE_COLUMNS, *HINT_COLUMNS, *FIELD_ORDER, *REVIEW_COLUMNS)

SOURCE_TYPES = (
    "armed_group",
    "government",
    "military",
    "police",
    "local_official",
    "hospital",
    "rights_group",
    "intl_org",
    "media",
    "witness",
    "dataset",
    "other",
)
# A record of an event dataset (UCDP GED, ACLED, GTD, a newsroom's log), its `source` the
# dataset's name: two records of one dataset are two events unless they share an `incident`.
DATASET = "dataset"

# Words people write for a source type, mapped to the allowed value to suggest.
SOURCE_TYPE_SYNONYMS = {
    "ministry": "government",
    "govt": "government",
    "gov": "government",
    "state": "government",
    "official": "local_official",
    "army": "military",
    "armed_forces": "military",
    "ispr": "military",
    "ngo": "rights_group",
    "human_rights": "rights_group",
    "un": "intl_org",
    "news": "media",
    "newspaper": "media",
    "outlet": "media",
    "local_media": "media",
    "intl_media": "media",
    "wire": "media",
    "press": "media",
    "militant": "armed_group",
    "militants": "armed_group",
    "rebel": "armed_group",
    "rebels": "armed_group",
    "insurgents": "armed_group",
    "eyewitness": "witness",
    "event_dataset": "dataset",
    "dataset_record": "dataset",
    "record": "dataset",
    "doctor": "hospital",
    "medical": "hospital",
}

SCOPES = ("incident", "aggregate")


def field_order(fields: list[str] | tuple[str, ...]) -> list[str]:
    """Standard claim fields in the order of the format, then the user's own, alphabetically."""
    standard = [f for f in FIELD_ORDER if f in fields]
    return standard + sorted(f for f in fields if f not in FIELD_ORDER)


_NON_WORD = re.compile(r"[\s\-]+")


def column_key(name: str) -> str:
    """Normalise a column header: case- and space-insensitive (`Event Date` -> `event_date`)."""
    return _NON_WORD.sub("_", name.strip().lstrip("\ufeff").casefold()).strip("_")


def field_kind(column: str, declared: dict[str, Kind] | None = None) -> Kind:
    """The kind of a claim column: declared by the user, standard, or text."""
    if declared and column in declared:
        return declared[column]
    return CLAIM_KINDS.get(column, Kind.TEXT)
