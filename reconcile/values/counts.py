"""Count phrases -> intervals [low, high] (high None = unbounded).

Owns the count-phrase table of DESIGN.md: number words, qualifiers ("at
least", "about", "nearly"), ranges, dozens and vague quantities. The raw
text is never changed; `parse_count` returns the interval beside a note
saying what, if anything, was not understood.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reconcile.values.text import is_missing

ZERO_PHRASES = frozenset(
    {
        "0",
        "zero",
        "no one",
        "none",
        "nobody",
        "no casualties",
        "no deaths",
        "no one killed",
        "no fatalities",
        "no injuries",
        "nil",
        "no-one",
        "not a single person",
    }
)

UNITS = {
    "zero": 0,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
NUMBER_WORDS = "|".join(sorted([*UNITS, *TENS, *SCALES, "and", "a", "an"], key=len, reverse=True))

_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.0+)?"
_WORDS = rf"(?:{NUMBER_WORDS})(?:[\s-]+(?:{NUMBER_WORDS}))*"
_DOZEN = rf"(?:half a|a|an|{_DIGITS}|{_WORDS})\s+dozen"
Q = rf"(?:{_DOZEN}|{_DIGITS}|{_WORDS})"

VAGUE: dict[str, tuple[int, int | None]] = {
    "tens of thousands": (20_000, None),
    "hundreds of thousands": (200_000, None),
    "thousands": (2000, None),
    "hundreds": (200, None),
    "scores": (40, None),
    "dozens": (24, None),
    "tens": (20, None),
    "a few": (2, 5),
    "few": (2, 5),
    "a handful": (2, 5),
    "several": (3, None),
    "many": (2, None),
    "numerous": (2, None),
}


@dataclass(frozen=True)
class Count:
    """A parsed count: missing, or an interval, with a note on anything not understood."""

    low: int | None
    high: int | None
    missing: bool = False
    note: str = ""

    @property
    def parsed(self) -> bool:
        return not self.missing and self.low is not None


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + pattern.replace("Q", f"({Q})") + "$")


# The qualifiers of the count-phrase table of DESIGN.md, by the interval they give: written before
# the quantity ("at least 23"), or after it ("23 or more"). `reconcile extract` finds figures by them.
QUALIFIERS_BEFORE: dict[str, tuple[str, ...]] = {
    "at_least": ("at least", "a minimum of", "minimum of", "no fewer than", "no less than", "not less than"),
    "more_than": ("more than", "over", "upwards of", "in excess of", "above", "greater than"),
    "up_to": ("up to", "at most", "no more than", "not more than", "a maximum of", "maximum of"),
    "fewer_than": ("fewer than", "less than", "under", "below"),
    "exact": ("as many as",),
    "about": (
        "about",
        "around",
        "approximately",
        "approx.",
        "approx",
        "roughly",
        "some",
        "an estimated",
        "estimated",
        "circa",
        "c.",
        "~",
        "close to",
    ),
    "nearly": ("nearly", "almost", "just under", "just short of"),
}
QUALIFIERS_AFTER: dict[str, tuple[str, ...]] = {"at_least": ("or more", "and more", "or above", "plus", "+")}


def alternation(phrases: Iterable[str]) -> str:
    """A regular-expression alternation matching any of the phrases literally, longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))


QUALIFIER = alternation(q for qualifiers in QUALIFIERS_BEFORE.values() for q in qualifiers)
QUALIFIER_AFTER = alternation(q for qualifiers in QUALIFIERS_AFTER.values() for q in qualifiers)
VAGUE_PHRASE = alternation(VAGUE)

# The count-phrase table of DESIGN.md as (pattern, interval from the quantities) rows.
RULES: list[tuple[re.Pattern[str], str]] = [
    *((_rule(rf"(?:{alternation(words)}) Q"), rule) for rule, words in QUALIFIERS_BEFORE.items()),
    *((_rule(rf"Q\s*(?:{alternation(words)})"), rule) for rule, words in QUALIFIERS_AFTER.items()),
    (_rule(r"Q"), "exact"),  # before ranges, so that "twenty-three" is not 20-3
    (_rule(r"between Q and Q"), "range"),
    (_rule(r"(?:from )?Q\s*(?:-|to|or)\s*Q"), "range"),
]

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_HAS_FIGURE = re.compile(rf"\d|\b(?:{'|'.join([*UNITS, *TENS])})\b")


def normalise(raw: str) -> str:
    text = _DASHES.sub("-", raw.casefold())
    text = _SPACES.sub(" ", text).strip()
    return text.rstrip(".;:,!").strip()


def number_value(text: str) -> int | None:
    """The integer a quantity phrase names: digits, number words, dozens; None if not a number."""
    text = text.strip()
    if re.fullmatch(_DIGITS, text):  # "1,200", and "23.0" as spreadsheets export whole numbers
        return int(text.replace(",", "").split(".")[0])
    dozen = re.fullmatch(r"(.+?)\s+dozen", text)
    if dozen:
        head = dozen.group(1)
        if head == "half a":
            return 6
        multiplier = 1 if head in ("a", "an") else number_value(head)
        return None if multiplier is None else multiplier * 12
    return _words_value(text)


def _words_value(text: str) -> int | None:
    words = [w for w in re.split(r"[\s-]+", text) if w and w != "and"]
    if not words:
        return None
    total = current = 0
    seen_number = False
    for index, word in enumerate(words):
        if word in ("a", "an"):
            if index + 1 >= len(words) or words[index + 1] not in SCALES:
                return None
            current = 1
        elif word in UNITS:
            if current % 10 != 0 or (current and current < 20 and seen_number):
                return None
            current += UNITS[word]
            seen_number = True
        elif word in TENS:
            if current % 100 != 0:
                return None
            current += TENS[word]
            seen_number = True
        elif word == "hundred":
            current = (current or 1) * 100
        else:  # thousand, million
            total += (current or 1) * SCALES[word]
            current = 0
        seen_number = True
    return total + current


def _interval(rule: str, quantities: list[int]) -> tuple[int, int | None]:
    q = quantities[0]
    if rule == "at_least":
        return q, None
    if rule == "more_than":
        return q + 1, None
    if rule == "up_to":
        return 0, q
    if rule == "fewer_than":
        return 0, max(q - 1, 0)
    if rule == "about":
        return (9 * q) // 10, -(-(11 * q) // 10)
    if rule == "nearly":
        return (9 * q) // 10, q
    if rule == "range":
        low, high = sorted(quantities[:2])
        return low, high
    return q, q


def _match_phrase(text: str) -> tuple[int, int | None] | None:
    if text in ZERO_PHRASES:
        return 0, 0
    if text in VAGUE:
        return VAGUE[text]
    for pattern, rule in RULES:
        found = pattern.match(text)
        if not found:
            continue
        quantities = [number_value(g) for g in found.groups()]
        if any(q is None for q in quantities):
            continue
        return _interval(rule, [q for q in quantities if q is not None])
    return None


@lru_cache(maxsize=65536)
def parse_count(raw: str) -> Count:
    """Read a count phrase. The longest leading phrase that is a count wins;
    trailing nouns ("23 people killed") are fine, trailing figures are noted."""
    if is_missing(raw):
        return Count(None, None, missing=True)
    text = normalise(raw)
    text = re.sub(r"(\d)\s*\+", r"\1+", text)
    words = text.split(" ")
    for end in range(len(words), 0, -1):
        head = " ".join(words[:end]).rstrip(",;:")
        interval = _match_phrase(head) or _match_phrase(re.sub(r"\s+of$", "", head))
        if interval is None:
            continue
        rest = " ".join(words[end:])
        note = f"ignored the rest: {rest!r}" if _HAS_FIGURE.search(rest) else ""
        return Count(interval[0], interval[1], note=note)
    return Count(None, None, note="not a count phrase; kept as text")


def overlaps(a_low: Any, a_high: Any, b_low: Any, b_high: Any) -> Any:
    """Whether two count intervals share a number: the one rule for "can both be true", for two
    values (a high of None is unbounded) or for numpy arrays of them (inf is unbounded)."""
    a_top = math.inf if a_high is None else a_high
    b_top = math.inf if b_high is None else b_high
    return (b_low <= a_top) & (a_low <= b_top)
