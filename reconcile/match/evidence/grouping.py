"""The user's own grouping: an `incident` label shared decides (one incident, whatever else is
said); different labels, or an aggregate beside a single incident, are never linked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pyarrow as pa

from reconcile.match.evidence.base import Kind, Level, selected, taken

if TYPE_CHECKING:
    from reconcile.match.features import Features


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
        return selected([labelled & (label_a == label_b), labelled, f.aggregate[a] != f.aggregate[b]])

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        return taken(f.label_texts, np.maximum(f.label_code[a], 0)), pa.nulls(len(a), pa.string())
