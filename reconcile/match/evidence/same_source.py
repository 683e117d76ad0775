"""One source, two figures, two places: a source that gives another death toll for a place that
differs from (or lies apart from) its other account's is telling of two incidents, not revising
one. A veto only; it reads the place levels and the toll features.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from reconcile.match.evidence.base import Kind, Level, selected
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
        other_figure = f.tolls.counted(a, b) & ~f.tolls.same(a, b)
        other_place = (earlier["place"] == DIFFER) | (earlier["place"] == APART)
        return selected([(source == f.source[b]) & (source >= 0) & other_figure & other_place])
