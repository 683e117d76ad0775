"""What makes a text from the input safe where it is shown: in a spreadsheet, a terminal, a page.

A cell that starts with one of FORMULA_STARTS would be evaluated as a formula, so every CSV
writer (the report's, the match table's, extract's) prefixes it with an apostrophe.

Control characters (C0, DEL, C1: ESC starts a terminal's escape sequences, CR returns to the
start of the line) and the bidi embeddings, overrides and isolates (U+202A..U+202E,
U+2066..U+2069: U+202E shows the text after it reversed) can forge what a reader sees; `visible`
writes each as an escape a reader can see (\\x1b, \\r, \\u202e), as Python's repr does. The
bidi marks (U+200E, U+200F, U+061C) cannot override anything and are kept: Arabic and Urdu
text uses them. `isolate` wraps a text that holds right-to-left letters in U+2068 FIRST STRONG
ISOLATE .. U+2069 POP DIRECTIONAL ISOLATE, so that it cannot reorder the text around it; once
`visible` has removed every bidi control from inside, nothing can close the isolate early.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def formula_guarded(text: str) -> str:
    """A CSV cell's text that no spreadsheet evaluates: an apostrophe before a formula start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """CSV with \\n line ends and minimal quoting, except that a row with a carriage return in
    a cell is quoted whole: the csv module quotes a cell only for the line terminator's
    characters, so a bare CR went out unquoted and split the row in a spreadsheet, the part
    after it a new row whose first cell escaped the formula guard."""
    buffer = io.StringIO()
    minimal = csv.writer(buffer, lineterminator="\n")
    every = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    minimal.writerow(header)
    for row in rows:
        (every if any("\r" in cell for cell in row) else minimal).writerow(row)
    return buffer.getvalue()


BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_HIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029" + BIDI_CONTROLS + "]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
FSI, PDI = "\u2068", "\u2069"


def _shown(character: str) -> str:
    code = ord(character)
    return _NAMED.get(character) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str, keep: str = "") -> str:
    """`text` with every control character and bidi control written as a visible escape, except
    the characters in `keep` (a page keeps its newlines and tabs: they are only whitespace there)."""
    if text.isascii() and text.isprintable():  # no control character: nothing to show
        return text
    return _HIDDEN.sub(lambda m: m.group() if m.group() in keep else _shown(m.group()), text)


def has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def isolate(text: str) -> str:
    """`text` between FSI and PDI when it holds right-to-left letters (unchanged otherwise);
    call it on a text that `visible` has already cleaned."""
    return f"{FSI}{text}{PDI}" if has_right_to_left(text) else text
