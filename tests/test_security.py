"""Reports are read in browsers and spreadsheets: input is text, never markup, script or formula."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import reconcile
from tests.conftest import write

HOSTILE = [
    {
        "id": "evil-1",
        "source": '<script>alert("source")</script>',
        "source_type": "media",
        "via": '"onmouseover="alert(1)',
        "url": "javascript:alert(document.cookie)",
        "quote": '<script>alert("quote")</script> and <img src=x onerror=alert(2)> "onmouseover=alert(3)',
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": '=HYPERLINK("http://evil.example","23")',
        "event_type": "<b>bold</b>",
    },
    {
        "id": "evil-2",
        "source": "+cmd|' /C calc'!A0",
        "source_type": "media",
        "url": "https://example.org/ok?a=1&b=<2>",
        "quote": "@SUM(1+1)",
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": "-2+3",
        "event_type": "data:text/html,<script>alert(4)</script>",
    },
    {  # a readable figure, so that the source's name is drawn in a chart too
        "id": "evil-3",
        "source": '<script>alert("chart")</script>',
        "source_type": "media",
        "via": "<svg onload=alert(5)>",
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": "7",
    },
    {
        "id": "evil-4",
        "source": "</title><script>alert(6)</script>",
        "source_type": "media",
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": "70",
    },
]


@pytest.fixture
def hostile_report(tmp_path: Path) -> reconcile.Report:
    import json

    return reconcile.reconcile(write(tmp_path / "hostile.json", json.dumps(HOSTILE)))


class Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs.extend(attrs)


def test_html_shows_hostile_input_as_text(hostile_report: reconcile.Report) -> None:
    html = reconcile.render(hostile_report, "html")
    parsed = Collector()
    parsed.feed(html)
    assert "<svg" in html  # the charts are drawn, with the hostile names in them
    assert parsed.tags.count("script") == 1  # ours alone: see test_the_only_script_is_ours
    assert "img" not in parsed.tags and "b" not in parsed.tags
    assert not any(name.startswith("on") for name, _ in parsed.attrs)
    assert html.count("<svg") == html.count("</svg>")  # no SVG opened by the input
    assert "&lt;script&gt;alert(&#34;quote&#34;)&lt;/script&gt;" in html
    hrefs = [value or "" for name, value in parsed.attrs if name == "href"]
    assert all(h.startswith(("#", "https://", "http://")) for h in hrefs)
    assert "javascript:" not in " ".join(hrefs)
    assert any(h.startswith("https://example.org/ok?a=1&b=") for h in hrefs)


def test_html_has_no_external_reference(hostile_report: reconcile.Report) -> None:
    html = reconcile.render(hostile_report, "html")
    parsed = Collector()
    parsed.feed(html)
    assert {"link", "iframe", "object", "embed", "img", "audio", "video", "source"}.isdisjoint(parsed.tags)
    assert not [v for n, v in parsed.attrs if n in ("src", "srcset", "data", "poster")]
    assert "default-src 'none'" in html  # the CSP forbids any load the page might still try
    assert not re.search(r"url\(\s*['\"]?https?:", html)
    assert "@import" not in html


def test_markdown_has_no_html(hostile_report: reconcile.Report) -> None:
    markdown = reconcile.render(hostile_report, "md")
    parsed = Collector()
    parsed.feed(markdown)
    assert parsed.tags == []
    assert "javascript:" not in markdown.replace("javascript:alert", "") or "(javascript:" not in markdown
    assert "](javascript:" not in markdown and "<javascript:" not in markdown


FORMULA = ("=", "+", "-", "@", "\t", "\r")


def test_csv_is_safe_against_formula_injection(hostile_report: reconcile.Report) -> None:
    rows = list(csv.reader(io.StringIO(reconcile.render(hostile_report, "csv"))))
    cells = [cell for row in rows for cell in row]
    assert not [c for c in cells if c.startswith(FORMULA)]
    assert '\'=HYPERLINK("http://evil.example","23")' in cells
    assert "'+cmd|' /C calc'!A0" in cells
    assert "'@SUM(1+1)" in cells


def test_json_keeps_hostile_text_verbatim(hostile_report: reconcile.Report) -> None:
    import json

    document = json.loads(reconcile.render(hostile_report, "json"))
    assert document["accounts"][0]["quote"] == HOSTILE[0]["quote"]
    assert document["accounts"][0]["url"] == "javascript:alert(document.cookie)"


def test_the_only_script_is_ours_and_the_policy_allows_nothing_else(hostile_report: reconcile.Report) -> None:
    import base64
    import hashlib

    from reconcile.report.pages import filter_script

    html = reconcile.render(hostile_report, "html")
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert len(scripts) == 1
    attributes, body = scripts[0]
    assert attributes == ""  # inline, no src
    assert body == str(filter_script()[0])
    digest = base64.b64encode(hashlib.sha256(body.encode()).digest()).decode()
    (policy,) = re.findall(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert f"script-src 'sha256-{digest}';" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
