"""Accounts -> incidents: blocking, scoring, clustering, aggregates' coverage.

Owns deciding which accounts describe the same incident, and saying why.
Work is on arrays: each account's date span, place keys, perpetrator and
figures become columns; candidate pairs come from shared block keys (days
of the date span, place keys), never from all pairs; scores are numpy
expressions over pair arrays, with relations between distinct values
(perpetrators, event types) computed once per distinct pair.

Clustering is average-linkage over the scored pairs of each connected
component, with cannot-links (different `incident` labels, places that
cannot both be true, dates more than a day apart), so a chain of weak links
does not glue two incidents together. Aggregate accounts cluster among
themselves and then `cover` the incidents in their span and area.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.model import Link
from reconcile.schema import Kind
from reconcile.values import ParsedAccounts, Value, relation
from reconcile.values.text import fold

THRESHOLD = 0.5
DATE_SLACK_DAYS = 1
MAX_SPAN_BLOCK_DAYS = 62
MAX_DENSE = 300  # accounts clustered at once by dense average linkage

W_SAME_PLACE, W_PLACE_WITHIN = 0.40, 0.25
W_SAME_DAY, W_NEAR_DAY = 0.35, 0.25
W_IMPLIED_DAY = 0.15  # no event date: the published day and the few before it, weak evidence
IMPLIED_DAYS_BEFORE = 3
W_PERPETRATOR_AGREE, W_PERPETRATOR_COMPATIBLE, W_PERPETRATOR_CONFLICT = 0.15, 0.05, -0.30
W_FIGURES_FIT, W_FIGURES_CLASH = 0.10, -0.10
W_EVENT_TYPE = 0.15


@dataclass(frozen=True)
class Matching:
    """Incidents as lists of row numbers of the accounts table, with the links (by account id,
    strongest first) that joined them."""

    groups: list[list[int]]
    scopes: list[str]
    links: list[list[Link]]
    covers: list[list[int]]


@dataclass(frozen=True)
class Features:
    """Per-account columns the scorer reads; codes index distinct values."""

    ids: list[str]
    scope: np.ndarray
    label: np.ndarray
    date_lo: np.ndarray
    date_hi: np.ndarray
    implied_lo: np.ndarray  # the event date where given, else the days up to `published`
    implied_hi: np.ndarray
    place: list[Value]
    place_leaf: np.ndarray
    place_chain: np.ndarray  # sorted codes account * n_keys + key for every key in a place's chain
    n_keys: int
    place_known: np.ndarray  # the vocabulary knows where the place lies
    place_region: np.ndarray  # the place is a known region (a province, a country)
    perp_code: np.ndarray
    perp_relation: np.ndarray  # distinct x distinct: 0 none, 1 agree, 2 compatible, 3 conflict
    perp_values: list[Value]
    perp_raw: list[str]
    victims: list[Value]
    killed_lo: np.ndarray
    killed_hi: np.ndarray
    event_code: np.ndarray
    event_similarity: np.ndarray
    event_values: list[str]


def features(parsed: ParsedAccounts) -> Features:
    table = parsed.table
    n = len(table)
    scope = np.where(table["scope"].to_numpy(dtype=str) == "aggregate", "aggregate", "incident")
    label = table["incident"].map(fold).to_numpy(dtype=str)
    dates = _column(parsed, "event_date", Kind.DATE)
    date_lo = np.array([v.low.toordinal() if v.low else np.nan for v in dates], dtype=float)
    date_hi = np.array([v.high.toordinal() if v.high else np.nan for v in dates], dtype=float)
    published = np.array([p.toordinal() if p else np.nan for p in parsed.published], dtype=float)
    implied_hi = np.where(np.isnan(date_lo), published, date_hi)
    implied_lo = np.where(np.isnan(date_lo), published - IMPLIED_DAYS_BEFORE, date_lo)

    place = _column(parsed, "location", Kind.PLACE)
    key_codes: dict[str, int] = {}
    for value in place:
        for key in value.detail.keys if value.detail is not None else ():
            key_codes.setdefault(key, len(key_codes))
    n_keys = max(1, len(key_codes))
    leaf = np.full(n, -1, dtype=np.int64)
    chain: list[int] = []
    for row, value in enumerate(place):
        if value.detail is not None:
            leaf[row] = key_codes[value.detail.leaf]
            chain.extend(row * n_keys + key_codes[key] for key in value.detail.keys)

    perps = _column(parsed, "perpetrator", Kind.ACTOR)
    perp_code, perp_values = _codes(perps)
    perp_relation = np.zeros((len(perp_values), len(perp_values)), dtype=np.int8)
    names = {"agree": 1, "compatible": 2, "conflict": 3}
    for i, j in itertools.combinations_with_replacement(range(len(perp_values)), 2):
        perp_relation[i, j] = perp_relation[j, i] = names[relation(perp_values[i], perp_values[j])]

    killed = _column(parsed, "killed", Kind.COUNT)
    killed_lo = np.array([v.low if v.parsed else np.nan for v in killed], dtype=float)
    killed_hi = np.array(
        [(np.inf if v.high is None else v.high) if v.parsed else np.nan for v in killed],
        dtype=float,
    )

    event_text = [fold(t) for t in table.get("event_type", pd.Series([""] * n))]
    event_values = sorted(set(event_text) - {""})
    event_index = {t: i for i, t in enumerate(event_values)}
    event_code = np.array([event_index.get(t, -1) for t in event_text], dtype=np.int64)
    event_similarity = (
        process.cdist(event_values, event_values, scorer=fuzz.token_set_ratio, workers=-1) / 100.0
        if event_values
        else np.zeros((0, 0))
    )
    return Features(
        ids=table["id"].astype(str).tolist(),
        scope=scope,
        label=label,
        date_lo=date_lo,
        date_hi=date_hi,
        implied_lo=implied_lo,
        implied_hi=implied_hi,
        place=place,
        place_leaf=leaf,
        place_chain=np.unique(np.array(chain, dtype=np.int64)),
        n_keys=n_keys,
        place_known=np.array([bool(v.detail and v.detail.known) for v in place], dtype=bool),
        place_region=np.array([bool(v.detail and v.detail.region) for v in place], dtype=bool),
        perp_code=perp_code,
        perp_relation=perp_relation,
        perp_values=perp_values,
        perp_raw=[v.raw for v in perps],
        victims=_column(parsed, "victims", Kind.CATEGORY),
        killed_lo=killed_lo,
        killed_hi=killed_hi,
        event_code=event_code,
        event_similarity=np.asarray(event_similarity, dtype=float),
        event_values=event_values,
    )


def _column(parsed: ParsedAccounts, field: str, kind: Kind) -> list[Value]:
    """A field's values, or every account's value missing when no file has the column."""
    if field in parsed.values:
        return list(parsed.values[field])
    return [Value(kind, "", missing=True)] * len(parsed.table)


def _codes(values: list[Value]) -> tuple[np.ndarray, list[Value]]:
    distinct: dict[object, int] = {}
    representatives: list[Value] = []
    codes = np.full(len(values), -1, dtype=np.int64)
    for row, value in enumerate(values):
        if not value.parsed:
            continue
        if value.key not in distinct:
            distinct[value.key] = len(representatives)
            representatives.append(value)
        codes[row] = distinct[value.key]
    return codes, representatives


def candidate_pairs(f: Features) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (a < b) of the same scope sharing a block key: a day of the (widened) date span,
    or a place key. Accounts with neither are blocked with their whole scope."""
    rows, keys = [], []
    n = len(f.scope)
    for row in range(n):
        prefix = f.scope[row] + "|"
        lo, hi = f.implied_lo[row], f.implied_hi[row]
        if not np.isnan(lo) and hi - lo <= MAX_SPAN_BLOCK_DAYS:
            for day in range(int(lo) - DATE_SLACK_DAYS, int(hi) + DATE_SLACK_DAYS + 1):
                rows.append(row)
                keys.append(f"{prefix}d{day}")
        if f.place_leaf[row] >= 0:
            rows.append(row)
            keys.append(f"{prefix}p{f.place_leaf[row]}")
        if f.label[row]:
            rows.append(row)
            keys.append(f"{prefix}l{f.label[row]}")
        if np.isnan(f.implied_lo[row]) and f.place_leaf[row] < 0:
            rows.append(row)
            keys.append(f"{prefix}*")
    blocks = pd.DataFrame({"row": rows, "key": keys}).drop_duplicates()
    pairs = blocks.merge(blocks, on="key", suffixes=("_a", "_b"))
    pairs = pairs[pairs["row_a"] < pairs["row_b"]][["row_a", "row_b"]].drop_duplicates()
    pairs = pairs.sort_values(["row_a", "row_b"])
    return pairs["row_a"].to_numpy(dtype=np.int64), pairs["row_b"].to_numpy(dtype=np.int64)


def score_pairs(f: Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Score and cannot-link flag for each pair (a[i], b[i])."""
    score = np.zeros(len(a), dtype=float)
    veto = f.scope[a] != f.scope[b]

    labelled = (f.label[a] != "") & (f.label[b] != "")
    same_label = labelled & (f.label[a] == f.label[b])
    veto |= labelled & ~same_label

    dated = ~np.isnan(f.date_lo[a]) & ~np.isnan(f.date_lo[b])
    gap = np.maximum(f.date_lo[a] - f.date_hi[b], f.date_lo[b] - f.date_hi[a])
    score += np.where(dated & (gap <= 0), W_SAME_DAY, 0.0)
    score += np.where(dated & (gap > 0) & (gap <= DATE_SLACK_DAYS), W_NEAR_DAY, 0.0)
    veto |= dated & (gap > DATE_SLACK_DAYS)
    implied = ~dated & ~np.isnan(f.implied_lo[a]) & ~np.isnan(f.implied_lo[b])
    implied_gap = np.maximum(f.implied_lo[a] - f.implied_hi[b], f.implied_lo[b] - f.implied_hi[a])
    score += np.where(implied & (implied_gap <= 0), W_IMPLIED_DAY, 0.0)

    same_place, within, place_conflict = place_relations(f, a, b)
    score += np.where(same_place, W_SAME_PLACE, 0.0) + np.where(within, W_PLACE_WITHIN, 0.0)
    veto |= place_conflict

    perp = _perp_relation(f, a, b)
    score += np.select(
        [perp == 1, perp == 2, perp == 3],
        [W_PERPETRATOR_AGREE, W_PERPETRATOR_COMPATIBLE, W_PERPETRATOR_CONFLICT],
        0.0,
    )

    counted = ~np.isnan(f.killed_lo[a]) & ~np.isnan(f.killed_lo[b])
    fits = (f.killed_lo[a] <= f.killed_hi[b]) & (f.killed_lo[b] <= f.killed_hi[a])
    score += np.where(counted & fits, W_FIGURES_FIT, 0.0) + np.where(counted & ~fits, W_FIGURES_CLASH, 0.0)

    typed = (f.event_code[a] >= 0) & (f.event_code[b] >= 0)
    if typed.any():
        similarity = f.event_similarity[f.event_code[a[typed]], f.event_code[b[typed]]]
        score[typed] += W_EVENT_TYPE * similarity

    score = np.where(same_label, 1.0, np.clip(score, 0.0, 1.0))
    return np.round(score, 4), veto & ~same_label  # the user's label overrides the evidence


def place_relations(f: Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, ...]:
    placed = (f.place_leaf[a] >= 0) & (f.place_leaf[b] >= 0)
    same = placed & (f.place_leaf[a] == f.place_leaf[b])
    a_in_b = _in_sorted(a * f.n_keys + f.place_leaf[b], f.place_chain)
    b_in_a = _in_sorted(b * f.n_keys + f.place_leaf[a], f.place_chain)
    within = placed & ~same & (a_in_b | b_in_a)
    unknowable = (f.place_region[a] & ~f.place_known[b]) | (f.place_region[b] & ~f.place_known[a])
    return same, within, placed & ~same & ~within & ~unknowable


def _in_sorted(values: np.ndarray, sorted_array: np.ndarray) -> np.ndarray:
    """Membership in a sorted array by binary search (np.isin would re-hash the array each call)."""
    if len(sorted_array) == 0:
        return np.zeros(len(values), dtype=bool)
    index = np.minimum(np.searchsorted(sorted_array, values), len(sorted_array) - 1)
    return sorted_array[index] == values


def _perp_relation(f: Features, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    out = np.zeros(len(a), dtype=np.int8)
    known = (f.perp_code[a] >= 0) & (f.perp_code[b] >= 0)
    out[known] = f.perp_relation[f.perp_code[a[known]], f.perp_code[b[known]]]
    return out


def reasons(f: Features, a: int, b: int) -> tuple[str, ...]:
    """A link's reasons in words, the way a person would check them."""
    said: list[str] = []
    if f.label[a] and f.label[a] == f.label[b]:
        said.append(f"same incident label '{f.label[a]}'")
    if not np.isnan(f.date_lo[a]) and not np.isnan(f.date_lo[b]):
        gap = max(f.date_lo[a] - f.date_hi[b], f.date_lo[b] - f.date_hi[a])
        if gap <= 0:
            said.append("dates overlap")
        else:
            said.append(
                "dates within a day of each other"
                if gap <= DATE_SLACK_DAYS
                else f"dates {gap:.0f} days apart"
            )
    elif not np.isnan(f.implied_lo[a]) and not np.isnan(f.implied_lo[b]):
        gap = max(f.implied_lo[a] - f.implied_hi[b], f.implied_lo[b] - f.implied_hi[a])
        if gap <= 0:
            said.append("no event date on one side; published within days of the other's date")
    same, within, _ = (x[0] for x in place_relations(f, np.array([a]), np.array([b])))
    pa, pb = f.place[a], f.place[b]
    if same:
        if fold(pa.detail.parts[0]) == fold(pb.detail.parts[0]):
            said.append(f"same place ({pa.detail.parts[0]})")
        else:
            said.append(f"same place after transliteration ({pa.raw} = {pb.raw})")
    elif within:
        inner, outer = (pa, pb) if pb.detail.leaf in pa.detail.keys else (pb, pa)
        said.append(f"{inner.raw} lies within {outer.raw}")
    elif pa.detail is not None and pb.detail is not None:
        said.append(f"places differ ({pa.raw} / {pb.raw})")
    perp = int(_perp_relation(f, np.array([a]), np.array([b]))[0])
    if perp:
        x, y = f.perp_raw[a], f.perp_raw[b]
        words = {
            1: "same perpetrator"
            if fold(x) == fold(y)
            else "neither names a group"
            if f.perp_values[f.perp_code[a]].detail[0].generic
            else "same group under an alias",
            2: "perpetrators compatible (a generic word and a named group)",
            3: "perpetrators conflict",
        }
        said.append(f"{words[perp]} ({x} / {y})")
    if not np.isnan(f.killed_lo[a]) and not np.isnan(f.killed_lo[b]):
        fits = f.killed_lo[a] <= f.killed_hi[b] and f.killed_lo[b] <= f.killed_hi[a]
        said.append("death tolls compatible" if fits else "death tolls cannot both be true")
    if f.event_code[a] >= 0 and f.event_code[b] >= 0:
        similarity = f.event_similarity[f.event_code[a], f.event_code[b]]
        if similarity >= 0.5:
            said.append(f"event types alike ({similarity:.0%})")
    return tuple(said)


def match(parsed: ParsedAccounts) -> Matching:
    """Group the accounts into incidents and aggregates; deterministic for a given table.

    When no account of a scope gives a date, a place or a label, nothing can tell incidents
    apart: the user gave one incident's accounts, and they are taken as one.
    """
    f = features(parsed)
    a, b = candidate_pairs(f)
    score, veto = score_pairs(f, a, b)
    keep = (score >= THRESHOLD) & ~veto
    n = len(f.scope)
    graph = coo_matrix((np.ones(int(keep.sum())), (a[keep], b[keep])), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    blind = _scopes_without_evidence(f)
    groups: list[list[int]] = []
    for scope in sorted(blind):
        groups.append(np.flatnonzero(f.scope == scope).tolist())
    links_kept = (a[keep], b[keep], score[keep])
    for members in _components(component):
        if f.scope[members[0]] not in blind:
            for piece in _split_large(members, *links_kept):
                groups.extend(_cluster(f, piece))
    groups.sort(key=lambda g: g[0])
    scopes = [str(f.scope[g[0]]) for g in groups]
    links = [
        _blind_links(f, g) if scope in blind else _spanning_links(f, g)
        for g, scope in zip(groups, scopes, strict=True)
    ]
    covers = _covers(f, groups, scopes)
    return Matching(groups, scopes, links, covers)


def _split_large(members: list[int], a: np.ndarray, b: np.ndarray, score: np.ndarray) -> list[list[int]]:
    """Pieces of a component small enough for dense average linkage.

    A component larger than MAX_DENSE accounts is held together by its weakest links; raising
    the link threshold inside it splits it where it is weakest, before any cohesion check.
    """
    if len(members) <= MAX_DENSE:
        return [members]
    inside = np.isin(a, members) & np.isin(b, members)
    a, b, score = a[inside], b[inside], score[inside]
    index = {m: i for i, m in enumerate(members)}
    local_a = np.array([index[x] for x in a.tolist()], dtype=np.int64)
    local_b = np.array([index[x] for x in b.tolist()], dtype=np.int64)
    for threshold in np.arange(THRESHOLD + 0.05, 1.0001, 0.05):
        strong = score >= threshold
        graph = coo_matrix(
            (np.ones(int(strong.sum())), (local_a[strong], local_b[strong])), shape=(len(members),) * 2
        )
        _, component = connected_components(graph, directed=False)
        pieces = [[members[i] for i in piece] for piece in _components(component)]
        if max(len(p) for p in pieces) <= MAX_DENSE:
            return pieces
    return pieces


def _scopes_without_evidence(f: Features) -> set[str]:
    """Scopes with several accounts of which none has a date, a place or a label."""
    blind = set()
    for scope in ("incident", "aggregate"):
        rows = np.flatnonzero(f.scope == scope)
        evidence = ~np.isnan(f.date_lo[rows]) | (f.place_leaf[rows] >= 0) | (f.label[rows] != "")
        if len(rows) > 1 and not evidence.any():
            blind.add(scope)
    return blind


def _blind_links(f: Features, group: list[int]) -> list[Link]:
    reason = ("no account gives a date, a place or an incident label: taken as one incident",)
    return [_link(f, group[0], other, 0.0, reason) for other in group[1:]]


def _link(f: Features, a: int, b: int, score: float, reasons: tuple[str, ...]) -> Link:
    first, second = sorted((f.ids[a], f.ids[b]))
    return Link(first, second, score, reasons)


def _components(component: np.ndarray) -> list[list[int]]:
    order = np.argsort(component, kind="stable")
    starts = np.flatnonzero(np.diff(component[order], prepend=-1))
    return [sorted(chunk.tolist()) for chunk in np.split(order, starts[1:])]


def _pair_matrix(f: Features, members: list[int]) -> tuple[np.ndarray, np.ndarray]:
    idx = np.array(members, dtype=np.int64)
    i, j = np.triu_indices(len(idx), k=1)
    score, veto = score_pairs(f, idx[i], idx[j])
    size = len(idx)
    s = np.zeros((size, size))
    v = np.zeros((size, size), dtype=bool)
    s[i, j] = s[j, i] = score
    v[i, j] = v[j, i] = veto
    return s, v


def _cluster(f: Features, members: list[int]) -> list[list[int]]:
    """Average-linkage merging within one component; never across a cannot-link.

    Cluster-to-cluster score sums are kept in one matrix and updated on each merge
    (Lance-Williams), so a component of k accounts costs k merges of O(k^2) array work.
    """
    if len(members) == 1:
        return [members]
    sums, veto = _pair_matrix(f, members)
    size = np.ones(len(members))
    active = np.ones(len(members), dtype=bool)
    clusters: list[list[int]] = [[i] for i in range(len(members))]
    while True:
        average = sums / np.outer(size, size)
        blocked = veto | ~np.outer(active, active) | np.eye(len(members), dtype=bool)
        average[blocked] = -np.inf
        x, y = np.unravel_index(int(np.argmax(average)), average.shape)
        if average[x, y] < THRESHOLD:
            break
        x, y = min(x, y), max(x, y)
        sums[x, :] += sums[y, :]
        sums[:, x] += sums[:, y]
        veto[x, :] |= veto[y, :]
        veto[:, x] |= veto[:, y]
        size[x] += size[y]
        active[y] = False
        clusters[x] += clusters[y]
    return [sorted(members[i] for i in clusters[c]) for c in np.flatnonzero(active)]


def _spanning_links(f: Features, group: list[int]) -> list[Link]:
    """The strongest links that join the group (a maximum spanning tree), each with its reasons."""
    if len(group) == 1:
        return []
    s, _ = _pair_matrix(f, group)
    i, j = np.triu_indices(len(group), k=1)
    order = sorted(zip(-s[i, j], i.tolist(), j.tolist(), strict=True))
    parent = list(range(len(group)))

    def root(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    links = []
    for negative, x, y in order:
        rx, ry = root(x), root(y)
        if rx != ry:
            parent[rx] = ry
            a, b = group[x], group[y]
            links.append(_link(f, a, b, round(-float(negative), 3), reasons(f, a, b)))
    return sorted(links, key=lambda link: (-link.score, link.a, link.b))


def _covers(f: Features, groups: list[list[int]], scopes: list[str]) -> list[list[int]]:
    """For each aggregate: the incidents whose dates overlap its span and whose places lie in its area."""
    covers: list[list[int]] = [[] for _ in groups]
    incidents = [i for i, s in enumerate(scopes) if s == "incident"]
    for index, scope in enumerate(scopes):
        if scope != "aggregate":
            continue
        area = {int(f.place_leaf[r]) for r in groups[index] if f.place_leaf[r] >= 0}
        lo = np.nanmin([f.date_lo[r] for r in groups[index]] + [np.inf])
        hi = np.nanmax([f.date_hi[r] for r in groups[index]] + [-np.inf])
        for target in incidents:
            rows = groups[target]
            if area and not any(
                _in_sorted(np.array(rows) * f.n_keys + key, f.place_chain).any() for key in area
            ):
                continue
            if np.isfinite(lo) and not any(
                not np.isnan(f.date_lo[r])
                and f.date_lo[r] <= hi + DATE_SLACK_DAYS
                and lo - DATE_SLACK_DAYS <= f.date_hi[r]
                for r in rows
            ):
                continue
            if _perpetrators_clash(f, groups[index], rows) or _victims_clash(f, groups[index], rows):
                continue
            covers[index].append(target)
    return covers


def _perpetrators_clash(f: Features, aggregate_rows: list[int], rows: list[int]) -> bool:
    pairs = [(x, y) for x in aggregate_rows for y in rows]
    if not pairs:
        return False
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    relations = _perp_relation(f, a, b)
    return bool((relations == 3).any() and not (relations == 1).any() and not (relations == 2).any())


def _victims_clash(f: Features, aggregate_rows: list[int], rows: list[int]) -> bool:
    """True when every victims value of the aggregate conflicts with every one of the incident's."""
    ours = [f.victims[r] for r in aggregate_rows if f.victims[r].parsed]
    theirs = [f.victims[r] for r in rows if f.victims[r].parsed]
    return bool(ours and theirs) and all(relation(x, y) == "conflict" for x in ours for y in theirs)
