"""Hostile and broken input: nothing lost, nothing forged. Every case either reads every account
exactly once or is refused with an error that names the file, the line as the file has it,
the account and the fix (exit status 2); never another exception, never a stall."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import reconcile.read
from reconcile.cli import check_text, main
from reconcile.errors import MAX_PROBLEMS, InputError
from reconcile.read import load
from reconcile.values import load_vocabulary, parse_accounts
from tests.conftest import ROOT, write

RAGGED = "id,source,killed,quote\na1,Dawn,3,Police said, three died\na2,Reuters,5,Officials said, five died\n"
BILLION_LAUGHS = "".join(
    f"{name}: &{name} [{', '.join([f'*{previous}'] * 9 if previous else ['lol'] * 9)}]\n"
    for previous, name in zip(["", *"abcdefgh"], "abcdefghi", strict=True)
)


def _refused(tmp_path: Path, name: str, content: str) -> InputError:
    with pytest.raises(InputError) as raised:
        load(write(tmp_path / name, content))
    return raised.value


def test_a_ragged_row_is_an_error_at_its_line_naming_the_account(tmp_path: Path) -> None:
    """pyarrow refuses the file; pandas then took the first column as the index: sources '3'
    and '5', ids 'Dawn' and 'Reuters', and a1, a2 nowhere."""
    error = _refused(tmp_path, "c.csv", RAGGED)
    assert [(p.line, p.account, p.row) for p in error.problems] == [(2, "a1", 1), (3, "a2", 2)]
    assert "5 cells where the header has 4" in error.problems[0].message
    assert "'Police said' | ' three died'" in error.problems[0].message
    assert "double quotes" in error.problems[0].fix
    assert str(error.problems[0]).startswith(f"{tmp_path / 'c.csv'}, line 2, account 'a1': ")


@pytest.mark.parametrize(
    ("content", "line", "account"),
    [
        # a quoted cell holding line breaks: the next record starts two lines further down
        ('id,source,quote\na1,Dawn,"one\ntwo"\na2,B,x,y\n', 4, "a2"),
        # empty lines count as lines of the file, not as records
        ("source,quote\n\nDawn,x\n\nB,x,y\n", 5, "ragged:2"),
        ("source\tquote\nDawn\tx\tz\n", 2, "ragged:1"),  # TSV: a tab splits the cell
    ],
)
def test_ragged_rows_are_located_as_an_editor_shows_them(
    tmp_path: Path, content: str, line: int, account: str
) -> None:
    name = "ragged.tsv" if "\t" in content else "ragged.csv"
    problem = _refused(tmp_path, name, content).problems[0]
    assert (problem.line, problem.account) == (line, account)


@pytest.mark.parametrize(
    ("content", "rows"),
    [
        # short rows: the rest empty
        ("source,killed,quote\nA,1\nB,2,x\n", [["A", "1", ""], ["B", "2", "x"]]),
        ("source,killed\nA,1,\nB,2,  \n", [["A", "1"], ["B", "2"]]),  # trailing empty cells lose nothing
    ],
)
def test_rows_that_lose_nothing_are_read(tmp_path: Path, content: str, rows: list[list[str]]) -> None:
    table = load(write(tmp_path / "t.csv", content))
    columns = [c for c in ("source", "killed", "quote") if c in table.columns and table[c].any()]
    assert table[columns].values.tolist() == rows


def test_cli_refuses_a_ragged_file_with_status_2(tmp_path: Path) -> None:
    path = write(tmp_path / "c.csv", RAGGED)
    result = CliRunner().invoke(main, ["report", str(path), "-f", "md"])
    assert result.exit_code == 2
    assert f"{path}, line 2, account 'a1'" in result.output
    assert "Dawn" not in result.output.split("error:")[0]  # no report was written


DEEP = 100_000


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("deep.json", "[" * DEEP + "]" * DEEP),
        ("deep.jsonl", '{"source": ' + "[" * DEEP + "]" * DEEP + "}\n"),
        ("deep.yaml", "[" * DEEP + "]" * DEEP),
        ("deep-block.yaml", "- " * 200 + "x\n"),
        ("deep-value.json", '[{"source": "A", "quote": ' + "[" * 60 + "]" * 60 + "}]"),
        ("deep-value.yaml", "- source: A\n  quote: " + "[" * 60 + "]" * 60 + "\n"),
    ],
)
def test_nesting_beyond_the_limit_is_a_clear_error(tmp_path: Path, name: str, content: str) -> None:
    """100,000 deep crashed with RecursionError ("internal error")."""
    error = _refused(tmp_path, name, content)
    assert f"nested more than {reconcile.read.MAX_NESTING} deep" in error.problems[0].message
    assert error.problems[0].file == str(tmp_path / name)


def test_nesting_within_the_limit_is_read_as_text(tmp_path: Path) -> None:
    table = load(write(tmp_path / "a.json", '[{"source": "A", "quote": [["x", ["y"]], "z"]}]'))
    assert table.loc[0, "quote"] == "x; y; z"


@pytest.mark.parametrize("where", ["accounts", "aliases"])
def test_a_yaml_alias_bomb_is_refused_at_once(tmp_path: Path, where: str) -> None:
    """Nine nested aliases of nine: a billion 'lol's from a few hundred bytes."""
    path = write(tmp_path / "bomb.yaml", BILLION_LAUGHS)
    started = time.monotonic()
    with pytest.raises(InputError) as raised:
        if where == "accounts":
            load(path)
        else:
            load_vocabulary(path)
    assert time.monotonic() - started < 5
    problem = raised.value.problems[0]
    assert "MAX_ALIAS_EXPANSION" in problem.message and problem.line is not None


def test_yaml_aliases_that_stay_small_are_read(tmp_path: Path) -> None:
    records = "".join(f"- {{source: *dawn, killed: '{n}'}}\n" for n in range(2, 200))
    table = load(write(tmp_path / "a.yaml", "- {source: &dawn Dawn, killed: '1'}\n" + records))
    assert set(table["source"]) == {"Dawn"} and len(table) == 199


def test_yaml_tags_build_no_objects(tmp_path: Path) -> None:
    path = write(tmp_path / "t.yaml", "- source: !!python/object/apply:os.system ['echo pwned']\n")
    assert load(path).loc[0, "source"] == "echo pwned"
    aliases = write(tmp_path / "a.yaml", "places: !!python/object/apply:os.system ['echo pwned']\n")
    with pytest.raises(InputError):
        load_vocabulary(aliases)


@pytest.mark.parametrize(
    ("name", "content", "key", "line"),
    [
        ("k.json", '[{"id": "a", "source": "x", "killed": "1", "killed": "2"}]', "killed", None),
        ("k.jsonl", '{"source": "x"}\n\n{"id": "a", "source": "x", "killed": 1, "killed": 2}\n', "killed", 3),
        ("k.yaml", "- {source: x}\n- id: a\n  source: x\n  killed: 1\n  killed: 2\n", "killed", 2),
    ],
)
def test_a_key_given_twice_is_an_error_naming_the_record_and_key(
    tmp_path: Path, name: str, content: str, key: str, line: int | None
) -> None:
    """json and yaml keep the last value silently; one claim would vanish."""
    problem = _refused(tmp_path, name, content).problems[0]
    assert (problem.column, problem.row, problem.line, problem.account) == (key, 2 if line else 1, line, "a")
    assert f"the key {key!r} is given twice" in problem.message


def test_a_key_given_twice_inside_a_value_is_an_error(tmp_path: Path) -> None:
    problem = _refused(tmp_path, "v.json", '[{"source": "x", "quote": {"a": 1, "a": 2}}]').problems[0]
    assert "'a' is given twice" in problem.message and problem.row == 1


def test_a_header_naming_a_column_twice_is_an_error(tmp_path: Path) -> None:
    """It became `killed.1`, read as text."""
    problem = _refused(tmp_path, "t.csv", "id,source,killed,killed\na,b,1,2\n").problems[0]
    assert (problem.column, problem.line) == ("killed", 1)
    assert "'killed' twice" in problem.message


@pytest.mark.parametrize("column", ["row", "file", "Row", "FILE"])
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_column_named_as_the_table_names_its_own_is_an_error(
    tmp_path: Path, column: str, suffix: str
) -> None:
    """Its values were overwritten by the record number or the file name."""
    content = f"source,{column}\nA,x\n" if suffix == ".csv" else f'[{{"source": "A", "{column}": "x"}}]'
    problem = _refused(tmp_path, f"t{suffix}", content).problems[0]
    assert problem.column == column and "rename" in problem.fix


def test_review_columns_written_by_extract_are_kept(tmp_path: Path) -> None:
    table = load(write(tmp_path / "t.csv", "source,confidence,review,position\nA,0.9,check it,3\n"))
    assert table.loc[0, ["confidence", "review", "position"]].tolist() == ["0.9", "check it", "3"]


def test_past_the_limit_the_rest_of_the_problems_are_counted(tmp_path: Path) -> None:
    error = _refused(tmp_path, "t.csv", "source,killed\n" + ",1\n" * 25)
    assert len(error.problems) == MAX_PROBLEMS and error.more == 5
    assert "... and 5 more" in str(error)
    result = CliRunner().invoke(main, ["check", str(tmp_path / "t.csv")])
    assert result.exit_code == 2 and "... and 5 more" in result.output


def test_problems_in_several_files_are_counted_together(tmp_path: Path) -> None:
    one = write(tmp_path / "one.csv", "source,killed\n" + ",1\n" * 15)
    two = write(tmp_path / "two.csv", "source,killed\n" + ",1\n" * 15)
    with pytest.raises(InputError) as raised:
        load([one, two])
    assert len(raised.value.problems) == MAX_PROBLEMS and raised.value.more == 10


@pytest.mark.parametrize(
    ("name", "content", "line", "row"),
    [
        ("t.csv", "source,killed\nA,1\n,2\n", 3, 2),  # the header is line 1
        ("t.csv", 'source,quote\nA,"two\nlines"\n,x\n', 4, 2),  # a quoted line break
        ("t.jsonl", '{"source": "A"}\n\n{"source": ""}\n', 3, 2),
        ("t.yaml", "- source: A\n- source: ''\n", 2, 2),
        ("t.json", '[{"source": "A"}, {"source": ""}]', None, 2),  # JSON: the record
    ],
)
def test_a_problem_names_the_line_as_the_file_has_it_and_the_account(
    tmp_path: Path, name: str, content: str, line: int | None, row: int
) -> None:
    problem = _refused(tmp_path, name, content).problems[0]
    assert (problem.line, problem.row, problem.account) == (line, row, f"t:{row}")
    expected = f"line {line}" if line else f"record {row}"
    assert str(problem).startswith(f"{tmp_path / name}, {expected}, account 't:{row}', column 'source'")


def test_files_with_one_stem_get_default_ids_that_differ(tmp_path: Path) -> None:
    """Both defaulted to `accounts:1`, and the error's advice (leave 'id' empty) was the cause."""
    one = write(tmp_path / "2024" / "accounts.csv", "source\nA\n")
    two = write(tmp_path / "2025" / "accounts.yaml", "- source: B\n")
    alone = write(tmp_path / "other.csv", "source\nC\n")
    assert load([one, two, alone])["id"].tolist() == [f"{one}:1", f"{two}:1", "other:1"]


def test_a_given_id_that_is_another_accounts_default_says_so(tmp_path: Path) -> None:
    one = write(tmp_path / "x.csv", "source\nA\n")
    two = write(tmp_path / "y.csv", "id,source\nx:1,B\n")
    with pytest.raises(InputError) as raised:
        load([one, two])
    problem = raised.value.problems[0]
    assert (problem.file, problem.line, problem.account) == (str(two), 2, "x:1")
    assert f"default id of the account at {one}, line 2" in problem.fix


def test_the_same_file_twice_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "x.csv", "source\nA\n")
    with pytest.raises(InputError, match="given twice"):
        load([path, path])


@pytest.mark.parametrize(("suffix", "limit"), [(".csv", "MAX_TABLE_BYTES"), (".yaml", "MAX_DOCUMENT_BYTES")])
def test_a_file_over_the_size_limit_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, suffix: str, limit: str
) -> None:
    monkeypatch.setattr(reconcile.read, limit, 10)
    error = _refused(
        tmp_path, f"big{suffix}", "source\nA long enough\n" if suffix == ".csv" else "- {source: A}\n"
    )
    assert limit in error.problems[0].message and "split" in error.problems[0].fix


@pytest.mark.parametrize("published", ["-0001-01-01", "garbage", "2024-13-01", "+10000-01-01"])
def test_an_unreadable_published_is_kept_with_a_note_that_check_shows(tmp_path: Path, published: str) -> None:
    path = write(tmp_path / "p.csv", f"source,published,killed\nA,{published},3\n")
    table = load(path)
    assert table.loc[0, "published"] == published
    shown = check_text(parse_accounts(table, load_vocabulary()))
    assert f"! published         date     {published!r}" in shown
    assert "1 value marked '!'" in shown


def test_a_published_moment_before_the_first_utc_moment_is_read(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", "source,published,event_date\nA,0001-01-01T00:00+05:00,yesterday\n")
    parsed = parse_accounts(load(path), load_vocabulary())
    assert parsed.published[0] is not None


def test_check_names_each_account_by_the_line_it_starts_on(tmp_path: Path) -> None:
    path = write(tmp_path / "p.csv", 'source,quote\nA,"two\nlines"\nB,x\n')
    shown = check_text(parse_accounts(load(path), load_vocabulary()))
    assert f"p:1  ({path}, line 2;" in shown and f"p:2  ({path}, line 4;" in shown


def _reconcile(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "reconcile", *args], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


@pytest.mark.parametrize("command", [["report", "-f", "md"], ["check"], ["match"]])
def test_a_closed_stdout_stops_quietly_with_status_141(command: list[str]) -> None:
    """As `cat` in `cat big | head`: no traceback, no 'error: : Broken pipe', status 128 + SIGPIPE."""
    process = _reconcile(command[0], "fixtures/balochistan-2024-08-26/article.csv", *command[1:])
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # the reader goes before a byte is written
    status = process.wait(timeout=120)
    with process.stderr:
        assert (status, process.stderr.read().decode()) == (141, "")


@pytest.mark.parametrize(
    ("literal", "text"),
    [("23", "23"), ("23.0", "23"), ("2.5", "2.5"), ("1e20", "1e20"), ("1e309", "1e309"), ("NaN", "NaN"),
     ("-Infinity", "-Infinity"), ("12345678901234567890", "12345678901234567890"), ("1.5e3", "1.5e3")],
)  # fmt: skip
def test_a_json_number_is_kept_as_written(tmp_path: Path, literal: str, text: str) -> None:
    accounts = tmp_path / "a.json"
    accounts.write_text('[{"id": "a", "source": "Dawn", "killed": ' + literal + "}]", encoding="utf-8")
    assert reconcile.read.load(accounts)["killed"].tolist() == [text]
