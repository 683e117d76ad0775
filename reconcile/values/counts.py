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

# A quantity in number words is a few words long ("nine hundred and ninety-nine thousand ..."
# has 16): bounding the repetition bounds how far a pattern can backtrack, which keeps every rule
# linear in its input. (Unbounded, "one-one-one-...-on" made each range rule quadratic: the
# separator between number words and the range's dash overlap.)
_MOST_NUMBER_WORDS = 24
_DIGITS = r"\d{1,3}(?:,\d{3})+|\d+(?:\.0+)?"
_WORDS = rf"(?:{NUMBER_WORDS})(?:[\s-]+(?:{NUMBER_WORDS})){{0,{_MOST_NUMBER_WORDS - 1}}}"
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


# No casualty count has more digits than this (the world's population has 10): a longer figure is a
# broken or hostile cell, kept as text with a note rather than read as a number (numpy holds counts
# as floats, which overflow past 308 digits; Python refuses to print an int of 4,301 digits).
MAX_COUNT_DIGITS = 10
# No count phrase is longer than this ("between nine hundred and ninety-nine and ..." has 90
# characters): longer leading phrases are not tried, so a long cell costs what its first 200
# characters do, plus one linear pass.
MAX_COUNT_PHRASE = 200
# How much of an ignored rest a note quotes.
_NOTE_QUOTES = 60


class _TooLarge(Exception):
    """A figure of more than MAX_COUNT_DIGITS digits."""

    def __init__(self, digits: int) -> None:
        super().__init__(digits)
        self.digits = digits


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
    """The integer a quantity phrase names: digits, number words, dozens; None if not a number
    (or a figure of more than MAX_COUNT_DIGITS digits)."""
    try:
        return _quantity(text)
    except _TooLarge:
        return None


def _quantity(text: str) -> int | None:
    """number_value, raising _TooLarge for a figure of more than MAX_COUNT_DIGITS digits."""
    text = text.strip()
    if re.fullmatch(_DIGITS, text):  # "1,200", and "23.0" as spreadsheets export whole numbers
        digits = text.replace(",", "").split(".")[0].lstrip("0") or "0"
        if len(digits) > MAX_COUNT_DIGITS:  # checked before int(): past 4,300 digits int() refuses
            raise _TooLarge(len(digits))
        return int(digits)
    dozen = re.fullmatch(r"(.+?)\s+dozen", text)
    if dozen:
        head = dozen.group(1)
        if head == "half a":
            return 6
        multiplier = 1 if head in ("a", "an") else _quantity(head)
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
        quantities = [_quantity(g) for g in found.groups()]
        if any(q is None for q in quantities):
            continue
        interval = _interval(rule, [q for q in quantities if q is not None])
        widest = max(b for b in interval if b is not None)
        if len(str(widest)) > MAX_COUNT_DIGITS:  # "999999999 dozen", "about 9999999999"
            raise _TooLarge(len(str(widest)))
        return interval
    return None


@lru_cache(maxsize=65536)
def parse_count(raw: str) -> Count:
    """Read a count phrase. The longest leading phrase that is a count wins;
    trailing nouns ("23 people killed") are fine, trailing figures are noted.

    Linear in the length of the cell: only leading phrases of at most MAX_COUNT_PHRASE characters
    are tried (and each rule is linear in its phrase). A figure of more than
    MAX_COUNT_DIGITS digits is kept as text with a note, never read as a number."""
    if is_missing(raw):
        return Count(None, None, missing=True)
    text = normalise(raw)
    text = re.sub(r"(\d)\s*\+", r"\1+", text)
    words = text.split(" ")
    ends = [end for end, length in _head_lengths(words) if length <= MAX_COUNT_PHRASE]
    try:
        figure = _LEADING_FIGURE.match(text)
        if figure and not ends:  # a first word too long to try: only too many digits are worth a note
            _quantity(figure[0])
        for end in reversed(ends):
            head = " ".join(words[:end]).rstrip(",;:")
            interval = _match_phrase(head) or _match_phrase(_OF.sub("", head))
            if interval is None:
                continue
            rest = " ".join(words[end:])
            note = f"ignored the rest: {_quoted(rest)}" if _HAS_FIGURE.search(rest) else ""
            return Count(interval[0], interval[1], note=note)
    except _TooLarge as large:
        return Count(
            None, None, note=f"a figure of {large.digits} digits is beyond any casualty count; kept as text"
        )
    if len(text) <= MAX_COUNT_PHRASE and _FLOATING.fullmatch(text):
        return Count(None, None, note="a floating-point number (nan, inf, 1e309), not a count; kept as text")
    if len(text) > MAX_COUNT_PHRASE:
        return Count(
            None,
            None,
            note=f"does not begin with a count phrase, and no count phrase is longer than "
            f"{MAX_COUNT_PHRASE} characters; kept as text",
        )
    return Count(None, None, note="not a count phrase; kept as text")


_LEADING_FIGURE = re.compile(rf"(?:{_DIGITS})(?![\d,])")
_OF = re.compile(r" of$")  # the text is normalised: one space between words
# What programs write for a float that is no count: "nan", "inf", "-infinity", "1e309", "2.5e3".
_FLOATING = re.compile(r"[+-]?(?:nan|inf|infinity|(?:\d+(?:\.\d*)?|\.\d+)e[+-]?\d+)")


def _head_lengths(words: list[str]) -> Iterable[tuple[int, int]]:
    """(number of words, characters) of each leading phrase, shortest first, up to the first one
    longer than MAX_COUNT_PHRASE: the heads worth trying."""
    length = -1
    for end, word in enumerate(words, start=1):
        length += len(word) + 1
        yield end, length
        if length > MAX_COUNT_PHRASE:
            return


def _quoted(rest: str) -> str:
    """The ignored rest of a cell for a note: whole when short, its start when long."""
    if len(rest) <= _NOTE_QUOTES:
        return repr(rest)
    return f"{rest[:_NOTE_QUOTES]!r}... ({len(rest)} characters)"


def overlaps(a_low: Any, a_high: Any, b_low: Any, b_high: Any) -> Any:
    """Whether two count intervals share a number: the one rule for "can both be true", for two
    values (a high of None is unbounded) or for numpy arrays of them (inf is unbounded)."""
    a_top = math.inf if a_high is None else a_high
    b_top = math.inf if b_high is None else b_high
    return (b_low <= a_top) & (a_low <= b_top)
