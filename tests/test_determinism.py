"""The same input gives the same bytes, whatever the hash seed or the locale of the process.

Python salts the hashes of strings per process (PYTHONHASHSEED), so a set of strings iterates in
a different order in each run: any sort of one by a key that ties ("Dawn", "DAWN" and "dawn"
fold alike) leaks that order into the output. The input below is built to tie everywhere it can.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, write

TIES = """\
id,source,source_type,via,published,location,event_date,event_type,perpetrator,killed,victims,incident
t1,Dawn,media,AFP,2024-08-26,Quetta,2024-08-26,Blast,BLA,5,civilians,
t2,DAWN,media,afp,2024-08-26,QUETTA,2024-08-26,blast,bla,6,Civilians,
t3,dawn,media,Afp,2024-08-26,quetta,2024-08-26,BLAST,Bla,7,CIVILIANS,
t4,Dawn ,media,AFP,2024-08-26,Quetta,2024-08-26,Blast,BLA,at least 5,soldiers,
t5,Geo,media,,2024-08-26,Gwadar,2024-08-26,Shooting,,3,,x
t6,GEO,media,,2024-08-26,Gwadar,2024-08-26,shooting,,4,,X
t7,geo,media,,2024-08-27,Gwadar,2024-08-26,SHOOTING,,4,,X
t8,Ministry,government,,2024-08-26,Balochistan,2024-08-26,,,12,,
t9,ministry,government,,2024-08-26,balochistan,2024-08-26,,,13,,
"""
SEEDS = ("0", "1", "2", "3", "12345")


def _locales() -> list[str]:
    found = subprocess.run(["locale", "-a"], capture_output=True, text=True, check=False).stdout.split()
    return ["C", *[name for name in ("C.UTF-8", "C.utf8") if name in found][:1]]


# one process per seed and locale writes every format through the CLI (a process per format
# would spend most of the test starting Python)
WRITE_ALL = """
import sys
from reconcile.cli import main
accounts, folder = sys.argv[1], sys.argv[2]
for suffix in ("json", "html", "md", "csv", "jsonld"):
    try:
        main(["report", accounts, "-o", f"{folder}/report.{suffix}"])
    except SystemExit as stop:
        assert stop.code in (0, None), stop.code
"""


def _run(accounts: Path, folder: Path, seed: str, locale: str) -> dict[str, bytes]:
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LC_", "LANG", "PYTHON"))}
    env |= {"PYTHONHASHSEED": seed, "LC_ALL": locale, "LANG": locale}
    command = [sys.executable, "-c", WRITE_ALL, str(accounts), str(folder)]
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr.decode()
    return {path.suffix: path.read_bytes() for path in sorted(folder.iterdir())}


def test_reports_are_byte_identical_across_hash_seeds_and_locales(tmp_path: Path) -> None:
    accounts = write(tmp_path / "ties.csv", TIES)
    runs = {(seed, "C"): _run(accounts, tmp_path / f"{seed}-C", seed, "C") for seed in SEEDS}
    for locale in _locales()[1:]:
        runs[(SEEDS[0], locale)] = _run(accounts, tmp_path / f"0-{locale}", SEEDS[0], locale)
    first = runs[(SEEDS[0], "C")]
    assert len(first) == 5 and all(b"t9" in first[s] for s in (".json", ".html", ".md", ".csv"))
    assert b"ClaimReview" in first[".jsonld"]  # the input has conflicts to review
    differing = sorted(
        (suffix, key) for key, outputs in runs.items() for suffix in first if outputs[suffix] != first[suffix]
    )
    assert not differing, f"outputs differ under (PYTHONHASHSEED, LC_ALL) = {differing}"
