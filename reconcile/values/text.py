"""Text normalisation shared by every kind: case, accents, punctuation, spaces."""

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
