"""The count-phrase table of DESIGN.md, row by row."""

from __future__ import annotations

import pytest

from reconcile.values.counts import parse_count

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
]


@pytest.mark.parametrize(("phrase", "low", "high"), TABLE)
def test_count_phrase(phrase: str, low: int, high: int | None) -> None:
    count = parse_count(phrase)
    assert (count.low, count.high) == (low, high)
    assert not count.missing


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
