"""Evidence from who is said to have done it: the same group (under one name or an alias), a
generic word beside a named group, a group beside its parent (a branch or affiliate), a name
the vocabulary does not know (compared as text: never a conflict), or two actors that conflict.
Owns the perpetrator features and the relation of two distinct perpetrators, computed once per
pair that blocking meets.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pyarrow as pa

from reconcile.match.evidence.base import NONE, Kind, Level, PairTable, codes_by, column, taken, texts
from reconcile.schema import Kind as ValueKind
from reconcile.values import ParsedAccounts, Value, actors
from reconcile.values.text import fold

if TYPE_CHECKING:
    from reconcile.match.features import Features


# relations of two perpetrators (0: either names nobody, or was not read): the same actor; a
# generic word beside a named one; conflicting actors; one a branch or affiliate of the other;
# a name the vocabulary does not know, compared as text
AGREE, COMPATIBLE, CONFLICT, AFFILIATED, DIFFERS = 1, 2, 3, 4, 5
RELATIONS = {
    ("agree", "same"): AGREE,
    ("compatible", "generic"): COMPATIBLE,
    ("compatible", "affiliated"): AFFILIATED,
    ("differs", "unknown"): DIFFERS,
    ("conflict", "different"): CONFLICT,
}
WRITTEN_ALIKE, GENERIC, ALIAS, GENERIC_AND_NAMED, AFFILIATE, UNKNOWN, DIFFERENT = range(7)  # the levels
# agreement refined by the writing
BY_RELATION = np.array([NONE, ALIAS, GENERIC_AND_NAMED, DIFFERENT, AFFILIATE, UNKNOWN])


@dataclass(frozen=True)
class PerpetratorFeatures:
    """Per account, `code` indexes its distinct perpetrator (by normalised key; -1 for none or
    unread), `written` its perpetrator as written; `relations` gives two codes' relation."""

    code: np.ndarray
    written: np.ndarray  # per account, a code into `written_texts`
    written_texts: pa.Array
    folded: np.ndarray  # per account, a code shared by perpetrators written alike once folded
    generic: np.ndarray  # per distinct code: names no group
    values: list[Value]  # one representative value per distinct code
    relations: PairTable

    def relation(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Per pair of rows: 0 (either names nobody, or was not read), AGREE, COMPATIBLE, CONFLICT,
        AFFILIATED or DIFFERS."""
        return self.relations(self.code[a], self.code[b])


def perpetrator_features(parsed: ParsedAccounts) -> PerpetratorFeatures:
    perps = column(parsed, "perpetrator", ValueKind.ACTOR)
    unique_code, values = _codes(perps.uniques)

    def relate(first: np.ndarray, second: np.ndarray) -> np.ndarray:
        pairs = zip(first.tolist(), second.tolist(), strict=True)
        return np.array(
            [RELATIONS[actors.compare(values[i].detail, values[j].detail)] for i, j in pairs], dtype=np.int8
        )

    return PerpetratorFeatures(
        code=np.asarray(unique_code, dtype=np.int64)[perps.codes],
        written=np.asarray(perps.codes, dtype=np.int64),
        written_texts=texts(v.raw for v in perps.uniques),
        folded=codes_by([v.raw for v in perps.uniques], fold)[0][perps.codes],
        generic=np.array([bool(v.detail and v.detail[0].generic) for v in values] + [False], dtype=bool),
        values=values,
        relations=PairTable(relate, len(values), 0, np.int8),
    )


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


class Perpetrators(Kind):
    name = "perpetrator"
    summary = "who is said to have done it, alias-aware"
    levels: ClassVar[tuple[Level, ...]] = (
        Level("same perpetrator, written alike", 0.15, ("same perpetrator (", " / ", ")")),
        Level("both generic words, naming no group", 0.15, ("neither names a group (", " / ", ")")),
        Level("same group under an alias", 0.15, ("same group under an alias (", " / ", ")")),
        Level(
            "a generic word and a named group",
            0.05,
            ("perpetrators compatible (a generic word and a named group) (", " / ", ")"),
        ),
        Level(
            "one group a branch or affiliate of the other (ISWAP / Islamic State)",
            0.05,
            ("perpetrators compatible (one a branch or affiliate of the other) (", " / ", ")"),
        ),
        Level(
            "a name the vocabulary does not know, written differently: compared as text, no conflict",
            0.0,
            ("perpetrators written differently, a name not in the vocabulary (", " / ", ")"),
        ),
        Level(
            "different groups, different states, or a state and a group",
            -0.30,
            ("perpetrators conflict (", " / ", ")"),
        ),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        p = f.perpetrators
        level = BY_RELATION[p.relation(a, b)]
        rows = np.flatnonzero(level == ALIAS)  # which kind of agreement: read where they agree
        x, y = a[rows], b[rows]
        level[rows] = np.where(
            p.folded[x] == p.folded[y], WRITTEN_ALIKE, np.where(p.generic[p.code[x]], GENERIC, ALIAS)
        )
        return level

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        p = f.perpetrators
        return taken(p.written_texts, p.written[a]), taken(p.written_texts, p.written[b])
