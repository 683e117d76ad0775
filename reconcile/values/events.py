"""Event types: "IED blast", "bomb blast" and "explosion" name one kind of event.

Owns the tree of event types (`data/event_types.yaml`), reading a phrase as the most specific
type whose words it holds, and the relation between two types: the same type agrees, one within
the other is compatible ("shooting" and "targeted killing"), anything else conflicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import yaml

from reconcile.values.text import fold


@dataclass(frozen=True)
class EventType:
    name: str
    path: tuple[str, ...]  # from the root of the tree down to this type


@cache
def _tree() -> tuple[dict[str, EventType], list[tuple[str, EventType]]]:
    text = resources.files("reconcile.values").joinpath("data", "event_types.yaml").read_text("utf-8")
    types: dict[str, EventType] = {}
    words: list[tuple[str, EventType]] = []

    def walk(node: dict[str, Any], parents: tuple[str, ...]) -> None:
        for name, spec in node.items():
            event_type = EventType(name, (*parents, name))
            types[name] = event_type
            for word in [name, *spec.get("words", [])]:
                words.append((fold(word), event_type))
            walk(spec.get("within") or {}, event_type.path)

    walk(yaml.safe_load(text), ())
    return types, words


def types() -> dict[str, EventType]:
    """The types of the tree by name."""
    return _tree()[0]


@cache
def classify(phrase: str) -> EventType | None:
    """The most specific type whose words appear, as whole words, in the phrase."""
    folded = " " + re.sub(r"[^\w]+", " ", fold(phrase)).strip() + " "
    found = [t for word, t in _tree()[1] if f" {word} " in folded]
    if not found:
        return None
    return max(found, key=lambda t: (len(t.path), t.name))


def relation(a: EventType, b: EventType) -> str:
    if a == b:
        return "agree"
    if a.path[: len(b.path)] == b.path or b.path[: len(a.path)] == a.path:
        return "compatible"
    return "conflict"


# what lasts for years, not a day: a toll a text gives "the insurgency" or "the conflict" in the
# perfect ("has killed more than 350,000 people") is the conflict's, not one incident's. Kept out:
# words a report of one day's events uses as well ("violence", "fighting", "clashes")
PROTRACTED = frozenset(
    {"war", "conflict", "insurgency", "insurrection", "rebellion", "uprising", "struggle", "crisis", "jihad"}
)
