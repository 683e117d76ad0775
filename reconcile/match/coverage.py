"""What each aggregate covers: the incidents whose dates overlap its span (within a day) and
whose places lie in its area (within its places by the chains of places, or near their points),
unless who did it or who the victims were clash outright.
"""

from __future__ import annotations

import numpy as np

from reconcile.match.evidence.perpetrators import AFFILIATED, AGREE, COMPATIBLE, CONFLICT
from reconcile.match.evidence.places import lies_in
from reconcile.match.features import Features
from reconcile.values import relation
from reconcile.values.places import NEARBY_KM, distances_km

DATE_SLACK_DAYS = 1  # an aggregate's span covers incidents dated a day either side of it


def covers(f: Features, groups: list[list[int]], scopes: list[str]) -> list[list[int]]:
    """For each aggregate: the incidents whose dates overlap its span and whose places lie in its area."""
    covered: list[list[int]] = [[] for _ in groups]
    aggregates = [i for i, s in enumerate(scopes) if s == "aggregate"]
    incidents = [i for i, s in enumerate(scopes) if s == "incident"] if aggregates else []
    for index in aggregates:
        area, points = _area(f, groups[index])
        lo = np.nanmin([f.dates.lo[r] for r in groups[index]] + [np.inf])
        hi = np.nanmax([f.dates.hi[r] for r in groups[index]] + [-np.inf])
        for target in incidents:
            rows = groups[target]
            if area and not _inside(f, rows, area, points):
                continue
            if np.isfinite(lo) and not any(
                not np.isnan(f.dates.lo[r])
                and f.dates.lo[r] <= hi + DATE_SLACK_DAYS
                and lo - DATE_SLACK_DAYS <= f.dates.hi[r]
                for r in rows
            ):
                continue
            if _perpetrators_clash(f, groups[index], rows) or _victims_clash(f, groups[index], rows):
                continue
            covered[index].append(target)
    return covered


def _area(f: Features, rows: list[int]) -> tuple[set[int], list[tuple[float, float]]]:
    """An aggregate's area: the keys of its places (of each place a location lists: "Khan Younis
    and Rafah"), and the points of those that have one."""
    p = f.places
    area: set[int] = set()
    points: list[tuple[float, float]] = []
    for r in rows:
        uid = int(p.uid[r])
        if uid < 0:
            continue
        if p.members[uid]:
            area.update(p.members[uid])
            points.extend(p.member_points[uid])
        else:
            area.add(int(p.leaf[r]))
            if not np.isnan(p.latitude[r]):
                points.append((float(p.latitude[r]), float(p.longitude[r])))
    return area, points


def _inside(f: Features, rows: list[int], area: set[int], points: list[tuple[float, float]]) -> bool:
    """Whether an incident lies in an area: one of its places lies within one of the area's (by
    the chains of places), or within NEARBY_KM of one of the area's points."""
    p = f.places
    uids = p.uid[np.array(rows)]
    if any(lies_in(p, uids, np.full(len(rows), key)).any() for key in area):
        return True
    own = [r for r in rows if not np.isnan(p.latitude[r])]
    if not points or not own:
        return False
    lat, lon = np.array([pt[0] for pt in points]), np.array([pt[1] for pt in points])
    return any(
        (
            distances_km(np.full(len(lat), p.latitude[r]), np.full(len(lat), p.longitude[r]), lat, lon)
            <= NEARBY_KM
        ).any()
        for r in own
    )


def _perpetrators_clash(f: Features, aggregate_rows: list[int], rows: list[int]) -> bool:
    pairs = [(x, y) for x in aggregate_rows for y in rows]
    if not pairs:
        return False
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    relations = f.perpetrators.relation(a, b)
    return bool(
        (relations == CONFLICT).any()
        and not (relations == AGREE).any()
        and not (relations == COMPATIBLE).any()
        and not (relations == AFFILIATED).any()
    )


def _victims_clash(f: Features, aggregate_rows: list[int], rows: list[int]) -> bool:
    """True when every victims value of the aggregate conflicts with every one of the incident's."""
    ours = [f.victims[r] for r in aggregate_rows if f.victims[r].parsed]
    theirs = [f.victims[r] for r in rows if f.victims[r].parsed]
    return bool(ours and theirs) and all(relation(x, y) == "conflict" for x in ours for y in theirs)
