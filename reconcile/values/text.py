"""Text normalisation shared by every kind: case, accents, punctuation, spaces; and `romanise`,
other scripts in Latin letters, for the kinds whose spellings cross scripts (places).

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


# Arabic script (Arabic, Persian, Urdu) writes consonants and long vowels only. anyascii spells
# each letter alone, so an alef, a waw or a ya that is a vowel comes out as nothing, "w" or "y"
# ("الموصل" -> "lmwsl"), and the article is glued to the name. Read first, word by word: the
# article `ال` split off as "al-" (the place key drops it as it drops a written "al-"); an alef
# or a hamza seat a vowel; a waw or a ya a consonant at the start of a word, else the vowel
# (u, i) it mostly is inside one ("موصل" -> "musl", as Mosul; "يونس" -> "yuns", as Yunis).
# Harakat and the tatweel are dropped: most text has none, and a name reads the same either way.
_ARABIC_WORD = re.compile(r"[\u0620-\u064a\u0660-\u06ff\u0750-\u077f\u08a0-\u08ff]+")
_ARABIC_ANY = re.compile(r"[\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")
_ARABIC_MARKS = re.compile(r"[\u0640\u064b-\u065f\u0670\u06d6-\u06ed]")
_ARABIC_VOWELS = {
    "ا": "a",  # alef
    "أ": "a",  # alef, hamza above
    "إ": "i",  # alef, hamza below
    "آ": "a",  # alef madda
    "ٱ": "a",  # alef wasla
    "ى": "a",  # alef maksura
    "ة": "a",  # ta marbuta
    "ۃ": "a",  # ta marbuta goal (Urdu)
    "ء": "",  # hamza
    "ؤ": "u",  # hamza on waw
    "ئ": "i",  # hamza on ya
    "ع": "a",  # ain: an apostrophe or nothing in Latin, a vowel's seat at the start of a name
}
_WAW_YA = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}  # (first letter, inside a word)


def _arabic_word(match: re.Match[str]) -> str:
    word = match.group()
    article = ""
    if word.startswith("ال") and len(word) > 3:
        article, word = "al-", word[2:]
    letters = [_WAW_YA[c][i > 0] if c in _WAW_YA else _ARABIC_VOWELS.get(c, c) for i, c in enumerate(word)]
    return article + "".join(letters)


@lru_cache(maxsize=1 << 20)
def romanise(text: str) -> str:
    """Other scripts in Latin letters (by anyascii; ASCII text is returned as it is), Arabic script
    read as above first: `"Донецк"` -> `Donetsk`, `"الموصل"` -> `al-musl`. For keys only: what a
    source wrote is kept and shown as written."""
    if text.isascii():
        return text
    from anyascii import anyascii

    if _ARABIC_ANY.search(text):
        text = _ARABIC_MARKS.sub("", unicodedata.normalize("NFKC", text))
        text = _ARABIC_WORD.sub(_arabic_word, text)
    return anyascii(text)


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
