"""Text normalisation shared by every kind: case, accents, punctuation, spaces.

Also owns the words that say a value is missing (`MISSING_WORDS`, `is_missing`): every kind reads
them the same way, a count, a date, a place or plain text."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_NOT_WORD = re.compile(r"[^\w]+")


@lru_cache(maxsize=1 << 20)
def fold(text: str) -> str:
    """Casefolded, accents stripped, punctuation to single spaces: `"Musa-Khél "` -> `musa khel`."""
    if text.isascii():  # nothing to decompose; casefold is lower for ASCII
        return _NOT_WORD.sub(" ", text.replace("'", "").lower()).replace("_", " ").strip()
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("'", ""))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_WORD.sub(" ", bare.casefold()).replace("_", " ").strip()


_SPACE_RUN = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def identity(text: str) -> str:
    """The key under which two labels or two source names are one: case-insensitive (casefolded,
    Unicode-normalised by NFKC) and space-insensitive (trimmed, runs of spaces as one), with
    punctuation and accents kept: `" Dawn "` = `"DAWN"` = `"dawn"`, but `"C++"`, `"C#"` and `"C"`
    are three, and so are `"Le Monde"` and `"Le Mondé"`. `fold` is for spellings of one name
    (places, event types); an identity is what a user or a source wrote to tell things apart.

    (Accents are kept because a label or a name is written by one hand; folding them would merge
    what the writer kept apart, which the contract forbids for labels.)"""
    return _SPACE_RUN.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


# What sources write for "not given" (DESIGN.md: empty, `unknown`, `n/a`, `-` are missing).
# Compared folded, so case, dots and slashes do not matter (`N/A`, `n.a.`, `Unknown.`), and a cell
# with no letter or digit at all (`-`, `—`, `?`, `...`) folds to "" and is missing too.
MISSING_WORDS = frozenset(
    {
        "",
        "-",
        "?",
        "unknown",
        "n/a",
        "na",
        "not known",
        "unclear",
        "null",
        "none given",
        "not given",
        "not reported",
        "unreported",
        "tbd",
        "unconfirmed number",
    }
)
_MISSING_KEYS = frozenset(fold(word) for word in MISSING_WORDS)
_LONGEST_MISSING = max(map(len, MISSING_WORDS)) + 6  # longer text is never one (room for spaces, dots)


def is_missing(text: str) -> bool:
    """Whether a cell says nothing: one of `MISSING_WORDS`, however written."""
    text = text.strip()
    return len(text) <= _LONGEST_MISSING and fold(text) in _MISSING_KEYS
