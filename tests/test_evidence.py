"""The kinds of evidence, level by level: two accounts in, what the kind adds to their score,
whether it forbids the link, and what it says in words, at every level and documented boundary.
Also the page of kinds (docs/evidence.md), generated from the same list."""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import reconcile
from reconcile.match import THRESHOLD, evidence
from reconcile.match.evidence import KINDS, REASON_KINDS, reason_columns, score_pairs
from reconcile.match.features import Features, Windows, features
from reconcile.values import load_vocabulary, parse_accounts
from reconcile.values.places import distances_km
from tests.conftest import ROOT

VOCABULARY = load_vocabulary()


def accounts_file(folder: Path, left: dict[str, str], right: dict[str, str]) -> Path:
    rows = [{"id": "a", "source": "Dawn", **left}, {"id": "b", "source": "Reuters", **right}]
    path = folder / "accounts.csv"
    pd.DataFrame(rows).fillna("").to_csv(path, index=False)
    return path


def two_accounts(left: dict[str, str], right: dict[str, str]) -> Features:
    """The features of accounts a and b; `_within_days` and `_within_km` in `left` set the windows."""
    settings = {k: v for k, v in left.items() if k.startswith("_")}
    left = {k: v for k, v in left.items() if not k.startswith("_")}
    with tempfile.TemporaryDirectory() as folder:
        table = reconcile.load(accounts_file(Path(folder), left, right))
    windows = Windows(int(settings.get("_within_days", 2)), float(settings.get("_within_km", 25)))
    return features(parse_accounts(table, VOCABULARY).sorted_by_id(), windows)


def assess(name: str, left: dict[str, str], right: dict[str, str]) -> tuple[float, bool, str]:
    """What the kind `name` makes of accounts a and b: (contribution, veto, words); the pair
    taken the other way round must weigh the same and be forbidden alike."""
    f = two_accounts(left, right)
    said = [_assessed(f, name, np.array([x]), np.array([y])) for x, y in ((0, 1), (1, 0))]
    assert said[0][:2] == said[1][:2], f"{name}: a, b and b, a differ: {said}"
    return said[0]


def _assessed(f: Features, name: str, a: np.ndarray, b: np.ndarray) -> tuple[float, bool, str]:
    earlier: dict[str, np.ndarray] = {}
    for kind in KINDS:
        earlier[kind.name] = kind.level(f, a, b, earlier)
        if kind.name == name:
            level = earlier[name]
            weight = float(kind.weights(f, a, b, level)[0])
            veto = bool(level[0] >= 0 and kind.levels[level[0]].veto)
            words = kind.reasons(f, a, b, level)[0].as_py() if kind.speaks else ""
            return round(weight, 4), veto, words
    raise KeyError(name)


CASES = [
    # dates: overlap 0.35, a day 0.25, two days 0.15, more: never linked; no date: publication
    ("dates", {"event_date": "2024-08-26"}, {"event_date": "2024-08-26"}, 0.35, False, "dates overlap"),
    ("dates", {"event_date": "night of 25/26 August 2024"}, {"event_date": "2024-08-26"}, 0.35, False,
     "dates overlap"),
    ("dates", {"event_date": "2024-08-26"}, {"event_date": "2024-08-27"}, 0.25, False,
     "dates within a day of each other"),
    ("dates", {"event_date": "2024-08-26"}, {"event_date": "2024-08-28"}, 0.15, False, "dates 2 days apart"),
    ("dates", {"event_date": "2024-08-26"}, {"event_date": "2024-08-29"}, 0.0, True, "dates 3 days apart"),
    ("dates", {"event_date": "2024-08-29"}, {"event_date": "2024-08-26"}, 0.0, True, "dates 3 days apart"),
    ("dates", {"event_date": "2024-08-26"}, {"event_date": "2024-08-31"}, 0.0, True, "dates 5 days apart"),
    ("dates", {"event_date": "2024-08-26"}, {"event_date": "2025-08-26"}, 0.0, True, "dates 365 days apart"),
    ("dates", {"published": "2024-08-29"}, {"event_date": "2024-08-26"}, 0.15, False,
     "no event date on one side; published within days of the other's date"),
    ("dates", {"published": "2024-08-26"}, {"event_date": "2024-08-26"}, 0.15, False,
     "no event date on one side; published within days of the other's date"),
    ("dates", {"published": "2024-08-30"}, {"event_date": "2024-08-26"}, 0.0, False, ""),
    ("dates", {"published": "2024-08-25"}, {"event_date": "2024-08-26"}, 0.0, False, ""),
    ("dates", {}, {"event_date": "2024-08-26"}, 0.0, False, ""),
    # the date window (`--within-days`): beyond two days and within it, a little; beyond it, never
    ("dates", {"event_date": "2024-08-26", "_within_days": "5"}, {"event_date": "2024-08-29"}, 0.05, False,
     "dates 3 days apart"),
    ("dates", {"event_date": "2024-08-26", "_within_days": "5"}, {"event_date": "2024-08-31"}, 0.05, False,
     "dates 5 days apart"),
    ("dates", {"event_date": "2024-08-26", "_within_days": "5"}, {"event_date": "2024-09-01"}, 0.0, True,
     "dates 6 days apart"),
    ("dates", {"event_date": "2024-08-26", "_within_days": "1"}, {"event_date": "2024-08-28"}, 0.0, True,
     "dates 2 days apart"),
    ("dates", {"event_date": "2024-08-26", "_within_days": "0"}, {"event_date": "2024-08-27"}, 0.0, True,
     "dates 1 day apart"),
    # a dataset's date precision (ACLED's time_precision 2: a week either side by 3 days)
    ("dates", {"event_date": "2024-08-26", "time_precision": "2"}, {"event_date": "2024-08-29"}, 0.35, False,
     "dates overlap"),
    ("dates", {"event_date": "2024-08-26", "time_precision": "2"}, {"event_date": "2024-09-01"}, 0.0, True,
     "dates 3 days apart"),
    ("dates", {"event_date": "2024-08-26", "time_precision": "1"}, {"event_date": "2024-08-29"}, 0.0, True,
     "dates 3 days apart"),
    # records of event datasets: two of one dataset are two events
    ("dataset", {"source": "ACLED", "source_type": "dataset"}, {"source": "acled", "source_type": "dataset"},
     0.0, True, ""),
    ("dataset", {"source": "ACLED", "source_type": "dataset"},
     {"source": "UCDP GED", "source_type": "dataset"}, 0.0, False, ""),
    ("dataset", {"source": "ACLED", "source_type": "dataset"}, {"source": "ACLED", "source_type": "media"},
     0.0, False, ""),
    # places
    ("place", {"location": "Quetta"}, {"location": "quetta"}, 0.40, False, "same place (Quetta)"),
    # an alias of the tables: shown as each source wrote it
    ("place", {"location": "Kalat"}, {"location": "Qalat"}, 0.40, False,
     "same place by another name or spelling (Kalat = Qalat)"),
    ("place", {"location": "Tel Hamra"}, {"location": "Tal Hamra"}, 0.40, False,
     "same place by another name or spelling (Tel Hamra = Tal Hamra)"),
    ("place", {"location": "Donetsk"}, {"location": "Донецк"}, 0.40, False,
     "same place by another name or spelling (Donetsk = Донецк)"),  # another script
    ("place", {"location": "al-Mawasi"}, {"location": "Mawasi, Khan Younis"}, 0.40, False,
     "same place by another name or spelling (al-Mawasi = Mawasi, Khan Younis)"),  # the article
    ("place", {"location": "Rarasham"}, {"location": "Musakhail"}, 0.25, False,
     "Rarasham lies within Musakhail"),
    ("place", {"location": "Musakhail"}, {"location": "Rarasham, Musakhail"}, 0.25, False,
     "Rarasham, Musakhail lies within Musakhail"),
    ("place", {"location": "Zorakan"}, {"location": "Zorakat"}, 0.30, False,
     "place names alike (Zorakan / Zorakat)"),
    ("place", {"location": "Zorak"}, {"location": "Zoram"}, 0.30, False, "place names alike (Zorak / Zoram)"),
    ("place", {"location": "Zorakan"}, {"location": "Zoramat"}, -0.10, False,
     "places differ (Zorakan / Zoramat)"),
    ("place", {"location": "Quetta"}, {"location": "Gwadar"}, 0.0, True,
     "places lie apart (Quetta / Gwadar)"),
    # coordinates: the account's own points decide what the names cannot; town centres say less
    ("place", {"location": "Zorakan forest", "latitude": "13.5", "longitude": "1.0"},
     {"location": "Zoramat", "latitude": "13.503", "longitude": "1.001"}, 0.40, False,
     "0.4 km apart (Zorakan forest / Zoramat)"),
    ("place", {"location": "Quetta", "latitude": "30.18", "longitude": "66.99"},
     {"location": "Gwadar", "latitude": "30.20", "longitude": "66.99"}, 0.40, False,
     "2.2 km apart (Quetta / Gwadar)"),  # the points overrule what the vocabulary says of names
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0"},
     {"location": "Zoramat", "latitude": "13.6", "longitude": "1.0"}, 0.20, False,
     "11.1 km apart (Zorakan / Zoramat)"),
    # two datasets' records: precise points beyond the window (`--within-km`, 25 by default) are
    # two events; a point that stands for a province (UCDP where_prec 4) says nothing
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset"},
     {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}, 0.0, True,
     "33.4 km apart (Zorakan / Zorakan)"),
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset",
               "_within_km": "40"},
     {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}, -0.10, False,
     "33.4 km apart (Zorakan / Zorakan)"),
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset",
               "_within_km": "3"},
     {"location": "Zoramat", "latitude": "13.53", "longitude": "1.0", "source_type": "dataset"}, 0.0, True,
     "3.3 km apart (Zorakan / Zoramat)"),
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset",
               "where_prec": "4"},
     {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}, 0.40, False,
     "same place (Zorakan)"),
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset",
               "geo_precision": "3"},
     {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}, 0.40, False,
     "same place (Zorakan)"),
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset",
               "geo_precision": "2"},
     {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}, 0.0, True,
     "33.4 km apart (Zorakan / Zorakan)"),
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0"},
     {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}, -0.10, False,
     "33.4 km apart (Zorakan / Zorakan)"),  # a news account's point: no window
    ("place", {"location": "Beit Lahia"}, {"location": "Jabalia"}, 0.20, False,
     "2.4 km apart (Beit Lahia / Jabalia)"),  # two town centres of the gazetteer
    ("place", {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0"},
     {"location": "Zorakan", "latitude": "14.5", "longitude": "1.0"}, -0.10, False,
     "111.2 km apart (Zorakan / Zorakan)"),  # one name, two given points far apart
    # a given point against a town the other name was read as, by its name alone (a village of the
    # West Bank, not the Tirah valley the point is in): the names decide, not the guess's point
    ("place", {"location": "Tirah", "latitude": "33.77", "longitude": "70.98"}, {"location": "Tirah"}, 0.40,
     False, "same place (Tirah)"),
    # a given point against a town's centre: the given point's distances, not the centres'
    ("place", {"location": "Zorakan", "latitude": "48.735", "longitude": "37.57"}, {"location": "Kramatorsk"},
     0.40, False, "0.5 km apart (Zorakan / Kramatorsk)"),
    ("place", {"location": "Zorakan", "latitude": "48.80", "longitude": "37.57"}, {"location": "Kramatorsk"},
     0.20, False, "7.7 km apart (Zorakan / Kramatorsk)"),
    # a town within the division named after its seat, both known to the gazetteer by other towns
    ("place", {"location": "Kramatorsk"}, {"location": "Donetsk region"}, 0.25, False,
     "Kramatorsk lies within Donetsk region"),
    ("place", {"location": "Tripoli, Libya"}, {"location": "Tripoli, Lebanon"}, -0.10, False,
     "2,099.6 km apart (Tripoli, Libya / Tripoli, Lebanon)"),  # one name, two towns
    ("place", {"location": "Jabalia"}, {"location": "Nuseirat"}, -0.10, False,
     "12.3 km apart (Jabalia / Nuseirat)"),
    ("place", {"location": "Pokrovsk"}, {"location": "Pokrovske"}, -0.10, False,
     "places differ (Pokrovsk / Pokrovske)"),  # one skeleton, names of different towns
    # a village somewhere in Balochistan may lie in Quetta: they differ, they do not lie apart
    ("place", {"location": "Xyzville, Quetta, Balochistan"}, {"location": "Zindarkot, Balochistan"},
     -0.10, False, "places differ (Xyzville, Quetta, Balochistan / Zindarkot, Balochistan)"),
    ("place", {"location": "Quetta"}, {}, 0.0, False, ""),
    # perpetrators
    ("perpetrator", {"perpetrator": "BLA"}, {"perpetrator": "bla"}, 0.15, False,
     "same perpetrator (BLA / bla)"),
    ("perpetrator", {"perpetrator": "BLA"}, {"perpetrator": "Baloch Liberation Army"}, 0.15, False,
     "same group under an alias (BLA / Baloch Liberation Army)"),
    ("perpetrator", {"perpetrator": "gunmen"}, {"perpetrator": "armed men"}, 0.15, False,
     "neither names a group (gunmen / armed men)"),
    ("perpetrator", {"perpetrator": "gunmen"}, {"perpetrator": "BLA"}, 0.05, False,
     "perpetrators compatible (a generic word and a named group) (gunmen / BLA)"),
    ("perpetrator", {"perpetrator": "ISWAP"}, {"perpetrator": "Islamic State"}, 0.05, False,
     "perpetrators compatible (one a branch or affiliate of the other) (ISWAP / Islamic State)"),
    # names the vocabulary does not know: compared as text, never a conflict, never a veto
    ("perpetrator", {"perpetrator": "Some New Front"}, {"perpetrator": "Other Brigade"}, 0.0, False,
     "perpetrators written differently, a name not in the vocabulary (Some New Front / Other Brigade)"),
    ("perpetrator", {"perpetrator": "Some New Front"}, {"perpetrator": "BLA"}, 0.0, False,
     "perpetrators written differently, a name not in the vocabulary (Some New Front / BLA)"),
    ("perpetrator", {"perpetrator": "Some New Front"}, {"perpetrator": "some new front"}, 0.15, False,
     "same perpetrator (Some New Front / some new front)"),
    ("perpetrator", {"perpetrator": "BLA"}, {"perpetrator": "TTP"}, -0.30, False,
     "perpetrators conflict (BLA / TTP)"),
    # two organs of one state are one actor; a state and a named group conflict
    ("perpetrator", {"perpetrator": "Sudanese Armed Forces"}, {"perpetrator": "the Sudanese army"}, 0.15,
     False, "same group under an alias (Sudanese Armed Forces / the Sudanese army)"),
    ("perpetrator", {"perpetrator": "Sudanese army"}, {"perpetrator": "RSF"}, -0.30, False,
     "perpetrators conflict (Sudanese army / RSF)"),
    ("perpetrator", {"perpetrator": "BLA"}, {}, 0.0, False, ""),
    # death tolls, as intervals
    ("toll", {"killed": "at least 22"}, {"killed": "23"}, 0.10, False, "death tolls compatible"),
    ("toll", {"killed": "at least 23"}, {"killed": "23"}, 0.10, False, "death tolls compatible"),
    ("toll", {"killed": "more than 23"}, {"killed": "23"}, -0.10, False, "death tolls cannot both be true"),
    ("toll", {"killed": "22"}, {"killed": "23"}, -0.10, False, "death tolls cannot both be true"),
    ("toll", {"killed": "20-25"}, {"killed": "25"}, 0.10, False, "death tolls compatible"),
    ("toll", {"killed": "23"}, {}, 0.0, False, ""),
    # two datasets' records: estimates; within each other's uncertainty they say nothing against
    ("toll", {"killed": "1", "source_type": "dataset"}, {"killed": "2", "source_type": "dataset"}, 0.0, False,
     "death toll estimates differ within their uncertainty"),
    ("toll", {"killed": "10", "source_type": "dataset"}, {"killed": "22", "source_type": "dataset"}, 0.0,
     False, "death toll estimates differ within their uncertainty"),  # 2 x 10 + 2: the edge
    ("toll", {"killed": "10", "source_type": "dataset"}, {"killed": "23", "source_type": "dataset"}, -0.10,
     False, "death tolls cannot both be true"),
    ("toll", {"killed": "0", "source_type": "dataset"}, {"killed": "3", "source_type": "dataset"}, -0.10,
     False, "death tolls cannot both be true"),
    ("toll", {"killed": "5", "killed_low": "3", "killed_high": "8", "source_type": "dataset"},
     {"killed": "7", "source_type": "dataset"}, 0.10, False, "death tolls compatible"),  # UCDP's low-high
    ("toll", {"killed": "5", "killed_low": "3", "killed_high": "8", "source_type": "dataset"},
     {"killed": "18", "source_type": "dataset"}, 0.0, False,
     "death toll estimates differ within their uncertainty"),  # 18 <= 2 x 8 + 2
    ("toll", {"killed": "5", "killed_low": "3", "killed_high": "8", "source_type": "dataset"},
     {"killed": "19", "source_type": "dataset"}, -0.10, False, "death tolls cannot both be true"),
    ("toll", {"killed": "15", "killed_low": "8", "killed_high": "7", "source_type": "dataset"},
     {"killed": "7", "source_type": "dataset"}, 0.10, False, "death tolls compatible"),  # as UCDP wrote it
    ("toll", {"killed": "2-5", "source_type": "dataset"}, {"killed": "5", "source_type": "dataset"}, 0.10,
     False, "death tolls compatible"),  # a range written in the cell
    ("toll", {"killed": "1"}, {"killed": "2", "source_type": "dataset"}, -0.10, False,
     "death tolls cannot both be true"),  # an account's figure is a claim, not an estimate
    ("toll", {"killed": "5", "killed_low": "3", "killed_high": "8"}, {"killed": "7"}, -0.10, False,
     "death tolls cannot both be true"),  # estimates count for datasets' records
    ("toll", {"killed": "10", "killed_low": "4", "killed_high": "12", "source_type": "dataset"},
     {"killed": "4", "source_type": "dataset"}, 0.10, False,
     "death tolls compatible"),  # the low estimate reaches the other's figure: the lower bound widens
    # event types: the tree's reading, else how alike the phrases are written
    ("event", {"event_type": "shooting"}, {"event_type": "gunfire"}, 0.15, False,
     "same kind of event, armed assault (shooting / gunfire)"),
    ("event", {"event_type": "attack"}, {"event_type": "raid"}, 0.05, False,
     "kinds of event fit, both only 'attack' (attack / raid)"),
    ("event", {"event_type": "shooting"}, {"event_type": "ambush"}, 0.05, False,
     "kinds of event fit (shooting: armed assault / ambush: ambush)"),
    ("event", {"event_type": "shooting"}, {"event_type": "bombing"}, -0.20, False,
     "kinds of event differ (shooting: armed assault / bombing: explosion)"),
    ("event", {"event_type": "sit-in protest"}, {"event_type": "sit-in protest"}, 0.15, False,
     "event types alike (sit in protest / sit in protest)"),  # 0.15 x token-set ratio 100
    ("event", {"event_type": "sit-in protest"}, {"event_type": "protest march"}, 0.105, False,
     "event types alike (sit in protest / protest march)"),  # ratio 70
    ("event", {"event_type": "sabotage"}, {"event_type": "blockade"}, 0.075, False,
     "event types alike (sabotage / blockade)"),  # ratio 50: still alike
    ("event", {"event_type": "sabotage"}, {"event_type": "siege"}, 0.0692, False, ""),  # ratio 46: unsaid
    ("event", {"event_type": "sit-in"}, {"event_type": "arson"}, 0.0273, False, ""),  # ratio 18: unsaid
    ("event", {"event_type": "ambush"}, {"event_type": "ambushes"}, 0.1286, False,
     "event types alike (ambush / ambushes)"),  # one read, one not: by the writing, ratio 86
    ("event", {"event_type": "shooting"}, {"event_type": "sit-in"}, 0.0429, False, ""),  # ratio 29
    ("event", {"event_type": "shooting"}, {}, 0.0, False, ""),
    # codebooks' types on the taxonomy's shared levels (values/data/taxonomy.yaml): deeper is stronger
    ("event", {"event_type": "Battles: Armed clash"}, {"event_type": "Battle-No change of territory"}, 0.15,
     False, "same kind of event in the taxonomy (battles armed clash / battle no change of territory: "
     "political violence, armed conflict, armed clash)"),
    ("event", {"event_type": "one-sided violence"}, {"event_type": "Violence against civilians"}, 0.10, False,
     "same kind of event in the taxonomy (one sided violence / violence against civilians: political "
     "violence, one sided violence)"),
    ("event", {"event_type": "state-based conflict"}, {"event_type": "Remote violence"}, 0.05, False,
     "kinds of event fit in the taxonomy (state based conflict: political violence, armed conflict / "
     "remote violence: political violence)"),
    ("event", {"event_type": "Battles: Armed clash"}, {"event_type": "Battles: Government regains territory"},
     0.05, False, "kinds of event fit in the taxonomy (battles armed clash: political violence, armed "
     "conflict, armed clash / battles government regains territory: political violence, armed conflict, "
     "territory changes hands)"),
    ("event", {"event_type": "state-based conflict"}, {"event_type": "Violence against civilians: Attack"},
     -0.30, False, "kinds of event differ in the taxonomy (state based conflict: political violence, armed "
     "conflict / violence against civilians attack: political violence, one sided violence, armed "
     "assault)"),
    ("event", {"event_type": "Protests"}, {"event_type": "one-sided violence"}, -0.30, False,
     "kinds of event differ in the taxonomy (protests: demonstrations, protest / one sided violence: "
     "political violence, one sided violence)"),
    ("event", {"event_type": "Battles: a new sub-event type"}, {"event_type": "state-based conflict"}, 0.10,
     False, "same kind of event in the taxonomy (battles a new sub event type / state based conflict: "
     "political violence, armed conflict)"),  # read by its event type
    ("event", {"event_type": "Explosions/Remote violence: Air/drone strike"},
     {"event_type": "Bombing/Explosion"}, -0.20, False,
     "kinds of event differ in the taxonomy (explosions remote violence air drone strike: "
     "political violence, air strike / bombing explosion: political violence, explosion)"),
    ("event", {"event_type": "Explosions/Remote violence: Suicide bomb"},
     {"event_type": "Bombing/Explosion"}, 0.05, False,
     "kinds of event fit in the taxonomy (explosions remote violence suicide bomb: political "
     "violence, suicide bombing / bombing explosion: political violence, explosion)"),  # one within the other
    ("event", {"event_type": "Armed Assault"}, {"event_type": "armed assault"}, 0.15, False,
     "same kind of event in the taxonomy (armed assault / armed assault: political violence, armed assault)"),
    ("event", {"event_type": "Bombing/Explosion"}, {"event_type": "bomb blast"}, 0.15, False,
     "same kind of event, explosion (bombing explosion / bomb blast)"),  # one side free text: the tree
    # the user's grouping
    ("grouping", {"incident": "Op X"}, {"incident": "op x"}, 0.0, False, "same incident label 'op x'"),
    ("grouping", {"incident": "Op X"}, {"incident": "Op Y"}, 0.0, True, ""),
    ("grouping", {"scope": "aggregate"}, {}, 0.0, True, ""),
    ("grouping", {"incident": "Op X"}, {}, 0.0, False, ""),
    # one source, another figure, another place: two incidents
    ("same source", {"source": "Dawn", "killed": "5", "location": "Zorakan"},
     {"source": "DAWN", "killed": "7", "location": "Malwara"}, 0.0, True, ""),
    ("same source", {"source": "Dawn", "killed": "5", "location": "Quetta"},
     {"source": "Dawn", "killed": "7", "location": "Gwadar"}, 0.0, True, ""),
    ("same source", {"source": "Dawn", "killed": "5", "location": "Zorakan"},
     {"source": "Dawn", "killed": "5", "location": "Malwara"}, 0.0, False, ""),
    ("same source", {"source": "Dawn", "killed": "5", "location": "Zorakan"},
     {"source": "Dawn", "killed": "at least 5", "location": "Malwara"}, 0.0, True, ""),  # another figure
    ("same source", {"source": "Dawn", "killed": "5", "location": "Quetta"},
     {"source": "Dawn", "killed": "7", "location": "Quetta"}, 0.0, False, ""),
    ("same source", {"source": "Dawn", "killed": "5", "location": "Zorakan"},
     {"source": "Reuters", "killed": "7", "location": "Malwara"}, 0.0, False, ""),
    ("same source", {"source": "Dawn", "location": "Zorakan"},
     {"source": "Dawn", "killed": "7", "location": "Malwara"}, 0.0, False, ""),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "left", "right", "weight", "veto", "words"), CASES)
def test_each_level_of_each_kind(
    kind: str, left: dict[str, str], right: dict[str, str], weight: float, veto: bool, words: str
) -> None:
    assert assess(kind, left, right) == (weight, veto, words)


def test_records_exactly_the_km_window_apart_are_within_it() -> None:
    """`--within-km` is how far apart two datasets' records may lie: a pair exactly that far apart
    is within it (the veto is for "further apart than the window"), a pair a hair further is not."""
    km = float(distances_km(np.array([13.5]), np.array([1.0]), np.array([13.8]), np.array([1.0]))[0])
    right = {"location": "Zorakan", "latitude": "13.8", "longitude": "1.0", "source_type": "dataset"}
    for window, vetoed in ((km, False), (float(np.nextafter(km, 0)), True)):
        left = {"location": "Zorakan", "latitude": "13.5", "longitude": "1.0", "source_type": "dataset"}
        assert assess("place", left | {"_within_km": repr(window)}, right)[1] is vetoed, window


def test_every_level_of_every_kind_is_tested() -> None:
    reached = set()
    for name, left, right, *_ in CASES:
        f = two_accounts(left, right)
        earlier: dict[str, np.ndarray] = {}
        for kind in KINDS:
            earlier[kind.name] = kind.level(f, np.array([0]), np.array([1]), earlier)
        reached.add((name, int(earlier[name][0])))
    wanted = {(kind.name, number) for kind in KINDS for number in range(-1, len(kind.levels))}
    assert wanted - reached == {("same source", -1)} - reached


BLA_26 = {"event_date": "2024-08-26", "perpetrator": "BLA"}
BLA_27 = {"event_date": "2024-08-27", "perpetrator": "BLA"}
EVERYTHING = {"event_date": "2024-08-26", "location": "Quetta", "perpetrator": "BLA", "killed": "3",
              "event_type": "shooting"}  # fmt: skip

SCORES = [
    # the sum of the kinds' weights, held between 0 and 1; a link from THRESHOLD up
    (BLA_26, BLA_26, 0.5, False),  # 0.35 + 0.15
    (BLA_26, BLA_27, 0.4, False),  # 0.25 + 0.15
    (EVERYTHING, EVERYTHING, 1.0, False),  # 1.15, held to 1
    ({"event_date": "2024-08-26", "location": "Quetta", "perpetrator": "BLA"},
     {"event_date": "2024-08-29", "location": "Quetta", "perpetrator": "BLA"}, 0.55, True),  # 3 days
    ({"event_date": "2024-08-26", "event_type": "sit-in"},
     {"event_date": "2024-08-26", "event_type": "arson"}, 0.3773, False),  # 0.35 + 0.15 x 0.18...: 4 decimals
    ({"event_date": "2024-08-26", "location": "Zorakan", "perpetrator": "BLA", "killed": "3"},
     {"event_date": "2024-08-29", "location": "Malwara", "perpetrator": "TTP", "killed": "4"}, 0.0, True),
    ({"event_date": "2024-08-26", "incident": "x", "location": "Quetta"},
     {"event_date": "2024-09-26", "incident": "X", "location": "Gwadar"}, 1.0, False),
    ({"incident": "x", "scope": "aggregate"}, {"incident": "x"}, 1.0, False),
]  # fmt: skip


@pytest.mark.parametrize(("left", "right", "score", "veto"), SCORES)
def test_a_pair_scores_the_sum_of_its_levels(
    left: dict[str, str], right: dict[str, str], score: float, veto: bool
) -> None:
    f = two_accounts(left, right)
    assert [float(x) for x in score_pairs(f, np.array([0]), np.array([1]))[0]] == [score]
    for skip_forbidden in (False, True):
        scores, vetoes = score_pairs(f, np.array([0]), np.array([1]), skip_forbidden)
        # skipping forbidden pairs: flagged and never scored (0), the rest as usual
        expected = (0.0, True) if skip_forbidden and veto else (score, veto)
        assert (float(scores[0]), bool(vetoes[0])) == expected


@pytest.mark.parametrize(
    ("left", "right", "one_incident"),
    [
        (BLA_26, BLA_26, True),  # 0.5: a link
        (BLA_26, BLA_27, False),
    ],
)  # fmt: skip
def test_a_pair_at_the_threshold_is_one_incident(
    tmp_path: Path, left: dict[str, str], right: dict[str, str], one_incident: bool
) -> None:
    assert THRESHOLD == 0.5
    incidents = reconcile.match(accounts_file(tmp_path, left, right))
    assert (incidents["incident"].nunique() == 1) is one_incident


def test_reason_columns_are_the_kinds_that_speak_in_order() -> None:
    assert REASON_KINDS == ("grouping", "dates", "place", "perpetrator", "toll", "event")
    f = two_accounts({"event_date": "2024-08-26"}, {"event_date": "2024-08-26"})
    said = [column[0].as_py() for column in reason_columns(f, np.array([0]), np.array([1]))]
    assert said == ["", "dates overlap", "", "", "", ""]


def test_a_link_s_reasons_are_what_its_kinds_say() -> None:
    f = two_accounts(
        {"event_date": "2024-08-26", "location": "Quetta", "killed": "at least 22"},
        {"event_date": "2024-08-27", "location": "Quetta", "killed": "23"},
    )
    assert evidence.reasons(f, 0, 1) == ("dates within a day of each other", "same place (Quetta)",
                                         "death tolls compatible")  # fmt: skip
    empty = np.zeros(0, dtype=np.int64)
    assert [len(column) for column in reason_columns(f, empty, empty)] == [0] * len(REASON_KINDS)


def test_the_page_of_kinds_is_generated_from_the_kinds(regen: bool) -> None:
    page = ROOT / "docs" / "evidence.md"
    text = evidence.describe() + "\n"
    if regen:
        page.write_text(text, encoding="utf-8")
    assert page.read_text(encoding="utf-8") == text, "docs/evidence.md is stale: pytest --regen-golden"
    for kind in KINDS:
        assert f"## {kind.name}" in text
        for level in kind.levels:
            assert level.says in text


def test_match_help_points_to_the_page_of_kinds() -> None:
    from click.testing import CliRunner

    from reconcile.cli import main

    result = CliRunner().invoke(main, ["match", "--help"])
    assert "reconcile docs evidence" in " ".join(result.output.split())
    page = CliRunner().invoke(main, ["docs", "evidence"])
    assert page.exit_code == 0
    assert page.output == (ROOT / "docs" / "evidence.md").read_text(encoding="utf-8")


def test_scoring_in_slices_gives_what_scoring_at_once_gives(monkeypatch: pytest.MonkeyPatch) -> None:
    f = two_accounts({**EVERYTHING, "incident": "x"}, {"event_date": "2024-08-27", "location": "Gwadar"})
    a = np.array([0, 1, 0, 1, 0, 0, 1, 1, 0, 1])
    b = 1 - a
    for skip_forbidden in (False, True):
        whole = score_pairs(f, a, b, skip_forbidden)
        monkeypatch.setattr(evidence, "PAIRS_AT_ONCE", 3)
        sliced = score_pairs(f, a, b, skip_forbidden)
        monkeypatch.undo()
        assert [x.tolist() for x in sliced] == [x.tolist() for x in whole]
    monkeypatch.setattr(evidence, "PAIRS_AT_ONCE", len(a))  # exactly one slice
    assert [x.tolist() for x in score_pairs(f, a, b)] == [x.tolist() for x in whole]
