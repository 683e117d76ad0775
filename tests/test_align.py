"""Alignment, table by table: a conflict's severity, revisions by one source, statuses without a
readable value, the joint reading, and the groups of a conflict."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import reconcile
from reconcile import align
from reconcile.align import conflict_groups
from reconcile.model import FieldAlignment
from reconcile.schema import Kind
from reconcile.values import Value, interval_text, parse_value, relation
from reconcile.values.vocab import load_vocabulary
from tests.conftest import write

VOCABULARY = load_vocabulary()

HEADER = "id,source,published,event_date,location,incident,killed,victims\n"


def _field(tmp_path: Path, rows: list[str], name: str) -> FieldAlignment:
    """The one incident the rows make, and its field `name`."""
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + "".join(f"{r}\n" for r in rows)))
    (incident,) = report.incidents
    return next(f for f in incident.fields if f.field == name)


def _tolls(tolls: list[str]) -> list[str]:
    return [f"{chr(97 + n)},S{n},2024-08-26,2024-08-26,Quetta,,{toll}," for n, toll in enumerate(tolls)]


@pytest.mark.parametrize(
    ("tolls", "severity"),
    [
        # major when the largest lower bound is at least 1.5 x the smallest upper bound
        (["9", "10"], "minor"),
        (["9", "23"], "major"),
        (["10", "14"], "minor"),
        (["10", "15"], "major"),  # exactly 1.5 x
        (["9", "10", "23"], "major"),
        (["23", "10", "9"], "major"),
        (["up to 20", "at least 30"], "major"),
        (["up to 20", "at least 29"], "minor"),
        (["0", "1"], "minor"),  # against none, 1 is not far apart ...
        (["0", "2"], "major"),  # ... 2 is (a smallest upper bound of 0 counts as 1)
    ],
)
def test_severity_of_a_conflict_in_counts(tmp_path: Path, tolls: list[str], severity: str) -> None:
    killed = _field(tmp_path, _tolls(tolls), "killed")
    assert (killed.status, killed.severity) == ("conflict", severity)


@pytest.mark.parametrize(
    ("dates", "severity"),
    [
        (["2024-08-26", "2024-08-27"], "minor"),
        (["2024-08-26", "2024-08-28"], "major"),  # two days apart
        (["2024-08-28", "2024-08-26"], "major"),
        (["2024-08-26", "2024-08-27", "2024-08-28"], "major"),
        (["2024-08-20", "2024-08-27"], "major"),
    ],
)
def test_severity_of_a_conflict_in_dates(tmp_path: Path, dates: list[str], severity: str) -> None:
    rows = [f"{chr(97 + n)},S{n},2024-08-30,{d},Quetta,one,," for n, d in enumerate(dates)]
    date = _field(tmp_path, rows, "event_date")
    assert (date.status, date.severity) == ("conflict", severity)


def test_a_day_only_publication_is_unordered_against_that_days_timestamps(tmp_path: Path) -> None:
    """A's 14 on the 25th is replaced by the 23 it gave twice on the 26th, once with a time and once
    without; neither of those is later than the other, and both are later than the 14."""
    rows = [
        "a1,A,2024-08-25T08:00,2024-08-25,Quetta,,14,",
        "a2,A,2024-08-26,2024-08-25,Quetta,,23,",
        "a3,A,2024-08-26T20:00,2024-08-25,Quetta,,23,",
        "b,B,2024-08-26,2024-08-25,Quetta,,23,",
    ]
    killed = _field(tmp_path, rows, "killed")
    assert [v.account for v in killed.values if v.superseded] == ["a1"]
    assert (killed.status, killed.consensus) == ("agree", (23, 23))
    (revision,) = killed.revisions
    assert [s.account for s in revision.steps] == ["a1", "a2", "a3"]


@pytest.mark.parametrize(
    ("positions", "files", "superseded"),
    [
        (("line 2, char 120", "line 9, char 900"), ("t", "t"), ["a1"]),  # a first toll, then a later one
        (("line 9, char 900", "line 2, char 120"), ("t", "t"), ["a2"]),
        (("line 2, char 120", "line 9, char 900"), ("t", "u"), []),  # two texts: unordered
        (("", "line 9, char 900"), ("t", "t"), []),  # no position: unordered
        (("line 2, char 120", "line 2, char 120"), ("t", "t"), []),
    ],
)
def test_one_sources_figures_in_one_text_are_ordered_by_where_they_stand(
    tmp_path: Path, positions: tuple[str, str], files: tuple[str, str], superseded: list[str]
) -> None:
    """`reconcile extract` writes a source's two tolls in one text as two accounts published alike,
    each with its position: the later in the text is the revision."""
    header = "id,source,published,event_date,location,incident,killed,position\n"
    for n, file in enumerate(files):
        path = tmp_path / f"{file}.csv"
        old = path.read_text(encoding="utf-8") if path.exists() else header
        row = f'a{n + 1},Police,2024-08-26,2024-08-26,Quetta,x,{(12, 20)[n]},"{positions[n]}"\n'
        path.write_text(old + row, encoding="utf-8")
    paths = sorted({tmp_path / f"{file}.csv" for file in files})
    report = reconcile.reconcile(paths)
    (incident,) = report.incidents
    killed = next(f for f in incident.fields if f.field == "killed")
    assert [v.account for v in killed.values if v.superseded] == superseded
    assert bool(killed.revisions) is bool(superseded)


def test_a_revision_is_named_as_the_source_first_wrote_it(tmp_path: Path) -> None:
    rows = [
        "a1,Quetta Herald,2024-08-26T08:00,2024-08-26,Quetta,,14,",
        "a2,QUETTA HERALD,2024-08-26T20:00,2024-08-26,Quetta,,23,",
        "b,B,2024-08-26,2024-08-26,Quetta,,23,",
    ]
    (revision,) = _field(tmp_path, rows, "killed").revisions
    assert revision.source == "Quetta Herald"
    assert [s.raw for s in revision.steps] == ["14", "23"]


@pytest.mark.parametrize(
    ("tolls", "status"),
    [
        (["a lot", "A LOT"], "agree"),  # nothing readable: compared as text, folded
        (["a lot", "heavy losses"], "differs"),
        (["a lot", "heavy losses", "a lot"], "differs"),
    ],
)
def test_values_that_cannot_be_read_are_compared_as_text(
    tmp_path: Path, tolls: list[str], status: str
) -> None:
    killed = _field(tmp_path, [f"{r}" for r in _tolls(tolls)], "killed")
    assert (killed.status, killed.explanation) == (status, "no value could be read; compared as text")


@pytest.mark.parametrize(
    ("victims", "status", "reading"),
    [
        (["civilians", "civilians and soldiers"], "compatible", "civilians"),
        (["civilians and soldiers", "civilians"], "compatible", "civilians"),
        (["civilians", "civilians"], "agree", "civilians"),
    ],
)
def test_the_reading_of_victims_is_the_narrowest_value(
    tmp_path: Path, victims: list[str], status: str, reading: str
) -> None:
    rows = [f"{chr(97 + n)},S{n},2024-08-26,2024-08-26,Quetta,,9,{v}" for n, v in enumerate(victims)]
    field = _field(tmp_path, rows, "victims")
    assert (field.status, field.reading) == (status, reading)


@pytest.mark.parametrize(
    ("tolls", "groups"),
    [
        (["20", "20", "30"], (("a", "b"), ("c",))),  # equal values: one group
        (["20", "twenty", "30"], (("a", "b"), ("c",))),  # the same interval, worded differently
        (["30", "20", "20"], (("b", "c"), ("a",))),
        (["at least 20", "25", "10"], (("a", "b"), ("c",))),
        (["10", "at least 20", "25", "dozens"], (("b", "c", "d"), ("a",))),
    ],
)
def test_a_conflict_names_the_groups_that_agree_among_themselves(
    tmp_path: Path, tolls: list[str], groups: tuple[tuple[str, ...], ...]
) -> None:
    killed = _field(tmp_path, _tolls(tolls), "killed")
    assert (killed.status, killed.groups) == ("conflict", groups)


# --- who contradicts whom: groups of mutually compatible values, and the bridges between them

LABELLED = "id,source,published,event_date,location,incident,killed,victims,perpetrator\n"


def _one_incident(tmp_path: Path, column: str, values: list[str]) -> FieldAlignment:
    """Accounts labelled as one incident, each giving `values[n]` in `column`."""
    given = {
        "event_date": "2024-08-26",
        "location": "Quetta",
        "killed": "9",
        "victims": "",
        "perpetrator": "",
    }
    rows = []
    for n, value in enumerate(values):
        cells = given | {column: f'"{value}"'}
        rows.append(
            f"{chr(97 + n)},S{n},2024-08-30,{cells['event_date']},{cells['location']},one,"
            f"{cells['killed']},{cells['victims']},{cells['perpetrator']}\n"
        )
    report = reconcile.reconcile(write(tmp_path / "a.csv", LABELLED + "".join(rows)))
    (incident,) = report.incidents
    return next(f for f in incident.fields if f.field == column)


Bridges = tuple[tuple[tuple[str, ...], tuple[int, ...]], ...]


@pytest.mark.parametrize(
    ("column", "values", "groups", "bridges"),
    [
        # "at least 50" and "at least 51" are compatible: one side against 40
        ("killed", ["40", "at least 50", "at least 51"], (("b", "c"), ("a",)), ()),
        # neither "at least 20" nor "more than 21" contradicts 22 or 23: compatible with both
        ("killed", ["22", "at least 20", "more than 21", "23"], (("a",), ("d",)), ((("b", "c"), (0, 1)),)),
        ("killed", ["23", "more than 21", "at least 20", "22"], (("a",), ("d",)), ((("b", "c"), (0, 1)),)),
        ("killed", ["10", "at least 20", "25", "dozens"], (("b", "c", "d"), ("a",)), ()),
        ("killed", ["10", "between 10 and 20", "20"], (("a",), ("c",)), ((("b",), (0, 1)),)),
        # a chain: 3-9 fits 3 and 9, 9-12 fits 9 and 12; 3 against 9 against 12
        ("killed", ["3", "between 3 and 9", "9", "between 9 and 12", "12"], (("a",), ("c",), ("e",)),
         ((("b",), (0, 1)), (("d",), (1, 2)))),
        ("killed", ["9", "9", "12", "at least 9"], (("a", "b"), ("c",)), ((("d",), (0, 1)),)),
        # dates: "August 2024" fits every day of it; the night of 25/26 fits the 25th and the 26th
        ("event_date",
         ["2024-08-25", "night of 25/26 August 2024", "2024-08-26", "2024-08-28", "August 2024"],
         (("a",), ("c",), ("d",)), ((("b",), (0, 1)), (("e",), (0, 1, 2)))),
        ("event_date", ["2024-08-25", "2024-08-25", "2024-08-28"], (("a", "b"), ("c",)), ()),
        # places: the province holds both towns; the town within its province agrees with it
        ("location", ["Quetta", "Kalat", "Balochistan", "Quetta, Balochistan"], (("a", "d"), ("b",)),
         ((("c",), (0, 1)),)),
        ("location", ["Quetta", "Kalat", "Quetta"], (("a", "c"), ("b",)), ()),
        # victims and actors: a mixed toll, a generic word, between two that conflict
        ("victims", ["civilians", "soldiers", "civilians and soldiers"], (("a",), ("b",)),
         ((("c",), (0, 1)),)),
        ("perpetrator", ["BLA", "TTP", "militants"], (("a",), ("b",)), ((("c",), (0, 1)),)),
    ],
)  # fmt: skip
def test_a_conflict_says_who_contradicts_whom(
    tmp_path: Path, column: str, values: list[str], groups: tuple[tuple[str, ...], ...], bridges: Bridges
) -> None:
    field = _one_incident(tmp_path, column, values)
    assert field.status == "conflict"
    assert (field.groups, tuple((b.accounts, b.groups) for b in field.bridges)) == (groups, bridges)


def _count(low: int, high: int | None) -> Value:
    return Value(
        Kind.COUNT, f"{low}-{high}", low=low, high=high, key=(low, high), display=interval_text(low, high)
    )


def _date(low: int, high: int) -> Value:
    first = dt.date(2024, 8, 1)
    days = (first + dt.timedelta(days=low), first + dt.timedelta(days=high))
    return Value(
        Kind.DATE, f"{low}-{high}", low=days[0], high=days[1], key=days, display=interval_text(*days)
    )


def _check_groups(kind: Kind, values: list[Value]) -> None:
    """What `groups` and `bridges` promise, pair by pair against `relation`."""
    ids = [f"v{n:02d}" for n in range(len(values))]
    value_of = dict(zip(ids, values, strict=True))
    groups, bridges = conflict_groups(kind, ids, values)

    def fits(a: str, b: str) -> bool:
        return relation(value_of[a], value_of[b]) != "conflict"

    placed = [a for g in groups for a in g] + [a for b in bridges for a in b.accounts]
    assert sorted(placed) == ids  # every value once: in a group or a bridge
    assert len(groups) >= 2
    for n, group in enumerate(groups):
        assert all(fits(a, b) for a in group for b in group)  # no conflict inside a group
        for other in groups[n + 1 :]:  # two groups cannot both be true, value by value
            assert not any(fits(a, b) for a in group for b in other)
    for bridge in bridges:
        for n, group in enumerate(groups):  # compatible with every value of its groups, none else
            assert all(fits(a, b) == (n in bridge.groups) for a in bridge.accounts for b in group)
    # the same values in another order: the same answer
    again = conflict_groups(kind, ids[::-1], values[::-1])
    assert again == (groups, bridges)


def _has_conflict(values: list[Value]) -> bool:
    return any(relation(a, b) == "conflict" for n, a in enumerate(values) for b in values[n + 1 :])


COUNTS = st.builds(
    lambda low, width, open_: _count(low, None if open_ else low + width),
    st.integers(0, 30),
    st.integers(0, 8),
    st.booleans(),
)
DATES = st.builds(lambda low, width: _date(low, low + width), st.integers(0, 20), st.integers(0, 5))


@settings(max_examples=300, deadline=None)
@given(st.lists(COUNTS, min_size=2, max_size=12))
def test_count_groups_hold_no_conflict_and_bridges_say_what_they_fit(values: list[Value]) -> None:
    assume(_has_conflict(values))
    _check_groups(Kind.COUNT, values)


@settings(max_examples=200, deadline=None)
@given(st.lists(DATES, min_size=2, max_size=12))
def test_date_groups_hold_no_conflict_and_bridges_say_what_they_fit(values: list[Value]) -> None:
    assume(_has_conflict(values))
    _check_groups(Kind.DATE, values)


PLACES = ["Quetta", "Kalat", "Balochistan", "Quetta, Balochistan", "Mastung", "Sindh", "Karachi", "Pakistan"]
VICTIMS = ["civilians", "soldiers", "civilians and soldiers", "militants", "police", "children", "policemen"]


@settings(max_examples=100, deadline=None)
@given(st.sampled_from([(Kind.PLACE, PLACES), (Kind.CATEGORY, VICTIMS)]).flatmap(
    lambda kv: st.tuples(st.just(kv[0]), st.lists(st.sampled_from(kv[1]), min_size=2, max_size=10))
))  # fmt: skip
def test_place_and_victim_groups_hold_no_conflict_and_bridges_say_what_they_fit(
    given_values: tuple[Kind, list[str]],
) -> None:
    kind, words = given_values
    values = [parse_value(kind, w, None, VOCABULARY) for w in words]
    assume(_has_conflict(values))
    _check_groups(kind, values)


@settings(max_examples=200, deadline=None)
@given(st.lists(COUNTS, min_size=1, max_size=10, unique_by=lambda v: v.key))
def test_the_sweep_finds_the_maximal_sets_the_general_search_finds(values: list[Value]) -> None:
    assert sorted(align._interval_cliques(values)) == align._cliques(values)


def test_the_report_names_the_sides_and_what_fits_both(tmp_path: Path) -> None:
    rows = _tolls(["22", "at least 20", "more than 21", "23"])
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + "".join(f"{r}\n" for r in rows)))
    md = reconcile.render(report, "md")
    assert "A: 22 (S0) **vs** B: 23 (S3); at least 20 / more than 21 (S1, S2) compatible with A and B" in md
    html = reconcile.render(report, "html")
    assert "compatible with A and B</span>" in html
    assert 'title="compatible with groups A and B: on neither side of their conflict">A+B</span>' in html
    (field,) = [
        f
        for f in json.loads(reconcile.render(report, "json"))["incidents"][0]["fields"]
        if f["field"] == "killed"
    ]
    assert (field["groups"], field["bridges"]) == (
        [["a"], ["d"]],
        [{"accounts": ["b", "c"], "compatible_with": [0, 1]}],
    )


def test_a_conflict_without_bridges_reads_as_before(tmp_path: Path) -> None:
    rows = _tolls(["40", "at least 50", "at least 51"])
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + "".join(f"{r}\n" for r in rows)))
    assert "at least 50 / at least 51 (S1, S2) **vs** 40 (S0)" in reconcile.render(report, "md")


# --- "agree" only when every value was read; otherwise the field says how many were not


@pytest.mark.parametrize(
    ("tolls", "status", "unread", "says"),
    [
        (["9", "9"], "agree", 0, "every source gives the same value"),
        (["9", "nine"], "agree", 0, "every source gives the same value"),
        (["9", "a toll we cannot read"], "differs", 1, "the values read agree, but 1 of 2 values could not"),
        (
            ["9", *["some words"] * 7],
            "differs",
            7,
            "the values read agree, but 7 of 8 values could not be read",
        ),
        (["9", "9", "lots and lots"], "differs", 1, "1 of 3 values could not be read"),
        (
            ["9", "at least 5", "lots and lots"],
            "compatible",
            1,
            "overlap but are not the same; 1 of 3 values",
        ),
        (["9", "30", "lots and lots"], "conflict", 1, "cannot both be true; 1 of 3 values could not be read"),
        (["lots and lots", "lots and lots"], "agree", 2, "no value could be read; compared as text"),
    ],
)
def test_a_field_agrees_only_when_every_value_was_read(
    tmp_path: Path, tolls: list[str], status: str, unread: int, says: str
) -> None:
    killed = _field(tmp_path, _tolls(tolls), "killed")
    assert (killed.status, killed.unread) == (status, unread)
    assert says in killed.explanation


def test_the_report_says_how_many_values_were_not_read(tmp_path: Path) -> None:
    rows = _tolls(["9", *["some words"] * 7])
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + "".join(f"{r}\n" for r in rows)))
    assert "(⚠ 7 of 8 not read)" in reconcile.render(report, "md")
    assert "⚠ 7 of 8 not read</span>" in reconcile.render(report, "html")
    fields = json.loads(reconcile.render(report, "json"))["incidents"][0]["fields"]
    assert [(f["status"], f["unread"]) for f in fields if f["field"] == "killed"] == [("differs", 7)]
