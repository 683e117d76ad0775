"""Event datasets' own files -> accounts v1: `reconcile convert --from ucdp-ged|acled|gtd FILE`.

This module owns the published column names of UCDP GED, ACLED and the GTD, and how each
record becomes an account of source_type `dataset` (the dataset's name as its `source`): its
date span, its place from the most specific name outwards with its coordinates and precision
codes, its toll with the dataset's low and high estimates, who did it where the codebook says so,
and its event type as the codebook writes it (the built-in taxonomy reads those). Column names
are read case-insensitively (ACLED's older exports are upper case); a dataset's older names are
read too (GED 2.0's `best_est`). A value it cannot read is written as given: the accounts reader
keeps it verbatim with a note. It reads files; it never matches.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from reconcile.cells import csv_text, formula_guarded
from reconcile.errors import InputError, Problem
from reconcile.read import record_lines
from reconcile.schema import COORDINATE_RANGE, DATASET, column_key

MAX_DATASET_BYTES = 4 * 1024**3  # as the accounts reader's CSV limit


@dataclass(frozen=True)
class Codebook:
    """A dataset's file format: its name as the accounts' `source`, the prefix of its ids, the
    columns it cannot do without, other names its older editions give a column, and how a record
    becomes an account."""

    name: str
    prefix: str
    required: tuple[str, ...]
    older_names: dict[str, str]
    account: Callable[[dict[str, str]], dict[str, str]]


GED_VIOLENCE = {"1": "state-based conflict", "2": "non-state conflict", "3": "one-sided violence"}
GTD_UNKNOWN = {"unknown", ""}
NOT_GIVEN = {"", "na", "nan", "null", "none"}  # written by R, pandas and spreadsheets for no value
MONTHS = "%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%Y-%m-%d", "%d/%m/%Y"


def _given(value: str) -> str:
    return "" if value.strip().casefold() in NOT_GIVEN else value.strip()


def _place(*parts: str) -> str:
    """The place from its most specific name outwards, each name once ("Maiduguri, Borno, Nigeria")."""
    seen: list[str] = []
    for part in map(_given, parts):
        if part and part.casefold() not in (s.casefold() for s in seen):
            seen.append(part)
    return ", ".join(seen)


def _whole(value: str) -> str:
    """A count as written by the dataset ("2.0" in some exports) as a whole number; as given if not one."""
    value = _given(value)
    try:
        number = float(value)
    except ValueError:
        return value
    return str(int(number)) if number.is_integer() and number >= 0 else value


def _iso_day(value: str) -> str:
    """A date as the dataset writes it, as YYYY-MM-DD; as given where it is no date we know.
    UCDP's CSV writes a time of day after the date (`2013-01-03 00:00:00.000`)."""
    value = _given(value)
    with_time = _DAY_AND_TIME.fullmatch(value)
    if with_time:
        value = with_time[1]
    for shape in MONTHS:
        try:
            return dt.datetime.strptime(value, shape).date().isoformat()
        except ValueError:
            continue
    return value


_DAY_AND_TIME = re.compile(r"(\d{4}-\d{2}-\d{2})[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")


def _ged(record: dict[str, str]) -> dict[str, str]:
    start, end = _iso_day(record["date_start"]), _iso_day(record["date_end"])
    violence = _given(record["type_of_violence"])
    one_sided = violence == "3"
    return {
        "event_date": start if end in ("", start) else f"{start}/{end}",
        "location": _place(
            record["where_coordinates"],
            record["adm_2"],
            record["adm_1"],
            record["country"],
        ),
        "latitude": _given(record["latitude"]),
        "longitude": _given(record["longitude"]),
        "where_prec": _whole(record["where_prec"]),
        "date_prec": _whole(record["date_prec"]),
        "killed": _whole(record["best"]),
        "killed_low": _whole(record["low"]),
        "killed_high": _whole(record["high"]),
        "perpetrator": _given(record["side_a"]) if one_sided else "",
        "event_type": GED_VIOLENCE.get(violence, violence),
        "quote": _given(record["source_headline"]) or _given(record["where_description"]),
    }


def _acled(record: dict[str, str]) -> dict[str, str]:
    event_type, sub_event_type = (
        _given(record["event_type"]),
        _given(record["sub_event_type"]),
    )
    actor1 = _given(record["actor1"])
    one_sided = event_type.casefold() in ("violence against civilians", "explosions/remote violence")
    return {
        "event_date": _iso_day(record["event_date"]),
        "location": _place(
            record["location"],
            record["admin2"],
            record["admin1"],
            record["country"],
        ),
        "latitude": _given(record["latitude"]),
        "longitude": _given(record["longitude"]),
        "geo_precision": _whole(record["geo_precision"]),
        "time_precision": _whole(record["time_precision"]),
        "killed": _whole(record["fatalities"]),
        "perpetrator": actor1 if one_sided else "",
        "event_type": f"{event_type}: {sub_event_type}" if sub_event_type else event_type,
        "quote": _given(record["notes"]),
    }


def _gtd(record: dict[str, str]) -> dict[str, str]:
    year, month, day = (_whole(record[k]) for k in ("iyear", "imonth", "iday"))
    if year.isdigit() and month.isdigit() and day.isdigit() and int(month):
        date = f"{int(year):04d}-{int(month):02d}" + (f"-{int(day):02d}" if int(day) else "")
    else:
        date = year  # the GTD writes 0 for an unknown month or day: the year, or the month, it knows
    group = _given(record["gname"])
    return {
        "event_date": date,
        "location": _place(record["city"], record["provstate"], record["country_txt"]),
        "latitude": _given(record["latitude"]),
        "longitude": _given(record["longitude"]),
        "killed": _whole(record["nkill"]),
        "injured": _whole(record["nwound"]),
        "perpetrator": "" if group.casefold() in GTD_UNKNOWN else group,
        "event_type": _given(record["attacktype1_txt"]),
        "quote": _given(record["summary"]),
    }


CODEBOOKS = {
    "ucdp-ged": Codebook(
        "UCDP GED",
        "ged",
        ("id", "date_start", "date_end", "latitude", "longitude", "country", "best", "type_of_violence"),
        {"best_est": "best"},
        _ged,
    ),
    "acled": Codebook(
        "ACLED",
        "acled",
        ("event_id_cnty", "event_date", "location", "latitude", "longitude", "fatalities", "event_type"),
        {},
        _acled,
    ),
    "gtd": Codebook(
        "GTD",
        "gtd",
        ("eventid", "iyear", "imonth", "iday", "country_txt", "city", "nkill", "attacktype1_txt"),
        {},
        _gtd,
    ),
}
ID_COLUMNS = {"ucdp-ged": "id", "acled": "event_id_cnty", "gtd": "eventid"}
COLUMNS = (
    "id", "source", "source_type", "url", "quote", "event_date", "location", "latitude", "longitude",
    "where_prec", "date_prec", "geo_precision", "time_precision", "killed", "killed_low", "killed_high",
    "injured", "perpetrator", "event_type",
)  # fmt: skip


def convert(path: str | Path, codebook: str) -> pd.DataFrame:
    """A dataset's file (CSV, its published column names) as accounts v1, one per record, in the
    file's order. Raises InputError naming the file, line, record and column of what cannot be
    used (a missing column, a latitude out of range, a date span that ends before it starts)."""
    book = CODEBOOKS[codebook]
    frame = _read(Path(path), book)
    lines = record_lines(path)
    problems: list[Problem] = []
    accounts = []
    id_column = ID_COLUMNS[codebook]
    for number, record in enumerate(_records(frame), start=1):
        line = lines[number - 1] if lines and number <= len(lines) else None
        record_id = _given(record[id_column])
        account = {
            "id": f"{book.prefix}-{record_id}" if record_id else f"{book.prefix}-record-{number}",
            "source": book.name,
            "source_type": DATASET,
            **book.account(record),
        }
        problems.extend(_problems(str(path), number, line, account, record))
        accounts.append(account)
    if problems:
        raise InputError.capped(problems[:20], len(problems))
    written = set(accounts[0]) if accounts else {"id", "source", "source_type"}
    return pd.DataFrame(accounts, columns=[c for c in COLUMNS if c in written]).fillna("")


def _read(path: Path, book: Codebook) -> pd.DataFrame:
    name = str(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise InputError(
            [Problem(name, f"cannot read the file ({error.strerror})", "check the path")]
        ) from error
    if size == 0:
        raise InputError([Problem(name, "the file is empty", f"give a CSV export of {book.name}")])
    if size > MAX_DATASET_BYTES:
        raise InputError([Problem(name, f"the file is {size:,} bytes, over the limit",
                                  "split it by year or country")])  # fmt: skip
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        fix = "save it as CSV (UTF-8) from the program that made it"
        raise InputError([Problem(name, "the file is not UTF-8 text", fix)]) from error
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InputError([Problem(name, f"not a CSV file we can read: {first}",
                                  f"give the CSV export of {book.name}")]) from error  # fmt: skip
    frame.columns = [column_key(str(c)) for c in frame.columns]
    frame = frame.rename(
        columns={old: new for old, new in book.older_names.items() if new not in frame.columns}
    )
    missing = [c for c in book.required if c not in frame.columns]
    if missing:
        said = f"no column {', '.join(map(repr, missing))}: not {book.name}'s format"
        needed = ", ".join(book.required)
        fix = f"give {book.name}'s own export with its column names ({needed}), or another --from"
        raise InputError([Problem(name, said, fix)])
    return frame


class _Record(dict[str, str]):
    """A record's cells by column; a column the file lacks reads as empty (older editions lack
    some: ACLED v5 has no precision codes, GED 2.0 no low and high)."""

    def __missing__(self, column: str) -> str:
        return ""


def _records(frame: pd.DataFrame) -> Iterator[dict[str, str]]:
    columns = list(frame.columns)
    for values in frame.itertuples(index=False, name=None):
        yield _Record(zip(columns, values, strict=True))


def _problems(
    name: str, number: int, line: int | None, account: dict[str, str], record: dict[str, str]
) -> list[Problem]:
    found = []

    def problem(message: str, fix: str, column: str) -> Problem:
        return Problem(name, message, fix, number, column, line, account["id"])

    for column, limit in COORDINATE_RANGE.items():
        value = account.get(column, "")
        try:
            number_value = float(value) if value else None
        except ValueError:
            found.append(problem(f"{column} {value!r} is not a number of degrees",
                                 "write decimal degrees, south and west negative", column))  # fmt: skip
            continue
        if number_value is not None and not -limit <= number_value <= limit:
            fix = f"a {column} lies between -{limit:g} and {limit:g} degrees"
            found.append(problem(f"{column} {value!r} is out of range", fix, column))
    start, end = _iso_day(record["date_start"]), _iso_day(record["date_end"])
    if _ISO.fullmatch(start) and _ISO.fullmatch(end) and end < start:
        fix = "correct the record's dates (date_end on or after date_start)"
        found.append(problem(f"date_end {end} is before date_start {start}", fix, "date_end"))
    return found


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


_NUMBER = re.compile(r"-?\d+(\.\d+)?")


def accounts_csv(accounts: pd.DataFrame) -> str:
    """The accounts as CSV, every text cell that a spreadsheet would evaluate as a formula
    guarded with an apostrophe (a number, -12.5, is a number there: it stays as it is)."""
    rows = (
        [cell if _NUMBER.fullmatch(cell) else formula_guarded(cell) for cell in map(str, row)]
        for row in accounts.itertuples(index=False, name=None)
    )
    return csv_text(list(accounts.columns), rows)


def convert_files(paths: Sequence[str | Path], codebook: str) -> pd.DataFrame:
    """Several files of one dataset as one table of accounts, in the files' order."""
    return pd.concat([convert(p, codebook) for p in paths], ignore_index=True).fillna("")
