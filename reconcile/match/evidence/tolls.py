"""Evidence from death tolls: whether two accounts' killed figures (intervals) can both be true;
for two records of event datasets, whose tolls are estimates, whether they lie within each
other's uncertainty. Owns the toll features, which the same-source rule also reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from reconcile.match.evidence.base import NONE, Kind, Level, column, numbers, per_account
from reconcile.schema import ESTIMATE_COLUMNS
from reconcile.schema import Kind as ValueKind
from reconcile.values import ParsedAccounts
from reconcile.values.counts import overlaps

if TYPE_CHECKING:
    from reconcile.match.features import Features

FIT, CLASH, ESTIMATES = range(3)  # the levels
# Two datasets' estimates of one toll are within each other's uncertainty while the higher is at
# most twice the lower and two more: 1 and 2, 3 and 7, 10 and 21 (UCDP's low and high, where
# given, count first: the figures are then read as those ranges).
ESTIMATE_FACTOR, ESTIMATE_SLACK = 2.0, 2.0


@dataclass(frozen=True)
class TollFeatures:
    """Per account, its killed figure as an interval (NaN where none was read; high inf where
    unbounded); `estimate_lo`/`estimate_hi` widen it by the dataset's own low and high estimates
    (`killed_low`, `killed_high`), where given."""

    lo: np.ndarray
    hi: np.ndarray
    estimate_lo: np.ndarray
    estimate_hi: np.ndarray

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
    estimate_lo, estimate_hi = lo.copy(), hi.copy()
    for name in ESTIMATE_COLUMNS:  # the widest of the figures: UCDP publishes a few lows above highs
        given = numbers(parsed.table, name)
        estimate_lo = np.where(np.isnan(lo), np.nan, np.fmin(estimate_lo, given))
        estimate_hi = np.where(np.isnan(lo), np.nan, np.fmax(estimate_hi, given))
    return TollFeatures(lo, hi, estimate_lo, estimate_hi)


class Tolls(Kind):
    name = "toll"
    summary = "the killed figures, as intervals ('at least 22' and '23' fit; '22' and '23' do not)"
    levels: ClassVar[tuple[Level, ...]] = (
        Level(
            "the figures can both be true (two datasets' records: within their low and high estimates)",
            0.10,
            ("death tolls compatible", "", ""),
        ),
        Level("the figures cannot both be true", -0.10, ("death tolls cannot both be true", "", "")),
        Level(
            "two event datasets' estimates that differ within their uncertainty (the higher at most"
            f" {ESTIMATE_FACTOR:g} times the lower plus {ESTIMATE_SLACK:g})",
            0.0,
            ("death toll estimates differ within their uncertainty", "", ""),
        ),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        t = f.tolls
        low_a, high_a, low_b, high_b = t.lo[a], t.hi[a], t.lo[b], t.hi[b]
        fits = np.asarray(overlaps(low_a, high_a, low_b, high_b), dtype=bool)
        counted = ~np.isnan(low_a) & ~np.isnan(low_b)
        level = np.where(counted, np.where(fits, FIT, CLASH), NONE)
        if f.has_datasets:  # two datasets' estimates: within their uncertainty, no clash
            rows = np.flatnonzero((level == CLASH) & f.dataset[a] & f.dataset[b])
            x, y = a[rows], b[rows]
            lower_high = np.fmin(t.estimate_hi[x], t.estimate_hi[y])  # the lower estimate's top
            higher_low = np.fmax(t.estimate_lo[x], t.estimate_lo[y])  # the higher one's bottom
            ranges_meet = higher_low <= lower_high
            near = higher_low <= ESTIMATE_FACTOR * lower_high + ESTIMATE_SLACK
            level[rows] = np.where(ranges_meet, FIT, np.where(near, ESTIMATES, CLASH))
        return level
