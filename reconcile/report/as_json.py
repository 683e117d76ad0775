"""The report JSON v1 (DESIGN.md): the contract's keys, plus additions that change no meaning."""

from __future__ import annotations

import datetime as dt
import json as jsonlib
from dataclasses import asdict
from typing import Any

from reconcile.model import FieldAlignment, FieldValue, Incident, Printable, Report


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _value(v: FieldValue) -> dict[str, Any]:
    out = {
        "account": v.account,
        "source": v.source,
        "raw": v.raw,
        "low": _plain(v.low),
        "high": _plain(v.high),
        "superseded": v.superseded,
        "value": v.value,
        "via": v.via,
        "published": v.published,
        "note": v.note,
    }
    if v.derived_from:  # only where derived: a value the source gave itself has no such key
        out["derived_from"] = v.derived_from
    if v.place is not None:  # only where the place's town or point is known
        out["place"] = asdict(v.place)
    return out


def _field(field: FieldAlignment) -> dict[str, Any]:
    return {
        "field": field.field,
        "kind": field.kind,
        "status": field.status,
        "values": [_value(v) for v in field.values],
        "consensus": (
            None
            if field.consensus is None
            else {"low": _plain(field.consensus[0]), "high": _plain(field.consensus[1])}
        ),
        "groups": [list(g) for g in field.groups],
        "bridges": [{"accounts": list(b.accounts), "compatible_with": list(b.groups)} for b in field.bridges],
        "unread": field.unread,
        "independent_sources": field.independent_sources,
        "explanation": field.explanation,
        "reading": field.reading,
        "severity": field.severity,
        "parties_only": field.parties_only,
        "printable": _printable(field.printable),
        "revisions": [
            {"source": r.source, "accounts": [s.account for s in r.steps]} for r in field.revisions
        ],
    }


def _printable(printable: Printable | None) -> dict[str, Any] | None:
    if printable is None:
        return None
    return {
        "text": printable.text,
        "rule": printable.rule,
        "figure": printable.figure,
        "according_to": list(printable.according_to),
        "low": printable.low,
        "best": printable.best,
        "high": printable.high,
    }


def _incident(incident: Incident) -> dict[str, Any]:
    return {
        "id": incident.id,
        "title": incident.title,
        "scope": incident.scope,
        "covers": list(incident.covers),
        "covered_by": list(incident.covered_by),
        "accounts": list(incident.accounts),
        "independent_sources": incident.independent_sources,
        "sources": list(incident.sources),
        "fields": [_field(f) for f in incident.fields],
        "checks": [
            {"check": c.check, "status": c.status, "detail": c.detail, "accounts": list(c.accounts)}
            for c in incident.checks
        ],
        "links": [{"a": k.a, "b": k.b, "score": k.score, "reasons": list(k.reasons)} for k in incident.links],
    }


def to_dict(report: Report) -> dict[str, Any]:
    summary = asdict(report.summary)
    document: dict[str, Any] = {"format": report.format}
    if report.generated_at is not None:
        document["generated_at"] = report.generated_at
    document["inputs"] = list(report.inputs)
    document["summary"] = summary
    document["accounts"] = [asdict(a) for a in report.accounts]
    document["incidents"] = [_incident(i) for i in report.incidents]
    return document


def to_json(report: Report) -> str:
    return jsonlib.dumps(to_dict(report), ensure_ascii=False, indent=2) + "\n"
