"""Evidence from death tolls: whether two accounts' killed figures (intervals) can both be true.
Owns the toll features, which the same-source rule also reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from reconcile.match.evidence.base import NONE, Kind, Level, column, per_account
from reconcile.schema import Kind as ValueKind
from reconcile.values import ParsedAccounts
from reconcile.values.counts import overlaps

if TYPE_CHECKING:
    from reconcile.match.features import Features

FIT, CLASH = range(2)  # the levels


@dataclass(frozen=True)
class TollFeatures:
    """Per account, its killed figure as an interval (NaN where none was read; high inf where
    unbounded)."""

    lo: np.ndarray
    hi: np.ndarray

    def counted(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return ~np.isnan(self.lo[a]) & ~np.isnan(self.lo[b])

    def same(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (self.lo[a] == self.lo[b]) & (self.hi[a] == self.hi[b])


def toll_features(parsed: ParsedAccounts) -> TollFeatures:
    killed = column(parsed, "killed", ValueKind.COUNT)
    lo = per_account(killed, [v.low if v.parsed else np.nan for v in killed.uniques])
    hi = per_account(
        killed, [(np.inf if v.high is None else v.high) if v.parsed else np.nan for v in killed.uniques]
    )
    return TollFeatures(lo, hi)


class Tolls(Kind):
    name = "toll"
    summary = "the killed figures, as intervals ('at least 22' and '23' fit; '22' and '23' do not)"
    levels: ClassVar[tuple[Level, ...]] = (
        Level("the figures can both be true", 0.10, ("death tolls compatible", "", "")),
        Level("the figures cannot both be true", -0.10, ("death tolls cannot both be true", "", "")),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        t = f.tolls
        low_a, high_a, low_b, high_b = t.lo[a], t.hi[a], t.lo[b], t.hi[b]
        fits = np.asarray(overlaps(low_a, high_a, low_b, high_b), dtype=bool)
        counted = ~np.isnan(low_a) & ~np.isnan(low_b)
        return np.where(counted, np.where(fits, FIT, CLASH), NONE)
