"""The CLI through click's runner: commands, help, formats, exit codes, every input error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile.cli import main
from tests.conftest import SEED_FILES, write

COMMANDS = [[], ["report"], ["check"]]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: list[str]) -> None:
    result = CliRunner().invoke(main, [*command, "--help"])
    assert result.exit_code == 0
    assert "Usage:" in result.output
    assert len(result.output.split("\n\n")[1].strip()) > 20  # a real description, not a stub


def test_every_command_is_in_the_readme() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text("utf-8")
    for name in main.commands:  # type: ignore[attr-defined]
        assert f"reconcile {name}" in readme


@pytest.mark.parametrize(
    ("output", "expected_start"),
    [("r.html", "<!doctype html>"), ("r.md", "# Where"), ("r.json", "{"), ("r.csv", "incident,")],
)
def test_format_follows_the_extension(
    at_root: Path, tmp_path: Path, output: str, expected_start: str
) -> None:
    target = tmp_path / output
    result = CliRunner().invoke(main, ["report", *SEED_FILES, "-o", str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_text("utf-8").startswith(expected_start)


@pytest.mark.parametrize("fmt", ["html", "md", "json", "csv"])
def test_stdout_with_explicit_format(at_root: Path, fmt: str) -> None:
    result = CliRunner().invoke(main, ["report", *SEED_FILES, "-o", "-", "--format", fmt])
    assert result.exit_code == 0
    assert "art-musakhail" in result.output


def test_fail_on_conflict(at_root: Path) -> None:
    assert CliRunner().invoke(main, ["report", *SEED_FILES, "-f", "json"]).exit_code == 0
    assert (
        CliRunner().invoke(main, ["report", *SEED_FILES, "-f", "json", "--fail-on", "conflict"]).exit_code
        == 1
    )


def test_fail_on_conflict_passes_when_sources_agree(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv",
        "source,location,event_date,killed\nA,Quetta,2024-08-26,3\nB,Quetta,2024-08-26,three\n",
    )
    result = CliRunner().invoke(main, ["report", str(path), "-f", "json", "--fail-on", "conflict"])
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["conflicts"] == 0


def test_output_extension_must_say_the_format(at_root: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", *SEED_FILES, "-o", str(tmp_path / "report.txt")])
    assert result.exit_code == 2
    assert "--format" in result.output


BAD_INPUTS = [
    (
        "types.csv",
        "source,source_type\nA,goverment\n",
        ["types.csv, line 2, account 'types:1', column 'source_type'", "use 'government'"],
    ),
    (
        "nosource.csv",
        "source,killed\n,3\n",
        ["nosource.csv, line 2, account 'nosource:1', column 'source'", "fix: name who made the claim"],
    ),
    (
        "dup.csv",
        "id,source\nx,A\nx,B\n",
        ["dup.csv, line 3, account 'x', column 'id'", "duplicate id 'x' (first used at ", "dup.csv, line 2)"],
    ),
    ("notable.json", '{"hello": 1}', ["notable.json", "not a table of accounts"]),
    ("prose.csv", "just some prose\nmore prose\n", ["prose.csv", "no 'source' column"]),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_INPUTS)
@pytest.mark.parametrize("command", ["report", "check"])
def test_bad_input_exits_2_with_a_clear_error(
    tmp_path: Path, name: str, content: str, expected: list[str], command: str
) -> None:
    path = write(tmp_path / name, content)
    result = CliRunner().invoke(main, [command, str(path)])
    assert result.exit_code == 2
    for text in expected:
        assert text in result.output


def test_bad_encoding_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("source\nCafé\n".encode("latin-1"))
    result = CliRunner().invoke(main, ["report", str(path)])
    assert result.exit_code == 2
    assert "not valid UTF-8" in result.output and "iconv" in result.output


def test_missing_file_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path / "nope.csv")])
    assert result.exit_code == 2
    assert "no such file" in result.output


def test_bad_aliases_and_fields_files_exit_2(tmp_path: Path) -> None:
    accounts = write(tmp_path / "a.csv", "source,displaced\nA,about 40\n")
    aliases = write(tmp_path / "aliases.yaml", "colours: [red]\n")
    fields = write(tmp_path / "fields.yaml", "displaced: number\n")
    result = CliRunner().invoke(main, ["report", str(accounts), "--aliases", str(aliases)])
    assert result.exit_code == 2 and "sections 'places' and/or 'actors'" in result.output
    result = CliRunner().invoke(main, ["report", str(accounts), "--fields", str(fields)])
    assert result.exit_code == 2 and "unknown kind 'number'" in result.output


def test_fields_file_declares_a_kind(tmp_path: Path) -> None:
    accounts = write(tmp_path / "a.csv", "source,displaced\nA,about 40\nB,44\n")
    fields = write(tmp_path / "fields.yaml", "Displaced: count\n")
    result = CliRunner().invoke(main, ["check", str(accounts), "--fields", str(fields)])
    assert result.exit_code == 0
    assert "'about 40'" in result.output and "36–44" in result.output


def test_check_shows_every_value_beside_its_reading(at_root: Path) -> None:
    result = CliRunner().invoke(main, ["check", *SEED_FILES])
    assert result.exit_code == 0
    assert "'more than three dozen'" in result.output and "-> 37 or more" in result.output
    assert "'Qalat district, Balochistan'" in result.output and "-> Kalat, Balochistan" in result.output
    assert "'BLA terrorists'" in result.output and "-> Balochistan Liberation Army" in result.output
    assert "22 accounts" in result.output


def test_check_marks_values_it_could_not_read(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "source,killed,victims\nA,lots and lots,people\n")
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 0
    assert " ! killed" in result.output and "not a count phrase" in result.output
    assert "2 values marked '!'" in result.output


def test_unwritable_output_exits_2(at_root: Path, tmp_path: Path) -> None:
    blocker = write(tmp_path / "file", "")
    result = CliRunner().invoke(main, ["report", *SEED_FILES, "-o", str(blocker / "r.html")])
    assert result.exit_code == 2
    assert "error:" in result.output


def _broken_report(monkeypatch: pytest.MonkeyPatch) -> None:
    import reconcile.cli

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(reconcile.cli, "build_report", broken)


def test_an_internal_error_exits_2_not_1(at_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _broken_report(monkeypatch)
    result = CliRunner().invoke(main, ["report", *SEED_FILES])
    assert result.exit_code == 2
    assert "internal error (RuntimeError: boom)" in result.output


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_match_writes_every_account_with_its_incident_and_reasons(
    at_root: Path, tmp_path: Path, suffix: str
) -> None:
    import pandas as pd

    target = tmp_path / f"incidents{suffix}"
    result = CliRunner().invoke(main, ["match", *SEED_FILES, "-o", str(target)])
    assert result.exit_code == 0, result.output
    frame = {".csv": pd.read_csv, ".json": pd.read_json, ".parquet": pd.read_parquet}[suffix](target)
    assert len(frame) == 22 and frame["id"].is_unique  # every input account
    assert frame["incident"].nunique() == 7
    kalat = frame.set_index("id").loc[["art-qalat", "ds-kalat"]]
    assert kalat["incident"].nunique() == 1
    assert (
        "same place by another name or spelling (Qalat district, Balochistan = Kalat)"
        in kalat["reasons"].iloc[0]
    )


def test_match_explain_says_why_and_what_it_nearly_joined(at_root: Path) -> None:
    result = CliRunner().invoke(main, ["match", *SEED_FILES, "--explain", "ds-kalat"])
    assert result.exit_code == 0, result.output
    assert "Joined:" in result.output and "art-qalat" in result.output
    assert "Near misses" in result.output
    assert "places lie apart (Kalat / Musakhel, Balochistan)" in result.output


@pytest.mark.parametrize(
    ("rows", "account", "said"),
    [
        # no account gives a date, a place or a label: the scope is one incident, and that is why
        ("source,killed\nA,at least 22\nB,23\nC,25\n", "a:2", "all are one incident"),
        ("source,killed\nA,at least 22\nB,23\n", "a:2", "all are one incident"),  # two are a scope
        ("source,killed\nA,at least 22\n", "a:1", "nothing to compare"),  # one is not
        # near misses at one score, by incident number (1: b1 and z9, via z9; 2: c5), not by account
        (
            "id,source,event_date,location,perpetrator,killed\nx,X,2024-08-26,Quetta,BLA,5\n"
            "b1,B,2024-08-26,Gwadar,,5\nz9,Z,2024-08-26,Gwadar,BLA,5\nc5,C,2024-08-26,Turbat,BLA,5\n",
            "x",
            "compatible\n  incident-000002 via c5  score 0.6",
        ),
        # two undated accounts pair with each other elsewhere: not with x
        (
            "id,source,event_date,location\nx,A,2024-08-26,Quetta\nu1,B,,Gwadar\nu2,C,,Gwadar\n",
            "x",
            "nothing",
        ),
        # joined accounts strongest first (b-weak gives another figure), whatever their id order
        (
            "id,source,event_date,location,killed\nx,X,2024-08-26,Quetta,5\n"
            "a-strong,A,2024-08-26,Quetta,5\nb-weak,B,2024-08-26,Quetta,7\n",
            "x",
            "Joined:\n  a-strong  score 0.85: dates overlap; same place (Quetta); death tolls compatible\n"
            "  b-weak  score 0.6",
        ),
        ("id,source,published,location\nx,A,2024-08-26,Quetta\n", "x", "nothing to compare"),
        ("id,source,location\nx,A,Quetta\ny,B,Gwadar\n", "y", "nothing to compare"),  # never paired
        ("id,source,location,killed\nx,A,Quetta,5\ny,B,Quetta,9\n", "y", "via x  score 0.3"),  # undated
    ],
)
def test_match_explain_on_accounts_without_dates(tmp_path: Path, rows: str, account: str, said: str) -> None:
    accounts = write(tmp_path / "a.csv", rows)
    result = CliRunner().invoke(main, ["match", str(accounts), "--explain", account])
    assert result.exit_code == 0, result.output
    assert said in result.output
    assert "Warning" not in result.output and "warning" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"), [(["--explain", "nobody"], "no account has the id"), (["-o", "x.txt"], ".parquet")]
)
def test_match_errors_exit_2(at_root: Path, args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["match", *SEED_FILES, *args])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize("terminal", [False, True])
def test_match_shows_progress_only_on_a_terminal(
    at_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: bool
) -> None:
    monkeypatch.setattr("reconcile.cli.stderr_is_terminal", lambda: terminal)
    result = CliRunner().invoke(main, ["match", *SEED_FILES, "-o", str(tmp_path / "i.csv")])
    assert result.exit_code == 0, result.output
    assert ("matching 22 accounts" in result.stderr) is terminal
    assert result.stderr.splitlines()[-1].endswith("22 accounts in 7 incidents")


def test_match_csv_is_safe_against_formula_injection(tmp_path: Path) -> None:
    accounts = write(
        tmp_path / "a.csv",
        "id,source,source_type,published,event_date,location,killed\n"
        '=1+1,A,media,2024-08-26,2024-08-26,"=HYPERLINK(""http://x.example""), Quetta",5\n'
        "@b,B,media,2024-08-26,2024-08-26,Quetta,5\n",
    )
    result = CliRunner().invoke(main, ["match", str(accounts)])
    assert result.exit_code == 0, result.output
    cells = [cell for line in result.stdout.splitlines()[1:] for cell in line.split(",")]
    assert cells and not any(c.lstrip('"').startswith(("=", "@", "+", "-")) for c in cells)
    assert "'=1+1" in result.stdout and "'@b" in result.stdout


@pytest.mark.parametrize("rows_at_once", [1, 2, 3, 4])
def test_match_csv_is_the_same_whatever_the_batches(tmp_path: Path, rows_at_once: int) -> None:
    """The CSV is written batch by batch; where the batches are cut changes no byte, formula
    escapes included (one batch has a risky cell, the next none)."""
    import io

    from reconcile.match import incident_batches, match, write_csv
    from reconcile.read import load
    from reconcile.values import load_vocabulary, parse_accounts

    accounts = write(
        tmp_path / "a.csv",
        "id,source,source_type,published,event_date,location,killed\n"
        "a1,A,media,2024-08-26,2024-08-26,Quetta,5\n"
        "a2,B,media,2024-08-26,2024-08-26,Quetta,5\n"
        "a3,C,media,2024-08-26,2024-08-26,Gwadar,2\n"
        "=a4,D,media,2024-08-26,2024-08-26,Quetta,6\n"
        "a5,E,media,2024-08-27,,Turbat,\n",
    )
    parsed = parse_accounts(load(accounts), load_vocabulary()).sorted_by_id()
    matching = match(parsed)
    whole, cut = io.BytesIO(), io.BytesIO()
    write_csv(incident_batches(parsed, matching, rows_at_once=5), whole)
    write_csv(incident_batches(parsed, matching, rows_at_once=rows_at_once), cut)
    assert cut.getvalue() == whole.getvalue()
    assert whole.getvalue().count(b"\n") == 6 and b"'=a4" in whole.getvalue()


def test_match_explain_tells_a_link_at_the_threshold_from_one_below_it(tmp_path: Path) -> None:
    # b links to a and to c at 0.5; a and c differ, so c stays apart although its link to b holds
    accounts = tmp_path / "bridge.csv"
    accounts.write_text(
        "id,source,published,event_date,location,killed\n"
        'a,A,2024-08-26,2024-08-26,"Kot, Quetta",4\n'
        "b,B,2024-08-26,,Quetta,4\n"
        'c,C,2024-08-26,2024-08-26,"Hanna, Quetta",4\n',
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["match", str(accounts), "--explain", "c"])
    assert result.exit_code == 0, result.output
    near_miss = next(line for line in result.output.splitlines() if "via b" in line)
    assert (
        "score 0.5, a contender: reaches the threshold, but the two incidents do not join as wholes"
        in near_miss
    )


def test_match_to_stdout_stops_quietly_when_the_reader_does(tmp_path: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import ROOT, generated_accounts

    accounts, _ = generated_accounts(tmp_path, 3000)
    command = [sys.executable, "-m", "reconcile.cli", "match", str(accounts)]  # 0.5 MB of CSV
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    assert process.stdout is not None and process.stderr is not None
    assert process.stdout.readline().startswith(b'"id","incident"')
    process.stdout.close()  # as `| head -1` does
    assert process.wait(timeout=60) == 141  # quietly, with the status a shell gives `cat` there
    assert process.stderr.read() == b""
    process.stderr.close()


@pytest.mark.parametrize(
    ("accounts", "links", "decimals"), [(1, 0, 3), (3, 1, 3), (50, 10, 3), (1000, 5000, 3), (40, 500, 5)]
)
def test_each_accounts_strongest_link_comes_first_as_lexsort_orders_it(
    accounts: int, links: int, decimals: int
) -> None:
    """The one-key sort of (account, -score, other) gives np.lexsort's order, ties included;
    scores it cannot hold to three decimals take lexsort itself."""
    import numpy as np

    from reconcile.match.table import _strongest_first

    rng = np.random.default_rng(accounts)
    row, other = rng.integers(0, accounts, links), rng.integers(0, accounts, links)
    score = np.round(rng.integers(0, 4, links) / 4 + rng.random(links) / 100, decimals)  # many ties
    expected = np.lexsort((other, -score, row))
    assert _strongest_first(row, score, other, accounts).tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (["--debug"], {}),
        ([], {"RECONCILE_DEBUG": "1"}),
    ],
    ids=["flag", "environment"],
)
def test_debug_shows_the_traceback_after_the_friendly_message(
    at_root: Path, monkeypatch: pytest.MonkeyPatch, args: list[str], env: dict[str, str]
) -> None:
    _broken_report(monkeypatch)
    result = CliRunner().invoke(main, [*args, "report", *SEED_FILES], env=env)
    assert result.exit_code == 2
    friendly = result.stderr.index("internal error (RuntimeError: boom)")
    traceback = result.stderr.index("Traceback (most recent call last):")
    assert friendly < traceback
    assert "in broken" in result.stderr
    assert result.stderr.rstrip().endswith("RuntimeError: boom")


@pytest.mark.parametrize("env", [{}, {"RECONCILE_DEBUG": "0"}])
def test_without_debug_the_traceback_stays_hidden(
    at_root: Path, monkeypatch: pytest.MonkeyPatch, env: dict[str, str]
) -> None:
    _broken_report(monkeypatch)
    result = CliRunner().invoke(main, ["report", *SEED_FILES], env=env)
    assert result.exit_code == 2
    assert "internal error (RuntimeError: boom)" in result.stderr
    assert "Traceback" not in result.stderr


def test_debug_shows_where_an_input_error_was_raised(tmp_path: Path) -> None:
    path = write(tmp_path / "a.csv", "id,source,source_type\na,X,goverment\n")
    result = CliRunner().invoke(main, ["--debug", "check", str(path)])
    assert result.exit_code == 2
    assert result.stderr.index("unknown source_type") < result.stderr.index("Traceback")
    assert "reconcile.errors.InputError" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_match_writes_its_table_whole_and_never_onto_an_input(tmp_path: Path, suffix: str) -> None:
    accounts = tmp_path / "accounts.csv"
    accounts.write_bytes(Path(SEED_FILES[0]).read_bytes())
    before = accounts.read_bytes()
    result = CliRunner().invoke(main, ["match", str(accounts), "-o", str(tmp_path / "." / "accounts.csv")])
    assert result.exit_code == 2 and "is one of the inputs" in result.output
    assert accounts.read_bytes() == before
    target = tmp_path / f"incidents{suffix}"
    assert CliRunner().invoke(main, ["match", str(accounts), "-o", str(target)]).exit_code == 0
    assert target.stat().st_size > 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["accounts.csv", target.name]  # nothing partial left


def test_match_writes_json_records_as_read(tmp_path: Path) -> None:
    source = write(
        tmp_path / "a.csv",
        "id,source,event_date,location,killed\né1,A,2024-08-26,Quetta,5\nz2,B,2024-08-26,Quetta,5\n",
    )
    target = tmp_path / "out.json"
    result = CliRunner().invoke(main, ["match", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    record = (
        ' {{\n  "id":"{}",\n  "incident":"incident-000001",\n  "scope":"incident",\n  "linked_to":"{}",\n'
        '  "score":0.85,\n  "reasons":"dates overlap; same place (Quetta); death tolls compatible",\n'
        '  "contenders":""\n }}'
    )
    expected = "[\n" + record.format("z2", "é1") + ",\n" + record.format("é1", "z2") + "\n]\n"
    assert target.read_text("utf-8") == expected  # UTF-8 as written, not \u escapes; one-space indent


def test_match_writes_parquet_with_its_columns_only(tmp_path: Path) -> None:
    import pyarrow.parquet as pq

    source = write(tmp_path / "a.csv", "id,source,event_date,location,killed\nx,A,2024-08-26,Quetta,5\n")
    target = tmp_path / "out.parquet"
    result = CliRunner().invoke(main, ["match", str(source), "-o", str(target)])
    assert result.exit_code == 0, result.output
    # no pandas index column: a reader other than pandas (Arrow, DuckDB, Spark) sees these alone
    assert pq.read_schema(target).names == [
        "id",
        "incident",
        "scope",
        "linked_to",
        "score",
        "reasons",
        "contenders",
    ]
