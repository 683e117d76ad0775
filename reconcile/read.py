"""Reading accounts files (format v1) into one table of raw strings.

Owns: file formats (CSV, TSV, JSON, JSONL, YAML, Parquet: a file, or a directory of them),
reading a file in chunks (`read_chunk`, `assembled`: the cluster's reader), decoding, column-name
normalisation, default ids, the validation of provenance columns, and the
limits that keep hostile input from stalling or crashing a reader (sizes,
nesting, YAML aliases), each a constant below. Every cell is kept verbatim as
text; interpretation belongs to `values`. Nothing is dropped quietly: a row
with more cells than the header, a key given twice, a column whose name the
table uses for itself are errors that name the file, the line as the file has
it, the account and the fix.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import datetime as dt
import decimal
import io
import json
import math
import numbers
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import yaml
from rapidfuzz import process

from reconcile.errors import MAX_PROBLEMS, InputError, Problem
from reconcile.schema import (
    COORDINATE_COLUMNS,
    COORDINATE_RANGE,
    ESTIMATE_COLUMNS,
    HINT_COLUMNS,
    PRECISION_CODES,
    PRECISION_COLUMNS,
    PROVENANCE_COLUMNS,
    REVIEW_COLUMNS,
    SCOPES,
    SOURCE_TYPE_SYNONYMS,
    SOURCE_TYPES,
    column_key,
)

SUFFIXES = {
    ".csv": "csv",
    ".tsv": "tsv",
    ".tab": "tsv",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".parquet": "parquet",
}
TABLE_COLUMNS = ("file", "row")  # set by the reader: a file may not have columns of these names
META_COLUMNS = (*TABLE_COLUMNS, *REVIEW_COLUMNS)
DATASET_COLUMNS = (*COORDINATE_COLUMNS, *ESTIMATE_COLUMNS, *PRECISION_COLUMNS)  # read beside the claims
RESERVED_COLUMNS = frozenset(
    PROVENANCE_COLUMNS + HINT_COLUMNS + DATASET_COLUMNS + META_COLUMNS
)  # every other column is a claim

# Limits on what one file may ask of the reader. Each is documented in the README.
MAX_TABLE_BYTES = 4 * 1024**3  # a CSV, TSV or Parquet file; read by Arrow, about twice its size in memory
MAX_DOCUMENT_BYTES = 512 * 1024**2  # a JSON, JSONL or YAML file: held as Python objects, ~10x its size
MAX_NESTING = 50  # lists and mappings within one another, the list of records counted
MAX_ALIAS_EXPANSION = 100_000  # YAML: nodes that aliases may stand for in all (or one per byte, if more)


def load(paths: Sequence[str | Path] | str | Path | pd.DataFrame) -> pd.DataFrame:
    """Read one or several accounts files into one table.

    Columns: the provenance and hint columns of format v1, every claim column
    found in any file (as raw strings, "" where absent), then `file` and `row`
    (the record number in its file, 1-based). Raises `InputError` listing the
    problems found. A DataFrame is read by `from_frame` into the same table.
    """
    if isinstance(paths, pd.DataFrame):
        return from_frame(paths)
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise InputError([Problem("(no input)", "no accounts file given", "name one or more files")])
    files = input_files(paths)
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    more = 0
    for path, prefix in zip(files, _id_prefixes(files), strict=True):
        try:
            frames.append(_read_file(path, prefix))
        except InputError as error:
            problems.extend(error.problems)
            more += error.more
    if problems:
        raise InputError.capped(problems, len(problems) + more)
    table = pd.concat(frames, ignore_index=True, sort=False) if frames else pd.DataFrame()
    table = _assembled(table, {c for f in frames for c in f.columns})
    _check_unique_ids(table, dict(zip(map(str, files), _id_prefixes(files), strict=True)))
    return table.reset_index(drop=True)


def _assembled(table: pd.DataFrame, found: set[str]) -> pd.DataFrame:
    """The accounts table in its one layout: the provenance and hint columns, the claim columns
    found (alphabetically), then the table's own; every cell text ("" where absent), `row` an int."""
    claim_columns = sorted(found - RESERVED_COLUMNS)
    coordinates = [c for c in DATASET_COLUMNS if c in found]  # only where some file gives them
    columns = [*PROVENANCE_COLUMNS, *HINT_COLUMNS, *coordinates, *claim_columns, *META_COLUMNS]
    absent = [c for c in columns if c not in table.columns]
    table = table.reindex(columns=[c for c in columns if c not in absent])
    for column in table.columns:
        if column == "row":
            continue
        cells = table[column]
        if isinstance(cells.dtype, pd.StringDtype):  # text already: only the absent cells to fill
            if cells.hasnans:
                table[column] = cells.fillna("")
        else:
            cells = cells.astype(object)
            table[column] = cells.where(cells.notna(), "").astype(str)
    empty = pd.Series(
        pc.fill_null(pa.nulls(len(table), pa.large_string()), ""), index=table.index, dtype="str"
    )
    table = table.assign(**dict.fromkeys(absent, empty))[columns]  # no file has these columns
    table["row"] = table["row"].astype(int)
    return table


def from_frame(frame: pd.DataFrame, name: str = "<DataFrame>") -> pd.DataFrame:
    """A pandas DataFrame of accounts as `load` would give it from a file of the same records.

    Any DataFrame may come in: built by hand, with gaps (NaN, None, pd.NA, NaT: missing, as an
    empty cell is), numbers and dates (written as a person writes them: 3.0 is "3", a timestamp
    at midnight is its day), some columns of the format absent, columns of your own (claims),
    any index (an unnamed index is ignored, a named one is read as columns, as `reset_index()`
    would). Column names are case- and space-insensitive, as in files. The columns `file` and
    `row` of a table from `load` (or of several, concatenated) are kept, so that errors still
    point at the files; elsewhere `file` is `name` and `row` the record's position (1-based).
    Raises `InputError`, located as "<name>, record N, account ..." where the files' own
    checks would fail: no `source` column, an empty source, an unknown source_type or scope,
    an id given twice."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"from_frame takes a pandas DataFrame, not {type(frame).__name__}")
    if frame.empty:
        raise InputError([Problem(name, "the DataFrame holds no accounts", "add one row per account")])
    frame = _with_named_index(name, frame)
    text = pd.DataFrame(
        {position: _column_text(frame.iloc[:, position]) for position in range(frame.shape[1])}
    )
    text.columns = pd.Index([str(c) for c in frame.columns])
    keys = [column_key(c) for c in text.columns]
    own = {key: text.pop(column) for key, column in zip(keys, list(text.columns), strict=True)
           if key in TABLE_COLUMNS and keys.count(key) == 1}  # fmt: skip
    table = _frame(name, name, text)  # names the columns, strips, default ids; row = position
    problems, total = _validate(name, table)
    if problems:
        raise InputError.capped(_located(problems, None, table["id"]), total)
    if "file" in own:
        table["file"] = own["file"].where(own["file"] != "", name).to_numpy()
    if "row" in own:
        numbers = frame.iloc[:, keys.index("row")]
        whole = pd.api.types.is_integer_dtype(numbers) and not numbers.hasnans and numbers.min() > 0
        table["row"] = numbers.to_numpy() if whole else _own_rows(name, own["row"], table)
    table = _assembled(table, set(table.columns))
    files = table["file"].unique().tolist()
    prefixes = dict(zip(files, _id_prefixes([Path(f) for f in files]), strict=True)) | {name: name}
    _check_unique_ids(table, prefixes)
    return table


def _with_named_index(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with its index dropped, or, where its levels have names, read as columns."""
    named = [level for level in frame.index.names if level is not None]
    if not named:
        return frame.reset_index(drop=True)
    clash = [
        level for level in named if column_key(str(level)) in {column_key(str(c)) for c in frame.columns}
    ]
    if clash:
        raise InputError(
            [
                Problem(
                    name,
                    f"the index is named {str(clash[0])!r} and a column has that name too",
                    "drop the index (`frame.reset_index(drop=True)`) or rename it",
                    column=str(clash[0]),
                )
            ]
        )
    return frame.reset_index(level=named).reset_index(drop=True)


def _own_rows(name: str, given: pd.Series, table: pd.DataFrame) -> list[int]:
    """The `row` column of a table from `load`: each account's record number in its file (the
    position where it is empty). Anything else is a column of the user's, which would be lost."""
    rows = []
    for position, cell in enumerate(given.tolist(), start=1):
        if cell == "":
            rows.append(position)
        elif cell.isdigit() and cell.isascii() and int(cell) > 0:
            rows.append(int(cell))
        else:
            raise InputError(
                [
                    Problem(
                        name,
                        f"the column 'row' holds {cell!r}: reconcile keeps each account's record "
                        "number in a column of that name, so this column's values would be lost",
                        "rename the column, for example to 'row_label'",
                        position,
                        "row",
                        account=str(table["id"].iloc[position - 1]),
                    )
                ]
            )
    return rows


def _column_text(column: pd.Series) -> pd.Series:
    """One column of a DataFrame as text, as a file would hold it: missing cells empty, numbers
    and dates as a person writes them (`cell_text`)."""
    dtype = column.dtype
    if isinstance(dtype, pd.StringDtype) or (
        pd.api.types.is_object_dtype(dtype)
        and pd.api.types.infer_dtype(column, skipna=True) in ("string", "empty")
    ):
        texts = pa.array(column, type=pa.large_string(), from_pandas=True)  # NaN, None, pd.NA: null
        if isinstance(texts, pa.ChunkedArray):  # one chunk: a concatenation can leave thousands
            texts = texts.combine_chunks()
        return pd.Series(pc.fill_null(texts, ""), index=column.index, dtype=str)
    if pd.api.types.is_object_dtype(dtype) or isinstance(dtype, pd.CategoricalDtype):
        written: dict[tuple[type, Any], str] = {}
        out = []
        for cell in column.astype(object).tolist():
            try:
                key = (type(cell), cell)
                if key not in written:
                    written[key] = cell_text(cell)
                out.append(written[key])
            except TypeError:  # a list or a mapping: not hashable
                out.append(cell_text(cell))
        return pd.Series(out, index=column.index, dtype=str)
    codes, uniques = pd.factorize(column)  # one dtype: numbers, booleans or timestamps
    distinct = pa.array([cell_text(u) for u in uniques] + [""], type=pa.large_string())
    taken = pc.take(distinct, pa.array(codes % len(distinct)))  # -1 (missing) takes the last, ""
    return pd.Series(taken, index=column.index, dtype=str)


def cell_text(value: Any) -> str:
    """A cell of a DataFrame as the text a file would hold: "" for NaN, None, pd.NA and NaT;
    3 and 3.0 as "3", 0.5 as "0.5", 1e-7 as "0.0000001" (never an exponent); True as "true";
    a date or a timestamp at midnight as "2024-08-26", other timestamps in ISO 8601; a list as
    its items joined by "; " and a mapping as JSON, as the JSON and YAML readers write them."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, str):
        return value
    if type(value).__name__ in ("bool", "bool_"):
        return "true" if value else "false"
    if isinstance(value, numbers.Integral):
        return str(int(value))
    if isinstance(value, numbers.Real):
        number = float(value)
        if math.isnan(number):
            return ""
        if math.isinf(number):
            return str(number)
        if number.is_integer():
            return str(int(number))
        return format(decimal.Decimal(str(value)), "f")  # str: a float32's own shortest digits
    if isinstance(value, dt.datetime):  # pd.Timestamp too
        if value.tzinfo is None and value.time() == dt.time() and not getattr(value, "nanosecond", 0):
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | tuple | dict):
        return _scalar_text(list(value) if isinstance(value, tuple) else value)
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return str(value)


def input_files(paths: Sequence[str | Path]) -> list[Path]:
    """The files the inputs name: a file as given; a directory as its Parquet files, in order of
    their names (a dataset written in parts: `part-0.parquet`, `part-1.parquet`...), each then
    read as if given on its own. A directory with no Parquet file, or with directories in it
    (Hive partitions, whose values would be lost), is an error; so is a file given twice."""
    files: list[Path] = []
    problems = []
    for given in map(Path, paths):
        if not given.is_dir():
            files.append(given)
            continue
        inside = sorted(p for p in given.iterdir() if not p.name.startswith((".", "_")))
        nested = [p for p in inside if p.is_dir()]
        parts = [p for p in inside if p.suffix.casefold() == ".parquet" and p.is_file()]
        if nested:
            problems.append(
                Problem(
                    str(given),
                    f"the directory holds directories ({nested[0].name!r}...): partition columns "
                    "kept in directory names would be lost",
                    "give a directory of .parquet files only, or the files themselves",
                )
            )
        elif not parts:
            problems.append(
                Problem(
                    str(given),
                    "the directory holds no .parquet file",
                    "give a directory of .parquet files (a dataset written in parts), or the files",
                )
            )
        files.extend(parts)
    if problems:
        raise InputError.capped(problems)
    twice = _given_twice(files)
    if twice:
        raise InputError.capped(twice)
    return files


def _given_twice(files: list[Path]) -> list[Problem]:
    seen: dict[Path, Path] = {}
    problems = []
    for path in files:
        try:
            key = path.resolve()
        except OSError:
            continue
        if key in seen:
            problems.append(
                Problem(
                    str(path),
                    f"the file is given twice (also as {str(seen[key])!r}): its accounts would count twice",
                    "give each file once",
                )
            )
        seen.setdefault(key, path)
    return problems


def _id_prefixes(files: list[Path]) -> list[str]:
    """What a default id starts with, file by file: the file's stem (`accounts:3`), or, where
    two files given share a stem (`2024/accounts.csv`, `2025/accounts.csv`), the file as given
    (`2024/accounts.csv:3`), so that default ids stay unique."""
    stems: dict[str, int] = {}
    for path in files:
        stems[path.stem] = stems.get(path.stem, 0) + 1
    return [path.stem if stems[path.stem] == 1 else str(path) for path in files]


def record_lines(path: str | Path) -> list[int] | None:
    """The line of the file where each record starts (1-based, the header is line 1 of a CSV),
    for saying where an account is; None for JSON (it has records, not lines) or an unreadable
    file. Reads the file again: for errors and `reconcile check`, not for the million-row path."""
    path = Path(path)
    fmt = SUFFIXES.get(path.suffix.casefold())
    try:
        data = path.read_bytes()
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    try:
        if fmt in ("csv", "tsv"):
            return _csv_lines(text, _separator(fmt))
        if fmt == "jsonl":
            return [n for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
        if fmt == "yaml":
            return _records_in(str(path), _read_yaml(str(path), text))[2]
    except (InputError, csv.Error):
        return None
    return None


def _separator(fmt: str) -> str:
    return "," if fmt == "csv" else "\t"


def _read_file(path: Path, prefix: str) -> pd.DataFrame:
    name = str(path)
    fmt = SUFFIXES.get(path.suffix.casefold())
    if fmt is None:
        raise InputError(
            [
                Problem(
                    name,
                    f"unknown file type {path.suffix or '(no extension)'!r}",
                    "give the file one of the extensions " + ", ".join(sorted(SUFFIXES)),
                )
            ]
        )
    _check_size(path, fmt)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError([Problem(name, f"cannot read the file: {error.strerror}")]) from error
    return _read_data(name, fmt, data, prefix)


def _read_data(name: str, fmt: str, data: bytes, prefix: str, default_ids: bool = True) -> pd.DataFrame:
    """A file's bytes (its format known) as a table of text, checked: `_read_file` after reading."""
    lines: Callable[[], list[int] | None]
    if fmt == "parquet":
        table = _parquet(name, data)
        lines = lambda: None  # noqa: E731  (records, not lines)
    elif fmt in ("csv", "tsv"):  # decoded only where pyarrow refuses the bytes (it checks UTF-8)
        body = data.removeprefix(b"\xef\xbb\xbf")
        _check_not_empty(name, body)
        table, found = _delimited(name, body, _separator(fmt), prefix)
        lines = (
            (lambda: found)
            if found is not None
            else (lambda: _csv_lines(_decode(name, body), _separator(fmt)))
        )
    else:
        text = _decode(name, data)
        _check_not_empty(name, text)
        records, found = _records(name, fmt, text)
        table = pd.DataFrame.from_records(records)
        lines = lambda: found  # noqa: E731
    frame = _frame(name, prefix, table, default_ids)
    problems, total = _validate(name, frame)
    if problems:
        raise InputError.capped(_located(problems, lines(), frame["id"]), total)
    return frame


def _parquet(name: str, data: bytes | pa.Table) -> pd.DataFrame:
    """A Parquet file (its bytes, or a part of it already read) as a table of text: strings as
    they are, other types written as a person writes them (`cell_text`: 3.0 as "3", a timestamp
    at midnight as its day), missing cells empty."""
    if isinstance(data, pa.Table):
        table = data
    else:
        try:
            table = pq.read_table(pa.BufferReader(data))
        except (pa.ArrowException, OSError, ValueError) as error:
            raise InputError(
                [Problem(name, f"not a readable Parquet file: {error}", "write the file again as Parquet")]
            ) from error
    columns = {}
    for column_name, values in zip(table.column_names, table.columns, strict=True):
        if pa.types.is_string(values.type) or pa.types.is_large_string(values.type):
            texts = pc.fill_null(values, "").cast(pa.large_string())
            columns[column_name] = pd.Series(texts.combine_chunks(), dtype=str)
        else:
            columns[column_name] = _column_text(values.to_pandas())
    frame = pd.DataFrame(columns) if columns else pd.DataFrame(index=range(table.num_rows))
    if len(set(table.column_names)) < len(table.column_names):
        twice = next(c for c in table.column_names if table.column_names.count(c) > 1)
        raise InputError([Problem(name, f"the column {twice!r} is given twice", "keep one", column=twice)])
    return frame


def _located(
    problems: list[Problem], lines: list[int] | None, ids: Sequence[str] | pd.Series
) -> list[Problem]:
    """The problems with the line where their record starts and the record's id."""
    located = []
    for problem in problems:
        if problem.row is not None:
            index = problem.row - 1
            line = lines[index] if lines is not None and index < len(lines) else problem.line
            account = problem.account or (str(ids[index]) if index < len(ids) else None)
            problem = Problem(
                problem.file, problem.message, problem.fix, problem.row, problem.column, line, account
            )
        located.append(problem)
    return located


def _check_size(path: Path, fmt: str) -> None:
    limit, name = (
        (MAX_TABLE_BYTES, "MAX_TABLE_BYTES")
        if fmt in ("csv", "tsv", "parquet")
        else (MAX_DOCUMENT_BYTES, "MAX_DOCUMENT_BYTES")
    )
    try:
        size = path.stat().st_size
    except OSError:
        return  # reading it says why
    if size > limit:
        advice = "split it into several files and give them all" + (
            ""
            if fmt in ("csv", "tsv", "parquet")
            else ", or write it as CSV, which is read without Python objects"
        )
        raise InputError(
            [
                Problem(
                    str(path),
                    f"the file has {size:,} bytes, more than the {limit:,} a {fmt.upper()} file may have "
                    f"({name})",
                    advice,
                )
            ]
        )


def _check_not_empty(name: str, text: str | bytes) -> None:
    if not text or text.isspace():  # isspace stops at the first character that is not
        raise InputError([Problem(name, "the file is empty", "add a header row and one row per account")])


def _decode(name: str, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        encoding = "UTF-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "WINDOWS-1252"
        raise InputError(
            [
                Problem(
                    name,
                    f"not valid UTF-8 (byte {error.start}: {data[error.start : error.start + 1]!r})",
                    "re-save the file as UTF-8, for example "
                    f"`iconv -f {encoding} -t UTF-8 {name} > fixed{Path(name).suffix}`",
                    line=line,
                )
            ]
        ) from error


# --- CSV and TSV --------------------------------------------------------------------------------


@contextlib.contextmanager
def _cells_of_any_size(size: int) -> Iterator[None]:
    """The csv module refuses cells over 128 KiB by default; Arrow reads them, so must we."""
    before = csv.field_size_limit()
    csv.field_size_limit(max(before, min(size + 1, sys.maxsize)))
    try:
        yield
    finally:
        csv.field_size_limit(before)


def _csv_records(text: str, sep: str) -> Iterator[tuple[int, list[str]]]:
    """Each row of a delimited text with the line it starts on, header included; empty lines
    are skipped (as Arrow skips them). A quoted cell may hold line breaks, so a row may span
    several lines."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    end = 0
    with _cells_of_any_size(len(text)):
        for cells in reader:
            start, end = end + 1, reader.line_num
            if cells:
                yield start, cells


def _csv_lines(text: str, sep: str) -> list[int]:
    """The line each record starts on (the header's line left out)."""
    return [line for line, _ in _csv_records(text, sep)][1:]


def _delimited(name: str, data: bytes, sep: str, prefix: str) -> tuple[pd.DataFrame, list[int] | None]:
    """A CSV or TSV file (its UTF-8 bytes, without a BOM) as a table of text, and the line each
    record starts on where it was worked out on the way. pyarrow reads the bytes (fast at a
    million rows); where it refuses them, Python's csv module reads them row by row, to say
    precisely which line is wrong (or to read the rows that are short of cells)."""
    _check_header(name, _header(name, data, sep))
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, keep_default_na=False, engine="pyarrow")
    except (ValueError, pd.errors.ParserError):
        return _rows_one_by_one(name, _decode(name, data), sep, prefix)
    return frame, None


def _header(name: str, data: bytes, sep: str) -> list[str]:
    """The header row, read by the csv module (only as far as the header goes)."""
    stream = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8", newline="")
    try:
        with _cells_of_any_size(len(data)):
            for cells in csv.reader(stream, delimiter=sep):
                if cells:
                    return cells
    except UnicodeDecodeError:
        _decode(name, data)  # raises, saying where
        raise
    except csv.Error as error:
        raise InputError(
            [Problem(name, f"the header row cannot be read: {error}", "check its quoting", line=1)]
        ) from error
    return []


def _check_header(name: str, header: list[str]) -> None:
    problems = []
    seen: set[str] = set()
    for number, cell in enumerate(header, start=1):
        if not cell.strip():
            problems.append(
                Problem(
                    name,
                    f"column {number} has no name in the header row",
                    "give every column a header",
                    line=1,
                )
            )
        elif cell in seen:
            problems.append(
                Problem(
                    name,
                    f"the header names the column {cell!r} twice; the second would be lost or misread",
                    "keep one column of that name, or rename one (for example to "
                    f"'{column_key(cell)}_2', read as text)",
                    column=cell,
                    line=1,
                )
            )
        seen.add(cell)
    if problems:
        raise InputError.capped(problems)


def _rows_one_by_one(name: str, text: str, sep: str, prefix: str) -> tuple[pd.DataFrame, list[int]]:
    """The rows of a delimited text that Arrow refused. A row with fewer cells than the header
    is read with the rest empty (nothing is lost); a row with more is an error, since its
    cells would shift: almost always an unquoted cell that holds the separator."""
    records = _csv_records(text, sep)
    try:
        _, header = next(records)
    except StopIteration:
        header = []
    width = len(header)
    keys = [column_key(h) for h in header]
    id_at = keys.index("id") if "id" in keys else None
    rows: list[list[str]] = []
    lines: list[int] = []
    problems: list[Problem] = []
    total = 0
    separator = "a comma" if sep == "," else "a tab"
    try:
        for line, cells in records:
            number = len(rows) + 1
            extra = cells[width:]
            if any(cell.strip() for cell in extra):
                total += 1
                if len(problems) < MAX_PROBLEMS:
                    account = (cells[id_at].strip() if id_at is not None else "") or f"{prefix}:{number}"
                    spill = " | ".join(repr(c) for c in cells[max(width - 1, 0) :])
                    problems.append(
                        Problem(
                            name,
                            f"{len(cells)} cells where the header has {width}: {separator} inside a cell "
                            f"splits it and shifts the cells after it (from the last column on: {spill})",
                            f"put the cell that holds {separator} in double quotes "
                            '("Police said, three died"), and double any quote inside it ("")',
                            number,
                            line=line,
                            account=account,
                        )
                    )
            rows.append(cells[:width] + [""] * (width - len(cells)))
            lines.append(line)
    except csv.Error as error:
        raise InputError(
            [
                Problem(
                    name,
                    f"not a readable table: {error}",
                    "check quoting and the number of columns",
                    line=lines[-1] if lines else None,
                )
            ]
        ) from error
    if problems:
        raise InputError.capped(problems, total)
    return pd.DataFrame(rows, columns=header, dtype=object), lines


# --- JSON, JSONL and YAML -----------------------------------------------------------------------


class _Duplicated(dict[str, Any]):
    """A JSON object in which a key came twice (the last value kept by json, so we say so)."""

    keys_twice: list[str]


def _json_object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) == len(pairs):
        return found
    seen: set[str] = set()
    twice = [k for k, _ in pairs if k in seen or seen.add(k)]  # type: ignore[func-returns-value]
    duplicated = _Duplicated(found)
    duplicated.keys_twice = twice
    return duplicated


def _json_float(literal: str) -> str:
    """A JSON number with a fraction or an exponent, as text: "23.0" as a person writes it ("23"),
    any other as written (1e20 must not become 21 digits, nor 1e309 "inf")."""
    whole, dot, zeros = literal.partition(".")
    return whole if dot and zeros and set(zeros) == {"0"} else literal


def _json(name: str, text: str, line: int | None = None) -> Any:
    where = f"line {line}: " if line is not None else ""
    try:
        return json.loads(
            text, object_pairs_hook=_json_object, parse_float=_json_float, parse_int=str, parse_constant=str
        )
    except json.JSONDecodeError as error:
        position = "" if line is not None else f" (line {error.lineno}, column {error.colno})"
        raise InputError(
            [
                Problem(
                    name,
                    f"{where}not valid JSON: {error.msg}{position}",
                    "one JSON object per line"
                    if line is not None
                    else "fix the JSON syntax at that position",
                    line=line if line is not None else error.lineno,
                )
            ]
        ) from error
    except RecursionError as error:
        raise InputError([_too_deep(name, line=line)]) from error


def _too_deep(
    name: str, row: int | None = None, line: int | None = None, account: str | None = None
) -> Problem:
    return Problem(
        name,
        f"lists or objects are nested more than {MAX_NESTING} deep (MAX_NESTING)",
        "an account is one record of text values; write a nested value as text",
        row,
        line=line,
        account=account,
    )


def _records(
    name: str, fmt: str, text: str, first_line: int = 1
) -> tuple[list[dict[str, str]], list[int] | None]:
    """The records of a JSON, JSONL or YAML text, every value as text, and the line each record
    starts on where the format says it cheaply (JSONL, YAML; a chunk of a JSONL file begins on
    `first_line`)."""
    if fmt == "jsonl":
        rows: list[Any] = []
        lines: list[int] = []
        # lines end at \n alone (JSON keeps \u2028 and its kind inside strings; \r is white space)
        for number, line in enumerate(text.split("\n"), start=first_line):
            if line.strip():
                rows.append(_json(name, line, number))
                lines.append(number)
        return _as_records(name, rows, lines, depth=1), lines
    if fmt == "json":
        document = _json(name, text)
        rows, depth = _unwrap(name, document)
        return _as_records(name, rows, None, depth), None
    rows, depth, found = _records_in(name, _read_yaml(name, text))
    return _as_records(name, rows, found, depth), found


def _records_in(name: str, read: tuple[Any, dict[int, list[int]]]) -> tuple[list[Any], int, list[int] | None]:
    document, lines = read
    rows, depth = _unwrap(name, document)
    return rows, depth, lines.get(id(rows))


def _unwrap(name: str, document: Any) -> tuple[list[Any], int]:
    """The list of records, and how deep it lies (1 for a list, 2 for {"accounts": [...]})."""
    if isinstance(document, _Duplicated) and "accounts" in document.keys_twice:
        raise InputError(
            [
                Problem(
                    name, "the key 'accounts' is given twice; one list would be lost", "merge the two lists"
                )
            ]
        )
    if isinstance(document, dict) and isinstance(document.get("accounts"), list):
        return document["accounts"], 2
    if isinstance(document, list):
        return document, 1
    raise InputError(
        [
            Problem(
                name,
                "not a table of accounts",
                'give a list of records, or an object {"accounts": [...]}, one record per account',
            )
        ]
    )


def _as_records(name: str, rows: Iterable[Any], lines: list[int] | None, depth: int) -> list[dict[str, str]]:
    """Each record with every value as text. A record that is not an object, a key given twice,
    a value nested beyond MAX_NESTING: errors, located."""
    records = []
    problems: list[Problem] = []
    total = 0
    for number, row in enumerate(rows, start=1):
        line = lines[number - 1] if lines is not None and number <= len(lines) else None
        account = str(row.get("id") or "") or None if isinstance(row, dict) else None
        problem = None
        if not isinstance(row, dict):
            problem = Problem(
                name,
                f"record is a {_kind(row)}, not an object",
                "make each account a record",
                number,
                line=line,
            )
        elif twice := getattr(row, "keys_twice", None):
            key = twice[0]
            problem = Problem(
                name,
                f"the key {key!r} is given twice in this record; one of its values would be lost",
                "keep one, or give the other value its own key (a column of its own)",
                number,
                key,
                line,
                account,
            )
        else:
            try:
                records.append({str(k): _scalar_text(v, depth + 1) for k, v in row.items()})
                continue
            except _TooDeep:
                problem = _too_deep(name, number, line, account)
            except _KeyTwice as twice:
                problem = Problem(
                    name,
                    f"the key {twice.key!r} is given twice in a value; one of its values would be lost",
                    "keep one of them",
                    number,
                    line=line,
                    account=account,
                )
        total += 1
        if len(problems) < MAX_PROBLEMS:
            problems.append(problem)
    if problems:
        raise InputError.capped(problems, total)
    return records


def _kind(value: Any) -> str:
    return {str: "text", list: "list", type(None): "null"}.get(type(value), type(value).__name__)


class _TooDeep(Exception):
    pass


class _KeyTwice(Exception):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _scalar_text(value: Any, depth: int = 1) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if depth > MAX_NESTING:
        raise _TooDeep
    if isinstance(value, list):
        return "; ".join(_scalar_text(v, depth + 1) for v in value)
    if isinstance(value, dict):
        twice = getattr(value, "keys_twice", None)
        if twice:
            raise _KeyTwice(twice[0])
        _check_depth(value, depth)
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _check_depth(value: Any, depth: int) -> None:
    """Raise _TooDeep where a value nests lists or objects beyond MAX_NESTING (iteratively)."""
    stack = [(value, depth)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level > MAX_NESTING:
                raise _TooDeep
            if getattr(item, "keys_twice", None):
                raise _KeyTwice(item.keys_twice[0])  # type: ignore[union-attr]
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))


class _YamlMapping(dict[str, Any]):
    """A YAML mapping as read here: its keys, and any key that came twice."""

    keys_twice: list[str]

    def __init__(self) -> None:
        super().__init__()
        self.keys_twice = []


def _read_yaml(name: str, text: str) -> tuple[Any, dict[int, list[int]]]:
    """A YAML document with every scalar as the text written (as PyYAML's BaseLoader reads it:
    no `no` -> False, no dates, tags ignored, so none can run code), built from the parser's
    events by a loop rather than recursion. Refuses nesting beyond MAX_NESTING, aliases that
    stand for more than MAX_ALIAS_EXPANSION nodes (or one per byte of the file, if more: the
    "billion laughs"), undefined aliases and keys that are lists or mappings. Returns the
    document and, for the lists at the top two levels (the list of records), the line each
    item starts on. Keys given twice are recorded in `_YamlMapping.keys_twice`."""
    loader = yaml.CBaseLoader if getattr(yaml, "__with_libyaml__", False) else yaml.BaseLoader
    budget = max(MAX_ALIAS_EXPANSION, len(text))
    expanded = 0
    anchors: dict[str, tuple[Any, int]] = {}
    # each open collection: [container, size so far, anchor, pending key]
    stack: list[list[Any]] = []
    lines: dict[int, list[int]] = {}
    root: Any = None
    documents = 0

    def problem(message: str, fix: str, mark: Any) -> InputError:
        return InputError([Problem(name, message, fix, line=_line(mark))])

    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.DocumentStartEvent):
                documents += 1
                if documents > 1:
                    raise problem(
                        "more than one YAML document (---)", "give one list of records", event.start_mark
                    )
                continue
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                if len(stack) >= MAX_NESTING:
                    raise InputError([_too_deep(name, line=_line(event.start_mark))])
                container = [] if isinstance(event, yaml.SequenceStartEvent) else _YamlMapping()
                if isinstance(container, list) and len(stack) < 2:
                    lines[id(container)] = []
                stack.append([container, 0, event.anchor, None, event.start_mark])
                continue
            start = event.start_mark
            if isinstance(event, yaml.ScalarEvent):
                node, size = event.value, 1
                if event.anchor is not None:
                    anchors[event.anchor] = (node, size)
            elif isinstance(event, yaml.AliasEvent):
                if event.anchor not in anchors:
                    raise problem(
                        f"the alias *{event.anchor} has no anchor &{event.anchor} before it",
                        "define the anchor first",
                        event.start_mark,
                    )
                node, size = anchors[event.anchor]
                expanded += size
                if expanded > budget:
                    raise problem(
                        f"YAML aliases here stand for more than {budget:,} values in all "
                        "(MAX_ALIAS_EXPANSION): an alias bomb, or a file that should not use aliases",
                        "write the values out, or use fewer aliases to large anchors",
                        event.start_mark,
                    )
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                node, size, anchor, _, start = stack.pop()
                size += 1
                if anchor is not None:
                    anchors[anchor] = (node, size)
            else:
                continue
            if not stack:
                root = node
                continue
            parent = stack[-1]
            parent[1] += size
            container = parent[0]
            if isinstance(container, list):
                if id(container) in lines:
                    lines[id(container)].append(_line(start) or 0)
                container.append(node)
            elif parent[3] is None:
                if not isinstance(node, str):
                    raise problem(
                        "a key is a list or a mapping",
                        "keys are column names: write them as text",
                        event.start_mark,
                    )
                if node in container:
                    container.keys_twice.append(node)
                parent[3] = (node,)
            else:
                container[parent[3][0]] = node
                parent[3] = None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if "maximum nesting depth" in str(error):
            raise InputError([_too_deep(name, line=_line(mark))]) from error
        where = f" (line {_line(mark)})" if mark is not None else ""
        raise InputError(
            [
                Problem(
                    name,
                    f"not valid YAML{where}: {getattr(error, 'problem', None) or error}",
                    "fix the YAML syntax there",
                    line=_line(mark),
                )
            ]
        ) from error
    return root, lines


def _line(mark: Any) -> int | None:
    return mark.line + 1 if mark is not None else None


def check_yaml(name: str, text: str) -> None:
    """Raise InputError where a YAML text would nest too deep, hold an alias bomb, or give a key
    twice in a mapping, before a loader that builds Python objects (and recurses) reads it."""
    document, _ = _read_yaml(name, text)
    _check_keys_once(name, document)


def _check_keys_once(name: str, document: Any) -> None:
    stack = [document]
    seen: set[int] = set()
    while stack:
        item = stack.pop()
        if id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, _YamlMapping):
            if item.keys_twice:
                key = item.keys_twice[0]
                message = f"the key {key!r} is given twice in a mapping: a value would be lost"
                raise InputError([Problem(name, message, "keep one of them")])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _frame(name: str, prefix: str, frame: pd.DataFrame, default_ids: bool = True) -> pd.DataFrame:
    """The records named by their column keys, stripped, numbered (`row`, from 1) and given their
    file; an empty id becomes `<prefix>:<row>` (with `default_ids`; else it stays empty, for a
    chunk that does not know its first record's number yet)."""
    if frame.empty:
        raise InputError([Problem(name, "the file holds no accounts", "add one row per account")])
    frame = frame.fillna("")
    frame = frame.astype({c: str for c in frame.columns if not isinstance(frame[c].dtype, pd.StringDtype)})
    keys = [column_key(str(c)) for c in frame.columns]
    seen: dict[str, str] = {}
    problems = []
    for original, key in zip(frame.columns, keys, strict=True):
        if not key:
            problems.append(
                Problem(
                    name,
                    f"the column {original!r} has no name once spaces and '_' are set aside",
                    "give it a name",
                    column=str(original),
                )
            )
        elif key in TABLE_COLUMNS:
            problems.append(
                Problem(
                    name,
                    f"the column {original!r} has a name reconcile uses for itself (each account's "
                    "file and record number), so its values would be overwritten",
                    f"rename the column, for example to '{key}_label'",
                    column=str(original),
                )
            )
        elif key in seen:
            problems.append(
                Problem(
                    name,
                    f"columns {seen[key]!r} and {original!r} are the same column",
                    "names are case- and space-insensitive; keep one of them",
                    column=str(original),
                )
            )
        seen[key] = str(original)
    if problems:
        raise InputError.capped(problems)
    frame.columns = pd.Index(keys)
    if "source" not in frame.columns:
        found = ", ".join(repr(k) for k in keys[:12])
        raise InputError(
            [
                Problem(
                    name,
                    f"not a table of accounts: no 'source' column (found {found})",
                    "add a 'source' column naming who made each claim",
                    column="source",
                )
            ]
        )
    frame = frame.apply(_stripped)
    frame["row"] = range(1, len(frame) + 1)
    frame["file"] = name
    if "id" not in frame.columns:
        frame["id"] = ""
    if default_ids:
        missing_id = frame["id"] == ""
        frame.loc[missing_id, "id"] = [f"{prefix}:{row}" for row in frame.loc[missing_id, "row"]]
    return frame


def _stripped(column: pd.Series) -> pd.Series:
    """`column.str.strip()`, by Arrow, a chunk at a time: only chunks that have something to
    strip are copied (most files have nothing to strip, and a million rows of text copied
    whole cost a third of a gigabyte)."""
    texts = pa.array(column.array)
    chunks = texts.chunks if isinstance(texts, pa.ChunkedArray) else [texts]
    kept = []
    for chunk in chunks:
        trimmed = pc.utf8_trim_whitespace(chunk)  # trimming only removes characters
        same = pc.equal(pc.sum(pc.binary_length(trimmed)), pc.sum(pc.binary_length(chunk))).as_py()
        kept.append(chunk if same is not False else trimmed)
    if all(k is c for k, c in zip(kept, chunks, strict=True)):
        return column
    return pd.Series(
        pa.chunked_array(kept, type=texts.type), index=column.index, dtype=column.dtype, name=column.name
    )


def _validate(name: str, frame: pd.DataFrame) -> tuple[list[Problem], int]:
    """Provenance a report cannot do without: a source on every row, known source types and scopes.
    Checked on the columns at once; only the first rows at fault of each kind are visited.
    Returns the first problems by row, and how many there are in all."""
    checks: list[tuple[pd.Series, pd.Series, Callable[[int, str], Problem]]] = []

    def no_source(row: int, _: str) -> Problem:
        return Problem(name, "'source' is empty", "name who made the claim (the originator)", row, "source")

    checks.append((frame["source"] == "", frame["source"], no_source))
    if "source_type" in frame.columns:

        def unknown_type(row: int, value: str) -> Problem:
            allowed = ", ".join(SOURCE_TYPES)
            fix = f"use {closest_source_type(value)!r}; allowed: {allowed}"
            return Problem(name, f"unknown source_type {value!r}", fix, row, "source_type")

        written = frame["source_type"]
        normalised = _normalised_source_types(written)
        checks.append(((written != "") & ~normalised.isin(SOURCE_TYPES), written, unknown_type))
        frame["source_type"] = normalised
    if "scope" in frame.columns:

        def unknown_scope(row: int, value: str) -> Problem:
            return Problem(name, f"unknown scope {value!r}", "use 'incident' or 'aggregate'", row, "scope")

        frame["scope"] = frame["scope"].str.casefold()
        checks.append(((frame["scope"] != "") & ~frame["scope"].isin(SCOPES), frame["scope"], unknown_scope))
    checks.extend(_coordinate_checks(name, frame))
    checks.extend(_dataset_checks(name, frame))
    problems: list[Problem] = []
    total = 0
    for mask, cells, make in checks:
        total += int(mask.sum())
        rows = frame.loc[mask, "row"].iloc[:MAX_PROBLEMS]
        problems.extend(
            make(int(row), str(value))
            for row, value in zip(rows, cells[mask].iloc[:MAX_PROBLEMS], strict=True)
        )
    problems.sort(key=lambda p: (p.row or 0, p.column or ""))
    return problems[:MAX_PROBLEMS], total


def _coordinate_checks(
    name: str, frame: pd.DataFrame
) -> list[tuple[pd.Series, pd.Series, Callable[[int, str], Problem]]]:
    """Latitude and longitude: decimal degrees within range, both given or neither."""
    checks: list[tuple[pd.Series, pd.Series, Callable[[int, str], Problem]]] = []
    given = [c for c in COORDINATE_COLUMNS if c in frame.columns]
    for column in given:
        limit = COORDINATE_RANGE[column]
        cells = frame[column]
        number = pd.to_numeric(cells.where(cells != "", None), errors="coerce")
        unread = (cells != "") & number.isna()
        beyond = number.notna() & (number.abs() > limit)  # infinity too

        def not_a_number(row: int, value: str, column: str = column) -> Problem:
            return Problem(name, f"{column} {value!r} is not a number of degrees",
                           "write decimal degrees, south and west negative: 48.7311, -12.2982",
                           row, column)  # fmt: skip

        def out_of_range(row: int, value: str, column: str = column, limit: float = limit) -> Problem:
            return Problem(name, f"{column} {value!r} is out of range",
                           f"a {column} lies between -{limit:g} and {limit:g} decimal degrees"
                           + (" (latitude and longitude swapped?)" if column == "latitude" else ""),
                           row, column)  # fmt: skip

        checks.append((unread, cells, not_a_number))
        checks.append((beyond, cells, out_of_range))
    for column in COORDINATE_COLUMNS:
        other = next(c for c in COORDINATE_COLUMNS if c != column)
        if column not in frame.columns:
            continue
        alone = (frame[column] != "") & (frame[other] == "" if other in frame.columns else True)

        def without(row: int, value: str, column: str = column, other: str = other) -> Problem:
            return Problem(name, f"{column} {value!r} is given without a {other}",
                           f"give both {column} and {other}, or neither", row, other)  # fmt: skip

        checks.append((alone, frame[column], without))
    return checks


def _dataset_checks(
    name: str, frame: pd.DataFrame
) -> list[tuple[pd.Series, pd.Series, Callable[[int, str], Problem]]]:
    """A toll's estimates (`killed_low`, `killed_high`): whole numbers (a low above the high is
    read as it stands: UCDP publishes a few, and matching takes the widest of the figures); the
    datasets' precision codes: whole numbers within their codebook's range."""
    checks: list[tuple[pd.Series, pd.Series, Callable[[int, str], Problem]]] = []
    for column in ESTIMATE_COLUMNS:
        if column not in frame.columns:
            continue
        cells = frame[column]
        number = pd.to_numeric(cells.where(cells != "", None), errors="coerce")
        wrong = (cells != "") & (number.isna() | (number < 0) | (number % 1 != 0))

        def not_a_toll(row: int, value: str, column: str = column) -> Problem:
            return Problem(name, f"{column} {value!r} is not a whole number of people",
                           f"write the estimate's bound as digits (0, 12), or leave {column} empty",
                           row, column)  # fmt: skip

        checks.append((wrong, cells, not_a_toll))
    for column, highest in PRECISION_CODES.items():
        if column not in frame.columns:
            continue
        cells = frame[column]
        number = pd.to_numeric(cells.where(cells != "", None), errors="coerce")
        wrong = (cells != "") & ~number.isin(range(1, highest + 1))

        def not_a_code(row: int, value: str, column: str = column, highest: int = highest) -> Problem:
            return Problem(name, f"{column} {value!r} is not a precision code",
                           f"{column} is a whole number from 1 to {highest} (the dataset's codebook), "
                           "or empty", row, column)  # fmt: skip

        checks.append((wrong, cells, not_a_code))
    return checks


def _normalised_source_types(column: pd.Series) -> pd.Series:
    codes, values = pd.factorize(column)
    normalised = pa.array([normalise_source_type(str(value)) for value in values], type=pa.large_string())
    return pd.Series(pc.take(normalised, pa.array(codes)), index=column.index, dtype="str")


def normalise_source_type(value: str) -> str:
    return column_key(value)


def closest_source_type(value: str) -> str:
    key = normalise_source_type(value)
    if key in SOURCE_TYPE_SYNONYMS:
        return SOURCE_TYPE_SYNONYMS[key]
    for word, allowed in SOURCE_TYPE_SYNONYMS.items():
        if word in key.split("_"):
            return allowed
    match = process.extractOne(key, SOURCE_TYPES)
    return str(match[0]) if match else "other"


def _check_unique_ids(table: pd.DataFrame, prefixes: dict[str, str]) -> None:
    if pc.count_distinct(pa.array(table["id"].astype(str).array)).as_py() == len(table):
        return
    duplicated = table[table["id"].duplicated(keep=False)]
    if duplicated.empty:
        return
    problems: list[Problem] = []
    lines: dict[str, list[int] | None] = {}

    def line_of(file: str, row: int) -> int | None:
        if file not in lines:
            lines[file] = record_lines(file)
        found = lines[file]
        return found[row - 1] if found is not None and row <= len(found) else None

    def place(file: str, row: int) -> str:
        line = line_of(file, row)
        return f"{file}, line {line}" if line is not None else f"{file}, record {row}"

    total = 0
    for account_id, group in duplicated.groupby("id", sort=True):
        first = group.iloc[0]
        defaults = [
            place(str(other["file"]), int(other["row"]))
            for _, other in group.iterrows()
            if account_id == f"{prefixes.get(str(other['file']), '')}:{other['row']}"
        ]
        if defaults:
            fix = (
                f"{account_id!r} is also the default id of the account at {defaults[0]} (its 'id' is "
                "empty: <file stem>:<record number>); give that account an id of its own"
            )
        else:
            fix = "give every account a unique id"
        for _, other in group.iloc[1:].iterrows():
            total += 1
            if len(problems) >= MAX_PROBLEMS:
                continue
            file, row = str(other["file"]), int(other["row"])
            earlier = place(str(first["file"]), int(first["row"]))
            problems.append(
                Problem(
                    file,
                    f"duplicate id {account_id!r} (first used at {earlier})",
                    fix,
                    row,
                    "id",
                    line_of(file, row),
                    str(account_id),
                )
            )
    raise InputError.capped(problems, total)


# --- Reading in chunks: a cluster's workers each read one -----------------------------------------

CHUNK_BYTES = 64 * 1024**2  # a CSV or TSV file is cut into chunks of about this many bytes


@dataclasses.dataclass(frozen=True)
class Part:
    """One chunk of one input file, as a worker reads it (`read_chunk`): a CSV or TSV file's
    records between two line breaks (after the header, which each chunk is given), a JSONL file's
    lines between two line breaks, a Parquet file's row group, or, for the other formats and where
    a file cannot be cut, the whole file.
    `problems` are the file's own (unknown type, too large, unreadable): nothing to read."""

    name: str
    prefix: str  # what a default id starts with (`_id_prefixes`)
    fmt: str
    number: int = 0  # the chunk's place in its file
    whole: bool = False  # the data is the whole file, read as `load` reads it
    header: bytes = b""  # CSV and TSV: the header row's bytes, with any blank lines before it
    line: int = 1  # CSV, TSV, JSONL: the line of the file on which the chunk begins
    start: int = 0  # CSV, TSV, JSONL: where the chunk's bytes lie in the file
    end: int = 0
    problems: tuple[Problem, ...] = ()


@dataclasses.dataclass(frozen=True)
class Coded:
    """A chunk read: how many records it holds, their ids ("" where the default id is to be given,
    once the chunk's first record number is known), and each column asked for as codes into its
    distinct texts (an Arrow dictionary array, texts in order of first appearance); or what is
    wrong. `stops` problems stop the file's reading (the file as a whole is wrong: its header, its
    type; or a whole file's error, complete); the others (`_validate`'s) are merged with the other
    chunks' by record. `unsure`: the chunk cannot stand on its own (Arrow refused it, or its last
    cell ends with a line break, so that the cut may lie inside a quoted cell): the file is then
    read whole."""

    part: Part
    rows: int = 0
    ids: pa.Array | None = None
    columns: dict[str, pa.DictionaryArray] = dataclasses.field(default_factory=dict)
    problems: tuple[Problem, ...] = ()
    total: int = 0
    stops: bool = False
    unsure: bool = False


def file_parts(files: Sequence[Path], chunk_bytes: int = CHUNK_BYTES) -> Iterator[tuple[Part, Any]]:
    """Each file's chunks in order, with their data (bytes, or a Parquet row group as an Arrow
    table), read one at a time: the caller holds one chunk, never a whole file (but for the formats
    read whole, JSON and YAML). A CSV or TSV file is cut at the first line break after each
    `chunk_bytes` that follows an even number of quote characters (so not inside a quoted cell,
    where the file quotes as RFC 4180 does; `read_chunk` checks, and a file that quotes otherwise
    is read whole); a JSONL file at the first line break after each `chunk_bytes` (a chunk that
    cannot stand for its lines, `read_chunk` says, and the file is read whole)."""
    for path, prefix in zip(files, _id_prefixes(list(files)), strict=True):
        name = str(path)
        fmt = SUFFIXES.get(path.suffix.casefold())
        if fmt is None:
            wrong = Problem(
                name,
                f"unknown file type {path.suffix or '(no extension)'!r}",
                "give the file one of the extensions " + ", ".join(sorted(SUFFIXES)),
            )
            yield Part(name, prefix, "", problems=(wrong,)), None
            continue
        try:
            _check_size(path, fmt)
            if fmt in ("csv", "tsv"):
                yield from _delimited_parts(path, prefix, fmt, chunk_bytes)
            elif fmt == "jsonl":
                yield from _jsonl_parts(path, prefix, chunk_bytes)
            elif fmt == "parquet":
                yield from _parquet_parts(path, prefix)
            else:
                yield whole_part(path, prefix)
        except InputError as error:
            yield Part(name, prefix, fmt, problems=tuple(error.problems)), None
        except OSError as error:
            unread = Problem(name, f"cannot read the file: {error.strerror}")
            yield Part(name, prefix, fmt, problems=(unread,)), None


def whole_part(path: Path, prefix: str) -> tuple[Part, Any]:
    """A file as one part, read whole (as `load` reads it)."""
    fmt = SUFFIXES.get(path.suffix.casefold(), "")
    try:
        return Part(str(path), prefix, fmt, whole=True), path.read_bytes()
    except OSError as error:
        return Part(
            str(path), prefix, fmt, problems=(Problem(str(path), f"cannot read the file: {error.strerror}"),)
        ), None


def _delimited_parts(path: Path, prefix: str, fmt: str, chunk_bytes: int) -> Iterator[tuple[Part, bytes]]:
    name = str(path)
    with path.open("rb") as file:
        pending = file.read(chunk_bytes)
        at = 3 if pending.startswith(b"\xef\xbb\xbf") else 0
        end = _cut(pending, at, at)
        while end is None and (more := file.read(chunk_bytes)):
            pending += more
            end = _cut(pending, at, at)
        if end is None or not pending[at:end].strip():  # one row, or nothing but blank lines first
            yield whole_part(path, prefix)
            return
        header = pending[at:end]
        line = 1 + _breaks(header)
        offset, pending = end, pending[end:]  # where `pending` begins in the file
        number = 0
        while pending:
            end = _cut(pending, chunk_bytes - 1, 0)
            while end is None and (more := file.read(chunk_bytes)):
                pending += more
                end = _cut(pending, chunk_bytes - 1, 0)
            chunk, pending = (pending, b"") if end is None else (pending[:end], pending[end:])
            yield (
                Part(
                    name, prefix, fmt, number, header=header, line=line, start=offset, end=offset + len(chunk)
                ),
                chunk,
            )
            line += _breaks(chunk)
            offset += len(chunk)
            number += 1
            if len(pending) < chunk_bytes and (more := file.read(chunk_bytes)):
                pending += more


def _jsonl_parts(path: Path, prefix: str, chunk_bytes: int) -> Iterator[tuple[Part, bytes]]:
    """A JSONL file's lines in chunks, each cut at the first line break after `chunk_bytes` (a
    JSONL record never spans lines); a file of one chunk is read whole."""
    name = str(path)
    with path.open("rb") as file:
        line, offset, number = 1, 0, 0
        while chunk := file.read(chunk_bytes):
            chunk += file.readline()
            if number == 0 and len(chunk) < chunk_bytes:
                yield whole_part(path, prefix)
                return
            yield Part(name, prefix, "jsonl", number, line=line, start=offset, end=offset + len(chunk)), chunk
            line += chunk.count(b"\n")
            offset += len(chunk)
            number += 1


def part_data(part: Part) -> Any:
    """A part's data read again from its file, as `file_parts` gave it (for a worker that died
    holding it, before it was read)."""
    path = Path(part.name)
    if part.whole:
        return path.read_bytes()
    if part.fmt == "parquet":
        return pq.ParquetFile(path).read_row_group(part.number)
    with path.open("rb") as file:
        file.seek(part.start)
        return file.read(part.end - part.start)


def _cut(data: bytes, start: int, origin: int) -> int | None:
    """Where to cut `data` (read from `origin`, where no quote is open): just after the first line
    break at or after `start` that follows an even number of quote characters; None if none."""
    end = data.find(b"\n", max(start, origin))
    quotes = data.count(b'"', origin, end) if end >= 0 else 0
    while end >= 0 and quotes % 2:
        following = data.find(b"\n", end + 1)
        if following >= 0:
            quotes += data.count(b'"', end, following)
        end = following
    return end + 1 if end >= 0 else None


def _breaks(data: bytes) -> int:
    """Line breaks as the csv module counts lines: \\n, \\r\\n and a lone \\r."""
    return data.count(b"\n") + data.count(b"\r") - data.count(b"\r\n")


def _parquet_parts(path: Path, prefix: str) -> Iterator[tuple[Part, Any]]:
    try:
        parquet = pq.ParquetFile(path)
    except (pa.ArrowException, ValueError):
        yield whole_part(path, prefix)  # the worker says what is wrong, as `load` does
        return
    if parquet.num_row_groups < 2:
        yield whole_part(path, prefix)
        return
    for number in range(parquet.num_row_groups):
        yield Part(str(path), prefix, "parquet", number), parquet.read_row_group(number)


def read_chunk(part: Part, data: Any, keep: Sequence[str]) -> Coded:
    """A chunk (`file_parts`) read, checked and coded: the columns `keep` names (and those of
    them that no file gives are left out), every check `load` makes of a file's records but the
    uniqueness of ids (which needs every chunk: `assembled`), located in the file."""
    if part.problems:
        return Coded(part, problems=part.problems, total=len(part.problems), stops=True)
    try:
        if part.whole:
            frame = _read_data(part.name, part.fmt, data, part.prefix)
            return _coded(part, frame, keep)
        if part.fmt == "parquet":
            if not data.num_rows:
                return Coded(part)
            frame = _frame(part.name, part.prefix, _parquet(part.name, data), default_ids=False)
            lines: Callable[[], list[int] | None] = lambda: None  # noqa: E731
        elif part.fmt == "jsonl":
            read = _jsonl_chunk(part, data)
            if read is None:
                return Coded(part, unsure=True)
            frame, found = read
            lines = lambda: found  # noqa: E731
        else:
            body = part.header + data
            sep = _separator(part.fmt)
            try:
                table = pd.read_csv(
                    io.BytesIO(body), sep=sep, dtype=str, keep_default_na=False, engine="pyarrow"
                )
            except (ValueError, pd.errors.ParserError):
                return Coded(part, unsure=True)
            if table.empty:
                return Coded(part)
            last = table.iloc[-1, -1]
            if isinstance(last, str) and last.endswith(("\n", "\r")):
                return Coded(part, unsure=True)
            frame = _frame(part.name, part.prefix, table, default_ids=False)
            shift = part.line - 1 - _breaks(part.header)

            def lines() -> list[int] | None:
                return [line + shift for line in _csv_lines(_decode(part.name, body), sep)]

    except InputError as error:
        return Coded(part, problems=tuple(error.problems), total=len(error.problems) + error.more, stops=True)
    problems, total = _validate(part.name, frame)
    if part.fmt == "jsonl" and any(problem.row is None for problem in problems):
        return Coded(part, unsure=True)  # a column's problem: the chunk may lack a key others give
    if problems:
        located = _located(problems, lines(), frame["id"])
        return Coded(part, len(frame), problems=tuple(located), total=total)
    return _coded(part, frame, keep)


def _jsonl_chunk(part: Part, data: bytes) -> tuple[pd.DataFrame, list[int] | None] | None:
    """A chunk of a JSONL file as a table of text, and the line of each record; None where it
    cannot stand for its lines of the file read whole, which then says what is wrong: bytes not
    UTF-8, a record that is wrong, or no record at all."""
    try:
        text = data.decode("utf-8-sig" if part.number == 0 else "utf-8")
    except UnicodeDecodeError:
        return None
    try:
        records, found = _records(part.name, "jsonl", text, part.line)
        if not records:
            return None
        return _frame(part.name, part.prefix, pd.DataFrame.from_records(records), default_ids=False), found
    except InputError:
        return None


def _coded(part: Part, frame: pd.DataFrame, keep: Sequence[str]) -> Coded:
    columns = {
        column: pa.array(frame[column].array, type=pa.large_string()).dictionary_encode()
        for column in keep
        if column in frame.columns and column not in TABLE_COLUMNS and column != "id"
    }
    ids = pa.array(frame["id"].array, type=pa.large_string())
    return Coded(
        part,
        len(frame),
        ids,
        {k: v.combine_chunks() if isinstance(v, pa.ChunkedArray) else v for k, v in columns.items()},
    )


def assembled(coded: Sequence[Coded], keep: Sequence[str]) -> pd.DataFrame:
    """The chunks read (`read_chunk`, in the order of `file_parts`; a file's chunks, or the file
    read whole) put together: the table `load` gives of the files, with only the columns `keep`
    names (of those `load` would have), each text column as a pandas Categorical (codes into its
    distinct texts) beside `id`, `file` and `row`; or the InputError `load` raises, its problems
    located alike. Each distinct text is met once per chunk here, never once per record."""
    by_file: dict[str, list[Coded]] = {}
    for chunk in coded:
        by_file.setdefault(chunk.part.name, []).append(chunk)
    problems: list[Problem] = []
    more = 0
    for chunks in by_file.values():
        error = _file_error(chunks)
        if error is not None:
            problems.extend(error.problems)
            more += error.more
    if problems:
        raise InputError.capped(problems, len(problems) + more)
    table = _coded_table([c for c in coded if c.rows], keep)
    _check_unique_ids(table, {c.part.name: c.part.prefix for c in coded})
    return table


def _file_error(chunks: list[Coded]) -> InputError | None:
    """What `_read_file` raises for the file whose chunks these are, or None. A problem that stops
    the reading (`Coded.stops`) is the first chunk's, as every chunk meets it (a header) or the
    file is one chunk; the checks of records are merged by record, as `_validate` orders them."""
    stopping = next((c for c in chunks if c.stops), None)
    if stopping is not None:
        return InputError.capped(stopping.problems, stopping.total)
    found: list[Problem] = []
    total = offset = 0
    for chunk in chunks:
        for problem in chunk.problems:
            row = None if problem.row is None else problem.row + offset
            account = problem.account or (f"{chunk.part.prefix}:{row}" if row is not None else None)
            found.append(dataclasses.replace(problem, row=row, account=account))
        total += chunk.total
        offset += chunk.rows
    if not found and offset == 0:
        return InputError(
            [Problem(chunks[0].part.name, "the file holds no accounts", "add one row per account")]
        )
    found.sort(key=lambda p: (p.row or 0, p.column or ""))
    return InputError.capped(found, total) if found else None


def _coded_table(chunks: list[Coded], keep: Sequence[str]) -> pd.DataFrame:
    """The chunks' records as one table: ids (the default ones given), the columns asked for in
    `_assembled`'s layout, `file` and `row`."""
    names = list(dict.fromkeys(c.part.name for c in chunks))
    first_rows: dict[str, int] = {}
    numbers, file_codes, prefixes = [], [], []
    for chunk in chunks:
        first = first_rows.get(chunk.part.name, 0)
        first_rows[chunk.part.name] = first + chunk.rows
        numbers.append(pd.Series(pd.RangeIndex(first + 1, first + chunk.rows + 1), dtype="int64"))
        file_codes.append(
            pd.Series(names.index(chunk.part.name), index=pd.RangeIndex(chunk.rows), dtype="int64")
        )
        prefixes.append(pa.repeat(chunk.part.prefix + ":", chunk.rows))
    row = pd.concat(numbers, ignore_index=True)
    ids = pa.chunked_array([c.ids for c in chunks], pa.large_string()).combine_chunks()
    empty = pc.equal(ids, "")
    if pc.any(empty).as_py():  # the default ids: `<prefix>:<row>`
        default = pc.binary_join_element_wise(
            pa.chunked_array(prefixes, pa.string()).combine_chunks().cast(pa.large_string()),
            pa.array(row.astype(str).array, pa.large_string()),
            pa.scalar("", pa.large_string()),
        )
        ids = pc.if_else(empty, default, ids)
    found = {column for chunk in chunks for column in chunk.columns}
    layout = [*PROVENANCE_COLUMNS, *HINT_COLUMNS, *(c for c in COORDINATE_COLUMNS if c in found)]
    layout += sorted(found - RESERVED_COLUMNS)
    table: dict[str, Any] = {}
    for column in layout:
        if column == "id":
            table[column] = pd.Series(ids, dtype="str")
        elif column in keep:
            table[column] = _categorical(
                [chunk.columns.get(column) for chunk in chunks], [c.rows for c in chunks]
            )
    frame = pd.DataFrame(table)
    frame["file"] = pd.Categorical.from_codes(
        pd.concat(file_codes, ignore_index=True).to_numpy(), categories=pd.Index(names, dtype="str")
    )
    frame["row"] = row
    return frame


def _categorical(parts: list[pa.DictionaryArray | None], rows: list[int]) -> pd.Categorical:
    """Chunks' codes into their own distinct texts as one Categorical over the distinct texts of
    all, in order of first appearance ("" for a chunk without the column)."""
    empty = pa.array([""], pa.large_string())
    dictionaries = [p.dictionary.cast(pa.large_string()) if p is not None else empty for p in parts]
    distinct = pc.unique(pa.chunked_array(dictionaries, pa.large_string()))
    codes = pa.chunked_array(
        [
            pc.take(pc.index_in(d, value_set=distinct), p.indices if p is not None else pa.repeat(0, n))
            for d, p, n in zip(dictionaries, parts, rows, strict=True)
        ],
        pa.int32(),
    ).combine_chunks()
    return pd.Categorical.from_codes(codes.to_numpy(), categories=pd.Index(distinct, dtype="str"))
