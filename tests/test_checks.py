"""Checks: breakdowns against tolls and aggregates against the incidents they cover, table-driven."""

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


@pytest.mark.parametrize(
    ("total", "parts", "status", "detail"),
    [
        # the victims' lower ends decide a fail; everyone's lower end decides "fits"
        (
            (9, 9),
            {"killed_civilians": (3, 5), "killed_militants": (4, 6)},
            "pass",
            "fits within the toll of 9",
        ),
        ((9, 9), {"killed_civilians": (3, 5), "killed_militants": (7, 8)}, "pass", "only with the militants"),
        ((9, 9), {"killed_civilians": (5, 5), "killed_security": (4, 4)}, "pass", "fits within"),  # equal
        ((9, 9), {"killed_civilians": (5, 5), "killed_security": (5, 5)}, "fail", "exceed the toll of 9"),
        ((9, 9), {"killed_civilians": (5, 5), "killed_militants": (4, 4)}, "pass", "fits within"),
        ((9, 9), {"killed_civilians": (5, 5), "killed_militants": (5, 5)}, "pass", "only with the militants"),
        ((9, INF), {"killed_civilians": (12, INF), "killed_militants": (30, 30)}, "pass", "fits within"),
    ],
)
def test_part_whole_at_its_boundaries(
    total: tuple[int, int | None], parts: dict[str, tuple[int, int | None]], status: str, detail: str
) -> None:
    got, text = part_whole(total, parts)
    assert (got, detail in text) == (status, True), text


AGGREGATE_HEADER = "id,source,published,event_date,location,killed,scope\n"
PLACES = ["Quetta", "Gwadar", "Turbat"]


@pytest.mark.parametrize(
    ("tolls", "claimed", "status", "detail"),
    [
        # (the covered incidents' tolls, the aggregate's toll, the check's status, words in its detail)
        (["20", "15"], "35", "pass", "covered incidents sum to 35 = "),
        (["20", "15"], "34", "fail", "the incidents alone exceed the total"),
        (["20", "15"], "36", "unknown", "the total is larger than the incidents here account for"),
        (["20-25", "10-15"], "35", "pass", "sum to 30–40"),
        (["20-25", "10-15"], "30", "pass", "sum to 30–40"),
        (["20-25", "10-15"], "40", "pass", "sum to 30–40"),
        (["20-25", "10-15"], "29", "fail", "the incidents alone exceed the total"),
        (["20-25", "10-15"], "41", "unknown", "larger than the incidents here account for"),
        (["20", "15"], "up to 35", "pass", "35 = "),
        (["20", "15"], "at least 35", "pass", "35 = "),
        (["20", "15"], "at least 36", "unknown", "larger than the incidents"),
        (["at least 20", "15"], "50", "pass", "sum to 35 or more"),
        (["at least 20", "15"], "34", "fail", "the incidents alone exceed the total"),
        (["20", ""], "50", "pass", "sum to 20 or more = ? ("),  # no figure: anything from 0 up
        (["", ""], "50", "unknown", "no covered incident gives a figure"),
    ],
)
def test_aggregate_against_the_sum_of_its_incidents(
    tmp_path: Path, tolls: list[str], claimed: str, status: str, detail: str
) -> None:
    rows = [f"i{n},S{n},2024-08-26,2024-08-26,{PLACES[n]},{toll},\n" for n, toll in enumerate(tolls)]
    rows.append(f"t,T,2024-08-26,2024-08-26,Balochistan,{claimed},aggregate\n")
    report = reconcile.reconcile(write(tmp_path / "a.csv", AGGREGATE_HEADER + "".join(rows)))
    total = next(i for i in report.incidents if i.scope == "aggregate")
    assert len(total.covers) == len(tolls)
    (check,) = total.checks
    assert (check.status, detail in check.detail) == (status, True), check.detail


def test_a_disputed_incident_adds_the_span_of_its_current_figures(tmp_path: Path) -> None:
    """Current figures only: A's early 10, which A itself replaced by 20, does not widen the span."""
    rows = (
        "a0,A,2024-08-26T08:00,2024-08-26,Quetta,10,\n"
        "a,A,2024-08-26T20:00,2024-08-26,Quetta,20,\n"
        "b,B,2024-08-26,2024-08-26,Quetta,30,\n"
        "c,C,2024-08-26,2024-08-26,Gwadar,15,\n"
        "t,T,2024-08-26,2024-08-26,Balochistan,40,aggregate\n"
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", AGGREGATE_HEADER + rows))
    total = next(i for i in report.incidents if i.scope == "aggregate")
    (check,) = total.checks
    assert check.status == "unknown"
    assert "sum to 35–45" in check.detail
    assert "20–30, disputed" in check.detail
    assert "depends on which figure is right for" in check.detail
    assert set(check.accounts) == {"a", "b", "c", "t"}  # not a0: superseded
