"""Evidence from event types: two types of event datasets' codebooks agree as deep as the
taxonomy's shared levels say (values/taxonomy.py: "one-sided violence" and "Violence against
civilians"); otherwise two types the tree of event types reads agree, fit (one within the other)
or differ; phrases neither reads count by how alike they are written. Owns the event-type
features: each account's distinct type, and what a pair of types adds, computed once per pair
of distinct types that blocking meets (never every pair of distinct phrases).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
from rapidfuzz import fuzz, process

from reconcile.match.evidence.base import NONE, Kind, Level, PairTable, taken, texts
from reconcile.values import ParsedAccounts, events
from reconcile.values.taxonomy import Taxonomy, agreement, builtin
from reconcile.values.text import fold

if TYPE_CHECKING:
    from reconcile.match.features import Features

W_EVENT_TYPE = 0.15  # the weight of agreeing types; phrases the tree cannot read: times how alike
W_CODEBOOKS_DIFFER = -0.30  # same day and place (0.75) and this: below the threshold
ALIKE = 50  # token-set ratio from which unread phrases are said to be alike
GENERIC, AGREE, FITS, DIFFER, ALIKE_LEVEL, UNLIKE = range(6)
# two codebooks' types in the taxonomy: agreeing at three levels or more, two, one; agreeing at
# two levels or more and differing below; agreeing at one and differing below; differing at once
DEEP, TWO_LEVELS, ONE_LEVEL, FINER_DIFFER, SECOND_DIFFERS, FIRST_DIFFERS, FORMS_DIFFER = range(6, 13)


@dataclass(frozen=True)
class EventFeatures:
    """Per account, `code` indexes the distinct event types (folded; -1 for none)."""

    code: np.ndarray
    values: list[str]
    coded: dict[str, tuple[str, ...] | None]  # per distinct type: its categories in the taxonomy
    levels: PairTable  # per pair of codes: its level (NONE where either gives no type)
    weights: PairTable  # per pair of codes: what it adds to the score


def event_features(parsed: ParsedAccounts, taxonomy: Taxonomy | None = None) -> EventFeatures:
    taxonomy = taxonomy or builtin()
    table = parsed.table
    n = len(table)
    column = table["event_type"] if "event_type" in table.columns else pd.Series([""] * n)
    event_codes, event_raw = pd.factorize(column)
    event_folded = [fold(str(t)) for t in event_raw]
    coded: dict[str, tuple[str, ...] | None] = {}
    for raw, folded in zip(event_raw, event_folded, strict=True):
        coded.setdefault(folded, taxonomy.categories(str(raw)))
    values = sorted(set(event_folded) - {""})
    index = {t: i for i, t in enumerate(values)}
    code = np.array([index.get(t, -1) for t in event_folded] + [-1], dtype=np.int64)[event_codes]

    def level(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        pairs = zip(first, second, strict=True)
        return np.array([_level(values[i], values[j], coded) for i, j in pairs], np.int8)

    def weight(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        xs, ys = [values[i] for i in first.tolist()], [values[j] for j in second.tolist()]
        # as a float32 ratio over 100 (rapidfuzz's default type), then widened
        ratio = np.asarray(process.cpdist(xs, ys, scorer=fuzz.token_set_ratio, workers=-1)) / 100.0
        out = W_EVENT_TYPE * np.asarray(ratio, dtype=float)
        read = np.array([_level(x, y, coded) for x, y in zip(xs, ys, strict=True)], dtype=np.int64)
        table = np.array([lvl.weight or 0.0 for lvl in EventTypes.levels])
        by_level = (read <= DIFFER) | (read >= DEEP)
        return np.where(by_level, table[np.where(by_level, read, 0)], out)

    return EventFeatures(
        code,
        values,
        coded,
        PairTable(level, len(values), NONE, np.int64),
        PairTable(weight, len(values), 0.0, np.float64),
    )


def _level(x: str, y: str, coded: dict[str, tuple[str, ...] | None]) -> int:
    coded_x, coded_y = coded.get(x), coded.get(y)
    if coded_x is not None and coded_y is not None:
        deepest, differs = agreement(coded_x, coded_y)
        if differs is None:
            return DEEP if deepest >= 3 else TWO_LEVELS if deepest == 2 else ONE_LEVEL
        if differs <= 2:
            return FIRST_DIFFERS if differs == 1 else SECOND_DIFFERS
        return FINER_DIFFER if deepest >= 2 else FORMS_DIFFER
    first, second = events.classify(x), events.classify(y)
    if first is not None and second is not None:
        how = events.relation(first, second)
        if how == "agree":
            return GENERIC if len(first.path) == 1 else AGREE  # "attack" and "attack" say little
        return FITS if how == "compatible" else DIFFER
    return ALIKE_LEVEL if fuzz.token_set_ratio(x, y) >= ALIKE else UNLIKE


def _words(level: int, x: str, y: str, coded: dict[str, tuple[str, ...] | None]) -> str:
    if level >= DEEP:
        said = "same kind of event" if level in (DEEP, TWO_LEVELS) else "kinds of event fit"
        if level in (SECOND_DIFFERS, FIRST_DIFFERS, FORMS_DIFFER):
            said = "kinds of event differ"
        shown = [", ".join(c for c in coded.get(t) or () if c != "*") for t in (x, y)]
        if shown[0] == shown[1]:
            return f"{said} in the taxonomy ({x} / {y}: {shown[0]})"
        return f"{said} in the taxonomy ({x}: {shown[0]} / {y}: {shown[1]})"
    first, second = events.classify(x), events.classify(y)
    if level == ALIKE_LEVEL:
        return f"event types alike ({x} / {y})"
    if level == UNLIKE or first is None or second is None:
        return ""
    if level == GENERIC:
        return f"kinds of event fit, both only '{first.name}' ({x} / {y})"
    if level == AGREE:
        return f"same kind of event, {first.name} ({x} / {y})"
    if level == FITS:
        return f"kinds of event fit ({x}: {first.name} / {y}: {second.name})"
    return f"kinds of event differ ({x}: {first.name} / {y}: {second.name})"


class EventTypes(Kind):
    name = "event"
    summary = "the kinds of event, read from the tree of event types (reconcile/values/data/event_types.yaml)"
    weighs_without_level = True
    levels: ClassVar[tuple[Level, ...]] = (
        Level("both only the root type (e.g. 'attack')", 0.05, ("kinds of event fit, both only '", "", "'")),
        Level("same type", W_EVENT_TYPE, ("same kind of event, ", "", "")),
        Level("one type within the other", 0.05, ("kinds of event fit (", " / ", ")")),
        Level("types that differ", -0.20, ("kinds of event differ (", " / ", ")")),
        Level(
            f"phrases the tree cannot read, written alike (token-set ratio >= {ALIKE}):"
            f" {W_EVENT_TYPE} x ratio / 100",
            None,
            ("event types alike (", " / ", ")"),
        ),
        Level(f"phrases the tree cannot read, written unalike: {W_EVENT_TYPE} x ratio / 100", None),
        Level(
            "codebooks' types the taxonomy reads alike down to the third level", W_EVENT_TYPE, ("", "", "")
        ),
        Level("codebooks' types the taxonomy reads alike down to the second level", 0.10, ("", "", "")),
        Level(
            "codebooks' types the taxonomy reads alike at the first level only, none differing",
            0.05,
            ("", "", ""),
        ),
        Level("codebooks' types alike down to the second level, differing below", 0.05, ("", "", "")),
        # a codebook's type says who fought whom (UCDP's by its dyad; ACLED's violence against
        # civilians by its target): two records whose types differ there tell of two events
        # unless more than a day and a place say otherwise
        Level(
            "codebooks' types alike at the first level, differing at the second (who against whom)",
            W_CODEBOOKS_DIFFER,
            ("", "", ""),
        ),
        Level("codebooks' types differing at the first level", W_CODEBOOKS_DIFFER, ("", "", "")),
        Level(
            "codebooks' types alike at the first level, the second left open, differing in form",
            -0.20,
            ("", "", ""),
        ),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        return f.events.levels(f.events.code[a], f.events.code[b])

    def weights(self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray | None) -> np.ndarray:
        return f.events.weights(f.events.code[a], f.events.code[b])

    def reasons(self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray) -> pa.Array:
        """Worded per distinct pair of types (few), with the tree's names of the types."""
        e = f.events
        n_types = max(len(e.values), 1)
        codes, distinct = pd.factorize(np.where(level >= 0, e.code[a] * n_types + e.code[b], -1))
        pairs = [
            (e.values[x // n_types], e.values[x % n_types]) if x >= 0 else None for x in distinct.tolist()
        ]
        said = [_words(_level(*pair, e.coded), *pair, e.coded) if pair else "" for pair in pairs]
        return taken(texts(said), codes) if len(a) else pa.nulls(0, pa.string())
