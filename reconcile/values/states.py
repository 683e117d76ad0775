"""States as actors: the words that name a country, its organs, and the fillers between them.

Owns the table behind "the Sudanese army", "Israel Defense Forces", "armée nigérienne": every
country of ISO 3166-1 (pycountry) by its names, its English demonyms and alternative spellings
(countryinfo), and the French demonyms, extra forms and organ acronyms of `data/states.yaml`.
Built once per process, on first use (an accounts file without actors never pays for it).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from reconcile.values.text import fold
from reconcile.values.vocab import builtin_table

_TOKEN = re.compile(r"[^\W_]+")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
SHORT = 3  # names this short (US, UK, IDF) count only as written, in capitals


def tokens(text: str) -> tuple[list[str], list[str]]:
    """The words of a text as written and folded, one for one (a possessive 's goes; other
    apostrophes join, as `fold` does: "Kata'ib" is one word)."""
    raw = _TOKEN.findall(_POSSESSIVE.sub("", text).replace("'", "").replace("’", ""))
    return raw, ["".join(fold(t).split()) for t in raw]


def short(spelling: str) -> bool:
    return len(spelling.strip()) <= SHORT


@dataclass(frozen=True)
class StateWords:
    """`countries`: folded words of a country's name or demonym -> its ISO alpha-2 code;
    `short_countries`: the same for short forms, by their words as written; `organs`: folded
    words for a state's organs; `fillers`: single folded words that may stand beside them;
    `organs_of`: a state's named organs and acronyms (IDF, ISPR) -> alpha-2; `names`: alpha-2 ->
    the name a report shows."""

    countries: dict[tuple[str, ...], str]
    short_countries: dict[tuple[str, ...], str]
    organs: frozenset[tuple[str, ...]]
    fillers: frozenset[str]
    organs_of: dict[str, list[str]]
    names: dict[str, str]


@lru_cache(maxsize=1)
def state_words() -> StateWords:
    import countryinfo
    import pycountry

    data = builtin_table("states.yaml")
    spellings: dict[str, set[str]] = {}  # a country's spelling -> the codes that use it

    def add(code: str, spelling: str) -> None:
        if spelling and spelling.strip():
            spellings.setdefault(spelling.strip(), set()).add(code)

    codes = {c.alpha_2 for c in pycountry.countries}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            add(country.alpha_2, getattr(country, attribute, "") or "")
    for info in countryinfo.all_countries():
        iso = (info.info().get("ISO") or {}).get("alpha2")
        if iso not in codes:
            continue
        add(iso, info.name())
        add(iso, info.demonym() or "")
        for alternative in info.alt_spellings():
            if not short(alternative):  # ISO codes and the like: only the curated short forms below
                add(iso, alternative)
    for section in ("names", "demonyms_fr", "names_fr"):
        for code, forms in (data.get(section) or {}).items():
            for form in forms:
                add(str(code), str(form))
    chosen = {fold(k): str(v) for k, v in (data.get("demonym_of") or {}).items()}

    countries: dict[tuple[str, ...], str] = {}
    short_countries: dict[tuple[str, ...], str] = {}
    for spelling in sorted(spellings):
        owners = spellings[spelling]
        code = chosen.get(fold(spelling)) or (next(iter(owners)) if len(owners) == 1 else None)
        if code is None:
            continue  # a spelling two countries share, with no reading chosen: neither
        raw, folded = tokens(spelling)
        if not folded:
            continue
        if short(spelling):
            short_countries.setdefault(tuple(raw), code)
        else:
            countries.setdefault(tuple(folded), code)

    names = {}
    display = {str(k): str(v) for k, v in (data.get("display") or {}).items()}
    for country in pycountry.countries:
        names[country.alpha_2] = (
            display.get(country.alpha_2) or getattr(country, "common_name", "") or country.name
        )
    return StateWords(
        countries=countries,
        short_countries=short_countries,
        organs=frozenset(tuple(tokens(str(w))[1]) for w in data["organs"] if tokens(str(w))[1]),
        fillers=frozenset(fold(str(w)) for w in data["fillers"]),
        organs_of={str(k): [str(a) for a in v] for k, v in (data.get("organs_of") or {}).items()},
        names=names,
    )


def state_name(code: str) -> str:
    """The actor a country's state is: "Sudan (state)"."""
    return f"{state_words().names[code]} (state)"
