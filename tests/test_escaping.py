"""Input is text in every format: Markdown that a CommonMark renderer reads back as exactly that
text (no HTML, no link, no code span, table cell or heading broken), HTML that isolates it, and
no control or bidi character left to forge what a reader sees."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token

import reconcile
from reconcile.cells import isolate, visible
from reconcile.report.pages import md_cell, md_code
from tests.conftest import write

HOSTILE = [
    "<img src=x onerror=alert(1)>",
    "a\n\n<img src=x onerror=alert(1)>",
    "id\n\n<script>alert(1)</script>",
    "` <script>alert(1)</script> `",
    "``double`` and `single`",
    "x | y | z",
    "\\| an escaped pipe",
    "[click](javascript:alert(1))",
    "![img](http://x.example/y.png)",
    "<http://evil.example>",
    "<javascript:alert(1)>",
    "[x]: http://evil.example",
    "# heading",
    "> quote",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "12) item",
    "=====",
    "---",
    "**bold** _em_ ~~strike~~ __b__",
    "&lt;script&gt; &#60;b&#62; &amp; &copy;",
    "<!-- comment -->",
    "<![CDATA[x]]>",
    "trailing backslash \\",
    "hard\\\nbreak and  \ntwo spaces",
    "ends with #",
    "## ##",
    "\x1b[31mred\x1b[0m\r forged line",
    "\x00\x07\x7f\x85\x9b",
    "\u202eevil\u202c",
    "abc\u2069\u202edef",
    "\u2066isolate\u2069 \u202aembed\u202c \u202doverride",
    "مرحبا 23 (Dawn)",
    "a\u2028b\u2029c",
    "   spaces around   ",
    "<<<>>>&&&",
    "{{ jinja }} {% raw %}",
]


def _markdown() -> MarkdownIt:
    # html=True: a renderer that passes raw HTML through, the worst case a CMS could be
    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


def _expected(text: str) -> str:
    return isolate(visible(re.sub(r"\s+", " ", text).strip()))


def _inline(tokens: list[Token]) -> list[Token]:
    return [child for t in tokens if t.type == "inline" for child in (t.children or [])]


@pytest.mark.parametrize("text", HOSTILE)
@pytest.mark.parametrize(
    "where",
    [
        "| field | said |\n|---|---|\n| x | {} |\n",
        "- **source**: {}\n",
        "## {}\n",
        "Revision, killed: “{}” (2024-08-26)\n",
    ],
    ids=["table cell", "list item", "heading", "paragraph"],
)
def test_markdown_reads_back_as_the_text_and_nothing_else(text: str, where: str) -> None:
    document = where.format(md_cell(text))
    tokens = _markdown().parse(document)
    kinds = [t.type for t in tokens]
    assert not {"html_block", "code_block", "hr", "blockquote_open"} & set(kinds), document
    if where.startswith("|"):
        assert kinds.count("tr_open") == 2 and kinds.count("td_open") == 2  # the header and one row
    else:
        assert kinds.count("inline") == 1
    last = [t for t in tokens if t.type == "inline"][-1]
    assert {c.type for c in last.children or []} <= {"text", "strong_open", "strong_close"}, document
    said = "".join(c.content for c in last.children or [] if c.type == "text")
    expected = _expected(text)
    if where.startswith("Revision"):
        expected = f"Revision, killed: “{expected}” (2024-08-26)"
    elif where.startswith("-"):
        expected = f"source: {expected}"
    assert said == expected, document


@pytest.mark.parametrize("text", HOSTILE)
def test_an_id_is_one_code_span_holding_the_id(text: str) -> None:
    document = f"- **Dawn**, account {md_code(text)}: “the quote”\n"
    children = _inline(_markdown().parse(document))
    codes = [c for c in children if c.type == "code_inline"]
    assert len(codes) == 1, document
    assert codes[0].content == visible(re.sub(r"\s+", " ", text))
    assert "html_inline" not in {c.type for c in children}
    assert children[-1].content.endswith("“the quote”")


def test_ids_keep_their_backticks_in_markdown(tmp_path: Path) -> None:
    """Backticks were replaced by apostrophes: the id shown was not the id given."""
    accounts = write(tmp_path / "a.csv", "id,source,killed\na`b,A,5\n")
    markdown = reconcile.render(reconcile.reconcile(accounts), "md")
    codes = [c.content for c in _inline(_markdown().parse(markdown)) if c.type == "code_inline"]
    assert "a`b" in codes


HOSTILE_ACCOUNTS = [
    {
        "id": f"h{n}" + ("" if n % 3 else f"\n\n{text}"),
        "source": text if n % 2 else f"Source {n} {text}",
        "source_type": "media",
        "via": text,
        "published": "2024-08-26",
        "url": "https://example.org/?q=" + text if n % 2 else text,
        "quote": text,
        "location": "Quetta",
        "event_date": "2024-08-26",
        "killed": text if n % 4 else str(n),
        "event_type": text,
    }
    for n, text in enumerate(HOSTILE)
]


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> reconcile.Report:
    path = tmp_path_factory.mktemp("hostile") / "hostile.json"
    path.write_text(json.dumps(HOSTILE_ACCOUNTS), encoding="utf-8")
    return reconcile.reconcile(path)


def test_a_whole_markdown_report_of_hostile_input_has_no_html_and_every_id(
    hostile_report: reconcile.Report,
) -> None:
    markdown = reconcile.render(hostile_report, "md")
    tokens = _markdown().parse(markdown)
    children = _inline(tokens)
    assert not [t for t in tokens if t.type == "html_block"]
    assert not [c for c in children if c.type == "html_inline"]
    links = [c.attrs.get("href") for c in children if c.type == "link_open"]
    assert all(str(h).startswith(("https://", "http://")) for h in links)
    assert not [c for c in children if c.type == "image"]
    rendered = _markdown().render(markdown)
    assert not re.search(r"<(?:img|script|svg|iframe|a href=\"javascript)", rendered)
    codes = {c.content for c in children if c.type == "code_inline"}
    for account in hostile_report.accounts:
        assert visible(re.sub(r"\s+", " ", account.id)) in codes, account.id


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.mark.parametrize("fmt", ["html", "md"])
def test_no_bidi_control_from_the_input_reaches_a_page(hostile_report: reconcile.Report, fmt: str) -> None:
    text = reconcile.render(hostile_report, fmt)
    if fmt == "md":  # FSI .. PDI that we put around right-to-left text, balanced, nothing else
        text = re.sub("\u2068[^\u2066-\u2069\u202a-\u202e]*\u2069", "", text)
    assert not set(text) & set(BIDI)
    assert "\\u202e" in text
    assert not set(text) & {chr(c) for c in [*range(0, 9), *range(11, 32), *range(0x7F, 0xA0)]}


def test_html_isolates_every_input_text(tmp_path: Path) -> None:
    accounts = write(
        tmp_path / "a.csv",
        "id,source,via,location,event_date,killed,quote\n"
        "a,وزارة الداخلية,Dawn,Quetta,2024-08-26,5,قال\n"
        "b,Dawn,,Quetta,2024-08-26,6,said\n",
    )
    html = reconcile.render(reconcile.reconcile(accounts), "html")
    assert "<bdi>وزارة الداخلية</bdi>" in html
    assert "“<bdi>5</bdi>”" in html and "<blockquote><bdi>قال</bdi></blockquote>" in html
    assert "<code><bdi>a</bdi></code>" in html
    # in the chart's SVG text, where <bdi> cannot go
    assert ">\u2068وزارة الداخلية (via Dawn)\u2069</text>" in html
    markdown = reconcile.render(reconcile.reconcile(accounts), "md")
    assert "**\u2068وزارة الداخلية\u2069**" in markdown and "**Dawn**" in markdown


def test_check_shows_control_characters_instead_of_obeying_them(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from reconcile.cli import main

    accounts = write(
        tmp_path / "a.json",
        json.dumps(
            [
                {
                    "id": "x\x1b[2J\rforged",
                    "source": "Dawn\n\nevil-2  (a.json, row 9; source: Forged)\u202edesrever",
                    "killed": "5\x1b[31m",
                    "location": "Quetta\x07",
                }
            ]
        ),
    )
    result = CliRunner().invoke(main, ["check", str(accounts)])
    assert result.exit_code == 0, result.output
    assert not set(result.stdout) & {"\x1b", "\r", "\x07", "\u202e"}
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "x\\x1b[2J\\rforged  (" + str(accounts)
        + ", record 1; source: Dawn\\n\\nevil-2  (a.json, row 9; source: Forged)\\u202edesrever)"
    )  # fmt: skip
    assert "'5\\x1b[31m'" in result.stdout and "'Quetta\\x07'" in result.stdout
    assert len(lines) == 5  # the header, two values, a blank line, the total: no forged line
