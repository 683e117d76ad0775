"""Outputs are written whole or not at all, never over an input, and an interrupt says so in
its exit status (130 on SIGINT, 143 on SIGTERM), never 1, which means "conflicts found"."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from reconcile import files
from reconcile.cli import main
from tests.conftest import ROOT, SEED_FILES, write

ACCOUNTS = "id,source,location,event_date,killed\na,A,Quetta,2024-08-26,5\nb,B,Quetta,2024-08-26,6\n"
ARTICLE = "Five people were killed in Quetta on Sunday, police said.\n"


@pytest.mark.parametrize("command", ["report", "extract"])
@pytest.mark.parametrize("how", ["same path", "another spelling", "symlink", "hard link", "symlinked dir"])
def test_an_output_that_is_an_input_is_refused(tmp_path: Path, command: str, how: str) -> None:
    name = "accounts.csv"
    source = write(tmp_path / name, ACCOUNTS if command == "report" else ARTICLE)
    before = source.read_bytes()
    if how == "same path":
        output = source
    elif how == "another spelling":
        (tmp_path / "sub").mkdir()
        output = tmp_path / "sub" / ".." / "." / name
    elif how == "symlink":
        output = tmp_path / "link.csv"
        output.symlink_to(source)
    elif how == "hard link":
        output = tmp_path / "hard.csv"
        os.link(source, output)
    else:
        (tmp_path / "alias").symlink_to(tmp_path, target_is_directory=True)
        output = tmp_path / "alias" / name
    result = CliRunner().invoke(main, [command, str(source), "-o", str(output)])
    assert result.exit_code == 2, result.output
    assert "is one of the inputs" in result.output and "write the output elsewhere" in result.output
    assert source.read_bytes() == before


def test_report_refuses_to_write_over_its_aliases_or_fields_file(tmp_path: Path) -> None:
    accounts = write(tmp_path / "a.csv", ACCOUNTS)
    fields = write(tmp_path / "fields.csv", "displaced: count\n")
    result = CliRunner().invoke(main, ["report", str(accounts), "--fields", str(fields), "-o", str(fields)])
    assert result.exit_code == 2 and "is one of the inputs" in result.output
    assert fields.read_text() == "displaced: count\n"


@pytest.mark.parametrize("command", ["report", "extract"])
def test_writing_through_a_symlink_keeps_the_link(tmp_path: Path, command: str) -> None:
    source = write(tmp_path / "in.csv", ACCOUNTS if command == "report" else ARTICLE)
    real = write(tmp_path / "real" / "out.csv", "old\n")
    link = tmp_path / "out.csv"
    link.symlink_to(real)
    result = CliRunner().invoke(main, [command, str(source), "-o", str(link)])
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and real.read_text("utf-8").startswith(("incident,", "id,"))
    assert sorted(p.name for p in real.parent.iterdir()) == ["out.csv"]


@pytest.mark.parametrize(
    ("command", "output"),
    [("report", "r.json"), ("report", "r.html"), ("report", "r.md"), ("report", "r.csv"),
     ("report", "r.jsonld"), ("extract", "a.csv"), ("extract", "a.yaml")],
)  # fmt: skip
@pytest.mark.parametrize("stop", ["SIGINT", "SIGTERM"])
def test_an_interrupted_write_leaves_the_old_file_and_nothing_else(
    at_root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str, output: str, stop: str
) -> None:
    """The worst moment: the new text is written but not yet renamed over the old file."""
    target = write(tmp_path / output, "the old report\n")
    os.chmod(target, 0o640)

    def interrupt(fd: int) -> None:
        if stop == "SIGINT":
            raise KeyboardInterrupt  # what Python makes of SIGINT
        os.kill(os.getpid(), signal.SIGTERM)  # the CLI's handler raises at the next instruction
        time.sleep(5)

    monkeypatch.setattr(files.os, "fsync", interrupt)
    inputs = SEED_FILES if command == "report" else ["bench/extract/seed-article.txt"]
    result = CliRunner().invoke(main, [command, *inputs, "-o", str(target)])
    assert result.exit_code == (130 if stop == "SIGINT" else 143), result.output
    assert ("interrupted" if stop == "SIGINT" else "terminated") in result.stderr
    assert target.read_text("utf-8") == "the old report\n"
    assert [p.name for p in tmp_path.iterdir()] == [output]


def test_a_finished_write_keeps_the_old_files_permissions(at_root: Path, tmp_path: Path) -> None:
    target = write(tmp_path / "r.json", "old\n")
    os.chmod(target, 0o640)
    assert CliRunner().invoke(main, ["report", *SEED_FILES, "-o", str(target)]).exit_code == 0
    assert target.stat().st_mode & 0o777 == 0o640
    fresh = tmp_path / "new" / "r.md"
    assert CliRunner().invoke(main, ["report", *SEED_FILES, "-o", str(fresh)]).exit_code == 0
    umask = os.umask(0)
    os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o666 & ~umask


def test_the_helper_removes_its_temporary_file_on_any_failure(tmp_path: Path) -> None:
    target = write(tmp_path / "out.txt", "old\n")
    with pytest.raises(RuntimeError), files.atomic_writer(target) as file:
        file.write("half of the new")
        raise RuntimeError("disk full")
    assert target.read_text() == "old\n" and [p.name for p in tmp_path.iterdir()] == ["out.txt"]
    files.write_text_atomically(target, "new\r\nlines kept as given\n")
    assert target.read_bytes() == b"new\r\nlines kept as given\n"


@pytest.mark.parametrize(("signum", "status"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_a_signal_exits_130_or_143_and_changes_no_output(tmp_path: Path, signum: int, status: int) -> None:
    """A real process, stopped while it reads: its --aliases file is a FIFO that the test holds
    open without writing, so the signal arrives at a known point, deterministically."""
    accounts = write(tmp_path / "a.csv", ACCOUNTS)
    aliases = tmp_path / "aliases.yaml"
    os.mkfifo(aliases)
    target = write(tmp_path / "r.json", "the old report\n")
    command = [sys.executable, "-m", "reconcile", "report", str(accounts), "--aliases", str(aliases)]
    process = subprocess.Popen([*command, "-o", str(target)], cwd=ROOT, stderr=subprocess.PIPE)
    writer = None
    try:
        deadline = time.monotonic() + 60
        while writer is None:  # opens once the process has opened the FIFO to read it
            try:
                writer = os.open(aliases, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                assert time.monotonic() < deadline and process.poll() is None
                time.sleep(0.02)
        time.sleep(0.2)  # into the read, which blocks: nothing is written to the FIFO
        process.send_signal(signum)
        assert process.wait(timeout=60) == status
    finally:
        if writer is not None:
            os.close(writer)
        process.kill()
        process.wait()
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    assert "Traceback" not in stderr and ("interrupted" in stderr or "terminated" in stderr)
    assert target.read_text("utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "aliases.yaml", "r.json"]
