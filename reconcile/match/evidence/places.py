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

from reconcile.match.evidence.base import NONE, Kind, Level, codes_by, column, numbers, taken, texts
from reconcile.schema import COARSE_PLACE
from reconcile.schema import Kind as ValueKind
from reconcile.values import ParsedAccounts
from reconcile.values.places import NEARBY_KM, SAME_PLACE_KM, compact, distances_km, written_form

if TYPE_CHECKING:
    from reconcile.match.features import Features


PLACE_LEVELS_BLOCKED = 2  # block on the two most specific levels of a place
PREFIX_LETTERS = 3  # a typo rarely touches the first letters of a transliteration key
SIMILAR_PLACE = 80  # rapidfuzz ratio at which two unknown spellings are one place
DATASET_WINDOW_KM = NEARBY_KM  # records of event datasets further apart are two events (`--within-km`)
# the levels, in order
SAME_WRITTEN, SAME, SIMILAR, DIFFER, APART, WITHIN, CLOSE, NEARBY, FAR, BEYOND_WINDOW = range(10)


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
    leaf_texts: list[str]  # the distinct most specific parts as written, compact (`places.compact`)
    written: np.ndarray  # per account, a code into `written_texts`: the location as written
    written_texts: pa.Array
    leaf_shown: np.ndarray  # per account, a code into `leaf_shown_texts`: the most specific part
    leaf_shown_texts: pa.Array  # as shown ("" for no place)
    leaf_shown_folded: np.ndarray  # per account, a code shared by leaves written alike (`written_form`)
    latitude: np.ndarray  # per account, in degrees: given in the accounts, else the gazetteer's town
    longitude: np.ndarray  # (NaN for neither)
    given: np.ndarray  # per account: its coordinates were given in the accounts
    town: np.ndarray  # per account: the GeoNames id of its town, -1 for none
    members: list[tuple[int, ...]]  # per distinct place: the key codes of the places it lists
    member_points: list[tuple[tuple[float, float], ...]]  # ... and the points of their towns
    towns_code: np.ndarray  # per distinct place: a code into `town_sets` (-1 for none)
    town_sets: list[frozenset[int]]  # the distinct sets of towns a leaf's name may be


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
    members = [
        tuple(key_codes.setdefault(m.leaf, len(key_codes)) for m in d.members) if d is not None else ()
        for d in details
    ]
    member_points = [
        tuple(m.town.point for m in d.members if m.town) if d is not None else () for d in details
    ]
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
    leaf_names = [(d.leaf_written or d.parts[0]) if d else "" for d in details]  # as the source wrote it
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
    latitude, longitude, given = _points(parsed, details, uid)
    town_ids = np.array([d.town.geonameid if d is not None and d.town else -1 for d in details] + [-1])
    set_codes: dict[frozenset[int], int] = {}
    towns_code = [
        set_codes.setdefault(d.towns, len(set_codes)) if d is not None and d.towns else -1 for d in details
    ]
    town_sets = list(set_codes)
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
        leaf_shown_folded=codes_by([*leaf_names, ""], written_form)[0][shown],
        latitude=latitude,
        longitude=longitude,
        given=given,
        town=town_ids[np.where(uid >= 0, uid, len(details))] if n else np.zeros(0, dtype=np.int64),
        towns_code=np.array([*towns_code, -1], dtype=np.int64),
        members=members,
        member_points=member_points,
        town_sets=town_sets,
    )


def _points(
    parsed: ParsedAccounts, details: list, uid: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each account's point: its own coordinates where given, else its town's in the gazetteer."""
    n = len(parsed.table)
    towns = [d.town if d is not None else None for d in details] + [None]
    town_lat = np.array([t.latitude if t else np.nan for t in towns], dtype=np.float64)
    town_lon = np.array([t.longitude if t else np.nan for t in towns], dtype=np.float64)
    at = np.where(uid >= 0, uid, len(details)) if n else np.zeros(0, dtype=np.int64)
    latitude, longitude = town_lat[at], town_lon[at]
    lat, lon = numbers(parsed.table, "latitude"), numbers(parsed.table, "longitude")
    given = ~np.isnan(lat) & ~np.isnan(lon)
    latitude, longitude = np.where(given, lat, latitude), np.where(given, lon, longitude)
    coarse = np.zeros(n, dtype=bool)
    for name, first_coarse in COARSE_PLACE.items():
        coarse |= numbers(parsed.table, name) >= first_coarse
    # a point that stands for an area (a province's centre) says nothing of where the event was:
    # its names say it, by the chains of places
    latitude, longitude = (
        np.where(coarse & given, np.nan, latitude),
        np.where(coarse & given, np.nan, longitude),
    )
    return latitude, longitude, given & ~coarse


def _block_keys(keys: tuple[str, ...], levels: int, key_codes: dict[str, int]) -> list[int]:
    """The keys a place is blocked under: its most specific levels (up to two: a province or a
    country would make blocks too large) and the first letters of its most specific key."""
    return [key_codes[k] for k in keys[:levels]] + [key_codes["~" + keys[0][:PREFIX_LETTERS]]]


def _by_distance(f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray) -> np.ndarray:
    """Where both accounts have a point, distance decides what names could not: places named
    differently (or known to lie apart by a name) within SAME_PLACE_KM are one place, within
    NEARBY_KM near, beyond it apart, where an account gave its own coordinates; two town centres
    of the gazetteer are near within SAME_PLACE_KM, else apart. Two given points of one name far
    apart, or two towns of one name, are apart. A point never vetoes: a wrong or coarse gazetteer
    hit must not overrule the names. Two records of event datasets whose precise points lie
    further apart than the distance window are two events, whatever their names say."""
    p = f.places
    both = ~np.isnan(p.latitude[a]) & ~np.isnan(p.latitude[b])
    if not both.any():
        return level
    rows = np.flatnonzero(both)
    km = distances_km(p.latitude[a[rows]], p.longitude[a[rows]], p.latitude[b[rows]], p.longitude[b[rows]])
    open_names = np.isin(level[rows], (SIMILAR, DIFFER, APART))
    one_name = np.isin(level[rows], (SAME_WRITTEN, SAME))
    given_apart = one_name & p.given[a[rows]] & p.given[b[rows]] & (km > NEARBY_KM)
    ta, tb = p.town[a[rows]], p.town[b[rows]]
    two_towns = one_name & (ta >= 0) & (tb >= 0) & (ta != tb) & (km > SAME_PLACE_KM)
    by_km = np.where(km <= SAME_PLACE_KM, CLOSE, np.where(km <= NEARBY_KM, NEARBY, FAR))
    towns_only = ~p.given[a[rows]] & ~p.given[b[rows]]  # two town centres: near is all they say
    by_km = np.where(towns_only, np.where(km <= SAME_PLACE_KM, NEARBY, FAR), by_km)
    level = level.copy()
    level[rows] = np.where(open_names | given_apart | two_towns, by_km, level[rows])
    records = f.dataset[a[rows]] & f.dataset[b[rows]] & p.given[a[rows]] & p.given[b[rows]]
    level[rows[records & (km > f.windows.km)]] = BEYOND_WINDOW
    return level


def _names_of_different_towns(
    p: PlaceFeatures, ua: np.ndarray, ub: np.ndarray, same: np.ndarray
) -> np.ndarray:
    """Per pair of one leaf: its two names are known to the gazetteer as names of different
    towns, none bearing both (Pokrovsk, Pokrovske): two places. Read once per distinct pair."""
    found = np.zeros(len(ua), dtype=bool)
    rows = np.flatnonzero(
        same & (p.towns_code[ua] >= 0) & (p.towns_code[ub] >= 0) & (p.towns_code[ua] != p.towns_code[ub])
    )
    if len(rows):
        pairs, inverse = np.unique(
            np.stack([p.towns_code[ua[rows]], p.towns_code[ub[rows]]]), axis=1, return_inverse=True
        )
        disjoint = np.array([p.town_sets[x].isdisjoint(p.town_sets[y]) for x, y in pairs.T], dtype=bool)
        found[rows] = disjoint[inverse.reshape(-1)]
    return found


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
        Level(
            "same place by another name or spelling (a transliteration, an alias, a gazetteer's name)",
            0.40,
            ("same place by another name or spelling (", " = ", ")"),
        ),
        Level(f"similar spelling (ratio >= {SIMILAR_PLACE})", 0.30, ("place names alike (", " / ", ")")),
        Level("different places, not known to lie apart", -0.10, ("places differ (", " / ", ")")),
        Level("places the vocabulary knows lie apart", 0.0, ("places lie apart (", " / ", ")"), veto=True),
        Level("one within the other", 0.25, ("", " lies within ", "")),
        Level(f"given points within {SAME_PLACE_KM:g} km, the names aside", 0.40, ("", " apart (", ")")),
        Level(
            f"given points within {NEARBY_KM:g} km, or town centres within {SAME_PLACE_KM:g} km",
            0.20,
            ("", " apart (", ")"),
        ),
        Level(
            f"points more than {NEARBY_KM:g} km apart, or given coordinates or towns of one name",
            -0.10,
            ("", " apart (", ")"),
        ),
        Level(
            "records of event datasets whose precise points lie further apart than the window"
            f" (`--within-km`, default {DATASET_WINDOW_KM:g})",
            0.0,
            ("", " apart (", ")"),
            veto=True,
        ),
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
        two_towns = _names_of_different_towns(p, ua, ub, same)
        same &= ~two_towns
        within = np.zeros(len(a), dtype=bool)
        rows = np.flatnonzero(placed & ~same & ~two_towns)  # chains are read only where leaves differ
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
        level[two_towns & ~apart] = DIFFER  # however alike the names: the gazetteer knows them apart
        return _by_distance(f, a, b, level)

    def shown(
        self, f: Features, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        p = f.places
        if (level >= CLOSE).any():
            return self._shown_with_distance(p, a, b, level)
        return self._shown(p, a, b, level)

    def _shown_with_distance(
        self, p: PlaceFeatures, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
        left, right = self._shown(p, a, b, level)
        far = level >= CLOSE
        km = distances_km(p.latitude[a], p.longitude[a], p.latitude[b], p.longitude[b])
        km_text = pa.array([f"{k:,.1f} km" if f else "" for k, f in zip(km, far, strict=True)], pa.string())
        names = pc.binary_join_element_wise(
            taken(p.written_texts, p.written[a]), taken(p.written_texts, p.written[b]), " / "
        )
        far_array = pa.array(far)
        return pc.if_else(far_array, km_text, left), pc.if_else(far_array, names, right)

    def _shown(
        self, p: PlaceFeatures, a: np.ndarray, b: np.ndarray, level: np.ndarray
    ) -> tuple[pa.Array, pa.Array]:
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
