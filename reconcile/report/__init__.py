"""Report model -> HTML, Markdown, JSON (v1), CSV (long form), schema.org ClaimReview, and a
pandas DataFrame in long form (`to_frame`).

Owns rendering and nothing else: every format reads the same frozen
`Report`. One jinja Environment with autoescape for `.html.j2` and
StrictUndefined; links only for http/https; CSV cells guarded against
formula injection.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from reconcile.model import Report
from reconcile.report.as_csv import to_csv
from reconcile.report.as_frame import to_frame
from reconcile.report.as_json import to_json
from reconcile.report.claimreview import to_claimreview
from reconcile.report.pages import to_html, to_markdown

RENDERERS: dict[str, Callable[[Report], str]] = {
    "html": to_html,
    "md": to_markdown,
    "json": to_json,
    "csv": to_csv,
    "claimreview": to_claimreview,
}
FORMATS = tuple(RENDERERS)
# The file name ending each format is written with; `format_for` reads them back.
SUFFIXES = {
    "html": ".html",
    "md": ".md",
    "json": ".json",
    "csv": ".csv",
    "claimreview": ".claimreview.jsonld",
}
EXTENSIONS = {".html": "html", ".htm": "html", ".md": "md", ".markdown": "md", ".json": "json", ".csv": "csv"}
EXTENSIONS[".jsonld"] = "claimreview"


def format_for(path: str | Path) -> str | None:
    """The format a file name asks for, by its extension; None when it says nothing."""
    return EXTENSIONS.get(Path(path).suffix.casefold())


def render(report: Report, fmt: str) -> str:
    """The report as text in one of FORMATS."""
    if fmt not in RENDERERS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    return RENDERERS[fmt](report)


__all__ = ["FORMATS", "SUFFIXES", "format_for", "render", "to_frame"]
