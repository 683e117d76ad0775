"""Who said which figure, read from a dependency parse: speakers, figures and the fields they fill.

Owns the grammar of attribution and of casualty figures, on spaCy's parse of English:

- speakers: subjects of speech verbs ("X said", "said X, a police commander", "X told AFP",
  "X put the toll at 14"), "according to X", a statement's or a list's owner ("a statement from
  the general staff", "a casualty list provided by Nasser Hospital"), appositions ("the
  governor's spokesman, Ahmed Musa": Ahmed Musa) and pronouns and role nouns ("he", "the
  group", "the governor", a surname) resolved to a speaker named earlier in the text; quotes
  that run on without attribution belong to whoever the quote before them was attributed to;
- figures: each count phrase the value layer's count grammar knows (`reconcile.values.counts`:
  qualifiers before and after, vague quantities, ranges), the noun it counts ("N of X"
  included, and singular nouns: "a policeman was killed"), the field from the word that governs
  it (killed, wounded, abducted, "embraced shahadat", "sent to hell", "put the toll at", "the
  bodies of") and, for deaths, the victims' class from the value layer's victim categories;
- lists and parts: a list of victims the count parser reads as a sum is one figure; a list of
  exact counts and single persons is one toll, their sum ("4 (three children and their
  mother)"); soldiers beside fighters is a breakdown between sides, kept part by part; a toll's
  parts ("including three soldiers") fill the fields their class names; "killed and injured
  nine" is one number for two fields, and a count of neither;
- each figure's speaker: the nearest speech verb above it in the parse, else the quote it
  stands in, else a speech verb in its sentence, else nobody (the outlet's, to review).

No word list here names a region, a country or an armed group: names come from the parse and the
vocabulary (`reconcile.values`).
"""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from reconcile.values import Vocabulary, read_victims
from reconcile.values.actors import parse_actors
from reconcile.values.categories import BROAD, CIVILIANS, FIGHTERS, MILITANTS, SECURITY, parse_victims
from reconcile.values.counts import QUALIFIER, QUALIFIER_AFTER, VAGUE, VAGUE_PHRASE, Q, parse_count
from reconcile.values.places import GENERIC_WORDS as PLACE_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


Token = Any  # spacy.tokens.Token (spaCy is imported lazily; its types are not checked here)
Span = Any  # spacy.tokens.Span

# --- the words of the grammar ----------------------------------------------------------------------

SPEECH_VERBS = _words(
    "say tell claim confirm deny report state announce add write post record estimate indicate "
    "declare note insist allege tweet explain put quote count show call pledge promise warn denounce "
    "condemn vow accuse blame see witness observe read assure affirm specify stress reveal disclose identify"
)
# a document that speaks for its owner ("a statement from the army said", "the statement added"),
# and words for what is known that speak for whoever reports them ("initial information indicated")
DOCUMENTS = _words(
    "statement report communique communiqué release post list tally toll update bulletin tweet "
    "message video account information data figure figures estimate count assessment reports"
)
# of those, what is known rather than issued: "the preliminary information" is nobody's document
# until someone in its paragraph is said to give it
KNOWN = _words("information data figure figures estimate count assessment")
PUBLICATIONS = _words("issue edition newspaper newssheet paper bulletin broadcast website page")
KILL_VERBS = _words(
    "kill slay murder massacre execute die shoot behead slaughter assassinate neutralise neutralize "
    "eliminate martyr perish lynch gun butcher succumb"
)
HURT_VERBS = frozenset(["injure", "wound", "hurt", "maim"])
ABDUCT_VERBS = frozenset(["abduct", "kidnap", "capture"])
BURN_VERBS = frozenset(["burn", "torch"])
# nouns that carry a field themselves: "30 deaths", "the bodies of 11 civilians", "the toll at 14"
KILL_NOUNS = _words(
    "death dead body corpse fatality toll life killing massacre execution murder neutralisation "
    "neutralization elimination martyr"
)
HURT_NOUNS = frozenset(["injury", "injured", "wounded"])
# verbs that say little themselves and take their sense from their object (a death noun:
# "embraced martyrdom", "met their death", "attained Shahadat"); no phrase is listed
LIGHT_VERBS = _words("embrace meet attain achieve find receive accept taste suffer")
ABDUCT_NOUNS = frozenset(["abduction", "kidnapping", "hostage", "captive", "abductee"])
CAPTIVE_WORDS = frozenset(["captive", "hostage", "prisoner", "prisoners", "hostages", "captives"])
MARTYRDOM = frozenset(["shahadat", "shahadah", "martyrdom"])
DEATH_NOUNS = MARTYRDOM | {"death"}
VEHICLES = frozenset(
    ["vehicle", "bus", "truck", "car", "lorry", "tanker", "trailer", "van", "coach", "ambulance"]
)
ABLAZE = frozenset(["ablaze", "fire", "alight"])
# what a count of which is no count of people (a figure's counted noun)
NOT_PEOPLE = _words(
    "attack assault incident strike airstrike raid explosion blast bombing shelling ambush clash operation "
    "village town city district province house home building shop store market mosque church school "
    "vehicle car truck bus motorcycle ambulance "
    "day hour week month year minute time round shell rocket missile drone bomb mine weapon gun "
    "grenade pistol rifle shotgun firearm ammunition cartridge "
    "kilometre kilometer km mile metre meter percent dollar "
    "detachment unit convoy patrol post checkpoint checkpost base camp position battalion company "
    "platoon squad brigade number animal cattle livestock cow goat sheep camel donkey horse"
)
# titles written before a name, which are no part of it ("Governor Andriy Raikovych")
TITLES = _words(
    "governor president minister major general colonel col gen lt lieutenant captain capt sheikh father "
    "rev reverend dr mr mrs ms commander brigadier sergeant sgt senator mayor chief spokesman spokesperson "
    "police deputy secretary prime interior defence defense foreign ambassador judge imam bishop pastor"
)
OFFICE_HOLDERS = _words("prosecutor attorney ombudsman coroner sheriff auditor registrar")
# personal pronouns that stand for an earlier speaker
PERSON_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"it", "they"})
FIRST_PERSON = frozenset({"i", "we", "our", "my", "us"})
QUOTE_OPEN, QUOTE_CLOSE = '“"«', '”"»'
DOUBLE_QUOTES = re.compile(r'["“”«»„]')
_SPACES = re.compile(r"[ \t]+")

_RANGE = rf"(?:between\s+{Q}\s+and\s+{Q}|{Q}\s*(?:-|–|—|to|or)\s*{Q})"
_NOBODY = r"no\s+one|nobody|none"
COUNT_PHRASE = re.compile(
    rf"(?<![\w-])(?:{_NOBODY}|(?:(?:{QUALIFIER})\s+)?(?:{VAGUE_PHRASE}|{_RANGE}|{Q})(?:\s*(?:{QUALIFIER_AFTER}))?)(?![\w])",
    re.IGNORECASE,
)
VAGUE_WORDS = frozenset(w for phrase in VAGUE for w in phrase.split() if w not in ("a", "an", "of"))


# --- what is found ------------------------------------------------------------------------------


@dataclass
class Speaker:
    name: str
    source_type: str
    via: str
    confidence: float
    inferred_type: bool = True
    title: str = ""
    person: bool = False

    def words(self) -> set[str]:
        return {w.casefold() for w in re.findall(r"[\w'’-]+", f"{self.name} {self.title}")}


@dataclass
class Claim:
    field: str
    raw: str
    confidence: float
    start: int = -1  # where its words start in the text
    speaker: Speaker | None = None
    review: str = ""
    later: bool = False  # a toll raised by deaths among the wounded: the same incident's


@dataclass
class Figure:
    """A count phrase in a sentence: its words, where they are, the token that heads it, the
    noun it counts (if any) and the field its governing word gives it."""

    raw: str
    start: int
    end: int
    head: Token
    noun: Token | None
    field: str = ""
    parts: list[Figure] = dataclasses.field(default_factory=list)
    later: bool = False  # deaths among those counted wounded before ("eight of the wounded died")
    definite: bool = False  # "the missing soldier": one person the text has named before
    unless_named: str = ""  # the field a definite person had, should the text not have named them before
    toll: bool = False  # the figure a toll reached or was put at: whoever spoke last may give it
    article: bool = False  # one person named with "a" or "an" ("a soldier"), not counted ("one soldier")
    ordinal: bool = False  # "an eleventh victim": the toll it reaches, of deaths; one more of others


# --- figures ------------------------------------------------------------------------------------


def _count_spans(sent: Span) -> list[tuple[int, int]]:
    """The character spans (in the document) of the count phrases in a sentence that hold a
    figure or a vague quantity (not a bare "a")."""
    # a quotation mark inside a count phrase says whose words they are, not how many: 'A "dozen
    # soldiers" were killed' (blanked, so that every position stays where it is)
    text, base = DOUBLE_QUOTES.sub(" ", sent.text), sent.start_char
    spans = []
    for m in COUNT_PHRASE.finditer(text):
        start, end = m.start(), m.end()
        lead = re.match(r"(?:and|a|an)\s+(?=\S)", m.group(), re.IGNORECASE)
        qualified = re.match(rf"(?:{QUALIFIER})\s", m.group(), re.IGNORECASE) or re.match(
            r"an?\s+(?:dozen|few|handful|hundred|thousand|score)", m.group(), re.IGNORECASE
        )
        if lead and not qualified:
            start += lead.end()
        trail = re.search(r"\s+(?:and|a|an)$", text[start:end], re.IGNORECASE)
        if trail:
            end = start + trail.start()
        before, after = text[start - 1 : start], text[end : end + 2]
        if before in ("(", "+", "*", "/", "=", "@", "^") or re.match(r"[*/=^(]|\+\d", after):
            continue  # a figure in a formula or an expression, not a count
        words = text[start:end].casefold().split()
        if words and (
            any(re.search(r"\d", w) for w in words) or any(w not in ("a", "an", "and") for w in words)
        ):
            spans.append((base + start, base + end))
    return spans


def _is_quantity(token: Token) -> bool:
    return bool(
        token.like_num or token.lower_ in VAGUE_WORDS or token.lower_ in ("dozen", "nobody", "none", "no")
    )


def _counted_noun(head: Token) -> Token | None:
    """The noun a figure counts: its head when it is a number's ("12 people"), the object of its
    "of" ("eight of its fighters", "dozens of civilians"); None for a bare figure ("killed 23")."""
    for child in head.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].pos_ in ("NOUN", "PROPN", "PRON"):
                return objects[0]
            if objects and objects[0].pos_ == "ADJ" and objects[0].lower_ in ("dead", "wounded", "injured"):
                return objects[0]  # "three of the dead were children"
    if head.dep_ == "compound" and head.like_num:
        # "Sixteen Nigerien soldiers were killed": a capitalised number the parse took for a name
        node = head.head
        while node.dep_ == "compound" and node.head.i > node.i:
            node = node.head
        if node.pos_ in ("NOUN", "PROPN") and node.i > head.i and node.ent_type_ not in ("DATE", "TIME"):
            return node
    if head.dep_ == "nummod" and head.head.i > head.i and head.head.lemma_.casefold() in NOT_PEOPLE:
        return head.head  # "nearly 11 months after": a count of things, dates included
    # a quantity noun the parse makes a compound ('A "dozen soldiers"', quotes around the phrase)
    quantity_noun = head.dep_ == "compound" and head.pos_ in ("NOUN", "NUM") and _is_quantity(head)
    counts = (
        (head.dep_ in ("nummod", "quantmod", "amod", "det") or quantity_noun)
        and head.head.pos_ in ("NOUN", "PROPN")
        and head.head.ent_type_ not in ("DATE", "TIME")  # "reached 33 Saturday": no one counts days
    )
    if not counts and head.pos_ == "NUM" and head.i + 1 < len(head.doc):
        # "At least three Houthis were killed" parsed with "three" beside "Houthis", not over it:
        # the subject or object just after a number is what it counts
        after = head.doc[head.i + 1]
        misparsed = after.dep_ in ("nsubj", "nsubjpass", "dobj") and after.pos_ in ("NOUN", "PROPN")
        if misparsed and not any(c.dep_ in ("nummod", "det") for c in after.children):
            return after
    if not counts or head.head.i < head.i:
        return None
    noun = head.head
    # a group's name before what its members are: "13 Kurdistan Workers Party (PKK) militants"
    if noun.pos_ == "PROPN" and noun.dep_ in ("nmod", "compound") and noun.head.tag_ == "NNS":
        return noun.head
    return noun


def _ranking(head: Token) -> bool:
    """ "The toll is one of the bloodiest", "one of the worst": "one of" a superlative, a singular
    the parse may tag as a noun (a count "of" people takes a plural: "one of the soldiers")."""
    if head.lower_ != "one":
        return False
    of = of_object(head)
    if of is None or of.tag_ in ("NNS", "NNPS"):
        return False
    superlative = of.tag_ in ("JJS", "RBS") or re.fullmatch(r"\w{2,}est|worst", of.lower_) is not None
    return superlative or any(c.lower_ in ("most", "least") for c in of.children)


def figures_in(sent: Span, vocab: Vocabulary) -> list[Figure]:
    """Every count phrase in the sentence with the noun it counts and the field it fills (empty
    when no word of killing, wounding, abducting or burning governs it)."""
    doc = sent.doc
    found: list[Figure] = []
    taken: set[int] = set()
    for start, end in (part for span in _count_spans(sent) for part in _change(doc, *span)):
        tokens = [t for t in doc.char_span(start, end, alignment_mode="expand") or () if _is_quantity(t)]
        if not tokens or (tokens[0].i > 0 and doc[tokens[0].i - 1].lower_ == "how"):
            continue  # "how many assailants were slain" asks, it does not count
        head = _phrase_head(tokens)
        if head.i in taken:
            continue
        taken.update(t.i for t in tokens)
        if _ranking(head):
            continue  # "one of the bloodiest": a rank among events, no count of people
        noun = _counted_noun(head)
        end_char = end
        if (noun is not None and noun.i > head.i and noun.pos_ != "PRON") or (
            noun is not None and noun.pos_ == "PRON"
        ):
            end_char = max(end_char, noun.idx + len(noun.text))
        raw = _SPACES.sub(" ", DOUBLE_QUOTES.sub("", doc.text[start:end_char]).strip())
        if "\n" in doc.text[start:end_char] or len(raw) > 120:
            continue
        found.append(Figure(raw, start, end_char, head, noun))
    found.extend(_singular_figures(sent, taken))
    for figure in found:
        figure.field = _field(figure, vocab)
        if figure.ordinal and not figure.field.startswith("killed"):
            # "killed nine ... and wounded a tenth agent": one wounded
            figure.raw = "1 (" + figure.raw.split("(", 1)[1]
        if figure.definite and figure.field != "abducted":
            figure.unless_named = figure.field
            # "the soldier was killed" refers back to a death already counted; "the missing
            # soldier was taken prisoner" is news of that one person's captivity
            figure.field = ""
        one = figure.article or parse_count(figure.raw).high == 1
        if one and _among_the_dead(figure.noun if figure.noun is not None else figure.head):
            # "A child was among the dead", "there was one soldier among the dead": one of a toll
            # told of, not a count
            figure.field = ""
    found += list(_alternatives(found))
    for figure in found:
        if figure.field and _shared(figure):
            figure.field = ""
    found = _coordinated(found, doc)
    found = _lists(found, doc)
    found = _more_of_the_same(found, doc)
    _breakdowns(found, vocab)
    _part_lists(found)
    _persons_told_of(found)
    _later_deaths(found)
    _apposed_persons(found)
    for figure in found:
        if _age(figure) or _subset(figure):
            figure.field = ""
    return found


def told_before(figure: Figure) -> bool:
    """ "The identities of the three bodies are yet to be established": a count with "the" before it
    refers to people already counted; one that names their class tells more ("the two dead in
    Naqura were civilians"), and one a speaker gives is that speaker's ("the two wounded children
    were also girls", prosecutors said)."""
    noun = figure.noun
    if noun is None or noun.i <= figure.head.i or "_" in figure.field or not figure.field:
        return False
    return any(
        c.dep_ == "det" and c.lower_ in ("the", "these", "those") and c.i < figure.head.i
        for c in noun.children
    )


AGE_WORDS = frozenset({"age", "ages", "aged"})
REFLEXIVE = frozenset({"themselves", "himself", "herself"})
SEVERITY = _words("seriously critically severely badly gravely")  # how hurt, not how many
PARTITIVE = re.compile(r"\b(?:out of which|out of whom|of whom|of which)\s*$", re.IGNORECASE)


def _age(figure: Figure) -> bool:
    """ "two children, ages 3 and 9", "aged 6 and 8": ages, not counts."""
    number = figure.head
    while number.dep_ == "conj" and number.head.i < number.i:
        number = number.head
    doc = number.doc
    before = doc[max(0, number.i - 2) : number.i]
    return number.head.lower_ in AGE_WORDS or any(t.lower_ in AGE_WORDS for t in before)


def _subset(figure: Figure) -> bool:
    """ "55 injured patients out of which more than 40 are gravely injured", "Two wounded are in
    serious condition": a part of those already counted, told by their state, no count of its own."""
    doc = figure.head.doc
    if "_" not in figure.field and PARTITIVE.search(doc.text[max(0, figure.start - 30) : figure.start]):
        return True  # (a part of a class is a breakdown's: "12 people, of whom three were soldiers")
    noun = figure.noun
    partitive = noun is not None and noun.dep_ == "pobj" and noun.head.lower_ == "of"
    if (
        partitive
        and noun is not None
        and noun.head.head.i == figure.head.i
        and noun.lower_ in VICTIM_SUBJECTS
    ):
        # "one of those killed worked for a cleaning company", "three of the dead": some of a toll
        # told of; of a class, a breakdown ("four of the victims were fishermen")
        return "_" not in figure.field
    opening = [t.lower_ for t in figure.head.sent[:3]]
    if opening[:1] in (["of"], ["among"]) and opening[1:3] in (["them", ","], ["these", ","], ["those", ","]):
        # "Of them, four bodies had been recovered": some of those the sentence before counted
        return "_" not in figure.field
    after_count = figure.head.i > 0 and doc[figure.head.i - 1].text == ","
    if partitive and noun is not None and noun.lower_ in ("them", "whom") and after_count:
        # "two others, one of them an Army captain, were seriously wounded": one of a count just given
        return "_" not in figure.field
    if figure.noun is None and 0 < figure.head.i < len(doc) - 1:
        before, after = doc[figure.head.i - 1], doc[figure.head.i + 1]
        if before.text == "," and after.lower_ in SEVERITY:
            return True  # "six rangers were wounded, one seriously"
    subject = figure.noun if figure.noun is not None and figure.noun.i > figure.head.i else figure.head
    verb = subject.head
    if subject.dep_ == "pobj" and verb.lower_ == "of" and verb.head.lemma_ == "condition":
        return True  # "condition of one is critical"
    if (
        subject.dep_ == "dobj"
        and verb.lemma_ == "include"
        and "_" not in figure.field
        and any(
            c.dep_ == "nsubj" and c.lower_ in ("deceased", "dead", "victims", "casualties")
            for c in verb.children
        )
    ):
        return True  # "the deceased included three people killed in a drone strike": parts of the toll
    return (
        subject.dep_ == "nsubj"
        and verb.lemma_ == "be"
        and any(
            c.dep_ == "prep" and c.lower_ == "in" and any(g.lemma_ == "condition" for g in c.children)
            for c in verb.children
        )
    )


_LIST_SUM = re.compile(r"\d+ \(")  # the sum `_lists` writes before a list's words


def _apposed_persons(found: list[Figure]) -> None:
    """ "Three victims, a woman in her 70s ..., a 20-year-old man ... and a 14-year-old boy, were
    taken to hospital": the persons in apposition to a count are who it counts, no count of
    their own."""
    nouns = {f.noun.i for f in found if f.noun is not None and f.field}
    for figure in found:
        noun = figure.noun if figure.noun is not None else figure.head
        chain = [noun, noun.head] if noun.dep_ == "conj" else [noun]
        persons = (
            figure.article or _LIST_SUM.match(figure.raw) is not None
        )  # "a woman", "2 (a man and a boy)"
        if persons and any(n.dep_ == "appos" and n.head.i in nouns and n.head.i != noun.i for n in chain):
            figure.field = ""


def _earlier_toll_class(found: list[Figure]) -> None:
    """ "'Five rangers are dead,' ..., updating the death toll from four": a bare earlier toll
    that the sentence revises counts the same dead as the toll beside it, of that toll's class,
    and comes first, as the figure the revision started from."""
    classes = {f.field for f in found if f.field.startswith("killed_") and not f.later}
    earlier = [
        figure
        for figure in found
        if figure.field == "killed"
        and figure.noun is None
        and figure.head.head.lower_ == "from"
        and figure.head.head.dep_ == "prep"
        and (
            figure.head.head.head.lemma_.casefold() in CHANGE_VERBS or figure.head.head.head.lemma_ == "toll"
        )
    ]
    if len(classes) != 1 or not earlier:
        return
    for figure in earlier:
        figure.field = next(iter(classes))
    found[:] = [*earlier, *(f for f in found if f not in earlier)]


def _later_deaths(found: list[Figure]) -> None:
    """ "Eight of the wounded died", "three of the injured officials later succumbed": deaths
    added to an earlier toll, not a toll; no claim of their own where the sentence gives the toll
    they raise ("..., raising the death toll to six"), else marked `later` for the reader to add
    to the source's earlier toll."""
    for figure in found:
        if not figure.field.startswith("killed"):
            continue
        noun = figure.noun if figure.noun is not None else of_object(figure.head)
        if noun is None:
            continue
        wounded = noun.lower_ in HURT_NOUNS or any(
            c.dep_ == "amod" and c.lower_ in HURT_NOUNS for c in noun.children
        )
        if not wounded:
            continue
        figure.later = True
        if any(f.field.startswith("killed") and not f.later and f is not figure for f in found):
            figure.field = ""


CHANGE_VERBS = _words("raise reduce revise lower update bring increase rise climb jump drop fall go")


def _change(doc: Any, start: int, end: int) -> list[tuple[int, int]]:
    """ "reduced the death toll from 12 to 11", "rose from 5 to 9": two figures, the first and the
    later one, where the count grammar would read one range; "from 20 to 25 people" stays a range."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or span.start == 0 or doc[span.start - 1].lower_ != "from":
        return [(start, end)]
    to = [t for t in span if t.lower_ == "to" and t.dep_ == "prep" and t.head.i == span.start - 1]
    verb = doc[span.start - 1].head
    if not to or verb.lemma_.casefold() not in CHANGE_VERBS | TOLL_VERBS:
        return [(start, end)]
    first_end = start + len(doc.text[start : to[0].idx].rstrip())
    return [(start, first_end), (to[0].idx + len(to[0].text) + 1, end)]


def _shared(figure: Figure) -> bool:
    """ "killed and injured nine members", "killed and wounded dozens of soldiers", "Dozens ... were
    killed and injured", "The ten dead and wounded", "26 soldiers were killed or injured": one
    number for two fields, a count of neither."""
    noun = figure.noun
    counted = noun is not None and noun.i > figure.head.i and noun.dep_ != "pobj"  # not "dozens of"
    node = noun if counted and noun is not None else figure.head
    while node.dep_ in ("nummod", "pobj") and node.head.dep_ != "ROOT" and node.head.pos_ != "VERB":
        # "a total of 26 soldiers were killed or injured": the phrase the count is inside
        node = node.head.head if node.dep_ == "pobj" and node.head.lower_ == "of" else node.head
        if node.dep_ == "prep":
            break
    verb = node.head
    if node.dep_ == "dobj" and verb.dep_ == "conj":
        other = verb.head
        has_object = any(c.dep_ == "dobj" for c in other.children)
        return bool(_word_field(other)) and _word_field(other) != _word_field(verb) and not has_object
    if node.dep_ not in ("nsubj", "nsubjpass") or not _word_field(verb):
        return False
    # "26 soldiers were killed or injured" is a count of casualties, of neither; "No one was killed
    # or wounded" says none of either (`_alternatives`)
    joined = ("and", "or") if parse_count(figure.raw).high != 0 else ("and",)
    if not any(c.dep_ == "cc" and c.lower_ in joined for c in verb.children):
        return False
    for other in verb.conjuncts:
        own = any(c.dep_ in ("nsubj", "nsubjpass", "dobj") or c.like_num for c in other.children)
        # "23 dead and 28 wounded": a figure of its own before the second word, wherever it hangs
        own = own or any(_is_quantity(t) for t in verb.doc[verb.i + 1 : other.i])
        if other.i > verb.i and _word_field(other) not in ("", _word_field(verb)) and not own:
            return True  # the second verb shares the subject: "were killed and injured"
    return False


def _alternatives(found: list[Figure]) -> Iterator[Figure]:
    """ "No one was killed or wounded": the figure is the subject of each verb joined by "or" (not
    by "and": "killed and injured nine" is one number for both, and no claim of either)."""
    for figure in found:
        if not figure.field:
            continue
        subject = figure.noun if figure.noun is not None and figure.noun.i > figure.head.i else figure.head
        if subject.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = subject.head
        if not any(c.dep_ == "cc" and c.lower_ == "or" for c in verb.children):
            continue
        for other in verb.conjuncts:
            field = _word_field(other)
            own = any(c.dep_ in ("nsubj", "nsubjpass") for c in other.children)
            if field and not own and field != figure.field.split("_")[0]:
                yield Figure(figure.raw, figure.start, figure.end, figure.head, figure.noun, field)


def _coordinated(found: list[Figure], doc: Any) -> list[Figure]:
    """Figures joined by "and" that the count parser reads as one sum ("4 women and 10 children"
    are 14 civilians): one figure, when both are of one class."""
    out: list[Figure] = []
    skip: set[int] = set()
    for n, figure in enumerate(found):
        if id(figure) in skip:
            continue
        nxt = found[n + 1] if n + 1 < len(found) else None
        if nxt is not None and _joined(figure, nxt, doc):
            joined = doc.text[figure.start : nxt.end]
            whole, first = parse_count(joined), parse_count(figure.raw)
            if whole.parsed and first.parsed and (whole.low or 0) > (first.low or 0):
                out.append(Figure(joined, figure.start, nxt.end, figure.head, figure.noun, figure.field))
                skip.add(id(nxt))
                continue
        out.append(figure)
    return out


def _persons_told_of(found: list[Figure]) -> None:
    """One person a toll's parts name with "a" ("seven people, including a soldier"): a person
    among the dead told of, not counted ("including one member of the military" counts one); the
    parts beside it ("a woman and two children") stand."""
    for whole in found:
        for part in whole.parts:
            if part.article:
                part.field = ""


def _clause_verb(token: Token) -> Token | None:
    return next((h for h in heads(token)[1:5] if h.pos_ in ("VERB", "AUX")), None)


def _more_of_the_same(found: list[Figure], doc: Any) -> list[Figure]:
    """ "16 people died and two others succumbed to gunshot wounds": a count of "others" in a clause
    joined by "and" to a clause with an exact count of the same field adds to it: one toll, their
    sum."""
    out: list[Figure] = []
    for figure in found:
        before = out[-1] if out else None
        others = figure.noun is not None and figure.noun.lower_ == "others"
        if (
            before is None
            or not others
            or not figure.field
            or figure.field.split("_")[0] != before.field.split("_")[0]
        ):
            out.append(figure)
            continue
        first, second = _clause_verb(before.head), _clause_verb(figure.head)
        joined = (
            first is not None
            and second is not None
            and second.dep_ == "conj"
            and second.head.i == first.i
            and any(c.dep_ == "cc" and c.lower_ == "and" for c in first.children)
        )
        counts = [parse_count(before.raw), parse_count(figure.raw)]
        exact = all(c.low is not None and c.low == c.high for c in counts) and not before.parts
        if not (joined and exact and before.noun is not None and before.noun.i < figure.head.i):
            out.append(figure)
            continue
        total = sum(c.low or 0 for c in counts)
        field = before.field if before.field == figure.field else before.field.split("_")[0]
        out[-1] = Figure(
            f"{total} ({doc.text[before.start : figure.end]})",
            before.start,
            figure.end,
            before.head,
            before.noun,
            field,
        )
    return out


def _lists(found: list[Figure], doc: Any) -> list[Figure]:
    """A list of victims ("a child, three women and a man", "three children and their mother", "an
    officer and a soldier"): one toll, their sum, when every member is an exact count or one
    person, written as the sum with the list's words after it ("4 (three children and their
    mother)"); a list whose members each name a different class ("three soldiers and nine
    civilians") is a breakdown and stays as it is; a list that cannot be summed gives no toll.
    Lists inside a breakdown ("including six women, four men and one child") are its parts."""
    by_noun = {f.noun.i: f for f in found if f.noun is not None}
    out = list(found)
    for figure in found:
        noun = figure.noun
        if noun is None or not figure.field or noun.pos_ == "PRON":
            continue
        if figure.end > noun.idx + len(noun.text) or _in_breakdown(noun):
            continue  # a sum already read whole ("4 women and 10 children"), or a toll's parts
        begin = figure.start
        if noun.dep_ == "conj":  # "a relative of a cleric and six other men": one person first
            first = noun.head
            members = [first, *first.conjuncts]
            counted_first = next((m for m in members if m.i in by_noun), None)
            if first.i in by_noun or counted_first is None or counted_first.i != noun.i:
                continue
            if not _one_person(first, listed=True):
                continue
            kin = _kin_apposed(first)
            members = [*kin, *members]
            begin = min([first, *kin], key=lambda t: t.i).left_edge.idx
        else:
            members = [noun, *noun.conjuncts]
            # "Two children, a woman and two men were killed": the parse makes each part before the
            # last comma a subject of its own; one list, read from its first member
            subjects = [
                c
                for c in noun.head.children
                if c.dep_ == noun.dep_ and c.dep_ in ("nsubj", "nsubjpass") and c.i in by_noun
            ]
            if len(subjects) > 1:
                if subjects[0].i != noun.i:
                    continue
                members += [m for other in subjects[1:] for m in (other, *other.conjuncts)]
        if len(members) < 2:
            members = _apposed_list(figure, by_noun)
        if len(members) < 2:
            continue
        listed = [by_noun.get(m.i) for m in members]
        singles = _singles_summed(listed)
        listed = [None if f in singles else f for f in listed]
        counted = [f for f in listed if f is not None]
        fields = [f.field for f in counted]
        if _toll_and_parts(counted, members):
            # "ten soldiers, nine enlisted men and one officer": a toll and its parts, not a sum
            for member in counted[1:]:
                member.field = ""
            continue
        if len(set(fields)) == len(fields) == len(members) and all("_" in f for f in fields):
            continue  # a breakdown: one class each
        if len({f.split("_")[0] for f in fields}) > 1:
            continue  # "seven dead people and six others wounded": two fields, no one toll
        sides = {f for f in fields if f.endswith(("_security", "_militants"))}
        if len(sides) > 1 or (sides and any(f.endswith("_civilians") for f in fields)):
            continue  # soldiers beside fighters or civilians: a breakdown between sides, not one toll
        persons = [
            t
            for f, t in zip(listed, members, strict=True)
            if f is None and (_one_person(t, listed=True) or any(t is g.noun for g in singles))
        ]
        counts = [parse_count(f.raw) for f in counted]
        exact = all(c.low is not None and c.high == c.low for c in counts)
        unclassed = any(field in ("killed", "") for field in fields)
        if exact and len(counted) + len(persons) >= 2:
            total = sum(c.low or 0 for c in counts) + len(persons)
            for member in [*counted, *singles]:
                member.field = ""
            last = members[-1]
            end = last.idx + len(last.text)
            classes = set(fields) | {_class_field(t, fields[0]) for t in persons}
            field = fields[0] if len(classes) == 1 else fields[0].split("_")[0]
            out.append(Figure(f"{total} ({doc.text[begin:end]})", begin, end, figure.head, noun, field))
        elif persons or (unclassed and len(fields) > 1):
            # "at least one officer and two dozen other people": a class and the others beside it
            # are a breakdown, though no one gives the sum; other lists that cannot be summed give
            # no toll
            others = any(c.lower_ == "other" for c in members[-1].children) and len(set(fields)) > 1
            if persons or not others:
                for member in counted:
                    member.field = ""
    return out


def _kin_apposed(first: Token) -> list[Token]:
    """ "her mother, her stepfather, her 18-year-old son, two sisters and a brother": relatives the
    parse hangs on one another as appositions are more members of the list, not one person named
    twice."""
    if first.lemma_.casefold() not in KIN:
        return []
    chain = []
    node = first
    while node.dep_ == "appos" and node.head.lemma_.casefold() in KIN and _one_person(node.head, listed=True):
        node = node.head
        chain.append(node)
    for kin in [first, *chain]:
        chain += [
            c
            for c in kin.children
            if c.dep_ == "appos"
            and c.i != first.i
            and c.lemma_.casefold() in KIN
            and _one_person(c, listed=True)
        ]
    return chain


def _singles_summed(listed: list[Figure | None]) -> list[Figure]:
    """The persons named with "a" or "the" in a list beside exact counts that they add to ("14 men
    and a mobile policeman": 15; "two commanders and the driver of their vehicle": 3), whatever
    their class, unless they are of the other side from the counts ("12 militants and a soldier"
    is a breakdown between sides)."""
    singles = [f for f in listed if f is not None and (f.article or f.definite)]
    others = [f for f in listed if f is not None and not (f.article or f.definite)]
    if not singles or not others:
        return []
    counts = [parse_count(f.raw) for f in others]
    if any(c.low is None or c.high != c.low for c in counts):
        return []
    sides = {f.field for f in [*others, *singles] if f.field.endswith(("_security", "_militants"))}
    fields = {f.field.split("_")[0] for f in [*others, *singles] if f.field}
    return singles if len(sides) <= 1 and len(fields) <= 1 else []  # "a body and four injured": no sum


def _toll_and_parts(counted: list[Figure], members: list[Token]) -> bool:
    """Whether a list's first exact count is the sum of the rest ("ten soldiers, nine enlisted men
    and one officer"): the toll, then its parts."""
    if len(counted) != len(members) or len(members) < 3:
        return False
    counts = [parse_count(f.raw) for f in counted]
    if any(c.low is None or c.high != c.low for c in counts):
        return False
    return counts[0].low == sum(c.low or 0 for c in counts[1:])


def _apposed_list(figure: Figure, by_noun: dict[int, Figure]) -> list[Token]:
    """ "Five women, four men and two girls were killed": the parser often hangs the second
    member on the first as an apposition and the rest on it; a list all the same, unless the
    first count is the sum of the others (a toll and its parts: "12 people, three soldiers and
    nine civilians")."""
    noun = figure.noun
    if noun is None:
        return []
    apposed = [c for c in noun.children if c.dep_ == "appos" and c.i in by_noun and c.i > noun.i]
    if not apposed or not apposed[0].conjuncts:
        return []
    rest = [apposed[0], *apposed[0].conjuncts]
    if any(m.i not in by_noun for m in rest):
        return []
    first, others = parse_count(figure.raw), [parse_count(by_noun[m.i].raw) for m in rest]
    if first.low is not None and first.low == sum(c.low or 0 for c in others):
        return []
    return [noun, *rest]


def _part_lists(found: list[Figure]) -> None:
    """A toll's parts that name the same class as the toll add nothing ("11 civilians, including six
    women"), and a list of parts with a member of no class ("a man, his three children and a
    woman") says no more than the toll."""
    by_noun = {f.noun.i: f for f in found if f.noun is not None}
    # a bare count or a count of another field joined on is no member ("including two police
    # officers, as well as four missing and more than a dozen injured")
    other_field = {
        f.head.i for f in found if f.noun is None or (f.field and not f.field.startswith("killed"))
    }
    for whole in found:
        for part in whole.parts:
            if part.field == whole.field:
                part.field = ""
            noun = part.noun
            if noun is None:
                continue
            members = [
                m
                for m in [noun.head if noun.dep_ == "conj" else noun, *noun.conjuncts]
                if m.i not in other_field
            ]
            if any(
                by_noun.get(m.i) is None or by_noun[m.i].field in ("", "killed")
                for m in members
                if m is not noun
            ):
                part.field = ""


def _class_field(person: Token, field: str) -> str:
    """The field one uncounted person of a list would fill: `field`'s base, split by their class."""
    base = field.split("_")[0]
    categories = parse_victims(_with_compounds(person))
    broad = frozenset().union(*(BROAD.get(c, frozenset()) for c in categories or ()))
    if base != "killed" or len(broad) != 1:
        return base
    return (
        f"{base}_" + {CIVILIANS: "civilians", SECURITY: "security", MILITANTS: "militants"}[next(iter(broad))]
    )


def _among_the_dead(noun: Token) -> bool:
    """ "A child was among the dead": the noun is the subject of "be" with "among" the victims."""
    verb = noun.head
    if noun.dep_ not in ("nsubj", "attr") or verb.lemma_ != "be":
        return False  # "A child was among the dead", "there was one soldier among the dead"
    return any(
        c.dep_ == "prep"
        and c.lower_ == "among"
        and any(o.lower_ in ("victims", "dead", "killed", "casualties") for o in c.children)
        for c in [*verb.children, *noun.children]
    )


def _in_breakdown(noun: Token) -> bool:
    return noun.dep_ == "pobj" and noun.head.lower_ in ("including", "among")


def _one_person(noun: Token, listed: bool = False) -> bool:
    """A single person in a list of victims: a named person, or "a man", "his wife", "a soldier";
    beside counted people (`listed`), any singular noun with "a" that is no thing ("two soldiers
    and a Russian instructor", "a relative of a cleric and six other men"), and one with "the"
    that names a kind of person ("two commanders and the driver of their vehicle")."""
    determined = any(
        c.dep_ in ("det", "poss") and c.lower_ in ("a", "an", "his", "her", "their", "its")
        for c in noun.children
    )
    if noun.pos_ == "PROPN" and any(t.ent_type_ == "PERSON" for t in noun.subtree):
        return True  # a named person ("Deputy Superintendent of Police Wahid Mehmood and two gunners")
    if noun.lemma_.casefold() in BODIES | {"media"}:
        return False  # "killed 21 people, an ethnic rebel group and local media said": who speaks
    known = noun.lemma_ in PEOPLE or parse_victims(noun.text) is not None or noun.lemma_ in KIN
    person = known or (listed and noun.lemma_.casefold() not in NOT_PEOPLE and noun.ent_type_ == "")
    # beside counted people, "the" names one person whom the text calls by what they are
    definite = listed and known and any(c.dep_ == "det" and c.lower_ == "the" for c in noun.children)
    return (determined or definite) and noun.tag_ == "NN" and person


def _joined(first: Figure, second: Figure, doc: Any) -> bool:
    if first.noun is None or second.noun is None or not first.field or first.field != second.field:
        return False
    coordinated = second.noun.dep_ == "conj" and second.noun.head.i == first.noun.i
    # or two subjects of one verb ("at least 16 children and 11 women were among the dead")
    coordinated = coordinated or (
        second.noun.dep_ == first.noun.dep_
        and second.noun.head.i == first.noun.head.i
        and first.noun.dep_ != "pobj"
    )
    return coordinated and doc.text[first.end : second.start].strip(" ,") == "and"


def _phrase_head(tokens: list[Token]) -> Token:
    """The token of a count phrase that links it to the sentence: the one whose head lies outside
    the phrase (for "between 19 and 24", "19"; for "at least a dozen", "dozen")."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[-1]


def _singular_figures(sent: Span, taken: set[int]) -> Iterator[Figure]:
    """ "a policeman was killed", "killing a child": one, where a singular noun with "a", "an" or
    "one" names a victim of a field's verb. Written as "one policeman", the count parser's words;
    "another" on its own ("and another wounded") as "one other"; "both attackers" as "two
    attackers". With "the" (`definite`), one person taken captive only (`figures_in`)."""
    for token in sent:
        another = [c for c in token.children if c.dep_ == "det" and c.lower_ == "another"]
        if (
            another
            and (
                token.lemma_ in ("death", "body", "fatality")
                or (token.dep_ == "conj" and parse_victims(token.text) is not None)
            )
            and token.tag_ == "NN"
            and token.i not in taken
        ):
            # "Another death was recorded west of Jenin", "killing a local police chief and another
            # policeman": one more
            rest = sent.doc.text[another[0].idx + len(another[0].text) : token.idx + len(token.text)]
            yield Figure(f"one{rest}", another[0].idx, token.idx + len(token.text), token, token)
            continue
        both = [c for c in token.children if c.dep_ in ("det", "predet") and c.lower_ == "both"]
        if both and token.tag_ == "NNS" and token.i not in taken and parse_victims(token.text) is not None:
            # "Both attackers were killed": two, in the count parser's words
            rest = sent.doc.text[both[0].idx + len(both[0].text) : token.idx + len(token.text)]
            yield Figure(f"two{rest}", both[0].idx, token.idx + len(token.text), token, token)
            continue
        if (
            token.lower_ == "another"
            and token.dep_ in ("nsubj", "nsubjpass", "dobj")
            and token.i not in taken
        ):
            # "one person was killed and another wounded", "killing one and wounding another"
            yield Figure("one other", token.idx, token.idx + len(token.text), token, None)
            continue
        ordinal = [c for c in token.children if c.dep_ == "amod" and _ordinal(c) > 1]
        article = [c for c in token.children if c.dep_ == "det" and c.lower_ in ("a", "an")]
        if ordinal and article and token.tag_ == "NN" and token.i not in taken:
            # "An eleventh victim, a woman, later died": the toll the ordinal reaches
            start = article[0].idx
            words = sent.doc.text[start : token.idx + len(token.text)]
            end = token.idx + len(token.text)
            yield Figure(f"{_ordinal(ordinal[0])} ({words})", start, end, token, token, ordinal=True)
            continue
        if token.tag_ not in ("NN",) or token.i in taken:
            continue
        if token.dep_ == "appos" and token.head.pos_ == "NUM":
            continue  # "one of them an Army captain": who the one counted is
        if token.lemma_.casefold() in BODIES:
            continue  # "an ethnic rebel group", "the army": a body, no person
        det = [c for c in token.children if c.dep_ in ("det", "nummod") and c.lower_ in ("a", "an", "the")]
        # the noun with its compounds: "a police chief", "an army commander"
        if not det or (
            parse_victims(_with_compounds(token)) is None
            and token.lemma_ not in ("person", "man", "woman", "body", "corpse")
        ):
            continue
        if token.lemma_ in ("body", "corpse") and not token.conjuncts:
            continue  # "recovered a human body": one more found, told on its own, is no count
        rest = sent.doc.text[det[0].idx + len(det[0].text) : token.idx + len(token.text)]
        definite = det[0].lower_ == "the"
        yield Figure(
            f"one{rest}",
            det[0].idx,
            token.idx + len(token.text),
            token,
            token,
            definite=definite,
            article=not definite,
        )


def _with_compounds(noun: Token) -> str:
    """A person's noun with its compounds ("a police chief", "an army commander"); a thing's alone
    ("a police van" is no police officer)."""
    if noun.lemma_ in NOT_PEOPLE or noun.lemma_ in VEHICLES:
        return noun.text
    return " ".join([*(t.text for c in noun.lefts if c.dep_ == "compound" for t in c.subtree), noun.text])


ORDINAL_WORDS = (
    "zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
    "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth",
    "nineteenth", "twentieth",
)  # fmt: skip
ORDINALS = {word: n for n, word in enumerate(ORDINAL_WORDS)}


def _ordinal(word: Token) -> int:
    """The number an ordinal says ("eleventh", "11th"); 0 for any other word."""
    found = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", word.lower_)
    return int(found[1]) if found else ORDINALS.get(word.lower_, 0)


def _field(figure: Figure, vocab: Vocabulary) -> str:
    """The field the figure's governing word gives it, split by the victims' class for deaths."""
    if (
        figure.head.dep_ == "nummod"
        and figure.head.head.pos_ == "PROPN"
        and figure.head.head.i < figure.head.i
    ):
        return ""  # a number in a name ("Infantry Brigade 52")
    base = _governing_field(figure)
    things = figure.noun is not None and figure.noun.lemma_.casefold() in NOT_PEOPLE
    if things and base != "vehicles_burned":
        return ""  # "three assaults", "nine villages", "two days"
    if base == "killed":
        return _by_class(figure, base, vocab)
    return base


def victim_classes(words: str, vocab: Vocabulary) -> frozenset[str] | None:
    """The victim categories words name, as the value layer reads a `victims` cell."""
    return read_victims(words, vocab)


AGENT_SUFFIX = re.compile(r"(?<=\w{4})ers?$")


def derived_class(noun: Token, vocab: Vocabulary) -> frozenset[str] | None:
    """The class of a victim noun the categories do not name, from the noun alone, by two general
    means rather than a list: a person named after the body they belong to ("troopers" of
    "troops": the categories' word with the agent ending taken off), and a noun the actors
    vocabulary reads as an armed side ("Maoists", "Houthis": a group's members, militants;
    "peacekeepers", "gendarmes", an acronym such as "CRPF": a state's force, security forces).
    A nationality ("two Israelis", "three Palestinians") names a state, not its forces, and gives
    no class; so does a group's "members" (the head is what is counted)."""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.lemma_.casefold() in PEOPLE:
        return None
    text = noun.text
    stem = AGENT_SUFFIX.sub("", text)
    if stem != text:
        found = parse_victims(stem + "s") or parse_victims(stem)
        if found:
            return found
    refs = parse_actors(text, vocab) if len(text) < 40 else ()
    if len(refs) != 1 or not refs[0].known or refs[0].nobody:
        return None
    ref = refs[0]
    acronym = text.isupper() and len(text) >= 2
    if ref.side == "non_state" and (not ref.generic or noun.tag_ in ("NNS", "NNPS")) and not acronym:
        return frozenset({MILITANTS})  # members of a group, named after it ("Maoists", "three Houthis")
    if ref.side == "state" and (ref.generic or acronym):
        return frozenset({SECURITY})
    return None


def open_class(figure: Figure) -> str:
    """The plural noun a death toll counts when it names no class the categories or the actors
    vocabulary know ("10 foreign fighters", "sixteen brave sons of the soil", "12 kuchis"): the
    victims are kept, of no class, and the noun returned for the reader to judge; "" for a
    toll of people, of the dead, or of a known class."""
    noun = figure.noun
    if figure.field != "killed" or noun is None or noun.i < figure.head.i:
        return ""
    if noun.pos_ not in ("NOUN", "PROPN") or noun.tag_ not in ("NNS", "NNPS"):
        return ""
    lemma = noun.lemma_.casefold()
    if lemma in PEOPLE or lemma in KIN or noun.lower_ in VICTIM_SUBJECTS or _noun_field(noun):
        return ""
    return noun.text


def _by_class(figure: Figure, base: str, vocab: Vocabulary) -> str:
    """killed_civilians, killed_security or killed_militants when the counted noun names one class
    (the value layer's victim categories), else `base`."""
    noun = figure.noun
    if noun is not None and noun.lower_ in VICTIM_SUBJECTS and figure.head.dep_ == "nsubj":
        # "four of the victims were fishermen": the class is the copula's
        attrs = [c for c in figure.head.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
        noun = attrs[0] if attrs else noun
    appositions = [c for c in figure.head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    if noun is not None and noun.lower_ == "them" and not appositions:
        # "the gunmen had no alternative ... which resulted in the death of 12 of them": "them" is the
        # people the sentence named last before it, not those who did the killing
        killers = {c.i for h in heads(figure.head)[1:4] for c in h.children if c.dep_ == "nsubj"}
        before = [
            t for t in noun.sent if t.i < figure.head.i and t.tag_ in ("NNS", "NNPS") and t.i not in killers
        ]
        if before:
            noun = before[-1]
    if noun is None or noun.pos_ == "PRON":
        appositions = [c for c in figure.head.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
        if not appositions:
            return base
        noun = appositions[0]
    words = _words_of(noun, figure)
    alone = victim_classes(noun.text, vocab)
    if alone and len(alone) == 1 and not alone & {FIGHTERS} and noun.lemma_.casefold() != "force":
        # "13 Kurdistan Workers Party (PKK) militants": a group's name says whose, not what
        names = {t.i for t in noun.lefts if t.pos_ == "PROPN" for t in t.subtree}
        if names:
            words = _words_of(noun, figure, leave_out=names)
    categories = victim_classes(words, vocab) or derived_class(noun, vocab)
    if not categories:
        return base
    broad = frozenset().union(*(BROAD.get(c, frozenset()) for c in categories))
    if len(broad) != 1:
        return base
    suffix = {CIVILIANS: "civilians", SECURITY: "security", MILITANTS: "militants"}[next(iter(broad))]
    return f"{base}_{suffix}"


def class_field(figure: Figure, base: str, vocab: Vocabulary) -> str:
    """`base` split by the class of the people a figure counts (for a reader across sentences)."""
    return _by_class(figure, base, vocab)


def _words_of(noun: Token, figure: Figure, leave_out: frozenset[int] | set[int] = frozenset()) -> str:
    """The noun with the words that qualify it (not its clauses): "police officers", "rebel
    fighters", "member of the military"."""
    kept = [
        t
        for t in noun.lefts
        if t.dep_ in ("compound", "amod", "nmod") and t.i != figure.head.i and t.i not in leave_out
    ]
    # a compound's own words too ("12 security forces members": "security" hangs on "forces")
    keep = sorted(
        {
            t.i: t for k in kept for t in k.subtree if t.i != figure.head.i and t.dep_ not in ("det", "case")
        }.values(),
        key=lambda t: t.i,
    )
    words = [t.text for t in keep] + [noun.text]
    # "21 separatists and soldiers": one count of both
    shared = [
        c
        for c in noun.conjuncts
        if not any(x.dep_ in ("nummod", "det") for x in c.children)
        and not any(x.dep_ == "nummod" for x in c.subtree if x.i < c.i)  # "13 ... Party (PKK) militants"
    ]
    words += [w for c in shared for w in ("and", c.text)]
    for child in noun.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            words += ["of", *(_plain_noun(o) for o in objects[:1])]
    return " ".join(words)


def _governing_field(figure: Figure) -> str:
    """Walk from the figure up the parse to the first word that says what happened to the people it
    counts."""
    node = figure.head
    if figure.noun is not None and figure.noun.i > figure.head.i and figure.head.dep_ != "nsubj":
        beside = figure.noun.i == figure.head.i + 1  # a count the parse set beside its noun
        node = figure.noun if figure.head.head.i == figure.noun.i or beside else figure.head
    phrase = figure.noun if figure.noun is not None and figure.noun.pos_ != "PRON" else figure.head
    if phrase.dep_ == "nsubj":
        verb = phrase.head
        for word in (verb, *(c for c in verb.children if c.dep_ in ("advcl", "conj", "xcomp"))):
            reflexive = any(c.dep_ == "dobj" and c.lower_ in REFLEXIVE for c in word.children)
            if reflexive and word.lemma_.casefold() in KILL_VERBS:
                return "killed"  # "Two militants set off a bomb ..., killing themselves"
    if (
        phrase.dep_ == "nsubj"
        and _word_field(phrase.head)
        and phrase.head.lemma_.casefold() not in ("die", "perish", "succumb")  # no one dies anyone
        and any(c.dep_ == "dobj" and c.pos_ in ("NOUN", "PROPN", "NUM") for c in phrase.head.children)
    ):
        return ""  # "Two gunmen killed a policeman": who did it, not to whom
    hurt = {"injury", "wound"}
    if phrase.dep_ == "pobj" and phrase.head.lower_ == "on":
        owner = phrase.head.head  # the injuries, or the verb whose object they are
        if owner.lemma_.casefold() in hurt or any(
            c.dep_ == "dobj" and c.lemma_.casefold() in hurt for c in owner.children
        ):
            return "injured"  # "inflicting injuries on over 100 others"
    verb = _object_of(figure)
    if verb is not None and any(
        c.dep_ == "prep" and c.lower_ == "to" and any(g.lemma_ == "death" for g in c.children)
        for c in verb.children
    ):
        return "killed"  # "slashed more than a dozen of their former captives to death"
    if verb is not None and verb.lemma_.casefold() in FREED_VERBS:
        return ""  # "rescued 127 abducted children": freed, not taken
    # the counted noun itself may carry the field: "30 deaths", "12 bodies", "28 wounded"
    for word in (figure.noun, figure.head.head if figure.head.dep_ == "nummod" else None):
        if word is not None and word.pos_ != "PRON":
            named = _noun_field(word)
            if named:
                return named
    # "3 people who were killed", "41 who were injured were being treated"
    counted = figure.noun if figure.noun is not None else figure.head
    for clause in counted.children:
        if clause.dep_ == "relcl" and any(c.lower_ in ("who", "that") for c in clause.children):
            named = _word_field(clause) or _verb_field(clause, counted, "nsubj")
            if named:
                return named
    # "killed" and "wounded" right after the phrase: "23 dead and 28 wounded"
    following = _next_word(figure)
    # "one terrorist was killed and several injured": a figure that a participle right after it
    # governs is that participle's, whatever the participle hangs on
    # ("ten soldiers dead and eleven injured": the parse hangs "injured" on "eleven"); "four
    # missing" are of no field
    if following is not None and figure.noun is None and following.tag_ in ("VBN", "JJ"):
        modifies = following.head.i == figure.head.i and following.dep_ in ("acl", "amod")
        governs = (
            figure.head.head.i == following.i
            or modifies
            # "30 dead, including two police officers, as well as four missing and more than a
            # dozen injured": a list member's participle, subjectless, hung on another word
            or (
                following.dep_ in ("advcl", "acl", "oprd")
                and figure.head.dep_ == "conj"
                and not any(c.dep_.startswith("nsubj") for c in following.children)
            )
        )
        if governs and _word_field(following):
            return _word_field(following)
        if modifies and following.lower_ not in ("other", "more"):
            return ""  # "four missing": of no field
    seen = 0
    while seen < 6:
        seen += 1
        head, dep = node.head, node.dep_
        if node.dep_ == "ROOT" or head.i == node.i:
            break
        qualifier = figure.start <= node.idx < figure.end and dep in (
            "prep",
            "advmod",
            "npadvmod",
            "quantmod",
            "advcl",
        )
        # a qualifier parsed as a preposition or an object ("killed above 12 people", "a maximum of")
        field = _verb_field(head, node, "dobj" if qualifier else dep)
        if field:
            return field
        if dep in ("nsubj", "nsubjpass"):  # a subject shared by the verbs joined to its own
            for verb in head.conjuncts:
                own = any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children)
                if verb.i > head.i and not own and _word_field(verb) and verb.pos_ in ("VERB", "ADJ"):
                    return _word_field(verb)
        if figure.start <= head.idx < figure.end:  # a qualifier the parse made a verb ("estimated")
            node = head
            continue
        if dep in ("nummod", "quantmod", "compound", "amod", "det", "poss", "conj", "appos", "cc") or (
            dep == "pobj" and head.lower_ == "of"
        ):
            node = head
            continue
        if dep == "pobj" and head.dep_ == "prep":
            node = head
            continue
        if dep == "prep":
            if head.pos_ == "NOUN" and head.lemma_ in ("abduction", "kidnapping") and node.lower_ == "of":
                return "abducted"  # "the abduction of two children"
            if head.pos_ == "NOUN" and head.lemma_ == "loss" and node.lower_ == "of":
                return "killed"  # "led to the loss of five of our brave soldiers"
            fatal = any(c.dep_ == "amod" and c.lower_ in ("fatal", "deadly", "lethal") for c in head.children)
            if head.pos_ == "NOUN" and fatal and node.lower_ == "of":
                return "killed"  # "the fatal shooting of at least one officer"
            if head.pos_ in ("NOUN", "PROPN") and any(c.dep_ == "nummod" for c in head.children):
                return ""  # a phrase inside another count ("38 people in three assaults")
            node = head
            if head.pos_ == "NOUN" and _noun_field(head):
                return _noun_field(head)
            continue
        if dep == "dobj" and head.lemma_.casefold() in SPEECH_VERBS and _said_to_have(head, node):
            return _said_to_have(head, node)
        break
    if following is not None:
        named = _word_field(following)
        if named:
            return named
    return _modifier_field(figure)


FREED_VERBS = _words("rescue free release liberate save")


def _object_of(figure: Figure) -> Token | None:
    """The verb whose object (or passive subject) the figure's phrase is: "slashed [more than a
    dozen of their former captives] to death", "[20 hostages] were freed"."""
    node = figure.noun if figure.noun is not None and figure.noun.pos_ != "PRON" else figure.head
    for _ in range(4):
        if node.dep_ in ("dobj", "nsubjpass") and node.head.pos_ == "VERB":
            return node.head
        if (node.dep_ == "pobj" and node.head.lower_ == "of") or node.dep_ in ("nummod", "quantmod", "prep"):
            node = node.head
            continue
        break
    return None


def _said_to_have(verb: Token, said: Token) -> str:
    """ "the army stated ten soldiers ... had died": the parse makes the people the speech verb's
    object and the clause after them subjectless; they are that clause's subject."""
    for clause in verb.children:
        subjectless = not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children)
        if clause.dep_ == "ccomp" and clause.i > said.i and subjectless:
            return _word_field(clause) or _verb_field(clause, said, "nsubj")
    return ""


def _modifier_field(figure: Figure) -> str:
    """The field a participle or adjective on the counted noun gives, when no verb does: "the two
    wounded children", "seven dead people", "the 10 martyred soldiers", "received 200 injured
    people", "buried 29 people, mostly killed by gunfire"."""
    noun = figure.noun
    if noun is None or noun.i < figure.head.i or noun.pos_ == "PRON":
        return ""
    for child in noun.children:
        if child.dep_ in ("amod", "acl") and child.tag_ in ("VBN", "JJ") and _word_field(child):
            return _word_field(child)
    return ""


def _next_word(figure: Figure) -> Token | None:
    """The verb or adjective right after a figure ("23 dead", "28 wounded"), past a parenthesis of
    its parts (", including five police officers,")."""
    doc = figure.head.doc
    end = max(figure.head.i, figure.noun.i if figure.noun is not None else -1)
    if end + 2 < len(doc) and doc[end + 1].text == "," and doc[end + 2].lower_ in ("including", "among"):
        closing = next((t.i for t in doc[end + 2 : end + 20] if t.text == ","), None)
        if closing is not None:
            end = closing
    for token in doc[end + 1 : end + 4]:
        if token.is_punct:
            return None
        if token.pos_ in ("VERB", "ADJ") or token.lemma_ in HURT_NOUNS | KILL_NOUNS:
            return token
        if token.pos_ not in ("AUX", "ADV", "PART"):
            return None
    return None


def _word_field(word: Token) -> str:
    lemma = word.lemma_.casefold()
    if lemma in KILL_VERBS or word.lower_ == "dead":
        return "killed"
    if lemma in HURT_VERBS or word.lower_ in ("wounded", "injured", "hurt"):
        return "injured"
    if lemma in ABDUCT_VERBS:
        return "abducted"
    return ""


def _noun_field(word: Token) -> str:
    lemma, lower = word.lemma_.casefold(), word.lower_
    if lower in (
        "dead",
        "deaths",
        "body",
        "bodies",
        "fatalities",
        "corpse",
        "corpses",
        "killings",
        "lives",
    ) or lemma in (KILL_NOUNS - {"toll", "life", "dead"}):
        return "killed"
    if lower in ("wounded", "injured", "injuries", "injury", "wounding", "woundings"):
        return "injured"
    if lemma in ABDUCT_NOUNS and lemma not in ("abduction", "kidnapping"):
        return "abducted"
    return ""


CARE_PLACES = _words("hospital hospitals clinic clinics")
CARE_VERBS = _words("take rush admit transfer carry bring evacuate send")  # who is taken to hospital


def _to_hospital(verb: Token) -> bool:
    if verb.lemma_.casefold() in ("hospitalise", "hospitalize"):
        return True
    if verb.lemma_.casefold() == "treat" and any(
        c.dep_ == "nsubj" and c.lemma_.casefold() in CARE_PLACES | {"facility", "doctor", "medic"}
        for c in verb.children
    ):
        return True  # "the facility has treated at least thirty combatants and civilians"
    if verb.lemma_.casefold() not in CARE_VERBS:
        return False
    return any(
        c.dep_ == "prep"
        and c.lower_ in ("to", "into", "in")
        and any(g.lower_ in CARE_PLACES for g in c.children)
        for c in verb.children
    ) or any(  # "brought in with gun-shot wounds", "admitted for medical treatment"
        c.dep_ == "prep"
        and (
            (c.lower_ == "with" and any(g.lemma_ in ("wound", "injury") for g in c.subtree))
            or (c.lower_ == "for" and any(g.lemma_ == "treatment" for g in c.children))
        )
        for c in verb.children
    )


def _verb_field(head: Token, node: Token, dep: str) -> str:
    """The field `head` gives the phrase `node` attached to it by `dep`."""
    lemma = head.lemma_.casefold()
    argument = dep in ("nsubjpass", "dobj", "nsubj", "attr", "oprd", "npadvmod", "dative", "appos", "conj")
    if lemma == "set" and any(c.lower_ in ABLAZE for c in head.subtree) and dep == "dobj":
        return "vehicles_burned" if _is_vehicle(node) else ""
    if lemma in BURN_VERBS and dep in ("nsubjpass", "dobj"):
        return "vehicles_burned" if _is_vehicle(node) else ""
    if _is_vehicle(node):
        return ""
    if lemma in KILL_VERBS and argument:
        if lemma == "die" and dep not in ("nsubj", "conj"):
            return ""
        return "killed"
    if lemma in HURT_VERBS and argument:
        return "injured"
    if lemma in ABDUCT_VERBS and argument:
        return "abducted"
    if lemma == "take" and argument and any(c.lower_ in CAPTIVE_WORDS for c in head.subtree):
        return "abducted"
    if dep in ("nsubjpass", "dobj") and _to_hospital(head):
        return "injured"  # "13 people have been taken to hospital", "were hospitalised"
    particle = {c.lower_ for c in head.children if c.dep_ == "prt"}
    if lemma == "make" and "off" in particle and dep == "prep" and node.lower_ == "with":
        return "abducted"  # "making off with 40 children"
    if lemma in ("carry", "take") and particle & {"off", "away"} and dep in ("dobj", "nsubjpass"):
        return "abducted"  # "carried off 12 women", "many were also taken away to unknown destinations"
    hurt = any(
        c.dep_ == "dobj" and any(t.lemma_ in ("injury", "wound") for t in c.subtree) for c in head.children
    )  # "sustained injuries", "sustained varied degree of injuries"
    if lemma in ("sustain", "suffer", "receive") and dep == "nsubj" and hurt:
        return "injured"  # "four personnel sustained injuries"
    if lemma == "bury" and dep == "dobj":
        return "killed"  # "he and neighbours buried 29 people"
    if lemma in LIGHT_VERBS and any(_death_object(c) for c in head.children):
        return "killed"  # "sixteen brave sons ... embraced Shahadat", "five soldiers met their death"
    if lemma == "send" and any(c.lower_ == "hell" for c in head.subtree):
        return "killed"
    if lemma == "lose" and (dep == "dobj" or any(c.lower_ == "lives" for c in head.children)):
        return "killed"
    if lemma == "leave" and any(c.lower_ in ("dead", "wounded", "injured") for c in head.children):
        return "killed" if any(c.lower_ == "dead" for c in head.children) else "injured"
    if dep in ("nsubjpass", "dobj", "nsubj"):
        for child in head.children:
            if child.dep_ in ("oprd", "acomp", "xcomp") and child.lower_ == "dead":
                return "killed"
            # "were initially reported killed", "was confirmed wounded"
            found = child.dep_ in ("oprd", "xcomp") and child.tag_ == "VBN" and lemma in FOUND_VERBS
            if found and _word_field(child):
                return _word_field(child)
    if lemma == "be" and dep == "nsubj" and _of_victims(node):  # "four of the victims were fishermen"
        return "killed"
    if lemma == "be" and dep in ("attr", "nsubj"):
        for child in head.children:
            victims = any(c.lower_ in ("victims", "dead", "killed", "casualties") for c in child.children)
            if child.dep_ == "prep" and child.lower_ == "among" and victims:
                return "killed"
    # "the toll at 14", "the death toll rose to 37", "put the toll at 14": `toll_figures`
    if dep == "pobj" or dep == "prep":
        return ""
    if head.lower_ in ("dead",) and dep == "nsubj":
        return "killed"
    if lemma == "be" and dep in ("nsubj",):
        for child in head.children:
            if child.dep_ == "acomp" and child.lower_ in ("dead", "killed"):
                return "killed"
            if child.dep_ == "acomp" and child.lower_ in ("wounded", "injured", "hurt"):
                return "injured"
    return ""


def _death_object(child: Token) -> bool:
    """A light verb's object that is a death noun ("martyrdom", "their death"), not a noun it
    qualifies ("death threats", "the death toll")."""
    return child.dep_ == "dobj" and child.lemma_.casefold() in DEATH_NOUNS


def toll_figures(sent: Span, figures: list[Figure], vocab: Vocabulary | None = None) -> None:
    """A toll given with a preposition: "put the toll at 14", "the death toll had risen to 37",
    "the toll stood at 9", "put the number of dead at five and wounded at six", "reduced the
    death toll from 12 to 11", "revising the number of deaths upwards to 25": the figure fills
    the field the toll names (a toll: deaths; "the number of wounded": injured), split by the
    class of whose toll it is ("the military's death toll": security forces)."""
    listed = False
    for figure in figures:
        if figure.field:
            continue
        node = figure.head
        reached = _reached(node)
        if reached is not None:  # "the death toll reached 33": the toll, the verb's subject, names the field
            figure.field, figure.toll = toll_field(reached), True
            if figure.field == "killed" and vocab is not None and figure.noun is not None:
                figure.field = _by_class(figure, "killed", vocab)  # "the toll was 12 soldiers"
                # "the toll was 34 auxiliaries ... and six soldiers": the list is the toll
                for other in figures:
                    noun = other.noun
                    if (
                        not other.field
                        and noun is not None
                        and noun.dep_ == "conj"
                        and noun.head.i == figure.noun.i
                    ):
                        other.field = _by_class(other, "killed", vocab)
                listed = True
            continue
        owner = _toll_of(figure)
        things = figure.noun is not None and figure.noun.lemma_.casefold() in NOT_PEOPLE
        if owner is not None and not things:  # "the death toll of two explosions" counts no one
            # "who gave a death toll of at least 15 civilians": the toll names the field, the
            # counted noun the class
            base = toll_field(owner)
            figure.field = _by_class(figure, base, vocab) if vocab is not None and base == "killed" else base
            continue
        if figure.noun is not None and figure.noun.i > node.i and figure.noun.dep_ == "pobj":
            node = figure.noun  # "put the death count at 15 people": the counted noun is the object
        if not (
            node.dep_ == "pobj" and node.head.dep_ == "prep" and node.head.lower_ in ("at", "to", "from")
        ):
            continue
        verb = node.head.head
        if verb.dep_ == "prep" and verb.lower_ == "from":  # "from 12 to 11": the "to" hangs on "from"
            verb = verb.head
        if verb.pos_ == "ADV" and verb.lower_ in ("down", "up") and verb.dep_ in ("advmod", "prt"):
            verb = verb.head  # "revised the toll ... down to 253"
        if verb.dep_ == "acl" and toll_object(verb) is None:
            # "put the number of those killed at 17": the parse hangs "at 17" on "killed"
            verb = next(
                (h for h in heads(verb)[1:5] if h.pos_ == "VERB" and toll_object(h) is not None), verb
            )
        toll = toll_object(verb)
        if toll is not None:
            field = toll_field(toll)
        elif verb.dep_ == "conj" and (_word_field(verb) or _noun_field(verb)) and _toll_verb_above(verb):
            # "put the number of dead at 11 and wounded at 18", "... at seven and the wounded at 8"
            field = _word_field(verb) or _noun_field(verb)
        elif _revises_figure(verb) and (before := [f for f in figures if f.field and f.end <= figure.start]):
            # "told reporters that two inmates had been killed before later increasing that
            # figure to 41": the figure before, revised
            figure.field = before[-1].field
            continue
        else:
            continue
        if field == "killed" and toll is not None and vocab is not None:
            owners = [c for c in toll.children if c.dep_ == "poss" and c.pos_ in ("NOUN", "PROPN")]
            counted = of_object(toll)
            if owners:
                field = _class_of(victim_classes(owners[0].text, vocab), field)
            elif counted is not None and node is not figure.noun:  # "the number of civilians killed"
                field = _class_of(victim_classes(counted.text, vocab), field)
            elif node is figure.noun:
                field = _by_class(figure, field, vocab)  # "at 15 civilians": the noun names the class
        # only a toll that is its verb's subject ("the death toll rose to 21") stands on its own;
        # "raising the death toll to six" goes on from the clause it hangs on
        figure.toll = toll is not None and toll.dep_ == "nsubj"
        figure.field = field
        if field.startswith("killed") and vocab is not None:
            # "revised the death toll to 15 civilians and three special forces": each count of the list
            for other in figures:
                joined = other.noun if other.noun is not None else other.head
                if not other.field and joined.dep_ == "conj" and joined.head.i == node.i:
                    other.field = _by_class(other, "killed", vocab)
    _respectively(figures)
    if listed:
        figures[:] = _lists(figures, sent.doc)
    _later_deaths(figures)
    _earlier_toll_class(figures)
    if vocab is not None:
        _breakdowns(figures, vocab)  # the parts of a toll only now given its field
        _persons_told_of(figures)


def _respectively(figures: list[Figure]) -> None:
    """ "revised the death toll to 15 civilians and three special forces, up from 14 and two
    respectively": the counts of the second list take the fields of the first, in order."""
    for figure in figures:
        node = figure.head
        if not (node.dep_ == "pobj" and any(c.lower_ == "respectively" for c in node.head.subtree)):
            continue
        second = [
            f for f in figures if f.head.i == node.i or (f.head.dep_ == "conj" and f.head.head.i == node.i)
        ]
        first = [
            f for f in figures if f not in second and f.field.startswith("killed") and f.end <= figure.start
        ]
        if len(first) >= len(second):
            for before, after in zip(first[-len(second) :], second, strict=True):
                after.field = before.field
        return


def _toll_of(figure: Figure) -> Token | None:
    """The toll noun whose "of" the figure is ("a death toll of at least 15 civilians", "a toll of
    12"); None otherwise, and for a toll that counts no deaths ("an injury toll of 30")."""
    node = figure.noun if figure.noun is not None and figure.noun.i > figure.head.i else figure.head
    of = node.head
    if node.dep_ != "pobj" or of.lower_ != "of" or of.head.lemma_ != "toll":
        return None
    if any(c.dep_ == "conj" for c in node.children):
        return None  # 'a "provisional toll" of 31 soldiers and three VDP': a list, its sum unread here
    return of.head if toll_field(of.head) else None


def _reached(number: Token) -> Token | None:
    """The toll a figure is the object of: "the death toll reached 33", "the toll hit 40" (the
    figure the verb's object, or the parse's number of a date right after it: "reached 33
    Saturday"); None when the verb's subject is no toll."""
    node = number
    if (
        node.dep_ == "nummod"
        and node.head.i > node.i
        and (node.head.ent_type_ in ("DATE", "TIME") or node.head.dep_ == "attr")
    ):
        node = node.head  # "reached 33 Saturday": the parse counts the day; "the toll was 12 soldiers"
    if node.dep_ not in ("dobj", "attr", "acomp", "npadvmod") or node.head.pos_ not in ("VERB", "AUX"):
        return None
    if any(c.tag_ == "MD" for c in node.head.children):
        return None  # "the death toll could pass 20": a guess, no toll
    subjects = [c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass") and c.i < node.i]
    return subjects[0] if subjects and toll_field(subjects[0]) else None


def _toll_verb_above(word: Token) -> bool:
    node = word
    for _ in range(4):
        if node.dep_ not in ("conj", "pobj", "prep") or node.head.i == node.i:
            return False
        node = node.head
        if toll_object(node) is not None:
            return True
    return False


FOUND_VERBS = _words("report confirm find declare pronounce list leave")
TOLL_VERBS = _words("put place set peg raise reduce revise lower update bring increase give provide")
RISE_VERBS = _words("rise climb jump reach increase grow hit stand")  # what a count of deaths does


def _revises_figure(verb: Token) -> bool:
    """ "increasing that figure to 41", "revised the number to 12": a verb of change whose object is
    a figure named before ("that", "the"), not a toll of its own."""
    if verb.lemma_.casefold() not in CHANGE_VERBS | TOLL_VERBS:
        return False
    return any(
        c.dep_ in ("dobj", "nsubj", "nsubjpass")
        and c.lemma_.casefold() in ("figure", "number", "tally", "count")
        and any(d.lower_ in ("that", "this", "the") for d in c.children)
        and of_object(c) is None
        for c in verb.children
    )


def toll_object(verb: Token) -> Token | None:
    """The toll a verb gives or changes ("put the toll", "the death toll had risen", "reduced the
    number of deaths"): a toll, or a number (or count) of the dead or the wounded."""
    for child in verb.children:
        if child.dep_ in ("dobj", "nsubj", "nsubjpass") and toll_field(child):
            return child
    return None


def toll_field(noun: Token) -> str:
    """The field a toll noun counts: "toll" (not an injury toll) and "the number of dead" give
    deaths, "the number of wounded" injuries; "" for a noun that is no toll."""
    if noun.lemma_ == "toll":
        return "" if any(t.lower_ in ("injury", "injuries") for t in noun.lefts) else "killed"
    if noun.lemma_ in ("death", "fatality") and of_object(noun) is None and noun.dep_ == "nsubj":
        # "deaths rose to 10", "The death from an airstrike has risen to 10"
        return "killed" if noun.head.lemma_.casefold() in RISE_VERBS else ""
    if noun.lemma_ in ("number", "count", "tally"):
        # "put the death count at 15": the noun before the count names what it counts
        named = [c for c in noun.children if c.dep_ == "compound" and c.i < noun.i]
        if any(c.lemma_.casefold() in DEATH_NOUNS | {"fatality"} for c in named):
            return "killed"
        if any(c.lemma_.casefold() == "injury" for c in named):
            return "injured"
        counted = of_object(noun)
        if counted is not None and (_noun_field(counted) or _word_field(counted)):
            return _noun_field(counted) or _word_field(counted)
        # "the number of civilians killed", "the total number injured": the participle says
        for word in (noun, *([counted] if counted is not None else [])):
            for clause in word.children:
                if clause.dep_ in ("acl", "amod") and clause.i > word.i and _word_field(clause):
                    return _word_field(clause)
    return ""


def _class_of(categories: frozenset[str] | None, base: str) -> str:
    """`base` split by the one broad victim class the categories name (else `base`)."""
    if not categories:
        return base
    broad = frozenset().union(*(BROAD.get(c, frozenset()) for c in categories))
    if len(broad) != 1:
        return base
    return (
        f"{base}_" + {CIVILIANS: "civilians", SECURITY: "security", MILITANTS: "militants"}[next(iter(broad))]
    )


def _is_vehicle(node: Token) -> bool:
    noun = node if node.pos_ == "NOUN" else (node.head if node.dep_ == "nummod" else None)
    if noun is None:
        return False
    return noun.lemma_.casefold() in VEHICLES or any(c.lemma_.casefold() in VEHICLES for c in noun.conjuncts)


def _breakdowns(figures: list[Figure], vocab: Vocabulary) -> None:
    """Parts of a toll ("killing 12 people, including three soldiers and nine civilians"; "18
    people – eight of them children –"): each part takes the toll's field, split by its class."""
    by_token = {}
    for figure in figures:
        by_token[figure.head.i] = figure
        if figure.noun is not None:
            by_token.setdefault(figure.noun.i, figure)
    parts = {id(part) for figure in figures for part in figure.parts}
    for figure in figures:
        if figure.field and not (figure.field == "killed" or figure.field.startswith("killed_")):
            continue
        if id(figure) in parts:
            continue
        whole = _whole_of(figure, by_token)
        if whole is None or whole is figure:
            continue
        total = whole.field
        if not total:
            continue
        base = total.split("_")[0] if total.startswith("killed") else total
        figure.field = _by_class(figure, base, vocab) if base == "killed" else base
        if figure.field == base:
            figure.field = ""  # a part of no class adds nothing to its whole
        if ADDED.search(figure.head.doc.text[max(0, figure.start - 40) : figure.start]):
            continue  # "five guards, including two officers, as well as 10 militants": beside the whole
        whole.parts.append(figure)


ADDED = re.compile(r"\b(?:as well as|in addition to|along with|besides)\s*$", re.IGNORECASE)


def _whole_of(figure: Figure, by_token: dict[int, Figure]) -> Figure | None:
    doc = figure.head.doc
    span = doc.char_span(figure.start, figure.end, alignment_mode="expand")
    among = span is not None and span.start >= 2 and doc[span.start - 2].lower_ in ("among", "including")
    if among and span is not None and doc[span.start - 1].lower_ in ("them", "those", "whom"):
        # "has risen to 10, among them two children": the figure before is the whole
        before = [f for f in by_token.values() if f.end <= doc[span.start - 2].idx and f is not figure]
        return max(before, key=lambda f: f.end) if before else None
    node = figure.noun if figure.noun is not None and figure.noun.i > figure.head.i else figure.head
    if figure.noun is not None and figure.noun.pos_ == "PRON":
        node = figure.head
    for _ in range(3):
        head = node.head
        if node.dep_ == "pobj" and head.lower_ in ("including", "among"):
            owner = by_token.get(head.head.i)
            if owner is None:  # "57 individuals were killed in the attack, including 17 children"
                before = [f for i, f in by_token.items() if i < head.i and f is not figure and f.field]
                owner = max(before, key=lambda f: f.head.i) if before else None
            return owner
        if node.dep_ == "appos" and head.i in by_token:
            return by_token[head.i]
        if node.dep_ == "conj":
            node = head
            continue
        break
    return None


# --- speakers -------------------------------------------------------------------------------------

SOURCE_TYPE_CUES = [
    (re.compile(r"\bministry|minister|government|president|governor|presidency\b", re.I), "government"),
    (re.compile(r"\bpolice|policeman|superintendent|constable\b", re.I), "police"),
    (re.compile(r"\barmy|military|armed forces|general staff|headquarters|soldier|troops|defence forces|defense forces\b", re.I), "military"),
    (re.compile(r"\bhospital|doctor|medical|medic|health|paramedic|civil defen[cs]e\b", re.I), "hospital"),
    (re.compile(r"\bofficial|commissioner|administrator|authorities|mayor|chief|leader|elder|chairman\b", re.I),
     "local_official"),
    (re.compile(r"\bliberation army|liberation front|brigade|militants?|rebels?|fighters?|insurgents?\b", re.I), "armed_group"),
    (re.compile(r"\bhuman rights|amnesty|rights group|watch|activists?|network|committee|lawyers\b", re.I), "rights_group"),
    (re.compile(r"\bUN\b|United Nations|Red Cross|ICRC|peacekeeping|OCHA|UNICEF|WHO\b"), "intl_org"),
    (re.compile(r"\bmedia|newspaper|news agency|television|reporter|correspondent|outlets?|agency|radio\b", re.I), "media"),
    (re.compile(r"\bwitness|resident|survivor|villager|local|locals\b", re.I), "witness"),
]  # fmt: skip


def source_type(name: str, title: str = "") -> str:
    for pattern, kind in SOURCE_TYPE_CUES:
        if pattern.search(f"{name} {title}"):
            return kind
    return "other"


@dataclass
class Event:
    """A speech event: who (resolved), by which word, and whether it sits inside a quote."""

    speaker: Speaker
    verb: Token
    first_person: bool = False


BODIES = _words(
    "group organisation organization network agency committee council office ministry service association "
    "union coalition movement front party army force room centre center monitor observatory team "
    "commission department unit channel station outlet newspaper"
)


class Speakers:
    """The speakers named so far in a text, for pronouns, role nouns and surnames to refer to."""

    def __init__(self, vocab: Vocabulary, outlet: Speaker) -> None:
        self.vocab = vocab
        self.outlet = outlet
        self.named: list[Speaker] = []
        self.paragraph: list[Speaker] = []  # the speakers named in the paragraph being read
        self.persons: list[str] = []  # full names of people mentioned, for surnames
        self.group: Speaker | None = outlet if outlet.source_type == "armed_group" else None
        self.clock = 0  # counts mentions and speakers, to tell which came last
        self.group_at = 0
        self.named_at: dict[int, int] = {}

    # -- memory

    def mention(self, sent: Span) -> None:
        # a person the sentence is about, named as its subject though not speaking ("The army
        # spokesman, lieutenant Jules Ngongo, did not answer reporters"), is whom "he said" and
        # "he added" after it refer to, not an earlier speaker
        root = sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if (
            subject is not None
            and root.lemma_.casefold() not in SPEECH_VERBS
            and (
                subject.ent_type_ == "PERSON"
                or any(a.dep_ == "appos" and a.ent_type_ == "PERSON" for a in subject.children)
            )
        ):
            known = self.of_phrase(subject)
            if known is not None:
                known.person = True
        names = [ent.text for ent in sent.ents if ent.label_ in ("ORG", "NORP", "PERSON")]
        if subject is not None and subject.i < root.i:  # "The Al Shabaab Islamist group claimed ..."
            names.append(sent.doc[subject.left_edge.i : subject.i + 1].text)
        for ent in sent.ents:
            if ent.label_ == "PERSON" and len(ent) >= 2:
                self.persons.append(_clean(ent.text))
        for name in names:
            actors = parse_actors(_clean(name), self.vocab) if len(name) < 80 else ()
            if actors and not actors[0].generic and actors[0].side == "non_state":
                self.group = Speaker(actors[0].name, "armed_group", self.outlet.via, 0.8)
                self.clock += 1
                self.group_at = self.clock

    def remember(self, speaker: Speaker) -> Speaker:
        self.clock += 1
        self.paragraph.append(speaker)
        for known in self.named:
            if known.name.casefold() == speaker.name.casefold():
                if speaker.via and not known.via:
                    known.via = speaker.via
                self.named.remove(known)
                self.named.append(known)
                self.paragraph[-1] = known
                self.named_at[id(known)] = self.clock
                return known
        self.named.append(speaker)
        self.named_at[id(speaker)] = self.clock
        if speaker.source_type == "armed_group":
            self.group = speaker
        return speaker

    # -- reading a subject

    def of_phrase(self, token: Token, via: str = "", within: set[int] | None = None) -> Speaker | None:
        """The speaker a subject (or the object of "according to") names; None when it names none
        we can tell (an indefinite document: "a provisional report")."""
        lower = token.lower_
        if token.pos_ == "PRON" or lower in PERSON_PRONOUNS | GROUP_PRONOUNS:
            if lower in FIRST_PERSON:
                return None
            return self._pronoun(lower)
        # "local reports say", "according to Pakistani media reports": reports no one is said to
        # issue speak as what they are (a kind of source's reports included)
        document = token.lemma_.casefold() in DOCUMENTS or token.lower_ in DOCUMENTS
        owner = document_owner(token) if document else None
        unowned_reports = (
            token.lower_ == "reports"
            and not any(c.dep_ in ("det", "poss") for c in token.children)
            and (owner is None or (owner.dep_ == "compound" and owner.pos_ == "NOUN"))
        )
        if document and not unowned_reports:
            if owner is not None and (owner.pos_ == "PROPN" or _names_a_source(owner, self)):
                return self.of_phrase(owner, via)
            if relayed(token) and self.group is not None:
                return self.group  # a relayed message is its originator's, not the relay's
            if token.lemma_.casefold() in KNOWN and any(c.lower_ == "the" for c in token.lefts):
                # "According to the preliminary information, ...": the paragraph's speaker's, else
                # no one's (the outlet's): a figure no one in its paragraph gives is the outlet's
                return self.paragraph[-1] if self.paragraph else None
            if any(c.lower_ in ("the", "its", "their") for c in token.lefts):
                return self.named[-1] if self.named else None
            return None
        if any(c.dep_ == "poss" and c.lower_ in ("our", "my") for c in token.children):
            return self.outlet  # "according to our fact-finding team": whoever issues the text
        named = token.pos_ == "PROPN" or (token.dep_ in ("aux", "auxpass") and _all_caps(token))
        plain = _clean(_plain(token)) if named else ""  # a group's own name, not a modifier
        actors = parse_actors(plain, self.vocab) if plain and len(plain) < 80 else ()
        if actors and len(actors) == 1 and not actors[0].generic and actors[0].side == "non_state":
            return self.remember(Speaker(actors[0].name, "armed_group", via or self.outlet.via, 0.85))
        # "one of the officials, a police commander": the apposition says who
        appositions = [c for c in token.children if c.dep_ == "appos"]
        # "The television channel Globovision reported": a capitalised apposition is a name, whatever its tag
        proper = [
            a
            for a in appositions
            if a.pos_ == "PROPN" or a.ent_type_ == "PERSON" or (a.i == token.i + 1 and a.text[:1].isupper())
        ]
        # a lower-case word the tagger took for a name ("defense ministry") is a common noun
        if (token.pos_ == "PROPN" and not token.text[:1].islower()) or token.ent_type_ in ("PERSON", "ORG"):
            name = _proper_name(token, within)
            titled = [t.text for t in token.subtree if t.i < token.i and t.lower_.rstrip(".") in TITLES]
            title = " ".join([*titled, *(_phrase(a) for a in appositions)])
        elif proper:
            name = _proper_name(proper[0])
            title = _phrase(token, within)
        elif token.like_num and not appositions and of_object(token) is None:
            return None  # "three wounded in violence authorities said ...": a count never speaks
        elif (appositions and token.pos_ in ("NUM", "PRON")) or token.lower_ in ("one", "some"):
            target = appositions[0] if appositions else of_object(token)
            if target is None:
                return None
            found = self.of_phrase(target, via)
            if found is not None and token.lower_ == "one" and target.tag_ == "NNS":
                found.person = True  # "one of the residents": "he" after it is that resident
            return found
        else:
            name, title = _phrase(token, within), ""
            resolved = self._role(token, name)
            if resolved is not None:
                return resolved
        name = _clean(name)
        if not name:
            return None
        if " " not in name and token.pos_ == "PROPN":
            full = next((p for p in reversed(self.persons) if p.split()[-1] == name), None)
            known = next((s for s in reversed(self.named) if name in s.name.split()), None)
            if known is not None:
                return known
            if full:
                name = full
        return self.remember(self._speaker(name, title, via, token))

    def _speaker(self, name: str, title: str, via: str, token: Token) -> Speaker:
        actors = parse_actors(name, self.vocab) if token.pos_ == "PROPN" else ()
        if actors and not actors[0].generic and actors[0].side == "non_state":
            return Speaker(actors[0].name, "armed_group", via or self.outlet.via, 0.85, title=title)
        # a name whose apposition says it is a body ("the Emergency Room, an activist group") is none
        body = bool(title) and title.split()[-1].casefold() in BODIES
        person = token.ent_type_ == "PERSON" or (
            token.pos_ == "PROPN" and token.ent_type_ not in ("ORG", "GPE") and not body
        )
        person = person or any(  # "a soldier who said": "who" is said of persons
            c.dep_ == "relcl" and any(g.lower_ in ("who", "whom", "whose") for g in c.children)
            for c in token.children
        )
        person = person or (
            token.tag_ == "NN"
            and token.ent_type_ not in ("ORG",)
            and source_type(name) not in ("government", "military", "rights_group", "intl_org", "media")
            and token.lemma_ not in ("group", "ministry", "army", "committee", "network")
        )
        kind = source_type(name, title)
        return Speaker(name, kind, via or self.outlet.via, 0.85, title=title, person=person)

    def _pronoun(self, word: str) -> Speaker | None:
        if word in PERSON_PRONOUNS:
            people = [s for s in self.named if s.person]
            return people[-1] if people else (self.named[-1] if self.named else None)
        if word == "it" and self.group is not None and (not self.named or self.named[-1] is self.group):
            return self.group
        if word == "it" and self.named and self.named[-1].person:
            # "it" is no person: the group named, else the last speaker who is not one
            # the group named last, else the last speaker who is no person
            things = [s for s in self.named if not s.person]
            if not things or (
                self.group is not None and self.group_at > self.named_at.get(id(things[-1]), 0)
            ):
                return self.group or (things[-1] if things else None)
            return things[-1]
        return self.named[-1] if self.named else None

    def _role(self, token: Token, name: str) -> Speaker | None:
        """ "the governor", "the group", "the ministry", "the spokesman": a definite common noun
        refers to the speaker named earlier whose name or title holds that noun."""
        if token.pos_ != "NOUN" or not any(c.lower_ in ("the", "this", "that") for c in token.lefts):
            return None
        head = token.lemma_.casefold()
        words = {w.casefold() for w in re.findall(r"[\w'’-]+", name)}
        for known in reversed(self.named):
            if head in known.words() and words <= known.words() | {head}:
                return known
            if head == "group" and known.source_type in ("armed_group", "rights_group"):
                return known
        if head == "group" and self.group is not None:
            return self.group
        return None


def _names_a_source(owner: Token, speakers: Speakers) -> bool:
    """Whether a common noun can own a statement: it names a kind of source ("the cell" of an
    earlier speaker, "the army", "a hospital"), not a place or a thing ("reports from the field")."""
    if source_type(_phrase(owner)) != "other" or owner.lemma_ in PEOPLE:
        return True
    return any(owner.lower_ in known.words() for known in speakers.named)


# who passes a document on without being its author ("translated by SITE", "obtained by AFP")
RELAY_VERBS = _words(
    "translate relay carry publish circulate distribute obtain intercept monitor forward share repost "
    "broadcast air cite"
)


def relayed(document: Token) -> bool:
    return any(c.dep_ == "acl" and c.lemma_.casefold() in RELAY_VERBS for c in document.children)


def document_owner(document: Token, depth: int = 0) -> Token | None:
    """Who a document speaks for: "a statement from the general staff", "a list provided by
    Nasser Hospital", "the army's statement", "a health ministry toll", "a report in Wednesday's
    issue of the newssheet 'Carta'" (a publication's name, in apposition, before its common noun)."""
    for child in document.children:
        if child.dep_ == "prep" and child.lower_ in ("from", "by", "of", "in"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if not objects:
                continue
            owner = objects[0]
            deeper = document_owner(owner, depth + 1) if depth < 3 and owner.pos_ == "NOUN" else None
            if deeper is not None and (owner.lemma_ in PUBLICATIONS or deeper.pos_ == "PROPN"):
                return deeper
            named = [c for c in owner.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
            if named:
                return named[0]
            if child.lower_ != "in":
                return owner
        if (
            child.dep_ == "poss"
            and child.pos_ in ("PROPN", "NOUN")
            and child.ent_type_ not in ("DATE", "TIME")
        ):
            return child
        if child.dep_ == "acl" and child.lemma_.casefold() in RELAY_VERBS:
            continue  # "the message, translated by SITE": a relay, not the message's owner
        if child.dep_ == "acl":
            for grand in child.children:
                if grand.dep_ == "agent":
                    objects = [c for c in grand.children if c.dep_ == "pobj"]
                    if objects:
                        return objects[0]
    compounds = [c for c in document.lefts if c.dep_ == "compound"]
    if compounds:
        return compounds[-1]
    organs = [
        c for c in document.lefts if c.dep_ == "amod" and source_type(c.text) not in ("other", "witness")
    ]
    return organs[-1] if organs else None  # "a military statement"


def of_object(token: Token) -> Token | None:
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def _proper_name(token: Token, within: set[int] | None = None) -> str:
    """A proper name: its entity (with the proper nouns just before it: NER often leaves a first
    name out), or the token with its proper-noun compounds and flat parts."""
    if token.ent_type_ in ("PERSON", "ORG") and token.ent_iob_ in ("B", "I"):
        doc = token.doc
        start = token.i
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while start > 0 and doc[start - 1].pos_ == "PROPN" and doc[start - 1].dep_ == "compound":
            start -= 1
        while start < token.i and doc[start].lower_.rstrip(".") in TITLES:
            start += 1  # "Governor Andriy Raikovych": the title is no part of the name
        end = token.i + 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        if within is not None:
            while start < token.i and start not in within:
                start += 1
        return _strip_possessive(doc[start:end].text)
    parts = [
        t
        for t in token.subtree
        if t.i <= token.i and (t.dep_ in ("compound", "flat", "nmod") or t.i == token.i) and t.pos_ == "PROPN"
    ]
    tail = []
    for child in token.rights:
        if child.dep_ == "prep" and child.lower_ == "of" and token.lemma_.casefold() not in ("governor",):
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ == "PROPN"]
            if objects and objects[0].ent_type_ not in ("GPE", "LOC"):
                tail = [child, *[t for t in objects[0].subtree]]
    parts = sorted(parts, key=lambda t: t.i)
    while len(parts) > 1 and parts[0].lower_.rstrip(".") in TITLES:
        parts = parts[1:]
    if not parts:
        return _strip_possessive(token.text)
    # the name as written, small words inside it included ("Carta de Mocambique", "Abu Bakr al Baghdadi")
    name = token.doc[parts[0].i : parts[-1].i + 1].text
    return _strip_possessive(" ".join([name, *(t.text for t in tail)]))


def _phrase(token: Token, within: set[int] | None = None) -> str:
    """A common noun with the words that say which one ("regional governor", "local health
    authorities", "residents and a community leader"), without determiners, possessives,
    appositions or clauses."""
    keep: set[int] = {token.i}
    for child in token.lefts:
        if child.dep_ in ("compound", "amod", "nmod", "nummod", "npadvmod", "advmod"):
            keep.update(t.i for t in child.subtree if t.dep_ != "case")
        # whose office or wing it is, in common words: "the military's media wing", "the public
        # prosecutor's office" (a place's or a name's is left out: "Burkina Faso's army")
        if child.dep_ == "poss" and child.pos_ == "NOUN":
            keep.update(t.i for t in child.subtree if t.dep_ != "det")
    for child in token.rights:
        if child.dep_ in ("cc", "conj"):
            if child.dep_ == "conj":
                keep.add(child.i)
                keep.update(
                    t.i
                    for c in child.lefts
                    if c.dep_ in ("compound", "amod", "det", "nmod")
                    for t in c.subtree
                )
            else:
                keep.add(child.i)
        if child.dep_ == "prep" and child.lower_ in ("for", "of") and token.lemma_.casefold() not in ("one",):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects and objects[0].ent_type_ not in ("GPE", "LOC", "DATE"):
                clauses = {t.i for c in objects[0].children if c.dep_ in ("relcl", "acl") for t in c.subtree}
                keep.update(t.i for t in child.subtree if t.i not in clauses)
    doc = token.doc
    if within is not None:
        keep &= within | {token.i}
    words = [doc[i] for i in sorted(keep)]
    while words and (
        words[0].dep_ == "det" or words[0].is_punct or (words[0].dep_ == "poss" and words[0].pos_ != "NOUN")
    ):
        words = words[1:]
    return _strip_possessive(_spaced(words))


def _spaced(words: list[Token]) -> str:
    """Words of a sentence, some left out, as text: a space where the text has one, and where a
    word left out stood ("the United Nation’s peacekeeping mission" without its "’s")."""
    text = [
        t.text + (" " if t.whitespace_ or t.i + 1 != after.i else "")
        for t, after in itertools.pairwise(words)
    ]
    return ("".join(text) + (words[-1].text if words else "")).strip()


def _strip_possessive(text: str) -> str:
    text = re.sub(r"^(?:the|The|a|A|an|An)\s+", "", text.strip(' ,“”"«»'))
    if re.match(r"[a-z][\w -]*['’]s\s", text):
        return text  # a common noun's ("military's media wing"), kept by `_phrase`
    if re.match(r"[\w .-]+?s['’]\s+[A-Z]", text):
        return text  # a plural's inside a name ("Sudan Doctors’ Network", "Kurdistan Workers' Party")
    office = re.match(r"[\w .-]*?(\w+)['’]s\s+[A-Z]", text)
    if office and office[1].casefold() in TITLES | OFFICE_HOLDERS:
        return text  # an office's name ("Ecuadorian Prosecutor’s Office", "Governor's Office")
    stripped = re.sub(r"^[\w .-]+?['’]s?\s+(?=\S)", "", text)
    return stripped if stripped and stripped != text and len(stripped.split()) >= 1 else text


def _clean(name: str) -> str:
    return _strip_possessive(re.sub(r"\s+", " ", name)).strip(" ,.;:")


def speech_events(sent: Span, speakers: Speakers, quotes: list[tuple[int, int]] | None = None) -> list[Event]:
    """The speech events of a sentence with their resolved speakers, in order."""
    quotes = quotes or []
    events: list[Event] = []
    for token in sent:
        lemma = token.lemma_.casefold()
        tolls = lemma in TOLL_VERBS and toll_object(token) is not None
        asserts = token.pos_ == "VERB" and lemma not in SPEECH_VERBS and _asserts(token)
        cites = lemma == "cite" and _as_saying(token)  # "TASS cited the FSB as saying"
        if token.pos_ in ("VERB", "AUX") and (lemma in SPEECH_VERBS or tolls or asserts or cites):
            if lemma == "put" and not tolls:
                continue
            if lemma == "claim" and any(c.dep_ == "dobj" and c.lemma_ == "life" for c in token.children):
                continue  # "the attack claimed nine lives": a killing, not a statement
            told = [c for c in token.children if c.dep_ == "dobj" and c.lemma_ in EVENT_NOUNS]
            saying = any(c.dep_ in ("advcl", "xcomp") and c.lemma_ in SPEECH_VERBS for c in token.children)
            if lemma == "claim" and told and any(c.dep_ == "relcl" for c in told[0].subtree) and not saying:
                # "the group claimed an ambush that killed nine soldiers": the ambush is claimed,
                # the toll told by whoever tells of it
                continue
            if lemma in SPEECH_VERBS or asserts:
                subject, within = _speaker_token(token, sent, quotes)
            else:  # a toll changed by someone: only a subject of its own, or its speech verb's
                subject, within = _subject(token), None
                if subject is not None and (_noun_field(subject) or subject.lemma_.casefold() in NOT_PEOPLE):
                    continue  # "the latest death brought to five the number of ...": no one speaks
            if subject is not None:
                subject = _who_speaks(token, subject)
            if subject is None or (lemma in PERCEPTION_VERBS and _place_or_time(subject)):
                continue
            if lemma in ("count", "show", "quote", "record") and subject.pos_ == "PRON":
                continue
            quoted = [c for c in token.children if c.dep_ in ("advcl", "xcomp") and c.lemma_ == "quote"]
            # "Local media quoted the ministry of the interior as saying ...": the quoted speaks
            if lemma in ("quote", "cite") and _as_saying(token):
                quoted = [token]
            via = _via(token)
            if quoted:
                objects = [c for c in quoted[0].children if c.dep_ == "dobj"]
                if objects:
                    outlet = speakers.of_phrase(subject, within=within)
                    speaker = speakers.of_phrase(objects[0], via=outlet.name if outlet else "")
                    if speaker is not None:
                        events.append(Event(speaker, token))
                        continue
            if subject.lower_ in FIRST_PERSON:
                events.append(Event(speakers.outlet, token, first_person=True))
                continue
            if any(c.lower_ == "no" for c in subject.children):
                continue  # "No group claimed responsibility": nobody speaks
            joint = [c for c in subject.children if c.dep_ == "conj" and c.pos_ == "PROPN"]
            if subject.pos_ == "PROPN" and joint:  # "President X and Minister Y in separate statements"
                for each in (subject, *joint):
                    speaker = speakers.of_phrase(each, via=via)
                    if speaker is not None:
                        events.append(Event(speaker, token))
                continue
            speaker = speakers.of_phrase(subject, via=via, within=within)
            if speaker is not None:
                events.append(Event(speaker, token))
        elif token.lower_ == "according":
            to = [c for c in token.children if c.lower_ == "to"]
            if not to and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to":
                to = [token.doc[token.i + 1]]
            objects = [c for c in to[0].children if c.dep_ == "pobj"] if to else []
            if objects:
                speaker = speakers.of_phrase(objects[0])
                if speaker is not None:
                    events.append(Event(speaker, token))
    return events


def _as_saying(verb: Token) -> bool:
    """ "quoted the ministry as saying", "cited the FSB as saying": the object speaks."""
    return any(
        c.dep_ == "prep" and c.lower_ == "as" and any(g.lemma_ in SPEECH_VERBS for g in c.children)
        for c in verb.children
    )


# what happened, which never speaks: a speech verb whose subject the parse makes one of these
EVENT_NOUNS = _words(
    "attack assault incident strike airstrike raid explosion blast bombing shelling ambush clash operation"
)


# a verb of seeing speaks for whoever saw; a place or a time that "witnessed" or "saw" something
# ("Wad Alnoura village ... witnessed a genocide", "Benin and Togo have seen an increase") is where
# or when it happened, and no speaker
PERCEPTION_VERBS = _words("see witness observe")


def _place_or_time(subject: Token) -> bool:
    return subject.ent_type_ in ("GPE", "LOC", "FAC", "DATE") or (
        subject.pos_ in ("NOUN", "PROPN") and subject.lemma_.casefold() in PLACE_WORDS
    )


def _who_speaks(verb: Token, subject: Token) -> Token | None:
    """The subject that speaks: a relative pronoun is the noun its clause describes ("a soldier who
    said"); an event is no speaker: the parse that makes "the explosion" the subject of "said" in
    "a soldier who said he saw the explosion said ..." has hung the real speaker above it, the noun
    whose relative clause the verb sits in (none found: no speaker)."""
    if subject.tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
        described = verb.head
        # "an official, speaking on condition of anonymity, who gave a death toll": the parse
        # hangs the clause on the aside's last noun; the speaker is the noun before the aside
        if described.lemma_.casefold() in ASIDE_NOUNS:
            aside = next((h for h in heads(described)[1:] if h.lemma_ == "speak"), None)
            before = (
                [t for t in described.doc[: aside.left_edge.i] if t.pos_ in ("NOUN", "PROPN")]
                if aside
                else []
            )
            return before[-1] if before else None
        return described
    if subject.lemma_.casefold() not in EVENT_NOUNS or subject.pos_ != "NOUN":
        return subject
    node = verb
    for _ in range(8):
        if node.dep_ == "relcl" and node.head.pos_ in ("NOUN", "PROPN") and node.head.i < subject.i:
            return node.head
        if node.head.i == node.i:
            break
        node = node.head
    return None


ASIDE_NOUNS = _words("anonymity condition name")  # "speaking on condition of anonymity"


def heads(token: Token) -> list[Token]:
    """The token and every token above it in the parse."""
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < 40:
        chain.append(chain[-1].head)
    return chain


NP_WORDS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "CCONJ", "PART", "ADP", "PUNCT", "PRON"})
CLAUSE_WORDS = frozenset({"but", "while", "whereas", "although", "though", "yet"})


def _speaker_token(
    verb: Token, sent: Span, quotes: list[tuple[int, int]]
) -> tuple[Token | None, set[int] | None]:
    """The token naming who speaks, and the tokens its name may use (None: any). The parse's
    subject when it is a name or sits right before the verb; else the noun phrase between the
    last comma (or quote) and the verb ("..., a district official said"), whose inner parse is
    used but not its attachment (parsers often hang such a phrase on the noun before the comma)."""

    def quoted(token: Token) -> bool:
        return any(q[0] <= token.idx < q[1] for q in quotes)

    doc = verb.doc
    capital = _capital_subject(verb)
    if capital is not None:  # "IS claimed that ...": the parse read the name as the verb "is"
        return capital, None
    if any(c.dep_ == "auxpass" for c in verb.children):  # "was confirmed dead": only an agent speaks
        return _subject(verb), None
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and quoted(c) == quoted(verb)]
    agents = [o for c in verb.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    counted = [s for s in subjects if any(c.dep_ == "nummod" for c in s.children) or _word_field(s)]
    if agents and subjects and counted == subjects:
        return agents[0], None  # "47 wounded reported early Wednesday by the network": the agent speaks
    names = [s for s in subjects if s.pos_ == "PROPN" or s.ent_type_ in ("PERSON", "ORG")]
    if names:
        return min(names, key=lambda s: abs(s.i - verb.i)), None
    end = verb.i - 1
    while end >= sent.start and (
        doc[end].pos_ in ("ADV", "AUX") or doc[end].dep_ in ("aux", "neg", "advmod")
    ):
        end -= 1
    start = end
    while (
        start >= sent.start
        and (doc[start].pos_ in NP_WORDS or doc[start].dep_ in ("amod", "compound", "npadvmod", "nmod"))
        and doc[start].text not in (",", ";", ":")
        and not (doc[start].is_quote or doc[start].text in QUOTE_OPEN + QUOTE_CLOSE)
    ):
        start -= 1
    boundary = doc[start] if start >= sent.start else None
    span = [t for t in doc[start + 1 : end + 1]] if end >= start + 1 else []
    # a clause opened by "but" or "while" starts a new phrase, as a comma does
    opened = [n for n, t in enumerate(span) if t.lower_ in CLAUSE_WORDS]
    if opened:
        boundary, span = span[opened[-1]], span[opened[-1] + 1 :]
    left_phrase = bool(span) and (
        boundary is None
        or boundary.text == ","
        or boundary.text in QUOTE_CLOSE
        or boundary.lower_ in CLAUSE_WORDS
    )
    if (
        not span
        and not subjects
        and boundary is not None
        and (boundary.text == "," or boundary.text in QUOTE_CLOSE)
        and verb.lemma_ != "tell"  # "..., told Reuters": whom one tells never speaks
    ):
        # inverted: "..., reported the Iraqi Security Media Cell", "..., added the statement"
        after = [
            c
            for c in verb.rights
            if c.dep_ in ("nsubj", "dobj", "attr", "npadvmod")
            and c.pos_ in ("NOUN", "PROPN")
            and c.ent_type_ not in ("DATE", "TIME")  # "announced Tuesday, September 5 the general staff"
        ]
        if after:
            return after[0], None
    if not span and not subjects and boundary is not None and boundary.text == ",":
        named = _named_before(boundary)
        if named is not None:  # "..., Mohammed Hassen, head of Dubti Hospital in Afar, told Reuters"
            return named, None
    if subjects and (not left_phrase or any(s.i in {t.i for t in span} for s in subjects)):
        return min(subjects, key=lambda s: abs(s.i - verb.i)), None
    if left_phrase:
        inside = {t.i for t in span}
        roots = [t for t in span if t.head.i not in inside or t.head.i == t.i]
        nouns = [t for t in roots if t.pos_ in ("NOUN", "PROPN", "PRON")]
        if nouns:
            return nouns[-1], inside
    if subjects:
        return min(subjects, key=lambda s: abs(s.i - verb.i)), None
    return _subject(verb), None


# verbs that take a clause but assert nothing of it (a wish, a fear, an order, a cause)
NOT_ASSERTING = _words(
    "be have do fear hope want wish expect ensure make mean seem appear ask doubt demand order urge "
    "need try plan decide agree suggest think believe suspect feel worry pray know learn hear see "
    "let help cause prove turn become remain prevent"
)


def _asserts(verb: Token) -> bool:
    """A speech verb by the parse, not by a list: a finite verb with a clausal complement ("that
    54 troopers had been killed") whose subject can speak (a person, an organisation, a pronoun,
    a noun naming a kind of source: "Benin's authorities admitted that ..."), unless the verb
    asserts nothing of the clause (a wish, a fear, an order)."""
    if verb.lemma_.casefold() in NOT_ASSERTING or verb.tag_ not in ("VBD", "VBZ", "VBP", "VBN"):
        return False
    clauses = [c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i]
    if not clauses or not any(
        any(g.dep_ in ("nsubj", "nsubjpass", "mark") for g in c.children) for c in clauses
    ):
        return False
    subject = _subject(verb)
    if subject is None:
        return False
    if subject.pos_ == "PRON":
        return subject.lower_ in PERSON_PRONOUNS | GROUP_PRONOUNS
    return (
        subject.ent_type_ in ("PERSON", "ORG")
        or source_type(_phrase(subject)) != "other"
        or subject.lemma_ in PEOPLE
    )


def _all_caps(token: Token) -> bool:
    return len(token.text) >= 2 and token.text.isalpha() and token.text.isupper()


def _capital_subject(verb: Token) -> Token | None:
    """A name in capitals the parse read as an auxiliary ("IS claimed that 40 members ...": "IS"
    as the verb "is", the speech verb left with no subject): an all-caps word hung on the verb as
    its auxiliary, before it, first in its clause (after nothing, a punctuation mark or "and" /
    "but"), when the verb has no subject of its own."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None
    for child in verb.children:
        if child.dep_ not in ("aux", "auxpass") or child.i > verb.i or not _all_caps(child):
            continue
        before = child.doc[child.i - 1] if child.i > child.sent.start else None
        if before is None or before.is_punct or before.is_quote or before.lower_ in ("and", "but"):
            return child
    return None


def _named_before(comma: Token) -> Token | None:
    """The name before a title set off by commas, right before a speech verb that has no subject
    in the parse: "..., Mohammed Hassen, head of Dubti Hospital in Afar, told Reuters": the title's
    words lead up the parse to their apposition, whose head is the name."""
    node = comma.doc[comma.i - 1]
    for _ in range(8):
        if node.dep_ == "appos" and node.head.i < node.i and node.head.pos_ == "PROPN":
            if node.head.ent_type_ in ("PERSON", "ORG"):
                return node.head
            break
        if node.head.i == node.i or node.head.i > comma.i or node.head.text == ",":
            break
        node = node.head
    # the parse lost the title's attachment ("..., Dedesi Mitima head of the Lac Vert
    # neighbourhood to the west of Goma, told AFP"; "..., the Chairman, Gwer West Traditional
    # Council, Daniel Abomtse, said"): a person's name that opens the phrase between the comma
    # before and this one
    start = comma.i - 1
    while (
        start > comma.sent.start
        and comma.doc[start - 1].text not in (",", ";")
        and not comma.doc[start - 1].is_quote
    ):
        start -= 1
    opening = comma.doc[start]
    if opening.ent_type_ == "PERSON" and opening.ent_iob_ == "B":
        end = opening.i
        while end + 1 < comma.i and comma.doc[end + 1].ent_iob_ == "I":
            end += 1
        return comma.doc[end]
    return None


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in ("nsubj", "expl"):
            return child if child.dep_ == "nsubj" else None
    for child in verb.children:
        if child.dep_ == "agent":
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    # "in a statement, the group said" parses fine; "the army said, adding that ...": the adding
    # verb's subject is its head's
    if (
        verb.dep_ == "advcl"
        and verb.tag_ == "VBG"
        and verb.lemma_ in SPEECH_VERBS
        and verb.head.i != verb.i
        and verb.head.pos_ == "VERB"
    ):
        # "The Israeli security forces described the action as ..., stating that": a participle's
        # subject is its clause's, whatever that clause's verb (not the dead: "the dead included
        # a woman, adding that" is the parser's misreading)
        inherited = _subject(verb.head)
        if (
            inherited is not None
            and not _noun_field(inherited)
            and inherited.lemma_ not in ("victim", "casualty")
        ):
            return inherited
    if verb.dep_ in ("advcl", "conj", "xcomp") and verb.tag_ in ("VBG", "VBD", "VBZ", "VB"):
        return _subject(verb.head) if verb.head.i != verb.i and verb.head.lemma_ in SPEECH_VERBS else None
    return None


def _via(verb: Token) -> str:
    """The outlet a speaker told: "told AFP", "told the AFP news agency", "told Reuters"."""
    if verb.lemma_ != "tell":
        return ""
    for child in verb.children:
        if child.dep_ in ("dobj", "dative", "iobj") or (child.dep_ == "prep" and child.lower_ == "to"):
            for token in child.subtree:
                if token.ent_type_ == "ORG":
                    doc = token.doc
                    start, end = token.i, token.i + 1
                    while start > 0 and doc[start].ent_iob_ == "I":
                        start -= 1
                    while end < len(doc) and doc[end].ent_iob_ == "I":
                        end += 1
                    return re.sub(r"^the\s+", "", doc[start:end].text, flags=re.I)
    return ""


def speaker_above(token: Token, events: list[Event]) -> Event | None:
    """The speech event nearest above the token in the parse: a speech verb among its heads, or an
    "according to" attached to one of them."""
    by_verb = {e.verb.i: e for e in events}
    node = token
    for _ in range(40):
        if node.i in by_verb and by_verb[node.i].verb.lower_ != "according":
            return by_verb[node.i]
        for child in node.children:
            if child.i in by_verb and child.lower_ == "according":
                return by_verb[child.i]
        if node.head.i == node.i:
            break
        node = node.head
    return None


def quote_spans(text: str) -> list[tuple[int, int]]:
    """The quoted stretches of a paragraph (opening to closing mark), the outermost only; a quote
    left open runs to the paragraph's end. A straight quote opens after a space or the start and
    closes elsewhere, so that a word quoted inside a quote ('12 were "neutralized" and') nests."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for i, ch in enumerate(text):
        before = text[i - 1] if i else " "
        if ch == '"':
            opening = before.isspace() or before in "([—–-" or i == 0
        elif ch in "“«":
            opening = True
        elif ch in "”»":
            opening = False
        else:
            continue
        if opening:
            if depth == 0:
                start = i
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append((start, i + 1))
    if depth:
        spans.append((start, len(text)))
    return spans


def claims_of(figures: Iterable[Figure]) -> Iterator[Figure]:
    """The figures that fill a field (parts of a toll after their toll)."""
    for figure in figures:
        if figure.field:
            yield figure


def readable(raw: str) -> bool:
    return parse_count(raw).parsed


# --- who did it, who claims it, who the victims were ---------------------------------------------------

ATTACK_VERBS = _words(
    "attack target storm ambush stop bomb raid strike hit shell fire open abduct kidnap kill shoot "
    "murder carry massacre execute behead slaughter assassinate wound injure torch burn offload"
)
VICTIM_SUBJECTS = frozenset({"dead", "victims", "deceased", "those", "killed"})
PEOPLE = frozenset({"people", "person", "individual", "man", "woman", "other", "member"})
KIN = _words(
    "mother father wife husband son daughter brother sister child baby infant grandmother grandfather"
    " stepfather stepmother stepson stepdaughter sibling nephew niece cousin uncle aunt grandson"
    " granddaughter grandchild"
)


def _plain(token: Token) -> str:
    """A noun phrase's words without its clauses, appositions and trailing punctuation."""
    cut: set[int] = set()
    for t in token.subtree:
        if t.dep_ in ("relcl", "appos", "acl") and t.head.i == token.i and t.dep_ != "acl":
            cut.update(x.i for x in t.subtree)
    words = [t for t in token.subtree if t.i not in cut]
    comma = next((n for n, t in enumerate(words) if t.text == "," and t.i > token.i), None)
    if comma is not None:
        words = words[:comma]
    while words and (words[-1].is_punct or words[-1].dep_ in ("cc",)):
        words = words[:-1]
    while words and (words[0].is_punct or words[0].dep_ == "det"):
        words = words[1:]
    return "".join(t.text_with_ws for t in words).strip()


def other_claims(
    sent: Span, figures: list[Figure], vocab: Vocabulary, speaker: Speaker, attributed: bool
) -> list[Claim]:
    """Perpetrators, claims and denials of responsibility, and who the victims were, in one
    sentence, for the speaker it is attributed to (`attributed`: a speaker other than the outlet)."""
    found: list[Claim] = []
    if attributed:  # whom a statement blames: "pledged that the attackers would not get away"
        for token in sent:
            victim = token.dep_ in ("nsubjpass", "dobj") and token.head.lemma_ in KILL_VERBS | HURT_VERBS
            counted = any(c.dep_ == "nummod" for c in token.children)
            possessed = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in token.children)
            if (
                token.dep_ in ("nsubj", "nsubjpass", "dobj")
                and token.pos_ in ("NOUN", "PROPN")
                and not (victim or counted or possessed)
            ):
                raw = _plain(token)
                refs = parse_actors(raw, vocab) if raw and len(raw) < 60 else ()
                if (
                    refs
                    and all(r.side == "non_state" for r in refs)
                    and not (token.head.lemma_ in SPEECH_VERBS and token.dep_ == "nsubj")
                ):
                    found.append(Claim("perpetrator", raw, 0.6, token.idx))
    for token in sent:
        lemma = token.lemma_.casefold()
        if token.pos_ != "VERB":
            continue
        if lemma in ATTACK_VERBS:
            for child in token.children:
                actor = None
                if child.dep_ == "agent":
                    objects = [c for c in child.children if c.dep_ == "pobj"]
                    actor = objects[0] if objects else None
                elif child.dep_ == "nsubj":
                    actor = child
                if actor is None or actor.pos_ not in ("NOUN", "PROPN"):
                    continue
                owner = of_object(actor) if actor.lemma_ in ("fighter", "member") else None
                if owner is not None:  # "the fighters of the BLA"
                    refs = parse_actors(_plain(owner), vocab)
                    if refs and not refs[0].generic:
                        found.append(Claim("perpetrator", refs[0].name, 0.7, actor.idx))
                        continue
                if actor.lemma_ in ("fighter", "mujahideen", "mujahid") and any(
                    c.dep_ == "poss" and c.pos_ == "PRON" for c in actor.children
                ):
                    if speaker.source_type == "armed_group":
                        found.append(Claim("perpetrator", speaker.name, 0.7, actor.idx))
                    continue
                raw = _plain(actor)
                refs = parse_actors(raw, vocab) if raw else ()
                if refs and all(r.side is not None or r.nobody for r in refs) and len(raw) < 80:
                    found.append(Claim("perpetrator", raw, 0.7, actor.idx))
            if lemma == "target" and token.tag_ in ("VBD", "VBN"):
                objects = [c for c in token.children if c.dep_ == "dobj"]
                if objects:
                    who = _plain(objects[0])
                    if parse_victims(who) is not None:
                        found.append(Claim("victims", who, 0.75, objects[0].idx))
        if lemma == "claim":
            subject = _subject(token)
            objects = [c for c in token.children if c.dep_ == "dobj"]
            about = objects and (
                objects[0].lemma_ in ("responsibility", "attack", "one", "assault", "bombing", "killing")
            )
            if subject is not None and about:
                if any(c.lower_ == "no" for c in subject.children):
                    found.append(Claim("claimed_by", "no one", 0.7, subject.idx))
                elif speaker.source_type == "armed_group":
                    found.append(Claim("claimed_by", speaker.name, 0.8, subject.idx))
        if lemma == "deny":
            subject = _subject(token)
            objects = [c for c in token.children if c.dep_ == "dobj"]
            if subject is not None and objects and objects[0].lemma_ in ("responsibility", "involvement"):
                found.append(Claim("denied_by", _clean(_plain(subject)), 0.7, subject.idx))
    for token in sent:
        # "the dead were innocent citizens"
        if token.lemma_ == "be":
            subjects = [
                c
                for c in token.children
                if c.dep_ == "nsubj" and (c.lower_ in VICTIM_SUBJECTS or _of_victims(c))
            ]
            attrs = [c for c in token.children if c.dep_ in ("attr", "acomp")]
            if subjects and attrs:
                who = _plain(attrs[0])
                if parse_victims(who) is not None:
                    found.append(Claim("victims", who, 0.75, attrs[0].idx))
        # "passengers from the north were identified and shot"
        if token.dep_ == "nsubjpass" and token.pos_ == "NOUN" and not any(c.like_num for c in token.children):
            verbs = [token.head, *token.head.conjuncts]
            named = parse_victims(token.text) is not None or token.lemma_ in PEOPLE
            if named and any(v.lemma_ in KILL_VERBS for v in verbs) and token.lower_ not in VICTIM_SUBJECTS:
                who = _plain(token)
                if parse_victims(who) is not None and not re.match(r"(?:several|some|many)\b", who):
                    found.append(Claim("victims", who, 0.7, token.idx))
    if not any(c.field == "victims" for c in found):  # "12 rebel fighters were killed": who they were
        for figure in figures:
            if (
                figure.field.startswith("killed_")
                and figure.noun is not None
                and not _is_part(figure, figures)
            ):
                found.append(Claim("victims", _words_of(figure.noun, figure), 0.7, figure.start))
                break
    for figure in figures:
        if figure.parts and figure.noun is not None and parse_victims(figure.noun.text) is None:
            nouns = [p.noun for p in figure.parts if p.noun is not None and p.field]
            if len(nouns) >= 2:
                who = " and ".join(_plain_noun(n) for n in nouns)
                found.append(Claim("victims", who, 0.7, figure.start))
    nobody = re.match(
        r"^No (?:group|one|organi[sz]ation)\s+(?:has\s+)?(?:yet\s+|immediately\s+)?claimed", sent.text
    )
    if nobody and not any(c.field == "claimed_by" for c in found):
        found.append(Claim("claimed_by", "no one", 0.7, sent.start_char))
    return found


def _of_victims(token: Token) -> bool:
    """ "most of the dead", "all of the victims"."""
    owner = of_object(token)
    return owner is not None and owner.lower_ in VICTIM_SUBJECTS


def _is_part(figure: Figure, figures: list[Figure]) -> bool:
    return any(figure in other.parts for other in figures)


def _plain_noun(noun: Token) -> str:
    return " ".join([t.text for t in noun.lefts if t.dep_ in ("compound", "amod")] + [noun.text])
