"""The report in long form: one row per incident, field and account.

Accounts that give no field still get a row (field empty), so every input
account appears. `derived_from` names the field a value was read from (a
breakdown in `killed`), empty where the source gave the value itself. Cells
that a spreadsheet would run as a formula are prefixed with an apostrophe.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from reconcile.cells import csv_text, formula_guarded
from reconcile.model import Incident, Report

COLUMNS = (
    "incident",
    "incident_title",
    "scope",
    "field",
    "kind",
    "status",
    "account",
    "source",
    "source_type",
    "via",
    "published",
    "url",
    "raw",
    "value",
    "low",
    "high",
    "superseded",
    "note",
    "consensus_low",
    "consensus_high",
    "group",
    "quote",
    "printable",
    "printable_rule",
    "derived_from",
)


def safe_cell(value: Any) -> str:
    """Text for a CSV cell that no spreadsheet will evaluate."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date):
        return value.isoformat()
    return formula_guarded(value) if isinstance(value, str) else str(value)


def _account_cells(report: Report, incident: Incident, account_id: str) -> dict[str, Any]:
    account = report.account(account_id)
    return {
        "incident": incident.id, "incident_title": incident.title, "scope": incident.scope,
        "account": account.id, "source": account.source, "source_type": account.source_type,
        "via": account.via, "published": account.published, "url": account.url, "quote": account.quote,
    }  # fmt: skip


def rows(report: Report) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for incident in report.incidents:
        shown: set[str] = set()
        for field in incident.fields:
            group_of = {a: str(n) for n, group in enumerate(field.groups, start=1) for a in group}
            consensus = field.consensus or (None, None)
            for value in field.values:
                shown.add(value.account)
                out.append(
                    _account_cells(report, incident, value.account)
                    | {
                        "field": field.field,
                        "kind": field.kind,
                        "status": field.status,
                        "raw": value.raw,
                        "value": value.value,
                        "low": value.low,
                        "high": value.high,
                        "superseded": value.superseded,
                        "note": value.note,
                        "consensus_low": consensus[0],
                        "consensus_high": consensus[1],
                        "group": group_of.get(value.account, ""),
                        "printable": field.printable.text if field.printable else "",
                        "printable_rule": field.printable.rule if field.printable else "",
                        "derived_from": value.derived_from,
                    }
                )
        for account_id in incident.accounts:
            if account_id not in shown:
                out.append(
                    _account_cells(report, incident, account_id)
                    | {"note": "this account gives no claim field"}
                )
    return out


def to_csv(report: Report) -> str:
    return csv_text(COLUMNS, ([safe_cell(row.get(c)) for c in COLUMNS] for row in rows(report)))
