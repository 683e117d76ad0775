"""Reading the accounts format v1: every file type, headers, ids, several files at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reconcile.errors import InputError
from reconcile.read import load
from tests.conftest import write

RECORDS = [
    {"id": "a1", "source": "Ministry of Interior", "source_type": "government", "killed": "23"},
    {"id": "a2", "source": "BLA", "source_type": "armed_group", "killed": "at least 22"},
]


def _csv(sep: str) -> str:
    columns = list(RECORDS[0])
    lines = [sep.join(columns)] + [sep.join(record[c] for c in columns) for record in RECORDS]
    return "\n".join(lines) + "\n"


def _yaml_item(r: dict[str, str], indent: str) -> str:
    fields = ", ".join(f"{key}: '{value}'" for key, value in r.items())
    return f"{indent}- {{{fields}}}\n"


WRITERS = {
    "accounts.csv": lambda: _csv(","),
    "accounts.tsv": lambda: _csv("\t"),
    "accounts.json": lambda: json.dumps(RECORDS),
    "wrapped.json": lambda: json.dumps({"accounts": RECORDS}),
    "accounts.jsonl": lambda: "\n".join(json.dumps(r) for r in RECORDS) + "\n",
    "accounts.yaml": lambda: "".join(_yaml_item(r, "") for r in RECORDS),
    "wrapped.yml": lambda: "accounts:\n" + "".join(_yaml_item(r, "  ") for r in RECORDS),
}


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_every_format_reads_the_same_table(tmp_path: Path, name: str) -> None:
    table = load(write(tmp_path / name, WRITERS[name]()))
    assert table["id"].tolist() == ["a1", "a2"]
    assert table["source"].tolist() == ["Ministry of Interior", "BLA"]
    assert table["killed"].tolist() == ["23", "at least 22"]
    assert table["row"].tolist() == [1, 2]


def test_header_names_are_case_and_space_insensitive_and_bom_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("\ufeffSource, Source Type ,Event Date,KILLED\nDawn,media,2024-08-26,23\n".encode())
    table = load(path)
    assert table.loc[0, "source"] == "Dawn"
    assert table.loc[0, "source_type"] == "media"
    assert table.loc[0, "event_date"] == "2024-08-26"
    assert table.loc[0, "killed"] == "23"


def test_default_ids_and_several_files(tmp_path: Path) -> None:
    one = write(tmp_path / "one.csv", "source,killed\nA,1\nB,2\n")
    two = write(tmp_path / "two.yaml", "- {source: C, injured: '3'}\n")
    table = load([one, two])
    assert table["id"].tolist() == ["one:1", "one:2", "two:1"]
    assert table.loc[2, "killed"] == "" and table.loc[2, "injured"] == "3"


def test_raw_text_is_kept_verbatim(tmp_path: Path) -> None:
    # YAML would read `no` as false and 2024-08-26 as a date; both stay the user's text
    path = write(tmp_path / "x.yaml", "- source: A\n  killed: no\n  event_date: 2024-08-26\n  injured: 007\n")
    row = load(path).iloc[0]
    assert (row["killed"], row["event_date"], row["injured"]) == ("no", "2024-08-26", "007")


@pytest.mark.parametrize(
    ("cell", "read"),
    [
        ("Quetta", "Quetta"),
        ("  Quetta ", "Quetta"),
        ("\tQuetta", "Quetta"),
        ("\u00a0Quetta\u2003", "Quetta"),  # no-break and em spaces are whitespace too
        ("Musa  Khel", "Musa  Khel"),  # inside a cell, spaces are the source's
        ("", ""),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".yaml"])
def test_cells_lose_the_whitespace_around_them(tmp_path: Path, cell: str, read: str, suffix: str) -> None:
    """Only the edges go, and only in cells that have any (the others are not copied)."""
    if suffix == ".csv":
        path = write(tmp_path / "a.csv", f'source,location\nA,"{cell}"\nB,Kalat\n')
    else:
        path = write(
            tmp_path / "a.yaml", f'- {{source: A, location: "{cell}"}}\n- {{source: B, location: Kalat}}\n'
        )
    assert load(path)["location"].tolist() == [read, "Kalat"]


@pytest.mark.parametrize(
    ("name", "content", "message", "row", "column"),
    [
        ("t.csv", "source,source_type\nA,goverment\n", "unknown source_type 'goverment'", 1, "source_type"),
        ("t.csv", "source,killed\nA,1\n,2\n", "'source' is empty", 2, "source"),
        ("t.csv", "killed\n1\n", "no 'source' column", None, "source"),
        ("t.json", '{"hello": 1}', "not a table of accounts", None, None),
        ("t.json", "[1, 2]", "not an object", 1, None),
        ("t.csv", "id,source\nx,A\nx,B\n", "duplicate id 'x'", 2, "id"),
        ("t.csv", "source,scope\nA,everything\n", "unknown scope", 1, "scope"),
        ("t.txt", "source\nA\n", "unknown file type", None, None),
        ("t.csv", "", "the file is empty", None, None),
        ("t.csv", "source,Source\nA,B\n", "are the same column", None, "Source"),
        ("t.json", "[{", "not valid JSON", None, None),
    ],
)
def test_bad_input_names_file_row_and_column(
    tmp_path: Path, name: str, content: str, message: str, row: int | None, column: str | None
) -> None:
    path = write(tmp_path / name, content)
    with pytest.raises(InputError) as raised:
        load(path)
    problem = raised.value.problems[0]
    assert message in problem.message
    assert problem.file == str(path)
    assert (problem.row, problem.column) == (row, column)
    assert problem.fix or "JSON" in message


@pytest.mark.parametrize(
    ("value", "suggestion"),
    [
        ("goverment", "government"),
        ("ministry", "government"),
        ("army", "military"),
        ("NGO", "rights_group"),
        ("local_media", "media"),
        ("Armed Grp", "armed_group"),
    ],
)
def test_unknown_source_type_suggests_the_closest(tmp_path: Path, value: str, suggestion: str) -> None:
    with pytest.raises(InputError) as raised:
        load(write(tmp_path / "t.csv", f"source,source_type\nA,{value}\n"))
    assert f"use {suggestion!r}" in raised.value.problems[0].fix


def test_source_types_are_normalised(tmp_path: Path) -> None:
    table = load(write(tmp_path / "t.csv", "source,source_type\nA,Armed Group\nB,LOCAL OFFICIAL\n"))
    assert table["source_type"].tolist() == ["armed_group", "local_official"]


@pytest.mark.parametrize(
    ("data", "encoding"),
    [("source\nCafé\n".encode("cp1252"), "WINDOWS-1252"), ("source\nA\n".encode("utf-16"), "UTF-16")],
)
def test_unreadable_encoding_says_how_to_fix(tmp_path: Path, data: bytes, encoding: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(InputError) as raised:
        load(path)
    problem = raised.value.problems[0]
    assert "not valid UTF-8" in problem.message
    assert f"iconv -f {encoding} -t UTF-8" in problem.fix


def test_json_numbers_are_read_as_the_text_a_person_would_write(tmp_path: Path) -> None:
    path = write(tmp_path / "a.json", '[{"source": "A", "killed": 23.0, "injured": 4, "abducted": 2.5}]')
    row = load(path).iloc[0]
    assert (row["killed"], row["injured"], row["abducted"]) == ("23", "4", "2.5")
