"""The vocabulary behind places and actors: built-in tables plus the user's own.

Owns loading `data/places.yaml`, `data/actors.yaml` and a user's aliases file
(`--aliases`, same shapes under `places:` and `actors:`), and the indexes from
a spelling to its canonical entry. A user's YAML file (aliases, `--fields`) is
checked by the accounts reader's limits first (nesting, alias bombs, keys given
twice), then read with `yaml.safe_load`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from reconcile.errors import InputError, Problem
from reconcile.read import check_yaml
from reconcile.values.places import compact, place_key
from reconcile.values.text import fold

SIDES = ("state", "non_state")


@dataclass(frozen=True)
class Actor:
    """A named group, a state (`state`: its ISO alpha-2 code) or a generic word's unnamed actor;
    `within`: the names of the groups or states it is a branch, wing or affiliate of."""

    name: str
    side: str | None
    generic: bool = False
    within: tuple[str, ...] = ()
    state: str = ""


class PlacePart(NamedTuple):
    """One part of a location as the vocabulary reads it."""

    name: str  # the display name: canonical where the vocabulary knows the part
    key: str
    known: bool
    ancestors: tuple[str, ...]  # keys of the places it lies within, nearest first
    region: bool  # other places lie within it


@dataclass
class Vocabulary:
    """Canonical places and actors, indexed by normalised spelling.

    Places come from three tables: the world's countries and their subdivisions (ISO 3166,
    through pycountry), matched by exact spelling only, since a loose key over five thousand
    names would make villages collide with foreign provinces; then the built-in table and the
    user's, matched by transliteration key, which take precedence over the gazetteer.

    Two places of these tables whose spellings share a key (Sariab in Quetta, Surab in Kalat: the
    skeleton drops vowels) are each known by their own spellings only, and keep keys of their
    own; another spelling of that key is left unknown rather than guessed.
    """

    place_by_key: dict[str, str] = field(default_factory=dict)
    place_within: dict[str, str] = field(default_factory=dict)
    place_by_spelling: dict[str, str] = field(default_factory=dict)  # gazetteer: exact folded spelling
    place_by_compact: dict[str, str] = field(default_factory=dict)  # the tables': exact spelling
    ambiguous_keys: set[str] = field(default_factory=set)  # keys two places of the tables share
    regions: set[str] = field(default_factory=set)  # places other places lie within
    actor_by_alias: dict[str, Actor] = field(default_factory=dict)
    actor_spelling: dict[str, str] = field(default_factory=dict)
    actor_as_written: set[str] = field(default_factory=set)  # aliases read only as written (FACT)
    actor_index: Any = field(default=None, repr=False)  # actors.ActorIndex, built on first use
    _parts: dict[str, PlacePart | None] = field(default_factory=dict, repr=False)
    _ancestor_keys: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def add_place(self, name: str, aliases: list[str], within: str | None) -> None:
        self._forget()
        for spelling in [name, *aliases]:
            key = place_key(spelling)
            if self.place_by_key.get(key, name) != name:
                self.ambiguous_keys.add(key)
            self.place_by_key[key] = name
            self.place_by_compact[compact(spelling)] = name
        if within:
            self.place_within[name] = within
            self.regions.add(within)

    def add_region(self, name: str, spellings: list[str], within: str | None) -> None:
        """A country or subdivision from the gazetteer: known by its exact spellings only."""
        self._forget()
        for spelling in [name, *spellings]:
            if spelling_key(spelling):  # a name of generic words only ("Capital") is no spelling
                self.place_by_spelling.setdefault(spelling_key(spelling), name)
        if within:
            self.place_within.setdefault(name, within)
        self.regions.add(name)

    def add_actor(self, actor: Actor, aliases: list[str]) -> None:
        self.actor_index = None
        for spelling in [actor.name, *aliases]:
            self.actor_by_alias[fold(spelling)] = actor
            self.actor_spelling[fold(spelling)] = spelling

    def canonical_place(self, key: str, spelling: str = "") -> str | None:
        """The canonical name for a place key (transliteration-aware), else for its exact spelling.
        A key two places share is read by the exact spelling only."""
        found = self._table_place(key, spelling)
        if found is None and spelling:
            found = self.place_by_spelling.get(spelling_key(spelling))
        return found

    def _table_place(self, key: str, spelling: str) -> str | None:
        if key in self.ambiguous_keys:
            return self.place_by_compact.get(compact(spelling)) if spelling else None
        return self.place_by_key.get(key)

    def key_of(self, name: str) -> str:
        """The key of a place the vocabulary knows: its place key, made its own where two places
        share that key (`srb=sariab`, `srb=surab`)."""
        key = place_key(name)
        return f"{key}={compact(name)}" if key in self.ambiguous_keys else key

    def _forget(self) -> None:
        self._parts.clear()
        self._ancestor_keys.clear()

    def place_part(self, part: str) -> PlacePart | None:
        """One part of a location: its display name and key (canonical where the vocabulary knows
        it), whether it does, and what it lies within; None for a part without a name.
        Remembered: a million locations are made of far fewer parts."""
        if part not in self._parts:
            key = place_key(part)
            canonical = self.canonical_place(key, part) if key else None
            if not key:
                self._parts[part] = None
            else:
                name = canonical or part
                key = self.key_of(canonical) if canonical else key
                ancestors = self.ancestor_keys(name)
                self._parts[part] = PlacePart(name, key, bool(canonical), ancestors, self.is_region(name))
        return self._parts[part]

    def ancestor_keys(self, name: str) -> tuple[str, ...]:
        if name not in self._ancestor_keys:
            self._ancestor_keys[name] = tuple(self.key_of(a) for a in self.ancestors(name))
        return self._ancestor_keys[name]

    def is_region(self, name: str) -> bool:
        """True for a place that other places lie within (a country, a province, a listed district)."""
        return name in self.regions

    def ancestors(self, name: str) -> list[str]:
        chain: list[str] = []
        current = self.place_within.get(name)
        while current and current not in chain and current != name:
            chain.append(current)
            current = self.place_within.get(self._table_place(place_key(current), current) or current)
        return chain


def spelling_key(name: str) -> str:
    """Exact spelling, romanised and folded: script, accents, case, spaces, generic words
    ("province") and Arabic articles ("al-", "ez-") do not count (`places.compact`)."""
    return compact(name)


def _add_gazetteer(vocab: Vocabulary) -> None:
    """Every country and ISO 3166-2 subdivision, each within its parent subdivision or country."""
    import pycountry

    countries = {c.alpha_2: c.name for c in pycountry.countries}
    for country in pycountry.countries:
        spellings = [getattr(country, a, "") for a in ("official_name", "common_name")]
        vocab.add_region(country.name, [s for s in spellings if s], None)
    names = {s.code: s.name for s in pycountry.subdivisions}
    for subdivision in pycountry.subdivisions:
        parent = names.get(subdivision.parent_code or "") or countries.get(subdivision.country_code)
        vocab.add_region(subdivision.name, [], parent)


@cache
def builtin_table(name: str) -> dict[str, Any]:
    """A built-in table of data/, read once per process (callers only read it), by libyaml's
    safe loader where PyYAML has it (a tenth of the pure-Python loader's time)."""
    text = resources.files("reconcile.values").joinpath("data", name).read_text("utf-8")
    loaded = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # safe loaders
    assert isinstance(loaded, dict)
    return loaded


def load_vocabulary(user_file: str | Path | None = None) -> Vocabulary:
    """The gazetteer and the built-in tables, extended (and overridden) by a user's aliases file."""
    vocab = Vocabulary()
    _add_gazetteer(vocab)
    _add_places(vocab, builtin_table("places.yaml"), "places.yaml")
    _add_actors(vocab, builtin_table("actors.yaml"), "actors.yaml")
    if user_file is not None:
        document = _read_user_file(Path(user_file))
        _add_places(vocab, document.get("places") or {}, str(user_file))
        _add_actors(vocab, document.get("actors") or {}, str(user_file))
    return vocab


def read_yaml_mapping(path: Path, what: str, example: str) -> dict[str, Any]:
    """A user's YAML file that must hold a mapping; an InputError naming the file otherwise."""
    try:
        text = path.read_text("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(
            [Problem(str(path), f"cannot read the {what}: {error}", "give a UTF-8 YAML file")]
        ) from error
    check_yaml(str(path), text)  # nesting, alias bombs, keys given twice: refused before loading
    try:
        document = yaml.safe_load(text)  # safe: no tag can build an object or run code
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(
            [
                Problem(
                    str(path),
                    f"cannot read the {what}: {getattr(error, 'problem', None) or error}",
                    "give a UTF-8 YAML file",
                    line=mark.line + 1 if mark is not None else None,
                )
            ]
        ) from error
    if not isinstance(document, dict):
        raise InputError(
            [Problem(str(path), f"the {what} must be a YAML mapping", f"for example: {example}")]
        )
    return document


def _read_user_file(path: Path) -> dict[str, Any]:
    document = read_yaml_mapping(path, "aliases file", "places: {Kingri: {within: Musakhail}}")
    if not set(document) <= {"places", "actors"}:
        raise InputError(
            [
                Problem(
                    str(path),
                    "an aliases file is a mapping with the sections 'places' and/or 'actors'",
                    "see `reconcile docs aliases`: places: {Name: {aliases: [...], within: Parent}}, "
                    "actors: {named: {Name: {aliases: [...], side: non_state, within: Group}}, "
                    "generic: {...}}",
                )
            ]
        )
    return document


def _as_aliases(spec: Any) -> list[str]:
    if spec is None:
        return []
    if isinstance(spec, str):
        return [spec]
    if isinstance(spec, list):
        return [str(a) for a in spec]
    return [str(a) for a in spec.get("aliases") or []]


def _add_places(vocab: Vocabulary, places: Any, origin: str) -> None:
    if not isinstance(places, dict):
        raise InputError(
            [
                Problem(
                    origin,
                    "'places' must be a mapping of names",
                    "Name: {aliases: [...], within: Parent}",
                )
            ]
        )
    for name, spec in places.items():
        within = spec.get("within") if isinstance(spec, dict) else None
        vocab.add_place(str(name), _as_aliases(spec), str(within) if within else None)


def _add_actors(vocab: Vocabulary, actors: Any, origin: str) -> None:
    if not isinstance(actors, dict):
        raise InputError([Problem(origin, "'actors' must be a mapping", "named: {...}, generic: {...}")])
    named = actors.get("named", {k: v for k, v in actors.items() if k not in ("generic", "as_written")})
    for name, spec in (named or {}).items():
        side = spec.get("side", "non_state") if isinstance(spec, dict) else "non_state"
        if side not in SIDES:
            raise InputError(
                [
                    Problem(
                        origin,
                        f"actor {name!r} has side {side!r}",
                        "use side: state or side: non_state",
                    )
                ]
            )
        within = spec.get("within") if isinstance(spec, dict) else None
        parents = [within] if isinstance(within, str) else list(within or [])
        vocab.add_actor(Actor(str(name), side, within=tuple(str(p) for p in parents)), _as_aliases(spec))
    as_written = actors.get("as_written") or []
    if not isinstance(as_written, list):
        raise InputError([Problem(origin, "'as_written' must be a list of aliases", "as_written: [FACT]")])
    vocab.actor_index = None
    vocab.actor_as_written.update(str(a) for a in as_written)
    for side, words in (actors.get("generic") or {}).items():
        if side not in SIDES:
            raise InputError(
                [Problem(origin, f"generic actors under {side!r}", "use 'state' or 'non_state'")]
            )
        label = "unnamed state forces" if side == "state" else "unnamed armed group"
        for word in words:
            vocab.add_actor(Actor(label, side, generic=True), [str(word)])
