"""Reading accounts files (format v1) into one table of raw strings.

Owns: file formats (CSV, TSV, JSON, JSONL, YAML), decoding, column-name
normalisation, default ids, and the validation of provenance columns. Every
cell is kept verbatim as text; interpretation belongs to `values`.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import yaml
from rapidfuzz import process

from reconcile.errors import InputError, Problem
from reconcile.schema import (
    HINT_COLUMNS,
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
}
META_COLUMNS = ("file", "row", *REVIEW_COLUMNS)
RESERVED_COLUMNS = frozenset(
    PROVENANCE_COLUMNS + HINT_COLUMNS + META_COLUMNS
)  # every other column is a claim
MAX_PROBLEMS = 20


def load(paths: Sequence[str | Path] | str | Path) -> pd.DataFrame:
    """Read one or several accounts files into one table.

    Columns: the provenance and hint columns of format v1, every claim column
    found in any file (as raw strings, "" where absent), then `file` and `row`.
    Raises `InputError` listing every problem found.
    """
    if isinstance(paths, str | Path):
        paths = [paths]
    if not paths:
        raise InputError([Problem("(no input)", "no accounts file given", "name one or more files")])
    frames: list[pd.DataFrame] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            frames.append(_read_file(Path(path)))
        except InputError as error:
            problems.extend(error.problems)
    if problems:
        raise InputError(problems[:MAX_PROBLEMS])
    table = pd.concat(frames, ignore_index=True, sort=False) if frames else pd.DataFrame()
    claim_columns = sorted({c for f in frames for c in f.columns} - RESERVED_COLUMNS)
    columns = [*PROVENANCE_COLUMNS, *HINT_COLUMNS, *claim_columns, *META_COLUMNS]
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
    _check_unique_ids(table)
    return table.reset_index(drop=True)


def _read_file(path: Path) -> pd.DataFrame:
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
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError([Problem(name, f"cannot read the file: {error.strerror}")]) from error
    if fmt in ("csv", "tsv"):  # decoded only where pyarrow refuses the bytes (it checks UTF-8)
        body = data.removeprefix(b"\xef\xbb\xbf")
        _check_not_empty(name, body)
        table = _delimited(name, body, "," if fmt == "csv" else "\t")
    else:
        text = _decode(name, data)
        _check_not_empty(name, text)
        table = pd.DataFrame.from_records(_records(name, fmt, text))
    frame = _frame(name, path.stem, table)
    _validate(name, frame)
    return frame


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
                    f"not valid UTF-8 (byte {error.start}, line {line}: "
                    f"{data[error.start : error.start + 1]!r})",
                    "re-save the file as UTF-8, for example "
                    f"`iconv -f {encoding} -t UTF-8 {name} > fixed{Path(name).suffix}`",
                )
            ]
        ) from error


def _records(name: str, fmt: str, text: str) -> list[dict[str, Any]]:
    if fmt == "jsonl":
        rows: list[Any] = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as error:
                raise InputError(
                    [
                        Problem(
                            name,
                            f"line {number} is not valid JSON: {error.msg}",
                            "one JSON object per line",
                        )
                    ]
                ) from error
        return _as_records(name, rows)
    if fmt == "json":
        try:
            document = json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(
                [
                    Problem(
                        name,
                        f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})",
                        "fix the JSON syntax at that position",
                    )
                ]
            ) from error
        return _as_records(name, _unwrap(name, document))
    try:
        # BaseLoader keeps every scalar as the text the user wrote (no 'no' -> False, no dates).
        document = yaml.load(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise InputError([Problem(name, f"not valid YAML{where}", "fix the YAML syntax there")]) from error
    return _as_records(name, _unwrap(name, document))


def _delimited(name: str, data: bytes, sep: str) -> pd.DataFrame:
    """A CSV or TSV file (its UTF-8 bytes, without a BOM) as a table of text. pyarrow reads the
    bytes (fast at a million rows); where it refuses, the bytes are decoded (a file that is not
    UTF-8 is named as such) and pandas' own reader says precisely which line is wrong."""
    try:
        frame = pd.read_csv(io.BytesIO(data), sep=sep, dtype=str, keep_default_na=False, engine="pyarrow")
    except (ValueError, pd.errors.ParserError):
        text = _decode(name, data)
        try:
            frame = pd.read_csv(io.StringIO(text), sep=sep, dtype=str, keep_default_na=False)
        except (pd.errors.ParserError, ValueError) as error:
            raise InputError(
                [Problem(name, f"not a readable table: {error}", "check quoting and the number of columns")]
            ) from error
    if any(str(c).startswith("Unnamed:") or not str(c).strip() for c in frame.columns):
        raise InputError(
            [Problem(name, "a column has no name in the header row", "give every column a header")]
        )
    return frame


def _unwrap(name: str, document: Any) -> list[Any]:
    if isinstance(document, dict) and isinstance(document.get("accounts"), list):
        return list(document["accounts"])
    if isinstance(document, list):
        return document
    raise InputError(
        [
            Problem(
                name,
                "not a table of accounts",
                'give a list of records, or an object {"accounts": [...]}, one record per account',
            )
        ]
    )


def _as_records(name: str, rows: Iterable[Any]) -> list[dict[str, Any]]:
    records = []
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise InputError(
                [
                    Problem(
                        name,
                        f"record is a {type(row).__name__}, not an object",
                        "make each account a record",
                        number,
                    )
                ]
            )
        records.append({str(k): _scalar_text(v) for k, v in row.items()})
    return records


def _scalar_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_scalar_text(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _frame(name: str, stem: str, frame: pd.DataFrame) -> pd.DataFrame:
    if frame.empty:
        raise InputError([Problem(name, "the file holds no accounts", "add one row per account")])
    frame = frame.fillna("")
    frame = frame.astype({c: str for c in frame.columns if not isinstance(frame[c].dtype, pd.StringDtype)})
    keys = [column_key(str(c)) for c in frame.columns]
    seen: dict[str, str] = {}
    for original, key in zip(frame.columns, keys, strict=True):
        if key in seen:
            raise InputError(
                [
                    Problem(
                        name,
                        f"columns {seen[key]!r} and {original!r} are the same column",
                        "names are case- and space-insensitive; keep one of them",
                        column=str(original),
                    )
                ]
            )
        seen[key] = str(original)
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
    missing_id = frame["id"] == ""
    frame.loc[missing_id, "id"] = [f"{stem}:{row}" for row in frame.loc[missing_id, "row"]]
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


def _validate(name: str, frame: pd.DataFrame) -> None:
    """Provenance a report cannot do without: a source on every row, known source types and scopes.
    Checked on the columns at once; only the rows at fault are visited."""
    problems: list[Problem] = []
    for row in frame.loc[frame["source"] == "", "row"]:
        problems.append(
            Problem(name, "'source' is empty", "name who made the claim (the originator)", int(row), "source")
        )
    if "source_type" in frame.columns:
        normalised = _normalised_source_types(frame["source_type"])
        unknown = (frame["source_type"] != "") & ~normalised.isin(SOURCE_TYPES)
        for row, value in zip(frame.loc[unknown, "row"], frame.loc[unknown, "source_type"], strict=True):
            problems.append(
                Problem(
                    name,
                    f"unknown source_type {value!r}",
                    f"use {closest_source_type(value)!r}; allowed: " + ", ".join(SOURCE_TYPES),
                    int(row),
                    "source_type",
                )
            )
        frame["source_type"] = normalised
    if "scope" in frame.columns:
        frame["scope"] = frame["scope"].str.casefold()
        bad = (frame["scope"] != "") & ~frame["scope"].isin(SCOPES)
        for row, value in zip(frame.loc[bad, "row"], frame.loc[bad, "scope"], strict=True):
            problems.append(
                Problem(name, f"unknown scope {value!r}", "use 'incident' or 'aggregate'", int(row), "scope")
            )
    if problems:
        problems.sort(key=lambda p: (p.row or 0, p.column or ""))
        raise InputError(problems[:MAX_PROBLEMS])


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


def _check_unique_ids(table: pd.DataFrame) -> None:
    if pc.count_distinct(pa.array(table["id"].astype(str).array)).as_py() == len(table):
        return
    duplicated = table[table["id"].duplicated(keep=False)]
    if duplicated.empty:
        return
    problems = []
    for account_id, group in duplicated.groupby("id", sort=True):
        first = group.iloc[0]
        for _, other in group.iloc[1:].iterrows():
            problems.append(
                Problem(
                    str(other["file"]),
                    f"duplicate id {account_id!r} (first used at {first['file']}, row {first['row']})",
                    "give every account a unique id, or leave 'id' empty for <file stem>:<row>",
                    int(other["row"]),
                    "id",
                )
            )
    raise InputError(problems[:MAX_PROBLEMS])
