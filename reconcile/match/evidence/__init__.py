"""The kinds of evidence, in one list, and what follows from it: a pair's score and veto, a
link's reasons in words, and the description of every level.

Each kind (one module each) reads a pair of accounts into one level of its ladder; the score
is the sum of the levels' weights, held between 0 and 1 (a shared `incident` label decides:
1), and a pair is forbidden when any level vetoes it. The reasons are the levels' phrases, one
column per kind that speaks. Adding a kind of evidence is adding a module and a line to KINDS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pyarrow as pa

from reconcile.match.evidence.base import Kind, Level
from reconcile.match.evidence.datasets import Datasets
from reconcile.match.evidence.dates import DATE_VETO_DAYS, Dates
from reconcile.match.evidence.event_types import EventTypes
from reconcile.match.evidence.grouping import Grouping
from reconcile.match.evidence.perpetrators import Perpetrators
from reconcile.match.evidence.places import Places
from reconcile.match.evidence.same_source import SameSource
from reconcile.match.evidence.tolls import Tolls

if TYPE_CHECKING:
    from reconcile.match.features import Features

__all__ = ["DATE_VETO_DAYS", "KINDS", "REASON_KINDS", "THRESHOLD", "Kind", "Level", "describe", "score_pairs"]

THRESHOLD = 0.5  # a pair scoring at least this, and not forbidden, is a link
PAIRS_AT_ONCE = 1 << 18  # pairs scored at once: 2 MB per temporary array

KINDS: tuple[Kind, ...] = (
    Grouping(),
    Datasets(),
    Dates(),
    Places(),
    Perpetrators(),
    Tolls(),
    EventTypes(),
    SameSource(),
)
REASON_KINDS = tuple(kind.name for kind in KINDS if kind.speaks)  # the reason columns, in order


def _flags(kind: Kind, level: np.ndarray, flag: str) -> np.ndarray | None:
    """Per pair, whether its level has the flag (veto, decides); None where no level has it."""
    table = kind.table(flag)
    return table[level] if table.any() else None


def score_pairs(
    f: Features, a: np.ndarray, b: np.ndarray, skip_forbidden: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Score and cannot-link flag for each pair (a[i], b[i]).

    With `skip_forbidden`, pairs that the cheap kinds already forbid (scopes, labels, two records
    of one dataset, dates further apart than the window) are flagged without being scored (score
    0): for clustering, where a forbidden pair's score is never read. Long arrays are scored in slices of
    PAIRS_AT_ONCE, whose temporaries stay small enough to be reused rather than mapped anew.
    """
    if len(a) > PAIRS_AT_ONCE:
        score, veto = np.zeros(len(a)), np.zeros(len(a), dtype=bool)
        for start in range(0, len(a), PAIRS_AT_ONCE):
            part = slice(start, start + PAIRS_AT_ONCE)
            score[part], veto[part] = score_pairs(f, a[part], b[part], skip_forbidden)
        return score, veto
    if skip_forbidden:
        forbidden, decided = np.zeros(len(a), dtype=bool), np.zeros(len(a), dtype=bool)
        for kind in KINDS:
            if kind.cheap:
                level = kind.level(f, a, b, {})
                if (vetoes := _flags(kind, level, "veto")) is not None:
                    forbidden |= vetoes
                if (decides := _flags(kind, level, "decides")) is not None:
                    decided |= decides
        forbidden &= ~decided
        score, veto = np.zeros(len(a)), forbidden.copy()
        scored = np.flatnonzero(~forbidden)
        score[scored], veto[scored] = score_pairs(f, a[scored], b[scored])
        return score, veto
    score = np.zeros(len(a))
    veto, decided = np.zeros(len(a), dtype=bool), np.zeros(len(a), dtype=bool)
    earlier: dict[str, np.ndarray] = {}
    for kind in KINDS:
        if kind.weighs_without_level:
            score += kind.weights(f, a, b, None)
            continue
        level = earlier[kind.name] = kind.level(f, a, b, earlier)
        score += kind.weights(f, a, b, level)
        if (vetoes := _flags(kind, level, "veto")) is not None:
            veto |= vetoes
        if (decides := _flags(kind, level, "decides")) is not None:
            decided |= decides
    score = np.where(decided, 1.0, np.clip(score, 0.0, 1.0))
    return np.round(score, 4), veto & ~decided  # the user's label overrides the evidence


def reason_columns(f: Features, a: np.ndarray, b: np.ndarray) -> list[pa.Array]:
    """The reasons for many links at once: one Arrow array of texts per kind that speaks (as
    REASON_KINDS), "" where that kind says nothing."""
    earlier: dict[str, np.ndarray] = {}
    said = []
    for kind in KINDS:
        if kind.speaks:
            level = earlier[kind.name] = kind.level(f, a, b, earlier)
            said.append(kind.reasons(f, a, b, level))
    return said


def reasons(f: Features, a: int, b: int) -> tuple[str, ...]:
    """A link's reasons in words, the way a person would check them."""
    said = (column[0].as_py() for column in reason_columns(f, np.array([a]), np.array([b])))
    return tuple(text for text in said if text)


def describe() -> str:
    """Every kind of evidence and its levels, in words, as Markdown: docs/evidence.md."""
    lines = [
        "# Kinds of evidence",
        "",
        "Generated from `reconcile.match.evidence.KINDS` by `reconcile.match.evidence.describe()`",
        "(`reconcile docs evidence` prints it); a test fails when this page and the code disagree.",
        "",
        "A pair of accounts scores the sum of its levels' weights, held between 0 and 1, and is a link",
        f"when it scores at least {THRESHOLD} and no level forbids it. Each kind's levels are tried",
        "in order; the first that holds is the pair's level. The reasons of a link are its levels'",
        "phrases, one column per kind.",
        "",
    ]
    for kind in KINDS:
        lines += [f"## {kind.name}", "", f"{kind.summary[0].upper()}{kind.summary[1:]}.", ""]
        lines += [f"{number}. {level.describe()}" for number, level in enumerate(kind.levels, 1)]
        lines += ["", "Otherwise: says nothing (no weight).", ""]
    return "\n".join(lines)
