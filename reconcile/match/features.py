"""What the matcher reads of each account, as arrays: computed once per distinct value (a
million accounts name a few thousand places), with per-account codes into them, grouped by the
kind of evidence that reads them (each kind's module builds its own group).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import pyarrow as pa

from reconcile.match.evidence.base import column, texts
from reconcile.match.evidence.dates import DATE_VETO_DAYS, DateFeatures, date_features
from reconcile.match.evidence.event_types import EventFeatures, event_features
from reconcile.match.evidence.perpetrators import PerpetratorFeatures, perpetrator_features
from reconcile.match.evidence.places import DATASET_WINDOW_KM, PlaceFeatures, place_features
from reconcile.match.evidence.tolls import TollFeatures, toll_features
from reconcile.schema import DATASET, Kind
from reconcile.values import Column, ParsedAccounts
from reconcile.values.taxonomy import Taxonomy
from reconcile.values.text import identity

MAX_WINDOW_DAYS = 30  # a wider date window would compare every account with a season of others


@dataclass(frozen=True)
class Windows:
    """How far apart two accounts may lie and still be one incident, as the field's tools set it
    (`--within-days`, `--within-km`): dates more than `days` apart never are; two records of
    event datasets whose precise points lie more than `km` apart never are."""

    days: int = DATE_VETO_DAYS
    km: float = DATASET_WINDOW_KM

    def __post_init__(self) -> None:
        if not 0 <= self.days <= MAX_WINDOW_DAYS:
            raise ValueError(f"the date window is {self.days} days: give 0 to {MAX_WINDOW_DAYS}")
        if not 0 < self.km <= 20_000:
            raise ValueError(f"the distance window is {self.km:g} km: give more than 0, at most 20,000")


# the columns of the accounts table the matcher reads (`features`, and `incidents.incident_ids`):
# a cluster's reader keeps these only (`distributed.OnDask.read`)
READS = (
    "id",
    "source",
    "source_type",
    "scope",
    "incident",
    "published",
    "latitude",
    "longitude",
    "event_date",
    "event_type",
    "killed",
    "location",
    "perpetrator",
    "victims",
    "killed_low",
    "killed_high",
    "where_prec",
    "date_prec",
    "geo_precision",
    "time_precision",
)


@dataclass(frozen=True)
class Features:
    """Per-account columns, and each kind of evidence's own group of them."""

    ids: pa.Array  # the accounts' ids, one Arrow string array
    scope: np.ndarray
    aggregate: np.ndarray  # scope == "aggregate", as booleans
    label: np.ndarray  # the `incident` label as an identity (values.text.identity; "" for none)
    label_code: np.ndarray  # a code per distinct label, -1 for none
    label_texts: pa.Array  # the labels as identities, by code
    source: np.ndarray  # a code per distinct source name, by identity
    dataset: np.ndarray  # per account: a record of an event dataset (source_type `dataset`)
    has_datasets: bool  # any account is one
    windows: Windows
    victims: Column
    dates: DateFeatures
    places: PlaceFeatures
    perpetrators: PerpetratorFeatures
    tolls: TollFeatures
    events: EventFeatures


def features(
    parsed: ParsedAccounts, windows: Windows | None = None, taxonomy: Taxonomy | None = None
) -> Features:
    """What matching reads of the accounts; `windows` as given (else the defaults), event types
    read with `taxonomy` (else the built-in one)."""
    table = parsed.table
    scope = np.where(table["scope"].to_numpy(dtype=str) == "aggregate", "aggregate", "incident")
    label_codes, label_values = pd.factorize(table["incident"])
    label = np.array([identity(str(v)) for v in label_values] + [""], dtype=object)[label_codes]
    label_code, label_texts = pd.factorize(label)
    source_codes, source_names = pd.factorize(table["source"])
    source_identities, _ = pd.factorize(pd.Series([identity(str(s)) for s in source_names], dtype=object))
    return Features(
        ids=parsed.ids,
        scope=scope,
        aggregate=scope == "aggregate",
        label=label,
        label_code=np.where(label != "", label_code, -1).astype(np.int64),
        label_texts=texts(str(t) for t in label_texts),
        source=np.append(source_identities, -1)[source_codes],
        dataset=(dataset := table["source_type"].to_numpy(dtype=str) == DATASET),
        has_datasets=bool(dataset.any()),
        windows=windows or Windows(),
        victims=column(parsed, "victims", Kind.CATEGORY),
        dates=date_features(parsed),
        places=place_features(parsed),
        perpetrators=perpetrator_features(parsed),
        tolls=toll_features(parsed),
        events=event_features(parsed, taxonomy),
    )


# what the calling process reads of the features when the maps run elsewhere (`reduced`), group by
# group: the partitions of days, the shared labels and undated accounts, the reduce, each
# incident's links and id (incidents, links), and the incidents aggregates cover (coverage)
READ_BY_REDUCE = {
    "places": frozenset(
        [
            *("uid", "leaf", "chain", "n_keys", "block_keys", "block_start", "block_size"),
            *("latitude", "longitude", "members", "member_points"),
        ]
    ),
    "perpetrators": frozenset(("code", "generic", "values", "relations")),
    "tolls": frozenset(),
    "events": frozenset(),
}

Group = TypeVar("Group")


def reduced(f: Features) -> Features:
    """The features as the calling process keeps them when the maps (windows, pieces, wording)
    run on a cluster's workers, which hold them whole: what the stages it runs read
    (READ_BY_REDUCE), every other array or list of the groups emptied, so that a stage reading
    one fails (its rows are out of range) rather than reads another's."""
    return dataclasses.replace(
        f, **{name: _emptied(getattr(f, name), kept) for name, kept in READ_BY_REDUCE.items()}
    )


def _emptied(group: Group, kept: frozenset[str]) -> Group:
    empty: dict[str, Any] = {}
    for field in dataclasses.fields(group):  # type: ignore[arg-type]
        value = getattr(group, field.name)
        if field.name in kept:
            continue
        if isinstance(value, np.ndarray):
            empty[field.name] = np.empty(0, dtype=value.dtype)  # not a view: it would hold the array
        elif isinstance(value, pa.Array):
            empty[field.name] = pa.array([], type=value.type)
        elif isinstance(value, list | tuple | dict):
            empty[field.name] = type(value)()
    return dataclasses.replace(group, **empty)  # type: ignore[type-var]
