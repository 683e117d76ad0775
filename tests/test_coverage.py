"""What an aggregate covers: the incidents within a day of its span, in its area, unless who did
it clashes outright; and a link's score as it is shown (three decimals)."""

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
