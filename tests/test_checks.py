"""Checks: breakdowns against tolls (table-driven) and aggregates against the incidents they cover."""

from __future__ import annotations

from pathlib import Path

import pytest

import reconcile
from reconcile.checks import part_whole
from tests.conftest import write

INF = None


@pytest.mark.parametrize(
    ("total", "parts", "status", "detail"),
    [
        ((9, 9), {"killed_civilians": (5, 5), "killed_security": (4, 4)}, "pass", "fits"),
        (
            (23, 23),
            {"killed_civilians": (23, 23), "killed_militants": (5, 5)},
            "pass",
            "leaves out the attackers",
        ),
        ((9, 9), {"killed_civilians": (6, 6), "killed_security": (4, 4)}, "fail", "exceed"),
        ((9, 9), {"killed_security": (10, INF)}, "fail", "exceed"),
        ((38, INF), {"killed_civilians": (40, 40)}, "pass", "fits"),
        ((0, 12), {"killed_civilians": (5, 5), "killed_security": (2, 5)}, "pass", "fits"),
        ((7, 7), {"killed_civilians": (5, 5)}, "pass", "fits"),  # a breakdown may be partial
    ],
)
def test_part_whole(total: tuple[int, int | None], parts: dict, status: str, detail: str) -> None:  # type: ignore[type-arg]
    got, text = part_whole(total, parts)
    assert got == status
    assert detail in text


HEADER = (
    "id,source,published,event_date,location,killed,killed_civilians,killed_security,killed_militants,scope\n"
)


def test_parts_that_exceed_the_total_fail_and_name_the_accounts(tmp_path: Path) -> None:
    rows = "a,A,2024-08-26,2024-08-26,Quetta,9,6,4,,\nb,B,2024-08-26,2024-08-26,Quetta,9,,,,\n"
    (incident,) = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows)).incidents
    by_name = {(c.check, c.accounts): c for c in incident.checks}
    assert by_name[("internal", ("a",))].status == "fail"
    part = next(c for c in incident.checks if c.check == "part_whole")
    assert part.status == "fail" and part.accounts == ("a", "b")


def test_aggregate_exceeded_by_its_incidents_fails(tmp_path: Path) -> None:
    rows = (
        "a,A,2024-08-26,2024-08-26,Quetta,20,,,,\n"
        "b,B,2024-08-26,2024-08-26,Gwadar,15,,,,\n"
        "t,T,2024-08-26,2024-08-26,Balochistan,up to 30,,,,aggregate\n"
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    total = next(i for i in report.incidents if i.scope == "aggregate")
    (check,) = total.checks
    assert check.status == "fail"
    assert "the incidents alone exceed the total" in check.detail
    assert set(check.accounts) == {"a", "b", "t"}
    assert report.summary.checks_failed == 1


def test_aggregate_larger_than_its_incidents_is_unknown(tmp_path: Path) -> None:
    rows = "a,A,2024-08-26,2024-08-26,Quetta,20,,,,\nt,T,2024-08-26,2024-08-26,Balochistan,50,,,,aggregate\n"
    total = next(
        i
        for i in reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows)).incidents
        if i.scope == "aggregate"
    )
    assert [c.status for c in total.checks] == ["unknown"]
