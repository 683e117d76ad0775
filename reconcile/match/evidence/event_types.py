"""Evidence from event types: two types the tree of event types reads agree, fit (one within
the other) or differ; phrases it cannot read count by how alike they are written. Owns the
event-type features: each account's distinct type, and what a pair of types adds, computed once
per pair of distinct types that blocking meets (never every pair of distinct phrases).
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
from reconcile.values.text import fold

if TYPE_CHECKING:
    from reconcile.match.features import Features

W_EVENT_TYPE = 0.15  # the weight of agreeing types; phrases the tree cannot read: times how alike
ALIKE = 50  # token-set ratio from which unread phrases are said to be alike
GENERIC, AGREE, FITS, DIFFER, ALIKE_LEVEL, UNLIKE = range(6)


@dataclass(frozen=True)
class EventFeatures:
    """Per account, `code` indexes the distinct event types (folded; -1 for none)."""

    code: np.ndarray
    values: list[str]
    levels: PairTable  # per pair of codes: its level (NONE where either gives no type)
    weights: PairTable  # per pair of codes: what it adds to the score


def event_features(parsed: ParsedAccounts) -> EventFeatures:
    table = parsed.table
    n = len(table)
    column = table["event_type"] if "event_type" in table.columns else pd.Series([""] * n)
    event_codes, event_raw = pd.factorize(column)
    event_folded = [fold(str(t)) for t in event_raw]
    values = sorted(set(event_folded) - {""})
    index = {t: i for i, t in enumerate(values)}
    code = np.array([index.get(t, -1) for t in event_folded] + [-1], dtype=np.int64)[event_codes]

    def level(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        return np.array([_level(values[i], values[j]) for i, j in zip(first, second, strict=True)], np.int8)

    def weight(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        xs, ys = [values[i] for i in first.tolist()], [values[j] for j in second.tolist()]
        # as a float32 ratio over 100 (rapidfuzz's default type), then widened
        ratio = np.asarray(process.cpdist(xs, ys, scorer=fuzz.token_set_ratio, workers=-1)) / 100.0
        out = W_EVENT_TYPE * np.asarray(ratio, dtype=float)
        read = np.array([_level(x, y) for x, y in zip(xs, ys, strict=True)])
        table = np.array([lvl.weight or 0.0 for lvl in EventTypes.levels])
        return np.where(read <= DIFFER, table[np.minimum(read, DIFFER)], out)

    return EventFeatures(
        code,
        values,
        PairTable(level, len(values), NONE, np.int64),
        PairTable(weight, len(values), 0.0, np.float64),
    )


def _level(x: str, y: str) -> int:
    first, second = events.classify(x), events.classify(y)
    if first is not None and second is not None:
        how = events.relation(first, second)
        if how == "agree":
            return GENERIC if len(first.path) == 1 else AGREE  # "attack" and "attack" say little
        return FITS if how == "compatible" else DIFFER
    return ALIKE_LEVEL if fuzz.token_set_ratio(x, y) >= ALIKE else UNLIKE


def _words(level: int, x: str, y: str) -> str:
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
        said = [_words(_level(*pair), *pair) if pair else "" for pair in pairs]
        return taken(texts(said), codes) if len(a) else pa.nulls(0, pa.string())
