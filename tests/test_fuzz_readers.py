"""The readers under random hostile files: every account id read exactly once, or an InputError.

Small accounts files in every format, with hostile text in every column (quotes, separators,
blank lines, line breaks in quoted cells, bidi and control characters, formula starts, huge
numbers, odd dates, keys given twice, reserved names). Never another exception."""

from __future__ import annotations

import csv
import io
import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.errors import InputError
from reconcile.read import load
from reconcile.values import load_vocabulary, parse_accounts

HOSTILE = [
    '"', '""', ",", "\t", "\n", "\r\n", "\r", " ", "", "'", "=SUM(A1)", "+1", "-1", "@x", "\u202e", "\u200f",
    "\x00", "\x1b[31m", "\ufeff", "null", "NA", "~", "no", "- x", "[", "{", "*a", "&a", "!!python/none", "#",
    "9" * 40, "1e309", "-0001-01-01", "0001-01-01T00:00+05:00", "9999-12-31", "2024-02-30", "yesterday",
    "at least 23", "ٹھیک", "Musakhail, Balochistan",
]  # fmt: skip
COLUMNS = ["source", "killed", "published", "quote", "event_date", "location", "x y", "via", "injured", "url"]
RARE_COLUMNS = ["Killed", "row", "id"]  # a clash of names, a name the table keeps, an id column
text = st.lists(st.sampled_from(HOSTILE) | st.text(max_size=6), max_size=3).map("".join)
records = st.lists(
    st.dictionaries(st.sampled_from(COLUMNS * 6 + RARE_COLUMNS), text, min_size=1, max_size=5).map(
        lambda r: {**r, "source": r.get("source") or "S"}
    ),
    min_size=1,
    max_size=4,
)
VOCAB = load_vocabulary()


def _write(fmt: str, rows: list[dict[str, str]], ids: list[str], twice: bool) -> str:
    rows = [{**r, "id": i} for r, i in zip(rows, ids, strict=True)]
    columns = sorted({c for r in rows for c in r})
    if fmt in ("csv", "tsv"):
        out = io.StringIO()
        writer = csv.writer(out, delimiter="," if fmt == "csv" else "\t", lineterminator="\n")
        writer.writerow(columns + (["killed"] if twice else []))
        for r in rows:
            writer.writerow([r.get(c, "") for c in columns] + (["1"] if twice else []))
            out.write("\n" if twice else "")  # blank lines between records
        return out.getvalue()
    if fmt == "jsonl":
        lines = [json.dumps(r) for r in rows]
        if twice:
            lines[0] = lines[0][:-1] + ', "killed": "2"}'
        return "\n".join(lines) + "\n"
    if fmt == "json":
        body = json.dumps(rows)
        return body.replace('"id":', '"killed": "2", "killed": "3", "id":', 1) if twice else body
    lines = []
    for r in rows:  # YAML: every value double-quoted (JSON strings are YAML), keys likewise
        pairs = (f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}" for k, v in r.items())
        lines.append("- " + "\n  ".join(pairs))
        if twice:
            lines[-1] += '\n  "killed": "9"'
    return "\n".join(lines) + "\n"


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    st.sampled_from(["csv", "tsv", "json", "jsonl", "yaml"]),
    records,
    st.lists(text | st.just(""), min_size=4, max_size=4),
    st.sampled_from([False] * 5 + [True]),  # a key or a column given twice
)
def test_every_account_once_or_an_input_error(
    fmt: str, rows: list[dict[str, str]], given_ids: list[str], twice: bool
) -> None:
    ids = [i if i.strip() else "" for i in given_ids[: len(rows)]]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"accounts.{fmt}"
        path.write_text(_write(fmt, rows, ids, twice), encoding="utf-8")
        try:
            table = load(path)
            parse_accounts(table, VOCAB)
        except InputError as error:
            assert error.problems and all(p.file for p in error.problems)
            return
    expected = [i.strip() or f"accounts:{n}" for n, i in enumerate(ids, start=1)]
    assert sorted(table["id"]) == sorted(expected)
    assert len(set(table["id"])) == len(table)
