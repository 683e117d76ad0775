"""Every input account appears in every output; the library API is what the CLI wraps."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

import reconcile
from reconcile.model import Report
from tests.conftest import write

# ClaimReview is a publishing format for the conflicting claims alone, not a report of every account.
REPORT_FORMATS = [f for f in reconcile.FORMATS if f != "claimreview"]


@pytest.mark.parametrize("fmt", REPORT_FORMATS)
def test_every_input_account_appears(seed_report: Report, fmt: str) -> None:
    text = reconcile.render(seed_report, fmt)
    for account in seed_report.accounts:
        assert account.id in text


def test_accounts_with_nothing_to_align_still_appear(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "id,source,quote\nonly-words,A,It was terrible.\nalso,B,\n")
    report = reconcile.reconcile(path)
    for fmt in REPORT_FORMATS:
        text = reconcile.render(report, fmt)
        assert "only-words" in text and "also" in text
    rows = list(csv.DictReader(io.StringIO(reconcile.render(report, "csv"))))
    assert {r["account"] for r in rows} == {"only-words", "also"}


def test_json_follows_the_v1_contract(seed_report: Report) -> None:
    document = json.loads(reconcile.render(seed_report, "json"))
    assert document["format"] == "reconcile-report/1"
    assert {"accounts", "incidents", "conflicts"} <= set(document["summary"])
    for account in document["accounts"]:
        assert {
            "id",
            "source",
            "source_type",
            "via",
            "published",
            "url",
            "quote",
            "scope",
            "incident",
        } <= set(account)
    for incident in document["incidents"]:
        assert {
            "id",
            "title",
            "scope",
            "covers",
            "accounts",
            "independent_sources",
            "fields",
            "checks",
            "links",
        } <= set(incident)
        assert incident["scope"] in ("incident", "aggregate")
        for field in incident["fields"]:
            assert {"field", "kind", "status", "values", "consensus", "groups"} <= set(field)
            assert field["status"] in ("agree", "compatible", "differs", "conflict", "single")
            for value in field["values"]:
                assert {"account", "source", "raw", "low", "high", "superseded"} <= set(value)
            if field["consensus"] is not None:
                assert set(field["consensus"]) == {"low", "high"}
        for check in incident["checks"]:
            assert check["status"] in ("pass", "fail", "unknown")
        for link in incident["links"]:
            assert {"a", "b", "score", "reasons"} <= set(link)
    killed = next(
        f
        for i in document["incidents"]
        if i["id"] == "balochistan-assaults"
        for f in i["fields"]
        if f["field"] == "killed"
    )
    assert killed["consensus"] == {"low": 38, "high": None}  # high: null means unbounded
    date = next(
        f
        for i in document["incidents"]
        if i["id"] == "musakhail"
        for f in i["fields"]
        if f["field"] == "event_date"
    )
    assert date["consensus"] == {"low": "2024-08-26", "high": "2024-08-26"}  # dates as ISO


def test_library_api(tmp_path: Path) -> None:
    path = write(tmp_path / "a.jsonl", '{"source": "A", "killed": "3"}\n{"source": "B", "killed": "4"}\n')
    table = reconcile.load([path])
    report = reconcile.reconcile(table, generated_at="2026-11-24T00:00:00Z")
    assert isinstance(report, reconcile.Report)
    assert json.loads(reconcile.render(report, "json"))["generated_at"] == "2026-11-24T00:00:00Z"
    with pytest.raises(ValueError, match="unknown format"):
        reconcile.render(report, "pdf")
    with pytest.raises(reconcile.InputError):
        reconcile.load([write(tmp_path / "b.csv", "killed\n3\n")])


def _cells(line: str) -> int:
    import re

    return len(re.split(r"(?<!\\)\|", line.strip().strip("|")))


def test_markdown_tables_keep_their_shape_whatever_the_input(tmp_path: Path) -> None:
    rows = (
        "id,source,via,location,event_date,killed,quote\n"
        'a,"A | B",x|y,Quetta,2024-08-26,3,"a | quote with | pipes"\n'
        'b,"C\\\\",z,Quetta,2024-08-26,"4 | 5",`code` and *stars* and [brackets](javascript:x)\n'
    )
    markdown = reconcile.render(reconcile.reconcile(write(tmp_path / "a.csv", rows)), "md")
    table: list[str] = []
    shapes = []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            table.append(line)
        elif table:
            shapes.append({_cells(row) for row in table})
            table = []
    assert shapes and all(len(shape) == 1 for shape in shapes), shapes
    import re

    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)  # brackets are escaped, so no link forms
    assert "[brackets\\](javascript:x)" in markdown
