"""Shared fixtures: the repository root, the seed case, the golden-file switch, a clean environment."""

from __future__ import annotations

import contextlib
import subprocess
import sys
from pathlib import Path

import pytest

import reconcile
from reconcile.model import Report

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = "fixtures/balochistan-2024-08-26"
SEED_FILES = [f"{SEED_DIR}/article.csv", f"{SEED_DIR}/other-outlets.yaml"]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--regen-golden",
        action="store_true",
        help="rewrite golden files (reports/ and tests/golden/) from the current output",
    )


@pytest.fixture(autouse=True)
def no_debug_from_the_shell(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's RECONCILE_DEBUG=1 must not change what the CLI tests see."""
    monkeypatch.delenv("RECONCILE_DEBUG", raising=False)


@pytest.fixture
def regen(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--regen-golden"))


@pytest.fixture(scope="session")
def seed_report() -> Report:
    with contextlib.chdir(ROOT):
        return reconcile.reconcile(SEED_FILES)


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(ROOT)
    return ROOT


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def generated_accounts(folder: Path, count: int, seed: int = 1) -> tuple[Path, Path]:
    """Accounts from bench/gen_accounts.py (deterministic for a seed), and the truth beside them."""
    accounts, truth = folder / "accounts.csv", folder / "truth.csv"
    generator = ROOT / "bench" / "gen_accounts.py"
    command = [sys.executable, str(generator), "-n", str(count), "--seed", str(seed)]
    subprocess.run([*command, "-o", str(accounts), "--truth", str(truth)], check=True, capture_output=True)
    return accounts, truth
