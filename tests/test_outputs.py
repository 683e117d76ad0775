"""Every input account appears in every output; the library API is what the CLI wraps."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from markupsafe import Markup

import reconcile
from reconcile.model import Report
from reconcile.report import pages
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


def _incidents_csv(tmp_path: Path, n: int) -> Path:
    day = dt.date(2024, 1, 1)
    rows = "".join(f"a{i:04d},S{i},{day + dt.timedelta(days=i)},Place{i}x{i},{i}\n" for i in range(n))
    return write(tmp_path / "many.csv", "id,source,event_date,location,killed\n" + rows)


@pytest.mark.parametrize(("incidents", "held"), [(pages.LAZY_ABOVE, False), (pages.LAZY_ABOVE + 1, True)])
def test_a_large_report_holds_each_incidents_detail_until_opened(
    tmp_path: Path, incidents: int, held: bool
) -> None:
    report = reconcile.reconcile(_incidents_csv(tmp_path, incidents))
    assert len(report.incidents) == incidents
    html = reconcile.render(report, "html")
    opening = '<script type="application/octet-stream" class="incident-detail">'
    assert html.count(opening) == (incidents if held else 0)
    assert ('aria-labelledby="index-heading" data-page-size="100"' in html) is held
    details = [part.split("</script>", 1)[0] for part in html.split(opening)[1:]]
    assert all(re.fullmatch(r"[A-Za-z0-9+/]*={0,2}", text) for text in details)  # nothing but base64
    whole = html + "".join(pages.drawn(text) for text in details)
    for account in report.accounts:  # nothing is lost: every account's detail is in the file
        assert f"account <code><bdi>{account.id}</bdi></code>" in whole


@pytest.mark.parametrize("body", ["", "<p>“été” ١٢ </script> <!-- &lt;</p>", "x" * 100_000])
def test_held_detail_is_drawn_as_it_was_written(body: str) -> None:
    assert pages.drawn(pages.held_back(Markup(body))) == body


def test_incidents_are_ordered_conflicts_first_the_most_severe_first(tmp_path: Path) -> None:
    # incident 1: no conflict; 2: one minor conflict; 3: one major; 4: two minor; 5: one major and
    # one minor. Order: 5 (1 major, 2 conflicts), 3 (1 major), 4 (2 minor), 2 (1 minor), 1.
    rows = [
        ("p1", "10", "10", "", ""),
        ("p2", "10", "11", "", ""),
        ("p3", "10", "90", "", ""),
        ("p4", "10", "11", "5", "6"),
        ("p5", "10", "90", "5", "6"),
    ]
    text = "id,source,event_date,location,killed,injured\n" + "".join(
        f"{place}a,A,2024-01-0{n},{place},{k1},{i1}\n{place}b,B,2024-01-0{n},{place},{k2},{i2}\n"
        for n, (place, k1, k2, i1, i2) in enumerate(rows, 1)
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", text))
    places = [i.title.split(",")[0].lower() for i in pages.ordered_incidents(report)]
    assert places == ["p5", "p3", "p4", "p2", "p1"]
    listed, more = pages.conflicts_first(report, at_most=3)
    assert [(i.title.split(",")[0].lower(), f.severity) for i, f in listed] == [
        ("p5", "major"), ("p3", "major"), ("p5", "minor")
    ]  # fmt: skip
    assert more == 3
