"""HTML and Markdown pages from templates: one jinja Environment, autoescaped for HTML.

Owns the template environment and the filters the templates use. Links are
made only from http/https URLs; anything else is shown as text.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zlib
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, urlsplit

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from reconcile.cells import isolate, visible
from reconcile.model import STATUSES, FieldAlignment, FieldValue, Incident, Printable, Report
from reconcile.printable import RULES as PRINTABLE_RULES
from reconcile.report.charts import SOURCE_COLOURS, range_chart, revision_timeline
from reconcile.schema import field_order
from reconcile.words import counted, number

STATUS_WORDS = {
    "conflict": ("✖", "conflict", "at least two values cannot both be true"),
    "compatible": ("≈", "compatible", "the values overlap but are not the same"),
    "differs": ("≠", "differs", "worded differently; not a factual conflict"),
    "single": ("①", "single source", "only one source gives this: uncorroborated"),
    "agree": ("✔", "agree", "every source gives the same value"),
}
FIELD_LABELS = {
    "event_date": "Date",
    "location": "Place",
    "event_type": "What happened",
    "perpetrator": "Perpetrator",
    "claimed_by": "Claimed by",
    "denied_by": "Denied by",
    "killed": "Killed",
    "injured": "Injured",
    "killed_civilians": "Civilians killed",
    "killed_security": "Security forces killed",
    "killed_militants": "Militants killed",
    "abducted": "Abducted",
    "vehicles_burned": "Vehicles burned",
    "victims": "Who the victims were",
}


def safe_url(url: str) -> str | None:
    """The URL if it is an absolute http(s) link, else None (shown as text, never as a link)."""
    text = url.strip()
    if not text or any(c in text for c in "\x00\n\r\t "):
        return None
    parts = urlsplit(text)
    if parts.scheme.casefold() not in ("http", "https") or not parts.netloc:
        return None
    return text


def field_label(field: str) -> str:
    return FIELD_LABELS.get(field, field.replace("_", " ").capitalize())


# Markdown: characters that open inline structure (code spans, emphasis, strikethrough, links and
# images, table cells, headings' closing #s) are backslash-escaped; <, > and & become entities, so
# no HTML tag, comment or entity can be formed; whitespace, newlines included, becomes one space,
# so no text can end a paragraph, a table row or a code span, or start a block of its own.
_MD_ESCAPED = re.compile(r"([\\`*_~\[\]|#])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_BLOCK_START = re.compile(r"^([-+=]|\d+(?=[.)]))")  # a list item, a setext underline, "1." / "1)"


def _escape_block_start(match: re.Match[str]) -> str:
    return match.group() + "\\" if match.group()[0].isdigit() else "\\" + match.group()


def md_cell(text: Any) -> Markup:
    """Input text as Markdown that renders as that text and nothing else, and stays inside one
    table cell, list item or heading: see _MD_ESCAPED. Control and bidi characters are shown as
    escapes; a right-to-left text is isolated (FSI .. PDI)."""
    value = visible(re.sub(r"\s+", " ", str(text)).strip())
    value = _MD_ESCAPED.sub(r"\\\1", value)
    value = re.sub(r"[&<>]", lambda m: _MD_ENTITIES[m.group()], value)
    value = _MD_BLOCK_START.sub(_escape_block_start, value)
    return Markup(isolate(value))  # Markup: done; the environment's `finalize` leaves it alone


def md_code(text: Any) -> Markup:
    """Input text as one Markdown code span (ids): the fence is one backtick longer than any run
    of backticks inside, padded with a space where the text starts or ends with a backtick or a
    space; whitespace becomes one space and controls are shown, so nothing ends the span early.
    Inside a code span nothing is markup: `<img>` shows as text."""
    value = visible(re.sub(r"\s+", " ", str(text)))
    if not value.strip():  # an empty code span cannot be written: say what is there
        return md_cell(f"(empty: {value!r})")
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value[0] in "` " or value[-1] in "` " else ""
    return Markup(isolate(f"{fence}{pad}{value}{pad}{fence}"))


def md_url(url: str) -> str:
    """An http(s) URL safe inside a Markdown link target: no spaces, brackets or angle brackets."""
    return quote(url, safe=":/?#@!$&'*+,;=%-._~")


def shown(value: Any) -> Any:
    """Every value a template prints (jinja's `finalize`): a text's control and bidi characters
    shown as escapes (newlines and tabs kept: a page treats them as spaces), so that input cannot
    reverse or hide the text around it; markup we made (Markup) and numbers pass unchanged."""
    if type(value) is str or (isinstance(value, str) and not isinstance(value, Markup)):
        return visible(value, keep="\n\t")  # a plain str is tested first: most values are
    return value


def bdi(value: Any) -> Markup:
    """Input text for an HTML page, isolated in <bdi> (direction from its own first strong
    letter), so that a right-to-left name cannot reorder the words, commas and figures around it."""
    return _bdi(value) if type(value) is str else _bdi(str(value))


@lru_cache(maxsize=1 << 16)  # sources, dates and figures recur on every incident of a report
def _bdi(text: str) -> Markup:
    return Markup(f"<bdi>{escape(shown(text))}</bdi>")


def svg_text(value: Any) -> Markup:
    """Input text for SVG <text>, where <bdi> does not exist: escaped, controls shown, and a
    right-to-left text isolated between FSI and PDI."""
    return Markup(isolate(str(escape(visible(str(value))))))


def group_letter(index: int) -> str:
    return chr(ord("A") + index) if index < 26 else str(index + 1)


def conflict_sides(report: Report, field: FieldAlignment) -> list[dict[str, Any]]:
    """For a conflicting field: each group with its distinct words and its sources (words a value
    was derived from marked so: "18 soldiers and 4 civilians (derived from killed)"). Any two
    groups cannot both be true; `conflict_bridges` gives the values compatible with several."""
    by_account = {v.account: v for v in field.values}
    return [
        {"letter": group_letter(index), **_said(report, by_account, group)}
        for index, group in enumerate(field.groups)
    ]


def _said(report: Report, by_account: dict[str, FieldValue], accounts: Sequence[str]) -> dict[str, list[str]]:
    """The distinct words of some accounts' values (derived ones marked so) and their sources."""
    return {
        "words": list(dict.fromkeys(_words(by_account[a]) for a in accounts)),
        "sources": list(dict.fromkeys(_who(report, a) for a in accounts)),
    }


def _words(value: FieldValue) -> str:
    return f"{value.raw} (derived from {value.derived_from})" if value.derived_from else value.raw


def conflict_bridges(report: Report, field: FieldAlignment) -> list[dict[str, Any]]:
    """For a conflicting field: the values that belong to no one group, each with its words, its
    sources and the letters of the groups it is compatible with ("at least 20" beside A: 22 and
    B: 23 is compatible with A and B, not a side of their conflict)."""
    by_account = {v.account: v for v in field.values}
    return [
        {"letters": [group_letter(n) for n in bridge.groups], **_said(report, by_account, bridge.accounts)}
        for bridge in field.bridges
    ]


def _who(report: Report, account_id: str) -> str:
    account = report.account(account_id)
    if account.via and account.via != account.source:
        return f"{account.source} (via {account.via})"
    return account.source


def groups_by_account(field: FieldAlignment) -> dict[str, str]:
    """In a conflict, each account's group letter; for a value compatible with several groups
    (a bridge), their letters joined by "+" ("A+B")."""
    if field.status != "conflict":
        return {}
    letters = {a: group_letter(n) for n, group in enumerate(field.groups) for a in group}
    for bridge in field.bridges:
        letters.update((a, bridge_letters(bridge.groups)) for a in bridge.accounts)
    return letters


def bridge_letters(groups: tuple[int, ...]) -> str:
    """A bridge's tag: "A+B" for a value compatible with groups A and B; "≈A" for one compatible
    with group A alone that is not of it (it fits a value outside every group); "" for none."""
    letters = [group_letter(n) for n in groups]
    return "+".join(letters) if len(letters) != 1 else f"≈{letters[0]}"


def fits(letters: list[str]) -> str:
    """What a bridge is compatible with, in words."""
    if not letters:
        return "compatible with none of the groups, only with other values between them"
    if len(letters) == 1:
        return f"compatible with {letters[0]}"
    return f"compatible with {', '.join(letters[:-1])} and {letters[-1]}"


def group_title(tag: str) -> str:
    """The tooltip of a group tag in an incident's table."""
    if "+" in tag:
        return f"compatible with groups {tag.replace('+', ' and ')}: on neither side of their conflict"
    if tag.startswith("≈"):
        return f"compatible with group {tag[1:]}, not one of it"
    return f"group {tag}: sources that agree among themselves"


def accounts_of(report: Report, incident: Incident) -> list[Any]:
    return [report.account(a) for a in incident.accounts]


def ordered_incidents(report: Report) -> list[Incident]:
    """Incidents with conflicts first, the most severe first (more major conflicts, then more
    conflicts), then the rest; ties in report order."""

    def most_severe_first(entry: tuple[int, Incident]) -> tuple[int, int, int, int]:
        position, incident = entry
        conflicts = incident.conflicts
        major = sum(1 for f in conflicts if f.severity == "major")
        return (0 if conflicts else 1, -major, -len(conflicts), position)

    return [incident for _, incident in sorted(enumerate(report.incidents), key=most_severe_first)]


LISTED_AT_MOST = 100  # conflicts (and claims resting on parties) listed at the top of a report
SEVERITY_ORDER = {"major": 0, "minor": 1}


Listed = tuple[list[tuple[Incident, FieldAlignment]], int]


def conflicts_first(report: Report, at_most: int = LISTED_AT_MOST) -> Listed:
    """The conflicts listed at the top: major before minor, each in `ordered_incidents` order; at
    most `at_most`, and how many more there are (the index, filtered, shows them all)."""
    conflicts = [(i, f) for i in ordered_incidents(report) for f in i.conflicts]
    conflicts.sort(key=lambda entry: SEVERITY_ORDER.get(entry[1].severity, 2))
    return _first(conflicts, at_most)


def parties_first(report: Report, at_most: int = LISTED_AT_MOST) -> Listed:
    """The fields that rest only on parties to the conflict, as `conflicts_first` lists them."""
    return _first([(i, f) for i in ordered_incidents(report) for f in i.fields if f.parties_only], at_most)


def _first(entries: list[tuple[Incident, FieldAlignment]], at_most: int) -> Listed:
    return entries[:at_most], max(len(entries) - at_most, 0)


COLLAPSE_ABOVE = 12  # in reports with more incidents, those without a conflict start collapsed
LAZY_ABOVE = 200  # in reports with more incidents, each incident's detail is drawn when opened
INDEX_PAGE = 100  # incidents per page of the index, in reports of more than LAZY_ABOVE


def lazy(report: Report) -> bool:
    """Whether each incident's detail waits, as text the page does not draw, until it is opened."""
    return len(report.incidents) > LAZY_ABOVE


def held_back(body: Markup) -> str:
    """An incident's detail, held for the page's script to draw when the incident is opened: its
    HTML compressed (zlib, which the browser's DecompressionStream("deflate") reads) and written
    in base64, the text of a <script type="application/octet-stream">: nothing in it can end the
    element early or be read as markup, and a large report is a sixth of its size to load."""
    return base64.b64encode(zlib.compress(str(body).encode("utf-8"), 6)).decode("ascii")


def drawn(held: str) -> str:
    """The detail `held_back` holds, as the page's script draws it (for tests and tools)."""
    return zlib.decompress(base64.b64decode(held)).decode("utf-8")


def field_statuses(incident: Incident) -> str:
    """`field:status` for every field of an incident, for the filters of a page whose detail is
    not drawn yet."""
    return " ".join(f"{f.field}:{f.status}" for f in incident.fields)


COLUMNS_UP_TO = 4  # an incident with more accounts lists each field's values instead of a column each


def one_column_each(incident: Incident) -> bool:
    """Whether the incident's table has a column for each account (a few accounts: a source's
    values read down its column), or lists each field's values with their sources (many: the
    table stays as wide as the page, however many sources there are)."""
    return len(incident.accounts) <= COLUMNS_UP_TO


def said_by(report: Report, incident: Incident, field: FieldAlignment) -> list[dict[str, Any]]:
    """A field's values for the many-sources table: accounts with the same words in one entry
    that names them all; in a conflict, group by group (A, B, ...), so that the sources behind a
    figure read together; values later revised by their own source last."""
    number_of = {a: n for n, a in enumerate(incident.accounts, start=1)}
    letters = groups_by_account(field)
    order = {a: n for n, group in enumerate(field.groups) for a in group} if letters else {}
    if letters:  # bridges after the groups
        order.update((a, len(field.groups) + n) for n, b in enumerate(field.bridges) for a in b.accounts)
    current = sorted(
        (v for v in field.values if not v.superseded), key=lambda v: order.get(v.account, len(order))
    )
    entries: dict[tuple[str, str, str, str, bool], dict[str, Any]] = {}
    for v in [*current, *(v for v in field.values if v.superseded)]:
        key = (letters.get(v.account, ""), v.raw, v.value, v.note, v.superseded)
        entry = entries.setdefault(
            key,
            {"letter": key[0], "raw": v.raw, "value": v.value, "note": v.note, "superseded": v.superseded,
             "sources": []},
        )  # fmt: skip
        account = report.account(v.account)
        via = account.via if account.via and account.via != account.source else ""
        entry["sources"].append({"source": account.source, "via": via, "number": number_of[v.account]})
    return list(entries.values())


def legend_types(report: Report, incident: Incident) -> list[tuple[str, str]]:
    """The source types drawn in the incident's charts, with their colours, in the legend's order."""
    drawn = {
        report.account(v.account).source_type
        for f in incident.fields
        if f.kind == "count"
        for v in f.values
        if not v.superseded and v.low is not None
    } | {report.account(r.steps[-1].account).source_type for f in incident.fields for r in f.revisions}
    shown = [t for t in SOURCE_COLOURS if t and t in drawn]
    if drawn - set(shown) and "other" not in shown:  # an unknown or empty type is drawn as "other"
        shown.append("other")
    return [(t, SOURCE_COLOURS[t]) for t in shown]


@lru_cache(maxsize=1)
def filter_script() -> tuple[Markup, Markup]:
    """The page's one inline script and its CSP hash: the policy allows that script and no other."""
    text = (
        resources.files("reconcile.report")
        .joinpath("templates", "_partials", "filters.js")
        .read_text("utf-8")
    )
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return Markup(text), Markup(f"'sha256-{digest}'")


def starts_open(report: Report, incident: Incident) -> bool:
    if lazy(report):
        return False
    return len(report.incidents) <= COLLAPSE_ABOVE or bool(incident.conflicts)


def report_fields(report: Report) -> list[str]:
    """Every field some incident aligns, in the standard order, for the field filter."""
    return field_order(sorted({f.field for i in report.incidents for f in i.fields}))


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("reconcile.report", "templates"),
        # Escape everything (HTML, SVG partials, strings) except the Markdown template, which escapes
        # with its own filter: a new template is safe by default, whatever its name.
        autoescape=select_autoescape(
            enabled_extensions=("html.j2", "svg.j2"), disabled_extensions=("md.j2",), default=True
        ),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        finalize=shown,
    )
    env.filters.update(
        safe_url=safe_url,
        field_label=field_label,
        md=md_cell,
        md_code=md_code,
        md_url=md_url,
        bdi=bdi,
        svg_text=svg_text,
        low_best_high=low_best_high,
        counted=counted,
        number=number,
        fits=fits,
    )
    env.globals.update(
        STATUSES=STATUSES,
        STATUS_WORDS=STATUS_WORDS,
        conflict_sides=conflict_sides,
        conflict_bridges=conflict_bridges,
        group_title=group_title,
        accounts_of=accounts_of,
        range_chart=range_chart,
        revision_timeline=revision_timeline,
        starts_open=starts_open,
        report_fields=report_fields,
        filter_script=filter_script,
        one_column_each=one_column_each,
        said_by=said_by,
        legend_types=legend_types,
        SOURCE_COLOURS=SOURCE_COLOURS,
        groups_by_account=groups_by_account,
        ordered_incidents=ordered_incidents,
        conflicts_first=conflicts_first,
        parties_first=parties_first,
        lazy=lazy,
        field_statuses=field_statuses,
        held_back=held_back,
        INDEX_PAGE=INDEX_PAGE,
        PRINTABLE_RULES=PRINTABLE_RULES,
    )
    return env


def low_best_high(printable: Printable) -> str:
    """ "low 22 · best 23 · high 30" (— where there is none), or "" where the rule allows none."""
    if printable.low is None:
        return ""
    return " · ".join(
        f"{name} {'—' if n is None else f'{n:,}'}"
        for name, n in (("low", printable.low), ("best", printable.best), ("high", printable.high))
    )


def to_html(report: Report) -> str:
    return environment().get_template("report.html.j2").render(report=report)


def to_markdown(report: Report) -> str:
    return environment().get_template("report.md.j2").render(report=report)
