"""Arithmetic between fields: part-whole sums, internal consistency, aggregates vs incidents.

Owns the checks. A check's status is `pass`, `fail` or `unknown` and it names
the accounts it rests on. Victim breakdowns (civilians + security forces)
may not exceed the death toll; militants may be outside it (a toll that
leaves out the attackers passes). An aggregate's total is held against the
sum of the incidents it covers; an incident with no figure adds [0, ∞).

A part derived from a breakdown in the toll's own cell ("18 soldiers and 4
civilians" in killed fills killed_security with 18) is no evidence of its own:
held against that toll it would compare the total with itself. The part-whole
checks leave derived values out and rest on the parts sources gave.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reconcile.model import Check, FieldAlignment, FieldValue, Incident
from reconcile.values import ParsedAccounts, Value, interval_text

TOTAL = "killed"
VICTIM_PARTS = ("killed_civilians", "killed_security")
ATTACKER_PART = "killed_militants"
PARTS = (*VICTIM_PARTS, ATTACKER_PART)
Interval = tuple[int, int | None]


def _add(a: Interval, b: Interval) -> Interval:
    return a[0] + b[0], None if a[1] is None or b[1] is None else a[1] + b[1]


def part_whole(total: Interval, parts: dict[str, Interval]) -> tuple[str, str]:
    """Status and detail for breakdowns against a total."""
    zero: Interval = (0, 0)
    victims = zero
    for name in VICTIM_PARTS:
        victims = _add(victims, parts.get(name, zero))
    everyone = _add(victims, parts.get(ATTACKER_PART, zero))
    terms = " + ".join(f"{interval_text(*parts[p])} {p.removeprefix('killed_')}" for p in PARTS if p in parts)
    high = total[1]
    if high is not None and victims[0] > high:
        return "fail", f"the victims alone ({terms}) exceed the toll of {interval_text(*total)}"
    if high is None or everyone[0] <= high:
        return "pass", f"{terms} fits within the toll of {interval_text(*total)}"
    return "pass", (
        f"{terms} exceeds the toll of {interval_text(*total)} only with the militants counted; "
        "fits if the toll leaves out the attackers"
    )


def incident_checks(incident_fields: Sequence[FieldAlignment]) -> list[Check]:
    """Part-whole on the incident's consensus figures: for a part, of the values sources gave
    (derived values left out; a part only derived is no part here)."""
    fields = {f.field: f for f in incident_fields}
    parts = {p: given for p in PARTS if p in fields and (given := _given(fields[p])) is not None}
    if TOTAL not in fields or not parts:
        return []
    involved = {TOTAL: (fields[TOTAL].consensus, fields[TOTAL].values)} | parts
    accounts = tuple(
        sorted({v.account for _, values in involved.values() for v in values if not v.superseded})
    )
    disputed = [name for name, (consensus, _) in involved.items() if consensus is None]
    if disputed:
        return [
            Check(
                "part_whole",
                "unknown",
                "disputed: " + ", ".join(disputed) + "; see the conflicts",
                accounts,
            )
        ]
    known = {name: consensus for name, (consensus, _) in involved.items() if consensus is not None}
    status, detail = part_whole(known[TOTAL], {p: known[p] for p in parts})
    return [Check("part_whole", status, detail, accounts)]


def _given(field: FieldAlignment) -> tuple[Interval | None, Sequence[FieldValue]] | None:
    """A part's consensus and values, of the values sources gave; None where every current value
    that was read is derived from a breakdown (in the toll's own cell: no evidence of its own)."""
    if not any(v.derived_from for v in field.values):
        return field.consensus, field.values
    read = [v for v in field.values if not v.derived_from and not v.superseded and v.low is not None]
    if not read:
        return None
    low = max(v.low for v in read)
    highs = [v.high for v in read if v.high is not None]
    high = min(highs) if highs else None
    return (None if high is not None and low > high else (low, high)), read


def account_checks(parsed: ParsedAccounts, rows: Sequence[int]) -> list[Check]:
    """Each account against itself: its own breakdown against its own toll."""
    checks = []
    for r in rows:
        total = _interval(parsed.values[TOTAL][r] if TOTAL in parsed.values else None)
        parts = {
            p: interval
            for p in PARTS
            if p in parsed.values
            and not parsed.values[p][r].derived_from  # its own toll's breakdown: no evidence
            and (interval := _interval(parsed.values[p][r])) is not None
        }
        if total is None or not parts:
            continue
        status, detail = part_whole(total, parts)
        account = parsed.cells["id"][r]
        checks.append(Check("internal", status, f"{account}: {detail}", (account,)))
    return checks


def _interval(value: Value | None) -> Interval | None:
    if value is None or not value.parsed:
        return None
    return value.low, value.high


def aggregate_checks(aggregate: Incident, covered: Sequence[Incident]) -> list[Check]:
    """The aggregate's totals against the sum of what the covered incidents say."""
    checks = []
    for field in aggregate.fields:
        if field.kind != "count" or field.consensus is None:
            continue
        claimed: Interval = field.consensus
        floor: Interval = (0, 0)
        ceiling: Interval = (0, 0)
        terms = []
        uncertain = []
        accounts = {v.account for v in field.values if not v.superseded}
        for incident in covered:
            theirs = next((f for f in incident.fields if f.field == field.field), None)
            if theirs is None:
                terms.append(f"? ({incident.id})")
                ceiling = _add(ceiling, (0, None))  # no figure: anything from nothing up
                continue
            accounts.update(v.account for v in theirs.values if not v.superseded)
            current = [v for v in theirs.values if not v.superseded and v.low is not None]
            if theirs.consensus is not None:
                floor, ceiling = _add(floor, theirs.consensus), _add(ceiling, theirs.consensus)
                terms.append(f"{interval_text(*theirs.consensus)} ({incident.id})")
            elif current:
                hull = _hull(current)
                floor, ceiling = _add(floor, hull), _add(ceiling, hull)
                uncertain.append(incident.id)
                terms.append(f"{interval_text(*hull)}, disputed ({incident.id})")
        if not terms:
            continue
        if all(t.startswith("?") for t in terms):
            detail = f"{field.field}: {interval_text(*claimed)} claimed; no covered incident gives a figure"
            checks.append(Check("aggregate_sum", "unknown", detail, tuple(sorted(accounts))))
            continue
        summed = (floor[0], ceiling[1])
        detail = (
            f"{field.field}: {interval_text(*claimed)} claimed; "
            f"covered incidents sum to {interval_text(*summed)} = " + " + ".join(terms)
        )
        fits = summed[0] <= (claimed[1] if claimed[1] is not None else summed[0]) and (
            summed[1] is None or claimed[0] <= summed[1]
        )
        if claimed[1] is not None and summed[0] > claimed[1]:
            status = "fail"
            detail += "; the incidents alone exceed the total"
        elif not fits:
            status = "unknown"
            detail += "; the total is larger than the incidents here account for"
        elif uncertain:
            status = "unknown"
            detail += "; depends on which figure is right for " + ", ".join(uncertain)
        else:
            status = "pass"
        checks.append(Check("aggregate_sum", status, detail, tuple(sorted(accounts))))
    return checks


def _hull(values: Sequence[Any]) -> Interval:
    low = min(v.low for v in values)
    high = None if any(v.high is None for v in values) else max(v.high for v in values)
    return low, high
