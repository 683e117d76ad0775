"""The seed case: exactly what fixtures/balochistan-2024-08-26/README.md says the report must show."""

from __future__ import annotations

from reconcile.model import FieldAlignment, Incident, Report


def _incident_with(report: Report, account: str) -> Incident:
    return next(i for i in report.incidents if account in i.accounts)


def _field(incident: Incident, name: str) -> FieldAlignment:
    return next(f for f in incident.fields if f.field == name)


def test_1_totals(seed_report: Report) -> None:
    s = seed_report.summary
    assert (s.accounts, s.sources, s.incidents, s.aggregates) == (22, 12, 7, 2)
    assert s.incidents == len(seed_report.incidents)  # an aggregate is an incident too


def test_2_incidents_and_their_accounts(seed_report: Report) -> None:
    groups = {frozenset(i.accounts) for i in seed_report.incidents if i.scope == "incident"}
    assert groups == {
        frozenset(
            {
                "art-musakhail",
                "bla-statement",
                "interior-ministry",
                "kakar-afp",
                "zardari",
                "naqvi",
                "qh-musakhel-early",
                "qh-musakhel-update",
                "fw-kakar",
                "fw-ministry",
            }
        ),
        frozenset({"art-qalat", "ds-kalat"}),
        frozenset({"art-bolan", "qh-kachhi"}),
        frozenset({"art-gwadar", "ds-gawadar"}),
        frozenset({"art-mastung"}),
    }
    musakhail = seed_report.incident("musakhail")
    assert (len(musakhail.accounts), musakhail.independent_sources) == (10, 7)


def test_3_aggregates_cover_the_incidents_and_stay_apart(seed_report: Report) -> None:
    aggregates = {frozenset(i.accounts): i for i in seed_report.incidents if i.scope == "aggregate"}
    assert set(aggregates) == {
        frozenset({"art-total", "bukhari", "bugti", "fw-total"}),
        frozenset({"local-media-rebels"}),
    }
    assaults = seed_report.incident("balochistan-assaults")
    incident_ids = {i.id for i in seed_report.incidents if i.scope == "incident"}
    assert set(assaults.covers) == incident_ids
    for incident_id in incident_ids:
        assert "balochistan-assaults" in seed_report.incident(incident_id).covered_by


def test_4_exactly_three_conflicts(seed_report: Report) -> None:
    conflicts = {(i.id, f.field) for i in seed_report.incidents for f in i.conflicts}
    kalat = _incident_with(seed_report, "art-qalat").id
    assert conflicts == {(kalat, "killed"), (kalat, "killed_security"), ("musakhail", "victims")}
    assert seed_report.summary.conflicts == 3

    kalat_incident = seed_report.incident(kalat)
    assert _field(kalat_incident, "killed").groups == (("art-qalat",), ("ds-kalat",))
    assert _field(kalat_incident, "killed_security").groups == (("art-qalat",), ("ds-kalat",))
    victims = _field(seed_report.incident("musakhail"), "victims")
    assert victims.groups == (
        (
            "art-musakhail",
            "fw-kakar",
            "fw-ministry",
            "interior-ministry",
            "kakar-afp",
            "qh-musakhel-early",
            "qh-musakhel-update",
        ),
        ("bla-statement",),
    )
    readings = {v.account: v.value for v in victims.values}
    assert readings["bla-statement"] == "security forces"
    assert readings["interior-ministry"] == "civilians"


def test_5_a_revision_is_not_a_conflict(seed_report: Report) -> None:
    killed = _field(seed_report.incident("musakhail"), "killed")
    assert killed.status == "agree" and killed.consensus == (23, 23)
    superseded = [v.account for v in killed.values if v.superseded]
    assert superseded == ["qh-musakhel-early"]
    (revision,) = killed.revisions
    assert revision.source == "Quetta Herald"
    assert [s.raw for s in revision.steps] == ["14", "23"]


def test_6_perpetrator_and_place_are_compatible(seed_report: Report) -> None:
    musakhail = seed_report.incident("musakhail")
    perpetrator = _field(musakhail, "perpetrator")
    assert perpetrator.status == "compatible"
    assert {v.raw for v in perpetrator.values} == {
        "armed men",
        "BLA",
        "attackers",
        "unidentified gunmen",
        "terrorists",
    }
    place = _field(musakhail, "location")
    assert place.status == "compatible"
    readings = {v.account: (v.raw, v.value) for v in place.values}
    assert readings["qh-musakhel-early"] == ("Musakhel, Balochistan", "Musakhail, Balochistan")
    assert readings["fw-kakar"] == ("Rarasham, Musa Khel district", "Rarasham, Musakhail")


def test_7_about_six_is_compatible_with_six(seed_report: Report) -> None:
    killed = _field(_incident_with(seed_report, "art-bolan"), "killed")
    assert killed.status == "compatible" and killed.consensus == (6, 6)


def test_8_aggregate_total_and_its_sum_check(seed_report: Report) -> None:
    assaults = seed_report.incident("balochistan-assaults")
    killed = _field(assaults, "killed")
    assert killed.status == "compatible" and killed.consensus == (38, None)
    (check,) = [c for c in assaults.checks if c.check == "aggregate_sum"]
    assert check.status == "unknown"
    assert "depends on which figure is right" in check.detail
    assert {"art-qalat", "ds-kalat", "art-total"} <= set(check.accounts)


def test_9_kalat_checks(seed_report: Report) -> None:
    kalat = _incident_with(seed_report, "art-qalat")
    statuses = {(c.check, c.accounts): c.status for c in kalat.checks}
    assert statuses[("internal", ("art-qalat",))] == "pass"
    assert statuses[("internal", ("ds-kalat",))] == "pass"
    (part_whole,) = [c for c in kalat.checks if c.check == "part_whole"]
    assert part_whole.status == "unknown"
