"""Victim categories: who the victims were (civilians, security forces, militants).

Owns reading a phrase into a set of categories. Phrases about disguise ("in
civilian clothes", "posing as civilians") describe dress, not status, and are
removed first, so that "military personnel travelling in civilian clothes"
reads as security forces and conflicts with "innocent citizens".
"""

from __future__ import annotations

import re

from reconcile.values.text import fold

CIVILIANS, SECURITY, MILITANTS = "civilians", "security forces", "militants"
ORDER = (CIVILIANS, SECURITY, MILITANTS)
MIXED_UNSPECIFIED = frozenset({"mixed"})

DISGUISE = re.compile(
    r"\b(?:in|wearing|dressed in) (?:civilian|plain|civil|civvy) (?:clothes|clothing|dress)\b"
    r"|\b(?:disguised|posing|dressed|travelling|traveling) as civilians\b|\bplain ?clothes(?:men)?\b"
)
WORDS = {
    CIVILIANS: r"civilians?|citizens?|passengers?|passers ?by|passersby|labou?rers?|workers?|"
    r"travell?ers?|residents?|villagers?|non combatants?|women|children|bystanders?|commuters?|"
    r"drivers?|barbers?|students?|worshippers?|pilgrims?|shopkeepers?|farmers?|tribal elders?|"
    r"settlers?|(?:people|individuals|persons|men|travellers) from punjab|punjabis?|innocent people",
    SECURITY: r"soldiers?|military|army|security (?:forces|personnel|officials?|men)|police(?:men)?|"
    r"police officers?|officers?|personnel|troops?|fc|frontier corps|levies|servicemen|jawans?|"
    r"constables?|guards?|sepoys?|paramilitar(?:y|ies)|ctd",
    MILITANTS: r"militants?|rebels?|rebel fighters?|fighters?|insurgents?|terrorists?|attackers?|"
    r"assailants?|gunmen|separatists?|suicide bombers?|bombers?|khawarij",
}
PATTERNS = {category: re.compile(rf"\b(?:{words})\b") for category, words in WORDS.items()}


def parse_victims(raw: str) -> frozenset[str] | None:
    """The categories named, or None when the phrase names none we know."""
    text = DISGUISE.sub(" ", fold(raw))
    if text in ("mixed", "both", "mixed civilians and security forces"):
        return MIXED_UNSPECIFIED
    found = frozenset(c for c, pattern in PATTERNS.items() if pattern.search(text))
    return found or None


def relation(a: frozenset[str], b: frozenset[str]) -> str:
    if a == b:
        return "agree"
    if a == MIXED_UNSPECIFIED or b == MIXED_UNSPECIFIED:
        return "compatible"
    if a <= b or b <= a:
        return "compatible"
    return "conflict"


def display(categories: frozenset[str]) -> str:
    if categories == MIXED_UNSPECIFIED:
        return "mixed"
    named = [c for c in ORDER if c in categories]
    return named[0] if len(named) == 1 else "mixed (" + ", ".join(named) + ")"
