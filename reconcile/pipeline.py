"""Accounts table -> Report: the stages run in order and assembled into the model.

Owns incident titles (an editor can read them; the ids are the matcher's, so that a report and
`reconcile match` on the same input name each incident alike), the canonical order of everything in a
report (so the same input always gives the same bytes), and the summary.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path

import pandas as pd

from reconcile import checks
from reconcile.align import align_incident, source_key
from reconcile.match import match
from reconcile.match.features import Windows
from reconcile.model import STATUSES, Account, Incident, Report, Summary
from reconcile.read import load
from reconcile.schema import Kind
from reconcile.values import ParsedAccounts, Vocabulary, load_vocabulary, parse_accounts
from reconcile.values.taxonomy import Taxonomy
from reconcile.values.text import fold


def reconcile(
    accounts: pd.DataFrame | Sequence[str | Path] | str | Path,
    *,
    vocabulary: Vocabulary | None = None,
    kinds: Mapping[str, Kind] | None = None,
    generated_at: str | None = None,
) -> Report:
    """Reconcile accounts (any DataFrame of accounts, read by `from_frame`; a table from `load`;
    or paths to read) into a report."""
    table = load(accounts)
    parsed = parse_accounts(table, vocabulary or load_vocabulary(), kinds)
    return build_report(parsed, generated_at=generated_at)


def build_report(
    parsed: ParsedAccounts,
    generated_at: str | None = None,
    windows: Windows | None = None,
    taxonomy: Taxonomy | None = None,
) -> Report:
    accounts = tuple(_account(row) for row in parsed.table.itertuples(index=False))
    parsed = parsed.sorted_by_id()
    table = parsed.table
    matching = match(parsed, windows=windows, taxonomy=taxonomy)
    ids = parsed.cells["id"]
    chronological = [_chronological(parsed, g) for g in matching.groups]
    drafts = []
    for rows, scope, match_links in zip(chronological, matching.scopes, matching.links, strict=True):
        fields = align_incident(parsed, rows)
        drafts.append((rows, scope, fields, _title(parsed, rows), tuple(match_links)))
    order = sorted(
        range(len(drafts)),
        key=lambda i: _sort_key(parsed, drafts[i][0], drafts[i][1], drafts[i][3]),
    )
    id_of = {old: matching.ids[old] for old in order}
    position = {id_of[old]: n for n, old in enumerate(order)}
    rank = {old: n for n, old in enumerate(order)}
    covered_by: dict[int, list[str]] = {}
    for old, covered in enumerate(matching.covers):
        for target in covered:
            covered_by.setdefault(target, []).append(id_of[old])

    incidents: dict[int, Incident] = {}
    for old in order:
        rows, scope, fields, title, links = drafts[old]
        incident_checks = checks.incident_checks(fields) + checks.account_checks(parsed, rows)
        incidents[old] = Incident(
            id=id_of[old],
            title=title,
            scope=scope,
            accounts=tuple(ids[r] for r in rows),
            independent_sources=len({source_key(parsed.cells["source"][r]) for r in rows}),
            sources=tuple(sorted({parsed.cells["source"][r] for r in rows}, key=_text_order)),
            fields=fields,
            links=links,
            covers=tuple(sorted((id_of[t] for t in matching.covers[old]), key=position.__getitem__)),
            covered_by=tuple(sorted(covered_by.get(old, []), key=position.__getitem__)),
            checks=tuple(incident_checks),
        )
    for old, covered in enumerate(matching.covers):
        if matching.scopes[old] == "aggregate":
            aggregate = incidents[old]
            in_report_order = sorted(covered, key=rank.__getitem__)
            extra = checks.aggregate_checks(aggregate, [incidents[t] for t in in_report_order])
            incidents[old] = replace(aggregate, checks=aggregate.checks + tuple(extra))
    ordered = tuple(incidents[old] for old in order)
    return Report(
        summary=_summary(accounts, ordered, table),
        accounts=accounts,
        incidents=ordered,
        inputs=tuple(dict.fromkeys(table["file"].astype(str))),
        generated_at=generated_at,
    )


def _text_order(text: str) -> tuple[str, str]:
    """A total order for texts: as a reader sorts them (case and accents folded), ties broken
    by the raw text, so that "Dawn", "DAWN" and "dawn" never come out in a set's hash order."""
    return fold(text), text


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _month_year(day: dt.date) -> str:
    """'Aug 2024' in English whatever the process's locale (strftime's %b follows LC_TIME)."""
    return f"{MONTHS[day.month - 1]} {day.year}"


def _chronological(parsed: ParsedAccounts, rows: Sequence[int]) -> list[int]:
    never = dt.datetime.max
    return sorted(rows, key=lambda r: (parsed.published[r] or never, parsed.cells["id"][r]))


def _date_range(parsed: ParsedAccounts, rows: Sequence[int]) -> tuple[dt.date, dt.date] | None:
    if "event_date" not in parsed.values:
        return None
    spans = [parsed.values["event_date"][r] for r in rows if parsed.values["event_date"][r].parsed]
    if not spans:
        return None
    return min(v.low for v in spans), max(v.high for v in spans)


def _best_place(parsed: ParsedAccounts, rows: Sequence[int]) -> tuple[str, ...]:
    if "location" not in parsed.values:
        return ()
    places = [parsed.values["location"][r].detail for r in rows if parsed.values["location"][r].parsed]
    if not places:
        return ()
    leaves = Counter(p.leaf for p in places)
    # the most specific place that most accounts agree with
    return max(
        places,
        key=lambda p: (
            sum(n for leaf, n in leaves.items() if leaf in p.keys),
            len(p.keys),
            p.display(),
        ),
    ).parts


def _date_text(span: tuple[dt.date, dt.date] | None) -> str:
    if span is None:
        return "date unknown"
    low, high = span
    if low == high:
        return f"{low.day} {_month_year(low)}"
    if (low.year, low.month) == (high.year, high.month):
        return f"{low.day}–{high.day} {_month_year(low)}"
    return f"{low.day} {_month_year(low)} – {high.day} {_month_year(high)}"


def _title(parsed: ParsedAccounts, rows: Sequence[int]) -> str:
    place = ", ".join(_best_place(parsed, rows)[:2]) or "place unknown"
    title = f"{place}, {_date_text(_date_range(parsed, rows))}"
    if "event_type" in parsed.table.columns:
        kinds = Counter(fold(parsed.cells["event_type"][r]) for r in rows)
        kinds.pop("", None)
        if kinds:
            top = max(kinds.items(), key=lambda kv: (kv[1], -len(kv[0]), kv[0]))[0]
            raw = next(
                parsed.cells["event_type"][r] for r in rows if fold(parsed.cells["event_type"][r]) == top
            )
            title += f": {raw}"
    return title


def _sort_key(parsed: ParsedAccounts, rows: Sequence[int], scope: str, title: str) -> tuple[object, ...]:
    span = _date_range(parsed, rows)
    return (
        scope == "aggregate",
        span[0] if span else dt.date.max,
        title,
        min(parsed.cells["id"][r] for r in rows),
    )


def _account(row: object) -> Account:
    get = row.__getattribute__
    return Account(
        id=str(get("id")),
        source=str(get("source")),
        source_type=str(get("source_type")),
        via=str(get("via")),
        published=str(get("published")),
        url=str(get("url")),
        quote=str(get("quote")),
        scope=str(get("scope")) or "incident",
        incident=str(get("incident")),
        file=str(get("file")),
        row=int(get("row")),
    )


def _summary(accounts: tuple[Account, ...], incidents: tuple[Incident, ...], table: pd.DataFrame) -> Summary:
    fields = {s: sum(i.status_counts()[s] for i in incidents) for s in STATUSES}
    return Summary(
        accounts=len(accounts),
        incidents=len(incidents),  # an aggregate is an incident too (DESIGN.md); `aggregates` says how many
        aggregates=sum(1 for i in incidents if i.scope == "aggregate"),
        sources=len({source_key(s) for s in table["source"]}),
        conflicts=fields["conflict"],
        fields=fields,
        checks_failed=sum(1 for i in incidents for c in i.checks if c.status == "fail"),
        incidents_with_conflicts=sum(1 for i in incidents if i.conflicts),
        major_conflicts=sum(1 for i in incidents for f in i.conflicts if f.severity == "major"),
        parties_only=sum(1 for i in incidents for f in i.fields if f.parties_only),
    )
