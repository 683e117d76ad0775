"""DataFrames in and out: any DataFrame is read as a file of the same records would be
(`reconcile.read.from_frame`), and a report comes back as a DataFrame in long form
(`reconcile.to_frame`), the rows and columns of the CSV report, typed."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reconcile
from reconcile.errors import InputError
from reconcile.read import cell_text, from_frame
from reconcile.report.as_csv import COLUMNS
from reconcile.values import _distinct
from tests.conftest import SEED_FILES


def _seed_tables() -> tuple[pd.DataFrame, pd.DataFrame]:
    return reconcile.load(SEED_FILES[0]), reconcile.load(SEED_FILES[1])


def _shown(report: reconcile.Report) -> list[tuple[str, str, str]]:
    return [(v.account, f.field, v.raw) for i in report.incidents for f in i.fields for v in f.values]


# --- in -----------------------------------------------------------------------------------------


def test_two_loaded_files_concatenated_give_the_report_of_the_two_files() -> None:
    article, others = _seed_tables()
    together = pd.concat([article, others])  # claim columns of one file only: NaN in the other's rows
    assert together.isna().any().any()
    from_files = reconcile.reconcile(SEED_FILES)
    from_frame_ = reconcile.reconcile(together)
    assert reconcile.render(from_frame_, "json") == reconcile.render(from_files, "json")
    for account, field, raw in _shown(from_frame_):
        given = together.loc[together["id"] == account, field].iloc[0]
        assert raw == given  # a claim that account made, never another's (NaN picked the last text)


def test_a_table_from_load_comes_back_unchanged() -> None:
    table = reconcile.load(SEED_FILES)
    pd.testing.assert_frame_equal(from_frame(table), table, check_dtype=False)


def test_a_frame_built_by_hand_with_only_a_source_and_claims() -> None:
    frame = pd.DataFrame(
        {
            "Source": ["Ministry", "Hospital", "BLA"],
            "Killed": [23, 23.0, np.nan],
            "event date": [pd.Timestamp("2024-08-26"), None, dt.date(2024, 8, 25)],
            "published": [pd.Timestamp("2024-08-26 10:30"), pd.NaT, None],
            "shelter": ["school", pd.NA, "mosque"],  # a column of the user's own: a text claim
        },
        index=["x", "x", "y"],  # any index, duplicated labels too: ignored when it has no name
    )
    table = from_frame(frame)
    assert table["id"].tolist() == ["<DataFrame>:1", "<DataFrame>:2", "<DataFrame>:3"]
    assert table["killed"].tolist() == ["23", "23", ""]
    assert table["event_date"].tolist() == ["2024-08-26", "", "2024-08-25"]
    assert table["published"].tolist() == ["2024-08-26T10:30:00", "", ""]
    assert table["shelter"].tolist() == ["school", "", "mosque"]
    assert table["via"].tolist() == ["", "", ""]  # the optional columns are there, empty
    assert table["file"].tolist() == ["<DataFrame>"] * 3 and table["row"].tolist() == [1, 2, 3]
    report = reconcile.reconcile(frame)
    killed = [(a, raw) for a, f, raw in _shown(report) if f == "killed"]
    assert sorted(killed) == [("<DataFrame>:1", "23"), ("<DataFrame>:2", "23")]
    assert {a.id for a in report.accounts} == set(table["id"])
    assert report.inputs == ("<DataFrame>",)


def test_the_same_records_as_a_file_and_as_a_frame_give_the_same_table(tmp_path: Any) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text("id,source,killed,location\na1,Ministry,23,Quetta\na2,AFP, at least 22 ,\n")
    frame = pd.DataFrame({"id": ["a1", "a2"], "source": ["Ministry", "AFP"], "killed": [23, " at least 22 "],
                          "location": ["Quetta", None]})  # fmt: skip
    from_file = reconcile.load(path).drop(columns=["file"])
    pd.testing.assert_frame_equal(from_frame(frame).drop(columns=["file"]), from_file, check_dtype=False)


def test_a_named_index_is_read_as_columns() -> None:
    frame = pd.DataFrame({"id": ["a", "b"], "source": ["Ministry", "AFP"], "killed": ["3", "4"]})
    table = from_frame(frame.set_index("id"))
    assert table["id"].tolist() == ["a", "b"]
    with pytest.raises(InputError, match="the index is named 'id' and a column"):
        from_frame(frame.set_index(pd.Index(["x", "y"], name="id")))


def test_match_takes_any_frame_and_gives_one_row_per_account() -> None:
    article, others = _seed_tables()
    together = pd.concat([others, article])
    table = reconcile.match(together)
    assert list(table.columns) == ["id", "incident", "scope", "linked_to", "score", "reasons", "contenders"]
    assert sorted(table["id"]) == sorted(together["id"])
    pd.testing.assert_frame_equal(table, reconcile.match(SEED_FILES))
    hand = reconcile.match(pd.DataFrame({"source": ["a", "b"], "killed": [1, np.nan]}))
    assert hand["id"].tolist() == ["<DataFrame>:1", "<DataFrame>:2"]


@pytest.mark.parametrize(
    ("frame", "message", "where"),
    [
        (pd.DataFrame({"who": ["a"], "killed": [3]}), "no 'source' column", "<DataFrame>, column 'source'"),
        (
            pd.DataFrame({"id": ["x", "y", "x"], "source": ["a", "b", "c"]}),
            "duplicate id 'x' (first used at <DataFrame>, record 1)",
            "<DataFrame>, record 3, account 'x', column 'id'",
        ),
        (
            pd.DataFrame({"id": ["x", "y"], "source": ["a", np.nan]}),
            "'source' is empty",
            "<DataFrame>, record 2, account 'y', column 'source'",
        ),
        (
            pd.DataFrame({"source": ["a"], "source_type": ["goverment"]}),
            "unknown source_type 'goverment'",
            "<DataFrame>, record 1, account '<DataFrame>:1', column 'source_type'",
        ),
        (
            pd.DataFrame({"source": ["a"], "Killed": [1], "killed ": [2]}),
            "are the same column",
            "<DataFrame>, column 'killed '",
        ),
        (
            pd.DataFrame({"source": ["a"], "row": ["first"]}),
            "the column 'row' holds 'first'",
            "<DataFrame>, record 1, account '<DataFrame>:1', column 'row'",
        ),
        (pd.DataFrame({"source": []}), "the DataFrame holds no accounts", "<DataFrame>"),
    ],
)
def test_a_bad_frame_is_an_input_error_located_like_a_file(
    frame: pd.DataFrame, message: str, where: str
) -> None:
    with pytest.raises(InputError) as caught:
        reconcile.reconcile(frame)
    (problem,) = caught.value.problems
    assert message in problem.message
    assert problem.where() == where


def test_duplicate_ids_across_concatenated_files_point_at_the_files() -> None:
    article, _ = _seed_tables()
    with pytest.raises(InputError) as caught:
        reconcile.reconcile(pd.concat([article, article.iloc[:1]]))
    (problem,) = caught.value.problems
    assert problem.where() == f"{SEED_FILES[0]}, line 2, account 'art-musakhail', column 'id'"


def test_the_name_says_where_a_frame_came_from() -> None:
    with pytest.raises(InputError, match=r"^ministry export, record 1"):
        from_frame(pd.DataFrame({"source": [""]}), name="ministry export")


@pytest.mark.parametrize(
    ("cell", "text"),
    [
        (None, ""),
        (np.nan, ""),
        (pd.NA, ""),
        (pd.NaT, ""),
        (3, "3"),
        (3.0, "3"),
        (np.int64(7), "7"),
        (np.float32(0.1), "0.1"),
        (2.5, "2.5"),
        (1e-7, "0.0000001"),
        (1e20, "100000000000000000000"),
        (-0.0, "0"),
        (True, "true"),
        (np.bool_(False), "false"),
        ("  at least 22 ", "  at least 22 "),  # stripped with the rest of the table, as in files
        (pd.Timestamp("2024-08-26"), "2024-08-26"),
        (pd.Timestamp("2024-08-26 10:30"), "2024-08-26T10:30:00"),
        (pd.Timestamp("2024-08-26", tz="UTC"), "2024-08-26T00:00:00+00:00"),
        (dt.date(2024, 8, 26), "2024-08-26"),
        (["BLA", "TTP"], "BLA; TTP"),
        ({"a": 1}, '{"a": 1}'),
    ],
)
def test_a_cell_is_written_as_a_person_would(cell: Any, text: str) -> None:
    assert cell_text(cell) == text


@pytest.mark.parametrize(
    "column",
    [
        pd.Series([3.0, np.nan, 4.5]),
        pd.Series([3, None, 4.5], dtype=object),
        pd.Series([3, pd.NA, 4], dtype="Int64"),
        pd.Series(["3", None, "4.5"], dtype="string"),
        pd.Series(["3", np.nan, "4.5"], dtype=object),
        pd.Series(["3", None, "4.5"], dtype="category"),
    ],
    ids=["float", "object-mixed", "Int64", "string", "object-text", "category"],
)
def test_every_kind_of_column_reads_the_same(column: pd.Series) -> None:
    table = from_frame(pd.DataFrame({"source": ["a", "b", "c"], "killed": column}))
    expected = ["3", "", "4.5"] if column.dtype != "Int64" else ["3", "", "4"]
    assert table["killed"].tolist() == expected


def test_parsing_reads_a_missing_cell_as_missing_not_as_another_cells_text() -> None:
    codes, texts = _distinct(pd.Series(["a", np.nan, "b", None]))
    assert [texts[c] for c in codes] == ["a", "", "b", ""]


# --- out ----------------------------------------------------------------------------------------


def test_to_frame_is_the_csv_report_typed(seed_report: reconcile.Report) -> None:
    frame = reconcile.to_frame(seed_report)
    written = list(csv.DictReader(io.StringIO(reconcile.render(seed_report, "csv"))))
    assert list(frame.columns) == list(COLUMNS)
    assert len(frame) == len(written)
    assert frame["superseded"].dtype == bool and frame["group"].dtype == "Int64"
    for (_, row), cells in zip(frame.iterrows(), written, strict=True):
        for column in COLUMNS:
            value = row[column]
            if value is None or value is pd.NA:
                shown = ""
            elif isinstance(value, bool | np.bool_):
                shown = "true" if value else "false"
            elif isinstance(value, dt.date):
                shown = value.isoformat()
            else:
                shown = str(value)
            assert cells[column].removeprefix("'") == shown.removeprefix("'"), (column, cells)
    counts = frame[frame["kind"] == "count"]
    assert all(isinstance(low, int) for low in counts["low"] if low is not None)
    dates = frame[frame["kind"] == "date"]
    assert all(isinstance(low, dt.date) for low in dates["low"] if low is not None)
    assert set(frame["account"]) == {a.id for a in seed_report.accounts}


# --- the property -------------------------------------------------------------------------------

# cells as a DataFrame may hold them, and the text a person reads in each (written out here, not
# computed by the code under test)
PHRASES: dict[str, list[tuple[Any, str]]] = {
    "killed": [("23", "23"), ("at least 22", "at least 22"), ("twenty-three", "twenty-three"),
               ("about 40 ", "about 40"), ("dozens", "dozens"), ("unknown", "unknown"), (23, "23"),
               (23.0, "23"), (9.5, "9.5"), (np.int64(0), "0")],
    "location": [("Musakhail", "Musakhail"), ("Rarasham, Musakhail district, Balochistan",
                  "Rarasham, Musakhail district, Balochistan"), ("Qalat", "Qalat"), ("Quetta", "Quetta")],
    "perpetrator": [("BLA", "BLA"), ("Balochistan Liberation Army", "Balochistan Liberation Army"),
                    ("gunmen", "gunmen"), ("TTP", "TTP")],
    "event_date": [("2024-08-26", "2024-08-26"), ("night of 25/26 August 2024", "night of 25/26 August 2024"),
                   ("Sunday", "Sunday"), (pd.Timestamp("2024-08-25"), "2024-08-25")],
    "via": [("AFP", "AFP"), ("Dawn", "Dawn")],
    "victims": [("civilians", "civilians"), ("security forces", "security forces")],
}  # fmt: skip
GAPS: list[tuple[Any, str]] = [(np.nan, ""), (None, ""), (pd.NA, ""), ("", "")]


@st.composite
def frames(draw: st.DrawFn) -> tuple[pd.DataFrame, list[str], dict[tuple[str, str], str]]:
    """A DataFrame of accounts with random gaps and columns left out, each account's id as the
    report must give it, and the text each account gave for each column."""
    rows = draw(st.integers(1, 7))
    sources = [draw(st.sampled_from(["Ministry", "AFP", "BLA", "Hospital", "HRCP"])) for _ in range(rows)]
    cells: dict[str, list[tuple[Any, str]]] = {"source": [(s, s) for s in sources]}
    if draw(st.booleans()):
        cells["id"] = [(f"a{n}", f"a{n}") if draw(st.booleans()) else draw(st.sampled_from(GAPS))
                       for n in range(rows)]  # fmt: skip
    for column in draw(st.lists(st.sampled_from(sorted(PHRASES)), unique=True)):
        cells[column] = [draw(st.sampled_from(PHRASES[column] + GAPS)) for _ in range(rows)]
    if rows > 1 and draw(st.booleans()):  # two frames concatenated: a column one of them lacks is NaN
        cut = draw(st.integers(1, rows - 1))
        for column in draw(st.sets(st.sampled_from(sorted(PHRASES)))) & set(cells):
            cells[column] = cells[column][:cut] + [(np.nan, "")] * (rows - cut)
    index = draw(st.sampled_from([None, [f"r{n % 2}" for n in range(rows)]]))
    frame = pd.DataFrame({c: pd.Series([cell for cell, _ in v], dtype=object) for c, v in cells.items()})
    if index is not None:
        frame.index = pd.Index(index)
    ids = [t for _, t in cells["id"]] if "id" in cells else [""] * rows
    ids = [i or f"<DataFrame>:{n}" for n, i in enumerate(ids, start=1)]
    gave = {(ids[n], c): v[n][1] for c, v in cells.items() for n in range(rows)}
    return frame, ids, gave


@settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(frames())
def test_every_value_shown_is_one_the_account_gave_and_every_account_appears(
    case: tuple[pd.DataFrame, list[str], dict[tuple[str, str], str]],
) -> None:
    frame, ids, gave = case
    report = reconcile.reconcile(frame)
    for account, field, raw in _shown(report):
        assert raw and raw.strip() == gave.get((account, field)), (account, field, raw)
    assert sorted(a.id for a in report.accounts) == sorted(ids)
    out = reconcile.to_frame(report)
    assert set(out["account"]) == set(ids)
    for row in out[out["field"] != ""].itertuples():
        assert row.raw.strip() == gave.get((row.account, row.field))
