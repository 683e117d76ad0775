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


# Issue 13, point 5: counts, wider. Written before the parser reads them; the same conventions as
# the design's rows ("about" ±10 % rounded outwards, "nearly" [90 %, N], "tens" [20, ∞) ...).
WIDER = [
    # thousands separators: comma, dot, space, no-break and narrow no-break space, Arabic "٬"
    ("1 200", 1200, 1200),
    ("at least 1 000", 1000, INF),
    ("1.200", 1200, 1200),  # European thousands: 1.2 is no count, so the dot separates thousands
    ("12.500 people", 12500, 12500),
    ("12 000", 12000, 12000),
    ("12\u202f000", 12000, 12000),
    ("12\u00a0000", 12000, 12000),
    ("1 234 567", 1_234_567, 1_234_567),
    ("1.234.567", 1_234_567, 1_234_567),
    ("20 000-25 000", 20000, 25000),
    ("between 1 000 and 2 000", 1000, 2000),
    ("more than 1 200", 1201, INF),
    ("about 1 200", 1080, 1320),
    # Arabic-Indic and Persian (Extended Arabic-Indic) digits
    ("١٢", 12, 12),
    ("۱۲", 12, 12),
    ("at least ١٢", 12, INF),
    ("١٬٢٠٠", 1200, 1200),
    ("۱٬۲۰۰", 1200, 1200),
    # a vague quantity of a scale: "several" of it is its plural ("several dozen" = "dozens"),
    # "a few" of it is a few times it
    ("several dozen", 24, INF),
    ("several dozen people", 24, INF),
    ("several hundred", 200, INF),
    ("several thousand", 2000, INF),
    ("a few dozen", 24, 60),
    ("a few hundred", 200, 500),
    ("a few thousand", 2000, 5000),
    # a floor and a ceiling in one phrase
    ("at least 20 and as many as 30", 20, 30),
    ("at least 20, and as many as 30", 20, 30),
    ("at least 20 and possibly as many as 30", 20, 30),
    ("at least 20 and up to 30", 20, 30),
    ("at least twenty and as many as thirty people", 20, 30),
    ("at least 20 and as many as 20", 20, 20),
    # per-group breakdowns in one cell: the sum (the breakdown is in the note and in Count.parts)
    ("18 soldiers and 4 civilians", 22, 22),
    ("18 soldiers and four civilians killed", 22, 22),
    ("18 soldiers, 4 civilians and 3 militants", 25, 25),
    ("18 soldiers, 4 civilians, and 3 militants", 25, 25),
    ("at least 18 soldiers and 4 civilians", 22, INF),
    ("about 10 soldiers and 4 civilians", 13, 15),
    ("one hundred and twenty soldiers and four civilians", 124, 124),
    ("dozens of soldiers and 4 civilians", 28, INF),
    ("between 20 and 25 soldiers and 4 civilians", 24, 29),
    ("10 soldiers and 4 policemen", 14, 14),
    ("3 women and 2 children", 5, 5),
    ("18 security personnel and 4 civilians", 22, 22),
    ("18 soldats et 4 civils", 22, 22),
    ("une dizaine de soldats et 3 civils", 12, 14),
    # French: the qualifiers of the design's table
    ("au moins 12 morts", 12, INF),
    ("au moins 12", 12, INF),
    ("pas moins de 12", 12, INF),
    ("au minimum 12", 12, INF),
    ("12 ou plus", 12, INF),
    ("12 et plus", 12, INF),
    ("plus de 40", 41, INF),
    ("plus de 40 morts", 41, INF),
    ("plus d'une centaine", 101, INF),
    ("plus d’une vingtaine", 21, INF),
    ("moins de 10", 0, 9),
    ("moins d'une dizaine", 0, 9),
    ("jusqu'à 23", 0, 23),
    ("jusqu’à 23", 0, 23),
    ("au plus 23", 0, 23),
    ("pas plus de 23", 0, 23),
    ("environ 25", 22, 28),
    ("environ 40", 36, 44),
    ("quelque 40", 36, 44),
    ("autour de 40", 36, 44),
    ("près de 60", 54, 60),
    ("pres de 60", 54, 60),
    ("près d'une centaine", 90, 100),
    ("presque 40", 36, 40),
    ("entre 20 et 25", 20, 25),
    ("de 20 à 25", 20, 25),
    ("20 à 25", 20, 25),
    ("20 ou 25", 20, 25),
    ("entre vingt et vingt-cinq", 20, 25),
    ("au moins 20 et jusqu'à 30", 20, 30),
    # French: about-N nouns read as "about N"; "une douzaine" as "a dozen"
    ("une dizaine", 9, 11),
    ("une quinzaine", 13, 17),
    ("une vingtaine", 18, 22),
    ("une trentaine", 27, 33),
    ("une quarantaine", 36, 44),
    ("une cinquantaine", 45, 55),
    ("une cinquantaine de morts", 45, 55),
    ("une soixantaine", 54, 66),
    ("une centaine", 90, 110),
    ("un millier", 900, 1100),
    ("au moins une dizaine", 10, INF),
    ("une douzaine", 12, 12),
    ("une demi-douzaine", 6, 6),
    # French: vague quantities, as their English equivalents
    ("des dizaines", 20, INF),  # "tens"
    ("des douzaines", 24, INF),  # "dozens"
    ("des centaines", 200, INF),  # "hundreds"
    ("des milliers", 2000, INF),  # "thousands"
    ("des dizaines de milliers", 20_000, INF),  # "tens of thousands"
    ("des centaines de milliers", 200_000, INF),
    ("plusieurs dizaines", 20, INF),  # "several" of a scale is its plural
    ("plusieurs centaines", 200, INF),
    ("plusieurs", 3, INF),  # "several"
    ("plusieurs morts", 3, INF),
    ("quelques", 2, 5),  # "a few"
    ("quelques centaines", 200, 500),
    ("de nombreux", 2, INF),  # "numerous"
    ("de nombreuses victimes", 2, INF),
    ("aucun", 0, 0),
    ("aucune victime", 0, 0),
    ("zéro", 0, 0),
    # French number words
    ("un", 1, 1),
    ("une", 1, 1),
    ("deux", 2, 2),
    ("trois", 3, 3),
    ("quatre", 4, 4),
    ("cinq", 5, 5),
    ("six", 6, 6),
    ("sept", 7, 7),
    ("huit", 8, 8),
    ("neuf", 9, 9),
    ("dix", 10, 10),
    ("onze", 11, 11),
    ("douze", 12, 12),
    ("treize", 13, 13),
    ("quatorze", 14, 14),
    ("quinze", 15, 15),
    ("seize", 16, 16),
    ("dix-sept", 17, 17),
    ("dix-huit", 18, 18),
    ("dix-neuf", 19, 19),
    ("vingt", 20, 20),
    ("vingt et un", 21, 21),
    ("vingt-et-un", 21, 21),
    ("vingt-deux", 22, 22),
    ("vingt-trois", 23, 23),
    ("trente", 30, 30),
    ("trente-cinq", 35, 35),
    ("quarante", 40, 40),
    ("quarante et une", 41, 41),
    ("cinquante", 50, 50),
    ("soixante", 60, 60),
    ("soixante-dix", 70, 70),
    ("soixante et onze", 71, 71),
    ("soixante-douze", 72, 72),
    ("soixante-dix-sept", 77, 77),
    ("quatre-vingt", 80, 80),
    ("quatre-vingts", 80, 80),
    ("quatre-vingt-un", 81, 81),
    ("quatre-vingt-dix", 90, 90),
    ("quatre-vingt-onze", 91, 91),
    ("quatre-vingt-dix-neuf", 99, 99),
    ("cent", 100, 100),
    ("cent un", 101, 101),
    ("deux cents", 200, 200),
    ("deux cent trois", 203, 203),
    ("mille", 1000, 1000),
    ("mille deux cents", 1200, 1200),
    ("deux mille", 2000, 2000),
    ("trois mille cinq cents", 3500, 3500),
    ("un million", 1_000_000, 1_000_000),
    ("au moins vingt-trois", 23, INF),
    ("vingt-trois morts", 23, 23),
    ("Vingt-Trois", 23, 23),
]


@pytest.mark.parametrize(("phrase", "low", "high"), WIDER)
def test_wider_count_phrase(phrase: str, low: int, high: int | None) -> None:
    count = parse_count(phrase)
    assert (count.low, count.high) == (low, high), count
    assert not count.missing


@pytest.mark.parametrize(
    "phrase",
    [
        "1.5",  # a decimal, not a count
        "1,5",
        "1,20",  # neither thousands (groups of three) nor a count
        "12,5 morts",
        "1.20",
        "environ",
        "plus de",
    ],
)
def test_what_is_no_count_stays_text_with_a_note(phrase: str) -> None:
    count = parse_count(phrase)
    assert count.low is None and count.high is None and not count.missing
    assert "not a count phrase; kept as text" in count.note


@pytest.mark.parametrize(
    ("phrase", "value", "rest"),
    [
        ("deux trois", 2, "trois"),  # two numbers, not one
        ("vingt trente", 20, "trente"),
        ("dix quinze", 10, "quinze"),
        ("12 morts et une dizaine de blessés", 12, "morts et une dizaine de blessés"),
        ("18 killed and 4 injured", 18, "killed and 4 injured"),  # killed and injured: no breakdown
        ("18 soldiers and 4 others", 18, "soldiers and 4 others"),  # "others": no group
        ("1 20", 1, "20"),  # not groups of three
    ],
)
def test_wider_phrases_that_make_no_one_count(phrase: str, value: int, rest: str) -> None:
    count = parse_count(phrase)
    assert (count.low, count.high) == (value, value)
    assert count.note == f"ignored the rest: {rest!r}"


def test_a_dot_before_three_zeros_is_read_as_thousands_with_a_note() -> None:
    """A dot before three zeros ("1.000") may separate thousands or begin three decimals; as a
    count, the thousand is likelier, and the note says how it was read."""
    for phrase, low, high in [("1.000", 1000, 1000), ("more than 12.000", 12001, None)]:
        count = parse_count(phrase)
        assert (count.low, count.high) == (low, high)
        assert "ambiguous" in count.note and "thousands" in count.note
    assert parse_count("23.0").note == ""  # a whole number as a spreadsheet writes it: no thousands


@pytest.mark.parametrize(
    ("phrase", "parts", "note"),
    [
        (
            "18 soldiers and 4 civilians",
            (("security forces", 18, 18), ("civilians", 4, 4)),
            "the sum of a breakdown: 18 security forces + 4 civilians",
        ),
        (
            "at least 18 soldiers, 4 civilians and 3 militants killed",
            (("security forces", 18, None), ("civilians", 4, 4), ("militants", 3, 3)),
            "the sum of a breakdown: 18 or more security forces + 4 civilians + 3 militants",
        ),
        (
            "10 soldiers and 4 policemen",
            (("security forces", 14, 14),),
            "the sum of a breakdown: 14 security forces",
        ),
    ],
)
def test_a_breakdown_is_summed_and_kept(phrase: str, parts: tuple[object, ...], note: str) -> None:
    count = parse_count(phrase)
    assert count.parts == parts
    assert count.note == note


def test_a_breakdown_with_a_figure_after_it_notes_the_rest() -> None:
    count = parse_count("18 soldiers and 4 civilians, police said 30")
    assert (count.low, count.high) == (22, 22)
    assert "18 security forces + 4 civilians" in count.note
    assert "ignored the rest: 'police said 30'" in count.note


def test_one_group_is_no_breakdown() -> None:
    count = parse_count("18 soldiers")
    assert (count.low, count.high, count.parts, count.note) == (18, 18, (), "")
