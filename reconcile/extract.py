"""Text -> proposed accounts: who said what about which incident, from articles and statements.

Owns `reconcile extract`: plain text or HTML in, accounts (format v1) out, one per source per
incident, each value with a confidence and the sentence behind it as `quote`, for a person to
review before `reconcile report`. Rules only, on the project's own parsers: sentences (pysbd),
attribution ("X said", "according to X", "X told AFP", "in a statement, the group said",
pronouns), figures with their qualifiers and nouns, breakdowns, places (the gazetteer), dates
relative to `--published`, perpetrators, claims and denials, and who the victims were.

An account's `location` is only what its own sentences name; which incident a statement with no
place belongs to is our inference, written as its `incident` label with a note in `review`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from reconcile.cells import csv_text, formula_guarded
from reconcile.errors import InputError, Problem
from reconcile.schema import ACCOUNT_COLUMNS, CLAIM_KINDS, Kind
from reconcile.values import Vocabulary, load_vocabulary, parse_value, relation
from reconcile.values.actors import parse_actors
from reconcile.values.categories import parse_victims
from reconcile.values.counts import QUALIFIER, QUALIFIER_AFTER, VAGUE_PHRASE, Q, parse_count
from reconcile.values.places import place_key
from reconcile.values.text import fold

# --- the words the rules are made of -------------------------------------------------------------

# a figure as counts reads it, with a qualifier before or after; vague first: "hundreds" is not 100
COUNT = rf"(?:(?:{QUALIFIER})\s+)?(?:{VAGUE_PHRASE}|{Q})(?:\s*(?:{QUALIFIER_AFTER}))?"
CIVILIAN_NOUNS = (
    r"civilians|citizens|passersby|passers-by|labou?rers|workers|barbers|shopkeepers|passengers|"
    r"travell?ers|villagers|"
    r"residents|children|women|worshippers|pilgrims|students|drivers|commuters|bystanders"
)
SECURITY_NOUNS = (
    r"police officers|policemen|police|officers|soldiers|troops|security personnel|security forces|"
    r"personnel|levies|paramilitaries|servicemen|constables|guards"
)
MILITANT_NOUNS = r"rebel fighters|rebels|militants|fighters|insurgents|attackers|terrorists|assailants|gunmen"
GENERIC_NOUNS = r"people|persons|others|individuals|men"
NOUN = rf"(?:{CIVILIAN_NOUNS}|{SECURITY_NOUNS}|{MILITANT_NOUNS}|{GENERIC_NOUNS})"
ADJ = r"(?:[a-z]+\s+){0,2}?"
KILL_VERB = (
    r"killed|shot dead|dead|died|slain|massacred|executed|murdered|gunned down|lost their lives|shot|"
    r"martyred|were martyred|embraced martyrdom|embraced shahadat|neutrali[sz]ed|eliminated"
)
HURT_VERB = r"injured|wounded|hurt"
SAY_VERB = (
    r"said|says|told|reported|claimed|claims|stated|announced|confirmed|added|denounced|called|"
    r"promised|pledged|warned|insisted|alleged|denied|condemned|condemns"
)
OUTLETS = r"AFP|Reuters|AP|the Associated Press|Al Jazeera|BBC|Dawn|Geo News|Anadolu|Xinhua|DW|VOA"
BACKGROUND = re.compile(
    r"^(?:similar|past|previous|earlier)\b|\b(?:similar past (?:attacks|incidents)|in the past(?! \d+| twenty)"
    r"|previously|last (?:year|month|week)|earlier this (?:year|month)|such as the killing|have been claimed by"
    r"|has had a simmering|for years|a similar attack|similar attacks)\b",
    re.IGNORECASE,
)
AGGREGATE_CUES = re.compile(
    r"\b(?:in (?:three|four|five|several|multiple|a series of|coordinated) (?:assaults|attacks)|"
    r"throughout the province|across the province|across \w+|overall|in total|the assaults|"
    r"coordinated (?:assaults|attacks)|(?:at least )?one of the attacks|all (?:the|these) attacks|"
    r"the operation|(?:terrorist|militant) attacks)\b",
    re.IGNORECASE,
)
SOURCE_TYPE_CUES = [
    (re.compile(r"\bministry|minister|government|spokes(?:person|man|woman) for the .*government|president|"
                r"chief minister|governor|provincial government|interior\b", re.I), "government"),
    (re.compile(r"\bpolice|police chief|superintendent|sho\b", re.I), "police"),
    (re.compile(r"\barmy|military|ispr|inter-services|frontier corps\b", re.I), "military"),
    (re.compile(r"\bhospital|doctor|medical\b", re.I), "hospital"),
    (re.compile(r"\bofficial|deputy commissioner|assistant commissioner|administrator|commissioner\b", re.I),
     "local_official"),
    (re.compile(r"\bgroup|liberation army|liberation front|taliban|brigade|fighters\b", re.I), "armed_group"),
    (re.compile(r"\bhuman rights|amnesty|rights group|watch\b", re.I), "rights_group"),
    (re.compile(r"\bUN\b|united nations|red cross|icrc\b"), "intl_org"),
    (re.compile(r"\bmedia|newspaper|news agency|television|reporter|correspondent\b", re.I), "media"),
    (re.compile(r"\bwitness|resident|survivor\b", re.I), "witness"),
]  # fmt: skip


@dataclass
class Sentence:
    index: int
    start: int
    text: str
    line: int


@dataclass
class Speaker:
    name: str
    source_type: str
    via: str
    confidence: float
    inferred_type: bool = True


@dataclass
class Claim:
    field: str
    raw: str
    confidence: float


@dataclass
class Draft:
    """One proposed account: a source's claims about one incident, gathered over sentences."""

    source: Speaker
    incident: str
    scope: str
    sentences: list[Sentence] = field(default_factory=list)
    claims: dict[str, Claim] = field(default_factory=dict)
    review: list[str] = field(default_factory=list)


# --- text ----------------------------------------------------------------------------------------


def read_text(path: Path) -> str:
    """The file's text; HTML is reduced to its text, a paragraph per block."""
    try:
        raw = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            [Problem(str(path), f"not valid UTF-8 (byte {error.start})", "re-save the file as UTF-8")]
        ) from error
    except OSError as error:
        raise InputError([Problem(str(path), f"cannot read the file: {error.strerror}")]) from error
    if path.suffix.casefold() in (".html", ".htm") or raw.lstrip()[:15].lower().startswith(
        ("<!doctype", "<html")
    ):
        from bs4 import BeautifulSoup

        soup = BeautifulSoup(raw, "html.parser")
        for tag in soup(["script", "style", "nav", "header", "footer", "aside", "noscript", "template"]):
            tag.decompose()
        blocks = [b for b in soup.find_all(BLOCKS) if not b.find(BLOCKS)]  # innermost blocks only
        texts = [" ".join(b.get_text(" ").split()) for b in blocks] or [" ".join(soup.get_text(" ").split())]
        raw = "\n\n".join(t for t in texts if t)
    return re.sub(r"\n{3,}", "\n\n", raw.replace("\r\n", "\n")).strip() + "\n"


BLOCKS = [
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "blockquote",
    "td",
    "th",
    "dd",
    "dt",
    "figcaption",
    "pre",
]


PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The text's paragraphs (split at blank lines) with the offset where each starts."""
    start = 0
    for found in PARAGRAPH_BREAK.finditer(text):
        yield start, text[start : found.start()]
        start = found.end()
    yield start, text[start:]


WINDOW = 4_000  # characters of a long paragraph given to pysbd at once (its own work grows faster)


def _located(said: list[str], chunk: str) -> list[tuple[int, str]]:
    """pysbd's sentences with where each starts in `chunk`: the first place after the previous
    sentence where its text, then any whitespace, occurs (as pysbd's char spans find them)."""
    out, position = [], 0
    for sentence in said:
        found = re.compile(re.escape(sentence) + r"\s*").search(chunk, position)
        if found is not None:  # pysbd drops a sentence it cannot find in the text; so do we
            out.append((found.start(), found.group()))
            position = found.end()
    return out


def _paragraph_sentences(segmenter: Any, paragraph: str) -> Iterator[tuple[int, str]]:
    """A paragraph's sentences with their offsets. pysbd's time grows faster than the text it is
    given (a 200 KB paragraph took 21 s), so a long paragraph goes in windows of WINDOW
    characters: each window's sentences but its last are kept, and the next window starts where
    that last one, perhaps cut by the window's end, starts; a window that holds less than two
    sentences grows."""
    start, window = 0, WINDOW
    while start < len(paragraph):
        end = min(len(paragraph), start + window)
        spans = _located(segmenter.processor(paragraph[start:end]).process(), paragraph[start:end])
        if end == len(paragraph):
            yield from ((start + at, said) for at, said in spans)
            return
        if len(spans) < 2:
            window *= 2
            continue
        yield from ((start + at, said) for at, said in spans[:-1])
        start, window = start + spans[-1][0], WINDOW


def sentences(text: str) -> list[Sentence]:
    """The text's sentences (pysbd), each with its offset in the text and its line.

    In time linear in the text. pysbd's own character spans look for every sentence from the
    start of the whole text (re.finditer per sentence), and its segmenter slows on long input,
    which made extract quadratic (140 s of CPU for 5 MB). Here pysbd runs per paragraph (split at
    blank lines), a long paragraph in windows, and each sentence is found from where the one
    before it ended: the spans pysbd would give."""
    import pysbd

    segmenter = pysbd.Segmenter(language="en", clean=False)
    out: list[Sentence] = []
    index, line, counted_to = 0, 1, 0
    for offset, paragraph in paragraphs(text):
        if not paragraph.strip():
            continue
        for at, said in _paragraph_sentences(segmenter, paragraph):
            sentence, start = said.strip(), offset + at
            if sentence:
                line += text.count("\n", counted_to, start)
                counted_to = start
                out.append(Sentence(index, start, sentence, line))
            index += 1
    return out


# --- attribution ---------------------------------------------------------------------------------

NAME = r"(?:[A-Z][\w’'.-]*(?:\s+(?:of|for|al|bin|the|de|al-[A-Z][\w’'-]*|[A-Z][\w’'.-]*))*(?:\s+\([A-Z]{2,6}\))?)"
QUOTE_ATTRIBUTION = re.compile(
    rf"[”\"],?\s+(?P<name>{NAME})(?:,\s+(?P<title>[^,”\"]+?),)?\s+(?:{SAY_VERB})\b(?:\s+(?:the\s+)?(?P<via>{OUTLETS}))?"
)
SAYS = re.compile(
    rf"^(?:(?:In|in) (?:a|separate) statements?,\s+)?(?P<name>(?:the |The )?(?:[A-Z][\w’'.-]*\s+)*?"
    rf"(?:{NAME}|group|ministry|police|army|military|officials?|spokes(?:person|man)))"
    rf"(?:,\s+(?P<title>[^,]+?),)?(?:\s+(?:also|however|later|further))?,?\s+(?:{SAY_VERB})\b"
    rf"(?:\s+(?:the\s+)?(?P<via>{OUTLETS})(?:\s+news agency)?)?"
)
TRAILING = re.compile(
    r",\s+(?P<name>(?:the\s+)?(?:local\s+|district\s+|provincial\s+|senior\s+)?(?:police|officials?|authorities|"
    r"residents|witnesses|doctors|sources|[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)"
    r"(?:\s+(?:chief|spokesman|spokesperson|official|officer|superintendent|sources))?)"
    rf"\s+(?:said|say|says|told\s+(?:the\s+)?(?P<via>{OUTLETS}|\w+))(?:\s+news agency)?\.?[”\"]?$"
)
TITLED = re.compile(
    rf"^(?P<title>(?:[A-Z][a-z]+\s+)?(?:[a-z]+\s+){{0,3}}?)(?P<name>[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+)+)"
    rf"\s+(?:{SAY_VERB})\b(?:\s+(?:the\s+)?(?P<via>{OUTLETS}|[A-Z][\w ]+? Wire))?"
)
ACCORDING = re.compile(r"\b[Aa]ccording to (?P<name>(?:the |local |state |)[\w’'. -]+?)(?:,|\s+(?:on|in)\b)")
STATEMENT = re.compile(
    r"\b(?:In|in) a statement,?\s+(?P<name>the group|the ministry|the army|police|it)\s+(?:said|says)"
)
JOINT = re.compile(rf"^(?P<a>{NAME})\s+and\s+(?P<b>{NAME})\s+in separate statements\b")
PRONOUNS = {"he", "she", "it", "they", "the group", "the ministry", "the army", "the official", "police"}
TITLES = re.compile(
    r"^(?:President|Prime Minister|Interior Minister|Chief Minister|Minister|Senator|General|Gen\.|Colonel|"
    r"Col\.|Dr\.|Mr\.|Ms\.|Mrs\.|Balochistan|Punjab|Sindh|Pakistan’s|Pakistan's)\s+",
)


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+\([A-Z]{2,6}\)$", "", re.sub(r"^(?:the|The)\s+", "", name.strip(" ,")))
    while TITLES.match(name):
        name = TITLES.sub("", name, count=1)
    return name.strip()


def _source_type(name: str, title: str) -> str:
    for pattern, kind in SOURCE_TYPE_CUES:
        if pattern.search(f"{name} {title}"):
            return kind
    return "other"


class Attributor:
    """Who said a sentence; remembers the last named source for pronouns and 'the group'."""

    def __init__(self, vocab: Vocabulary, outlet: Speaker) -> None:
        self.vocab = vocab
        self.outlet = outlet
        self.last: Speaker | None = None
        self.last_group: Speaker | None = outlet if outlet.source_type == "armed_group" else None

    def speakers(self, sentence: str) -> list[Speaker]:
        if re.match(r"^No (?:group|one|organi[sz]ation)\b", sentence):
            return [self.outlet]
        if m := re.search(r"[”\"],?\s+(?P<p>he|she|it|they)\s+(?:said|added|told)\b", sentence):
            return [self._pronoun(m["p"])]
        if m := JOINT.match(sentence):
            return [self._named(m["a"], "", "", 0.8), self._named(m["b"], "", "", 0.8)]
        if m := STATEMENT.search(sentence):
            return [self._pronoun(m["name"])]
        if m := QUOTE_ATTRIBUTION.search(sentence):
            return [self._named(m["name"], m["title"] or "", m["via"] or "", 0.9)]
        if m := ACCORDING.search(sentence):
            if re.match(r"(?:our|my)\b", m["name"].strip(), re.IGNORECASE):
                return [self.outlet]  # "our fact-finding team": the organisation issuing the text
            return [self._named(m["name"], "", "", 0.8)]
        if m := TRAILING.search(sentence):
            via = m["via"] if m["via"] and re.fullmatch(OUTLETS, m["via"]) else ""
            return [self._named(m["name"], "", via, 0.8)]
        if m := re.match(
            r"^(?P<name>(?:Local|State|Official|Pakistani|Afghan|Iraqi) (?:media|newspapers|press|television))\s+(?:reported|said|quoted)\b",
            sentence,
        ):
            return [self._named(m["name"], "", "", 0.8)]
        if (m := TITLED.match(sentence)) and m["title"].strip():
            return [self._named(m["name"], m["title"], m["via"] or "", 0.8)]
        if m := SAYS.search(sentence):
            name = m["name"]
            if fold(_clean_name(name)) in PRONOUNS or fold(name) in PRONOUNS:
                return [self._pronoun(name)]
            return [self._named(name, m["title"] or "", m["via"] or "", 0.85)]
        if re.match(r"^(?:He|She|It|They) (?:said|added|told)\b", sentence) and self.last:
            return [self._pronoun(sentence.split()[0])]
        claim = re.match(rf"^(?:The\s+)?(?P<name>{NAME})\s+(?:claims|claimed|has claimed)\b", sentence)
        if (
            claim
            and parse_actors(claim["name"], self.vocab)
            and not parse_actors(claim["name"], self.vocab)[0].generic
        ):
            return [self._named(claim["name"], "", "", 0.7)]
        return [self.outlet]

    def _named(self, name: str, title: str, via: str, confidence: float) -> Speaker:
        group = parse_actors(re.sub(r"^(?:the|The)\s+", "", name), self.vocab)
        # a named group by its canonical name; a state's organ ("Pakistan's Ministry of Interior")
        # keeps the words it was given
        named_group = group and not group[0].generic and group[0].side == "non_state"
        clean = group[0].name if named_group else _clean_name(name)
        if re.fullmatch(
            r"(?:local|state|official|district|provincial)?\s*(?:police|officials?|authorities)", clean, re.I
        ):
            kind = "police" if "police" in clean.casefold() else "local_official"
            speaker = Speaker(clean, kind, self.outlet.via, confidence)
        elif re.fullmatch(
            r"(?:local|state|official) (?:media|newspapers|press|reports|television)", clean, re.I
        ):
            speaker = Speaker(clean, "media", self.outlet.via, confidence)
        else:
            actor = parse_actors(clean, self.vocab)
            named_group = actor and not actor[0].generic and actor[0].side == "non_state"
            kind = "armed_group" if named_group else _source_type(f"{name} {clean}", title)
            speaker = Speaker(
                actor[0].name if named_group else clean, kind, via or self.outlet.via, confidence
            )
        if speaker.source_type == "armed_group":
            self.last_group = speaker
        self.last = speaker
        return speaker

    def _pronoun(self, word: str) -> Speaker:
        word = fold(word)
        target = self.last_group if word in ("the group", "it") and self.last_group else self.last
        if target is None:
            return self.outlet
        return Speaker(target.name, target.source_type, target.via, min(target.confidence, 0.7))


# --- claims --------------------------------------------------------------------------------------


def _noun_field(noun: str, default: str) -> str:
    noun = noun.casefold()
    if re.fullmatch(MILITANT_NOUNS, noun):
        return f"{default}_militants" if default == "killed" else default
    if re.fullmatch(SECURITY_NOUNS, noun):
        return f"{default}_security" if default == "killed" else default
    if re.fullmatch(CIVILIAN_NOUNS, noun):
        return f"{default}_civilians" if default == "killed" else default
    return default


def _count(raw: str) -> str | None:
    count = parse_count(raw)
    return raw.strip() if count.parsed else None


def figures(sentence: str) -> list[Claim]:
    """Casualty and damage figures, with the field their noun gives them."""
    found: list[Claim] = []
    text = sentence
    breakdown = re.search(
        rf"\b(?P<total>{COUNT})\s+(?P<noun>{NOUN}),\s+including\s+(?P<a>{COUNT})\s+(?P<an>{ADJ}{NOUN})(?:\s+and\s+"
        rf"(?P<b>{COUNT})\s+(?P<bn>{ADJ}{NOUN}))?,\s+(?:were|had been|have been)\s+(?:{KILL_VERB})",
        text,
        re.IGNORECASE,
    )
    if breakdown:
        found.append(Claim("killed", f"{breakdown['total']} {breakdown['noun']}", 0.9))
        for part, noun in (("a", "an"), ("b", "bn")):
            if not breakdown[part]:
                continue
            last = re.search(rf"({NOUN})$", breakdown[noun], re.IGNORECASE)
            field = _noun_field(last.group(1) if last else breakdown[noun], "killed")
            if field != "killed" and _count(breakdown[part]):
                found.append(Claim(field, f"{breakdown[part]} {breakdown[noun]}", 0.8))
        text = text.replace(breakdown.group(0), " ")
    pair = re.search(
        rf"\b(?P<a>{COUNT})\s+(?P<an>{ADJ}{NOUN})\s+and\s+(?P<b>{COUNT})\s+(?P<bn>{ADJ}{NOUN})\s+"
        rf"(?:(?:were|have been|had been)\s+)?(?:{KILL_VERB})\b",
        text,
        re.IGNORECASE,
    )
    if pair and _count(pair["a"]) and _count(pair["b"]):
        for part, noun in (("a", "an"), ("b", "bn")):
            last = re.search(rf"({NOUN})$", pair[noun], re.IGNORECASE)
            field = _noun_field(last.group(1) if last else pair[noun], "killed")
            found.append(Claim(field, f"{pair[part]} {pair[noun]}", 0.8))
        text = text.replace(pair.group(0), " ")
    patterns = [
        (rf"\b(?P<count>{COUNT})\s+(?P<noun>{ADJ}{NOUN}(?:\s+and\s+{NOUN})?)\s+(?:(?:were|have been|had been|was|are)\s+)?(?:{KILL_VERB})\b", "killed", 0.85),
        (rf"\b(?:shot dead|killed|killing|shooting|shot|gunned down|massacred|martyred|martyring|executed|slaughtered)\s+(?P<count>{COUNT})(?:\s+(?P<noun>{ADJ}{NOUN}))?", "killed", 0.75),
        (rf"\b(?:killing|deaths?|murders?|massacre|execution) of\s+(?P<count>{COUNT})\s+(?P<noun>{ADJ}{NOUN})", "killed", 0.75),
        (rf"\b(?P<count>{COUNT})\s+(?P<noun>{ADJ}{NOUN})\b[^.;]{{0,80}}?\b(?:were|was)\s+(?:later\s+)?found dead", "killed", 0.65),
        (rf"\bdeath toll\s+(?:\w+\s+){{0,3}}?(?:rose|risen|climbed|reached|stood|stands|is|was)\s+(?:to|at)?\s*(?P<count>{COUNT})", "killed", 0.85),
        (rf"\b(?P<count>{COUNT})\s+(?P<noun>{ADJ}{NOUN})\s+(?:(?:were|have been|was)\s+)?(?:{HURT_VERB})\b", "injured", 0.85),
        (rf"\b(?:injuring|wounding)\s+(?P<count>{COUNT})", "injured", 0.75),
        (rf"\bsetting\s+(?P<count>{COUNT})\s+(?:vehicles|buses|trucks|cars)\s+(?:ablaze|on fire|alight)", "vehicles_burned", 0.85),
        (rf"\b(?P<count>{COUNT})\s+(?:vehicles|buses|trucks|cars)\s+(?:were\s+)?(?:burned|burnt|set ablaze|torched|set on fire|gutted)", "vehicles_burned", 0.85),
        (rf"\b(?:torched|burned|burnt)\s+(?P<count>{COUNT})\s+(?:vehicles|buses|trucks|cars)", "vehicles_burned", 0.8),
        (rf"\b(?P<count>{COUNT})\s+(?:people|persons|civilians)\s+(?:were\s+)?(?:abducted|kidnapped)", "abducted", 0.8),
    ]  # fmt: skip
    for pattern, default, confidence in patterns:
        for m in re.finditer(pattern, text, re.IGNORECASE):
            if not _count(m["count"]):
                continue
            noun = (m.groupdict().get("noun") or "").strip()
            last_noun = re.search(rf"({NOUN})$", noun, re.IGNORECASE)
            field = _noun_field(last_noun.group(1), default) if last_noun else default
            raw = f"{m['count']} {noun}".strip()
            if not any(c.field == field for c in found):
                found.append(Claim(field, raw, confidence))
    return found


PERPETRATOR_PATTERNS = [
    re.compile(rf"\bby\s+(?P<actor>(?:the\s+)?(?:[\w-]+\s+){{0,3}}?(?:{MILITANT_NOUNS}|armed men|security forces|men|army|police|[A-Z]{{2,5}}))\b"),
    re.compile(r"(?:^|,\s+)(?P<actor>(?:[A-Z][\w-]*\s+)?(?:armed men|gunmen|militants|attackers|assailants|terrorists))\s+(?:have|has|had)?\s*(?:killed|shot|attacked|stormed|opened fire|stopped|offloaded|martyred|ambushed|targeted|abducted|kidnapped|bombed|fired)", re.IGNORECASE),
    re.compile(r"\b(?P<actor>its fighters|the group's fighters|their fighters|our fighters|our mujahideen)\b", re.I),
    re.compile(rf"\bfighters of (?:the )?(?P<actor>{NAME})\b"),
    re.compile(rf"\b(?:carried out|claimed|perpetrated|committed|staged) by\s+(?P<actor>{NAME})"),
    re.compile(r"\b(?:the\s+)?(?P<actor>attackers|assailants)\s+would\b"),
    re.compile(r"\b(?:when|as|after|before)\s+the\s+(?P<actor>attackers|assailants|gunmen|militants|terrorists)\s+(?:opened fire|attacked|stormed|struck|arrived)"),
    re.compile(r"\beliminate\s+(?P<actor>[A-Z]{2,5}\s+terrorists|[\w ]+?terrorists)\b"),
]  # fmt: skip
CLAIMED = re.compile(r"^(?:The\s+)?(?P<actor>.+?)\s+(?:claims|claimed|has claimed|claimed responsibility)\b")
DENIED = re.compile(
    r"^(?:The\s+)?(?P<actor>.+?)\s+(?:denied|denies|has denied)\s+(?:any\s+)?(?:responsibility|involvement)"
)
VICTIMS = [
    re.compile(r"\b(?:the dead|those killed|the victims|the deceased)\s+(?:were|was|are)\s+(?P<who>[^,.;”\"]+)"),
    re.compile(rf"\b(?:killed|killing|martyred|shot|shooting)\s+(?P<who>{COUNT}\s+{ADJ}{NOUN}(?:\s+of\s+[^,.;]+)?)", re.I),
    re.compile(r"\btargeted\s+(?P<who>[^,.;]+)"),
    re.compile(r"\b(?:most of them|mostly|all of them)\s+(?P<who>[^,.;]+)"),
    re.compile(r"(?P<who>(?:individuals|people|men|passengers|labou?rers)\s+from\s+\w+)\s+were\s+(?:identified and\s+)?(?:shot|killed)"),
    re.compile(rf"\b(?P<who>{COUNT}\s+(?:{ADJ}{NOUN})(?:,\s+including\s+[^,]+,)?)\s+(?:were|have been)\s+(?:{KILL_VERB})", re.IGNORECASE),
]  # fmt: skip
DATE_PHRASES = re.compile(
    r"\b(?P<date>overnight on (?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)|"
    r"(?:late |early )?on (?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)(?: night)?|"
    r"(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday) night|yesterday|last night|overnight|"
    r"the past 24 hours|on \d{1,2} (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?: \d{4})?|night of \d{1,2}(?:/\d{1,2})? \w+(?: \d{4})?)\b"
)
SAME_DAY = re.compile(r"\b(?:on the same day|the same day|on that day|at the same time)\b", re.IGNORECASE)


def actors_in(sentence: str, vocab: Vocabulary, speaker: Speaker) -> list[Claim]:
    found = []
    for pattern in PERPETRATOR_PATTERNS:
        if m := pattern.search(sentence):
            raw = m["actor"].strip()
            if raw.casefold() in (
                "its fighters",
                "the group's fighters",
                "their fighters",
                "our fighters",
                "our mujahideen",
            ):
                if speaker.source_type != "armed_group":
                    continue
                raw = speaker.name
            raw = re.sub(r"^(?:the)\s+", "", raw)
            refs = parse_actors(raw, vocab)
            if refs and all(r.side is not None or r.nobody for r in refs):
                found.append(Claim("perpetrator", raw, 0.7))
                break
    if (m := CLAIMED.match(sentence)) and speaker.source_type == "armed_group":
        found.append(Claim("claimed_by", speaker.name, 0.8))
    if m := DENIED.match(sentence):
        found.append(Claim("denied_by", _clean_name(m["actor"]), 0.7))
    if re.match(
        r"^No (?:group|one|organi[sz]ation)\s+(?:has\s+)?(?:yet\s+|immediately\s+)?claimed", sentence
    ):
        found.append(Claim("claimed_by", "no one", 0.7))
    return found


def victims_in(sentence: str) -> list[Claim]:
    for pattern in VICTIMS:
        if m := pattern.search(sentence):
            who = m["who"].strip(" ,;")
            categories = parse_victims(who)
            head = re.match(rf"{COUNT}\s+(?P<noun>{NOUN})\b", who, re.IGNORECASE)
            if (
                head
                and re.fullmatch(GENERIC_NOUNS, head["noun"], re.IGNORECASE)
                and categories
                and len(categories) == 1
            ):
                continue  # "ten people, including five police": who the rest were is not said
            if categories is not None:
                return [Claim("victims", who, 0.75)]
    return []


PLACE_WORD = r"[A-Z][\w’'-]+"
PLACE_PATTERNS = [
    re.compile(rf"\barea of (?P<a>{PLACE_WORD}(?: {PLACE_WORD})?) in (?P<b>{PLACE_WORD}(?: {PLACE_WORD})?) district\b"),
    re.compile(rf"\b[Ii]n (?P<a>{PLACE_WORD}(?: {PLACE_WORD})?) (?P<kind>district|city|town|village|province)(?: of (?P<b>{PLACE_WORD}))?"),
    re.compile(rf"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Aa]cross|[Tt]hroughout|[Oo]utside) (?:the )?(?P<a>{PLACE_WORD}(?: {PLACE_WORD})?)\b"),
    re.compile(rf"\bthe (?P<a>{PLACE_WORD}) (?:attack|attacks|assault|bombing|massacre|killings)\b"),
]  # fmt: skip


def places_in(sentence: str, vocab: Vocabulary, skip: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Places the sentence names as where something happened: (raw, is a region), most specific first."""
    found: list[tuple[str, bool, int]] = []
    for rank, pattern in enumerate(PLACE_PATTERNS):
        for m in pattern.finditer(sentence):
            if any(lo <= m.start() < hi for lo, hi in skip):
                continue
            a = m["a"]
            known = vocab.canonical_place(place_key(a), a)
            kind = m.groupdict().get("kind")
            if known is None and not kind and rank >= 2:
                continue
            if rank == 0:
                raw = f"{a}, {m['b']} district"
            elif kind:
                raw = f"{a} {kind}" + (f", {m['b']}" if m.groupdict().get("b") else "")
            else:
                raw = a
            wide = known is not None and vocab.is_region(known) and len(vocab.ancestors(known)) < 2
            region = wide and kind in (None, "province")
            found.append((raw, region, rank))
    found.sort(key=lambda f: (f[1], f[2]))
    unique: dict[str, tuple[str, bool]] = {}
    for raw, region, _ in found:
        unique.setdefault(place_key(raw.split(",")[0]), (raw, region))
    return list(unique.values())


# --- putting it together -------------------------------------------------------------------------

CLAUSE_BREAK = re.compile(r",\s+(?:and\s+)?(?=(?:a|an|the|several|some|\d+|[a-z]+ (?:people|persons))\s)")


def clauses(sentence: str, vocab: Vocabulary) -> list[str]:
    """A sentence that names several incidents' places, split where each clause starts."""
    parts = [p for p in CLAUSE_BREAK.split(sentence) if p.strip()]
    placed = [p for p in parts if any(not region for _, region in places_in(p, vocab, []))]
    return parts if len(placed) > 1 else [sentence]


@dataclass
class Context:
    incident: str = ""
    scope: str = "incident"
    date: str = ""
    lead: str = ""
    lead_size: int = -1
    region: str = ""


def extract_text(
    text: str,
    *,
    outlet: str,
    published: str = "",
    vocab: Vocabulary | None = None,
) -> list[Draft]:
    vocab = vocab or load_vocabulary()
    outlet_speaker = _outlet(outlet, vocab)
    attributor = Attributor(vocab, outlet_speaker)
    context = Context()
    drafts: dict[tuple[str, str], Draft] = {}
    for sentence in sentences(text):
        speakers = attributor.speakers(sentence.text)
        if BACKGROUND.search(sentence.text):
            continue
        date = DATE_PHRASES.search(sentence.text)
        if date:
            context.date = date["date"]
        dated = bool(date or SAME_DAY.search(sentence.text))
        for said in clauses(sentence.text, vocab):
            _clause(said, sentence, speakers, dated, vocab, context, drafts, outlet_speaker)
    return list(drafts.values())


def _clause(
    said: str,
    sentence: Sentence,
    speakers: list[Speaker],
    dated: bool,
    vocab: Vocabulary,
    context: Context,
    drafts: dict[tuple[str, str], Draft],
    outlet_speaker: Speaker,
) -> None:
    title_spans = [(m.start(), m.end()) for m in re.finditer(r",\s+a [^,]+?(?:,|\s+told)", said)]
    title_spans += [
        (m.start(), m.end()) for m in re.finditer(r"\b(?:for|from|to) the (?:province of )?[A-Z]\w+", said)
    ]
    places = places_in(said, vocab, title_spans)
    specific = [p for p, region in places if not region]
    regions = [p for p, region in places if region]
    claims = figures(said)
    stated = claims + actors_in(said, vocab, speakers[0]) + victims_in(said)
    aggregate = bool(AGGREGATE_CUES.search(said))
    if regions:
        context.region = min(
            regions, key=lambda r: len(vocab.ancestors(vocab.canonical_place(place_key(r), r) or r))
        )
    review: list[str] = []
    if (aggregate or (regions and claims)) and not specific:
        incident, scope = "", "aggregate"  # no label: matching keeps different tolls apart
    elif specific:
        incident, scope = _incident_label(specific[0], vocab), "incident"
        context.incident = incident
        killed = next((parse_count(c.raw) for c in claims if c.field == "killed"), None)
        size = killed.low if killed and killed.low is not None else 0
        if size > context.lead_size:
            context.lead, context.lead_size = incident, size
    elif speakers[0] is not outlet_speaker and context.lead:
        incident, scope = context.lead, "incident"
        review.append(f"names no place: placed with the article's main incident ({context.lead}); check")
    elif (
        stated
        and context.incident
        and not _contradicts(stated, drafts.get((fold(speakers[0].name), context.incident)), vocab)
    ):
        incident, scope = context.incident, "incident"
        review.append(f"names no place: placed with the incident before it ({context.incident}); check")
    elif stated:
        incident, scope = "", "aggregate"
        review.append("names no place, and does not fit the incident before it; check where it happened")
    else:
        return
    for speaker in speakers:
        found = claims + actors_in(said, vocab, speaker) + victims_in(said)
        if specific:
            found.append(
                Claim(
                    "location",
                    ", ".join([specific[0], *regions[:1]])
                    if regions and specific[0] != regions[0]
                    else specific[0],
                    0.8,
                )
            )
        elif regions and scope == "aggregate":
            found.append(Claim("location", context.region, 0.7))
        if context.date and dated:
            found.append(Claim("event_date", context.date, 0.7))
        if not found and speaker is outlet_speaker:
            continue
        key = (fold(speaker.name), incident or "aggregate")
        draft = drafts.setdefault(key, Draft(speaker, incident, scope))
        draft.sentences.append(sentence)
        draft.review.extend(r for r in review if r not in draft.review)
        for claim in found:
            if claim.field not in draft.claims:
                draft.claims[claim.field] = claim
            elif relation_of(claim, draft.claims[claim.field], vocab) == "conflict":
                draft.review.append(f"{claim.field}: also says {claim.raw!r}; check which")


def _contradicts(claims: list[Claim], draft: Draft | None, vocab: Vocabulary) -> bool:
    if draft is None:
        return False
    return any(
        c.field in draft.claims and relation_of(c, draft.claims[c.field], vocab) == "conflict" for c in claims
    )


def _outlet(name: str, vocab: Vocabulary) -> Speaker:
    """Who unattributed text belongs to: an outlet, or a ministry or group issuing its own text."""
    group = parse_actors(name, vocab) if name else ()
    if group and not group[0].generic and group[0].side == "non_state":
        return Speaker(group[0].name, "armed_group", "", 0.6)
    kind = _source_type(name, "")
    if kind in ("other", "armed_group"):
        return Speaker(name, "media", name, 0.6, inferred_type=False)
    return Speaker(name, kind, "", 0.6)


def _incident_label(place: str, vocab: Vocabulary) -> str:
    """A label shared by every account placed at one incident, at district level, so that
    "Rarasham, Musakhail district" and "the Musakhail attack" get the same one."""
    parts = [re.sub(r"\s+(?:district|city|town|village|province)$", "", p.strip()) for p in place.split(",")]
    names = [vocab.canonical_place(place_key(p), p) or p for p in parts]
    local = [n for n in names if not (vocab.is_region(n) and len(vocab.ancestors(n)) < 2)] or names
    district = next((n for n in local if vocab.is_region(n)), None)
    if district is None and len(local) == 1:
        district = next((a for a in vocab.ancestors(local[0]) if len(vocab.ancestors(a)) >= 2), local[0])
    return fold(district or local[-1]).replace(" ", "-")


def relation_of(a: Claim, b: Claim, vocab: Vocabulary) -> str:
    """How two claims of one field stand; `relation` reads parsed values only, so a value that
    cannot be read without its context (a date such as "on Sunday": no anchor here) is held as
    words: the same words agree, others differ, and neither is taken for a conflict."""
    kind = CLAIM_KINDS.get(a.field, Kind.TEXT)
    first, second = parse_value(kind, a.raw, None, vocab), parse_value(kind, b.raw, None, vocab)
    if not (first.parsed and second.parsed):
        return "agree" if fold(a.raw) == fold(b.raw) else "differs"
    return relation(first, second)


def to_rows(drafts: Iterable[Draft], *, stem: str, published: str, url: str = "") -> list[dict[str, str]]:
    rows = []
    for n, draft in enumerate(drafts, start=1):
        speaker = draft.source
        confidence = {"source": speaker.confidence} | {f: c.confidence for f, c in draft.claims.items()}
        review = list(draft.review)
        if speaker.inferred_type:
            review.append(f"source_type {speaker.source_type!r} inferred from the wording")
        low = sorted((v, k) for k, v in confidence.items() if v < 0.7)
        if low:
            review.insert(0, "least sure: " + ", ".join(k for _, k in low))
        row = {c: "" for c in ACCOUNT_COLUMNS}
        row |= {
            "id": f"{stem}:{n}",
            "source": speaker.name,
            "source_type": speaker.source_type,
            "via": speaker.via,
            "published": published,
            "url": url,
            "quote": " ".join(s.text for s in draft.sentences),
            "scope": draft.scope,
            "incident": draft.incident,
            "confidence": "; ".join(f"{k} {v:.2f}" for k, v in confidence.items()),
            "review": "; ".join(review),
            "position": "; ".join(f"line {s.line}, char {s.start}" for s in draft.sentences),
        }
        row |= {f: c.raw for f, c in draft.claims.items()}
        rows.append(row)
    return rows


def extract(
    paths: Sequence[Path], *, published: str = "", via: str = "", vocab: Vocabulary | None = None
) -> list[dict[str, str]]:
    """Proposed accounts for every file, as rows of the accounts format v1."""
    vocab = vocab or load_vocabulary()
    rows: list[dict[str, str]] = []
    for path in paths:
        drafts = extract_text(read_text(path), outlet=via or path.stem, published=published, vocab=vocab)
        rows.extend(to_rows(drafts, stem=path.stem, published=published))
    return rows


def write_rows(rows: list[dict[str, str]], fmt: str) -> str:
    """The rows as an accounts file: YAML, or CSV with formula-guarded cells."""
    if fmt == "yaml":
        return yaml.safe_dump({"accounts": rows}, allow_unicode=True, sort_keys=False, width=100)
    # a cell that a spreadsheet would run as a formula ("=HYPERLINK(...)" in a quote, a file
    # named "=cmd.txt" in an id) gets an apostrophe, as in the report's and the match table's CSV
    return csv_text(
        ACCOUNT_COLUMNS, ([formula_guarded(row.get(c, "")) for c in ACCOUNT_COLUMNS] for row in rows)
    )
