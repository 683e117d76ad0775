"""Parquet input: a file, or a directory of Parquet files (a dataset written in parts), read as
the same table as the CSV of the same records, with the error contract of every format: a bad
record names the file, the record, the account and the column, and the fix; exit 2."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from reconcile.cli import main
from reconcile.errors import InputError
from reconcile.read import load
from tests.conftest import write

CSV = (
    "id,source,source_type,published,event_date,location,killed\n"
    "a1,Ministry of Interior,government,2024-08-26,2024-08-26,Musakhail,23\n"
    'a2,BLA,armed_group,2024-08-26,2024-08-25,"Rarasham, Musakhail",at least 22\n'
    "a3,Dawn,media,2024-08-27,2024-08-26,Qalat,9\n"
)


def _parts(folder: Path, table: pa.Table, sizes: list[int]) -> Path:
    folder.mkdir(parents=True)
    start = 0
    for number, size in enumerate(sizes):
        pq.write_table(table.slice(start, size), folder / f"part-{number}.parquet")
        start += size
    return folder


def test_a_parquet_file_and_a_directory_of_parts_read_as_the_csv(tmp_path: Path) -> None:
    csv = write(tmp_path / "accounts.csv", CSV)
    records = pd.read_csv(csv, dtype=str, keep_default_na=False)
    table = pa.Table.from_pandas(records, preserve_index=False)
    pq.write_table(table, tmp_path / "accounts.parquet")
    folder = _parts(tmp_path / "accounts", table, [2, 1])
    expected = load(csv).drop(columns=["file"])
    pd.testing.assert_frame_equal(load(tmp_path / "accounts.parquet").drop(columns=["file"]), expected)
    from_parts = load(folder)  # each part a file of its own, in order of their names
    first, second = str(folder / "part-0.parquet"), str(folder / "part-1.parquet")
    assert from_parts["file"].tolist() == [first, first, second]
    assert from_parts["row"].tolist() == [1, 2, 1]
    pd.testing.assert_frame_equal(from_parts.drop(columns=["file", "row"]), expected.drop(columns=["row"]))


def test_typed_parquet_columns_are_read_as_a_person_writes_them(tmp_path: Path) -> None:
    frame = pd.DataFrame(
        {
            "source": ["a", "b"],
            "killed": [3.0, None],
            "injured": pd.array([2, None], dtype="Int64"),
            "published": pd.to_datetime(["2024-01-02", "2024-01-03T10:00"], format="ISO8601"),
        }
    )
    frame.to_parquet(tmp_path / "typed.parquet")
    table = load(tmp_path / "typed.parquet")
    assert table["killed"].tolist() == ["3", ""]
    assert table["injured"].tolist() == ["2", ""]
    assert table["published"].tolist() == ["2024-01-02", "2024-01-03T10:00:00"]
    assert table["id"].tolist() == ["typed:1", "typed:2"]


def test_a_bad_record_in_a_part_names_the_part_the_record_and_the_account(tmp_path: Path) -> None:
    records = pd.read_csv(write(tmp_path / "a.csv", CSV), dtype=str, keep_default_na=False)
    records.loc[2, "source_type"] = "goverment"
    folder = _parts(tmp_path / "parts", pa.Table.from_pandas(records, preserve_index=False), [2, 1])
    with pytest.raises(InputError) as error:
        load(folder)
    said = str(error.value)
    assert f"{folder / 'part-1.parquet'}, record 1, account 'a3', column 'source_type'" in said
    assert "unknown source_type 'goverment'" in said and "use 'government'" in said


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda folder: None, "holds no .parquet file"),
        (lambda folder: (folder / "year=2024").mkdir(), "holds directories ('year=2024'...)"),
        (lambda folder: (folder / "part-0.parquet").write_bytes(b"no"), "not a readable Parquet file"),
    ],
)
def test_a_directory_that_is_not_a_dataset_of_parts_is_an_error_exit_2(
    tmp_path: Path, make: object, says: str
) -> None:
    folder = tmp_path / "dataset"
    folder.mkdir()
    make(folder)  # type: ignore[operator]
    result = CliRunner().invoke(main, ["match", str(folder), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 2, result.output
    assert says in result.output and str(folder) in result.output and "fix:" in result.output
    assert "Traceback" not in result.output


def test_match_reads_a_directory_of_parts_and_writes_a_directory_of_parts(tmp_path: Path) -> None:
    csv = write(tmp_path / "accounts.csv", CSV)
    records = pd.read_csv(csv, dtype=str, keep_default_na=False)
    folder = _parts(tmp_path / "in", pa.Table.from_pandas(records, preserve_index=False), [1, 2])
    runner = CliRunner()
    one = runner.invoke(main, ["match", str(csv), "-o", str(tmp_path / "one.parquet")])
    parts = runner.invoke(main, ["match", str(folder), "-o", str(tmp_path / "out") + "/"])
    assert one.exit_code == 0 and parts.exit_code == 0, one.output + parts.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["part-00000.parquet"]
    pd.testing.assert_frame_equal(
        pd.read_parquet(tmp_path / "out"), pd.read_parquet(tmp_path / "one.parquet"), check_dtype=False
    )
    again = runner.invoke(main, ["match", str(csv), "-o", str(tmp_path / "out")])
    assert again.exit_code == 2 and "not an empty directory" in again.output
