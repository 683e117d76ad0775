"""Victim categories: who the victims were (civilians, security forces, militants, and the
narrower groups reports name).

Owns reading a phrase into a set of categories. Phrases about disguise ("in
civilian clothes", "posing as civilians") describe dress, not status, and are
removed first, so that "military personnel travelling in civilian clothes"
reads as security forces and conflicts with "innocent citizens".

Each category stands for one or more of the three broad ones, which decide what conflicts:

- journalists, medical staff, aid workers, worshippers and displaced people are civilians
  (`journalists` and `civilians` are compatible, not agree; two of them are compatible);
- prisoners of war are combatants hors de combat: security forces or militants, never civilians;
- detainees and hostages may be anyone held (civilians, soldiers or fighters): compatible
  with every category;
- "fighters" (French "combattants") are militants only where the text says whose fighters
  and they are a group's ("Hamas fighters", "fighters of al-Shabaab", "rebel fighters"), security
  forces where they are a state's ("Sudanese fighters", "government fighters"); alone,
  "fighters" may be either, and is compatible with both and in conflict with civilians. A
  state's "soldiers" or "troops" are security forces. "Forces" are read the same way ("Israeli
  forces", "Rapid Support Forces") and name no category where the text does not say whose. A
  group's "members" name none: what they are is the text's to say.

In a compound the last noun names the victims ("National Liberation Army guerrillas" are
militants, "women soldiers" security forces); words joined by "and", "or" or a comma each count
("soldiers and civilians").

Two values are compatible when some reading of each (one broad category per category named)
makes one's set of broad categories lie within the other's.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reconcile.values.text import fold

CIVILIANS, SECURITY, MILITANTS = "civilians", "security forces", "militants"
MIXED_UNSPECIFIED = frozenset({"mixed"})

DISGUISE = re.compile(
    r"\b(?:in|wearing|dressed in) (?:civilian|plain|civil|civvy) (?:clothes|clothing|dress)\b"
    r"|\b(?:disguised|posing|dressed|travelling|traveling) as civilians\b|\bplain ?clothes(?:men)?\b"
)
WORDS = {
    CIVILIANS: r"civilians?|citizens?|passengers?|passers ?by|passersby|labou?rers?|workers?|"
    r"travell?ers?|residents?|villagers?|non combatants?|wom[ae]n|child(?:ren)?|bystanders?|commuters?|"
    r"drivers?|barbers?|students?|worshippers?|pilgrims?|shopkeepers?|farmers?|tribal elders?|"
    r"settlers?|(?:people|individuals|persons|men|travellers) from punjab|punjabis?|innocent people|"
    r"tourists?|visitors?|holidaymakers?|beachgoers?|shoppers?|customers?|(?:wedding )?guests?|"
    r"mourners?|schoolchildren|pupils?|traders?|vendors?|herders?|fishermen|miners?|"
    r"civils?|habitants?|villageois|passagers?|femmes|enfants|touristes?|commercants?|eleves?|"
    r"paysans?|orpailleurs?|bergers?|populations? civiles?",
    SECURITY: r"soldiers?|military|army|security (?:forces|personnel|officials?|men|members)|"
    r"police(?:m[ae]n)?|policewom[ae]n|"
    r"police officers?|officers?|personnel|troops?|fc|frontier corps|levies|servicem[ae]n|servicewom[ae]n|"
    r"service ?members?|jawans?|task forces?|"
    r"constables?|guards?|guardsm[ae]n|sepoys?|paramilitar(?:y|ies)|ctd|rangers?|marines?|commandos?|"
    r"paratroop(?:er)?s?|conscripts?|airm[ae]n|peacekeepers?|(?:armed|special|government|coalition|"
    r"pro ?government|regime|allied|federal|state|defen[cs]e) forces|"
    r"soldats?|militaires?|gendarmes?|policiers?|forces de (?:defense et de )?securite|"
    r"agents? de (?:police|securite)",
    MILITANTS: r"militants?|rebels?|rebel fighters?|fighters?|insurgents?|terrorists?|attackers?|"
    r"assailants?|gunmen|separatists?|suicide bombers?|bombers?|khawarij|jihadists?|guerrillas?|"
    r"islamists?|extremists?|militiam[ae]n|"
    r"terroristes?|d?jihadistes?|assaillants?|insurges?|rebelles?|hommes armes",
}
PATTERNS = {category: re.compile(rf"\b(?:{words})\b") for category, words in WORDS.items()}

JOURNALISTS, MEDICAL, AID_WORKERS, WORSHIPPERS, DISPLACED = (
    "journalists", "medical staff", "aid workers", "worshippers", "displaced people",
)  # fmt: skip
PRISONERS_OF_WAR, DETAINEES, HOSTAGES, FIGHTERS = "prisoners of war", "detainees", "hostages", "fighters"
# the broad categories each category may stand for
BROAD: dict[str, frozenset[str]] = {
    CIVILIANS: frozenset({CIVILIANS}),
    SECURITY: frozenset({SECURITY}),
    MILITANTS: frozenset({MILITANTS}),
    JOURNALISTS: frozenset({CIVILIANS}),
    MEDICAL: frozenset({CIVILIANS}),
    AID_WORKERS: frozenset({CIVILIANS}),
    WORSHIPPERS: frozenset({CIVILIANS}),
    DISPLACED: frozenset({CIVILIANS}),
    PRISONERS_OF_WAR: frozenset({SECURITY, MILITANTS}),
    DETAINEES: frozenset({CIVILIANS, SECURITY, MILITANTS}),
    HOSTAGES: frozenset({CIVILIANS, SECURITY, MILITANTS}),
    FIGHTERS: frozenset({SECURITY, MILITANTS}),
}
ORDER = (CIVILIANS, SECURITY, MILITANTS, *(c for c in BROAD if c not in (CIVILIANS, SECURITY, MILITANTS)))
# the narrower categories' words, English and French (folded: no accents), read before the broad
# ones and taken out of the text, so that "aid workers" is not also "workers" nor "medical
# personnel" security "personnel"
NARROWER = {
    PRISONERS_OF_WAR: r"prisoners? of war|pows?|war prisoners?|captured (?:soldiers?|fighters?|troops?)|"
    r"prisonniers? de guerre",
    HOSTAGES: r"hostages?|abductees?|kidnapp?ed (?:people|persons|civilians|men|women|children)|otages?",
    DETAINEES: r"detainees?|prisoners?|inmates?|(?:people|persons|men) in (?:custody|detention)|"
    r"detenus?|prisonniers?",
    JOURNALISTS: r"journalists?|reporters?|photojournalists?|cameram[ae]n|media workers?|"
    r"press (?:workers?|photographers?)|journalistes?|reporters? d'?images?",
    MEDICAL: r"medical (?:staff|workers?|personnel|teams?)|health (?:care )?workers?|healthcare workers?|"
    r"doctors?|nurses?|paramedics?|medics?|ambulance (?:drivers?|crews?|workers?)|"
    r"personnel (?:medical|soignant|de sante)|soignants?|medecins?|infirmi(?:er|ere)s?|secouristes?",
    AID_WORKERS: r"aid workers?|humanitarian (?:workers?|staff|personnel)|relief workers?|"
    r"un (?:staff|workers?|personnel)|travailleurs? humanitaires?|humanitaires?|agents? humanitaires?",
    WORSHIPPERS: r"worshipp?ers?|congregants?|(?:mosque|church)goers?|faithful|pilgrims?|fideles?|pelerins?",
    DISPLACED: r"(?:internally )?displaced (?:people|persons|civilians|families)|idps?|refugees?|"
    r"deplaces?|personnes deplacees|refugies?",
}
NARROWER_PATTERNS = {category: re.compile(rf"\b(?:{words})\b") for category, words in NARROWER.items()}
# "fighters" and "forces" with whose they are, in words (a named group's or a state's
# is read from the vocabulary); alone, fighters are `fighters`, forces nothing
FIGHTER = re.compile(r"\b(?:fighters?|combatants?|combattants?)\b")
OWNED = {FIGHTERS: r"fighters?|combatants?|combattants?", None: r"forces"}
GROUP_WORDS = (
    r"rebels?|militants?|insurgents?|jihadists?|islamists?|separatists?|guerrillas?|terrorists?|"
    r"extremists?|militia|armed groups?|rebelles?|d?jihadistes?|terroristes?|insurges?|islamistes?|"
    r"separatistes?|groupes? armes?"
)
GROUP_OWNED = re.compile(
    rf"\b(?:{GROUP_WORDS}) (?:fighters?|combatants?|combattants?|forces|troops|soldiers)\b"
    r"|\b(?:fighters?|combattants?) (?:rebelles?|d?jihadistes?|terroristes?|islamistes?|insurges?)\b"
)
STATE_OWNED = re.compile(
    r"\b(?:government|state|regime|gouvernementaux) (?:fighters?|combatants?|combattants?)\b"
)
POSSESSIVE = re.compile(r"['’]s?\s*$")
CLAUSE_BREAK = re.compile(r"\d|\b(?:and|et|including|dont|with|avec|among them|parmi eux)\b", re.IGNORECASE)
# what may join the words of two victims (each counts), as against the modifier and head of one
# compound ("army guerrillas", "women soldiers"), which only a space joins
COMPOUND_GAP = re.compile(r"\s+")
LIST_MARK = re.compile(r"[,;/&]")  # punctuation that lists, kept as a word since folding drops it

Whose = Callable[[str], str | None]  # the side ("state", "non_state") that words name, or None


def parse_victims(raw: str, whose: Whose | None = None) -> frozenset[str] | None:
    """The categories named, or None when the phrase names none we know. `whose` reads the
    words before or after "fighters" or "forces" as an actor's side (the vocabulary's
    named groups and states); without it, only the words of GROUP_OWNED and STATE_OWNED say
    whose."""
    if DISGUISE.sub(" ", fold(raw)).strip() in ("mixed", "both", "mixed civilians and security forces"):
        return MIXED_UNSPECIFIED
    text = DISGUISE.sub(" ", fold(LIST_MARK.sub(" and ", raw)))
    found: set[str] = set()
    for category, pattern in NARROWER_PATTERNS.items():
        if pattern.search(text):
            found.add(category)
            text = pattern.sub(" ", text)
    for pattern, side in ((GROUP_OWNED, MILITANTS), (STATE_OWNED, SECURITY)):
        if pattern.search(text):
            found.add(side)
            text = pattern.sub(" ", text)
    for unowned, nouns in OWNED.items():
        owned, owners = _owned(raw, text, nouns, unowned, whose)
        if owned:
            found.add(owned)
        for owner in owners:  # "Arakan Army fighters": the army is the fighters' owner
            text = text.replace(fold(owner), " ")
    text = FIGHTER.sub(" ", text)
    found.update(_heads(text))
    return frozenset(found) or None


def _heads(text: str) -> set[str]:
    """The broad categories `text` names, a compound's modifier giving way to its head."""
    matches = sorted(
        (m.start(), -m.end(), category)
        for category, pattern in PATTERNS.items()
        for m in pattern.finditer(text)
    )
    heads: list[tuple[int, str]] = []  # (end, category) of each head so far
    for start, negative_end, category in matches:
        end = -negative_end
        if heads and start < heads[-1][0]:
            continue  # inside a longer match already read
        if heads and COMPOUND_GAP.fullmatch(text, heads[-1][0], start):
            heads.pop()
        heads.append((end, category))
    return {category for _, category in heads}


def _owned(
    raw: str, text: str, nouns: str, unowned: str | None, whose: Whose | None
) -> tuple[str | None, list[str]]:
    """What the fighters or forces a phrase names are: militants (a group's), security
    forces (a state's), else `unowned`; None where `text` (the narrower categories' words taken
    out: "captured fighters" are prisoners of war) names none of them. With it, the words that
    named the owner."""
    if not re.search(rf"\b(?:{nouns})\b", text):
        return None, []
    if whose is not None:
        raw = " ".join(re.sub(r"[()\[\]]", " ", raw).split())  # "New People's Army (NPA) fighters"
        before = re.finditer(rf"((?:[\w'’.-]+ ){{1,5}})(?:{nouns})\b", raw, re.IGNORECASE)
        after = re.finditer(
            rf"\b(?:{nouns}) (?:of|from|belonging to|loyal to|du|de la|de l'|des|de|d')\s*(?:the )?"
            r"((?:[\w'’.-]+ ?){1,5})",
            raw,
            re.IGNORECASE,
        )
        owners = [(CLAUSE_BREAK.split(m[1])[-1], m[0]) for m in before]
        owners += [(CLAUSE_BREAK.split(m[1])[0], "") for m in after]
        sides: dict[str, str] = {}
        for owner, named in owners:
            owner = POSSESSIVE.sub("", owner).strip()
            if not owner:
                continue
            # a name that ends in the noun ("Rapid Support Forces") before the words before it
            name = CLAUSE_BREAK.split(named)[-1].strip() if named and unowned is None else ""
            if side := (whose(name) if name else None) or whose(owner):
                sides[owner] = side
        if set(sides.values()) == {"non_state"}:
            return MILITANTS, list(sides)
        if set(sides.values()) == {"state"}:
            return SECURITY, list(sides)
    return unowned, []


def relation(a: frozenset[str], b: frozenset[str]) -> str:
    if a == b:
        return "agree"
    if a == MIXED_UNSPECIFIED or b == MIXED_UNSPECIFIED:
        return "compatible"
    readings_a, readings_b = _readings(a), _readings(b)
    if any(x <= y or y <= x for x in readings_a for y in readings_b):
        return "compatible"
    return "conflict"


def _readings(categories: frozenset[str]) -> set[frozenset[str]]:
    """Every set of broad categories the categories may stand for, one broad category each."""
    out = {frozenset[str]()}
    for category in sorted(categories):
        out = {so_far | {broad} for so_far in out for broad in BROAD.get(category, frozenset({category}))}
    return out


def display(categories: frozenset[str]) -> str:
    if categories == MIXED_UNSPECIFIED:
        return "mixed"
    named = [c for c in ORDER if c in categories]
    return named[0] if len(named) == 1 else "mixed (" + ", ".join(named) + ")"
