"""Dates, places, actors and victim categories, table by table."""

from __future__ import annotations

import datetime as dt

import pytest

from reconcile.schema import Kind
from reconcile.values import events, load_vocabulary, parse_places, parse_value, relation
from reconcile.values.counts import parse_count
from reconcile.values.dates import parse_date, parse_published
from reconcile.values.text import MISSING_WORDS, is_missing

D = dt.date
MONDAY = D(2024, 8, 26)
VOCAB = load_vocabulary()


@pytest.mark.parametrize(
    ("phrase", "published", "low", "high"),
    [
        ("2024-08-26", None, D(2024, 8, 26), D(2024, 8, 26)),
        ("2024-08-26T22:10:00Z", None, D(2024, 8, 26), D(2024, 8, 26)),
        ("2024-08", None, D(2024, 8, 1), D(2024, 8, 31)),
        ("2024", None, D(2024, 1, 1), D(2024, 12, 31)),
        ("2024-08-25/2024-08-26", None, D(2024, 8, 25), D(2024, 8, 26)),
        ("night of 25/26 August 2024", None, D(2024, 8, 25), D(2024, 8, 26)),
        ("the night of August 25-26, 2024", None, D(2024, 8, 25), D(2024, 8, 26)),
        ("night of 25/26 August", MONDAY, D(2024, 8, 25), D(2024, 8, 26)),
        ("25-26 August 2024", None, D(2024, 8, 25), D(2024, 8, 26)),
        ("night of 31 July/1 August 2024", None, D(2024, 7, 31), D(2024, 8, 1)),
        ("August 2024", None, D(2024, 8, 1), D(2024, 8, 31)),
        ("26 August 2024", None, D(2024, 8, 26), D(2024, 8, 26)),
        ("Aug. 26, 2024", None, D(2024, 8, 26), D(2024, 8, 26)),
        ("25 August", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("Sunday", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("on Sunday", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("overnight on Sunday", MONDAY, D(2024, 8, 25), D(2024, 8, 26)),
        ("Sunday night", MONDAY, D(2024, 8, 25), D(2024, 8, 26)),
        ("Monday", MONDAY, D(2024, 8, 26), D(2024, 8, 26)),
        ("last Monday", MONDAY, D(2024, 8, 19), D(2024, 8, 19)),
        ("yesterday", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("last night", MONDAY, D(2024, 8, 25), D(2024, 8, 26)),
        ("the past 24 hours", MONDAY, D(2024, 8, 25), D(2024, 8, 26)),
        ("26 août 2024", None, D(2024, 8, 26), D(2024, 8, 26)),
        ("26/08/2024", None, D(2024, 8, 26), D(2024, 8, 26)),
        ("05/08/2024", None, D(2024, 8, 5), D(2024, 8, 5)),  # day first, with a note
    ],
)
def test_date_span(phrase: str, published: dt.date | None, low: dt.date, high: dt.date) -> None:
    span = parse_date(phrase, published)
    assert (span.low, span.high) == (low, high)


@pytest.mark.parametrize(
    ("phrase", "note_contains"),
    [
        ("Sunday", "needs a 'published' date"),
        ("25 August", "no year given"),
        ("31 June 2024", ""),
        ("sometime soon-ish", "kept as text"),
    ],
)
def test_dates_not_guessed(phrase: str, note_contains: str) -> None:
    span = parse_date(phrase, None)
    assert span.low is None and not span.missing
    assert note_contains in span.note


def test_published_is_normalised_to_utc() -> None:
    assert parse_published("2024-08-26T09:30:00+05:00") == dt.datetime(2024, 8, 26, 4, 30)
    assert parse_published("") is None


def _rel(kind: Kind, a: str, b: str) -> str:
    return relation(parse_value(kind, a, MONDAY, VOCAB), parse_value(kind, b, MONDAY, VOCAB))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Musakhail", "Musakhel", "agree"),
        ("Musakhail", "Musa Khel", "agree"),
        ("Musakhail district", "Musa Khel", "agree"),
        ("Qalat", "Kalat", "agree"),
        ("Gwadar", "Gawadar", "agree"),
        ("Gwadar city", "Gwadur", "agree"),
        ("Balochistan", "Baluchistan", "agree"),
        ("Kachhi", "Bolan", "agree"),
        ("Rarasham, Musakhail district", "Musakhail", "compatible"),
        ("Rarasham, Musakhail district, Balochistan", "Musakhel", "compatible"),
        ("Qalat", "Balochistan", "compatible"),  # known through the region table
        ("Chakhrarat, Mustan district", "Mu Stan", "compatible"),  # unknown places, by their own chain
        ("Musakhail", "Qalat", "conflict"),
        ("Rarasham, Musakhail", "Kingri, Musakhail", "conflict"),
        ("Quetta", "Lahore", "conflict"),
        ("Kurram", "Khyber Pakhtunkhwa", "compatible"),  # unlisted district, known province
        ("Kurram", "Pakistan", "compatible"),
        ("Kurram", "Bajaur", "conflict"),  # two places, neither known to lie in the other
        ("Quetta", "Punjab", "conflict"),  # known to lie elsewhere
        # the world's countries and subdivisions (ISO 3166, pycountry), by exact spelling
        ("Maiduguri", "Borno State", "compatible"),
        ("Maiduguri", "Nigeria", "compatible"),
        ("Fallujah", "Al Anbar", "compatible"),
        ("Fallujah", "Anbar", "compatible"),
        ("Mosul, Ninawa", "Iraq", "compatible"),
        ("Borno", "Kano", "conflict"),  # two states
        ("Quetta", "Iraq", "conflict"),  # known to be in Pakistan
        ("Quetta", "Pakistan", "compatible"),
        ("Dasht area of Kech", "Kech district", "compatible"),  # "X area of Y": X lies within Y
        ("Turbat", "Kech", "compatible"),  # a district's headquarters lies within it
        ("Turbat", "Balochistan", "compatible"),
        ("Hazarganji area of Quetta", "Hazarganji", "agree"),
        ("village near Turbat", "Turbat", "agree"),  # a part that is only generic words is dropped
        ("a village near Turbat", "Turbat", "agree"),  # an article is a generic word too
        ("a village near Turbat", "a town near Quetta", "conflict"),  # not both the place "a"
        ("Noshwahki district", "Noschwahki", "agree"),  # sch and sh are one sound
    ],
)
def test_places(a: str, b: str, expected: str) -> None:
    assert _rel(Kind.PLACE, a, b) == expected
    assert _rel(Kind.PLACE, b, a) == expected


PLACE_CELLS = [
    "Quetta",
    "  Dasht area of Kech ",
    "Kalat AREA OF Quetta",
    "a village near Turbat",
    "Near Quetta",
    "in Quetta",
    "In  in Quetta",  # one leading word goes, as one by one
    "THE Kalat ,, ; Quetta",
    "Kalat - Quetta",
    "Kalat-Quetta",  # a hyphen inside a name does not split it
    "x suburbs of y",
    "a vicinity  of b",
    "village, Kalat",
    "district",
    "the",
    ",",
    " - ",
    "",
    "unknown",
    " N/A ",
    "Musakhel\tdistrict",  # a tab: not printable, read one by one
    "Qalat\u00a0city",  # a no-break space: not ASCII, read one by one
    "Zhōb, Balochistan",
    "Mosul, Ninawa",
]


def test_places_read_at_once_as_one_by_one() -> None:
    """The batched reader (Arrow splits every cell at once) gives each cell the Value that
    parse_value gives it alone, the parsed place included."""
    at_once = parse_places(PLACE_CELLS, load_vocabulary())
    alone = [parse_value(Kind.PLACE, cell, None, load_vocabulary()) for cell in PLACE_CELLS]
    assert at_once == alone
    assert [v.detail for v in at_once] == [v.detail for v in alone]
    assert [v.display for v in at_once][:3] == ["Quetta", "Dasht, Kech", "Kalat, Quetta"]


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("BLA", "Balochistan Liberation Army", "agree"),
        ("BLA", "Baloch Liberation Army", "agree"),
        ("BLA terrorists", "Balochistan Liberation Army", "agree"),
        ("gunmen", "armed men", "agree"),
        ("gunmen", "BLA", "compatible"),
        ("terrorists", "Balochistan Liberation Army", "compatible"),
        ("armed men", "TTP", "compatible"),
        ("BLA", "TTP", "conflict"),
        ("BLA", "BLF", "conflict"),
        ("security forces", "armed men", "conflict"),
        ("security forces", "BLA", "conflict"),
        ("BLA", "none", "conflict"),
        ("BLA; BLF", "BLA", "compatible"),
        ("Some New Front", "gunmen", "compatible"),
        ("Some New Front", "BLA", "differs"),  # a name the vocabulary does not know: text, no conflict
    ],
)
def test_actors(a: str, b: str, expected: str) -> None:
    assert _rel(Kind.ACTOR, a, b) == expected
    assert _rel(Kind.ACTOR, b, a) == expected


def test_short_aliases_must_be_written_as_aliases() -> None:
    # "is" inside a sentence is not the Islamic State; "IS" written as such is
    value = parse_value(Kind.ACTOR, "police said it is unclear", MONDAY, VOCAB)
    assert "islamic state" not in value.key
    assert parse_value(Kind.ACTOR, "ISIS", MONDAY, VOCAB).display == "Islamic State"


@pytest.mark.parametrize(
    ("phrase", "display"),
    [
        ("innocent citizens", "civilians"),
        ("military personnel travelling in civilian clothes", "security forces"),
        ("soldiers in plain clothes", "security forces"),
        ("passengers", "civilians"),
        ("individuals from Punjab", "civilians"),
        ("four police officers and five passersby", "mixed (civilians, security forces)"),
        ("rebel fighters", "militants"),
        ("mixed", "mixed"),
    ],
)
def test_victim_categories(phrase: str, display: str) -> None:
    assert parse_value(Kind.CATEGORY, phrase, MONDAY, VOCAB).display == display


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("innocent citizens", "military personnel travelling in civilian clothes", "conflict"),
        ("innocent citizens", "passengers", "agree"),
        ("civilians", "police officers and passersby", "compatible"),
        ("militants", "civilians", "conflict"),
        ("mixed", "civilians", "compatible"),
    ],
)
def test_victim_relations(a: str, b: str, expected: str) -> None:
    assert _rel(Kind.CATEGORY, a, b) == expected


def test_unrecognised_values_are_kept_with_a_note() -> None:
    for kind, raw in [(Kind.CATEGORY, "people"), (Kind.COUNT, "lots"), (Kind.DATE, "soonish")]:
        value = parse_value(kind, raw, MONDAY, VOCAB)
        assert value.raw == raw and not value.parsed and value.note


def test_user_aliases_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    aliases = tmp_path / "aliases.yaml"
    aliases.write_text(
        "places:\n  Rarasham: {aliases: [Rara Sham Bazaar], within: Musakhail}\n"
        "  Kingri: {within: Musakhail}\n"
        "actors:\n  named:\n    Majeed Brigade Fighters: {aliases: [MBF], side: non_state}\n"
        "  generic:\n    state: [Levies force]\n",
        encoding="utf-8",
    )
    vocab = load_vocabulary(aliases)
    place = parse_value(Kind.PLACE, "Rara Sham Bazaar", MONDAY, vocab)
    assert place.display == "Rarasham, Musakhail, Balochistan, Pakistan"[: len(place.display)]
    assert relation(place, parse_value(Kind.PLACE, "Musakhel", MONDAY, vocab)) == "compatible"
    mbf = parse_value(Kind.ACTOR, "MBF", MONDAY, vocab)
    assert mbf.display == "Majeed Brigade Fighters"
    levies = parse_value(Kind.ACTOR, "Levies force", MONDAY, vocab)
    assert relation(mbf, levies) == "conflict"


def test_ambiguous_numeric_dates_say_how_they_were_read() -> None:
    assert "ambiguous" in parse_date("05/08/2024", None).note
    assert parse_date("26/08/2024", None).note == ""


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("IED blast", "bomb blast", "agree"),
        ("explosion", "roadside bomb", "agree"),
        ("suicide attack", "suicide blast", "agree"),  # the most specific type wins
        ("suicide attack", "explosion", "compatible"),  # a suicide bombing is an explosion
        ("shooting", "shot dead", "compatible"),  # a targeted killing is an armed assault
        ("attack", "ambush", "compatible"),  # "attack" names every type
        ("ambush", "abduction", "conflict"),
        ("grenade blast", "drone strike", "conflict"),
        ("exchange of fire", "gunfight", "agree"),
        ("Quadcopter attack", "UAV strike", "agree"),
        ("mortar attack", "shelling", "agree"),
        ("attack on coal mine workers", "armed attack", "compatible"),  # "mine" is not a landmine
    ],
)
def test_event_types(a: str, b: str, expected: str) -> None:
    first, second = events.classify(a), events.classify(b)
    assert first is not None and second is not None
    assert events.relation(first, second) == expected
    assert events.relation(second, first) == expected


def test_an_event_type_without_known_words_is_not_guessed() -> None:
    assert events.classify("vehicles torched") is None


# --- one set of missing words for every kind ------------------------------------------------------


def _written(word: str) -> list[str]:
    """A missing word as sources write it: as is, upper case, title case, padded, with a full stop."""
    return [word, word.upper(), word.title(), f"  {word} ", f"{word}."]


@pytest.mark.parametrize("word", sorted(MISSING_WORDS))
@pytest.mark.parametrize("kind", list(Kind))
def test_every_missing_word_is_missing_for_every_kind(word: str, kind: Kind) -> None:
    for raw in _written(word):
        assert is_missing(raw), raw
        assert parse_value(kind, raw, MONDAY, VOCAB).missing, (kind, raw)


@pytest.mark.parametrize("word", sorted(MISSING_WORDS))
def test_every_missing_word_is_a_missing_count_and_a_missing_date(word: str) -> None:
    for raw in _written(word):
        assert parse_count(raw).missing, raw
        assert parse_date(raw, MONDAY).missing, raw


@pytest.mark.parametrize("raw", ["", "unknown", "n/a", "-", "N/A", "n.a.", "—", "?", "..."])
def test_the_missing_words_of_the_count_table_are_missing_in_place_and_text(raw: str) -> None:
    assert parse_value(Kind.PLACE, raw, None, VOCAB).missing
    assert parse_value(Kind.ACTOR, raw, None, VOCAB).missing
    assert parse_value(Kind.TEXT, raw, None, VOCAB).missing
    assert parse_places([raw], VOCAB)[0].missing


@pytest.mark.parametrize("raw", ["none", "0", "no one", "nobody", "not known yet, police said", "Nana"])
def test_words_near_the_missing_ones_are_not_missing(raw: str) -> None:
    assert not is_missing(raw)
    assert not parse_value(Kind.COUNT, raw, None, VOCAB).missing


SUNDAY, WEDNESDAY = D(2024, 8, 25), D(2024, 8, 28)


# Issue 13, point 5: dates, wider. "last week" is the calendar week (Monday to Sunday) before the
# week of publication; "early", "mid-" and "late" a month are its days 1-10, 11-20 and 21-end;
# a part of a day ("late", "early hours of") reads as the day, as "Sunday morning" does.
@pytest.mark.parametrize(
    ("phrase", "published", "low", "high"),
    [
        ("last week", MONDAY, D(2024, 8, 19), D(2024, 8, 25)),
        ("last week", SUNDAY, D(2024, 8, 12), D(2024, 8, 18)),
        ("last week", WEDNESDAY, D(2024, 8, 19), D(2024, 8, 25)),
        ("Last week.", MONDAY, D(2024, 8, 19), D(2024, 8, 25)),
        ("late Sunday", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("early Sunday", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("late Sunday night", MONDAY, D(2024, 8, 25), D(2024, 8, 26)),
        ("early Monday", MONDAY, D(2024, 8, 26), D(2024, 8, 26)),
        ("early hours of Monday", MONDAY, D(2024, 8, 26), D(2024, 8, 26)),
        ("the early hours of Monday", MONDAY, D(2024, 8, 26), D(2024, 8, 26)),
        ("in the early hours of Monday", MONDAY, D(2024, 8, 26), D(2024, 8, 26)),
        ("in the early hours of Sunday", WEDNESDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("Sunday late evening", MONDAY, D(2024, 8, 25), D(2024, 8, 25)),
        ("Monday early morning", MONDAY, D(2024, 8, 26), D(2024, 8, 26)),
        ("mid-August 2024", None, D(2024, 8, 11), D(2024, 8, 20)),
        ("mid August 2024", None, D(2024, 8, 11), D(2024, 8, 20)),
        ("in mid-August 2024", None, D(2024, 8, 11), D(2024, 8, 20)),
        ("mid-Aug 2024", None, D(2024, 8, 11), D(2024, 8, 20)),
        ("early August 2024", None, D(2024, 8, 1), D(2024, 8, 10)),
        ("late August 2024", None, D(2024, 8, 21), D(2024, 8, 31)),
        ("late February 2024", None, D(2024, 2, 21), D(2024, 2, 29)),
        ("late February 2023", None, D(2023, 2, 21), D(2023, 2, 28)),
        ("mid-August", MONDAY, D(2024, 8, 11), D(2024, 8, 20)),
        ("late December", MONDAY, D(2023, 12, 21), D(2023, 12, 31)),  # the latest one before
        ("mi-août 2024", None, D(2024, 8, 11), D(2024, 8, 20)),
        ("début août 2024", None, D(2024, 8, 1), D(2024, 8, 10)),
        ("fin août 2024", None, D(2024, 8, 21), D(2024, 8, 31)),
    ],
)
def test_wider_date_span(phrase: str, published: dt.date | None, low: dt.date, high: dt.date) -> None:
    span = parse_date(phrase, published)
    assert (span.low, span.high) == (low, high), span


@pytest.mark.parametrize(
    ("phrase", "note_contains"),
    [
        ("late Sunday", "needs a 'published' date"),
        ("early hours of Monday", "needs a 'published' date"),
        ("mid-August", "no year given"),
        ("last week", "needs a 'published' date"),
    ],
)
def test_wider_dates_not_guessed(phrase: str, note_contains: str) -> None:
    span = parse_date(phrase, None)
    assert span.low is None and not span.missing
    assert note_contains in span.note


# --- victim categories of issue 13: narrower groups, and "fighters" only where it says whose


@pytest.mark.parametrize(
    ("phrase", "display"),
    [
        ("prisoners of war", "prisoners of war"),
        ("POWs", "prisoners of war"),
        ("captured soldiers", "prisoners of war"),
        ("prisonniers de guerre", "prisoners of war"),
        ("detainees", "detainees"),
        ("prisoners", "detainees"),
        ("détenus", "detainees"),
        ("hostages", "hostages"),
        ("otages", "hostages"),
        ("journalists", "journalists"),
        ("two journalists and a cameraman", "journalists"),
        ("journalistes", "journalists"),
        ("medical staff", "medical staff"),
        ("medical personnel", "medical staff"),  # not security "personnel"
        ("health workers", "medical staff"),
        ("paramedics", "medical staff"),
        ("personnel soignant", "medical staff"),
        ("aid workers", "aid workers"),  # not civilian "workers" besides
        ("humanitarian staff", "aid workers"),
        ("travailleurs humanitaires", "aid workers"),
        ("worshippers", "worshippers"),
        ("pilgrims", "worshippers"),
        ("fidèles", "worshippers"),
        ("displaced people", "displaced people"),
        ("IDPs", "displaced people"),
        ("personnes déplacées", "displaced people"),
        ("journalists and soldiers", "mixed (security forces, journalists)"),
        # fighters: whose, when the text says
        ("fighters", "fighters"),
        ("combattants", "fighters"),
        ("Hamas fighters", "militants"),
        ("12 Hamas fighters", "militants"),
        ("ISWAP fighters", "militants"),
        ("fighters of al-Shabaab", "militants"),
        ("combattants du JNIM", "militants"),
        ("rebel fighters", "militants"),
        ("jihadist fighters", "militants"),
        ("Sudanese fighters", "security forces"),
        ("government fighters", "security forces"),
        ("Some Unknown Front fighters", "fighters"),  # a name we do not know says nothing of whose
        ("Nigerian troops", "security forces"),
        ("Israeli soldiers", "security forces"),
        ("firefighters", ""),  # not fighters
        # forces: whose, when the text says; nothing alone, nor a group's members
        ("Israeli forces", "security forces"),
        ("25 Yemeni coalition forces", "security forces"),
        ("government forces", "security forces"),
        ("Rapid Support Forces", "militants"),  # a group named "Forces"
        ("13 members of the ELN", ""),
        ("Hamas members", ""),
        ("members of the security forces", "security forces"),
        ("forces", ""),
        ("family members", ""),
        ("rebel forces", "militants"),
        ("rebel soldiers", "militants"),
        # a compound's head names the victims; words joined by "and" or a comma each count
        ("10 National Liberation Army guerrillas", "militants"),
        ("women soldiers", "security forces"),
        ("Arakan Army fighters", "militants"),
        ("soldiers and civilians", "mixed (civilians, security forces)"),
        ("soldiers, civilians", "mixed (civilians, security forces)"),
        ("mixed (civilians, security forces)", "mixed (civilians, security forces)"),  # a display reads back
        ("civilians in army custody", "mixed (civilians, security forces)"),
        # forces as reports name them around the world
        ("Five rangers", "security forces"),
        ("two marines", "security forces"),
        ("Seven Azerbaijani service members", "security forces"),
        ("peacekeepers", "security forces"),
        ("paratroopers", "security forces"),
        ("commandos", "security forces"),
        ("conscripts", "security forces"),
        ("national guardsmen", "security forces"),
        ("members of the Special Task Force", "security forces"),
        # civilians as reports name them, in English and French (fixtures/world)
        ("tourists and security personnel", "mixed (civilians, security forces)"),
        ("the majority of whom were tourists", "civilians"),
        ("wedding guests", "civilians"),
        ("shoppers and customers", "civilians"),
        ("civils", "civilians"),
        ("des civils et des soldats", "mixed (civilians, security forces)"),
        ("orpailleurs", "civilians"),
        ("villageois", "civilians"),
        ("des gendarmes", "security forces"),
        ("forces de défense et de sécurité", "security forces"),
        ("des terroristes", "militants"),
        ("hommes armés", "militants"),
    ],
)
def test_victim_categories_of_the_world(phrase: str, display: str) -> None:
    assert parse_value(Kind.CATEGORY, phrase, MONDAY, VOCAB).display == display


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # narrower civilians: compatible with civilians and with each other, in conflict with soldiers
        ("journalists", "civilians", "compatible"),
        ("journalists", "medical staff", "compatible"),
        ("aid workers", "soldiers", "conflict"),
        ("worshippers", "militants", "conflict"),
        ("displaced people", "civilians and soldiers", "compatible"),
        ("journalists", "reporters", "agree"),
        # prisoners of war are combatants hors de combat: soldiers or fighters, never civilians
        ("prisoners of war", "soldiers", "compatible"),
        ("prisoners of war", "militants", "compatible"),
        ("prisoners of war", "civilians", "conflict"),
        ("prisoners of war", "journalists", "conflict"),
        # detainees and hostages may be anyone held
        ("detainees", "civilians", "compatible"),
        ("detainees", "militants", "compatible"),
        ("hostages", "soldiers", "compatible"),
        ("hostages", "civilians", "compatible"),
        # fighters alone: militants or security forces, not civilians
        ("fighters", "militants", "compatible"),
        ("fighters", "soldiers", "compatible"),
        ("fighters", "civilians", "conflict"),
        ("fighters", "civilians and soldiers", "compatible"),
        ("Hamas fighters", "soldiers", "conflict"),
        ("Hamas fighters", "militants", "agree"),
        ("Sudanese fighters", "soldiers", "agree"),
    ],
)
def test_victim_relations_of_the_world(a: str, b: str, expected: str) -> None:
    assert _rel(Kind.CATEGORY, a, b) == expected
    assert _rel(Kind.CATEGORY, b, a) == expected
