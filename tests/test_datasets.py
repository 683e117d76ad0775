"""Reconciling event datasets (issue 15): records of one dataset never merged, records of another
dataset that cover several, contenders, windows of days and km with the datasets' precision
codes, and a newsroom's own taxonomy. Each case is a few records shaped like UCDP GED's and
ACLED's (as `reconcile convert` writes them); the rules' levels are pinned in test_evidence.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import reconcile
from reconcile.cli import main
from reconcile.values.taxonomy import agreement, builtin

COLUMNS = "id,source,source_type,incident,event_date,location,killed,latitude,longitude,where_prec,event_type"
MAIDUGURI = '"Maiduguri, Borno, Nigeria",{killed},11.846,13.157'


def records(tmp_path: Path, *rows: str) -> Path:
    path = tmp_path / "records.csv"
    path.write_text("\n".join([COLUMNS, *rows]) + "\n", encoding="utf-8")
    return path


def ged(record: str, date: str, killed: int = 3, incident: str = "", where: str = "") -> str:
    place = MAIDUGURI.format(killed=killed)
    return f"ged-{record},UCDP GED,dataset,{incident},{date},{place},{where},state-based conflict"


def acled(record: str, date: str, killed: int = 3, incident: str = "", place: str = "") -> str:
    place = place or MAIDUGURI.format(killed=killed)
    return f"acled-{record},ACLED,dataset,{incident},{date},{place},,Battles: Armed clash"


def matched(path: Path, *options: str) -> pd.DataFrame:
    out = path.parent / "incidents.csv"
    result = CliRunner().invoke(main, ["match", str(path), "-o", str(out), *options])
    assert result.exit_code == 0, result.output
    return pd.read_csv(out, dtype=str, keep_default_na=False).set_index("id")


def together(table: pd.DataFrame, a: str, b: str) -> bool:
    return bool(table.loc[a, "incident"] == table.loc[b, "incident"])


def test_two_records_of_one_dataset_are_two_events(tmp_path: Path) -> None:
    """Same day, same place, same toll: still two events, as UCDP never codes one event twice."""
    table = matched(records(tmp_path, ged("1", "2013-06-08"), ged("2", "2013-06-08")))
    assert not together(table, "ged-1", "ged-2")
    assert table.loc["ged-1", "contenders"] == ""  # forbidden, not a runner-up


def test_one_dataset_under_two_names_of_source_type_other_than_dataset_may_merge(tmp_path: Path) -> None:
    path = records(tmp_path, ged("1", "2013-06-08"), ged("2", "2013-06-08").replace(",dataset,", ",media,"))
    assert together(matched(path), "ged-1", "ged-2")  # a dataset's record and a news account


def test_a_shared_label_joins_a_datasets_records_and_each_stays_its_own_voice(tmp_path: Path) -> None:
    """A user's `incident` label joins two records of one dataset; their tolls are then two
    observations side by side, not one source revising itself."""
    path = records(tmp_path, ged("1", "2013-06-08", 5, "raid"), ged("2", "2013-06-08", 9, "raid"))
    assert together(matched(path), "ged-1", "ged-2")
    report = reconcile.reconcile(path)
    (killed,) = [f for f in report.incidents[0].fields if f.field == "killed"]
    assert killed.status == "conflict"
    assert killed.revisions == ()
    assert killed.independent_sources == 2


@pytest.mark.parametrize(
    ("span", "second_day"),
    [
        ("2013-06-08/2013-06-12", "2013-06-10"),
        ("2013-06-08/2013-06-09", "2013-06-09"),  # two days: the shortest span that covers
    ],
)
def test_a_record_spanning_days_joins_one_record_and_covers_the_other(
    tmp_path: Path, span: str, second_day: str
) -> None:
    """An ACLED record of five days (or two), two GED records within them: it joins the one it
    fits best and covers the other, as an aggregate covers its incidents; the GED records stay
    apart, and the GED record of one day covers nothing."""
    path = records(
        tmp_path,
        ged("1", "2013-06-08", 3),
        ged("2", second_day, 4),
        acled("9", span, 3),
    )
    table = matched(path)
    assert not together(table, "ged-1", "ged-2")
    assert together(table, "acled-9", "ged-1")
    assert "ged-2 (" in table.loc["acled-9", "contenders"]
    report = json.loads(
        CliRunner().invoke(main, ["report", str(path), "-f", "json"]).output,
    )
    by_account = {tuple(i["accounts"]): i for i in report["incidents"]}
    joined = by_account[("acled-9", "ged-1")]
    assert [by_account[("ged-2",)]["id"]] == joined["covers"]
    assert by_account[("ged-2",)]["covers"] == []


@pytest.mark.parametrize(
    "counterpart",
    [
        acled("9", "2013-06-08", 3),  # one day, one place
        "acled-9,ACLED,dataset,,2013-06-08,,3,,,,Battles: Armed clash",  # one day, no place: lists none
    ],
)
@pytest.mark.parametrize("beside", [(), (acled("7", "2013-06-01/2013-06-03", 3),)])
def test_one_day_records_cover_nothing(tmp_path: Path, counterpart: str, beside: tuple[str, ...]) -> None:
    """An ACLED record of one day joins one GED record, the other its contender: neither covers
    the other, nor does the GED contender cover the ACLED record, also where a record of the file
    (`beside`, a week before) spans days."""
    path = records(tmp_path, ged("1", "2013-06-08", 3), ged("2", "2013-06-08", 3), counterpart, *beside)
    report = reconcile.reconcile(path)
    assert all(incident.covers == () for incident in report.incidents)
    assert "ged-" in matched(path).loc["acled-9", "contenders"]  # a contender, not covered


def test_the_best_counterpart_links_and_the_runner_up_is_a_contender(tmp_path: Path) -> None:
    """Two ACLED records of the day for one GED record: the one whose toll fits joins it; the
    other keeps it as a contender (in the table and in --explain)."""
    path = records(
        tmp_path, ged("1", "2013-06-08", 8), acled("1", "2013-06-08", 8), acled("2", "2013-06-08", 40)
    )
    table = matched(path)
    assert together(table, "ged-1", "acled-1")
    assert not together(table, "ged-1", "acled-2")
    assert table.loc["acled-2", "contenders"].startswith("ged-1 (0.")
    assert table.loc["ged-1", "contenders"].startswith("acled-2 (0.")
    explained = CliRunner().invoke(main, ["match", str(path), "--explain", "acled-2"]).output
    assert "via ged-1" in explained and "a contender" in explained


def test_contenders_are_ordered_strongest_first(tmp_path: Path) -> None:
    path = records(
        tmp_path,
        ged("1", "2013-06-08", 8),
        acled("1", "2013-06-08", 8),
        acled("2", "2013-06-09", 40),
        acled("3", "2013-06-08", 40),
    )
    said = matched(path).loc["ged-1", "contenders"]
    assert said.index("acled-3") < said.index("acled-2"), said  # the same day before a day apart


@pytest.mark.parametrize(
    ("options", "linked"),
    [
        ((), True),  # 4.4 km apart: within the default window (25 km)
        (("--within-km", "5"), True),
        (("--within-km", "4"), False),
    ],
)
def test_the_km_window_between_datasets_records(
    tmp_path: Path, options: tuple[str, ...], linked: bool
) -> None:
    near = '"Gwange, Maiduguri, Borno, Nigeria",3,11.846,13.197'  # 4.4 km east
    path = records(tmp_path, ged("1", "2013-06-08"), acled("1", "2013-06-08", place=near))
    assert together(matched(path, *options), "ged-1", "acled-1") is linked


def test_a_record_known_to_its_province_matches_what_lies_in_it(tmp_path: Path) -> None:
    """UCDP's where_prec 4: the point is the province's; the names say the ACLED record lies in it."""
    province = 'ged-1,UCDP GED,dataset,,2013-05-21,"Borno state, Nigeria",3,11.5,13.0,4,state-based conflict'
    path = records(tmp_path, province, acled("1", "2013-05-21"))
    assert together(matched(path, "--within-km", "5"), "ged-1", "acled-1")
    imprecise_taken_as_precise = province.replace(",4,state-based", ",1,state-based")
    path = records(tmp_path, imprecise_taken_as_precise, acled("1", "2013-05-21"))
    assert not together(matched(path, "--within-km", "5"), "ged-1", "acled-1")  # 37 km by the point


@pytest.mark.parametrize(("options", "linked"), [((), True), (("--within-days", "0"), False)])
def test_the_day_window(tmp_path: Path, options: tuple[str, ...], linked: bool) -> None:
    path = records(tmp_path, ged("1", "2013-06-08"), acled("1", "2013-06-09"))
    assert together(matched(path, *options), "ged-1", "acled-1") is linked


def test_windows_out_of_range_exit_2(tmp_path: Path) -> None:
    path = records(tmp_path, ged("1", "2013-06-08"))
    for options in (("--within-days", "31"), ("--within-km", "0"), ("--within-days", "-1")):
        result = CliRunner().invoke(main, ["match", str(path), *options])
        assert result.exit_code == 2 and "Invalid value" in result.output, result.output


def test_match_accounts_takes_the_windows(tmp_path: Path) -> None:
    path = records(tmp_path, ged("1", "2013-06-08"), acled("1", "2013-06-09"))
    table = reconcile.match(path, within_days=0).set_index("id")
    assert not together(table, "ged-1", "acled-1")
    assert together(reconcile.match(path).set_index("id"), "ged-1", "acled-1")


def test_a_newsrooms_taxonomy_reads_its_own_codes(tmp_path: Path) -> None:
    own = f"log-1,Desk log,dataset,,2013-06-08,{MAIDUGURI.format(killed=3)},,IED-ATT"
    ied = "Explosions/Remote violence: Remote explosive/landmine/IED"
    path = records(tmp_path, own, acled("1", "2013-06-08").replace("Battles: Armed clash", ied))
    taxonomy = tmp_path / "codes.yaml"
    taxonomy.write_text("types:\n  IED-ATT: [political violence, '*', explosion]\n", encoding="utf-8")
    without = matched(path)
    with_codes = matched(path, "--taxonomy", str(taxonomy))
    assert "same kind of event in the taxonomy" in with_codes.loc["log-1", "reasons"]
    assert "taxonomy" not in without.loc["log-1", "reasons"]


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("types: [a, b]\n", "a taxonomy is a mapping with `types:`"),
        ("types:\n  x: [a, b, c, d]\n", "its categories must be a list of 1 to 3 names"),
        ("types:\n  x: ['*', b]\n", "the first not '*'"),
        ("types:\n  x: a\n", "its categories must be a list"),
        ("levels: []\ntypes:\n  x: [a]\n", "`levels:` must list"),
        ("kinds:\n  x: [a]\ntypes: {}\n", "unknown key 'kinds'"),
        ("levels: [violence, '']\ntypes:\n  x: [a]\n", "`levels:` must list"),  # a level unnamed
        ("levels: [violence, 2]\ntypes:\n  x: [a]\n", "`levels:` must list"),  # named by a number
        ("types:\n  x: [a, ' ']\n", "its categories must be a list"),  # a blank category
        ("types:\n  x: [a, 2]\n", "its categories must be a list"),  # a number
    ],
)
def test_a_bad_taxonomy_exits_2_naming_the_file(tmp_path: Path, text: str, said: str) -> None:
    path = records(tmp_path, ged("1", "2013-06-08"))
    taxonomy = tmp_path / "codes.yaml"
    taxonomy.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["match", str(path), "--taxonomy", str(taxonomy)])
    assert result.exit_code == 2, result.output
    assert str(taxonomy) in result.output and said in result.output, result.output


@pytest.mark.parametrize(
    ("first", "second", "deepest", "differs"),
    [
        ("Battles: Armed clash", "Battle-No change of territory", 3, None),  # ACLED's and the GTD's
        ("Battles: Armed clash", "Battles: Government regains territory", 2, 3),
        ("state-based conflict", "Violence against civilians", 1, 2),  # who against whom
        ("state-based conflict", "Remote violence", 1, None),  # the second level left open
        ("Explosions/Remote violence: Suicide bomb", "Bombing/Explosion", 1, None),  # one within the other
        ("Explosions/Remote violence: Air/drone strike", "Bombing/Explosion", 1, 3),
        ("Protests", "one-sided violence", 0, 1),  # nothing alike before the first level differs
    ],
)
def test_how_deep_two_codebooks_types_agree_and_where_they_first_differ(
    first: str, second: str, deepest: int, differs: int | None
) -> None:
    taxonomy = builtin()
    categories = taxonomy.categories(first), taxonomy.categories(second)
    assert categories[0] is not None and categories[1] is not None
    assert agreement(*categories) == (deepest, differs)


def test_records_whose_codebooks_say_other_sides_fought_stay_apart(tmp_path: Path) -> None:
    """UCDP's one-sided violence (an armed group against civilians) and an ACLED battle of the
    same day and town: the codebooks say two different pairs of sides, so two events; the
    same record against ACLED's violence against civilians is one."""
    one_sided = ged("1", "2013-06-08").replace("state-based conflict", "one-sided violence")
    civilians = acled("2", "2013-06-08").replace("Battles: Armed clash", "Violence against civilians: Attack")
    table = matched(records(tmp_path, one_sided, acled("1", "2013-06-08"), civilians))
    assert not together(table, "ged-1", "acled-1")
    assert together(table, "ged-1", "acled-2")


def test_a_province_known_record_is_not_a_conflict_of_places_in_the_report(tmp_path: Path) -> None:
    """The report's place status reads the point of a where_prec 4 record as the province's: not
    41 km from the town the other record names, so not two places."""
    province = 'ged-1,UCDP GED,dataset,,2013-05-21,"Borno state, Nigeria",3,11.5,13.0,4,state-based conflict'
    path = records(tmp_path, province, acled("1", "2013-05-21"))
    (incident,) = reconcile.reconcile(path).incidents
    (place,) = [f for f in incident.fields if f.field == "location"]
    assert place.status == "compatible"
    precise = records(
        tmp_path, province.replace(",4,state-based", ",1,state-based"), acled("1", "2013-05-21")
    )
    assert sorted(i.accounts for i in reconcile.reconcile(precise).incidents) == [("acled-1",), ("ged-1",)]


ESTIMATES = "id,source,source_type,event_date,location,killed,killed_low,killed_high"
PRECISION = "where_prec,date_prec,time_precision"


def estimates(tmp_path: Path, column: str, value: str) -> Path:
    """A GED-shaped record (best 5, low 3, high 8, every precision code 1) with one cell changed."""
    cells = {"id": "ged-1", "source": "UCDP GED", "source_type": "dataset", "event_date": "2013-06-08"}
    cells |= {"location": "Maiduguri", "killed": "5", "killed_low": "3", "killed_high": "8"}
    cells |= {"where_prec": "1", "date_prec": "1", "time_precision": "1", column: value}
    header = f"{ESTIMATES},{PRECISION}"
    path = tmp_path / "records.csv"
    path.write_text(header + "\n" + ",".join(cells[c] for c in header.split(",")) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("killed_low", "about 3", "killed_low 'about 3' is not a whole number of people"),
        ("killed_high", "8.5", "killed_high '8.5' is not a whole number of people"),
        ("killed_low", "-1", "killed_low '-1' is not a whole number of people"),
        ("where_prec", "8", "where_prec '8' is not a precision code"),  # UCDP's codes: 1 to 7
        ("where_prec", "0", "where_prec '0' is not a precision code"),
        ("date_prec", "6", "date_prec '6' is not a precision code"),  # 1 to 5
        ("time_precision", "4", "time_precision '4' is not a precision code"),  # ACLED's: 1 to 3
        ("time_precision", "1.5", "time_precision '1.5' is not a precision code"),
    ],
)
def test_a_bad_estimate_or_precision_code_exits_2_naming_its_column(
    tmp_path: Path, column: str, value: str, said: str
) -> None:
    result = CliRunner().invoke(main, ["check", str(estimates(tmp_path, column, value))])
    assert result.exit_code == 2, result.output
    assert said in result.output and f"line 2, account 'ged-1', column '{column}'" in result.output, (
        result.output
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("killed_low", "8"),  # low and high alike: one figure
        ("killed_low", "9"),  # above the high (8): read as UCDP publishes a few
        ("killed_low", "0"),
        ("killed_low", ""),  # no low estimate
        ("killed_high", ""),
        ("where_prec", "7"),  # each codebook's highest code
        ("date_prec", "5"),
        ("time_precision", "3"),
        ("time_precision", ""),
    ],
)
def test_estimates_and_precision_codes_at_their_bounds_are_read(
    tmp_path: Path, column: str, value: str
) -> None:
    result = CliRunner().invoke(main, ["check", str(estimates(tmp_path, column, value))])
    assert result.exit_code == 0, result.output
