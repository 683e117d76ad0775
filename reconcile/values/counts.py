"""Count phrases -> intervals [low, high] (high None = unbounded).

Owns the count-phrase table of DESIGN.md: number words, qualifiers ("at
least", "about", "nearly"), ranges, dozens and vague quantities, in English
and in French; figures with thousands separators (comma, dot, space) and in
Arabic-Indic or Persian digits; and a breakdown by group in one cell ("18
soldiers and 4 civilians"), read as its sum. The raw text is never changed;
`parse_count` returns the interval beside a note saying what, if anything,
was not understood.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from reconcile.values.categories import CIVILIANS, MILITANTS, SECURITY
from reconcile.values.categories import WORDS as GROUP_WORDS
from reconcile.values.text import fold, is_missing

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
        # French
        "zéro",
        "aucun",
        "aucune",
        "personne",
        "aucun mort",
        "aucune victime",
        "aucun blessé",
        "aucune perte",
        "pas de victime",
        "pas de victimes",
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

# French number words: "vingt-trois", "soixante et onze", "quatre-vingt-dix-neuf", "deux mille".
FR_UNITS = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
}
FR_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
FR_SCALES = {"cent": 100, "cents": 100, "mille": 1000, "million": 1_000_000, "millions": 1_000_000}
_FR_FIRST = "|".join(sorted([*FR_UNITS, *FR_TENS, *FR_SCALES], key=len, reverse=True))
_FR_WORDS = rf"(?:{_FR_FIRST})(?:[\s-]+(?:{_FR_FIRST}|et)){{0,{_MOST_NUMBER_WORDS - 1}}}"
# "une vingtaine" is "about twenty"; "une douzaine" is "a dozen", as in English.
FR_ABOUT_NOUNS = {
    "dizaine": 10,
    "quinzaine": 15,
    "vingtaine": 20,
    "trentaine": 30,
    "quarantaine": 40,
    "cinquantaine": 50,
    "soixantaine": 60,
    "centaine": 100,
    "millier": 1000,
}
_FR_ABOUT = rf"une? (?:{'|'.join(FR_ABOUT_NOUNS)})"
_FR_DOZEN = r"(?:une )?demi-douzaine|une douzaine"
# Figures with thousands separated by commas, dots, spaces (no-break and narrow no-break spaces are
# spaces once normalised) or the Arabic thousands separator; one separator throughout a figure.
# "1.5" and "1,20" are no such figure, and no count.
_GROUPED = r"\d{1,3}(?:(?:,\d{3})+|(?:\.\d{3})+|(?: \d{3})+|(?:\u066c\d{3})+)"
_FIGURE = rf"{_GROUPED}|\d+(?:\.0+)?"
# Every quantity parse_count reads. `Q` (above) stays the English one that `reconcile extract` and
# the printable rule find in running text.
_ANY_Q = rf"(?:{_DOZEN}|{_FR_DOZEN}|{_FR_ABOUT}|{_FIGURE}|{_WORDS}|{_FR_WORDS})"

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
    # "several" of a scale is its plural ("several dozen" = "dozens"); "a few" of it, a few times it
    "several dozen": (24, None),
    "several hundred": (200, None),
    "several thousand": (2000, None),
    "a few dozen": (24, 60),
    "a few hundred": (200, 500),
    "a few thousand": (2000, 5000),
}
# The French vague quantities, read as their English equivalents ("des dizaines" = "tens").
FR_VAGUE: dict[str, tuple[int, int | None]] = {
    "des dizaines de milliers": (20_000, None),
    "des centaines de milliers": (200_000, None),
    "des milliers": (2000, None),
    "des centaines": (200, None),
    "des douzaines": (24, None),
    "des dizaines": (20, None),
    "plusieurs dizaines": (20, None),
    "plusieurs centaines": (200, None),
    "plusieurs milliers": (2000, None),
    "quelques dizaines": (20, 50),
    "quelques centaines": (200, 500),
    "quelques milliers": (2000, 5000),
    "quelques": (2, 5),
    "une poignée": (2, 5),
    "plusieurs": (3, None),
    "de nombreux": (2, None),
    "de nombreuses": (2, None),
    "nombreux": (2, None),
    "nombreuses": (2, None),
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
    # A breakdown by group in one cell ("18 soldiers and 4 civilians"): (group, low, high) for each
    # group named (categories.CIVILIANS, SECURITY, MILITANTS), in the order first named; the
    # interval is their sum. Empty for anything else, and for one group alone ("18 soldiers").
    parts: tuple[tuple[str, int, int | None], ...] = ()

    @property
    def parsed(self) -> bool:
        return not self.missing and self.low is not None


def _rule(pattern: str) -> re.Pattern[str]:
    return re.compile("^" + pattern.replace("Q", f"({_ANY_Q})") + "$")


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

# The same qualifiers in French, as patterns: "de" before a vowel is "d'" ("plus d'une centaine"),
# written with either apostrophe; "près" and "jusqu'à" are also met without their accents.
_DE = r"(?: de |\s?d['’])"
FR_QUALIFIERS_BEFORE: dict[str, tuple[str, ...]] = {
    "at_least": (r"au moins ", rf"pas moins{_DE}", r"au minimum ", rf"un minimum{_DE}"),
    "more_than": (rf"plus{_DE}", rf"au-delà{_DE}"),
    "up_to": (r"jusqu['’][àa] ", r"au plus ", r"au maximum ", rf"pas plus{_DE}", rf"un maximum{_DE}"),
    "fewer_than": (rf"moins{_DE}",),
    "about": (
        r"environ ",
        r"quelque ",
        rf"autour{_DE}",
        r"approximativement ",
        r"à peu près ",
        r"a peu pres ",
        rf"aux alentours{_DE}",
        rf"de l['’]ordre{_DE}",
    ),
    "nearly": (rf"pr[èe]s{_DE}", r"presque ", r"quasiment ", rf"pas loin{_DE}"),
}
FR_QUALIFIERS_AFTER: dict[str, tuple[str, ...]] = {"at_least": ("ou plus", "et plus", "au moins")}


def alternation(phrases: Iterable[str]) -> str:
    """A regular-expression alternation matching any of the phrases literally, longest first."""
    return "|".join(re.escape(p) for p in sorted(phrases, key=lambda p: (-len(p), p)))


QUALIFIER = alternation(q for qualifiers in QUALIFIERS_BEFORE.values() for q in qualifiers)
QUALIFIER_AFTER = alternation(q for qualifiers in QUALIFIERS_AFTER.values() for q in qualifiers)
VAGUE_PHRASE = alternation(VAGUE)

# The count-phrase table of DESIGN.md as (pattern, interval from the quantities) rows.
RULES: list[tuple[re.Pattern[str], str]] = [
    *((_rule(rf"(?:{alternation(words)}) Q"), rule) for rule, words in QUALIFIERS_BEFORE.items()),
    *((_rule(f"(?:{'|'.join(words)})Q"), rule) for rule, words in FR_QUALIFIERS_BEFORE.items()),
    *((_rule(rf"Q\s*(?:{alternation(words)})"), rule) for rule, words in QUALIFIERS_AFTER.items()),
    *((_rule(rf"Q (?:{alternation(words)})"), rule) for rule, words in FR_QUALIFIERS_AFTER.items()),
    # a floor and a ceiling: "at least 20 and as many as 30", "au moins 20 et jusqu'à 30"
    (
        _rule(
            r"(?:at least|au moins) Q,? (?:and|but|et|mais) (?:possibly |perhaps |maybe |peut-être )?"
            r"(?:as many as|up to|at most|jusqu['’][àa]) Q"
        ),
        "floor_ceiling",
    ),
    (_rule(rf"({_FR_ABOUT})"), "about"),  # "une vingtaine": about 20
    (_rule(r"Q"), "exact"),  # before ranges, so that "twenty-three" is not 20-3
    (_rule(r"(?:between|entre) Q (?:and|et) Q"), "range"),
    (_rule(r"(?:from |de )?Q\s*(?:-|to|or|à|ou)\s*Q"), "range"),
]

_SPACES = re.compile(r"\s+")
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
# A figure in an ignored rest deserves a note; French "un", "une" are articles as often as figures.
_FIGURE_WORDS = [*UNITS, *TENS, *(w for w in FR_UNITS if w not in ("un", "une")), *FR_TENS, *FR_ABOUT_NOUNS]
_HAS_FIGURE = re.compile(rf"\d|\b(?:{'|'.join(_FIGURE_WORDS)})\b")


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
    if _GROUPED_FIGURE.fullmatch(text):  # "1,200", "1.200", "1 200", "١٬٢٠٠"
        return _digits_value(_SEPARATORS.sub("", text))
    if _WHOLE_FIGURE.fullmatch(text):  # "23", and "23.0" as spreadsheets export whole numbers
        return _digits_value(text.split(".")[0])
    dozen = re.fullmatch(r"(.+?)\s+dozen", text)
    if dozen:
        head = dozen.group(1)
        if head == "half a":
            return 6
        multiplier = 1 if head in ("a", "an") else _quantity(head)
        return None if multiplier is None else multiplier * 12
    if text in ("demi-douzaine", "une demi-douzaine"):
        return 6
    if text == "une douzaine":
        return 12
    about = _FR_ABOUT_QUANTITY.fullmatch(text)
    if about:
        return FR_ABOUT_NOUNS[about[1]]
    words = [w for w in re.split(r"[\s-]+", text) if w]
    if all(w in _ENGLISH_WORDS for w in words):
        return _words_value(text)
    if all(w in _FRENCH_WORDS for w in words):
        return _french_value([w for w in words if w != "et"])
    return None


_GROUPED_FIGURE = re.compile(_GROUPED)
_WHOLE_FIGURE = re.compile(r"\d+(?:\.0+)?")
_SEPARATORS = re.compile(r"[,. \u066c]")
_FR_ABOUT_QUANTITY = re.compile(rf"une? ({'|'.join(FR_ABOUT_NOUNS)})")
_ENGLISH_WORDS = frozenset([*UNITS, *TENS, *SCALES, "and", "a", "an"])
_FRENCH_WORDS = frozenset([*FR_UNITS, *FR_TENS, *FR_SCALES, "et"])


def _digits_value(digits: str) -> int:
    """The value of a run of (any script's) decimal digits, raising _TooLarge past MAX_COUNT_DIGITS."""
    digits = digits.lstrip("0\u0660\u06f0") or "0"  # leading zeros, also Arabic-Indic and Persian
    if len(digits) > MAX_COUNT_DIGITS:  # checked before int(): past 4,300 digits int() refuses
        raise _TooLarge(len(digits))
    return int(digits)


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


def _french_value(words: list[str]) -> int | None:
    """The number French number words name ("et" left out), or None where they name no one number
    ("deux trois"). Below a hundred: a unit; a ten and a unit ("vingt-trois"); soixante and
    quatre-vingt(s) take 1 to 19 ("soixante-douze", "quatre-vingt-dix-neuf"); dix takes 7 to 9."""
    total = hundreds = below = 0
    after_dix = False
    last_scale = 10**12
    for word in words:
        if word in ("vingt", "vingts") and below == 4:  # quatre-vingt(s)
            below = 80
        elif word in FR_TENS:
            if below:
                return None
            below = FR_TENS[word]
        elif word == "dix" and below in (0, 60, 80):
            below += 10
            after_dix = True
            continue
        elif word in FR_UNITS:
            unit = FR_UNITS[word]
            if after_dix:  # dix-sept to dix-neuf, soixante-dix-sept, quatre-vingt-dix-neuf
                if not 7 <= unit <= 9:
                    return None
            elif below in (20, 30, 40, 50):  # vingt-trois, trente et un
                if unit > 9:
                    return None
            elif below not in (0, 60, 80):  # soixante-douze, quatre-vingt-onze
                return None
            below += unit
        elif word in ("cent", "cents"):
            if hundreds:
                return None
            hundreds, below = (below or 1) * 100, 0
        else:  # mille, million(s): each scale smaller than the one before
            scale = FR_SCALES[word]
            if scale >= last_scale:
                return None
            total += (hundreds + below or 1) * scale
            hundreds = below = 0
            last_scale = scale
        after_dix = False
    return total + hundreds + below


def _interval(rule: str, quantities: list[int]) -> tuple[int, int | None] | None:
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
    if rule == "floor_ceiling":  # "at least 30 and as many as 20" says nothing that can be read
        return (q, quantities[1]) if q <= quantities[1] else None
    return q, q


def _match_phrase(text: str) -> tuple[int, int | None] | None:
    if text in ZERO_PHRASES:
        return 0, 0
    if text in VAGUE:
        return VAGUE[text]
    if text in FR_VAGUE:
        return FR_VAGUE[text]
    for pattern, rule in RULES:
        found = pattern.match(text)
        if not found:
            continue
        quantities = [_quantity(g) for g in found.groups()]
        if any(q is None for q in quantities):
            continue
        interval = _interval(rule, [q for q in quantities if q is not None])
        if interval is None:
            continue
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
    try:
        figure = _LEADING_FIGURE.match(text)
        if figure and len(words[0]) > MAX_COUNT_PHRASE:  # a first word too long to try: only too
            _quantity(figure[0])  # many digits are worth a note
        read = _read_head(words, 0)
        if read is not None:
            return _count(words, *read)
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


def _head_lengths(words: list[str], start: int = 0) -> Iterable[tuple[int, int]]:
    """(end, characters) of each phrase starting at word `start`, shortest first, up to the first
    one longer than MAX_COUNT_PHRASE: the heads worth trying."""
    length = -1
    for end in range(start + 1, len(words) + 1):
        length += len(words[end - 1]) + 1
        yield end, length
        if length > MAX_COUNT_PHRASE:
            return


def _read_head(words: list[str], start: int) -> tuple[int, tuple[int, int | None]] | None:
    """The longest phrase starting at word `start` that is a count: where it ends, and its interval."""
    ends = [end for end, length in _head_lengths(words, start) if length <= MAX_COUNT_PHRASE]
    for end in reversed(ends):
        head = " ".join(words[start:end]).rstrip(",;:")
        interval = _match_phrase(head) or _match_phrase(_OF.sub("", head))
        if interval is not None:
            return end, interval
    return None


def _count(words: list[str], end: int, interval: tuple[int, int | None]) -> Count:
    """The Count of a cell whose first `end` words read as `interval`: summed with the groups
    that follow when it begins a breakdown, with notes on an ambiguous dot and an ignored figure."""
    notes = []
    parts: tuple[tuple[str, int, int | None], ...] = ()
    breakdown = _breakdown(words, end, interval)
    if breakdown is not None:
        parts, end = breakdown
        interval = (sum(p[1] for p in parts), _sum_highs(p[2] for p in parts))
        widest = max(b for b in interval if b is not None)
        if len(str(widest)) > MAX_COUNT_DIGITS:
            raise _TooLarge(len(str(widest)))
        terms = " + ".join(f"{_interval_text(low, high)} {group}" for group, low, high in parts)
        notes.append(f"the sum of a breakdown: {terms}")
    dot = _DOT_THOUSANDS.search(" ".join(words[:end]))
    if dot:
        notes.append(
            f"ambiguous: {dot[0]!r} read as thousands ({_quantity(dot[0])}), not as a number with decimals"
        )
    rest = " ".join(words[end:])
    if _HAS_FIGURE.search(rest):
        notes.append(f"ignored the rest: {_quoted(rest)}")
    return Count(interval[0], interval[1], note="; ".join(notes), parts=parts)


# "1.000": a thousand with a dot between thousands, or 1 with three decimals.
_DOT_THOUSANDS = re.compile(r"(?<![\d.,])\d{1,3}\.000(?![\d.,])")
# The groups a breakdown names, in English (the victim categories' words) and in French.
FR_GROUP_WORDS = {
    CIVILIANS: r"civils?|personnes civiles|passagers?|enfants?|femmes?|villageois|habitants?|fideles?|"
    r"eleves?|etudiants?|ouvriers?|travailleurs?|pelerins?",
    SECURITY: r"soldats?|militaires?|policiers?|gendarmes?|agents?|membres des forces de (?:securite|lordre)|"
    r"forces de (?:securite|lordre)|casques bleus",
    MILITANTS: r"assaillants?|terroristes?|d?jihadistes?|insurges?|rebelles?|combattants?|militants?|"
    r"kamikazes?|islamistes?",
}
_GROUP_WORD = {
    group: f"{GROUP_WORDS[group]}|{FR_GROUP_WORDS[group]}" for group in (CIVILIANS, SECURITY, MILITANTS)
}
_GROUPS = {group: re.compile(rf"(?:{words})(?: (?:{words})){{0,2}}") for group, words in _GROUP_WORD.items()}
MAX_GROUPS = 6  # a cell naming more groups than this is no breakdown of one toll
_AND = frozenset({"and", "et", "&"})
_ELIDED = re.compile(r"d['’](.+)")


def _group_at(words: list[str], start: int) -> tuple[str, int, bool] | None:
    """The group named at word `start` ("soldiers", "of civilians", "police officers,", "d'enfants"):
    the group, where its words end, and whether a comma ends them; None if none is named."""
    if start < len(words) and words[start] in ("of", "de", "des", "du"):
        start += 1
    for size in (3, 2, 1):
        named = words[start : start + size]
        if len(named) < size or any(w.endswith(",") for w in named[:-1]):
            continue
        elided = _ELIDED.fullmatch(named[0])
        if elided:
            named = [elided[1], *named[1:]]
        folded = fold(" ".join(named))
        for group, pattern in _GROUPS.items():
            if pattern.fullmatch(folded):
                return group, start + size, named[-1].endswith(",")
    return None


def group_named(text: str) -> str | None:
    """The group a breakdown's words name at the start of `text` ("soldiers and 4 civilians":
    security forces; "de civils": civilians); None where they name none."""
    named = _group_at(normalise(text).split(" "), 0)
    return None if named is None else named[0]


def _breakdown(
    words: list[str], end: int, first: tuple[int, int | None]
) -> tuple[tuple[tuple[str, int, int | None], ...], int] | None:
    """The groups of a breakdown ("18 soldiers, 4 civilians and 3 militants") whose first count
    ends at word `end`, summed by group, and where the rest of the cell begins; None unless it
    names at least two groups. Each count after the first is read as one (the longest phrase)."""
    found: list[tuple[str, tuple[int, int | None]]] = []
    interval = first
    rest = end
    while len(found) < MAX_GROUPS:
        named = _group_at(words, end)
        if named is None:
            break
        group, after, comma = named
        found.append((group, interval))
        rest = after
        if after < len(words) and words[after] in _AND:
            after += 1
        elif not comma:
            break
        read = _read_head(words, after)
        if read is None:
            break
        end, interval = read
    if len(found) < 2:
        return None
    totals: dict[str, tuple[int, int | None]] = {}
    for group, (low, high) in found:
        before = totals.get(group, (0, 0))
        totals[group] = (before[0] + low, _sum_highs([before[1], high]))
    return tuple((group, low, high) for group, (low, high) in totals.items()), rest


def _sum_highs(highs: Iterable[int | None]) -> int | None:
    total = 0
    for high in highs:
        if high is None:
            return None
        total += high
    return total


def _interval_text(low: int, high: int | None) -> str:
    if low == high:
        return str(low)
    return f"{low} or more" if high is None else f"{low}–{high}"


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
