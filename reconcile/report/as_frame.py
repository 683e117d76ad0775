"""The report as a pandas DataFrame in long form: the rows and columns of the CSV report, typed.

Owns the types of that table for pandas users: `low`, `high`, `consensus_low` and
`consensus_high` hold what the report holds (ints for counts, `datetime.date`s for dates, None
where there is none: a `high` of None beside a `low` is unbounded, as in the JSON), `superseded`
is a bool, `group` the number of the agreeing group (nullable Int64), every other column text
("" where the CSV has an empty cell). Cells are the report's own, without the CSV's guard
against spreadsheet formulas.
"""

from __future__ import annotations

import pandas as pd

from reconcile.model import Report
from reconcile.report.as_csv import COLUMNS, rows

BOUNDS = ("low", "high", "consensus_low", "consensus_high")


def to_frame(report: Report) -> pd.DataFrame:
    """One row per incident, field and account (an account that gives no field: one row with
    `field` empty), in the order and with the columns of `render(report, "csv")`."""
    table = rows(report)
    columns: dict[str, pd.Series] = {}
    for column in COLUMNS:
        cells = [row.get(column) for row in table]
        if column in BOUNDS:
            columns[column] = pd.Series(cells, dtype=object)
        elif column == "superseded":
            columns[column] = pd.Series([bool(c) for c in cells], dtype=bool)
        elif column == "group":
            columns[column] = pd.Series([int(c) if c else None for c in cells], dtype="Int64")
        else:
            columns[column] = pd.Series(["" if c is None else str(c) for c in cells], dtype=str)
    return pd.DataFrame(columns, columns=list(COLUMNS))
