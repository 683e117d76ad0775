"""The count-phrase table of DESIGN.md, row by row."""

from __future__ import annotations

import dataclasses

import pytest

from reconcile.values.counts import overlaps, parse_count

INF = None
TABLE = [
    ("23", 23, 23),
    ("twenty-three", 23, 23),
    ("23 people", 23, 23),
    ("at least 23", 23, INF),
    ("23 or more", 23, INF),
    ("a minimum of 23", 23, INF),
    ("no fewer than 23", 23, INF),
    ("23+", 23, INF),
    ("more than 23", 24, INF),
    ("over 23", 24, INF),
    ("upwards of 23", 24, INF),
    ("in excess of 23", 24, INF),
    ("up to 23", 0, 23),
    ("at most 23", 0, 23),
    ("no more than 23", 0, 23),
    ("fewer than 23", 0, 22),
    ("less than 23", 0, 22),
    ("under 23", 0, 22),
    ("as many as 23", 23, 23),
    ("about 40", 36, 44),
    ("around 40", 36, 44),
    ("approximately 40", 36, 44),
    ("roughly 40", 36, 44),
    ("some 40", 36, 44),
    ("about 23", 20, 26),  # ±10 %, rounded outwards
    ("nearly 40", 36, 40),
    ("almost 40", 36, 40),
    ("20-25", 20, 25),
    ("20–25", 20, 25),
    ("20 to 25", 20, 25),
    ("between 20 and 25", 20, 25),
    ("20 or 25", 20, 25),
    ("a dozen", 12, 12),
    ("half a dozen", 6, 6),
    ("three dozen", 36, 36),
    ("almost three dozen", 32, 36),
    ("dozens", 24, INF),
    ("scores", 40, INF),
    ("tens", 20, INF),
    ("hundreds", 200, INF),
    ("a few", 2, 5),
    ("several", 3, INF),
    ("many", 2, INF),
    ("numerous", 2, INF),
    ("no one", 0, 0),
    ("none", 0, 0),
    ("no casualties", 0, 0),
    ("0", 0, 0),
    # number words to the thousands, qualifiers on words and dozens
    ("one hundred and twenty", 120, 120),
    ("two thousand three hundred and five", 2305, 2305),
    ("twenty-one thousand", 21000, 21000),
    ("1,200", 1200, 1200),
    ("Nine", 9, 9),
    ("more than two dozen", 25, INF),
    ("at least a dozen", 12, INF),
    ("between twenty and twenty-five", 20, 25),
    ("dozens of people", 24, INF),
    ("at least 38 people killed", 38, INF),
    ("more than three dozen", 37, INF),
    ("23.0", 23, 23),  # whole numbers as spreadsheets export them
    ("at least 23.0", 23, INF),
    # scale words, with "a" and bare
    ("a hundred", 100, 100),
    ("hundred", 100, 100),
    ("a hundred and twenty", 120, 120),
    ("about a hundred", 90, 110),
    ("a thousand", 1000, 1000),
    ("thousand", 1000, 1000),
    ("two hundred thousand", 200_000, 200_000),
    ("a million", 1_000_000, 1_000_000),
    ("one million", 1_000_000, 1_000_000),
    # the vague quantities beyond the design's examples
    ("thousands", 2000, INF),
    ("tens of thousands", 20_000, INF),
    ("hundreds of thousands", 200_000, INF),
    ("few", 2, 5),
    ("a handful", 2, 5),
    # bounds at the bottom of the scale
    ("fewer than 1", 0, 0),
    ("under one", 0, 0),
    ("more than zero", 1, INF),
    ("at least zero", 0, INF),
]

UNIT_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
TENS_WORDS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


@pytest.mark.parametrize(("phrase", "low", "high"), TABLE)
def test_count_phrase(phrase: str, low: int, high: int | None) -> None:
    count = parse_count(phrase)
    assert (count.low, count.high) == (low, high)
    assert not count.missing


@pytest.mark.parametrize(("phrase", "value"), [(w, n) for n, w in enumerate(UNIT_WORDS, 1)])
def test_every_unit_word(phrase: str, value: int) -> None:
    assert (parse_count(phrase).low, parse_count(phrase).high) == (value, value)
    assert parse_count(f"at least {phrase}").low == value


@pytest.mark.parametrize(("phrase", "value"), [(w, 10 * n) for n, w in enumerate(TENS_WORDS, 2)])
def test_every_tens_word(phrase: str, value: int) -> None:
    assert (parse_count(phrase).low, parse_count(phrase).high) == (value, value)
    assert (parse_count(f"{phrase}-seven").low, parse_count(f"{phrase} seven").high) == (value + 7, value + 7)


@pytest.mark.parametrize(
    ("phrase", "value", "rest"),
    [
        ("ten fifteen", 10, "fifteen"),  # two numbers, not one: 10, then a figure left over
        ("twenty-one five", 21, "five"),
        ("one two", 1, "two"),
    ],
)
def test_number_words_that_make_no_one_number(phrase: str, value: int, rest: str) -> None:
    count = parse_count(phrase)
    assert (count.low, count.high) == (value, value)
    assert count.note == f"ignored the rest: {rest!r}"


@pytest.mark.parametrize(
    ("a", "b", "fit"),
    [
        ("at least 22", "23", True),  # DESIGN.md: these do not conflict
        ("22", "23", False),  # these do
        ("at least 22", "up to 22", True),  # intervals that touch share their end
        ("more than 22", "up to 22", False),
        ("up to 22", "at least 22", True),
        ("up to 22", "more than 22", False),
        ("20-25", "25-30", True),
        ("25-30", "20-25", True),
        ("20-24", "25-30", False),
        ("25-30", "20-24", False),
        ("dozens", "hundreds", True),  # both unbounded
        ("23", "23", True),
    ],
)
def test_counts_fit_when_their_intervals_share_a_point(a: str, b: str, fit: bool) -> None:
    x, y = parse_count(a), parse_count(b)
    assert x.low is not None and y.low is not None
    assert overlaps(x.low, x.high, y.low, y.high) is fit


def test_a_parsed_count_cannot_be_changed() -> None:
    """parse_count caches its results: one caller changing a Count would change it for all."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        parse_count("23").low = 5  # type: ignore[misc]


@pytest.mark.parametrize("phrase", ["", "unknown", "n/a", "-", "  ", "N/A", "Unknown"])
def test_missing(phrase: str) -> None:
    assert parse_count(phrase).missing


@pytest.mark.parametrize(
    ("phrase", "note_contains"),
    [
        ("9 (4 police, 5 passersby)", "ignored the rest"),
        ("nine people, including four police officers", "ignored the rest"),
        ("a lot of people", "not a count phrase"),
        ("forty-ish", "not a count phrase"),
    ],
)
def test_notes_keep_what_was_not_understood(phrase: str, note_contains: str) -> None:
    assert note_contains in parse_count(phrase).note
