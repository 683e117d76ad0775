"""schema.org ClaimReview (JSON-LD): one review per conflicting claim.

Owns the mapping from conflicts to the format fact-checkers publish. A claim
is one source's value in a conflicting field (one source carried by several
outlets is one claim with several appearances); its rating says how many
independent sources stand against it.

The JSON-LD is made to be pasted into a page inside <script type="application/ld+json">, so
`<`, `>` and `&` are written as \u003c, \u003e and \u0026 (and U+2028/9 escaped): no text
from the input can close the script element (`</script>`) or open a comment. The data is the
same JSON. datePublished is written only from an ISO 8601 date or date-time; anything else is
left out rather than published as a date.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from reconcile.align import source_key
from reconcile.model import Account, FieldAlignment, Incident, Report
from reconcile.report.pages import field_label, safe_url
from reconcile.values.text import fold

PERSON_SOURCE_TYPES = frozenset({"witness", "local_official"})
REVIEWER = "reconcile"


def iso_date(text: str) -> str | None:
    """The text if it is an ISO 8601 date or date-time (schema.org's Date / DateTime), else None."""
    value = text.strip()
    for parse in (dt.date.fromisoformat, lambda t: dt.datetime.fromisoformat(t.replace("Z", "+00:00"))):
        try:
            parse(value)
        except ValueError:
            continue
        return value
    return None


# characters that could end or comment out the <script> element the JSON-LD is embedded in
SCRIPT_SAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def _author(account: Account) -> dict[str, Any]:
    kind = "Person" if account.source_type in PERSON_SOURCE_TYPES else "Organization"
    return {"@type": kind, "name": account.source}


def _appearance(account: Account) -> dict[str, Any]:
    work: dict[str, Any] = {"@type": "CreativeWork"}
    href = safe_url(account.url)
    if href:
        work["url"] = href
    if account.via:
        work["publisher"] = {"@type": "Organization", "name": account.via}
    if published := iso_date(account.published):
        work["datePublished"] = published
    work["identifier"] = account.id
    return work


def _independent(report: Report, accounts: list[str]) -> int:
    return len({source_key(report.account(a).source) for a in accounts})


def reviews(report: Report) -> list[dict[str, Any]]:
    out = []
    for incident in report.incidents:
        for field in incident.conflicts:
            out.extend(_field_reviews(report, incident, field))
    return out


def _field_reviews(report: Report, incident: Incident, field: FieldAlignment) -> list[dict[str, Any]]:
    by_account = {v.account: v for v in field.values}
    everyone = [a for group in field.groups for a in group]
    found = []
    for group in field.groups:
        others = [a for a in everyone if a not in group]
        against = _independent(report, others)
        claims: dict[tuple[str, str], list[str]] = {}
        for account_id in group:
            value = by_account[account_id]
            claims.setdefault((source_key(value.source), fold(value.raw)), []).append(account_id)
        for accounts in claims.values():
            first = report.account(accounts[0])
            raw = by_account[accounts[0]].raw
            appearances = [_appearance(report.account(a)) for a in accounts]
            claim: dict[str, Any] = {
                "@type": "Claim",
                "author": _author(first),
                "appearance": appearances,
                "firstAppearance": appearances[0],
            }
            if published := iso_date(first.published):
                claim["datePublished"] = published
            review: dict[str, Any] = {
                "@type": "ClaimReview",
                "claimReviewed": f"{incident.title} · {field_label(field.field)}: “{raw}”",
                "itemReviewed": claim,
                "reviewRating": {
                    "@type": "Rating",
                    "alternateName": f"Conflicts with {against} other source{'' if against == 1 else 's'}",
                    "ratingExplanation": _explanation(report, field, others),
                },
                "author": {"@type": "Organization", "name": REVIEWER},
            }
            if report.generated_at and (generated := iso_date(report.generated_at)):
                review["datePublished"] = generated
            found.append(review)
    return found


def _explanation(report: Report, field: FieldAlignment, others: list[str]) -> str:
    by_account = {v.account: v for v in field.values}
    said = sorted({f"{report.account(a).source}: “{by_account[a].raw}”" for a in others})
    severity = f"a {field.severity} conflict" if field.severity else "a conflict"
    return f"{field_label(field.field)} is {severity}; other sources say " + "; ".join(said)


def to_claimreview(report: Report) -> str:
    document = {"@context": "https://schema.org", "@graph": reviews(report)}
    # <, > and & occur only inside JSON strings, where \u003c is the same character
    return json.dumps(document, ensure_ascii=False, indent=2).translate(SCRIPT_SAFE) + "\n"
