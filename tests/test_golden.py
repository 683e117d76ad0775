"""reports/ holds the seed case's reports; they must be what the code makes now.

Regenerate deliberately with `pytest --regen-golden`; a missing golden file fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import reconcile
from reconcile.model import Report
from reconcile.report import SUFFIXES
from tests.conftest import ROOT

GOLDEN = {fmt: ROOT / "reports" / f"balochistan-2024-08-26{SUFFIXES[fmt]}" for fmt in reconcile.FORMATS}


@pytest.mark.parametrize("fmt", reconcile.FORMATS)
def test_seed_report_matches_its_golden_file(seed_report: Report, regen: bool, fmt: str) -> None:
    text = reconcile.render(seed_report, fmt)
    path: Path = GOLDEN[fmt]
    if regen:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; create it with `pytest --regen-golden` and review it"
    assert text == path.read_text(encoding="utf-8"), (
        f"{path.relative_to(ROOT)} drifted from the output; review the change, then `pytest --regen-golden`"
    )


@pytest.mark.parametrize("fmt", reconcile.FORMATS)
def test_rendering_is_deterministic(fmt: str) -> None:
    import contextlib

    from tests.conftest import SEED_FILES

    with contextlib.chdir(ROOT):
        first = reconcile.render(reconcile.reconcile(SEED_FILES), fmt)
        second = reconcile.render(reconcile.reconcile(SEED_FILES), fmt)
    assert first == second
