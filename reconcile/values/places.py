"""Places: a chain of names, most specific first, keyed so that spellings meet.

Owns the place key: accents, case and generic words ("district", "city")
removed, then a consonant skeleton (q->k, v->w, vowels and h dropped after the
first letter, doubled letters collapsed), so that Musakhail / Musakhel /
Musa Khel, Qalat / Kalat and Gwadar / Gawadar share a key. Names whose
skeleton is too short to be distinctive keep their folded spelling.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reconcile.values.text import fold

GENERIC_WORDS = frozenset(
    {
        "district",
        "city",
        "town",
        "village",
        "province",
        "tehsil",
        "area",
        "region",
        "division",
        "agency",
        "county",
        "governorate",
        "state",
        "the",
        "of",
        "in",
        "near",
        "outskirts",
        "suburb",
        "suburbs",
        "sub",
        "subdistrict",
        "neighbourhood",
        "neighborhood",
        "locality",
        "provincial",
        "capital",
        "territory",
        "remote",
        "highway",
    }
)
_SKELETON_DROP = re.compile(r"[aeiouyh]")
_REPEATS = re.compile(r"(.)\1+")
MIN_SKELETON = 3


@lru_cache(maxsize=262144)
def place_key(name: str) -> str:
    """A key shared by transliteration variants of one place name."""
    words = [w for w in fold(name).split() if w not in GENERIC_WORDS]
    compact = "".join(words) or fold(name).replace(" ", "")
    if not compact:
        return ""
    spelled = compact.replace("ph", "f").replace("q", "k").replace("v", "w").replace("x", "ks")
    skeleton = _REPEATS.sub(r"\1", spelled[0] + _SKELETON_DROP.sub("", spelled[1:]))
    return skeleton if len(skeleton) >= MIN_SKELETON else compact


@dataclass(frozen=True)
class Place:
    """A parsed place: the leaf (most specific) key and every key it lies within."""

    parts: tuple[str, ...]  # display names, most specific first (canonical where known)
    keys: tuple[str, ...]  # the parts' keys, then known ancestors' keys
    known: bool = False  # some part is in the vocabulary, so where it lies is known
    region: bool = False  # the leaf is a known region that other places lie within

    @property
    def leaf(self) -> str:
        return self.keys[0]

    def display(self) -> str:
        return ", ".join(self.parts)


def split_parts(raw: str) -> list[str]:
    parts = [p.strip() for p in re.split(r"[,;]|\s+-\s+", raw) if p.strip()]
    return [re.sub(r"^(?:in|near|at|the)\s+", "", p, flags=re.IGNORECASE) for p in parts]


def relation(a: Place, b: Place) -> str:
    """'agree' for the same place, 'compatible' when one lies within the other, else 'conflict'.

    A place the vocabulary does not know may lie within a known region (an unlisted district
    within a province): that is compatible, since nothing says it is not.
    """
    if a.leaf == b.leaf:
        return "agree"
    if b.leaf in a.keys or a.leaf in b.keys:
        return "compatible"
    if (a.region and not b.known) or (b.region and not a.known):
        return "compatible"
    return "conflict"
