"""Evidence from dates: how far apart two accounts' event dates lie, or, where one gives none,
whether its publication came within days of the other's date. Owns the date features (each
account's date span, and the span implied by its publication) that blocking also reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from reconcile.match.evidence.base import NONE, Kind, Level, column, numbers, per_account
from reconcile.schema import DATE_PRECISION_DAYS
from reconcile.schema import Kind as ValueKind
from reconcile.values import ParsedAccounts
from reconcile.values.dates import parse_published

if TYPE_CHECKING:
    from reconcile.match.features import Features


DATE_VETO_DAYS = 2  # dates further apart than this are never one incident (`--within-days`)
IMPLIED_DAYS_BEFORE = 3  # no event date: the published day and the few days before it
OVERLAP, A_DAY, TWO_DAYS, WITHIN_WINDOW, BEYOND, IMPLIED = range(6)  # the levels


@dataclass(frozen=True)
class DateFeatures:
    """Per account: its event date span (day numbers, NaN for none), and the span implied (the
    event date where given, else the days up to `published`); the dated rows in order of the
    implied span's start, for finding a window's neighbours."""

    lo: np.ndarray
    hi: np.ndarray
    implied_lo: np.ndarray
    implied_hi: np.ndarray
    by_start: np.ndarray
    by_start_lo: np.ndarray


def date_features(parsed: ParsedAccounts) -> DateFeatures:
    dates = column(parsed, "event_date", ValueKind.DATE)
    lo = per_account(dates, [v.low.toordinal() if v.low else np.nan for v in dates.uniques])
    hi = per_account(dates, [v.high.toordinal() if v.high else np.nan for v in dates.uniques])
    widen = _imprecision_days(parsed.table)
    lo, hi = lo - widen, hi + widen
    published_codes, published_raw = pd.factorize(parsed.table["published"])
    moments = [parse_published(str(p)) for p in published_raw]
    published = np.array([m.toordinal() if m else np.nan for m in moments] + [np.nan])[published_codes]
    implied_hi = np.where(np.isnan(lo), published, hi)
    implied_lo = np.where(np.isnan(lo), published - IMPLIED_DAYS_BEFORE, lo)
    dated_rows = np.flatnonzero(~np.isnan(implied_lo))
    by_start = dated_rows[in_day_order(implied_lo[dated_rows])]
    return DateFeatures(lo, hi, implied_lo, implied_hi, by_start, implied_lo[by_start])


def _imprecision_days(table: pd.DataFrame) -> np.ndarray:
    """Per account, the days either side of its date that its dataset's precision code allows
    (ACLED's time_precision 2: a week; 3: a month), 0 where none is given."""
    widen = np.zeros(len(table))
    for name, days in DATE_PRECISION_DAYS.items():
        codes = pd.Series(numbers(table, name)).map(days).fillna(0).to_numpy(np.float64)
        widen = np.maximum(widen, codes)
    return widen


def in_day_order(days: np.ndarray) -> np.ndarray:
    """np.argsort(days, kind="stable") for whole day numbers: as 16-bit offsets where they span
    fewer than 32,768 days (90 years), which numpy sorts by radix, ten times faster."""
    if len(days) and days.max() - days.min() < 2**15:
        return np.argsort((days - days.min()).astype(np.int16), kind="stable")
    return np.argsort(days, kind="stable")


def gap(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Days between two accounts' event date spans (0 where they overlap, NaN where either has none)."""
    lo, hi = f.dates.lo, f.dates.hi
    return np.maximum(lo[a] - hi[b], lo[b] - hi[a])


class Dates(Kind):
    name = "dates"
    summary = "the days between the event dates, or the publication day where one gives no date"
    cheap = True
    levels: ClassVar[tuple[Level, ...]] = (
        Level("dates overlap", 0.35, ("dates overlap", "", "")),
        Level("a day apart", 0.25, ("dates within a day of each other", "", "")),
        Level("two days apart", 0.15, ("dates ", "", " apart")),
        Level(
            f"more than two days apart, within the window (`--within-days`, default {DATE_VETO_DAYS})",
            0.05,
            ("dates ", "", " apart"),
        ),
        Level(
            f"further apart than the window (`--within-days`, default {DATE_VETO_DAYS})",
            0.0,
            ("dates ", "", " apart"),
            veto=True,
        ),
        Level(
            f"no event date on one side, published within {IMPLIED_DAYS_BEFORE} days after the other's",
            0.15,
            ("no event date on one side; published within days of the other's date", "", ""),
        ),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        days = gap(f, a, b)  # whole days, NaN where either has no date
        undated = np.isnan(days)
        # overlap, a day, two days, more: the gap itself, held to 0..3; beyond the window: vetoed
        level = np.clip(np.nan_to_num(days), OVERLAP, WITHIN_WINDOW).astype(np.int64)
        level[np.nan_to_num(days) > f.windows.days] = BEYOND
        rows = np.flatnonzero(undated)
        d, x, y = f.dates, a[rows], b[rows]
        implied_gap = np.maximum(d.implied_lo[x] - d.implied_hi[y], d.implied_lo[y] - d.implied_hi[x])
        level[rows] = np.where(implied_gap <= 0, IMPLIED, NONE)
        return level

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        apart = (level == TWO_DAYS) | (level == WITHIN_WINDOW) | (level == BEYOND)
        whole = np.nan_to_num(gap(f, a, b)).astype(np.int64)
        days = pc.binary_join_element_wise(
            pc.cast(pa.array(whole), pa.string()), pa.array(np.where(whole == 1, " day", " days")), ""
        )
        return pc.if_else(pa.array(apart), days, ""), pa.nulls(len(a), pa.string())
