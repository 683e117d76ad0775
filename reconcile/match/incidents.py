"""Accounts -> incidents: the stages of the matcher put together.

Features are read once; each partition's candidate pairs (blocking) are scored by the kinds of
evidence, and those at the threshold and not forbidden are kept as links, partitions side by
side in the pool of threads; the links are merged into connected components, which are split
and clustered into incidents (cluster); each incident's links are worded (links), and each
aggregate is given the incidents it covers (coverage).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np
import pandas as pd
import pyarrow as pa
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.bulk import collector_paused
from reconcile.match.blocking import candidate_pairs, label_pairs, partitions, undated_pairs, unpack
from reconcile.match.cluster import MAX_DENSE, cluster_pieces, runs, split_large
from reconcile.match.coverage import covers
from reconcile.match.evidence import REASON_KINDS, THRESHOLD, score_pairs
from reconcile.match.features import Features, Windows, features
from reconcile.match.links import joins, worded
from reconcile.match.pool import WORKERS
from reconcile.model import Link
from reconcile.values import ParsedAccounts
from reconcile.values.taxonomy import Taxonomy
from reconcile.values.text import fold

Progress = Callable[[int, int], None]  # (steps done, steps in all)
Links = tuple[np.ndarray, np.ndarray]  # packed pairs (a * n + b, a < b) and their scores
# the reasons of slices of links, each given by the rows its links were found with, in order
Wording = Callable[[Iterable[tuple[np.ndarray, np.ndarray]]], Iterator[pa.Array]]
Clustered = tuple[list[list[int]], tuple[np.ndarray, np.ndarray, np.ndarray]]  # cluster_pieces' answer


class Runner(Protocol):
    """Where the two maps of matching run (docs/partitions.md): each window's links, and the
    clustering of pieces. Both are pure functions of the features and their part, so where they
    run never shows in the output; the rest of `match` runs in the calling process."""

    def kept(self, f: Features) -> Features:
        """What the calling process keeps of the features, where the runner holds them whole for
        its maps: this process's threads read them here (`f` itself); a cluster ships them to its
        workers, and this process keeps what the stages it runs read (`features.reduced`)."""
        ...

    def global_links(self, f: Features) -> Links:
        """`global_links(f)`: the links of pairs no window holds."""
        ...

    def window_links(self, f: Features, windows: list[np.ndarray]) -> Iterator[Links]:
        """`window_links(f, rows)` for each window, yielded in window order."""
        ...

    def clustered(self, f: Features, pieces: list[list[int]]) -> Clustered:
        """`cluster_pieces(f, pieces)`, or the same groups and pairs from pieces cut in parts."""
        ...

    def wording(self, f: Features) -> Wording:
        """What says links' reasons, `links.worded(f, found_a, found_b)`, for each slice of links
        in turn, in order: what `Matching.word` holds once matching is done."""
        ...


class Threads:
    """This process: windows side by side in the pool of threads, pieces clustered at once."""

    def kept(self, f: Features) -> Features:
        return f

    def global_links(self, f: Features) -> Links:
        return global_links(f)

    def window_links(self, f: Features, windows: list[np.ndarray]) -> Iterator[Links]:
        with ThreadPoolExecutor(WORKERS) as pool:  # numpy and pandas let go of the GIL in their loops
            yield from pool.map(lambda rows: window_links(f, rows), windows)

    def clustered(self, f: Features, pieces: list[list[int]]) -> Clustered:
        return cluster_pieces(f, pieces)

    def wording(self, f: Features) -> Wording:
        return lambda links: (worded(f, found_a, found_b) for found_a, found_b in links)


ID_PREFIX, ID_DIGITS = "incident-", 6


def incident_id(number: int) -> str:
    """The id of `Matching.groups[number]` when its accounts carry no `incident` label:
    `incident-000001` for the first (groups are ordered by their first account in id order)."""
    return f"{ID_PREFIX}{number + 1:0{ID_DIGITS}d}"


def incident_ids(f: Features, parsed: ParsedAccounts, groups: list[list[int]]) -> list[str]:
    """Each incident's id, the one the per-account table, `--explain` and the report all use: the
    slug of its accounts' `incident` label where they carry one ("Musakhail attack" ->
    `musakhail-attack`), else `incident_id`. An incident's labels are one label (a shared label
    decides, different ones are never linked; they differ at most in case and spacing, which
    the slug folds), so its first labelled account names it. An id already taken by an earlier
    incident, or by an unlabelled one's number, gets -2, -3..."""
    ids = [incident_id(k) for k in range(len(groups))]
    labelled = np.flatnonzero(f.label_code >= 0)
    if len(labelled) == 0:
        return ids
    group_of = np.empty(len(f.label_code), dtype=np.int64)
    for number, rows in enumerate(groups):
        group_of[rows] = number
    said: dict[int, str] = {}
    labels = parsed.table["incident"].iloc[labelled].astype(str).tolist()
    for number, label in zip(group_of[labelled].tolist(), labels, strict=True):
        said.setdefault(number, label)
    taken = {ids[k] for k in range(len(groups)) if k not in said}
    for number in sorted(said):
        base = slug(said[number])
        candidate, n = base, 2
        while candidate in taken:
            candidate, n = f"{base}-{n}", n + 1
        taken.add(candidate)
        ids[number] = candidate
    return ids


def slug(text: str) -> str:
    """A label as an id: folded to lower-case letters and digits joined by hyphens, at most 60."""
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "incident"


@dataclass(frozen=True)
class Matching:
    """Incidents as lists of row numbers of the accounts table, with the links (by account id,
    strongest first) that joined them: `joins` holds them as one table (incident number, a, b,
    score, one column of reasons per kind of evidence, the row numbers of a and b), `links` as
    Link objects per incident."""

    groups: list[list[int]]
    scopes: list[str]
    joins: pd.DataFrame
    covers: list[list[int]]
    ids: list[str]  # incident_ids: each group's id
    # links at the threshold between accounts that ended in different incidents (the runners-up a
    # researcher reviews): row_a, row_b (row_a < row_b), score, strongest first
    contenders: pd.DataFrame
    windows: Windows
    taxonomy: Taxonomy | None
    # where the links' reasons were left unsaid (`match(..., word_later=True)`: `joins` has no
    # reason columns, but each link's rows as found): the reasons of slices of links, in order
    # (`Runner.wording`), as the per-account table needs them, a batch at a time
    word: Wording | None = None

    @cached_property
    def links(self) -> list[list[Link]]:
        links: list[list[Link]] = [[] for _ in self.groups]
        kinds = ["reason_" + kind for kind in REASON_KINDS]
        for number, a, b, score, *said in self.joins[["number", "a", "b", "score", *kinds]].itertuples(
            index=False
        ):
            links[number].append(Link(a, b, score, tuple(str(x) for x in said if x)))
        return links


def match(
    parsed: ParsedAccounts,
    explain: bool = True,
    progress: Progress | None = None,
    runner: Runner | None = None,
    windows: Windows | None = None,
    taxonomy: Taxonomy | None = None,
    word_later: bool = False,
    prepared: Features | None = None,
) -> Matching:
    """Group the accounts into incidents and aggregates; deterministic for a given table.

    `explain=False` leaves out the links and their reasons (a data desk matching a million rows
    wants the incidents; a report wants to show why). `progress`, when given, is called after
    each partition and each later step with the steps done and the steps in all.

    `runner` says where the windows and pieces run: `Threads()` (the default) or a Dask
    cluster (`reconcile.match.distributed`); the answer is the same. `windows` sets how many
    days, and for records of event datasets how many km, may lie between one incident's accounts;
    `taxonomy` reads event types of datasets' codebooks (values.taxonomy; the built-in one).

    When no account of a scope gives a date, a place or a label, nothing can tell incidents
    apart: the user gave one incident's accounts, and they are taken as one.

    `word_later=True` leaves the links' reasons unsaid until the per-account table asks for them
    a batch at a time (`Matching.word`, run by `runner`): the same table, without holding every
    link's reasons at once; `Matching.links` and `--explain` need them said (the default).
    `prepared`: the accounts' features, built already (`features(parsed, windows, taxonomy)`),
    so that the caller can let go of the parsed values before matching.
    """
    with collector_paused():
        return _match(
            parsed,
            explain,
            progress,
            runner or Threads(),
            windows or Windows(),
            taxonomy,
            word_later,
            prepared,
        )


def _match(
    parsed: ParsedAccounts,
    explain: bool,
    progress: Progress | None,
    runner: Runner,
    windows: Windows,
    taxonomy: Taxonomy | None,
    word_later: bool = False,
    prepared: Features | None = None,
) -> Matching:
    f = prepared if prepared is not None else features(parsed, windows, taxonomy)
    del prepared  # let go of with `f`
    if word_later:  # nothing is worded here: a cluster's workers hold the features whole
        f = runner.kept(f)
    n = len(f.scope)
    partitions_of_days = list(partitions(f))
    steps = len(partitions_of_days) + 3  # the global pairs, each partition, clustering, links
    tell = progress or (lambda done, total: None)
    batches = [runner.global_links(f)]
    tell(1, steps)
    for number, kept in enumerate(runner.window_links(f, partitions_of_days), 2):
        batches.append(kept)
        tell(number, steps)
    packed_all = np.concatenate([packed for packed, _ in batches])
    scores_all = np.concatenate([scores for _, scores in batches])
    del batches
    packed, first = np.unique(packed_all, return_index=True)
    del packed_all
    a, b, score = packed // n, packed % n, scores_all[first]
    del scores_all, first
    graph = coo_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    _, component = connected_components(graph, directed=False)
    del graph
    blind = scopes_without_evidence(f)
    groups = [np.flatnonzero(f.scope == scope).tolist() for scope in sorted(blind)]
    order = np.argsort(component, kind="stable")  # stable: rows ascending within a component
    starts = np.flatnonzero(np.diff(component[order], prepend=-1))
    sizes = np.diff(np.append(starts, n))
    counted = ~np.isin(f.scope[order[starts]], sorted(blind))  # a blind scope is one incident
    pieces_of = runs(order.tolist(), starts[1:])
    small = counted & (sizes <= 2)  # a lone account, or one link already above the threshold
    groups += [pieces_of[k] for k in np.flatnonzero(small).tolist()]
    pieces = [pieces_of[k] for k in np.flatnonzero(counted & (sizes > 2) & (sizes <= MAX_DENSE)).tolist()]
    large = component[order[starts[counted & (sizes > MAX_DENSE)]]]  # the components to split
    in_large = np.isin(component[a], large)
    pieces.extend(split_large(component, a[in_large], b[in_large], score[in_large]))
    two = starts[counted & (sizes == 2)]  # the one link of each two-account incident
    pair_keys = order[two] * n + order[two + 1]
    paired = (pair_keys // n, pair_keys % n, score[np.searchsorted(packed, pair_keys)])
    # what the reduce built, let go of before the pieces are clustered (their groups come back)
    del pieces_of, order, starts, sizes, counted, small, component, in_large, packed, pair_keys, two
    clustered, scored = runner.clustered(f, pieces)
    del pieces
    groups.extend(clustered)
    firsts = np.fromiter((g[0] for g in groups), dtype=np.int64, count=len(groups))
    by_first = np.argsort(firsts)  # each row is in one group: the first rows are distinct
    groups = [groups[k] for k in by_first.tolist()]
    tell(steps - 1, steps)
    scopes = f.scope[firsts[by_first]].tolist()
    within = [scored, paired]  # emptied by `joins` once put together
    del scored, paired
    joined = joins(f, groups if explain else [], blind, within, word=not word_later)
    covered = covers(f, groups, scopes)
    group_of = np.empty(n, dtype=np.int64)
    group_of[np.fromiter(itertools.chain.from_iterable(groups), dtype=np.int64, count=n)] = np.repeat(
        np.arange(len(groups)), [len(g) for g in groups]
    )
    apart = group_of[a] != group_of[b]
    order = np.lexsort((b[apart], a[apart], -score[apart]))
    contenders = pd.DataFrame(
        {"row_a": a[apart][order], "row_b": b[apart][order], "score": score[apart][order]}
    )
    covered = covered_by_records(f, group_of, contenders, covered)
    tell(steps, steps)
    ids = incident_ids(f, parsed, groups)
    word = runner.wording(f) if word_later else None
    return Matching(groups, scopes, joined, covered, ids, contenders, windows, taxonomy, word)


def covered_by_records(
    f: Features, group_of: np.ndarray, contenders: pd.DataFrame, covered: list[list[int]]
) -> list[list[int]]:
    """Each incident also covers the incidents of its records' contenders of another dataset where
    the record spans several days or lists several places: two records of one dataset are never
    one incident, so a record of another dataset that tells of both together (a week's fighting
    in a district, "Khan Younis and Rafah") joins one and covers the other, as an aggregate does."""
    a, b = contenders["row_a"].to_numpy(), contenders["row_b"].to_numpy()
    p = f.places
    lists_places = np.array([bool(m) for m in p.members] + [False], dtype=bool)[p.uid]  # uid -1: none
    wide = f.dataset & ((f.dates.hi - f.dates.lo >= 1) | lists_places)
    if not wide.any():
        return covered
    out = [list(c) for c in covered]
    for wide_row, other in ((a, b), (b, a)):
        keep = wide[wide_row] & f.dataset[other] & (f.source[wide_row] != f.source[other])
        for x, y in zip(wide_row[keep].tolist(), other[keep].tolist(), strict=True):
            target = int(group_of[y])
            if target not in out[group_of[x]]:
                out[group_of[x]].append(target)
    return [sorted(c) for c in out]


def global_links(f: Features) -> Links:
    """The links of pairs no window holds: accounts that share an `incident` label, and accounts
    with no date at all (`blocking.label_pairs`, `blocking.undated_pairs`)."""
    n = len(f.scope)
    return _kept(f, *unpack(np.concatenate([label_pairs(f, np.arange(n)), undated_pairs(f)]), n))


def window_links(f: Features, rows: np.ndarray) -> Links:
    """A window's links (the rows of one partition of days): its candidate pairs, kept where they
    score at the threshold and are not forbidden."""
    return _kept(f, *candidate_pairs(f, rows))


def _kept(f: Features, a: np.ndarray, b: np.ndarray) -> Links:
    """A partition's links: its candidate pairs that score at the threshold and are not forbidden."""
    score, veto = score_pairs(f, a, b)
    keep = (score >= THRESHOLD) & ~veto
    return a[keep] * len(f.scope) + b[keep], score[keep]


def scopes_without_evidence(f: Features) -> set[str]:
    """Scopes with several accounts of which none has a date, a place or a label."""
    blind = set()
    for scope in ("incident", "aggregate"):
        rows = np.flatnonzero(f.scope == scope)
        evidence = ~np.isnan(f.dates.lo[rows]) | (f.places.leaf[rows] >= 0) | (f.label[rows] != "")
        if len(rows) > 1 and not evidence.any():
            blind.add(scope)
    return blind
