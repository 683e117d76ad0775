"""Actors: who did it, who claims it, who denies it; alias-aware.

Owns recognising actors in a phrase ("BLA terrorists" names the Balochistan
Liberation Army), telling named groups from generic words ("gunmen",
"security forces"), and the relation between two actor values: the same
group under an alias agrees; a generic word is compatible with a named group
on the same side; different named groups, or state against non-state, conflict.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz import fuzz, process

from reconcile.values.text import fold

if TYPE_CHECKING:
    from reconcile.values.vocab import Vocabulary

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
SHORT_ALIAS = 3  # aliases this short (BLA, IS, FC) must appear as written, in capitals


@dataclass(frozen=True, order=True)
class ActorRef:
    key: str
    name: str
    side: str | None
    generic: bool = False

    @property
    def nobody(self) -> bool:
        return self.key == "nobody"


NOBODY_REF = ActorRef("nobody", "no one", None)


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
    found = [vocab.actor_by_alias[alias] for alias in _aliases_in(text, folded, vocab)]
    named = [a for a in found if not a.generic]
    chosen = named or found[:1]
    if chosen:
        return [ActorRef(fold(a.name), a.name, a.side, a.generic) for a in chosen]
    close = process.extractOne(folded, list(vocab.actor_by_alias), scorer=fuzz.ratio, score_cutoff=90)
    if close is not None:
        actor = vocab.actor_by_alias[close[0]]
        return [ActorRef(fold(actor.name), actor.name, actor.side, actor.generic)]
    return [ActorRef(folded, text, None)]


def _aliases_in(raw: str, folded: str, vocab: Vocabulary) -> list[str]:
    hits = []
    for alias in sorted(vocab.actor_by_alias, key=lambda a: (-len(a), a)):
        if len(alias) <= SHORT_ALIAS:
            spelled = vocab.actor_spelling[alias]
            if re.search(rf"(?<!\w){re.escape(spelled)}(?!\w)", raw):
                hits.append(alias)
        elif re.search(rf"(?<!\w){re.escape(alias)}(?!\w)", folded):
            hits.append(alias)
            folded = folded.replace(alias, " ")
    return hits


def _ref_relation(a: ActorRef, b: ActorRef) -> str:
    if a.key == b.key:
        return "agree"
    if a.nobody or b.nobody:
        return "conflict"
    if a.side and b.side and a.side != b.side:
        return "conflict"
    if a.generic or b.generic:
        return "compatible"
    return "conflict"


def relation(a: tuple[ActorRef, ...], b: tuple[ActorRef, ...]) -> str:
    """Same actors: agree. Every actor of one side has a partner that is not in conflict: compatible."""
    if {r.key for r in a} == {r.key for r in b}:
        return "agree"

    def covered(xs: tuple[ActorRef, ...], ys: tuple[ActorRef, ...]) -> bool:
        return all(any(_ref_relation(x, y) != "conflict" for y in ys) for x in xs)

    return "compatible" if covered(a, b) or covered(b, a) else "conflict"


def display(refs: tuple[ActorRef, ...]) -> str:
    return "; ".join(r.name for r in refs)
