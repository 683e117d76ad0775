"""The per-account incidents table: one row per account (id, incident, scope, the account it is
most strongly linked to, the score, the reasons in words), as Arrow record batches, as a pandas
DataFrame, written as CSV batch by batch or as a directory of Parquet files, one per batch; and
`match_accounts`, the matcher for pandas users.
"""

from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as arrow_csv
import pyarrow.parquet as pq

from reconcile.cells import FORMULA_STARTS
from reconcile.files import atomic_writer
from reconcile.match.explain import score_text
from reconcile.match.features import Windows
from reconcile.match.incidents import Matching, match
from reconcile.match.links import reasons_text, thousandths
from reconcile.read import load
from reconcile.schema import Kind
from reconcile.values import ParsedAccounts, Vocabulary, load_vocabulary, parse_accounts
from reconcile.values.taxonomy import load_taxonomy

ROWS_AT_ONCE = 100_000  # accounts per batch of the per-account table: their reasons texts stay small
COLUMNS = ("id", "incident", "scope", "linked_to", "score", "reasons", "contenders")


def match_accounts(
    accounts: pd.DataFrame | Sequence[str | Path] | str | Path,
    *,
    vocabulary: Vocabulary | None = None,
    kinds: Mapping[str, Kind] | None = None,
    explain: bool = True,
    within_days: int | None = None,
    within_km: float | None = None,
    taxonomy: str | Path | None = None,
) -> pd.DataFrame:
    """Group accounts (a table from `reconcile.load`, or paths to read) into incidents: one row
    per account, in id order, with its incident (`incident-000001`...), its scope, the account it
    is most strongly linked to, the score and the reasons in words, and its contenders (accounts
    of other incidents it was linked to at the threshold, strongest first). `explain=False`
    leaves the links out (faster on millions of rows). `within_days` and `within_km` set the
    windows (`Windows`: by default 2 days, and 25 km between event datasets' records); `taxonomy`
    names a YAML file of event types over the built-in taxonomy (values/taxonomy.py)."""
    table = load(accounts)  # a DataFrame too, read by reconcile.read.from_frame
    parsed = parse_accounts(table, vocabulary or load_vocabulary(), kinds).sorted_by_id()
    matching = match(
        parsed, explain=explain, windows=windows(within_days, within_km), taxonomy=load_taxonomy(taxonomy)
    )
    return incidents_table(parsed, matching)


def windows(days: int | None, km: float | None) -> Windows:
    """The windows given, the defaults for those not given."""
    default = Windows()
    return Windows(default.days if days is None else days, default.km if km is None else km)


def write_incidents(parsed: ParsedAccounts, matching: Matching, path: Path, parts: bool = False) -> None:
    """The per-account table written to a .csv, .parquet or .json file, whole or not at all
    (reconcile.files.atomic_writer: a temporary file beside it, renamed over it); with `parts`,
    to a directory of Parquet files (`write_parts`)."""
    if parts:
        write_parts(incident_batches(parsed, matching), path)
        return
    with atomic_writer(path, binary=True) as sink:
        if path.suffix == ".parquet":
            incidents_table(parsed, matching).to_parquet(sink, index=False)
        elif path.suffix == ".json":
            frame = incidents_table(parsed, matching)
            sink.write((frame.to_json(orient="records", force_ascii=False, indent=1) + "\n").encode("utf-8"))
        else:
            write_csv(incident_batches(parsed, matching), sink)


PART_NAME = "part-{:05d}.parquet"  # the files of a directory of parts, in the table's order by name


def write_parts(batches: Iterable[pa.RecordBatch], folder: Path) -> None:
    """The table as a directory of Parquet files, one per batch (`part-00000.parquet`, ...: read
    in order of their names, they are the table in its order; `pandas.read_parquet(folder)` reads
    them as one), written batch by batch, never held whole. The directory is written whole or not
    at all: its files go to a temporary directory beside it, renamed to it at the end (it must not
    exist, or be empty)."""
    folder = Path(os.path.realpath(folder))
    folder.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{folder.name}.", suffix=".partial"))
    try:
        for number, batch in enumerate(batches):
            pq.write_table(pa.Table.from_batches([batch]), temporary / PART_NAME.format(number))
        os.chmod(temporary, 0o777 & ~_umask())
        if folder.is_dir():
            folder.rmdir()  # empty, or it says why not
        os.replace(temporary, folder)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def incidents_table(parsed: ParsedAccounts, matching: Matching) -> pd.DataFrame:
    """One row per account, in the table's order: its incident, and the strongest link that joined
    it (ties to the lowest other row), with its reasons: `incident_batches`, as one DataFrame
    whose text columns are Arrow strings."""

    table = pa.Table.from_batches(list(incident_batches(parsed, matching)))
    return pd.DataFrame(
        {
            name: pd.Series(column.to_numpy())
            if name == "score"
            else pd.Series(column.combine_chunks(), dtype="str")
            for name, column in zip(table.column_names, table.columns, strict=True)
        }
    )


def incident_batches(
    parsed: ParsedAccounts, matching: Matching, rows_at_once: int = ROWS_AT_ONCE
) -> Iterator[pa.RecordBatch]:
    """The per-account table as Arrow record batches of `rows_at_once` rows (id, incident, scope,
    linked_to, score, reasons), built by Arrow's kernels: a million rows' texts never pass
    through Python one by one, and only a batch of reasons is written out at a time. Where
    matching left the reasons unsaid (`Matching.word`), each batch's are worded as it comes."""

    n = len(parsed.table)
    sizes = np.fromiter(map(len, matching.groups), dtype=np.int64, count=len(matching.groups))
    members = np.fromiter(itertools.chain.from_iterable(matching.groups), dtype=np.int64, count=n)
    incident = np.zeros(n, dtype=np.int64)
    incident[members] = np.repeat(np.arange(len(sizes)), sizes)
    incident_ids = pa.array(matching.ids, pa.string())
    scope = np.zeros(n, dtype=np.int8)
    scope[members] = np.repeat(np.asarray(matching.scopes) == "aggregate", sizes)
    joins = matching.joins
    row = np.concatenate([joins["row_a"].to_numpy(), joins["row_b"].to_numpy()])
    other = np.concatenate([joins["row_b"].to_numpy(), joins["row_a"].to_numpy()])
    score = np.concatenate([joins["score"].to_numpy(), joins["score"].to_numpy()])
    link = np.concatenate([np.arange(len(joins)), np.arange(len(joins))])
    order = _strongest_first(row, score, other, n)
    first = order[np.concatenate([[True], row[order][1:] != row[order][:-1]])] if len(order) else order
    linked = np.zeros(n, dtype=bool)
    other_of, link_of, best_score = (
        np.zeros(n, dtype=np.int64),
        np.zeros(n, dtype=np.int64),
        np.full(n, np.nan),
    )
    at = row[first]
    linked[at], other_of[at], link_of[at], best_score[at] = True, other[first], link[first], score[first]
    ids = parsed.ids
    contenders = _contender_texts(ids, matching.contenders, n, rows_at_once)
    batches = range(0, max(n, 1), rows_at_once)  # an empty table still has its one batch
    word = matching.word if len(joins) else None
    reasons = reasons_text(joins) if len(joins) and word is None else None
    if word is not None:  # each batch's links worded as it comes (Matching.word): never all at once
        needed = [
            np.unique(
                link_of[start : start + rows_at_once][linked[start : start + rows_at_once]],
                return_inverse=True,
            )
            for start in batches
        ]
        found_a, found_b = joins["found_a"].to_numpy(), joins["found_b"].to_numpy()
        said = word((found_a[links], found_b[links]) for links, _ in needed)
    scopes = pa.array(["incident", "aggregate"])
    names = list(COLUMNS)
    for number, start in enumerate(batches):
        part = slice(start, start + rows_at_once)
        has_link = pa.array(linked[part])
        if word is not None:
            at = np.zeros(len(linked[part]), dtype=np.int64)
            at[linked[part]] = needed[number][1]
            reasons = next(said)
            if not len(reasons):  # no account of the batch has a link: every cell blanked
                reasons = pa.array([""], pa.large_string())
            link_of_part = at
        else:
            link_of_part = link_of[part]
        # where an account has no link, position 0 stands in for the take (Arrow takes at null
        # positions slowly), and _where_linked blanks it
        columns = [
            ids[part],
            pc.take(incident_ids, pa.array(incident[part])),
            pc.take(scopes, pa.array(scope[part])),
            _where_linked(has_link, pc.take(ids, pa.array(other_of[part]))),
            pa.array(best_score[part], from_pandas=True),  # NaN (no link) as null: an empty cell
            _where_linked(
                has_link, pc.take(reasons, pa.array(link_of_part)) if reasons is not None else ids[part]
            ),
            next(contenders),
        ]
        yield pa.RecordBatch.from_arrays(columns, names=names)


def _contender_texts(
    ids: pa.Array, contenders: pd.DataFrame, n: int, rows_at_once: int
) -> Iterator[pa.Array]:
    """Per account, its contenders in words, strongest first (ties by id): "A017 (0.72); A020
    (0.6)"; "" for none; a batch of `rows_at_once` accounts at a time, so that every account's
    are never held at once. Built by Arrow's kernels: rows are in id order, so (row, -score,
    other row) orders them, and each distinct score is written once."""
    a, b = contenders["row_a"].to_numpy(), contenders["row_b"].to_numpy()
    score = contenders["score"].to_numpy()
    row, other, score = np.concatenate([a, b]), np.concatenate([b, a]), np.concatenate([score, score])
    order = np.lexsort((other, -score, row))
    row, other, score = row[order], other[order], score[order]
    distinct, which = np.unique(score, return_inverse=True)
    shown = pa.array([f" ({score_text(s)})" for s in distinct.tolist()], pa.string())
    for start in range(0, max(n, 1), rows_at_once):
        size = min(rows_at_once, n - start)
        first, last = np.searchsorted(row, [start, start + size])
        if first == last:
            yield pa.array([""] * size, pa.string())
            continue
        rows = row[first:last] - start
        said = pc.binary_join_element_wise(
            pc.take(ids, pa.array(other[first:last])), pc.take(shown, pa.array(which[first:last])), ""
        )
        starts = np.flatnonzero(np.diff(rows, prepend=-1))
        offsets = pa.array(np.append(starts, len(rows)).astype(np.int32))
        joined = pc.binary_join(pa.ListArray.from_arrays(offsets, said), "; ")
        where = np.full(size, len(starts), dtype=np.int64)  # the last entry: "" for no contender
        where[rows[starts]] = np.arange(len(starts))
        yield pc.take(
            pa.concat_arrays([joined.cast(pa.string()), pa.array([""], pa.string())]), pa.array(where)
        )


def _where_linked(has_link: pa.Array, taken: pa.Array) -> pa.Array:
    """The texts where the account has a link, "" elsewhere."""

    return pc.if_else(has_link, taken, pa.scalar("", taken.type))


def _strongest_first(row: np.ndarray, score: np.ndarray, other: np.ndarray, n: int) -> np.ndarray:
    """The order of (row, -score, other), as np.lexsort gives it; one sort of one int64 key where
    scores are held to three decimals (as links' are) and the key fits, four times faster."""

    held = thousandths(score)
    if held is not None and n and 1001 * n * n < 2**62:
        return np.argsort(row * (1001 * n) + (1000 - held) * n + other, kind="stable")
    return np.lexsort((other, -score, row))


def write_csv(batches: Iterable[pa.RecordBatch], sink: str | IO[bytes]) -> None:
    """CSV through pyarrow's writer, batch by batch, straight to the file or stream (a million
    rows in a fraction of pandas' time, never held whole in memory), every text value quoted,
    and every text cell that a spreadsheet would evaluate as a formula prefixed with an
    apostrophe (as the report's CSV does: see report/as_csv.py)."""

    starts = pa.array(list(FORMULA_STARTS))
    writer = None
    for batch in batches:
        columns = list(batch.columns)
        for position, field in enumerate(batch.schema):
            if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
                column = columns[position]
                risky = pc.is_in(pc.utf8_slice_codeunits(column, 0, 1), value_set=starts)
                if pc.any(risky).as_py():
                    quoted = pc.binary_join_element_wise(
                        pa.scalar("'", field.type), column, pa.scalar("", field.type)
                    )
                    columns[position] = pc.if_else(risky, quoted, column)
        safe = pa.RecordBatch.from_arrays(columns, schema=batch.schema)
        if writer is None:
            writer = arrow_csv.CSVWriter(sink, batch.schema)
        writer.write_batch(safe)
    if writer is not None:
        writer.close()
