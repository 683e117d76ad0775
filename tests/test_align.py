"""Alignment, table by table: a conflict's severity, revisions by one source, statuses without a
readable value, the joint reading, and the groups of a conflict."""

from __future__ import annotations

from pathlib import Path

import pytest

import reconcile
from reconcile.model import FieldAlignment
from tests.conftest import write

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
