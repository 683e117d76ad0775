"""Event-type taxonomies: the codebooks of event datasets (UCDP GED's types of violence, ACLED's
event and sub-event types old and new, the GTD's attack types, a newsroom's own codes) on shared
categories, coarsest first, so that "one-sided violence" and "Violence against civilians" are
read as one kind of event.

Owns the built-in taxonomy (`data/taxonomy.yaml`), reading a user's file of the same shape
(`--taxonomy FILE`, which adds to or overrides its entries), the categories of a written type,
and how far two types' categories agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from reconcile.errors import InputError, Problem
from reconcile.values import events
from reconcile.values.text import fold

ANY = "*"  # a level the codebook's type does not say
EXAMPLE_TYPE = "ambush on patrol: [political violence, armed conflict]"
EXAMPLE = f"levels: [violence, who against whom, form]\ntypes:\n  {EXAMPLE_TYPE}"


@dataclass(frozen=True)
class Taxonomy:
    """Shared levels (names, coarsest first) and each written type's categories, level by level
    (keys folded: case and spacing do not matter)."""

    levels: tuple[str, ...]
    types: Mapping[str, tuple[str, ...]] = field(hash=False)

    def categories(self, written: str) -> tuple[str, ...] | None:
        """The categories of a type as written: by the whole, else by what stands before a colon
        (ACLED's event type before its sub-event type); None where the taxonomy lacks it."""
        found = self.types.get(fold(written))
        if found is None and ":" in written:
            found = self.types.get(fold(written.partition(":")[0]))
        return found


def describe_taxonomy() -> str:
    """The page `reconcile docs taxonomy` prints: how types are compared, the shape of a
    `--taxonomy` file, and the built-in taxonomy itself."""
    text = resources.files("reconcile.values").joinpath("data", "taxonomy.yaml").read_text("utf-8")
    return (
        "# Event-type taxonomies\n\n"
        "Records of event datasets name their event types in their codebooks' words. The taxonomy\n"
        "puts each type on shared levels, coarsest first; two types agree as deep as their levels\n"
        "are alike, and deeper agreement is stronger evidence (`reconcile docs evidence`, kind\n"
        "`event`). A level a type leaves open is written `*`. Types are read as written, case and\n"
        "spacing aside; `Battles: Armed clash` by the whole, else by `Battles`.\n\n"
        "`--taxonomy FILE` (for `match` and `report`) adds a newsroom's own codes, or overrides\n"
        "built-in ones, in the same shape:\n\n"
        f"```yaml\n{EXAMPLE}\n```\n\n"
        "The built-in taxonomy (reconcile/values/data/taxonomy.yaml):\n\n"
        f"```yaml\n{text.rstrip()}\n```\n"
    )


def agreement(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[int, int | None]:
    """How far two types' categories agree: the deepest level (1-based) both name alike before
    any differs, and the level at which they first differ (None where none does). A level either
    leaves open ("*") neither agrees nor differs; nor do two forms of which the tree of event
    types holds one within the other (an armed assault and a targeted killing)."""
    deepest = 0
    for level, (x, y) in enumerate(zip(first, second, strict=False), start=1):
        if ANY in (x, y) or _one_within_the_other(x, y):
            continue
        if x != y:
            return deepest, level
        deepest = level
    return deepest, None


def _one_within_the_other(x: str, y: str) -> bool:
    types = events.types()
    return x != y and x in types and y in types and events.relation(types[x], types[y]) == "compatible"


@cache
def builtin() -> Taxonomy:
    text = resources.files("reconcile.values").joinpath("data", "taxonomy.yaml").read_text("utf-8")
    return _taxonomy("taxonomy.yaml", yaml.safe_load(text), None)


def load_taxonomy(path: str | Path | None) -> Taxonomy:
    """The built-in taxonomy, with a user's file over it where one is given."""
    if path is None:
        return builtin()
    from reconcile.values.vocab import read_yaml_mapping

    document = read_yaml_mapping(Path(path), "taxonomy", EXAMPLE)
    return _taxonomy(str(path), document, builtin())


def _taxonomy(name: str, document: Any, base: Taxonomy | None) -> Taxonomy:
    def problem(message: str, fix: str = f"for example:\n{EXAMPLE}") -> InputError:
        return InputError([Problem(name, message, fix)])

    if not isinstance(document, dict) or not isinstance(document.get("types"), dict):
        raise problem("a taxonomy is a mapping with `types:` (each type and its categories)")
    unknown = sorted(set(document) - {"levels", "types"})
    if unknown:
        raise problem(f"unknown key {unknown[0]!r}", "a taxonomy has only `levels:` and `types:`")
    levels = document.get("levels", list(base.levels) if base else None)
    if not isinstance(levels, list) or not levels or not all(isinstance(x, str) and x for x in levels):
        raise problem("`levels:` must list the names of the shared levels, coarsest first")
    types = dict(base.types) if base else {}
    for written, categories in document["types"].items():
        if (
            not isinstance(categories, list)
            or not 1 <= len(categories) <= len(levels)
            or not all(isinstance(c, str) and c.strip() for c in categories)
            or categories[0] == ANY
        ):
            raise problem(
                f"type {str(written)!r}: its categories must be a list of 1 to {len(levels)} names,"
                " the first not '*'",
                f"list them coarsest first, '*' for a level the type leaves open: {EXAMPLE_TYPE}",
            )
        types[fold(str(written))] = tuple(fold(c) if c != ANY else ANY for c in categories)
    return Taxonomy(tuple(str(x) for x in levels), types)
