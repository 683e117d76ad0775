"""`reconcile match --scheduler`: matching on a Dask cluster gives the single process's bytes,
whatever the number of workers, also when a worker dies mid-run; a scheduler that cannot be
used is a clear error, exit 2; and without the option Dask is never imported.

The cluster tests run a local cluster, and a real `dask scheduler` with two `dask worker`
processes on localhost. They skip when Dask is not installed, and fail instead when
RECONCILE_REQUIRE_DASK is set (.ci/run sets it: CI installs the extra).
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from click.testing import CliRunner

from reconcile.cli import main
from tests.conftest import ROOT, SEED_FILES, generated_accounts

HAVE_DASK = importlib.util.find_spec("distributed") is not None
if not HAVE_DASK and os.environ.get("RECONCILE_REQUIRE_DASK"):
    raise RuntimeError("RECONCILE_REQUIRE_DASK is set but Dask is not installed: pip install -e '.[dask]'")
needs_dask = pytest.mark.skipif(not HAVE_DASK, reason="Dask is not installed: pip install -e '.[dask]'")
DASK = [str(Path(sys.executable).parent / "dask")]  # the venv's own `dask` command
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A generated file of 20,000 accounts, and the 5,000-account mixed file (aggregates, labels,
    undated and placeless accounts)."""
    from tests.test_matching import _mixed

    generated, _ = generated_accounts(tmp_path_factory.mktemp("generated"), 20_000, 1)
    return {"generated": generated, "mixed": _mixed(tmp_path_factory.mktemp("mixed"), 5_000, 5)}


@pytest.fixture(scope="module")
def alone(inputs: dict[str, Path]) -> dict[str, tuple[Any, Any]]:
    """Each input parsed, and its matching in this process."""
    from reconcile.match import match
    from reconcile.read import load
    from reconcile.values import load_vocabulary, parse_accounts

    parsed = {
        name: parse_accounts(load([path]), load_vocabulary()).sorted_by_id() for name, path in inputs.items()
    }
    return {name: (table, match(table)) for name, table in parsed.items()}


def _match(*arguments: str | Path) -> bytes:
    """`reconcile match ... -o -` in a process of its own: its standard output."""
    command = [sys.executable, "-m", "reconcile.cli", "match", *map(str, arguments), "-o", "-"]
    done = subprocess.run(command, capture_output=True, env=ENV, timeout=110)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout


# -- no Dask unless asked ---------------------------------------------------------------------


def test_without_the_option_dask_is_never_imported(inputs: dict[str, Path], tmp_path: Path) -> None:
    script = (
        "import sys\n"
        "from reconcile.cli import main\n"
        f"arguments = ['match', {str(inputs['generated'])!r}, '-o', {str(tmp_path / 'x.csv')!r}]\n"
        "main(arguments, standalone_mode=False)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed'))\n"
        "assert not loaded, loaded\n"
        "assert 'reconcile.match.distributed' not in sys.modules\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, env=ENV, timeout=110)
    assert done.returncode == 0, done.stderr.decode()
    assert (tmp_path / "x.csv").stat().st_size > 0


def test_without_dask_installed_the_option_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, inputs: dict[str, Path]
) -> None:
    import reconcile.match

    monkeypatch.setitem(sys.modules, "distributed", None)  # `import distributed` fails
    monkeypatch.delitem(sys.modules, "reconcile.match.distributed", raising=False)
    # and `from reconcile.match import distributed` does not find it bound from an earlier test
    monkeypatch.delattr(reconcile.match, "distributed", raising=False)
    result = CliRunner().invoke(main, ["match", str(inputs["mixed"]), "--scheduler", "local:2"])
    assert result.exit_code == 2
    assert "--scheduler" in result.output and "pip install 'reconcile[dask]'" in result.output
    assert "Traceback" not in result.output


# -- the option read ------------------------------------------------------------------------


@needs_dask
@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("local:1", 1),
        ("local:2", 2),
        ("local:16", 16),
        ("tcp://127.0.0.1:8786", "tcp://127.0.0.1:8786"),
        ("tcp://scheduler.example.org:1", "tcp://scheduler.example.org:1"),
        ("tls://10.0.0.5:65535", "tls://10.0.0.5:65535"),
        ("10.0.0.5:8786", "tcp://10.0.0.5:8786"),  # no scheme: Dask's default, tcp
        ("tcp://[::1]:8786", "tcp://[::1]:8786"),
        (" local:2 ", 2),
    ],
)
def test_a_scheduler_is_an_address_or_local_workers(text: str, read: object) -> None:
    from reconcile.match.distributed import Local, scheduler_address

    assert scheduler_address(text) == (Local(read) if isinstance(read, int) else read)


@needs_dask
@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("local:0", "at least 1"),
        ("local:", "not local:N"),
        ("local:two", "not local:N"),
        ("local", "not local:N"),
        ("tcp://127.0.0.1", "not a scheduler address"),  # no port
        ("tcp://127.0.0.1:0", "not a scheduler address"),
        ("tcp://127.0.0.1:65536", "not a scheduler address"),
        ("http://127.0.0.1:8786", "not a scheduler address"),  # the dashboard's scheme, not the scheduler's
        ("", "not a scheduler address"),
        ("tcp://bad host:8786", "not a scheduler address"),
    ],
)
def test_a_malformed_scheduler_is_an_error_that_names_the_option_and_the_fix(
    inputs: dict[str, Path], text: str, says: str
) -> None:
    result = CliRunner().invoke(main, ["match", str(inputs["mixed"]), "--scheduler", text])
    assert result.exit_code == 2, result.output
    assert "--scheduler" in result.output and says in result.output
    assert "local:2" in result.output or "local:N" in result.output  # the fix
    assert "Traceback" not in result.output


@needs_dask
def test_an_unreachable_scheduler_is_an_error_exit_2(
    monkeypatch: pytest.MonkeyPatch, inputs: dict[str, Path]
) -> None:
    from reconcile.match import distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 1.0)
    free = _free_port()  # nothing listens there
    result = CliRunner().invoke(
        main, ["match", str(inputs["mixed"]), "--scheduler", f"tcp://127.0.0.1:{free}"]
    )
    assert result.exit_code == 2, result.output
    assert f"no Dask scheduler answers at tcp://127.0.0.1:{free}" in result.output
    assert "dask scheduler" in result.output and "--scheduler" in result.output
    assert "Traceback" not in result.output


def _versions(scheduler: dict[str, str | None], *workers: dict[str, str | None]) -> dict[str, Any]:
    here = {"reconcile": "0.1.0", "dask": "2026.8.0", "distributed": "2026.8.0", "numpy": "2.4.6"}
    here |= {"pandas": "3.1.1", "pyarrow": "20.0.0", "scipy": "1.16.0", "rapidfuzz": "3.14.0"}
    return {
        "client": {"packages": here},
        "scheduler": {"packages": here | scheduler},
        "workers": {f"tcp://w{k}:1": {"packages": here | w} for k, w in enumerate(workers)},
    }


@needs_dask
@pytest.mark.parametrize(
    ("versions", "wrong"),
    [
        (_versions({}, {}, {}), []),
        (_versions({"numpy": "1.26.0"}, {}), []),  # the scheduler runs no matching: its numpy does not count
        (_versions({"reconcile": "0.2.0"}, {}), ["reconcile 0.2.0 on the scheduler (0.1.0 here)"]),
        (_versions({}, {}, {"numpy": "1.26.0"}), ["numpy 1.26.0 on worker tcp://w1:1 (2.4.6 here)"]),
        (_versions({}, {"reconcile": None}), ["reconcile missing on worker tcp://w0:1 (0.1.0 here)"]),
        (
            _versions({"dask": "2025.1.0"}, {"distributed": "2025.1.0"}),
            [
                "dask 2025.1.0 on the scheduler (2026.8.0 here)",
                "distributed 2025.1.0 on worker tcp://w0:1 (2026.8.0 here)",
            ],
        ),
    ],
)
def test_the_cluster_must_run_the_versions_this_process_runs(
    versions: dict[str, Any], wrong: list[str]
) -> None:
    from reconcile.match.distributed import mismatched

    assert mismatched(versions) == wrong


@needs_dask
def test_a_scheduler_without_workers_is_an_error_that_says_to_start_them(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from reconcile.match import distributed

    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", 1.0)
    with _cluster(tmp_path, 0) as address:
        result = CliRunner().invoke(
            main, ["match", *(str(ROOT / f) for f in SEED_FILES), "--scheduler", address]
        )
    assert result.exit_code == 2, result.output
    assert f"has no worker (within 1 s): start them with `dask worker {address}`" in result.output
    assert "--scheduler" in result.output and "Traceback" not in result.output


# -- the same answer ------------------------------------------------------------------------


@needs_dask
def test_pieces_in_parts_are_never_cut_and_keep_their_order() -> None:
    from reconcile.match.distributed import in_parts

    pieces = [[0, 1, 2], [3, 4], [5], [6, 7, 8, 9], [10, 11]]  # 3, 1, 0, 6, 1 pairs
    assert in_parts(pieces, 4) == [[[0, 1, 2], [3, 4]], [[5], [6, 7, 8, 9]], [[10, 11]]]
    assert in_parts(pieces, 1) == [[p] for p in pieces[:2]] + [[[5], [6, 7, 8, 9]], [[10, 11]]]
    assert in_parts([], 4) == []


@needs_dask
@pytest.mark.parametrize("workers", [1, 3])
@pytest.mark.parametrize("name", ["generated", "mixed"])
def test_the_matching_on_a_local_cluster_is_the_single_process_matching(
    monkeypatch: pytest.MonkeyPatch, alone: dict[str, tuple[Any, Any]], name: str, workers: int
) -> None:
    """Groups, ids, links and reasons, and aggregates' covers, equal; the pieces sent in parts of
    few pairs, so that clustering is cut across many tasks."""
    from distributed import Client, LocalCluster

    from reconcile.match import distributed, match

    monkeypatch.setattr(distributed, "PAIRS_PER_TASK", 200)
    parsed, here = alone[name]
    cluster = LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster) as client:
        steps: list[tuple[int, int]] = []
        spread = match(parsed, progress=lambda *step: steps.append(step), runner=distributed.OnDask(client))
    assert spread.groups == here.groups and spread.ids == here.ids and spread.covers == here.covers
    assert spread.joins.equals(here.joins)
    assert steps[-1][0] == steps[-1][1] and [done for done, _ in steps] == sorted(done for done, _ in steps)


def _blind(tmp_path: Path) -> Any:
    """Accounts of which the aggregates give no date, place or label: their links are said alike."""
    from reconcile.read import load
    from reconcile.values import load_vocabulary, parse_accounts
    from tests.test_matching import HEADER

    rows = (
        "d,A,media,2024-08-26,2024-08-26,Quetta,,5,,,\n"
        "e,E,media,2024-08-26,2024-08-26,Quetta,,5,,,\n"
        "c,B,media,,,,,50,,aggregate,\n"
        "a,C,media,,,,,55,,aggregate,\n"
        "b,D,media,,,,,60,,aggregate,\n"
    )
    (tmp_path / "blind.csv").write_text(HEADER + rows)
    return parse_accounts(load([tmp_path / "blind.csv"]), load_vocabulary()).sorted_by_id()


def _table(parsed: Any, matching: Any, rows_at_once: int) -> Any:
    import pyarrow as pa

    from reconcile.match import incident_batches

    return pa.Table.from_batches(list(incident_batches(parsed, matching, rows_at_once)))


@pytest.mark.parametrize("name", ["generated", "mixed", "blind"])
def test_reasons_worded_later_a_batch_at_a_time_are_the_same_table(
    alone: dict[str, tuple[Any, Any]], tmp_path: Path, name: str
) -> None:
    """`match(word_later=True)` leaves the reasons unsaid until the table asks for them, a batch
    of accounts at a time: the same batches, types and all (batches of 1000 rows, 2 for the
    blind file), in this process's threads."""
    from reconcile.match import match

    parsed, here = alone[name] if name != "blind" else (table := _blind(tmp_path), match(table))
    later = match(parsed, word_later=True)
    assert later.word is not None and "reason_grouping" not in later.joins
    at_once = 1000 if name != "blind" else 2
    assert _table(parsed, later, at_once).equals(_table(parsed, here, at_once), check_metadata=True)


CONVERTED = (("ged-23.1.csv", "ucdp-ged"), ("acled-2023.csv", "acled"), ("acled-v5.csv", "acled"))


def _converted(tmp_path: Path) -> list[Path]:
    """Real GED and ACLED records: the fixtures in fixtures/datasets, converted to accounts."""
    from reconcile.convert import accounts_csv, convert

    files = []
    for name, codebook in CONVERTED:
        files.append(tmp_path / name)
        files[-1].write_text(accounts_csv(convert(ROOT / "fixtures" / "datasets" / name, codebook)), "utf-8")
    return files


def _datasets(tmp_path: Path) -> Any:
    """Real GED and ACLED records (converted fixtures), and a record of five days that joins one
    record of another dataset and covers another's incident (`incidents.covered_by_records`)."""
    from reconcile.read import load
    from reconcile.values import load_vocabulary, parse_accounts
    from tests.test_datasets import acled, ged, records

    spanning = records(
        tmp_path, ged("1", "2013-06-08", 3), ged("2", "2013-06-10", 4), acled("9", "2013-06-08/2013-06-12")
    )
    return parse_accounts(load([spanning, *_converted(tmp_path)]), load_vocabulary()).sorted_by_id()


@pytest.mark.parametrize("name", ["generated", "mixed", "blind", "datasets"])
def test_what_a_cluster_keeps_here_of_the_features_is_what_the_reduce_reads(
    alone: dict[str, tuple[Any, Any]], tmp_path: Path, name: str
) -> None:
    """On a cluster, this process keeps of the features only what its own stages read
    (`features.reduced`: the partitions of days, the reduce, the links, the ids, the covering),
    the maps reading them whole where they run: the same table as matching with them whole.
    Here the maps run in threads on the whole features, the rest on what a cluster keeps."""
    from reconcile.match import match
    from reconcile.match.features import Features, Windows, reduced
    from reconcile.match.incidents import Threads

    class KeepingWhatTheReduceReads(Threads):
        whole: Features

        def kept(self, f: Features) -> Features:
            self.whole = f
            return reduced(f)

        def global_links(self, f: Features) -> Any:
            return super().global_links(self.whole)

        def window_links(self, f: Features, windows: list[np.ndarray]) -> Any:
            return super().window_links(self.whole, windows)

        def clustered(self, f: Features, pieces: list[list[int]]) -> Any:
            return super().clustered(self.whole, pieces)

        def wording(self, f: Features) -> Any:
            return super().wording(self.whole)

    windows = Windows(days=5, km=50) if name == "datasets" else None
    if name in alone:
        parsed, here = alone[name]
    else:
        parsed = _blind(tmp_path) if name == "blind" else _datasets(tmp_path)
        here = match(parsed, windows=windows)
    runner = KeepingWhatTheReduceReads()
    later = match(parsed, runner=runner, word_later=True, windows=windows)
    assert len(runner.whole.tolls.lo) == len(parsed.table)  # the maps read them whole
    at_once = 1000 if name != "blind" else 2
    assert _table(parsed, later, at_once).equals(_table(parsed, here, at_once), check_metadata=True)
    if name == "datasets":
        assert any(later.covers) and later.covers == here.covers


def test_what_a_cluster_keeps_here_leaves_out_what_only_the_maps_read(
    alone: dict[str, tuple[Any, Any]],
) -> None:
    """`features.reduced` empties what only scoring and wording read (tolls, event types, the
    places as written and shown, the perpetrators as written) and keeps the rest as it is."""
    from reconcile.match import features
    from reconcile.match.features import reduced

    parsed, _ = alone["mixed"]
    whole = features(parsed)
    lean = reduced(whole)
    emptied = [
        lean.tolls.lo,
        lean.events.code,
        lean.places.written,
        lean.places.town,
        lean.perpetrators.folded,
    ]
    assert [len(a) for a in emptied] == [0] * len(emptied)
    assert lean.places.uid is whole.places.uid and lean.dates is whole.dates and lean.victims is whole.victims
    assert lean.perpetrators.code is whole.perpetrators.code and lean.places.members is whole.places.members


@needs_dask
@pytest.mark.parametrize("name", ["mixed", "blind"])
def test_reasons_worded_on_the_workers_are_the_same_table(
    monkeypatch: pytest.MonkeyPatch, alone: dict[str, tuple[Any, Any]], tmp_path: Path, name: str
) -> None:
    """The reasons worded on a local cluster's workers, one slice ahead of the batch written,
    from the features shipped there (this process lets go of its own): the same table."""
    from distributed import Client, LocalCluster

    from reconcile.match import distributed, match

    monkeypatch.setattr(distributed, "WORDED_AHEAD", 1)
    parsed, here = alone[name] if name != "blind" else (table := _blind(tmp_path), match(table))
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster) as client:
        runner = distributed.OnDask(client)
        later = match(parsed, runner=runner, word_later=True)
        at_once = 1000 if name != "blind" else 2
        assert _table(parsed, later, at_once).equals(_table(parsed, here, at_once), check_metadata=True)
        assert runner._features is not None and runner._features[0]() is None  # let go of here


@needs_dask
def test_values_parsed_as_a_map_on_the_workers_are_the_values_parsed_here(
    monkeypatch: pytest.MonkeyPatch, inputs: dict[str, Path], alone: dict[str, tuple[Any, Any]]
) -> None:
    """Each column's distinct cells parsed in slices on a local cluster's workers (slices of 300
    cells: several per column; relative dates read against their publication days; places in
    lists): the same Values, in the same order, as parsed here."""
    from distributed import Client, LocalCluster

    from reconcile.match import distributed
    from reconcile.read import load
    from reconcile.values import load_vocabulary, parse_accounts

    monkeypatch.setattr(distributed, "PARSED_PER_TASK", 300)
    parsed, _ = alone["mixed"]
    cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
    with cluster, Client(cluster) as client:
        runner = distributed.OnDask(client)
        spread = parse_accounts(load([inputs["mixed"]]), load_vocabulary(), None, runner.parse_distinct)
    spread = spread.sorted_by_id()
    assert spread.kinds == parsed.kinds and list(spread.values) == list(parsed.values)
    for column, here in parsed.values.items():
        there = spread.values[column]
        assert len(there.uniques) > 300 or column != "location"
        assert there.codes.tolist() == here.codes.tolist() and there.uniques == here.uniques, column


@needs_dask
def test_match_on_local_workers_writes_the_single_process_bytes(inputs: dict[str, Path]) -> None:
    alone = _match(inputs["generated"])
    assert _match(inputs["generated"], "--scheduler", "local:2") == alone


@needs_dask
def test_event_datasets_with_windows_on_local_workers_are_the_single_process_bytes(tmp_path: Path) -> None:
    """Real GED and ACLED records (converted), their precision and estimate columns read on the
    workers, with windows: the same bytes."""
    files = _converted(tmp_path)
    options = ("--within-days", "5", "--within-km", "50")
    alone = _match(*files, *options)
    assert b"contenders" in alone.splitlines()[0]
    assert _match(*files, *options, "--scheduler", "local:2") == alone


@needs_dask
@pytest.mark.parametrize("terminal", [False, True])
def test_on_a_cluster_progress_shows_on_a_terminal_as_on_one_machine(
    at_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, terminal: bool
) -> None:
    monkeypatch.setattr("reconcile.cli.stderr_is_terminal", lambda: terminal)
    out = tmp_path / "i.csv"
    result = CliRunner().invoke(
        main, ["match", *map(str, SEED_FILES), "--scheduler", "local:1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert ("matching on 1 Dask worker (tcp://127.0.0.1:" in result.stderr) is terminal
    assert ("matching 22 accounts" in result.stderr) is terminal
    assert result.stderr.splitlines()[-1].endswith("22 accounts in 7 incidents")


# -- a real scheduler and workers, as separate processes ------------------------------------


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`dask scheduler` and two `dask worker` processes on localhost (each worker under its
    nanny, which starts it again if it dies); the scheduler's address. Stopped after the tests."""
    with _cluster(tmp_path_factory.mktemp("cluster"), 2) as address:
        yield address


@contextlib.contextmanager
def _cluster(folder: Path, workers: int, scheduler_env: dict[str, str] = ENV) -> Iterator[str]:
    """`dask scheduler` and `workers` `dask worker` processes on localhost: the address."""
    address_file = folder / "scheduler.json"

    def start(env: dict[str, str], *arguments: str) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [*DASK, *arguments, "--host", "127.0.0.1", "--no-dashboard"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            env=env,
            cwd=folder,
        )

    started = [start(scheduler_env, "scheduler", "--port", "0", "--scheduler-file", str(address_file))]
    try:
        address = json.loads(_eventually(lambda: address_file.read_text("utf-8") or None))["address"]
        started += [start(ENV, "worker", address, "--nthreads", "1") for _ in range(workers)]
        _workers(address, workers)
        yield address
    finally:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


@needs_dask
@pytest.mark.parametrize("name", ["generated", "mixed"])
def test_match_on_a_scheduler_and_two_worker_processes_writes_the_single_process_bytes(
    scheduler: str, inputs: dict[str, Path], name: str
) -> None:
    assert scheduler.startswith("tcp://127.0.0.1:")
    assert _match(inputs[name], "--scheduler", scheduler) == _match(inputs[name])


@needs_dask
def test_a_worker_killed_mid_run_is_survived_with_the_same_answer(
    scheduler: str, alone: dict[str, tuple[Any, Any]]
) -> None:
    """The first window's links are in; a worker holding windows not yet gathered is killed
    (SIGKILL): the scheduler runs what it held again, on the other worker and on the one its
    nanny starts again, and the incidents, links and reasons are those of the single process."""
    from distributed import Client

    from reconcile.match import distributed, match

    parsed, here = alone["generated"]
    killed: list[int] = []

    class KillingAfterTheFirstWindow(distributed.OnDask):
        def window_links(self, f: Any, windows: list[np.ndarray]) -> Iterator[Any]:
            for number, links in enumerate(super().window_links(f, windows)):
                if number == 0:
                    killed.append(_kill_a_worker_holding_windows(self.client))
                yield links

    with Client(scheduler) as client:
        spread = match(parsed, runner=KillingAfterTheFirstWindow(client))
    assert killed
    assert spread.groups == here.groups and spread.ids == here.ids and spread.covers == here.covers
    assert spread.joins.equals(here.joins)
    _workers(scheduler, 2)  # the nanny started it again: the next test has its two workers


@needs_dask
def test_a_cluster_that_cannot_read_the_tasks_is_an_error_that_says_to_install_reconcile(
    tmp_path: Path,
) -> None:
    """A scheduler that imports another reconcile (here a stub without the matcher) cannot read
    the tasks: exit 2, saying to install the same reconcile on the cluster."""
    stub = tmp_path / "stub" / "reconcile"
    (stub / "match").mkdir(parents=True)
    (stub / "__init__.py").write_text('"""Not the real one."""\n')
    (stub / "match" / "__init__.py").write_text('"""Not the real one."""\n')
    elsewhere = {**ENV, "PYTHONPATH": str(stub.parent)}
    with _cluster(tmp_path, 1, scheduler_env=elsewhere) as address:
        seed = [str(ROOT / name) for name in SEED_FILES]
        command = [sys.executable, "-m", "reconcile.cli", "match", *seed, "--scheduler", address]
        done = subprocess.run(command, capture_output=True, env=ENV, timeout=110)
    stderr = done.stderr.decode()
    assert done.returncode == 2, stderr
    assert "--scheduler" in stderr and "install the same reconcile[dask]" in stderr
    assert "Traceback" not in stderr


@needs_dask
def test_a_scheduler_gone_mid_run_is_an_error_that_says_so(
    tmp_path: Path, alone: dict[str, tuple[Any, Any]]
) -> None:
    """The first window's links are in; the scheduler is killed (SIGKILL): SchedulerError (the
    command exits 2 with it), not a hang or a traceback."""
    from distributed import Client

    from reconcile.match import distributed, match

    parsed, _ = alone["generated"]

    class KillingTheScheduler(distributed.OnDask):
        def window_links(self, f: Any, windows: list[np.ndarray]) -> Iterator[Any]:
            for number, links in enumerate(super().window_links(f, windows)):
                if number == 0:
                    os.kill(int(self.client.run_on_scheduler(os.getpid)), signal.SIGKILL)
                yield links

    failed = pytest.raises(distributed.SchedulerError, match="the Dask cluster failed during the run")
    with _cluster(tmp_path, 1) as address, Client(address) as client, failed:
        match(parsed, runner=KillingTheScheduler(client))


def _kill_a_worker_holding_windows(client: Any) -> int:
    """SIGKILL the worker process holding or running the most windows not yet gathered; its pid."""
    held: dict[str, int] = {}
    for key, where in client.who_has().items():
        for worker in where if "window_links" in str(key) else ():
            held[worker] = held.get(worker, 0) + 1
    for worker, keys in client.processing().items():
        held[worker] = held.get(worker, 0) + sum("window_links" in str(key) for key in keys)
    held = {worker: count for worker, count in held.items() if count}
    assert held, "every window was gathered before the kill: the file is too small for this test"
    victim = max(sorted(held), key=held.__getitem__)
    pid = int(client.run(os.getpid, workers=[victim])[victim])
    os.kill(pid, signal.SIGKILL)
    return pid


def _workers(address: str, count: int) -> None:
    from distributed import Client

    with Client(address, timeout=30) as client:
        if count:
            client.wait_for_workers(count, timeout=60)


def _eventually(read: Any, seconds: float = 30) -> Any:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            found = read()
        except (OSError, ValueError):
            found = None
        if found:
            return found
        time.sleep(0.1)
    raise TimeoutError("the Dask scheduler did not start")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
