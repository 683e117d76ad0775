"""fixtures/fifteen-sources: one incident told by fifteen sources, as its README says, and laid
out for many sources (the layout itself, in a browser at two widths, is in test_browser.py)."""

from __future__ import annotations

import contextlib

import pytest

import reconcile
from reconcile.model import FieldAlignment, Report
from reconcile.report.pages import COLUMNS_UP_TO
from tests.conftest import ROOT

FIFTEEN = "fixtures/fifteen-sources/accounts.yaml"


@pytest.fixture(scope="module")
def report() -> Report:
    with contextlib.chdir(ROOT):
        return reconcile.reconcile([FIFTEEN])


def test_sixteen_accounts_from_fifteen_sources_in_one_incident(report: Report) -> None:
    assert (report.summary.accounts, report.summary.sources) == (16, 15)
    assert [i.id for i in report.incidents] == ["kohna-bazar"]


def test_the_killed_figures_fall_into_eight_groups_and_the_hospital_revised_its_own(report: Report) -> None:
    fields = {f.field: f for f in report.incidents[0].fields}
    killed = fields["killed"]
    assert (killed.status, killed.severity, len(killed.groups)) == ("conflict", "major", 8)
    raw = {v.account: v.raw for v in killed.values}
    assert [sorted(raw[a] for a in group) for group in killed.groups][:3] == [
        ["16", "sixteen"],
        ["23", "twenty-three"],
        ["14", "fourteen"],
    ]
    # an open or wide figure that fits several groups is compatible with each, a side of none
    assert [(b.groups, [raw[a] for a in b.accounts]) for b in killed.bridges] == [
        ((0, 1, 2, 4, 5, 7), ["at least 14"]),
        ((0, 2, 4, 5), ["between 14 and 17"]),
        ((1, 5, 7), ["at least 17"]),
        ((1, 7), ["more than twenty"]),
    ]
    assert [[s.raw for s in r.steps] for r in killed.revisions] == [["nine", "17"]]
    assert [[s.raw for s in r.steps] for r in fields["injured"].revisions] == [["22", "34"]]
    assert fields["injured"].status == "conflict"
    victims = fields["victims"]
    assert victims.status == "conflict"
    assert ["soldiers"] in [sorted(raw_of(victims, a) for a in g) for g in victims.groups]


def raw_of(field: FieldAlignment, account: str) -> str:
    return next(v.raw for v in field.values if v.account == account)


def test_many_sources_are_listed_by_field_not_given_a_column_each(report: Report) -> None:
    assert len(report.incidents[0].accounts) > COLUMNS_UP_TO
    html = reconcile.render(report, "html")
    assert '<table class="by-field">' in html and '<table class="by-source">' not in html
    assert html.count('<ul class="said">') == len(report.incidents[0].fields)
    for source in {a.source for a in report.accounts}:
        assert f"<bdi>{source}</bdi></a>" in html, source
