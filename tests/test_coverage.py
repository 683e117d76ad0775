"""What the matcher's later stages make of matched accounts: what an aggregate covers (the
incidents within a day of its span, in its area, unless who did it clashes outright), a link's
score as it is shown (three decimals), each account's strongest link in the table, and the
pairing of accounts with no date by their place."""

from __future__ import annotations

from pathlib import Path

import pytest

import reconcile
from tests.conftest import write

HEADER = "id,source,scope,event_date,location,perpetrator,killed,event_type\n"
AGGREGATE = "agg,Ministry,aggregate,2024-08-26,Balochistan,{perpetrator},30,\n"


@pytest.mark.parametrize(
    ("day", "perpetrator", "covered"),
    [
        ("2024-08-26", "BLA", True),
        ("2024-08-27", "BLA", True),  # a day after the aggregate's span
        ("2024-08-28", "BLA", False),  # two days after
        ("2024-08-25", "BLA", True),  # a day before
        ("2024-08-24", "BLA", False),  # two days before
        ("2024-08-26", "TTP", False),  # another group: the toll is not of this incident
        ("2024-08-26", "gunmen", True),  # a generic word fits a named group
        ("2024-08-26", "", True),
    ],
)
def test_an_aggregate_covers_incidents_within_a_day_in_its_area(
    tmp_path: Path, day: str, perpetrator: str, covered: bool
) -> None:
    rows = AGGREGATE.format(perpetrator="BLA") + f"q1,Dawn,incident,{day},Quetta,{perpetrator},5,\n"
    report = reconcile.reconcile([write(tmp_path / "a.csv", HEADER + rows)])
    (aggregate,) = [i for i in report.incidents if i.scope == "aggregate"]
    assert bool(aggregate.covers) is covered


@pytest.mark.parametrize(
    ("theirs", "covered"),
    [
        ("soldiers", False),  # every victim of the toll is a civilian: not these
        ("passengers", True),  # kinds of civilian: compatible
        ("civilians", True),
        ("", True),
    ],
)
def test_an_aggregate_does_not_cover_an_incident_whose_victims_clash(
    tmp_path: Path, theirs: str, covered: bool
) -> None:
    header = "id,source,scope,event_date,location,killed,victims\n"
    rows = "agg,Ministry,aggregate,2024-08-26,Balochistan,30,civilians\n"
    rows += f"q1,Dawn,incident,2024-08-26,Quetta,5,{theirs}\n"
    report = reconcile.reconcile([write(tmp_path / "a.csv", header + rows)])
    (aggregate,) = [i for i in report.incidents if i.scope == "aggregate"]
    assert bool(aggregate.covers) is covered


def test_an_aggregate_covers_nothing_outside_its_area(tmp_path: Path) -> None:
    rows = AGGREGATE.format(perpetrator="BLA") + "k1,Dawn,incident,2024-08-26,Karachi,BLA,5,\n"
    report = reconcile.reconcile([write(tmp_path / "a.csv", HEADER + rows)])
    (aggregate,) = [i for i in report.incidents if i.scope == "aggregate"]
    assert aggregate.covers == ()


def test_a_link_s_score_is_shown_to_three_decimals(tmp_path: Path) -> None:
    # 0.35 (same day) + 0.40 (same place) + 0.15 x 18.18 / 100 (event types written unalike) = 0.7773
    rows = "a,Dawn,,2024-08-26,Zorakan,,,sit-in\nb,Reuters,,2024-08-26,Zorakan,,,arson\n"
    table = reconcile.match(write(tmp_path / "a.csv", HEADER + rows))
    assert table["score"].tolist() == [0.777, 0.777]


def test_every_account_of_a_joined_incident_names_its_link_and_a_lone_one_none(tmp_path: Path) -> None:
    rows = (
        "a,Dawn,,2024-08-26,Quetta,,3,\nb,Reuters,,2024-08-26,Quetta,,3,\n"
        "c,AFP,,2024-08-26,Quetta,,3,\nz,BBC,,2020-01-01,Gwadar,,9,\n"
    )
    path = write(tmp_path / "a.csv", HEADER + rows)
    table = reconcile.match(path)
    joined = table[table["id"] != "z"]
    assert (joined["linked_to"] != "").all() and joined["score"].notna().all()  # the first account too
    out = tmp_path / "incidents.csv"
    from click.testing import CliRunner

    from reconcile.cli import main

    assert CliRunner().invoke(main, ["match", str(path), "-o", str(out)]).exit_code == 0
    lone = [line for line in out.read_text(encoding="utf-8").splitlines() if line.startswith('"z"')]
    assert lone == ['"z","incident-000002","incident","",,"",""']  # no link: empty cells, not "nan"


def test_an_account_with_no_date_pairs_by_its_place_even_the_first_place(tmp_path: Path) -> None:
    from reconcile.match import blocking, features
    from reconcile.values import parse_accounts

    rows = "a,Dawn,,,Quetta,,,\nb,Reuters,,2024-08-26,Quetta,,,\nc,AFP,,,,,,\n"
    parsed = parse_accounts(reconcile.load(write(tmp_path / "a.csv", HEADER + rows))).sorted_by_id()
    f = features(parsed)
    packed = blocking.undated_pairs(f)
    n = len(parsed.table)
    assert sorted((int(p // n), int(p % n)) for p in packed) == [(0, 1)]  # a with b (Quetta), not with c
