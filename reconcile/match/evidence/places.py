"""Evidence from places: the same place, a similar spelling, one within the other, places that
differ, or places the vocabulary knows to lie apart. Owns the place features (each distinct
place's chain of keys, most specific first, and its block keys) that blocking also reads.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from rapidfuzz import fuzz, process

from reconcile.match.evidence.base import NONE, Kind, Level, codes_by, column, taken, texts
from reconcile.schema import Kind as ValueKind
from reconcile.values import ParsedAccounts
from reconcile.values.places import compact
from reconcile.values.text import fold

if TYPE_CHECKING:
    from reconcile.match.features import Features


PLACE_LEVELS_BLOCKED = 2  # block on the two most specific levels of a place
PREFIX_LETTERS = 3  # a typo rarely touches the first letters of a transliteration key
SIMILAR_PLACE = 80  # rapidfuzz ratio at which two unknown spellings are one place
SAME_WRITTEN, SAME, SIMILAR, DIFFER, APART, WITHIN = range(6)  # the levels, in order


@dataclass(frozen=True)
class PlaceFeatures:
    """Per account, `uid` indexes its distinct place (-1 for none); per distinct place, `chain`
    holds level by level the key codes of its chain, most specific first (padded with -2), and
    `block_keys[block_start:block_start + block_size]` the keys it is blocked under."""

    uid: np.ndarray
    leaf: np.ndarray  # per account: key code of the most specific part, -1 for none
    chain: tuple[np.ndarray, ...]
    n_keys: int
    anchor: np.ndarray  # per account: key code of the most specific part the vocabulary knows
    block_keys: np.ndarray  # every distinct place's block keys, then the day alone, back to back
    block_start: np.ndarray  # per distinct place (index -1: no place): where its keys start
    block_size: np.ndarray
    leaf_text: np.ndarray  # per distinct place: a code into `leaf_texts`
    leaf_texts: list[str]  # the distinct most specific parts, folded, without generic words
    written: np.ndarray  # per account, a code into `written_texts`: the location as written
    written_texts: pa.Array
    leaf_shown: np.ndarray  # per account, a code into `leaf_shown_texts`: the most specific part
    leaf_shown_texts: pa.Array  # as shown ("" for no place)
    leaf_shown_folded: np.ndarray  # per account, a code shared by parts shown alike once folded


def place_features(parsed: ParsedAccounts) -> PlaceFeatures:
    n = len(parsed.table)
    place = column(parsed, "location", ValueKind.PLACE)
    details = [v.detail for v in place.uniques]
    # many spellings share a form (keys, anchor, levels blocked): forms are coded once each
    forms: dict[tuple[tuple[str, ...], str, int], int] = {}
    form_of = [
        forms.setdefault((d.keys, d.anchor, min(PLACE_LEVELS_BLOCKED, len(d.parts))), len(forms))
        if d is not None
        else -1
        for d in details
    ]
    key_codes: dict[str, int] = {}
    for keys, _, _ in forms:
        for key in keys:
            key_codes.setdefault(key, len(key_codes))
        key_codes.setdefault("~" + keys[0][:PREFIX_LETTERS], len(key_codes))
    n_keys = max(1, len(key_codes))
    no_place, unread = len(forms), len(forms) + 1  # the forms of "no location" and "no place found"
    form = np.array([f if f >= 0 else unread for f in form_of] + [no_place], dtype=np.int64)
    width = max([len(keys) for keys, _, _ in forms] + [1])
    form_chain = np.full((len(forms) + 2, width), -2, dtype=np.int64)
    for code, (keys, _, _) in enumerate(forms):
        form_chain[code, : len(keys)] = [key_codes[k] for k in keys]
    chain = form_chain[form]  # per distinct place, and a last row for none
    has_place = form[:-1] != unread
    leaf_of = np.where(has_place, chain[:-1, 0], -1)
    uid = np.where(has_place[place.codes], place.codes, -1) if n else np.zeros(0, dtype=np.int64)
    leaf_names = [d.parts[0] if d else "" for d in details]
    leaf_codes, leaf_texts = codes_by(leaf_names, compact)
    form_blocks = [[*_block_keys(keys, levels, key_codes), n_keys + 1] for keys, _, levels in forms]
    form_blocks += [[n_keys, n_keys + 1], []]  # no place: a key of its own, and the day alone
    form_size = np.array([len(keys) for keys in form_blocks], dtype=np.int64)
    block_size = form_size[form]
    block_start = np.cumsum(block_size) - block_size
    flat = np.repeat((np.cumsum(form_size) - form_size)[form], block_size) + (
        np.arange(block_size.sum()) - np.repeat(block_start, block_size)
    )
    form_anchor = np.array([key_codes[anchor] if anchor else -1 for _, anchor, _ in forms] + [-1, -1])
    shown = np.where(uid >= 0, uid, len(details))  # the leaf each account shows, the last for none
    return PlaceFeatures(
        uid=uid.astype(np.int64),
        leaf=np.where(uid >= 0, leaf_of[np.maximum(uid, 0)], -1) if n else np.zeros(0, dtype=np.int64),
        chain=tuple(np.ascontiguousarray(chain[:, level]) for level in range(chain.shape[1])),
        n_keys=n_keys,
        anchor=form_anchor[form][uid] if n else np.zeros(0, dtype=np.int64),
        block_keys=np.fromiter(itertools.chain.from_iterable(form_blocks), dtype=np.int64)[flat],
        block_start=block_start,
        block_size=block_size,
        leaf_text=leaf_codes.astype(np.int64),
        leaf_texts=leaf_texts,
        written=np.asarray(place.codes, dtype=np.int64),
        written_texts=texts(v.raw for v in place.uniques),
        leaf_shown=shown,
        leaf_shown_texts=texts([*leaf_names, ""]),
        leaf_shown_folded=codes_by([*leaf_names, ""], fold)[0][shown],
    )


def _block_keys(keys: tuple[str, ...], levels: int, key_codes: dict[str, int]) -> list[int]:
    """The keys a place is blocked under: its most specific levels (up to two: a province or a
    country would make blocks too large) and the first letters of its most specific key."""
    return [key_codes[k] for k in keys[:levels]] + [key_codes["~" + keys[0][:PREFIX_LETTERS]]]


def lies_in(places: PlaceFeatures, uids: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Whether each place (by distinct-place code) has the key in its chain."""
    found = places.chain[0][uids] == keys
    for level in places.chain[1:]:
        found |= level[uids] == keys
    return found


class Places(Kind):
    name = "place"
    summary = "the most specific places, their chains of places they lie within, and their spellings"
    levels: ClassVar[tuple[Level, ...]] = (
        Level("same place, written alike", 0.40, ("same place (", "", ")")),
        Level("same place after transliteration", 0.40, ("same place after transliteration (", " = ", ")")),
        Level(f"similar spelling (ratio >= {SIMILAR_PLACE})", 0.30, ("place names alike (", " / ", ")")),
        Level("different places, not known to lie apart", -0.10, ("places differ (", " / ", ")")),
        Level("places the vocabulary knows lie apart", 0.0, ("places lie apart (", " / ", ")"), veto=True),
        Level("one within the other", 0.25, ("", " lies within ", "")),
    )

    def level(self, f: Features, a: np.ndarray, b: np.ndarray, earlier: dict[str, np.ndarray]) -> np.ndarray:
        """A conflict needs knowledge: the most specific places the vocabulary knows on each side
        lie apart (Quetta and Gwadar; Balochistan and Sindh). Two names it does not know may be a
        village and the district around it, so they only differ."""
        p = f.places
        ua, ub = p.uid[a], p.uid[b]
        placed = (ua >= 0) & (ub >= 0)
        leaf_a, leaf_b = p.leaf[a], p.leaf[b]
        same = placed & (leaf_a == leaf_b)
        within = np.zeros(len(a), dtype=bool)
        rows = np.flatnonzero(placed & ~same)  # the chains are read only where the leaves differ
        within[rows] = lies_in(p, ua[rows], leaf_b[rows]) | lies_in(p, ub[rows], leaf_a[rows])
        open_question = placed & ~same & ~within
        anchor_a, anchor_b = p.anchor[a], p.anchor[b]
        apart = np.zeros(len(a), dtype=bool)
        rows = np.flatnonzero(open_question & (anchor_a >= 0) & (anchor_b >= 0))
        apart[rows] = ~lies_in(p, ua[rows], anchor_b[rows]) & ~lies_in(p, ub[rows], anchor_a[rows])
        level = np.full(len(a), NONE, dtype=np.int64)
        rows = np.flatnonzero(same)  # written alike, or only after transliteration
        level[rows] = np.where(
            p.leaf_shown_folded[a[rows]] == p.leaf_shown_folded[b[rows]], SAME_WRITTEN, SAME
        )
        level[within] = WITHIN
        level[open_question & apart] = APART
        unknown = np.flatnonzero(open_question & ~apart)
        if len(unknown):
            ta, tb = p.leaf_text[ua[unknown]], p.leaf_text[ub[unknown]]
            n_texts = len(p.leaf_texts)
            codes, distinct = pd.factorize(np.minimum(ta, tb) * n_texts + np.maximum(ta, tb))
            names = p.leaf_texts
            ratios = process.cpdist(
                [names[t] for t in distinct // n_texts], [names[t] for t in distinct % n_texts],
                scorer=fuzz.ratio, workers=-1,
            )  # fmt: skip
            level[unknown] = np.where((np.asarray(ratios) >= SIMILAR_PLACE)[codes], SIMILAR, DIFFER)
        return level

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        p = f.places
        within = level == WITHIN
        b_inside = within & ~lies_in(p, p.uid[a], p.leaf[b])  # else a lies within b
        inner, outer = np.where(b_inside, b, a), np.where(b_inside, a, b)
        alike = pa.array(level == SAME_WRITTEN)
        return (
            pc.if_else(
                alike, taken(p.leaf_shown_texts, p.leaf_shown[a]), taken(p.written_texts, p.written[inner])
            ),
            pc.if_else(alike, "", taken(p.written_texts, p.written[outer])),
        )
