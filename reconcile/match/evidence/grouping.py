"""The user's own grouping: an `incident` label shared decides (one incident, whatever else is
said); different labels, or an aggregate beside a single incident, are never linked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pyarrow as pa

from reconcile.match.evidence.base import NONE, Kind, Level, taken

if TYPE_CHECKING:
    from reconcile.match.features import Features

SAME_LABEL, LABELS_DIFFER, SCOPES_DIFFER = range(3)  # the levels


class Grouping(Kind):
    name = "grouping"
    summary = "the accounts' `incident` labels and scopes"
    cheap = True
    levels: ClassVar[tuple[Level, ...]] = (
        Level("the same incident label", 0.0, ("same incident label '", "", "'"), decides=True),
        Level("different incident labels", 0.0, veto=True),
        Level("an aggregate and an incident", 0.0, veto=True),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        label_a, label_b = f.label_code[a], f.label_code[b]
        labelled = (label_a >= 0) & (label_b >= 0)
        scopes_differ = np.where(f.aggregate[a] != f.aggregate[b], SCOPES_DIFFER, NONE)
        return np.where(labelled, np.where(label_a == label_b, SAME_LABEL, LABELS_DIFFER), scopes_differ)

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        return taken(f.label_texts, np.maximum(f.label_code[a], 0)), pa.nulls(len(a), pa.string())
