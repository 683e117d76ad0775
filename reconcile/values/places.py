"""Places: a chain of names, most specific first, keyed so that spellings meet.

Owns the place key: other scripts romanised (Cyrillic, Arabic, Persian, Urdu: `text.romanise`),
accents, case, generic words ("district", "city") and the Arabic article ("al-", "el ", "ez-",
"ash-", initial or mid-name) removed, then a consonant skeleton (q->k, v->w, vowels and h dropped
after the first letter, doubled letters collapsed, and a few rules of romanisation, below), so
that Musakhail / Musakhel / Musa Khel, Qalat / Kalat, Gwadar / Gawadar, Kharkiv / Kharkov /
Харків, Deir ez-Zor / Dayr az-Zawr / دير الزور share a key. Names whose skeleton is too short
to be distinctive keep their folded spelling (Gaza and Giza are two places).

Also owns how a location is cut into parts (a chain: "Rarasham, Musakhail district"; "X in Y";
a list: "Khan Younis and Rafah"), the facilities at a place ("the station in Kramatorsk"), the
distance between two points, and how two parsed places stand (`relation`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np

from reconcile.values.text import fold, romanise

if TYPE_CHECKING:
    from reconcile.values.gazetteer import GeoPlace

# (The gazetteer's index holds compact spellings: a change here raises gazetteer.INDEX_VERSION.)
GENERIC_WORDS = frozenset(
    {
        "district",
        "city",
        "town",
        "village",
        "province",
        "tehsil",
        "area",
        "region",
        "division",
        "agency",
        "county",
        "governorate",
        "state",
        "the",
        "of",
        "in",
        "near",
        "outskirts",
        "suburb",
        "suburbs",
        "sub",
        "subdistrict",
        "neighbourhood",
        "neighborhood",
        "locality",
        "provincial",
        "capital",
        "territory",
        "remote",
        "highway",
        "oblast",
        "raion",
        "rayon",
        "prefecture",
        "wilaya",
        "districts",
        "provinces",
        "regions",
        "villages",
        "towns",
        "cities",
        "areas",
        "governorates",
        "counties",
        "tehsils",
        "oblasts",
    }
)
ARTICLES = frozenset({"a", "an"})
# The Arabic article as romanised: "al" / "el" before any letter; before a sun letter it takes that
# letter's sound, and is dropped only there, so that an English or a Pashto "as" or "ash" stays:
# an-Najaf, ar-Raqqa, as-Suwayda, ash-Shaddadi, at-Tall, ath-Thawra, ad-Dawr, adh-Dhahab,
# az-Zawiya, with e for Egypt, Sudan, the Levant and French (ed-Damer, en-Nahud, er-Rahad,
# es-Salaam, esh-Sheikh, et-Tira, ez-Zor); and the Urdu izafat, between two words only
# (Sheikh-ul-Islam, Dar-us-Salam, Zia-ud-Din). A word of these followed by the word it governs is
# dropped wherever it stands ("Deir ez-Zor", "Deir al-Zour" and "Dayr Zawr" meet); alone it is a
# name ("Al"). Written into the name ("Azzawiya", "Alfashir") it stays: such names begin so too.
ARTICLES_BEFORE_ANY = frozenset({"al", "el"})
ASSIMILATED = frozenset(
    {"an", "ar", "as", "ash", "at", "ath", "ad", "adh", "az"}
    | {"en", "er", "es", "esh", "et", "eth", "ed", "ez"}
)
IZAFAT_BEFORE_ANY = frozenset({"ul"})
IZAFAT_ASSIMILATED = frozenset({"ud", "ur", "us"})


def _is_article(word: str, position: int, following: str) -> bool:
    """Whether a word of a name is an Arabic article or an Urdu izafat to drop before `following`."""
    if word in ARTICLES_BEFORE_ANY or (position > 0 and word in IZAFAT_BEFORE_ANY):
        return True
    assimilated = word in ASSIMILATED or (position > 0 and word in IZAFAT_ASSIMILATED)
    return assimilated and following.startswith(word[1:])


_SKELETON_DROP = re.compile(r"[aeiouyh]")
_REPEATS = re.compile(r"(.)\1+")
MIN_SKELETON = 3
# Rules of romanisation, each between spellings of one sound; the tests pair each with places
# whose spellings are close and must stay apart (tests/test_transliteration.py):
# - an initial Cyrillic Е / Є is "Ye", "Ie" or "E" (Yenakiieve / Ienakiieve / Enakievo);
# - French "ou" is "w" before a vowel, else "u" (Ouagadougou / Wagadugu, Oujda / Ujda);
# - the Arabic diphthong "aw" is also written "o" (Dayr az-Zawr / Deir ez-Zor, Mawsil / Mosul):
#   a "w" after an "a" and before no vowel is dropped, as the vowels are. Only after an "a": the
#   "ow" of Nowshera is kept, else it would fall on the short skeleton of Nasiriyah (n-s-r);
#   a "v" stays too (Kharkiv is not Karak);
# - French "dj" and Russian "dzh" are "j" (Djibouti / Jibouti, Dzhankoi / Jankoi).
# An initial vowel is kept (Amman is not Oman); the Ukrainian h for the Russian g (Luhansk /
# Lugansk) is not ruled, since every other language's h is an h.
_INITIAL_YE = re.compile(r"^[yi](?=e)")
_OU_BEFORE_VOWEL = re.compile(r"ou(?=[aeiy])")
_DIPHTHONG_W = re.compile(r"(?<=a)w(?![aeiouy])")


_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")  # "Barsalogho (nord)", "al Jazirah [Gezira]"
_POSSESSIVE = re.compile(r"['’]s\b")  # "Kabul's airport"


@lru_cache(maxsize=1 << 20)
def compact(name: str) -> str:
    """The name romanised and folded, without what is said aside in brackets, a possessive "'s",
    generic words, Arabic articles or spaces: what spellings are compared on."""
    if "(" in name or "[" in name or "s" in name:
        name = _POSSESSIVE.sub("", _ASIDE.sub(" ", name))
    words = fold(romanise(name)).split()
    named = [w for w in words if w not in GENERIC_WORDS]
    if len(named) == 1 and named[0] in ARTICLES and len(words) > 1:
        return ""  # "a village", "an area": an article and generic words name no place
    last = len(named) - 1
    return "".join(w for i, w in enumerate(named) if i == last or not _is_article(w, i, named[i + 1]))


def written_form(name: str) -> str:
    """A name as written, but for case, accents, punctuation and generic words: two sources that
    wrote "Balochistan province" and "Balochistan" wrote it alike; "Донецк" and "Donetsk", or
    "al-Mawasi" and "Mawasi", did not."""
    return " ".join(w for w in fold(name).split() if w not in GENERIC_WORDS)


@lru_cache(maxsize=262144)
def place_key(name: str) -> str:
    """A key shared by transliteration variants of one place name ("" when only generic words)."""
    spelled = compact(name)
    if not spelled:
        return ""
    letters = spelled
    if spelled[0] in "yi":
        spelled = _INITIAL_YE.sub("", spelled)
    if "ou" in spelled:
        spelled = _OU_BEFORE_VOWEL.sub("w", spelled).replace("ou", "u")
    if "aw" in spelled:
        spelled = _DIPHTHONG_W.sub("", spelled)
    spelled = spelled.replace("dzh", "j").replace("dj", "j")
    spelled = spelled.replace("sch", "sh").replace("ph", "f").replace("q", "k").replace("v", "w")
    spelled = spelled.replace("x", "ks")
    skeleton = _REPEATS.sub(r"\1", spelled[0] + _SKELETON_DROP.sub("", spelled[1:]))
    return skeleton if len(skeleton) >= MIN_SKELETON else letters


EARTH_RADIUS_KM = 6371.0088  # the mean radius (IUGG)
SAME_PLACE_KM = 5.0  # two points this close name one place (a town and a facility in it)
NEARBY_KM = 25.0  # ... this close, places that may be one (a village and its district's seat)


def distances_km(lat_a: Any, lon_a: Any, lat_b: Any, lon_b: Any) -> Any:
    """The great-circle distance between points (latitude, longitude in degrees), by the haversine
    formula, for numbers or numpy arrays of them (NaN where a point is missing): within 0.5 % of
    the ellipsoid's, far finer than any place's extent."""
    la, oa, lb, ob = (np.radians(x) for x in (lat_a, lon_a, lat_b, lon_b))
    h = np.sin((lb - la) / 2) ** 2 + np.cos(la) * np.cos(lb) * np.sin((ob - oa) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """`distances_km` between two points."""
    return float(distances_km(a[0], a[1], b[0], b[1]))


@dataclass(frozen=True)
class Place:
    """A parsed place: the leaf (most specific) key and every key it lies within."""

    parts: tuple[str, ...]  # display names, most specific first (canonical where known)
    keys: tuple[str, ...]  # the parts' keys, then known ancestors' keys
    region: bool = False  # the leaf is a known region that other places lie within
    anchor: str = ""  # key of the most specific part the vocabulary knows ("" for none)
    facilities: tuple[tuple[str, str], ...] = ()  # (kind, key of the facility's own name or "")
    facility_shown: tuple[str, ...] = ()  # the facilities as written ("railway station")
    leaf_written: str = ""  # the most specific part as written ("Донецк" for the place Donetsk)
    town: GeoPlace | None = None  # the gazetteer's town the most specific part names, if resolved
    country: str = ""  # ISO alpha-2 of the country the place lies in, where known
    towns: frozenset[int] = frozenset()  # GeoNames ids of every town the leaf's name may be
    open_towns: tuple[GeoPlace, ...] = ()  # where the leaf is left unresolved: its candidate towns
    members: tuple[Place, ...] = ()  # the places a list names ("Khan Younis and Rafah"), each read
    point: tuple[float, float] | None = None  # the account's own coordinates, where it gave them
    unresolved: tuple[str, ...] = ()  # "Tripoli (Libya, Lebanon)": names left among candidates

    @property
    def known(self) -> bool:
        """Some part is in the vocabulary, so where the place lies is known."""
        return bool(self.anchor)

    @property
    def leaf(self) -> str:
        return self.keys[0]

    def display(self) -> str:
        """The place's names; a facility before them: "railway station at Kramatorsk"."""
        places = ", ".join(self.parts)
        return f"{', '.join(self.facility_shown)} at {places}" if self.facility_shown else places


# "Dasht area of Kech", "a village near Turbat", "Nuseirat in central Gaza": the first place lies
# within (or by) the second.
# Each `\s+` starts only where a run of spaces does (`(?<!\s)`): tried from every space of a long
# run, the split was quadratic in the run (8,000 spaces took 2 s); the parts are the same.
_PARTS = re.compile(
    r"[,;،؛]|(?<!\s)\s+(?:-\s+|(?:area|outskirts|suburbs?|vicinity)\s+of\s+|near\s+|in\s+)", re.IGNORECASE
)


# A leading "in", "near", "at", "the", and the word for a town or a village before its name in
# Arabic ("مدينة غزة": Gaza City) and Russian or Ukrainian ("город", "місто", "село").
_LEADING = re.compile(
    r"^(?:in|near|at|the|مدينة|بلدة|قرية|город|місто|село|селище|посёлок|поселок)\s+", re.IGNORECASE
)
_LEADING_LETTERS = frozenset("iInNaAtTمبقгмсп")  # only a part starting so can need _LEADING


def split_parts(raw: str) -> list[str]:
    """A location's names, most specific first, without a leading "in", "near", "at" or "the".
    (A part made only of generic words, such as "village", has no place key: readers skip it.)"""
    stripped = (p.strip() for p in _PARTS.split(raw))
    return [_LEADING.sub("", p) if p[0] in _LEADING_LETTERS else p for p in stripped if p]


# A location that lists places: "Musakhel, Kalat and Lasbela districts"; "Khan Younis and Rafah";
# "Gao et Tombouctou". The parts up to the one holding the conjunction are the listed places; the
# parts after it are where they all lie ("..., Balochistan").
LIST_WORD = re.compile(r"\s(?:and|&|et|y|e|و)\s", re.IGNORECASE)


def list_items(raw: str, is_name: Callable[[str], bool] = lambda part: False) -> list[str]:
    """The places a location lists, each with the parts after the list ("Kalat, Balochistan"), or
    [] for a location that lists none; `is_name` says whether a part with a conjunction is one
    name after all ("Trinidad and Tobago")."""
    if not LIST_WORD.search(raw):
        return []
    parts = [p.strip() for p in re.split(r"[,;،؛]", raw) if p.strip()]
    last = max(i for i, p in enumerate(parts) if LIST_WORD.search(f" {p} "))
    if is_name(parts[last]):
        return []
    items = [i.strip() for p in parts[: last + 1] for i in LIST_WORD.split(f" {p} ") if i.strip()]
    tail = parts[last + 1 :]
    return [", ".join([item, *tail]) for item in items] if len(items) > 1 else []


# The same splitting for Arrow (RE2), on printable ASCII only: there `\s` is a space in both.
_PARTS_RE2 = r"(?i)[,;]|\s+-\s+|\s+(?:area|outskirts|suburbs?|vicinity)\s+of\s+|\s+near\s+|\s+in\s+"
_LEADING_RE2 = r"(?i)^(?:in|near|at|the)\s+"


def split_parts_many(texts: list[str]) -> tuple[list[int], list[int], list[str]]:
    """split_parts for many stripped texts of printable ASCII at once, by Arrow: each text's parts
    as codes into the distinct parts (text i's codes are codes[starts[i]:starts[i + 1]])."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.compute as pc

    pieces = pc.split_pattern_regex(pa.array(texts, pa.string()), _PARTS_RE2)
    flat = pc.utf8_trim_whitespace(pieces.flatten())
    kept = pc.not_equal(flat, "").to_numpy(zero_copy_only=False)
    owner = np.repeat(np.arange(len(texts)), np.diff(pieces.offsets.to_numpy()))[kept]
    parts = pc.replace_substring_regex(flat.filter(pa.array(kept)), _LEADING_RE2, "", max_replacements=1)
    encoded = parts.dictionary_encode()
    starts = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=len(texts)))])
    return starts.tolist(), encoded.indices.to_numpy().tolist(), encoded.dictionary.to_pylist()


def relation(a: Place, b: Place) -> str:
    """'agree' for the same place, 'compatible' when one lies within the other, else 'conflict'.
    Where both accounts gave their coordinates, those decide first: within SAME_PLACE_KM one place
    (compatible where named differently), beyond NEARBY_KM two; between, the names decide.

    A place the vocabulary does not know may lie within a known region (an unlisted district
    within a province), and so may a town known only as far as its country (Maiduguri in Borno
    State): that is compatible, since nothing says it is not.
    """
    if a.point is not None and b.point is not None:  # both accounts said where: that decides
        km = distance_km(a.point, b.point)
        if km <= SAME_PLACE_KM:
            return "agree" if a.leaf == b.leaf and same_facility(a, b) else "compatible"
        if km > NEARBY_KM:
            return "conflict"
    if a.leaf == b.leaf:
        if two_towns(a, b):
            return "conflict"
        return "agree" if same_facility(a, b) else "compatible"
    if b.leaf in a.keys or a.leaf in b.keys:
        return "compatible"
    if _may_lie_within(a, b) or _may_lie_within(b, a):
        return "compatible"
    return "conflict"


def two_towns(a: Place, b: Place) -> bool:
    """Names of one key that the gazetteer knows as names of different towns, none bearing both
    (Pokrovsk and Pokrovske, which the skeleton cannot tell apart), or resolved to two towns
    more than SAME_PLACE_KM apart."""
    if a.towns and b.towns and a.towns.isdisjoint(b.towns):
        return True
    if a.town is None or b.town is None or a.town.geonameid == b.town.geonameid:
        return False
    return distance_km(a.town.point, b.town.point) > SAME_PLACE_KM


def _may_lie_within(place: Place, region: Place) -> bool:
    """Nothing says the place is not inside the region: the vocabulary does not know it, or knows
    it only as far as a country the region lies in (a town of the gazetteer in that country)."""
    return region.region and (not place.known or place.anchor in region.keys)


def same_facility(a: Place, b: Place) -> bool:
    """Whether two accounts of one place may name one facility there: either names none, or both
    name one of a kind, unnamed on a side or named alike ("Al-Shifa hospital", "the hospital")."""
    if not a.facilities or not b.facilities:
        return True
    return any(
        kind_a == kind_b and (not name_a or not name_b or name_a == name_b)
        for kind_a, name_a in a.facilities
        for kind_b, name_b in b.facilities
    )


# Facilities and features at a place, by kind: a phrase (folded: lower case, no accents) names
# a facility of that kind. English and French; the longest phrase wins ("refugee camp" before
# "camp", "police station" before "station"). A facility is never a place: it is kept and shown,
# and two accounts naming different facilities in one town still name one place.
FACILITY_KINDS: dict[str, tuple[str, ...]] = {
    "prison": ("prison", "jail", "gaol", "central jail", "central prison", "penitentiary",
               "detention centre", "detention center", "detention facility", "detention camp",
               "centre de detention", "maison d arret"),
    "camp": ("camp", "refugee camp", "displacement camp", "idp camp", "idps camp", "displaced camp",
             "displacement site", "camp de refugies", "camp de deplaces",
             "site de deplaces"),
    "school": ("school", "ecole", "madrasa", "madrassa", "madrasah", "college", "university",
               "universite", "lycee"),
    "hospital": ("hospital", "hopital", "clinic", "clinique", "health centre", "health center",
                 "medical centre", "medical center", "centre de sante", "dispensary"),
    "mosque": ("mosque", "mosquee", "masjid", "imambargah", "shrine"),
    "church": ("church", "eglise", "cathedral", "cathedrale", "chapel", "chapelle"),
    "market": ("market", "marketplace", "bazaar", "bazar", "marche", "souk"),
    "checkpoint": ("checkpoint", "check post", "checkpost", "poste de controle"),
    "police station": ("police station", "police post", "police headquarters", "poste de police",
                       "commissariat", "gendarmerie", "brigade de gendarmerie"),
    "base": ("base", "military base", "army base", "air base", "airbase", "barracks", "cantonment",
             "caserne", "camp militaire", "base militaire", "military camp", "army camp", "outpost",
             "military post", "poste militaire"),
    "cemetery": ("cemetery", "graveyard", "cimetiere"),
    "bridge": ("bridge", "pont"),
    "toll plaza": ("toll plaza", "toll booth", "toll gate", "peage", "poste de peage"),
    "forest": ("forest", "foret", "woods"),
    "highway": ("highway", "motorway", "expressway", "autoroute", "route nationale"),
    "station": ("station", "railway station", "train station", "bus station", "bus terminal",
                "gare", "gare routiere"),
    "airport": ("airport", "aeroport", "airfield"),
}  # fmt: skip
# The same facilities in the other languages sources write in (Spanish, Portuguese, Italian,
# German, Russian, Ukrainian, Serbo-Croatian, Arabic), with the cases a preposition puts them in
# ("на станції", "в больнице"); compared folded, as the phrases above.
FACILITY_WORDS_ELSEWHERE: dict[str, tuple[str, ...]] = {
    "prison": ("cárcel", "prisión", "prisão", "carcere", "Gefängnis", "тюрьма", "тюрьме", "тюрьмы",
               "в'язниця", "в'язниці", "zatvor", "zatvoru", "سجن", "السجن"),
    "camp": ("campamento", "campo de refugiados", "campo profughi", "Flüchtlingslager", "Lager", "лагерь",
             "лагере", "табір", "таборі", "kamp", "kampu", "مخيم", "المخيم"),
    "school": ("escuela", "colegio", "escola", "scuola", "Schule", "школа", "школе", "школы", "школі",
               "школу", "škola", "školi", "مدرسة", "المدرسة"),
    "hospital": ("hospital", "hospitales", "ospedale", "Krankenhaus", "Klinik", "больница", "больнице",
                 "больницы", "лікарня", "лікарні", "лікарню", "bolnica", "bolnici", "centro sanitario",
                 "centro de salud", "مستشفى", "المستشفى"),
    "mosque": ("mezquita", "mesquita", "moschea", "Moschee", "мечеть", "мечети", "džamija", "džamiji",
               "مسجد", "المسجد", "جامع"),
    "church": ("iglesia", "igreja", "chiesa", "Kirche", "церковь", "церкви", "церква", "церкві", "crkva",
               "crkvi", "كنيسة", "الكنيسة"),
    "market": ("mercado", "mercato", "Markt", "рынок", "рынке", "ринок", "ринку", "pijaca", "pijaci",
               "سوق", "السوق"),
    "checkpoint": ("retén", "posto de controlo", "Kontrollpunkt", "блокпост", "блокпосту", "حاجز"),
    "base": ("base militar", "cuartel", "quartel", "caserma", "Kaserne", "военная база", "військова база",
             "قاعدة", "ثكنة"),
    "station": ("estación", "estação", "stazione", "Bahnhof", "вокзал", "вокзале", "вокзалі", "станция",
                "станции", "станція", "станції", "станцію", "stanica", "stanici", "محطة"),
    "airport": ("aeropuerto", "aeroporto", "Flughafen", "аэропорт", "аэропорту", "аеропорт", "аеропорту",
                "aerodrom", "مطار", "المطار"),
    "bridge": ("puente", "ponte", "Brücke", "мост", "мосту", "міст", "мосту", "most", "mostu", "جسر"),
}  # fmt: skip
_FACILITY_KIND = {
    fold(phrase): kind
    for table in (FACILITY_KINDS, FACILITY_WORDS_ELSEWHERE)
    for kind, phrases in table.items()
    for phrase in phrases
}
_FACILITY_WORDS = frozenset(w for phrase in _FACILITY_KIND for w in phrase.split())
# "the station in Kramatorsk", "l'hôpital de Goma": a facility, a word of place, then the place
_AT = frozenset(
    {"in", "at", "of", "near", "a", "de", "du", "des", "d", "pres"}
    | {"en", "del", "em", "do", "da", "no", "na", "di", "bei", "im", "von", "в", "во", "у", "на", "u", "في"}
)
_FACILITY_ARTICLES = frozenset({"a", "an", "the", "la", "le", "l", "les", "un", "une", "main"})


@dataclass(frozen=True)
class Facility:
    """A facility found in one part of a location: its kind, the facility as written (shown), the
    words left beside it (a place's name, or the facility's own: "Al-Shifa"), and the place named
    after a word of place ("the station in Kramatorsk": "Kramatorsk"; "" for none)."""

    kind: str
    shown: str
    rest: str
    place: str
    whole: str  # the facility with its name, where the words beside it name it ("Al-Shifa hospital")
    after: str = ""  # without a word of place, the words after the facility ("станції Краматорськ")


@lru_cache(maxsize=65536)
def split_facility(part: str) -> Facility | None:
    """The facility a part of a location names, if any (None for a part without one). Words are
    compared folded; what is kept (shown, rest, place) is the part's own words, as written."""
    written = part.replace("’", "'").replace("'", " ").split()
    words = [fold(w) for w in written]
    if not _FACILITY_WORDS.intersection(w for word in words for w in word.split()):
        return None
    found = None  # (start, end) of the longest facility phrase, the last of equals
    for start in range(len(words)):
        for end in range(len(words), start, -1):
            if " ".join(words[start:end]) in _FACILITY_KIND:
                if found is None or end - start >= found[1] - found[0]:
                    found = (start, end)
                break
    if found is None:
        return None
    start, end = found
    kind = _FACILITY_KIND[" ".join(words[start:end])]
    place = ""
    at = next((k for k in range(end, len(words) - 1) if words[k] in _AT), None)  # "hôpital saoudien à X"
    after = at if at is not None else len(words)
    if at is not None:
        start_of_place = at
        while start_of_place < len(words) and words[start_of_place] in _AT | _FACILITY_ARTICLES:
            start_of_place += 1
        place = _LEADING.sub("", " ".join(written[start_of_place:]))
    lead = 0  # the part's own words begin after its articles
    while lead < start and words[lead] in _FACILITY_ARTICLES:
        lead += 1
    first = start
    while first > lead and words[first - 1] in _FACILITY_ARTICLES:
        first -= 1
    rest = " ".join(written[lead:first] + written[end:after])
    shown = " ".join(written[lead if place else start : end])
    whole = " ".join(written[lead:after])
    return Facility(kind, shown, rest, place, whole, "" if place else " ".join(written[end:]))
