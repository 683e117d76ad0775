"""Records of event datasets (source_type `dataset`): two records of one dataset are two events
(UCDP, ACLED and the GTD code each event once), unless the user's `incident` label joins them.
A veto only, tested before anything is scored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

import numpy as np

from reconcile.match.evidence.base import NONE, Kind, Level

if TYPE_CHECKING:
    from reconcile.match.features import Features

ONE_DATASET = 0  # the level


class Datasets(Kind):
    name = "dataset"
    summary = "records of event datasets (source_type `dataset`), by the dataset's name (`source`)"
    cheap = True
    levels: ClassVar[tuple[Level, ...]] = (Level("two records of one dataset", 0.0, veto=True),)

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        if not f.has_datasets:  # most inputs: no pair to read
            return np.full(len(a), NONE, dtype=np.int64)
        one = f.dataset[a] & f.dataset[b] & (f.source[a] == f.source[b]) & (f.source[a] >= 0)
        return np.where(one, ONE_DATASET, NONE)
