"""Report model -> HTML, Markdown, JSON (v1) and CSV (long form).

Owns rendering and nothing else: every format reads the same frozen
`Report`. One jinja Environment with autoescape for `.html.j2` and
StrictUndefined; links only for http/https; CSV cells guarded against
formula injection.
"""

from __future__ import annotations

from pathlib import Path

from reconcile.model import Report
from reconcile.report.as_csv import to_csv
from reconcile.report.as_json import to_json
from reconcile.report.pages import to_html, to_markdown

FORMATS = ("html", "md", "json", "csv")
EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".json": "json",
    ".csv": "csv",
}


def format_for(path: str | Path) -> str | None:
    """The format a file name asks for, by its extension; None when it says nothing."""
    return EXTENSIONS.get(Path(path).suffix.casefold())


def render(report: Report, fmt: str) -> str:
    """The report as text in one of FORMATS."""
    if fmt == "html":
        return to_html(report)
    if fmt == "md":
        return to_markdown(report)
    if fmt == "json":
        return to_json(report)
    if fmt == "csv":
        return to_csv(report)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


__all__ = ["FORMATS", "format_for", "render"]
