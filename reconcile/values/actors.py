"""Actors: who did it, who claims it, who denies it; alias-aware.

Owns recognising actors in a phrase ("BLA terrorists" names the Balochistan Liberation Army,
"the Sudanese army" the state of Sudan), telling named groups and states from generic words
("gunmen", "security forces") and from names the vocabulary does not know, and the relation
between two actor values:

- the same actor, under any of its names (every organ of one state is that state): agree;
- a group and the group or state it is a branch or affiliate of (ISWAP and Islamic State):
  compatible;
- a generic word and a named actor on the same side: compatible; so is a generic word for a
  state's forces ("security forces") and a group within a state (the VDP within Burkina Faso,
  Wagner within Russia): state-backed, on the state's side;
- a name the vocabulary does not know: compared as text, "agree" when the two fold to one,
  else "differs" (compatible beside a generic word), never a conflict: it may be an alias;
- different named groups, different states, or a state against a non-state actor: conflict.

Recognition reads a phrase's words once against an index (built once per vocabulary, on first
use): its cost is per distinct phrase, whatever the number of names the vocabulary holds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from reconcile.values.states import short, state_name, state_words, tokens
from reconcile.values.text import fold

if TYPE_CHECKING:
    from reconcile.values.vocab import Actor, Vocabulary

NOBODY = frozenset(
    {
        "none",
        "no one",
        "nobody",
        "no group",
        "not claimed",
        "unclaimed",
        "no claim",
        "no claim of responsibility",
        "no one has claimed",
        "no group has claimed",
    }
)
SHORT_ALIAS = 3  # aliases this short (BLA, IS, FC) must appear as written, in capitals, as must
# those a table lists under `as_written` (FACT, MEND: acronyms that are common words)
FUZZY_SHORTEST = 6  # names shorter than this are not looked up by likeness


@dataclass(frozen=True, order=True)
class ActorRef:
    """One actor a phrase names. `within`: the keys of the groups and states it is a branch or
    affiliate of, nearest first; `known`: False for a name the vocabulary does not know."""

    key: str
    name: str
    side: str | None
    generic: bool = False
    within: tuple[str, ...] = ()
    known: bool = True
    state_backed: bool = False  # a state is among `within`

    @property
    def nobody(self) -> bool:
        return self.key == "nobody"


NOBODY_REF = ActorRef("nobody", "no one", None)


@dataclass
class ActorIndex:
    """A vocabulary's actors by their words: `phrases` by folded words, `short` (three letters or
    fewer) by the words as written, countries and organs for states, and each actor's
    affiliations resolved to keys."""

    phrases: dict[tuple[str, ...], Actor] = field(default_factory=dict)
    short: dict[tuple[str, ...], Actor] = field(default_factory=dict)
    longest: int = 1
    states: dict[str, Actor] = field(default_factory=dict)
    within: dict[str, tuple[str, ...]] = field(default_factory=dict)
    whole: dict[str, Actor | None] = field(default_factory=dict)  # None: two names share it
    fuzzy: dict[str, Actor] = field(default_factory=dict)
    fuzzy_keys: list[str] = field(default_factory=list)  # sorted, on first use
    as_written: frozenset[str] = frozenset()  # aliases read only as written, whatever their length
    state_keys: frozenset[str] = frozenset()  # the keys of every state actor

    def add(self, actor: Actor, spelling: str) -> None:
        raw, folded = tokens(spelling)
        if not folded:
            return
        if short(spelling) or spelling in self.as_written:
            self.short[tuple(raw)] = actor
            whole = " ".join(folded)  # a cell that is the short name alone, in any case: that name
            self.whole[whole] = actor if self.whole.get(whole, actor) == actor else None
        else:
            self.phrases[tuple(folded)] = actor
            if len(spelling) >= FUZZY_SHORTEST:
                self.fuzzy[fold(spelling)] = actor
        self.longest = max(self.longest, len(folded))

    def state(self, code: str) -> Actor:
        from reconcile.values.vocab import Actor

        if code not in self.states:
            self.states[code] = Actor(state_name(code), "state", state=code)
        return self.states[code]

    def ref(self, actor: Actor) -> ActorRef:
        key = fold(actor.name)
        within = self.within.get(key, ())
        backed = any(k in self.state_keys for k in within)
        return ActorRef(key, actor.name, actor.side, actor.generic, within, state_backed=backed)


def index_of(vocab: Vocabulary) -> ActorIndex:
    """The vocabulary's actor index, built on first use and kept until an actor is added."""
    if vocab.actor_index is None:
        vocab.actor_index = _build(vocab)
    index: ActorIndex = vocab.actor_index
    return index


def _build(vocab: Vocabulary) -> ActorIndex:
    words = state_words()
    index = ActorIndex(
        as_written=frozenset(vocab.actor_as_written),
        state_keys=frozenset(fold(state_name(code)) for code in words.names),
    )
    for code, organs in sorted(words.organs_of.items()):
        for organ in organs:
            index.add(index.state(code), organ)
    for folded, actor in vocab.actor_by_alias.items():  # the tables' own, after: they take precedence
        index.add(actor, vocab.actor_spelling[folded])
    index.longest = max([index.longest, *(len(k) for k in words.countries)])

    def key_of(name: str) -> str | None:
        raw, folded = tokens(name)
        actor = index.phrases.get(tuple(folded)) or index.short.get(tuple(raw))
        if actor is not None:
            return fold(actor.name)
        code = words.countries.get(tuple(folded)) or words.short_countries.get(tuple(raw))
        return fold(state_name(code)) if code else None

    parents: dict[str, list[str]] = {}
    for actor in vocab.actor_by_alias.values():
        found = [key_of(name) for name in actor.within]
        parents[fold(actor.name)] = [k for k in found if k and k != fold(actor.name)]
    for key in sorted(parents):
        chain: list[str] = []
        pending = list(parents[key])
        while pending:
            parent = pending.pop(0)
            if parent != key and parent not in chain:
                chain.append(parent)
                pending.extend(parents.get(parent, []))
        index.within[key] = tuple(chain)
    return index


def parse_actors(raw: str, vocab: Vocabulary) -> tuple[ActorRef, ...]:
    """The actors a phrase names, sorted; several may be separated by ';'."""
    refs: set[ActorRef] = set()
    for part in re.split(r"[;|]", raw):
        if part.strip():
            refs.update(_parse_one(part.strip(), vocab))
    return tuple(sorted(refs))


def _parse_one(text: str, vocab: Vocabulary) -> list[ActorRef]:
    folded = fold(text)
    if folded in NOBODY:
        return [NOBODY_REF]
    index = index_of(vocab)
    named, generic, countries, organ, other, named_word = _read(text, index)
    states = []
    if countries and not other and (organ or not (named or generic)):
        states = [index.state(code) for code in countries]
    if named_word and generic and generic[0].side == "state":
        generic = []  # "Mahdi Army", "Army of Islam": a group's name we do not know, not a state's army
    chosen = named + states or generic[:1]
    if chosen:
        return [index.ref(a) for a in dict.fromkeys(chosen)]
    if index.whole.get(folded) is not None:
        return [index.ref(index.whole[folded])]  # type: ignore[arg-type]  # not None, just tested
    if len(folded) >= FUZZY_SHORTEST:
        if not index.fuzzy_keys:
            index.fuzzy_keys = sorted(index.fuzzy)
        close = process.extractOne(folded, index.fuzzy_keys, scorer=fuzz.ratio, score_cutoff=90)
        if close is not None:
            return [index.ref(index.fuzzy[close[0]])]
    return [ActorRef(folded, text, None, known=False)]


def _read(text: str, index: ActorIndex) -> tuple[list[Actor], list[Actor], list[str], bool, bool, bool]:
    """A phrase's words, longest name first at each word: the named actors (groups, and states
    by their organs' names), the generic words' actors (longest first), the countries named by
    name or demonym, whether a word for a state's organ is there, whether any other word is, and
    whether one of those is capitalised (a name: "Mahdi Army", "Army of Islam")."""
    raw, folded = tokens(text)
    words = state_words()
    named: list[Actor] = []
    generic: list[tuple[int, int, Actor]] = []
    countries: list[str] = []
    organ = other = named_word = False
    i = 0
    while i < len(folded):
        for n in range(min(index.longest, len(folded) - i), 0, -1):
            spelled, key = tuple(raw[i : i + n]), tuple(folded[i : i + n])
            actor = index.short.get(spelled) or index.phrases.get(key)
            if actor is not None:
                if actor.generic:
                    generic.append((-n, i, actor))
                    organ = organ or actor.side == "state"
                else:
                    named.append(actor)
                break
            code = words.short_countries.get(spelled) or words.countries.get(key)
            if code is not None:
                countries.append(code)
                break
            if key in words.organs:
                organ = True
                break
        else:
            n = 1
            if folded[i] not in words.fillers:
                other = True
                named_word = named_word or raw[i][:1].isupper()
        i += n
    generic_actors = [a for _, _, a in sorted(generic, key=lambda g: g[:2])]
    return named, generic_actors, countries, organ, other, named_word


def _ref_relation(a: ActorRef, b: ActorRef) -> tuple[str, str]:
    """How two actors stand, and why: same, generic, affiliated, unknown or different."""
    if a.key == b.key:
        return "agree", "same"
    if not (a.known and b.known):
        if a.generic or b.generic:
            return "compatible", "generic"
        return "differs", "unknown"
    if a.nobody or b.nobody:
        return "conflict", "different"
    if a.key in b.within or b.key in a.within:
        return "compatible", "affiliated"
    if _backs(a, b) or _backs(b, a):
        return "compatible", "generic"
    if a.side and b.side and a.side != b.side:
        return "conflict", "different"
    if a.generic or b.generic:
        return "compatible", "generic"
    return "conflict", "different"


def _backs(word: ActorRef, group: ActorRef) -> bool:
    """A generic word for a state's forces beside a group within a state (state-backed)."""
    return word.generic and word.side == "state" and group.state_backed


def compare(a: tuple[ActorRef, ...], b: tuple[ActorRef, ...]) -> tuple[str, str]:
    """The relation of two actor values, and why: ("agree", "same"); ("compatible", "generic" or
    "affiliated") when every actor of one has a partner in the other it agrees or is compatible
    with; ("differs", "unknown") when a name the vocabulary does not know stands where a
    conflict would be; else ("conflict", "different"). Symmetric."""
    if {r.key for r in a} == {r.key for r in b}:
        return "agree", "same"
    pairs = {(x, y): _ref_relation(x, y) for x in a for y in b}

    def covered(ok: set[str]) -> bool:
        forward = all(any(pairs[x, y][0] in ok for y in b) for x in a)
        backward = all(any(pairs[x, y][0] in ok for x in a) for y in b)
        return forward or backward

    if covered({"agree", "compatible"}):
        affiliated = any(why == "affiliated" for _, why in pairs.values())
        return "compatible", "affiliated" if affiliated else "generic"
    if covered({"agree", "compatible", "differs"}):
        return "differs", "unknown"
    return "conflict", "different"


def relation(a: tuple[ActorRef, ...], b: tuple[ActorRef, ...]) -> str:
    return compare(a, b)[0]


def unknown_names(refs: tuple[ActorRef, ...]) -> list[str]:
    """The names in a value that the vocabulary does not know, as written."""
    return [r.name for r in refs if not r.known]


def display(refs: tuple[ActorRef, ...]) -> str:
    return "; ".join(r.name for r in refs)
