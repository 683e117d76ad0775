"""Incidents from linked accounts: large components split at their weakest links, then pieces
clustered by average linkage with cannot-links, so that a chain of weak links does not glue
two incidents together.

Cannot-links are the vetoes of the kinds of evidence (different `incident` labels, dates more
than two days apart, places the vocabulary knows to lie apart, one source giving another figure
for another place). Pieces of one size are clustered together, a stack of score matrices each.
"""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from reconcile.match.evidence import PAIRS_AT_ONCE, THRESHOLD, score_pairs
from reconcile.match.features import Features
from reconcile.match.pool import WORKERS, in_slices

MAX_DENSE = 100  # accounts clustered at once, pair by pair; larger components split first
MAX_WHOLE = 1000  # a piece whose links all fall at once is clustered whole up to this size
MATRIX_CELLS = 1 << 22  # pieces of one size merged at once: a few 32 MB matrices


def split_large(component: np.ndarray, a: np.ndarray, b: np.ndarray, score: np.ndarray) -> list[list[int]]:
    """Pieces of the components larger than MAX_DENSE accounts (given by their links), each small
    enough to cluster pair by pair.

    A large component is held together by its weakest links: its link threshold is raised, in
    steps of 0.05, until it falls apart, and only the pieces still too large are split further
    (their thresholds raised on from there), so a tight incident inside a large chain is kept
    whole. A piece that no threshold splits, or that falls apart into single accounts at once (its
    links all alike; up to MAX_WHOLE accounts), is clustered whole. All components move a step at
    a time together: one connected-components call per step.
    """
    # every row of a component (of two or more rows) is at one end of a link at least
    linked = np.zeros(int(component.max()) + 1 if len(component) else 0, dtype=bool)
    linked[component[a]] = True
    rows = np.flatnonzero(linked[component])
    node = np.full(len(component), -1, dtype=np.int64)
    node[rows] = np.arange(len(rows))
    node_a, node_b = node[a], node[b]
    piece = pd.factorize(component[rows])[0]  # per node: its piece
    start = np.full(piece.max() + 1 if len(piece) else 0, THRESHOLD + 0.05)  # per piece: its first
    step = np.zeros(len(start), dtype=np.int64)  # raised threshold, and the steps taken from it
    finished: list[tuple[np.ndarray, np.ndarray]] = []  # (rows, piece) of pieces done
    grids: dict[float, np.ndarray] = {}
    while len(rows):
        grid = [
            grids.setdefault(first, np.round(np.arange(first, 1.0001, 0.05), 4)) for first in start.tolist()
        ]
        exhausted = np.array([k >= len(g) for k, g in zip(step.tolist(), grid, strict=True)], dtype=bool)
        raised = np.array(
            [g[min(k, len(g) - 1)] if len(g) else np.inf for k, g in zip(step.tolist(), grid, strict=True)]
        )
        strong = (score >= raised[piece[node_a]]) & ~exhausted[piece[node_a]]
        graph = coo_matrix(
            (np.ones(int(strong.sum())), (node_a[strong], node_b[strong])), shape=(len(rows),) * 2
        )
        _, label = connected_components(graph, directed=False)
        part, part_piece = pd.factorize(piece * len(rows) + label)  # per node: its part of its piece
        parts = np.bincount(part_piece // len(rows), minlength=len(start))  # per piece
        # a piece whose links all fall at once (one incident told alike by many sources) has no
        # weakest links to split at: it stays whole, as a piece that no threshold splits
        nodes = np.bincount(piece, minlength=len(start))
        shattered = (parts == nodes) & (nodes <= MAX_WHOLE)
        exhausted |= shattered
        split = (parts > 1) & ~exhausted
        whole = ~split[piece]  # nodes of pieces that did not fall apart at this step (or cannot)
        size = np.bincount(part)
        done = exhausted[piece] | (split[piece] & (size[part] <= MAX_DENSE))
        finished.append((rows[done], np.where(whole, piece, part + len(start))[done]))
        next_piece, kept = pd.factorize(np.where(whole, piece, part + len(start))[~done])
        old = kept[kept < len(start)]
        new_start = np.empty(len(kept))
        new_step = np.zeros(len(kept), dtype=np.int64)
        carried = kept < len(start)
        new_start[carried], new_step[carried] = start[old], step[old] + 1
        fresh = kept[~carried] - len(start)  # parts: each starts from its piece's raised threshold
        parent = np.empty(len(size), dtype=np.int64)
        parent[part] = piece
        new_start[~carried] = raised[parent[fresh]] + 0.05
        keep_link = ~done[node_a] & (whole[node_a] | (strong & (part[node_a] == part[node_b])))
        survivors = np.flatnonzero(~done)
        renumber = np.full(len(rows), -1, dtype=np.int64)
        renumber[survivors] = np.arange(len(survivors))
        a_kept, b_kept = node_a[keep_link], node_b[keep_link]
        node_a, node_b, score = renumber[a_kept], renumber[b_kept], score[keep_link]
        rows, piece, start, step = rows[survivors], next_piece, new_start, new_step
    if not finished:
        return []
    all_rows = np.concatenate([r for r, _ in finished])
    all_labels = np.concatenate([p + k * (len(all_rows) + 1) * 4 for k, (_, p) in enumerate(finished)])
    return components_of(all_rows, all_labels)


def runs(flat: list[int], bounds: np.ndarray) -> list[list[int]]:
    """The list cut at the given positions (slicing a Python list beats numpy's split here)."""
    edges = [0, *bounds.tolist(), len(flat)]
    return [flat[start:end] for start, end in itertools.pairwise(edges)] if flat else []


def _within_pairs(
    pieces: list[list[int]],
) -> tuple[np.ndarray, np.ndarray, list[tuple[int, np.ndarray, slice]]]:
    """Every pair (a < b) within each piece (rows ascending), built size by size: the layout says,
    for each size, which pieces have it and where their pairs lie, piece after piece, each in the
    order of np.triu_indices(size, 1)."""
    sizes = np.fromiter(map(len, pieces), dtype=np.int64, count=len(pieces))
    members = np.fromiter(itertools.chain.from_iterable(pieces), dtype=np.int64, count=int(sizes.sum()))
    starts = np.cumsum(sizes) - sizes
    total = int((sizes * (sizes - 1) // 2).sum())
    a, b = np.empty(total, dtype=np.int64), np.empty(total, dtype=np.int64)
    layout: list[tuple[int, np.ndarray, slice]] = []
    filled = 0
    for size in np.sort(pd.unique(sizes)).tolist():  # pieces of one size share their pair pattern
        which = np.flatnonzero(sizes == size)
        i, j = np.triu_indices(size, k=1)
        base = starts[which][:, None]
        done = slice(filled, filled + len(which) * len(i))
        a[done], b[done] = members[(base + i).ravel()], members[(base + j).ravel()]
        layout.append((size, which, done))
        filled = done.stop
    return a, b, layout


def cluster_pieces(
    f: Features, pieces: list[list[int]]
) -> tuple[list[list[int]], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Incidents from pieces by average linkage with cannot-links, all pieces at once.

    A piece whose every pair clears the threshold with no cannot-link is one incident (every
    merge would average at least the threshold). The rest merge in rounds (`_merge_rounds`),
    pieces of one size together as a stack of score matrices.

    Also returns the pairs within the incidents found (a, b and its score): their links need no
    second scoring.
    """
    if not pieces:
        return [], (np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64), np.zeros(0))
    a, b, layout = _within_pairs(pieces)
    score, veto = _scored_in_threads(f, a, b)
    inside = np.ones(len(a), dtype=bool)  # whether the pair lies within one incident
    groups: list[list[int]] = []
    stacks: list[tuple[int, np.ndarray, np.ndarray, np.ndarray]] = []  # size, pieces, scores, vetoes
    inside_of: list[tuple[np.ndarray, np.ndarray]] = []  # per stack: its pairs' `inside`, its rows there
    for size, which, span in layout:
        piece_score = score[span].reshape(len(which), -1)
        piece_veto = veto[span].reshape(len(which), -1)
        failing = (piece_veto | (piece_score < THRESHOLD)).any(axis=1)
        groups.extend(pieces[k] for k in which[~failing].tolist())  # pieces hold their rows ascending
        stuck = np.flatnonzero(failing)
        at_once = max(1, MATRIX_CELLS // (size * size))
        for start in range(0, len(stuck), at_once):
            batch = stuck[start : start + at_once]
            stacks.append((size, which[batch], piece_score[batch], piece_veto[batch]))
            inside_of.append((inside[span].reshape(len(which), -1), batch))  # a view of `inside`
    with ThreadPoolExecutor(WORKERS) as pool:
        clusters = pool.map(lambda stack: _merge_rounds(stack[2], stack[3], stack[0]), stacks)
        for (size, batch, _, _), (piece_inside, at), cluster in zip(stacks, inside_of, clusters, strict=True):
            i, j = np.triu_indices(size, k=1)
            piece_inside[at] = cluster[:, i] == cluster[:, j]
            rows = np.array([pieces[k] for k in batch.tolist()], dtype=np.int64)
            groups.extend(
                components_of(rows.ravel(), (cluster + size * np.arange(len(batch))[:, None]).ravel())
            )
    return groups, (a[inside], b[inside], score[inside])


def _merge_rounds(score: np.ndarray, veto: np.ndarray, size: int) -> np.ndarray:
    """Average linkage with cannot-links for a stack of pieces of one size (each row of `score`
    and `veto` holds a piece's pairs in np.triu_indices order); returns, per piece and member,
    the member (by position) that stands for its cluster.

    In each round every two clusters that are each other's best partner (the highest average
    score, ties to the lowest row number) merge: average linkage is reducible, and a cannot-link
    only lowers a merged cluster's score, so merging reciprocal nearest neighbours together gives
    the same incidents as merging one pair at a time, in far fewer rounds. Cluster-to-cluster
    sums are kept in one matrix per piece; a cluster stands at its lowest member's position. A
    piece with no pair left at the threshold is finished and leaves the stack.
    """
    count = len(score)
    i, j = np.triu_indices(size, k=1)
    total = np.zeros((count, size, size))
    total[:, i, j] = total[:, j, i] = score
    forbidden = np.zeros((count, size, size), dtype=bool)
    forbidden[:, i, j] = forbidden[:, j, i] = veto
    forbidden[:, np.arange(size), np.arange(size)] = True
    weight = np.ones((count, size))
    parent = np.tile(np.arange(size), (count, 1))
    live = np.arange(count)  # the pieces still merging, by position in the stack
    while len(live):
        # rounded, so that the order sums were added in cannot tip a tie or the threshold
        average = np.round(total / (weight[:, :, None] * weight[:, None, :]), 9)
        candidate = ~forbidden & (average >= THRESHOLD)
        able = np.any(candidate, axis=2)
        merging = able.any(axis=1)
        if not merging.all():
            live, total, forbidden, weight = (
                live[merging],
                total[merging],
                forbidden[merging],
                weight[merging],
            )
            average, candidate, able = average[merging], candidate[merging], able[merging]
        if not len(live):
            break
        best = np.where(candidate, average, -np.inf).max(axis=2)
        choice = np.argmax(candidate & (average == best[:, :, None]), axis=2)  # ties: the lowest
        piece, chooser = np.nonzero(able)
        chosen = choice[piece, chooser]
        mutual = (choice[piece, chosen] == chooser) & (chooser < chosen)
        piece, keep, gone = piece[mutual], chooser[mutual], chosen[mutual]
        if not len(piece):  # cannot happen: the best pair of a piece is always mutual
            break
        total[piece, keep, :] += total[piece, gone, :]
        total[piece, :, keep] += total[piece, :, gone]
        forbidden[piece, keep, :] |= forbidden[piece, gone, :]
        forbidden[piece, :, keep] |= forbidden[piece, :, gone]
        forbidden[piece, gone, :] = forbidden[piece, :, gone] = True  # gone: merged into keep
        weight[piece, keep] += weight[piece, gone]
        parent[live[piece], gone] = keep
    stack = np.arange(count)[:, None]
    while True:  # each member to the cluster it was merged into, through every round
        root = parent[stack, parent]
        if (root == parent).all():
            return parent
        parent = root


def components_of(rows: np.ndarray, label: np.ndarray) -> list[list[int]]:
    order = np.lexsort((rows, label))
    return runs(rows[order].tolist(), np.flatnonzero(np.diff(label[order])) + 1)


def _scored_in_threads(f: Features, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """score_pairs (skipping forbidden pairs) for many pairs, slices scored in threads at once."""
    parts = in_slices(lambda x, y: score_pairs(f, x, y, True), a, b, PAIRS_AT_ONCE)
    if not parts:
        return np.zeros(0), np.zeros(0, dtype=bool)
    return np.concatenate([score for score, _ in parts]), np.concatenate([veto for _, veto in parts])
