"""Properties held over generated input: order does not matter, a value agrees with itself,
parsing is idempotent."""

from __future__ import annotations

import datetime as dt
import json
import random

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reconcile
from reconcile.read import load
from reconcile.report.as_json import to_dict
from reconcile.schema import Kind
from reconcile.values import interval_text, load_vocabulary, parse_value, relation
from reconcile.values.counts import parse_count
from tests.conftest import ROOT, SEED_FILES

VOCAB = load_vocabulary()
SEED = load([ROOT / f for f in SEED_FILES])


def _canonical(document: dict) -> str:  # type: ignore[type-arg]
    """The report with every list of peers sorted: equal when only the order differs."""
    document = json.loads(json.dumps(document))
    document["inputs"] = sorted(document["inputs"])
    for account in document["accounts"]:
        account.pop("row")
        account.pop("file")
    document["accounts"].sort(key=lambda a: a["id"])
    return json.dumps(document, sort_keys=True)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.randoms(use_true_random=False))
def test_reordering_accounts_changes_nothing_but_order(rng: random.Random) -> None:
    shuffled = SEED.sample(frac=1.0, random_state=rng.randrange(2**32)).reset_index(drop=True)
    original = to_dict(reconcile.reconcile(SEED))
    reordered = to_dict(reconcile.reconcile(shuffled))
    assert _canonical(original) == _canonical(reordered)


def test_reordering_files_changes_nothing_but_order() -> None:
    one = to_dict(reconcile.reconcile([ROOT / f for f in SEED_FILES]))
    two = to_dict(reconcile.reconcile([ROOT / f for f in reversed(SEED_FILES)]))
    assert _canonical(one) == _canonical(two)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(range(len(SEED))))
def test_an_account_compared_with_itself_agrees_on_every_field(row: int) -> None:
    account = SEED.iloc[[row]]
    twin = account.assign(id=account["id"] + "-twin", source=account["source"] + " (twin)")
    table = pd.concat([account, twin], ignore_index=True).assign(incident="", scope=account["scope"].iloc[0])
    report = reconcile.reconcile(table)
    assert len(report.incidents) == 1
    (incident,) = report.incidents
    assert all(f.status == "agree" for f in incident.fields), [(f.field, f.status) for f in incident.fields]


COUNT_PHRASES = st.one_of(
    st.integers(0, 5000).map(str),
    st.tuples(
        st.sampled_from(
            ["at least", "more than", "up to", "fewer than", "about", "nearly", "as many as", ""]
        ),
        st.integers(1, 5000),
    ).map(lambda t: f"{t[0]} {t[1]}".strip()),
    st.tuples(st.integers(0, 500), st.integers(0, 500)).map(lambda t: f"{t[0]}-{t[1]}"),
    st.sampled_from(["dozens", "a few", "several", "half a dozen", "three dozen", "twenty-three", "none"]),
)


@given(COUNT_PHRASES)
def test_count_parsing_is_idempotent(phrase: str) -> None:
    first = parse_count(phrase)
    assert first.parsed
    again = parse_count(interval_text(first.low, first.high))
    assert (again.low, again.high) == (first.low, first.high)


@given(
    st.sampled_from(
        sorted({v for c in ("location", "perpetrator", "victims", "event_date") for v in SEED[c]} - {""})
    )
)
def test_value_parsing_is_idempotent_and_reflexive(raw: str) -> None:
    column = next(c for c in ("location", "perpetrator", "victims", "event_date") if raw in set(SEED[c]))
    kind = {
        "location": Kind.PLACE,
        "perpetrator": Kind.ACTOR,
        "victims": Kind.CATEGORY,
        "event_date": Kind.DATE,
    }[column]
    import datetime as dt

    anchor = dt.date(2024, 8, 26)
    first = parse_value(kind, raw, anchor, VOCAB)
    assert first == parse_value(kind, raw, anchor, VOCAB)
    assert relation(first, first) == "agree"
    if first.parsed and kind is not Kind.DATE:
        again = parse_value(kind, first.display, anchor, VOCAB)
        assert relation(first, again) == "agree"


# --- relation() is symmetric, for every kind: who is named first never changes the verdict
SYMMETRIC_PHRASES = {
    Kind.COUNT: ["23", "at least 20", "more than 21", "about 25", "dozens", "20-25", "none", "several",
                 "au moins 12", "une vingtaine", "1,200", "18 soldiers and 4 civilians", "up to 30",
                 "nearly 60", "at least 20 and as many as 30"],
    Kind.PLACE: ["Quetta", "Quetta, Balochistan", "Balochistan", "Kalat", "Qalat district", "Musakhel",
                 "Rarasham, Musa Khel district", "Gwadar", "Karachi", "Sindh", "Pakistan",
                 "Kramatorsk railway station", "Mogadishu", "Muqdisho", "El Fasher", "Al-Fashir"],
    Kind.DATE: ["2024-08-26", "25 August 2024", "night of 25/26 August 2024", "August 2024", "Sunday",
                "last week", "2024", "mid-August 2024"],
    Kind.CATEGORY: ["civilians", "soldiers", "passengers", "police officers", "militants", "fighters",
                   "journalists", "hostages", "civilians and soldiers", "people from Punjab"],
}  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(sorted(SYMMETRIC_PHRASES, key=str)),
    st.data(),
)
def test_relation_is_symmetric_for_every_kind(kind: Kind, data: st.DataObject) -> None:
    vocabulary = load_vocabulary()
    published = dt.date(2024, 8, 26)
    phrase = st.sampled_from(SYMMETRIC_PHRASES[kind]) | st.text(min_size=1, max_size=15)
    a = parse_value(kind, data.draw(phrase), published, vocabulary)
    b = parse_value(kind, data.draw(phrase), published, vocabulary)
    if a.parsed and b.parsed:
        assert relation(a, b) == relation(b, a), (a.raw, b.raw)
        assert relation(a, a) == "agree"
