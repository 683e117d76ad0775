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
ARTICLES = frozenset({"a", "an"})
_SKELETON_DROP = re.compile(r"[aeiouyh]")
_REPEATS = re.compile(r"(.)\1+")
MIN_SKELETON = 3


@lru_cache(maxsize=1 << 20)
def compact(name: str) -> str:
    """The name folded, without generic words or spaces: what spellings are compared on."""
    words = fold(name).replace("-", " ").split()
    named = [w for w in words if w not in GENERIC_WORDS]
    if len(named) == 1 and named[0] in ARTICLES and len(words) > 1:
        return ""  # "a village", "an area": an article and generic words name no place
    return "".join(named)


@lru_cache(maxsize=262144)
def place_key(name: str) -> str:
    """A key shared by transliteration variants of one place name ("" when only generic words)."""
    spelled = compact(name)
    if not spelled:
        return ""
    letters = spelled
    spelled = spelled.replace("sch", "sh").replace("ph", "f").replace("q", "k").replace("v", "w")
    spelled = spelled.replace("x", "ks")
    skeleton = _REPEATS.sub(r"\1", spelled[0] + _SKELETON_DROP.sub("", spelled[1:]))
    return skeleton if len(skeleton) >= MIN_SKELETON else letters


@dataclass(frozen=True)
class Place:
    """A parsed place: the leaf (most specific) key and every key it lies within."""

    parts: tuple[str, ...]  # display names, most specific first (canonical where known)
    keys: tuple[str, ...]  # the parts' keys, then known ancestors' keys
    region: bool = False  # the leaf is a known region that other places lie within
    anchor: str = ""  # key of the most specific part the vocabulary knows ("" for none)

    @property
    def known(self) -> bool:
        """Some part is in the vocabulary, so where the place lies is known."""
        return bool(self.anchor)

    @property
    def leaf(self) -> str:
        return self.keys[0]

    def display(self) -> str:
        return ", ".join(self.parts)


# "Dasht area of Kech", "a village near Turbat": the first place lies within (or by) the second.
# Each `\s+` starts only where a run of spaces does (`(?<!\s)`): tried from every space of a long
# run, the split was quadratic in the run (8,000 spaces took 2 s); the parts are the same.
_PARTS = re.compile(
    r"[,;]|(?<!\s)\s+(?:-\s+|(?:area|outskirts|suburbs?|vicinity)\s+of\s+|near\s+)", re.IGNORECASE
)


_LEADING = re.compile(r"^(?:in|near|at|the)\s+", re.IGNORECASE)
_LEADING_LETTERS = frozenset("iInNaAtT")  # only a part starting so can need _LEADING


def split_parts(raw: str) -> list[str]:
    """A location's names, most specific first, without a leading "in", "near", "at" or "the".
    (A part made only of generic words, such as "village", has no place key: readers skip it.)"""
    stripped = (p.strip() for p in _PARTS.split(raw))
    return [_LEADING.sub("", p) if p[0] in _LEADING_LETTERS else p for p in stripped if p]


# The same splitting for Arrow (RE2), on printable ASCII only: there `\s` is a space in both.
_PARTS_RE2 = r"(?i)[,;]|\s+-\s+|\s+(?:area|outskirts|suburbs?|vicinity)\s+of\s+|\s+near\s+"
_LEADING_RE2 = r"(?i)^(?:in|near|at|the)\s+"


def split_parts_many(texts: list[str]) -> tuple[list[int], list[int], list[str]]:
    """split_parts for many stripped texts of printable ASCII at once, by Arrow: each text's parts
    as codes into the distinct parts (text i's codes are codes[starts[i]:starts[i + 1]])."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    pieces = pc.split_pattern_regex(pa.array(texts, pa.string()), _PARTS_RE2)
    flat = pc.utf8_trim_whitespace(pieces.flatten())
    kept = pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
    owner = np.repeat(np.arange(len(texts)), np.diff(pieces.offsets.to_numpy()))[kept]
    parts = pc.replace_substring_regex(flat.filter(pa.array(kept)), _LEADING_RE2, "", max_replacements=1)
    encoded = parts.dictionary_encode()
    starts = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(texts)))])
    return starts.tolist(), encoded.indices.to_numpy().tolist(), encoded.dictionary.to_pylist()


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
