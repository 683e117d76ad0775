"""Text -> proposed accounts: who said what about which incident, from articles and statements.

Owns `reconcile extract`: plain text or HTML in, accounts (format v1) out, one per source per
incident (and one more each time a source gives a field a second, different figure: both are
kept, in the order the text gives them), each value with a confidence and the sentence behind
it as `quote` with its `position`, for a person to review before `reconcile report`.

Attribution and figures come from a dependency parse (spaCy, `reconcile.extract.grammar`;
the pinned English model, `reconcile.extract.model`): the text is parsed paragraph by paragraph,
each figure goes to the speaker above it in the parse, and its words are read by the value
layer's count parser. Places are read through the gazetteer, dates relative to `--published`,
perpetrators and victims through the value layer's actors and victim categories. A figure
whose speaker cannot be found is the outlet's, and `review` says so. Background is no claim: a
sentence dated more than a week before publication, and the undated sentences after it, and a
toll over a period ("since the insurgency began", "between 1985 and 2018").

An account's `location` is only what its own sentences name; which incident a statement with no
place belongs to is our inference, written as its `incident` label with a note in `review`.
"""

from __future__ import annotations

import calendar
import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from reconcile.cells import csv_text, formula_guarded
from reconcile.errors import InputError, Problem
from reconcile.extract.grammar import (
    ATTACK_VERBS,
    DOCUMENTS,
    EVENT_NOUNS,
    KILL_NOUNS,
    KILL_VERBS,
    SPEECH_VERBS,
    Claim,
    Event,
    Speaker,
    Speakers,
    class_field,
    document_owner,
    figures_in,
    heads,
    of_object,
    open_class,
    other_claims,
    quote_spans,
    source_type,
    speaker_above,
    speech_events,
    told_before,
    toll_figures,
    toll_object,
)
from reconcile.extract.model import english
from reconcile.schema import ACCOUNT_COLUMNS, CLAIM_KINDS, Kind
from reconcile.values import Vocabulary, load_vocabulary, parse_value, relation
from reconcile.values.actors import parse_actors
from reconcile.values.counts import parse_count
from reconcile.values.dates import WEEKDAYS, parse_date, published_day
from reconcile.values.events import PROTRACTED
from reconcile.values.places import place_key
from reconcile.values.text import fold

__all__ = [
    "Claim",
    "Draft",
    "Speaker",
    "extract",
    "extract_text",
    "figures",
    "read_text",
    "sentences",
    "write_rows",
]

MONTHS_NAMED = [name.casefold() for name in calendar.month_name[1:]]  # the value layer's months, whole
# a sentence about an earlier, separate event ("similar past attacks", "in the past"); dates far
# from the publication day are caught by their dates (`_long_before`)
BACKGROUND = re.compile(
    r"^(?:similar|past|previous)\b|\b(?:similar past (?:attacks|incidents)|in the past(?! \d+| twenty| few)"
    r"|previously|last (?:year|month)|^last week\b|earlier this (?:year|month)|for years|a similar (?:attack|incident)"
    r"|similar attacks"
    r"|(?:a|one|two|three|several|the) (?:days?|weeks?) (?:after|before)|since \d{4}"
    r"|(?:two|three|four|five|six|several|a few) (?:days|weeks|months) ago|(?:a|one) (?:week|month) ago"
    rf"|last (?:{'|'.join(MONTHS_NAMED)})"
    r"|so far this (?:year|month)|in the (?:last|past) (?:\w+ )?(?:months|years)|(?:during|over|throughout) the (?:past |last |previous |following )?"
    r"(?:two |three |four |five |several |few |\d+ )?(?:decades|years)"
    r"|^before the (?:ambush|attack|assault|raid|strike|bombing|blast|massacre|explosion)\b)\b",
    re.IGNORECASE,
)
# background that opens an earlier event's story, which the sentences after it go on telling
EARLIER_STORY = re.compile(r"\ba similar (?:attack|incident)\b", re.IGNORECASE)
# a sentence that opens an earlier event's story, which the sentences after it go on telling ("Last
# month, five Army soldiers ... were killed ... A Pakistani militant was also killed.")
EARLIER_OPENING = re.compile(r"(?:last (?:week|month|year)|earlier this (?:month|year)),", re.IGNORECASE)
DAYS_APART = re.compile(r"(?:a|one|two|three|several|the) (?:days?|weeks?) (?:after|before)", re.IGNORECASE)
THAT_EVENT = re.compile(
    r"\b(?:that|those) (?:attacks?|blasts?|explosions?|strikes?|bombings?|ambush(?:es)?|incidents?|raids?)\b",
    re.IGNORECASE,
)
AGGREGATE_CUES = re.compile(
    r"\b(?:in (?:three|four|five|several|multiple|a series of|coordinated) (?:assaults|attacks)|"
    r"throughout the (?:province|region|country|state)|across the (?:province|region|country|state)|overall|in total|the assaults|"
    r"coordinated (?:assaults|attacks)|(?:at least )?one of the attacks|all (?:the|these) attacks|"
    r"the operation|(?:terrorist|militant) attacks)\b",
    re.IGNORECASE,
)
# a year is four digits from 1800 to 2099: "0415" in "(0415 GMT)" is a clock's time, which the
# parse may tag as a date
MONTH_OR_YEAR = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?|(?:1[89]|20)\d\d)(?!\w)"
)


@dataclass
class Sentence:
    index: int
    start: int
    text: str
    line: int


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
CHUNK = 20_000  # characters of a long paragraph parsed at once (spaCy's memory grows with the text)


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """The text's paragraphs (split at blank lines) with the offset where each starts; a paragraph
    longer than CHUNK characters in pieces cut after a full stop (or at a space)."""
    start = 0
    for found in [*PARAGRAPH_BREAK.finditer(text), None]:
        end = found.start() if found is not None else len(text)
        while end - start > CHUNK:
            cut = max(text.rfind(". ", start, start + CHUNK), text.rfind(" ", start, start + CHUNK))
            cut = cut + 1 if cut > start else start + CHUNK
            yield start, text[start:cut]
            start = cut
        yield start, text[start:end]
        if found is not None:
            start = found.end()


# A place in capitals of up to five words, a comma allowed ("PORT SUDAN, Sudan"), up to two
# brackets ("(AP)"), then a dash with a space or a bracket before it, a colon or a bar: a hyphen
# inside a word is no dateline's end ("Abdul Basit Al-Baher, spokesman", "The Secretary-General").
DATELINE = re.compile(
    r"^[\s.•·]*[A-Z][\w.'’/-]*(?:,? [A-Z0-9][\w.'’/-]*){0,4}(?:\s*\([^()\n]{1,40}\)){0,2}"
    r"(?:\s+[-–—|]|(?<=\))\s*[-–—]|\s*[:|])\s*(?=[A-Z“\"])"
)


def _without_dateline(paragraph: str) -> str:
    """A paragraph with its dateline ("KYIV (Reuters) -", "BANGKOK:") blanked, same length, so
    that the parser does not take the place for the subject of the sentence after it."""
    found = DATELINE.match(paragraph)
    if found is None or len(found.group().split()) > 6:
        return paragraph
    return " " * found.end() + paragraph[found.end() :]


def parsed(text: str) -> Iterator[tuple[int, Any]]:
    """Each paragraph with its parse (spaCy's Doc), in order."""
    nlp = english()
    pieces = [
        (offset, _without_dateline(paragraph)) for offset, paragraph in paragraphs(text) if paragraph.strip()
    ]
    docs = nlp.pipe((paragraph for _, paragraph in pieces), batch_size=64)
    for (offset, _), doc in zip(pieces, docs, strict=True):
        yield offset, doc


def sentences(text: str) -> list[Sentence]:
    """The text's sentences as the parser splits them, each with its offset and its line."""
    out, index, line, counted_to = [], 0, 1, 0
    for offset, doc in parsed(text):
        for sent in doc.sents:
            said = sent.text.strip()
            if not said:
                continue
            start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
            line += text.count("\n", counted_to, start)
            counted_to = start
            out.append(Sentence(index, start, said, line))
            index += 1
    return out


def figures(sentence: str) -> list[Claim]:
    """The figures of one sentence with the fields they fill (for tests and the curious)."""
    doc = english()(sentence)
    vocab = load_vocabulary()
    found: list[Claim] = []
    for sent in doc.sents:
        items = figures_in(sent, vocab)
        toll_figures(sent, items, vocab)
        found.extend(Claim(f.field, f.raw, 0.8, f.start) for f in items if f.field)
    return found


PLACE_WORD = r"[A-Z][\w’'-]+"
PLACE_PATTERNS = [
    re.compile(rf"\barea of (?P<a>{PLACE_WORD}(?: {PLACE_WORD})?) in (?P<b>{PLACE_WORD}(?: {PLACE_WORD})?) district\b"),
    re.compile(rf"\b[Ii]n (?P<a>{PLACE_WORD}(?: {PLACE_WORD})?) (?P<kind>district|city|town|village|province)(?: of (?P<b>{PLACE_WORD}))?"),
    re.compile(rf"\b(?:[Ii]n|[Aa]t|[Nn]ear|[Aa]cross|[Tt]hroughout|[Oo]utside) (?:the )?(?P<a>{PLACE_WORD}(?: {PLACE_WORD})?)\b"),
    re.compile(rf"\bthe (?P<a>{PLACE_WORD}) (?:attack|attacks|assault|bombing|massacre|killings)\b"),
]  # fmt: skip


TOWN_PEOPLE = 1_000  # a name after "in" read as a place when the gazetteer has a town of this size by it


def _town(name: str, vocab: Vocabulary) -> str | None:
    """The gazetteer's town a capitalised name after "in", "at", "near" is, by its own name."""
    read = vocab.place_part(name)
    if read is None or read.place is None or not read.place.by_name or read.place.population < TOWN_PEOPLE:
        return None
    return read.name


def places_in(sentence: str, vocab: Vocabulary, skip: Sequence[tuple[int, int]]) -> list[tuple[str, bool]]:
    """Places the sentence names as where something happened: (raw, is a region), most specific first."""
    found: list[tuple[str, bool, int]] = []
    for rank, pattern in enumerate(PLACE_PATTERNS):
        for m in pattern.finditer(sentence):
            if any(lo <= m.start() < hi for lo, hi in skip):
                continue
            a = m["a"]
            known = vocab.canonical_place(place_key(a), a) or _town(a, vocab)
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


def clauses(sentence: str, vocab: Vocabulary) -> list[tuple[int, str]]:
    """A sentence that names several incidents' places, split where each clause starts, each
    clause with its offset in the sentence."""
    parts, start = [], 0
    for found in CLAUSE_BREAK.finditer(sentence):
        parts.append((start, sentence[start : found.start()]))
        start = found.end()
    parts.append((start, sentence[start:]))
    parts = [(at, p) for at, p in parts if p.strip()]
    placed = [p for _, p in parts if any(not region for _, region in places_in(p, vocab, []))]
    return parts if len(placed) > 1 else [(0, sentence)]


@dataclass
class Context:
    incident: str = ""
    scope: str = "incident"
    date: str = ""
    lead: str = ""
    lead_size: int = -1
    region: str = ""


DATE_PHRASES = re.compile(
    r"\b(?P<date>overnight on (?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)|"
    r"(?:late |early )?on (?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday)(?: night)?|"
    r"(?:Sunday|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday) night|yesterday|last night|overnight|"
    r"the past 24 hours|on \d{1,2} (?:January|February|March|April|May|June|July|August|September|"
    r"October|November|December)(?: \d{4})?|night of \d{1,2}(?:/\d{1,2})? \w+(?: \d{4})?)\b"
)
SAME_DAY = re.compile(r"\b(?:on the same day|the same day|on that day|at the same time)\b", re.IGNORECASE)


class Reader:
    """One text's reading: the speakers met so far, the open quote's speaker, the drafts."""

    def __init__(self, vocab: Vocabulary, outlet: Speaker, published: str) -> None:
        self.vocab = vocab
        self.outlet = outlet
        self.published = published
        self.speakers = Speakers(vocab, outlet)
        self.quote_speaker: Speaker | None = None
        self.context = Context()
        self.drafts: dict[tuple[str, str], list[Draft]] = {}
        self.order: list[Draft] = []
        self.offset = 0  # where the paragraph being read starts in the text
        self.events: dict[int, list[Event]] = {}  # the paragraph's speech events, by sentence
        self.earlier = False  # reading about an earlier event, told as background
        self.earlier_event = False  # whether that earlier event was told as one (an attack, a killing)
        self.recent_days = 7  # how many days before publication a date is still the story's
        self.counted_class = ""  # the class of the people the paragraph counted, as no casualties
        self.nouns_read: set[str] = set()  # the nouns of the sentences read, for "the driver"
        self.paragraph_quote: Speaker | None = None  # who the paragraph's last attributed quote is by
        self.last_speaker: Speaker | None = None  # who spoke in the last sentence read that had a speaker
        self.next_sent: Any = None  # the sentence after the one being read, in this paragraph or the next

    def read(self, text: str) -> list[Draft]:
        index, line, counted_to = 0, 1, 0
        docs = list(parsed(text))
        every = [sent for _, doc in docs for sent in doc.sents if sent.text.strip()]
        following = {(id(a.doc), a.start): b for a, b in itertools.pairwise(every)}
        for offset, doc in docs:
            self.offset = offset
            quotes = quote_spans(doc.text)
            paragraph_quote: Speaker | None = None
            self.paragraph_quote = None
            self.speakers.paragraph = []
            self.counted_class = ""  # the class of the people a paragraph counted, as no casualties
            if not self.earlier_event:
                # "Jaish al-Adl was formed in 2012": an old date of no event tells no story that a
                # new paragraph goes on with
                self.earlier = False
            sents = [sent for sent in doc.sents if sent.text.strip()]
            # every sentence's speech events first, in order, so that a quote can find the
            # attribution that follows it in its paragraph
            self.events = {}
            for sent in sents:
                self.speakers.mention(sent)
                self.events[sent.start] = speech_events(sent, self.speakers, quotes)
            for sent in sents:
                start = offset + sent.start_char + (len(sent.text) - len(sent.text.lstrip()))
                line += text.count("\n", counted_to, start)
                counted_to = start
                sentence = Sentence(index, start, sent.text.strip(), line)
                index += 1
                events = self.events[sent.start]
                for quote in quotes:
                    if quote[0] <= sent.end_char and quote[1] >= sent.start_char:
                        outside = [
                            e
                            for e in events
                            if not (quote[0] <= e.verb.idx < quote[1]) and not e.first_person
                        ]
                        if outside:  # the attribution nearest the quote
                            nearest = min(outside, key=lambda e: min(abs(e.verb.idx - q) for q in quote))
                            paragraph_quote = nearest.speaker
                self.paragraph_quote = paragraph_quote
                self.next_sent = following.get((id(doc), sent.start))
                self._sentence(sent, sentence, events, quotes)
                spoke = [e.speaker for e in events if not e.first_person]
                if spoke:
                    self.last_speaker = spoke[-1]
            if paragraph_quote is not None:
                self.quote_speaker = paragraph_quote
            elif not quotes:
                self.quote_speaker = None
        return self.order

    def _quote_speaker(self, position: int, sent: Any, quotes: list[tuple[int, int]]) -> Speaker | None:
        """The speaker of the quote a position stands in: the speech verb outside the quote in the
        sentences it touches, else the quote before it (a quote that runs on)."""
        for quote in quotes:
            if not quote[0] <= position < quote[1]:
                continue
            touching = [s for s in sent.doc.sents if s.start_char <= quote[1] and s.end_char >= quote[0]]
            for other in touching:
                for event in self.events.get(other.start, []):
                    if not quote[0] <= event.verb.idx < quote[1] and not event.first_person:
                        return event.speaker
            return self.paragraph_quote or self.quote_speaker
        return None

    def _report_owner(self, token: Any) -> Speaker | None:
        """ "The ministry denied an earlier report by the official news agency that 14 soldiers
        were killed": a figure in what a document says is its owner's, whoever speaks of it."""
        node = token
        for _ in range(6):
            if node.head.i == node.i:
                return None
            if node.dep_ in ("acl", "ccomp") and node.head.lemma_.casefold() in DOCUMENTS:
                if not any(c.dep_ == "mark" and c.lower_ == "that" for c in node.children):
                    return None
                owner = document_owner(node.head)
                return self.speakers.of_phrase(owner) if owner is not None else None
            if node.pos_ in ("VERB", "AUX") and node.dep_ not in ("acl", "ccomp", "conj"):
                return None
            node = node.head
        return None

    def _speaker_of(
        self, token: Any, sent: Any, events: list[Event], quotes: list[tuple[int, int]]
    ) -> tuple[Speaker, str]:
        """Who gives what `token` heads: the speech verb above it in the parse, else the quote it
        stands in, else the speech verb nearest it in its sentence, else the outlet (flagged)."""
        inside = any(q[0] <= token.idx < q[1] for q in quotes)
        reported = self._report_owner(token)
        if reported is not None:
            return reported, ""
        event = speaker_above(token, events)
        if event is not None and not (event.first_person or (inside and _quoted_in(event, quotes))):
            return event.speaker, ""
        if inside:
            speaker = self._quote_speaker(token.idx, sent, quotes)
            if speaker is not None:
                return speaker, ""
        outside = [
            e for e in events if not e.first_person and not any(q[0] <= e.verb.idx < q[1] for q in quotes)
        ]
        if outside:
            nearest = min(outside, key=lambda e: abs(e.verb.i - token.i))
            return nearest.speaker, ""
        return self.outlet, "no speaker found for this figure: the outlet's; check who gave it"

    def _sentence(
        self,
        sent: Any,
        sentence: Sentence,
        events: list[Event],
        quotes: list[tuple[int, int]],
    ) -> None:
        if sentence.index == 0 and re.search(r"\blast week\b", sentence.text, re.IGNORECASE):
            self.recent_days = 14  # a lead's "last week": its days are the story's, not an earlier event's
        dated_long_before, framing = self._long_before(sent)
        own_date = any(ent.label_ in ("DATE", "TIME") for ent in sent.ents)
        # an earlier event's story runs on in the sentences after its date that give none of their
        # own ("On Jan. 18, rebels fired a missile at a base. ... the attack left 111 killed")
        opens_earlier = EARLIER_STORY.search(sentence.text) or EARLIER_OPENING.match(sentence.text)
        if dated_long_before or opens_earlier:
            self.earlier = True
            self.earlier_event = bool(opens_earlier) or _tells_an_event(sent)
        elif own_date and not (self.earlier and THAT_EVENT.search(sentence.text)):
            # "... in that blast, which the minister this week described as a car bomb": the
            # earlier event, whatever day its telling has
            self.earlier = False
        cue = BACKGROUND.search(sentence.text)
        if cue and cue.group(0).casefold() == "previously":
            # "Azam Khan ... previously said 35 bodies were brought": a source's earlier toll of this
            # story, a claim (revised, perhaps), not an earlier event
            said = next((t for t in sent if t.lower_ == "previously"), None)
            if said is not None and said.head.lemma_.casefold() in SPEECH_VERBS:
                cue = None
        if cue and DAYS_APART.fullmatch(cue.group(0)) and own_date:
            # "At least five people were shot dead ... on Saturday, a day after clashes ... left
            # another five dead": the sentence's own day is news, the clause after "after" is not
            after = [
                t for t in sent if t.lower_ in ("after", "before") and cue.start() <= t.idx - sent.start_char
            ]
            framing = [*framing, *(t.head if t.dep_ == "mark" else t for t in after[:1])]
            cue = None
        background = bool(cue) or self.earlier
        date = DATE_PHRASES.search(sentence.text)
        if date and not background:
            self.context.date = date["date"]
        dated = bool(date or SAME_DAY.search(sentence.text))
        if background:
            return
        items = figures_in(sent, self.vocab)
        toll_figures(sent, items, self.vocab)
        self._counted_before(items)
        self._first_named(items, sent)
        main, main_note = self._speaker_of(sent.root, sent, events, quotes)
        claims: list[Claim] = []
        for figure in items:
            if not figure.field or not parse_count(figure.raw).parsed or _over_a_period(figure):
                continue
            if any(clause in heads(figure.head) for clause in framing):
                continue  # inside a clause an earlier date frames
            speaker, note = self._speaker_of(figure.head, sent, events, quotes)
            if note and sentence.index > 0 and _unanchored_toll(figure):
                continue  # the outlet's toll of no time, place or event: background
            if note and told_before(figure):
                continue  # "the three bodies" no one gives: those counted before
            owner = self._document_after() if note else None
            if owner is not None:
                # "... sixteen brave sons of the soil embraced Shahadat. The statement added that
                # ...": the sentence a statement is said to go on from is that statement's
                speaker, note = owner, ""
            elif note and figure.toll and self.last_speaker is not None:
                # "The death toll rose to 21": a toll no one in its sentence gives goes on the
                # account of the last speaker, who gave the story's figures before it
                speaker = self.last_speaker
                note = f"a toll no speaker in its sentence gives: read as {speaker.name}'s, the last speaker; check"
            raw = self._raised(figure, speaker) if figure.later else figure.raw
            unknown = open_class(figure)
            if unknown:
                opened = f"killed: the victims' class is left open ({unknown!r} names none known); check"
                note = "; ".join(n for n in (note, opened) if n)
            if figure.later:
                note = "; ".join(
                    n
                    for n in (
                        note,
                        f"{figure.field}: {figure.raw!r} died of their wounds, read as {raw!r}; check",
                    )
                    if n
                )
            claim = Claim(figure.field, raw, 0.8 if not note else 0.6, figure.start, speaker, note)
            claim.later = figure.later
            claims.append(claim)
        # what a sentence says besides figures belongs to its main speaker, and to each speaker
        # of the same verb ("X and Y in separate statements called ...")
        above = speaker_above(sent.root, events)
        alike = [e.speaker for e in events if above is not None and e.verb.i == above.verb.i] or [main]
        for claim in other_claims(sent, items, self.vocab, main, main is not self.outlet):
            for speaker in {id(s): s for s in alike}.values():
                claims.append(
                    Claim(claim.field, claim.raw, claim.confidence, claim.start, speaker, main_note)
                )
        for claim in claims:
            claim.start += self.offset
        for at, said in clauses(sentence.text, self.vocab):
            low, high = sentence.start + at, sentence.start + at + len(said)
            mine = [c for c in claims if low <= c.start < high or (c.start < 0 and at == 0)]
            self._clause(said, sentence, mine, main, dated)

    def _document_after(self) -> Speaker | None:
        """The owner of the document the next sentence opens with as its speaker ("The statement
        added that ...", "the statement said"): a definite document that speaks goes on from, or
        sums up, the sentence before it, which is that document's too."""
        nxt = self.next_sent
        if nxt is None:
            return None
        for token in nxt:
            if token.dep_ != "nsubj" or token.head.lemma_.casefold() not in SPEECH_VERBS:
                continue
            if token.lemma_.casefold() not in DOCUMENTS or not any(c.lower_ == "the" for c in token.lefts):
                return None
            if token.i != nxt.start + 1:  # first in its sentence: "The statement added"
                return None
            return self.speakers.of_phrase(token)
        return None

    def _raised(self, figure: Any, speaker: Speaker) -> str:
        """Deaths among the wounded ("eight of the wounded died") added to the toll the same
        source gave before in this text, when that toll is exact ("20 (12, then eight of the
        wounded)"); with no such toll, at least that many died."""
        died = parse_count(figure.raw)
        for draft in reversed(self.order):
            held = draft.claims.get(figure.field) or draft.claims.get("killed")
            if fold(draft.source.name) != fold(speaker.name) or held is None:
                continue
            before = parse_count(held.raw)
            if before.low is not None and before.high == before.low and died.low == died.high:
                return f"{before.low + (died.low or 0)} ({held.raw}, then {figure.raw})"
            break
        return (
            figure.raw
            if re.match(r"(?:at least|more than|over)\b", figure.raw, re.I)
            else f"at least {figure.raw}"
        )

    def _first_named(self, items: list[Any], sent: Any) -> None:
        """ "The attacker was killed on the scene by a civilian": the one attacker with "the" whom
        the text has not named before is news, one counted (a victim with "the" is one told of
        before, or one the text names: not counted); the nouns read so far kept to tell."""
        for figure in items:
            if figure.unless_named != "killed_militants" or figure.field or figure.noun is None:
                continue
            within = any(
                other is not figure
                and other.field
                and other.start <= figure.start
                and figure.end <= other.end
                for other in items
            )
            if not within and figure.noun.lemma_.casefold() not in self.nouns_read:
                figure.field = figure.unless_named
        self.nouns_read.update(t.lemma_.casefold() for t in sent if t.pos_ == "NOUN")

    def _counted_before(self, items: list[Any]) -> None:
        """ "Forty-five members of the Chechnya police force were returning ... Ten were killed": a
        bare count of the dead takes the class of the people the paragraph counted before it,
        when they were counted as no casualties."""
        for figure in items:
            bare = figure.noun is None and figure.head.dep_ in ("nsubj", "nsubjpass")
            if bare and figure.field == "killed" and self.counted_class:
                figure.field = self.counted_class
        for figure in items:
            group = figure.noun is not None and figure.noun.i > figure.head.i and figure.noun.dep_ == "nsubj"
            if not figure.field and group and (parse_count(figure.raw).low or 0) > 1:
                counted = class_field(figure, "killed", self.vocab)
                if counted != "killed":
                    self.counted_class = counted

    def _long_before(self, sent: Any) -> tuple[bool, list[Any]]:
        """Whether the sentence's date lies more than a week before publication, or is a whole month
        or year before it (an earlier event),
        and the clauses that only frame the text with such a date ("the calm since the evacuations
        that followed the fall of the city in August"): those clauses are background, the
        sentence and the text after it are not."""
        day = published_day(self.published) if self.published else None
        if day is None:
            return False, []
        framing: list[Any] = []
        for ent in sent.ents:
            if any(h.lemma_ == "bear" for h in (ent.root.head, ent.root.head.head)):
                continue  # "a man died, born in 1943": a birth, not the event's date
            if ent.label_ == "DATE" and MONTH_OR_YEAR.search(ent.text):
                low, high = _date_span(ent.text, day)
                # a whole month or year before the one published in ("In August" in September's
                # story) is as much an earlier event as a day more than a week before
                whole_period = low is not None and high is not None and (high - low).days > 7 and high < day
                if high is not None and ((day - high).days > self.recent_days or whole_period):
                    clause = _framing_clause(ent.root)
                    if clause is None:
                        return True, []
                    framing.append(clause)
        return False, framing

    def _clause(self, said: str, sentence: Sentence, claims: list[Claim], main: Speaker, dated: bool) -> None:
        vocab, context = self.vocab, self.context
        title_spans = [(m.start(), m.end()) for m in re.finditer(r",\s+a [^,]+?(?:,|\s+told)", said)]
        title_spans += [
            (m.start(), m.end())
            for m in re.finditer(r"\b(?:for|from|to) the (?:province of )?[A-Z]\w+", said)
        ]
        places = places_in(said, vocab, title_spans)
        specific = [p for p, region in places if not region]
        regions = [p for p, region in places if region]
        counts = [c for c in claims if CLAIM_KINDS.get(c.field) == Kind.COUNT]
        aggregate = bool(AGGREGATE_CUES.search(said))
        if regions:
            context.region = min(
                regions, key=lambda r: len(vocab.ancestors(vocab.canonical_place(place_key(r), r) or r))
            )
        review: list[str] = []
        speaker0 = claims[0].speaker if claims else main
        if (aggregate or (regions and counts)) and not specific:
            incident, scope = "", "aggregate"  # no label: matching keeps different tolls apart
        elif specific:
            incident, scope = _incident_label(specific[0], vocab), "incident"
            context.incident = incident
            killed = next((parse_count(c.raw) for c in counts if c.field == "killed"), None)
            size = killed.low if killed and killed.low is not None else 0
            if size > context.lead_size:
                context.lead, context.lead_size = incident, size
        elif speaker0 is not self.outlet and context.lead:
            incident, scope = context.lead, "incident"
            review.append(f"names no place: placed with the article's main incident ({context.lead}); check")
        elif claims and context.incident and not self._contradicts(claims, context.incident):
            incident, scope = context.incident, "incident"
            review.append(f"names no place: placed with the incident before it ({context.incident}); check")
        elif claims:
            incident, scope = "", "aggregate"
            review.append("names no place, and does not fit the incident before it; check where it happened")
        else:
            return
        by_speaker: dict[int, list[Claim]] = {}
        speakers: dict[int, Speaker] = {}
        for claim in claims:
            speaker = claim.speaker or main
            by_speaker.setdefault(id(speaker), []).append(claim)
            speakers[id(speaker)] = speaker
        if not by_speaker:
            by_speaker[id(main)] = []
            speakers[id(main)] = main
        for key, found in by_speaker.items():
            speaker = speakers[key]
            extra: list[Claim] = []
            if specific:
                extra.append(
                    Claim(
                        "location",
                        ", ".join([specific[0], *regions[:1]])
                        if regions and specific[0] != regions[0]
                        else specific[0],
                        0.8,
                    )
                )
            elif regions and scope == "aggregate":
                extra.append(Claim("location", context.region, 0.7))
            if context.date and dated:
                extra.append(Claim("event_date", context.date, 0.7))
            if not found and speaker is self.outlet and not extra:
                continue
            if not found and speaker is not self.outlet:
                continue  # a speaker who gives no claim here: nothing to propose
            notes = [*review, *(c.review for c in found if c.review)]
            self._add(speaker, incident, scope, sentence, [*found, *extra], notes)

    def _add(
        self,
        speaker: Speaker,
        incident: str,
        scope: str,
        sentence: Sentence,
        found: list[Claim],
        notes: list[str],
    ) -> None:
        """The claims into the speaker's account for the incident; a count that differs from one the
        account already holds starts a new account (a revision, or another count), after it."""
        key = (fold(speaker.name), incident or "aggregate")
        drafts = self.drafts.setdefault(key, [])
        if not drafts:
            drafts.append(self._new(speaker, incident, scope))
        for claim in found:
            draft = drafts[-1]
            held = draft.claims.get(claim.field)
            counted = held is not None and CLAIM_KINDS.get(claim.field) == Kind.COUNT
            if held is not None and counted and relation_of(claim, held, self.vocab) != "agree":
                draft = self._new(speaker, incident, scope)
                drafts.append(draft)
                draft.review.append(
                    f"{claim.field}: a second figure from this source in this text, after "
                    f"{held.raw!r}: a revision or another count; check"
                )
            if sentence not in draft.sentences:
                draft.sentences.append(sentence)
            draft.review.extend(r for r in notes if r and r not in draft.review)
            draft.claims.setdefault(claim.field, claim)

    def _new(self, speaker: Speaker, incident: str, scope: str) -> Draft:
        draft = Draft(speaker, incident, scope)
        self.order.append(draft)
        return draft

    def _contradicts(self, claims: list[Claim], incident: str) -> bool:
        for (_, label), drafts in self.drafts.items():
            if label != incident:
                continue
            for draft in drafts:
                for c in claims:
                    if c.later:
                        continue  # deaths among the wounded raise the toll they were wounded in
                    other = draft.claims.get(c.field)
                    if (
                        other is not None
                        and draft.source.name == (c.speaker.name if c.speaker else "")
                        and (relation_of(c, other, self.vocab) == "conflict")
                    ):
                        return True
        return False


def _over_a_period(figure: Any) -> bool:
    """A toll over a period ("109 soldiers have been killed since the insurgency started"), not
    of an incident."""
    verb = figure.head.head if figure.head.dep_ != "nummod" else figure.head.head.head
    # and the clause's verb, past a noun the figure counts "of" ("reports a death toll of over
    # 41,000 Palestinians ... since October 7 of the previous year")
    clause = next(
        (h for h in heads(figure.head)[1:7] if h.pos_ in ("VERB", "AUX") and h.dep_ != "prep"), verb
    )
    clauses = [v for word in {verb.i: verb, clause.i: clause}.values() for v in _with_clauses(word)]
    # "... have been killed in Rajouri since January while 15 militants ... have been killed in
    # Poonch": a parallel clause shares its main clause's period
    clauses += [
        c.head
        for c in clauses
        if c.dep_ == "advcl" and any(m.lower_ in ("while", "whereas") for m in c.children)
    ]
    if any(c.lower_ == "since" and not _since_days_ago(c) for clause in clauses for c in clause.children):
        return True
    # "brought to five the number of peacekeepers killed ... since January": the toll's own clause
    tolls = [toll_object(v) for v in clauses]
    counted = [of_object(t) for t in tolls if t is not None]
    if any(
        t.lower_ == "since" and t.dep_ == "prep" for noun in counted if noun is not None for t in noun.subtree
    ):
        return True
    # "killed 450,000 people between 1985 and 2018" (the parse may hang the span on the people)
    spans = [
        c
        for word in (verb, figure.head.head)
        for c in word.children
        if c.dep_ == "prep" and c.lower_ in ("between", "from", "over", "since")
    ]
    if any(re.search(r"\b(?:1[89]|20)\d\d\b", "".join(t.text_with_ws for t in c.subtree)) for c in spans):
        return True
    return _a_conflicts_toll(verb)


ANCHORS = frozenset({"in", "at", "on", "near", "during", "when", "after", "while", "as", "across", "around"})
ONGOING = frozenset({"violence", "fighting", "bloodshed", "unrest", "hostilities"})
ATTACKS = frozenset({"attack", "strike", "airstrike", "raid", "clash", "bombing", "shelling"})


# words of a day or a time of day: "since Monday", "since dawn" span days of one incident
RECENT = frozenset(WEEKDAYS) | {
    "yesterday",
    "morning",
    "dawn",
    "night",
    "evening",
    "afternoon",
    "midnight",
    "noon",
}


def _since_days_ago(since: Any) -> bool:
    """ "has treated at least thirty ... since Monday": a few days of one incident, not a period."""
    return any(t.lower_ in RECENT for t in since.subtree)


def _unanchored_toll(figure: Any) -> bool:
    """ "More than 120 civilians have been killed, most of them on the Lebanese side": a toll in the
    present perfect that no one in its sentence gives, with no day, place or event of its own (no
    "in the attack", "on Friday", "when ..."), after the text's first sentence: the story's
    background, not a claim about the incident."""
    verb = next((h for h in heads(figure.head)[1:4] if h.pos_ in ("VERB", "AUX")), None)
    if verb is None or any(ent.label_ in ("DATE", "TIME") for ent in verb.sent.ents):
        return False
    perfect = any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP")
        for c in verb.children
    )
    anchored = any(
        (c.dep_ in ("prep", "advcl", "advmod", "agent") and c.lower_ in ANCHORS | {"by"})
        or (c.dep_ == "advcl" and any(g.lower_ in ANCHORS for g in c.children))
        for c in verb.children
    )
    # who or what killed: none ("have been killed", "have died"), or violence that goes on ("the
    # violence has claimed", "Israeli strikes have killed"); "An attack ... has killed" is news
    subjects = [
        c
        for c in verb.children
        if c.dep_ == "nsubj" and c.i not in range(figure.head.i - 3, figure.head.i + 4)
    ]
    cumulative = all(
        s.lemma_.casefold() in PROTRACTED | ONGOING or (s.tag_ == "NNS" and s.lemma_.casefold() in ATTACKS)
        for s in subjects
    )
    sentence = verb.sent.text.rstrip()
    told = sentence.endswith((".", "!", "?", '"', "”", "’"))  # a headline states the story's news
    return perfect and not anchored and cumulative and told


def _with_clauses(verb: Any) -> list[Any]:
    return [verb, *(c for c in verb.children if c.dep_ == "advcl")]


WEAPONS = frozenset({"missile", "rocket", "bomb", "drone", "shell", "mortar", "grenade", "mine"})


def _tells_an_event(sent: Any) -> bool:
    """Whether a sentence tells of a violent event (an attack, a killing), which the sentences after
    it may go on telling; "Jaish al-Adl was formed in 2012" tells of none."""
    return any(
        (t.pos_ == "VERB" and t.lemma_.casefold() in ATTACK_VERBS | KILL_VERBS | {"launch"})
        or (t.pos_ == "NOUN" and t.lemma_.casefold() in EVENT_NOUNS | KILL_NOUNS | WEAPONS)
        for t in sent
    )


def _a_conflicts_toll(verb: Any) -> bool:
    """ "The Boko Haram insurgency ... has killed more than 350,000 people", "up to 2,000 people have
    been killed and about 430,000 have been left homeless in the conflict": a verb in the present
    perfect whose subject, agent or "in" names a conflict that lasts years (`PROTRACTED`), with no
    day of its own ("have been killed in the war on Monday" is news of that day)."""
    verbs = [verb, *verb.conjuncts]
    perfect = any(
        c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" and c.tag_ in ("VBZ", "VBP", "VBG")
        for v in verbs
        for c in v.children
    )
    # "The war killed more than 24,000 people": the conflict itself, the subject, in the past too
    subject_is_conflict = any(
        c.dep_ == "nsubj" and c.lemma_.casefold() in PROTRACTED and any(d.lower_ == "the" for d in c.children)
        for v in verbs
        for c in v.children
    )
    if not (perfect or subject_is_conflict) or DATE_PHRASES.search(verb.sent.text):
        return False
    named: list[Any] = []
    for v in verbs:
        for child in v.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                # "a rebellion which has claimed more than 5,500 lives": the noun "which" stands for
                relative = child.tag_ in ("WDT", "WP") and v.dep_ == "relcl"
                named.append(v.head if relative else child)
            elif child.dep_ in ("agent", "prep") and child.lower_ in ("by", "in", "during"):
                named += [c for c in child.children if c.dep_ == "pobj"]
    return any(word.lemma_.casefold() in PROTRACTED for word in named)


FRAMING_DEPS = frozenset({"relcl", "acl"})
FRAMING_WORDS = frozenset({"since", "after", "before", "following", "until"})


def _framing_clause(date: Any) -> Any | None:
    """The clause by which a date only frames what a sentence says: a clause that describes a noun
    ("the evacuations that followed the fall of the city in August"), or a phrase or clause of
    time before or after ("since the fall of the city in August", "after gunmen killed 20 in
    August"), on the way up from the date to the sentence's root; None when the date is the main
    clause's own ("On Jan. 18, rebels fired a missile at a base"; "... killed when rebels attacked
    on 12 March": the same event)."""
    for node in heads(date)[1:]:
        if node.dep_ in FRAMING_DEPS or (node.dep_ == "prep" and node.lower_ in FRAMING_WORDS):
            return node
        if node.dep_ == "advcl" and any(
            c.dep_ == "mark" and c.lower_ in FRAMING_WORDS for c in node.children
        ):
            return node  # "..., two weeks after gunmen killed 20 in August"
    return None


@lru_cache(maxsize=4096)
def _date_span(phrase: str, day: dt.date) -> tuple[dt.date | None, dt.date | None]:
    span = parse_date(phrase, day)
    return (span.low, span.high) if span.parsed else (None, None)


def _quoted_in(event: Event, quotes: list[tuple[int, int]]) -> bool:
    return any(q[0] <= event.verb.idx < q[1] for q in quotes) and event.first_person


def extract_text(
    text: str,
    *,
    outlet: str,
    published: str = "",
    vocab: Vocabulary | None = None,
) -> list[Draft]:
    vocab = vocab or load_vocabulary()
    return Reader(vocab, _outlet(outlet, vocab), published).read(text)


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
    kind = source_type(name, "")
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
