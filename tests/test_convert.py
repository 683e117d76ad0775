"""`reconcile convert --from ucdp-ged|acled|gtd`: real records with their published column names
(fixtures/datasets/, README there) become accounts v1 that `reconcile check` accepts; bad
records exit 2 naming file, line, record and column."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

import reconcile
import reconcile.convert
from reconcile.cli import main
from reconcile.convert import MAX_DATASET_BYTES, convert
from reconcile.read import MAX_TABLE_BYTES
from tests.conftest import ROOT

DATASETS = ROOT / "fixtures" / "datasets"

# (file, codebook, account id, column, value): written from the source rows by the codebooks
CASES = [
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "event_date", "2013-01-03"),
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "location",
     "Rami village, Ariha district, Idlib governorate, Syria"),
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "latitude", "35.763369"),
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "where_prec", "1"),
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "event_type", "state-based conflict"),
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "perpetrator", ""),  # two sides fought: no perpetrator
    ("ged-23.1.csv", "ucdp-ged", "ged-401115", "event_date", "2021-05-28/2021-05-29"),
    ("ged-23.1.csv", "ucdp-ged", "ged-401115", "location",
     "Nangarhar province, Afghanistan"),  # each name once
    ("ged-23.1.csv", "ucdp-ged", "ged-401115", "where_prec", "4"),
    ("ged-23.1.csv", "ucdp-ged", "ged-23893", "killed", "10"),
    ("ged-23.1.csv", "ucdp-ged", "ged-23893", "killed_low", "10"),
    ("ged-23.1.csv", "ucdp-ged", "ged-23893", "killed_high", "133"),
    ("ged-23.1.csv", "ucdp-ged", "ged-23893", "event_type", "one-sided violence"),
    ("ged-23.1.csv", "ucdp-ged", "ged-23893", "perpetrator", "FRPI"),
    ("ged-23.1.csv", "ucdp-ged", "ged-51429", "perpetrator", "Jama'atu Ahlis Sunna Lidda'awati wal-Jihad"),
    ("ged-23.1.csv", "ucdp-ged", "ged-51429", "source", "UCDP GED"),
    ("ged-23.1.csv", "ucdp-ged", "ged-51429", "source_type", "dataset"),
    ("ged-23.1.csv", "ucdp-ged", "ged-300380", "quote",
     "Thursday 3 January 2013;Abdul Satar Mustafa Hankosh"),  # the headline
    ("ged-23.1.csv", "ucdp-ged", "ged-135297", "quote", "Taluqan town (outside)"),  # none: where_description
    ("acled-2023.csv", "acled", "acled-BEN889", "event_date", "2022-12-18"),  # "18 December 2022"
    ("acled-2023.csv", "acled", "acled-BEN889", "time_precision", "2"),
    ("acled-2023.csv", "acled", "acled-BEN889", "event_type",
     "Violence against civilians: Abduction/forced disappearance"),
    ("acled-2023.csv", "acled", "acled-BEN889", "perpetrator", "Unidentified Armed Group (Benin)"),
    ("acled-2023.csv", "acled", "acled-BEN860", "event_type", "Battles: Armed clash"),
    ("acled-2023.csv", "acled", "acled-BEN860", "perpetrator", ""),  # a battle: two sides
    ("acled-2023.csv", "acled", "acled-BEN860", "killed", "1"),
    ("acled-2023.csv", "acled", "acled-BEN860", "source", "ACLED"),
    ("acled-v5.csv", "acled", "acled-1NIG", "event_date", "1997-01-09"),  # upper-case column names
    ("acled-v5.csv", "acled", "acled-1NIG", "location", "Lagos, LagosIsland, Nigeria"),
    ("acled-v5.csv", "acled", "acled-1NIG", "killed", "2"),  # "2.0" in the export
    ("gtd-2011.csv", "gtd", "gtd-201101010005", "event_date", "2011-01-01"),
    ("gtd-2011.csv", "gtd", "gtd-201101010005", "location", "Maiduguri, Borno, Nigeria"),
    ("gtd-2011.csv", "gtd", "gtd-201101010005", "perpetrator", "Boko Haram"),
    ("gtd-2011.csv", "gtd", "gtd-201101010005", "event_type", "Facility/Infrastructure Attack"),
    ("gtd-2011.csv", "gtd", "gtd-201101030007", "injured", "3"),
    ("gtd-2011.csv", "gtd", "gtd-201101070005", "perpetrator", ""),  # "Unknown"
]  # fmt: skip


@pytest.mark.parametrize(("name", "codebook", "account", "column", "value"), CASES)
def test_a_real_record_converts(name: str, codebook: str, account: str, column: str, value: str) -> None:
    accounts = convert(DATASETS / name, codebook).set_index("id")
    assert accounts.loc[account, column] == value


@pytest.mark.parametrize(
    ("name", "codebook"),
    [
        ("ged-23.1.csv", "ucdp-ged"),
        ("acled-2023.csv", "acled"),
        ("acled-v5.csv", "acled"),
        ("gtd-2011.csv", "gtd"),
    ],
)
def test_every_record_becomes_an_account_that_reconcile_reads(
    tmp_path: Path, name: str, codebook: str
) -> None:
    out = tmp_path / "accounts.csv"
    result = CliRunner().invoke(main, ["convert", "--from", codebook, str(DATASETS / name), "-o", str(out)])
    assert result.exit_code == 0, result.output
    source = pd.read_csv(DATASETS / name, dtype=str, keep_default_na=False)
    table = reconcile.load(out)
    assert len(table) == len(source)
    assert CliRunner().invoke(main, ["check", str(out)]).exit_code == 0


@pytest.mark.parametrize(
    ("column", "value", "said"),
    [
        ("latitude", "200", "latitude '200' is out of range"),
        ("longitude", "east", "longitude 'east' is not a number of degrees"),
        ("date_end", "2012-12-31", "date_end 2012-12-31 is before date_start 2013-01-03"),
    ],
)
def test_a_bad_record_exits_2_naming_line_record_and_column(
    tmp_path: Path, column: str, value: str, said: str
) -> None:
    source = pd.read_csv(DATASETS / "ged-23.1.csv", dtype=str, keep_default_na=False)
    source.loc[0, column] = value
    path = tmp_path / "ged.csv"
    source.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path}, line 2, account 'ged-300380', column '{column}'" in result.output, result.output
    assert said in result.output


def test_a_bad_last_record_is_named_by_its_line(tmp_path: Path) -> None:
    source = pd.read_csv(DATASETS / "ged-23.1.csv", dtype=str, keep_default_na=False)
    source.loc[len(source) - 1, "latitude"] = "200"
    path = tmp_path / "ged.csv"
    source.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(path)])
    assert f"{path}, line 16, account 'ged-51429', column 'latitude'" in result.output, result.output


def test_a_file_named_other_than_csv_is_read_as_csv_and_its_records_by_number(tmp_path: Path) -> None:
    """An export saved as .txt: no lines to name (the accounts reader counts lines in .csv and
    .tsv files only), so a bad record is named by its number and id."""
    source = pd.read_csv(DATASETS / "ged-23.1.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "ged.txt"
    source.to_csv(path, index=False)
    assert len(convert(path, "ucdp-ged")) == len(source)
    source.loc[0, "latitude"] = "200"
    source.to_csv(path, index=False)
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(path)])
    assert (
        result.exit_code == 2
        and f"{path}, record 1, account 'ged-300380', column 'latitude'" in result.output
    )


@pytest.mark.parametrize(("latitude", "longitude"), [("-90", "-180"), ("90", "180")])
def test_coordinates_at_their_bounds_convert(tmp_path: Path, latitude: str, longitude: str) -> None:
    source = pd.read_csv(DATASETS / "ged-23.1.csv", dtype=str, keep_default_na=False)
    source.loc[0, ["latitude", "longitude"]] = latitude, longitude
    path = tmp_path / "ged.csv"
    source.to_csv(path, index=False)
    assert convert(path, "ucdp-ged").loc[0, ["latitude", "longitude"]].tolist() == [latitude, longitude]


@pytest.mark.parametrize(
    ("fatalities", "killed"),
    [
        ("2.0", "2"),  # a whole number as some exports write it
        ("0.0", "0"),
        ("2.5", "2.5"),  # not a whole number: as given, for the reader to note
        ("-1.0", "-1.0"),  # nor a count
    ],
)
def test_a_count_is_written_as_a_whole_number_where_it_is_one(
    tmp_path: Path, fatalities: str, killed: str
) -> None:
    source = pd.read_csv(DATASETS / "acled-v5.csv", dtype=str, keep_default_na=False)
    source.loc[0, "FATALITIES"] = fatalities
    path = tmp_path / "acled.csv"
    source.to_csv(path, index=False)
    assert convert(path, "acled").loc[0, "killed"] == killed


def test_a_file_of_one_record_converts(tmp_path: Path) -> None:
    source = pd.read_csv(DATASETS / "gtd-2011.csv", dtype=str, keep_default_na=False)
    path = tmp_path / "gtd.csv"
    source.head(1).to_csv(path, index=False)
    assert convert(path, "gtd")["id"].tolist() == ["gtd-201101010005"]


def test_another_datasets_file_exits_2_naming_what_is_missing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(DATASETS / "acled-2023.csv")])
    assert result.exit_code == 2
    assert "no column 'id', 'date_start', 'date_end'" in result.output and "another --from" in result.output


@pytest.mark.parametrize(
    ("content", "said"),
    [
        (b"", "the file is empty"),
        (b"\xff\xfe\x00id", "not UTF-8"),
        (b"\n\n", "not a CSV file we can read: No columns to parse from file"),
        (b"id,best\n1,2\n3,4,5\n", "not a CSV file we can read: Error tokenizing data"),  # a ragged row
    ],
)
def test_an_unreadable_file_exits_2(tmp_path: Path, content: bytes, said: str) -> None:
    path = tmp_path / "ged.csv"
    path.write_bytes(content)
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(path)])
    assert result.exit_code == 2 and said in result.output, result.output


def test_ucdps_csv_dates_with_a_time_of_day_and_codes_written_as_decimals(tmp_path: Path) -> None:
    """UCDP's published CSV writes `2013-01-03 00:00:00.000`; some exports write codes as 1.0."""
    source = pd.read_csv(DATASETS / "ged-23.1.csv", dtype=str, keep_default_na=False)
    source.loc[0, ["date_start", "date_end"]] = "2013-01-03 00:00:00.000", "2013-01-04 00:00:00.000"
    source.loc[0, ["where_prec", "best", "low", "high"]] = "1.0", "2.0", "2.0", "3.0"
    path = tmp_path / "ged.csv"
    source.to_csv(path, index=False)
    record = convert(path, "ucdp-ged").iloc[0]
    assert (record.event_date, record.where_prec, record.killed, record.killed_high) == (
        "2013-01-03/2013-01-04",
        "1",
        "2",
        "3",
    )


def test_a_file_over_the_accounts_readers_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """The limit is the accounts reader's for a CSV (4 GiB); the file is sparse and never read."""
    assert MAX_DATASET_BYTES == MAX_TABLE_BYTES
    path = tmp_path / "ged.csv"
    with path.open("wb") as file:
        file.truncate(MAX_DATASET_BYTES + 1)
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(path)])
    assert result.exit_code == 2 and "4,294,967,297 bytes, over the limit" in result.output, result.output


def test_a_file_of_the_limit_is_read_and_one_byte_more_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    size = (DATASETS / "gtd-2011.csv").stat().st_size
    monkeypatch.setattr(reconcile.convert, "MAX_DATASET_BYTES", size)
    assert len(convert(DATASETS / "gtd-2011.csv", "gtd")) == 12
    monkeypatch.setattr(reconcile.convert, "MAX_DATASET_BYTES", size - 1)
    result = CliRunner().invoke(main, ["convert", "--from", "gtd", str(DATASETS / "gtd-2011.csv")])
    assert result.exit_code == 2 and "over the limit" in result.output, result.output


def test_a_gtd_date_with_an_unknown_day_or_month_keeps_what_is_known(tmp_path: Path) -> None:
    source = pd.read_csv(DATASETS / "gtd-2011.csv", dtype=str, keep_default_na=False)
    source.loc[0, "iday"], source.loc[1, "imonth"] = "0", "0"
    path = tmp_path / "gtd.csv"
    source.to_csv(path, index=False)
    dates = convert(path, "gtd")["event_date"].tolist()
    assert dates[:2] == ["2011-01", "2011"]


def test_a_formula_in_a_cell_is_guarded_and_numbers_are_not(tmp_path: Path) -> None:
    source = pd.read_csv(DATASETS / "acled-2023.csv", dtype=str, keep_default_na=False)
    source.loc[0, "notes"] = '=HYPERLINK("http://example.com")'
    source.loc[0, "longitude"] = "-1.5"
    path = tmp_path / "acled.csv"
    source.to_csv(path, index=False)
    text = CliRunner().invoke(main, ["convert", "--from", "acled", str(path)]).output
    assert "'=HYPERLINK" in text and ",-1.5," in text


def test_convert_never_writes_over_its_input(tmp_path: Path) -> None:
    path = tmp_path / "ged.csv"
    path.write_bytes((DATASETS / "ged-23.1.csv").read_bytes())
    result = CliRunner().invoke(main, ["convert", "--from", "ucdp-ged", str(path), "-o", str(path)])
    assert result.exit_code == 2
    assert path.read_bytes() == (DATASETS / "ged-23.1.csv").read_bytes()
