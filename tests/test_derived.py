"""A breakdown in one killed cell fills the sub-columns the source left empty, shown as derived.

"18 soldiers and 4 civilians" in `killed` is [22, 22], and gives `killed_security` 18 and
`killed_civilians` 4 where those cells are empty or the columns absent: the source's own words
stay the raw text, the value says it was derived, every output shows it, and the part-whole
checks do not take it for evidence (it would hold the toll against itself).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pandas as pd
import pytest

import reconcile
from reconcile.cli import check_text
from reconcile.printable import Claim, printable
from reconcile.read import from_frame
from reconcile.report import to_frame
from reconcile.schema import Kind
from reconcile.values import ParsedAccounts, derived_part, load_vocabulary, parse_accounts, parse_value
from reconcile.values.categories import CIVILIANS, MILITANTS, SECURITY

INF = None
SUBS = ("killed_security", "killed_civilians", "killed_militants")
DERIVED = "derived from the breakdown in killed"


def frame(*rows: dict[str, str]) -> pd.DataFrame:
    """Accounts of one incident (label `x`), one a row, each from its own source."""
    base = {"incident": "x", "published": "2024-08-27", "source_type": "media"}
    table = [base | {"id": f"a{n}", "source": f"S{n}"} | row for n, row in enumerate(rows, start=1)]
    return pd.DataFrame(table).fillna("")


def parsed(*rows: dict[str, str], declared: dict[str, Kind] | None = None) -> ParsedAccounts:
    return parse_accounts(from_frame(frame(*rows)), load_vocabulary(), declared)


def seen(accounts: ParsedAccounts, field: str, row: int = 0) -> tuple[Any, ...] | None:
    """(low, high, raw, derived_from) of a field's value for one account; None if it gives none."""
    if field not in accounts.values:
        return None
    value = accounts.values[field][row]
    return None if value.missing else (value.low, value.high, value.raw, value.derived_from)


SOLDIERS_CIVILIANS = "18 soldiers and 4 civilians"


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        # no sub-column in the input: the breakdown fills the fields it names, and only those
        (
            {"killed": SOLDIERS_CIVILIANS},
            {
                "killed": (22, 22, SOLDIERS_CIVILIANS, ""),
                "killed_security": (18, 18, SOLDIERS_CIVILIANS, "killed"),
                "killed_civilians": (4, 4, SOLDIERS_CIVILIANS, "killed"),
                "killed_militants": None,
            },
        ),
        # empty sub-columns are filled
        (
            {"killed": SOLDIERS_CIVILIANS, "killed_security": "", "killed_civilians": "  "},
            {
                "killed_security": (18, 18, SOLDIERS_CIVILIANS, "killed"),
                "killed_civilians": (4, 4, SOLDIERS_CIVILIANS, "killed"),
            },
        ),
        # a cell the source filled is never overwritten, even when it disagrees
        (
            {"killed": SOLDIERS_CIVILIANS, "killed_civilians": "5"},
            {
                "killed_security": (18, 18, SOLDIERS_CIVILIANS, "killed"),
                "killed_civilians": (5, 5, "5", ""),
            },
        ),
        # anything in the cell, even a word for "not known", is the source's: nothing derived
        (
            {"killed": SOLDIERS_CIVILIANS, "killed_security": "unknown", "killed_civilians": "-"},
            {"killed_security": None, "killed_civilians": None},
        ),
        # militants
        (
            {"killed": "18 soldiers, 4 civilians and 3 militants"},
            {
                "killed": (25, 25, "18 soldiers, 4 civilians and 3 militants", ""),
                "killed_security": (18, 18, "18 soldiers, 4 civilians and 3 militants", "killed"),
                "killed_civilians": (4, 4, "18 soldiers, 4 civilians and 3 militants", "killed"),
                "killed_militants": (3, 3, "18 soldiers, 4 civilians and 3 militants", "killed"),
            },
        ),
        (
            {"killed": "2 policemen and 5 attackers", "killed_militants": ""},
            {
                "killed_security": (2, 2, "2 policemen and 5 attackers", "killed"),
                "killed_civilians": None,
                "killed_militants": (5, 5, "2 policemen and 5 attackers", "killed"),
            },
        ),
        # the parts keep their bounds: at least 18 soldiers, exactly 4 civilians
        (
            {"killed": "at least 18 soldiers and 4 civilians"},
            {
                "killed": (22, INF, "at least 18 soldiers and 4 civilians", ""),
                "killed_security": (18, INF, "at least 18 soldiers and 4 civilians", "killed"),
                "killed_civilians": (4, 4, "at least 18 soldiers and 4 civilians", "killed"),
            },
        ),
        # a group named twice is summed
        (
            {"killed": "2 soldiers, 3 civilians and 2 policemen"},
            {"killed_security": (4, 4, "2 soldiers, 3 civilians and 2 policemen", "killed")},
        ),
        # French
        (
            {"killed": "18 soldats et 4 civils"},
            {
                "killed_security": (18, 18, "18 soldats et 4 civils", "killed"),
                "killed_civilians": (4, 4, "18 soldats et 4 civils", "killed"),
            },
        ),
        # no breakdown: one group, a plain figure, text
        ({"killed": "18 soldiers"}, {"killed": (18, 18, "18 soldiers", ""), "killed_security": None}),
        ({"killed": "22", "killed_security": ""}, {"killed_security": None}),
        ({"killed": "many soldiers and civilians"}, {"killed_security": None, "killed_civilians": None}),
        # a breakdown in injured derives nothing: there are no injured sub-columns
        (
            {"injured": SOLDIERS_CIVILIANS, "killed_security": ""},
            {"injured": (22, 22, SOLDIERS_CIVILIANS, ""), "killed_security": None, "killed_civilians": None},
        ),
    ],
)
def test_a_breakdown_fills_the_empty_sub_columns(
    row: dict[str, str], expected: dict[str, tuple[Any, ...] | None]
) -> None:
    accounts = parsed(row)
    for field, want in expected.items():
        assert seen(accounts, field) == want, field


def test_a_derived_value_says_so_and_keeps_the_sources_words() -> None:
    accounts = parsed({"killed": SOLDIERS_CIVILIANS}, {"killed": "22", "killed_security": "20"})
    derived = accounts.values["killed_security"][0]
    assert (derived.raw, derived.display, derived.note, derived.derived_from) == (
        SOLDIERS_CIVILIANS,
        "18",
        DERIVED,
        "killed",
    )
    assert accounts.values["killed_security"][1].derived_from == ""
    assert accounts.values["killed"][0].derived_from == ""
    # the fields appear in the order of the format, the derived ones among them
    assert accounts.fields == ["killed", "killed_civilians", "killed_security"]


def test_only_rows_with_a_breakdown_get_a_derived_value() -> None:
    accounts = parsed(
        {"killed": SOLDIERS_CIVILIANS}, {"killed": "22"}, {"killed": "3 civilians and 1 soldier"}
    )
    assert [seen(accounts, "killed_civilians", r) for r in range(3)] == [
        (4, 4, SOLDIERS_CIVILIANS, "killed"),
        None,
        (3, 3, "3 civilians and 1 soldier", "killed"),
    ]


def test_a_sub_column_declared_as_another_kind_is_left_alone() -> None:
    accounts = parsed(
        {"killed": SOLDIERS_CIVILIANS, "killed_security": ""}, declared={"killed_security": Kind.TEXT}
    )
    assert seen(accounts, "killed_security") is None
    assert seen(accounts, "killed_civilians") == (4, 4, SOLDIERS_CIVILIANS, "killed")


def test_the_order_of_the_accounts_changes_nothing() -> None:
    rows = [
        {"killed": SOLDIERS_CIVILIANS, "killed_security": ""},
        {"killed": "22", "killed_security": "18"},
        {"killed": "at least 18 soldiers and 4 civilians", "killed_security": ""},
    ]
    forward = reconcile.reconcile(frame(*rows), generated_at="t")
    backward = reconcile.reconcile(frame(*rows).iloc[::-1].reset_index(drop=True), generated_at="t")
    assert forward.incidents == backward.incidents
    assert reconcile.render(forward, "json") == reconcile.render(
        reconcile.reconcile(frame(*rows), generated_at="t"), "json"
    )


# --- the report: aligned like any other field ----------------------------------------------------


def fields_of(report: reconcile.Report) -> dict[str, Any]:
    (incident,) = report.incidents
    return {f.field: f for f in incident.fields}


@pytest.mark.parametrize(
    ("rows", "field", "status", "derived"),
    [
        # the source's breakdown against another source's own column: they agree
        (
            [{"killed": SOLDIERS_CIVILIANS}, {"killed": "22", "killed_security": "18"}],
            "killed_security",
            "agree",
            {"a1": "killed", "a2": ""},
        ),
        # ... or conflict, and the conflict is the derived figure's
        (
            [{"killed": SOLDIERS_CIVILIANS}, {"killed": "22", "killed_civilians": "5"}],
            "killed_civilians",
            "conflict",
            {"a1": "killed", "a2": ""},
        ),
        # two breakdowns, no sub-column in the input at all
        (
            [{"killed": SOLDIERS_CIVILIANS}, {"killed": "at least 18 soldiers and 4 civilians"}],
            "killed_security",
            "compatible",
            {"a1": "killed", "a2": "killed"},
        ),
        ([{"killed": SOLDIERS_CIVILIANS}, {"killed": "22"}], "killed_civilians", "single", {"a1": "killed"}),
    ],
)
def test_a_derived_field_is_aligned_across_the_accounts(
    rows: list[dict[str, str]], field: str, status: str, derived: dict[str, str]
) -> None:
    aligned = fields_of(reconcile.reconcile(frame(*rows)))[field]
    assert aligned.status == status
    assert {v.account: v.derived_from for v in aligned.values} == derived


# --- every output shows it -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def report() -> reconcile.Report:
    rows = [{"killed": SOLDIERS_CIVILIANS}, {"killed": "22", "killed_security": "18"}]
    return reconcile.reconcile(frame(*rows), generated_at="2024-09-01T00:00:00Z")


def test_json_names_the_field_a_value_was_derived_from(report: reconcile.Report) -> None:
    document = json.loads(reconcile.render(report, "json"))
    values = {(f["field"], v["account"]): v for f in document["incidents"][0]["fields"] for v in f["values"]}
    assert values[("killed_security", "a1")]["derived_from"] == "killed"
    assert values[("killed_security", "a1")]["raw"] == SOLDIERS_CIVILIANS
    assert values[("killed_security", "a1")]["note"] == DERIVED
    # a value the source gave has no such key (the report of input without breakdowns is unchanged)
    assert "derived_from" not in values[("killed_security", "a2")]
    assert "derived_from" not in values[("killed", "a1")]


def test_csv_has_a_derived_from_column(report: reconcile.Report) -> None:
    table = list(csv.DictReader(io.StringIO(reconcile.render(report, "csv"))))
    cells = {(r["field"], r["account"]): r["derived_from"] for r in table}
    assert cells[("killed_security", "a1")] == "killed"
    assert cells[("killed_civilians", "a1")] == "killed"
    assert cells[("killed_security", "a2")] == ""
    assert cells[("killed", "a1")] == ""
    frame_cells = to_frame(report).set_index(["field", "account"])["derived_from"]
    assert frame_cells[("killed_security", "a1")] == "killed"
    assert frame_cells[("killed", "a2")] == ""


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_html_and_markdown_mark_a_derived_value(report: reconcile.Report, fmt: str) -> None:
    text = reconcile.render(report, fmt)
    assert text.count("(derived from") == 2  # a1's security forces and civilians
    assert "derived from" in text and SOLDIERS_CIVILIANS in text


def test_a_conflict_names_the_derived_side() -> None:
    rows = [{"killed": SOLDIERS_CIVILIANS}, {"killed": "22", "killed_civilians": "5"}]
    report = reconcile.reconcile(frame(*rows))
    assert f"{SOLDIERS_CIVILIANS} (derived from killed) (S1) **vs** 5 (S2)" in reconcile.render(report, "md")


def test_reconcile_check_shows_a_derived_value_as_read() -> None:
    text = check_text(parsed({"killed": SOLDIERS_CIVILIANS}))
    line = next(x for x in text.splitlines() if "killed_security" in x)
    assert line.startswith("   killed_security") and DERIVED in line
    assert "1 value marked '!'" in text  # the breakdown's own note, not the derived ones


# --- the checks do not take a derived part for evidence --------------------------------------------


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # the breakdown alone: held against itself it would always pass; no check at all
        ([{"killed": SOLDIERS_CIVILIANS}], set()),
        ([{"killed": SOLDIERS_CIVILIANS}, {"killed": "22"}], set()),
        # another source's own part is held against the toll; the derived 18 is not (with it,
        # security forces would be disputed: 18 against 30)
        (
            [{"killed": SOLDIERS_CIVILIANS}, {"killed": "22", "killed_security": "30"}],
            {
                ("part_whole", "fail", "the victims alone (30 security) exceed the toll of 22"),
                ("internal", "fail", "a2: the victims alone (30 security) exceed the toll of 22"),
            },
        ),
        # the account's own part it gave is checked, its derived one is not
        (
            [{"killed": SOLDIERS_CIVILIANS, "killed_civilians": "5"}],
            {
                ("part_whole", "pass", "5 civilians fits within the toll of 22"),
                ("internal", "pass", "a1: 5 civilians fits within the toll of 22"),
            },
        ),
    ],
)
def test_the_part_whole_checks_skip_derived_parts(
    rows: list[dict[str, str]], expected: set[tuple[str, str, str]]
) -> None:
    (incident,) = reconcile.reconcile(frame(*rows)).incidents
    assert {(c.check, c.status, c.detail) for c in incident.checks} == expected


# --- printed only as the source's figure -----------------------------------------------------------


def derived_claim(raw: str, group: str, source: str = "Dawn") -> Claim:
    total = parse_value(Kind.COUNT, raw, None, load_vocabulary())
    part = derived_part(total, group)
    assert part is not None
    return Claim(source, "media", part)


@pytest.mark.parametrize(
    ("raw", "group", "field", "figure", "text", "low_best_high"),
    [
        (
            SOLDIERS_CIVILIANS,
            CIVILIANS,
            "killed_civilians",
            "4",
            "4 civilians killed, according to Dawn (media).",
            (4, 4, 4),
        ),
        (
            SOLDIERS_CIVILIANS,
            SECURITY,
            "killed_security",
            "18",
            "18 security forces killed, according to Dawn (media).",
            (18, 18, 18),
        ),
        (
            "at least 18 soldiers and 4 civilians",
            SECURITY,
            "killed_security",
            "at least 18",
            "At least 18 security forces killed, according to Dawn (media).",
            (18, None, None),
        ),
        (
            "eighteen soldiers, four civilians and three militants",
            MILITANTS,
            "killed_militants",
            "three",
            "Three militants killed, according to Dawn (media).",
            (3, 3, 3),
        ),
    ],
)
def test_a_derived_figure_is_printed_as_the_source_wrote_it(
    raw: str, group: str, field: str, figure: str, text: str, low_best_high: tuple[Any, ...]
) -> None:
    shown = printable(field, [derived_claim(raw, group)])
    assert shown is not None
    assert (shown.figure, shown.text, (shown.low, shown.best, shown.high)) == (figure, text, low_best_high)


@pytest.mark.parametrize(
    "raw",
    [
        "2 soldiers, 3 civilians and 2 policemen",  # 4 security forces: a sum no one wrote
        "1 soldier, 3 civilians and 2 policemen",  # 3 is written, but for the civilians
    ],
)
def test_a_derived_figure_the_source_did_not_write_is_not_printed(raw: str) -> None:
    assert printable("killed_security", [derived_claim(raw, SECURITY)]) is None
    # beside a figure a source wrote, only that one is printed
    given = Claim("BBC", "media", parse_value(Kind.COUNT, "5", None, load_vocabulary()))
    shown = printable("killed_security", [derived_claim(raw, SECURITY), given])
    assert shown is not None and shown.text == "5 security forces killed, according to BBC (media)."
