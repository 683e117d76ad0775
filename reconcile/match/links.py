"""The links that join each incident, and their reasons: a maximum spanning tree per incident,
ordered strongest first, each link worded by its kinds of evidence with Arrow's kernels (a
column of texts per kind), and the reasons joined into one text per link for the tables.
"""

from __future__ import annotations

import functools
import itertools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import minimum_spanning_tree

from reconcile.match.evidence import REASON_KINDS, reason_columns
from reconcile.match.evidence.base import taken, texts
from reconcile.match.features import Features
from reconcile.match.pool import WORKERS, in_slices
from reconcile.values import ascending

REASONS_AT_ONCE = 50_000  # links whose reasons are worded together, bounding temporary text
BLIND_REASON = "no account gives a date, a place or an incident label: taken as one incident"


def joins(
    f: Features,
    groups: list[list[int]],
    blind: set[str],
    scored: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    word: bool = True,
) -> pd.DataFrame:
    """The strongest links that join each incident (a maximum spanning tree), with their reasons.

    Every pair within every incident is among the pairs `scored` (lists of a < b, and its
    score); one spanning-forest call finds each incident's tree: weights 2 - score, ties broken
    towards the lowest row numbers.

    `scored` is emptied once its pairs are put together, so that they are let go of before the
    spanning forest is found (the caller holds no other reference to them).

    `word=False` leaves the reasons (and the ids) unsaid: in their place, each link's two rows as
    it was found (`found_a` < `found_b`; -1 and the other row for a link of a blind scope), from
    which `worded` says them, a slice of links at a time, the texts `reasons_text` gives.
    """
    n = len(f.scope)
    sizes = np.fromiter(map(len, groups), dtype=np.int64, count=len(groups))
    incident_of = np.full(n, -1, dtype=np.int64)
    incident_of[
        np.fromiter(itertools.chain.from_iterable(groups), dtype=np.int64, count=int(sizes.sum()))
    ] = np.repeat(np.arange(len(groups)), sizes)
    # no pair lies within a blind scope's incident: those were never scored
    inside = [(incident_of[a] == incident_of[b]) & (incident_of[a] >= 0) for a, b, _ in scored]
    a, b, score = (
        np.concatenate([part[k][keep] for part, keep in zip(scored, inside, strict=True)]) for k in range(3)
    )
    del inside
    scored.clear()
    pair_rank = np.empty(len(a))
    pair_rank[np.argsort(a * n + b)] = np.arange(len(a))  # the order of (a, b): packed keys are distinct
    weight = 2.0 - score + pair_rank * (1e-6 / max(len(a), 1))  # scores differ by 1e-4 at least
    del pair_rank, score
    graph = coo_matrix((weight, (a, b)), shape=(n, n))
    del weight, a, b
    tree = minimum_spanning_tree(graph).tocoo()
    del graph
    la, lb = np.minimum(tree.row, tree.col).astype(np.int64), np.maximum(tree.row, tree.col).astype(np.int64)
    link_score = np.round(np.round(2.0 - tree.data, 4), 3)  # the weight, less its tie-break
    blind_groups = (
        [k for k in np.flatnonzero(sizes > 1).tolist() if f.scope[groups[k][0]] in blind] if blind else []
    )
    blind_rows = [(k, groups[k][0], other) for k in blind_groups for other in groups[k][1:]]
    first = np.concatenate([la, [x for _, x, _ in blind_rows]]).astype(np.int64)
    second = np.concatenate([lb, [y for _, _, y in blind_rows]]).astype(np.int64)
    rank = _id_rank(f.ids)
    swap = rank[first] > rank[second]
    row_a, row_b = np.where(swap, second, first), np.where(swap, first, second)
    numbers = np.concatenate([incident_of[la], [k for k, _, _ in blind_rows]]).astype(np.int64)
    scores = np.concatenate([link_score, np.zeros(len(blind_rows))])
    order = incident_then_strongest(numbers, scores, rank[row_a] * max(n, 1) + rank[row_b])
    row_a, row_b, numbers, scores = row_a[order], row_b[order], numbers[order], scores[order]
    linked = order < len(la)  # the rest: accounts of a blind scope, taken as one incident
    if not word:
        frame = pd.DataFrame({"number": numbers, "score": scores, "row_a": row_a, "row_b": row_b})
        frame["found_a"], frame["found_b"] = np.where(linked, first[order], -1), second[order]
        return frame
    first, second = first[order][linked], second[order][linked]  # each link as found: lower row first
    said = [pa.chunked_array(parts, pa.string()) for parts in _reason_slices(f, first, second)]
    if not linked.all():
        at = np.cumsum(linked) - 1
        at[~linked] = len(la) + np.arange(int((~linked).sum()))
        blind_said = [
            texts([BLIND_REASON if kind == "grouping" else ""] * len(blind_rows)) for kind in REASON_KINDS
        ]
        said = [
            taken(pa.chunked_array([*mine.chunks, blind]), at)
            for mine, blind in zip(said, blind_said, strict=True)
        ]
    frame = pd.DataFrame(
        {"number": numbers, "a": _id_column(f, row_a), "b": _id_column(f, row_b), "score": scores}
    )
    for kind, words in zip(REASON_KINDS, said, strict=True):
        frame["reason_" + kind] = pd.Series(words, dtype="str")
    frame["row_a"], frame["row_b"] = row_a, row_b
    return frame


def thousandths(scores: np.ndarray) -> np.ndarray | None:
    """Scores as whole thousandths, where every one is held to three decimals (as links' are)."""
    held = np.rint(scores * 1000)
    return held.astype(np.int64) if bool((held / 1000 == scores).all()) else None


def incident_then_strongest(numbers: np.ndarray, scores: np.ndarray, pair: np.ndarray) -> np.ndarray:
    """np.lexsort((pair, -scores, numbers)): by incident, strongest first, then by pair; two int64
    keys where scores are held to three decimals (twice as fast as three keys)."""
    held = thousandths(scores)
    if held is None:
        return np.lexsort((pair, -scores, numbers))
    return np.lexsort((pair, numbers * 1001 + (1000 - held)))


def _reason_slices(f: Features, a: np.ndarray, b: np.ndarray) -> list[list[pa.Array]]:
    """reason_columns for many links, in slices (bounding the temporary texts), one list per kind."""
    slices = in_slices(lambda x, y: reason_columns(f, x, y), a, b, REASONS_AT_ONCE)
    return (
        [list(kind) for kind in zip(*slices, strict=True)]
        if slices
        else [[pa.nulls(0, pa.string())]] * len(REASON_KINDS)
    )


def _id_rank(ids: pa.Array) -> np.ndarray:
    """Each row's place in id order (the rows themselves when the table is sorted by id)."""
    if ascending(ids):
        return np.arange(len(ids))
    rank = np.empty(len(ids), dtype=np.int64)
    rank[pc.sort_indices(ids).to_numpy()] = np.arange(len(ids))  # stable; UTF-8 bytes in code point order
    return rank


def _id_column(f: Features, rows: np.ndarray) -> pd.Series:
    return pd.Series(pc.take(f.ids, pa.array(rows, type=pa.int64())), dtype="str")


def worded(f: Features, found_a: np.ndarray, found_b: np.ndarray) -> pa.Array:
    """The reasons of links left unsaid (`joins(..., word=False)`), given by the rows each was
    found with, as one text per link: the texts `reasons_text` gives them (a large_string array)."""
    linked = found_a >= 0
    said = [pa.chunked_array(p, pa.string()) for p in _reason_slices(f, found_a[linked], found_b[linked])]
    if not linked.all():
        at = np.cumsum(linked) - 1
        at[~linked] = int(linked.sum()) + np.arange(int((~linked).sum()))
        blind = [
            texts([BLIND_REASON if kind == "grouping" else ""] * int((~linked).sum()))
            for kind in REASON_KINDS
        ]
        said = [taken(pa.chunked_array([*mine.chunks, b]), at) for mine, b in zip(said, blind, strict=True)]
    text = pa.large_string()
    table = pa.table({kind: pc.cast(words, text) for kind, words in zip(REASON_KINDS, said, strict=True)})
    parts = [_joined(batch) for batch in table.to_batches()]
    return pa.chunked_array(parts, text).combine_chunks()


def reasons_text(joins: pd.DataFrame, at: np.ndarray | None = None) -> pa.Array:
    """Each link's reasons as one text, "; " between them (an Arrow array); with `at`, the texts
    of the links at those positions, in that order."""
    text = pa.large_string()
    table = pa.table({kind: pa.array(joins["reason_" + kind].array, type=text) for kind in REASON_KINDS})
    with ThreadPoolExecutor(WORKERS) as pool:  # slice by slice, as the links were worded
        parts = list(pool.map(_joined, table.to_batches()))
    joined = pa.chunked_array(parts, text).combine_chunks()  # one array: taking from chunks is slow
    return joined if at is None else taken(joined, at)


def _joined(said: pa.RecordBatch) -> pa.Array:
    """Per row, the texts of every column that says something, "; " between them."""
    columns = [_blank_as_null(column) for column in said.columns]
    text = columns[0].type
    # a link whose evidence says nothing gets "" in its first column: pyarrow 26 drops rows that
    # are null in every column when it skips nulls
    silent = functools.reduce(pc.and_, [pc.is_null(column) for column in columns])
    columns[0] = pc.if_else(silent, pa.scalar("", text), columns[0])
    return pc.binary_join_element_wise(*columns, pa.scalar("; ", text), null_handling="skip")


def _blank_as_null(texts: pa.Array) -> pa.Array:
    """The texts with "" as null: the same buffers under a validity bitmap (no text copied)."""
    said = pc.not_equal(texts, "")
    if texts.offset or texts.null_count or said.offset:
        return pc.if_else(said, texts, pa.scalar(None, texts.type))
    return pa.Array.from_buffers(texts.type, len(texts), [said.buffers()[1], *texts.buffers()[1:]])
