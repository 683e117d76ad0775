"""One source, two figures, two places: a source that gives another death toll for a place that
differs from (or lies apart from) its other account's is telling of two incidents, not revising
one. A veto only; it reads the place levels and the toll features.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from reconcile.match.evidence.base import NONE, Kind, Level
from reconcile.match.evidence.places import APART, DIFFER

if TYPE_CHECKING:
    from reconcile.match.features import Features


class SameSource(Kind):
    name = "same source"
    summary = "one source's two accounts (by its name, folded)"
    levels: ClassVar[tuple[Level, ...]] = (
        Level("one source giving another death toll for another place", 0.0, veto=True),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        source = f.source[a]
        place = earlier["place"]
        rows = np.flatnonzero(
            (source == f.source[b]) & (source >= 0) & ((place == DIFFER) | (place == APART))
        )
        x, y = a[rows], b[rows]
        level = np.full(len(a), NONE, dtype=np.int64)
        level[rows] = np.where(f.tolls.counted(x, y) & ~f.tolls.same(x, y), 0, NONE)
        return level
