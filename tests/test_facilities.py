"""Facilities and features at a place (issue 12, point 4): a hospital, a camp, a station... is
read as a facility at a place, never as another place; the facility is shown, and two facilities
in one town are compatible."""

from __future__ import annotations

import pytest

from reconcile.schema import Kind
from reconcile.values import load_vocabulary, parse_places, parse_value, relation
from reconcile.values.places import split_facility
from tests.test_evidence import assess

VOCAB = load_vocabulary()


def _rel(a: str, b: str) -> str:
    return relation(parse_value(Kind.PLACE, a, None, VOCAB), parse_value(Kind.PLACE, b, None, VOCAB))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        # the examples
        ("Al-Shifa hospital, Gaza City", "Gaza City", "agree"),
        ("Zamzam camp", "Zamzam displacement camp", "agree"),
        ("Zamzam camp", "Zamzam", "agree"),
        ("Zamzam displacement camp", "Zamzam", "agree"),
        ("the railway station in Kramatorsk", "Kramatorsk", "agree"),
        ("Kramatorsk railway station", "the station in Kramatorsk", "agree"),  # same facility
        ("Kramatorsk railway station", "Kramatorsk", "agree"),
        ("Jabalia camp", "a school in Jabalia", "compatible"),  # two facilities in one town
        ("Al-Shifa hospital, Gaza City", "Al-Ahli hospital, Gaza City", "compatible"),
        ("Al-Shifa hospital, Gaza City", "the hospital in Gaza City", "agree"),
        ("Al-Shifa hospital in Gaza City", "Gaza City", "agree"),
        ("a checkpoint near Huwara", "Huwara", "agree"),
        ("Kramatorsk railway station", "Kramatorsk, Donetsk Oblast", "agree"),
        ("Quetta railway station", "Quetta", "agree"),
        ("Quetta railway station", "Balochistan", "compatible"),  # the place's hierarchy still holds
        ("police station in Turbat", "Turbat", "agree"),
        ("Central Jail Gwadar", "Gwadar", "agree"),
        # French
        ("l'hôpital de Goma", "Goma", "agree"),
        ("la gare de Kramatorsk", "Kramatorsk railway station", "agree"),
        ("camp de réfugiés de Kakuma", "Kakuma camp", "agree"),
        ("marché de Gao", "une école à Gao", "compatible"),
        # must stay apart
        ("Kramatorsk station", "Sloviansk station", "conflict"),
        ("Jabalia camp", "Nuseirat camp", "conflict"),
        ("Nasser hospital, Khan Younis", "Kamal Adwan hospital, Beit Lahia", "conflict"),
        ("Quetta railway station", "Gwadar", "conflict"),
        ("a school in Jabalia", "a school in Beit Lahia", "conflict"),
    ],
)
def test_facilities_at_places(a: str, b: str, expected: str) -> None:
    assert _rel(a, b) == expected
    assert _rel(b, a) == expected


@pytest.mark.parametrize(
    ("raw", "display"),
    [
        ("Al-Shifa hospital, Gaza City", "Al-Shifa hospital at Gaza"),  # the canonical name
        ("Zamzam displacement camp", "displacement camp at Zamzam"),
        ("the railway station in Kramatorsk", "railway station at Kramatorsk"),
        ("Kramatorsk railway station", "railway station at Kramatorsk"),
        ("Quetta railway station", "railway station at Quetta"),
        ("Kramatorsk", "Kramatorsk"),
    ],
)
def test_the_facility_is_shown_beside_the_place_and_the_raw_text_kept(raw: str, display: str) -> None:
    value = parse_value(Kind.PLACE, raw, None, VOCAB)
    assert value.raw == raw
    assert value.display == display
    again = parse_value(Kind.PLACE, value.display, None, VOCAB)
    assert relation(value, again) == "agree"


@pytest.mark.parametrize(
    "raw",
    ["Gaza City", "Quetta", "Balochistan", "Camp", "Pont-Saint-Esprit", "Musakhel district", "Bridgetown"],
)
def test_names_without_a_facility_word_are_not_split(raw: str) -> None:
    assert split_facility(raw) is None or raw == "Camp"


def test_a_facility_alone_names_no_place() -> None:
    assert not parse_value(Kind.PLACE, "a hospital", None, VOCAB).parsed


def test_facilities_read_at_once_as_one_by_one() -> None:
    cells = [
        "Al-Shifa hospital, Gaza City",
        "the railway station in Kramatorsk",
        "Zamzam displacement camp",
        "a checkpoint near Huwara",
        "a school in Jabalia",
        "hospital",
        "l'hôpital de Goma",
    ]
    at_once = parse_places(cells, load_vocabulary())
    alone = [parse_value(Kind.PLACE, cell, None, load_vocabulary()) for cell in cells]
    assert at_once == alone
    assert [v.detail for v in at_once] == [v.detail for v in alone]


@pytest.mark.parametrize(
    ("a", "b", "weight", "words"),
    [
        ("the railway station in Kramatorsk", "Kramatorsk", 0.40, "same place (Kramatorsk)"),
        ("Zamzam camp", "Zamzam displacement camp", 0.40, "same place (Zamzam)"),
        ("Al-Shifa hospital, Gaza City", "Gaza City", 0.40, "same place (Gaza City)"),  # as written
        ("Jabalia camp", "a school in Jabalia", 0.40, "same place (Jabalia)"),  # facilities never differ
        (
            "Kramatorsk station",
            "Sloviansk station",
            -0.10,
            "places differ (Kramatorsk station / Sloviansk station)",
        ),
        # two towns of the gazetteer: their centres' distance is the reason
        ("Jabalia camp", "Nuseirat camp", -0.10, "12.3 km apart (Jabalia camp / Nuseirat camp)"),
    ],
)
def test_in_matching_a_facility_is_at_its_place(a: str, b: str, weight: float, words: str) -> None:
    assert assess("place", {"location": a}, {"location": b}) == (weight, False, words)
