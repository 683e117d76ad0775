"""The package as users install it: a wheel holds every file the package reads at run time, and
no --help, error message or page it prints names a file the wheel does not hold.

.ci/run installs the wheel into a virtual environment of its own and runs the README's commands."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import zipfile
from pathlib import Path

from click.testing import CliRunner

from reconcile.cli import main
from tests.conftest import ROOT


def test_the_wheel_holds_every_file_of_the_package(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)]
    subprocess.run(command, check=True, capture_output=True)
    (wheel,) = tmp_path.glob("reconcile-*.whl")
    inside = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "reconcile"
    wanted = {
        path.relative_to(ROOT).as_posix()
        for path in package.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts
    }
    assert wanted - inside == set()
    assert "reconcile/report/templates/_partials/filters.js" in inside


# A file named in words the user reads: a path with a folder in it and a file's extension.
NAMED_FILE = re.compile(r"(?<![\w:/.-])((?:[\w.-]+/)+[\w.*-]+\.(?:md|ya?ml|py|json|j2|js|csv|txt))\b")


def _help_texts() -> dict[str, str]:
    runner = CliRunner()
    texts = {"reconcile --help": runner.invoke(main, ["--help"]).output}
    for name in sorted(main.commands):
        texts[f"reconcile {name} --help"] = runner.invoke(main, [name, "--help"]).output
    return texts


def _message_strings() -> list[tuple[str, str]]:
    """Every string constant of the package's code but its docstrings (those are for us): the
    error messages, fixes, help texts and notes a user may read."""
    found = []
    for path in sorted((ROOT / "reconcile").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                found.append((path.relative_to(ROOT).as_posix(), node.value))
    return found


def test_the_help_names_no_file_an_installed_package_lacks() -> None:
    texts = _help_texts()
    assert "reconcile docs --help" in texts
    named = {(where, path) for where, text in texts.items() for path in NAMED_FILE.findall(text)}
    assert named == set(), "--help names files a user of the wheel does not have"
    assert "reconcile docs aliases" in " ".join(texts["reconcile report --help"].split())
    assert "reconcile docs evidence" in " ".join(texts["reconcile match --help"].split())


def test_messages_name_only_files_of_the_package() -> None:
    """A file an error message or a note names is one the wheel holds (every file under
    reconcile/ is, by the test above): never the repository's docs/ or fixtures/."""
    named = {(where, path) for where, text in _message_strings() for path in NAMED_FILE.findall(text)}
    outside = {
        (where, path)
        for where, path in named
        if not (ROOT / path).is_file() or not path.startswith("reconcile/")
    }
    assert outside == set(), "a message names a file a user of the wheel does not have"


def test_docs_prints_the_pages_the_help_points_to() -> None:
    runner = CliRunner()
    aliases = runner.invoke(main, ["docs", "aliases"])
    assert aliases.exit_code == 0
    assert aliases.output == (ROOT / "reconcile" / "docs" / "aliases.md").read_text(encoding="utf-8")
    assert "--fields" in aliases.output and "within:" in aliases.output
    assert runner.invoke(main, ["docs", "nothing"]).exit_code == 2
    for path in NAMED_FILE.findall(aliases.output):
        assert path.startswith("reconcile/") and (ROOT / path).is_file(), path


def test_a_named_file_is_seen() -> None:
    found = NAMED_FILE.findall(
        "see docs/aliases.md. reconcile report fixtures/case-1/*.csv -o x.html, and/or 25/26"
    )
    assert found == ["docs/aliases.md", "fixtures/case-1/*.csv"]
