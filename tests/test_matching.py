"""Matching: labels, spellings, chains of weak links, same source in two places, aggregates."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import numpy as np
import pytest

import reconcile
from reconcile.match import THRESHOLD, cluster, explain, features, score_pairs
from reconcile.match import match as match_incidents
from reconcile.match.links import BLIND_REASON
from reconcile.values import parse_accounts
from tests.conftest import write

HEADER = "id,source,source_type,published,event_date,location,perpetrator,killed,incident,scope,event_type\n"


def _groups(tmp_path: Path, rows: str) -> set[frozenset[str]]:
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    return {frozenset(i.accounts) for i in report.incidents}


def test_labels_are_respected_even_against_the_evidence(tmp_path: Path) -> None:
    rows = (
        "a,A,media,2024-08-26,2024-08-26,Quetta,,3,blast-1,,\n"
        # same place and day, other label: never merged
        "b,B,media,2024-08-26,2024-08-26,Quetta,,3,blast-2,,\n"
        "c,C,media,2024-08-26,2024-08-20,Lahore,,9,blast-1,,\n"  # other place and day, same label: merged
    )
    assert _groups(tmp_path, rows) == {frozenset({"a", "c"}), frozenset({"b"})}


def test_spellings_meet_and_different_places_stay_apart(tmp_path: Path) -> None:
    rows = (
        "a,A,media,2024-08-26,2024-08-26,Musakhail,,23,,,\n"
        "b,B,media,2024-08-26,2024-08-26,Musa Khel district,,twenty-three,,,\n"
        'c,C,media,2024-08-26,2024-08-26,"Rarasham, Musakhel",,23,,,\n'
        "d,D,media,2024-08-26,2024-08-26,Qalat,,9,,,\n"
        "e,E,media,2024-08-26,2024-08-26,Kalat,,nine,,,\n"
    )
    assert _groups(tmp_path, rows) == {frozenset("abc"), frozenset("de")}


def test_a_chain_of_weak_links_does_not_merge_two_incidents(tmp_path: Path) -> None:
    # x (Balochistan, no date) links weakly to both Quetta incidents; the two incidents are on
    # different days, so they can never be one, and x joins at most one of them.
    rows = (
        "q1,A,media,2024-08-21,2024-08-20,Quetta,gunmen,5,,,shooting\n"
        "q2,B,media,2024-08-21,2024-08-20,Quetta,gunmen,5,,,shooting\n"
        "x,C,media,2024-08-22,,Quetta,gunmen,5,,,shooting\n"
        "r1,D,media,2024-08-23,2024-08-23,Quetta,gunmen,5,,,shooting\n"
        "r2,E,media,2024-08-23,2024-08-23,Quetta,gunmen,5,,,shooting\n"
    )
    groups = _groups(tmp_path, rows)
    assert not any({"q1", "r1"} <= g for g in groups)
    assert frozenset({"q1", "q2"}) <= next(g for g in groups if "q1" in g)
    assert frozenset({"r1", "r2"}) <= next(g for g in groups if "r1" in g)


def test_average_linkage_resists_one_strong_bridge(tmp_path: Path) -> None:
    # b is a plausible match for a (same place, same day) and for c (same place, date unknown);
    # a and c are a day apart in different districts' reports, so no chain a-b-c
    rows = (
        'a,A,media,2024-08-26,2024-08-26,"Kot, Quetta",,4,,,\n'
        "b,B,media,2024-08-26,,Quetta,,4,,,\n"
        'c,C,media,2024-08-26,2024-08-26,"Hanna, Quetta",,4,,,\n'
    )
    groups = _groups(tmp_path, rows)
    assert not any({"a", "c"} <= g for g in groups)


@pytest.mark.parametrize(
    ("second", "together"),
    [
        ("Hanna,TTP,8", False),  # same source, same day, another figure in another place
        ("Kot,TTP,8", True),  # same place: the source revised its figure
        ("Hanna,TTP,5", True),  # same figure: nothing tells them apart but an unknown place name
    ],
)
def test_same_source_two_figures_same_day_different_places_stay_apart(
    tmp_path: Path, second: str, together: bool
) -> None:
    rows = (
        "a,Dawn,media,2024-08-26,2024-08-26,Kot,TTP,5,,,bombing\n"
        f"b,Dawn,media,2024-08-27,2024-08-26,{second},,,bombing\n"
    )
    assert (frozenset("ab") in _groups(tmp_path, rows)) is together


def test_different_days_stay_apart_and_links_explain_themselves(tmp_path: Path) -> None:
    rows = (
        "a,A,media,2024-08-26,2024-08-26,Quetta,BLA,5,,,bombing\n"
        "b,B,media,2024-08-27,2024-08-26,Quetta,Baloch Liberation Army,five,,,bombing\n"
        "c,C,media,2024-09-02,2024-09-01,Quetta,BLA,5,,,bombing\n"
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    assert {frozenset(i.accounts) for i in report.incidents} == {frozenset("ab"), frozenset("c")}
    (link,) = next(i for i in report.incidents if "a" in i.accounts).links
    assert (link.a, link.b) == ("a", "b")
    assert "dates overlap" in link.reasons
    assert "same place (Quetta)" in link.reasons
    assert any(r.startswith("same group under an alias") for r in link.reasons)
    assert "death tolls compatible" in link.reasons


def test_aggregates_cover_incidents_in_their_area_and_span(tmp_path: Path) -> None:
    rows = (
        "a,A,media,2024-08-26,2024-08-26,Quetta,gunmen,5,,,\n"
        "b,B,media,2024-08-26,2024-08-26,Gwadar,gunmen,3,,,\n"
        "c,C,media,2024-08-26,2024-08-26,Lahore,gunmen,2,,,\n"  # Punjab, outside the area
        "d,D,media,2024-08-26,2024-07-01,Quetta,gunmen,2,,,\n"  # outside the span
        "t,T,media,2024-08-26,2024-08-26,Balochistan,armed men,at least 8,,aggregate,\n"
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    total = next(i for i in report.incidents if i.scope == "aggregate")
    covered = {a for c in total.covers for a in report.incident(c).accounts}
    assert covered == {"a", "b"}
    (check,) = total.checks
    assert check.status == "pass"


@pytest.mark.parametrize(
    ("rows", "ids"),
    [
        # an unlabelled incident is numbered by its first account in id order; a label is slugged
        (
            'a,A,media,2024-08-26,2024-08-26,"Rarasham, Musakhail",,5,,,\n'
            "b,B,media,2024-08-26,2024-08-26,Quetta,,5,My Label!,,\n",
            {"a": "incident-000001", "b": "my-label"},
        ),
        # a label that reads as another incident's number does not take it
        (
            "a,A,media,2024-08-26,2024-08-26,Quetta,,5,incident-000002,,\n"
            "b,B,media,2024-08-26,2024-08-26,Gwadar,,5,,,\n",
            {"a": "incident-000002-2", "b": "incident-000002"},
        ),
        # three labels that slug alike ("Wave 1", "wave-1", "WAVE_1": three incidents): -2, -3
        (
            "a,A,media,2024-08-26,2024-08-26,Quetta,,5,Wave 1,,\n"
            "b,B,media,2024-08-26,2024-08-26,Quetta,,5,wave-1,,\n"
            "c,C,media,2024-08-26,2024-08-26,Quetta,,5,WAVE_1,,\n",
            {"a": "wave-1", "b": "wave-1-2", "c": "wave-1-3"},
        ),
        # one label in two cases is one label: its first account's spelling names it
        (
            "a,A,media,2024-08-26,2024-08-26,Quetta,,5,Kalat Attack,,\n"
            "b,B,media,2024-08-26,2024-08-26,Quetta,,5,kalat attack,,\n",
            {"a": "kalat-attack", "b": "kalat-attack"},
        ),
        # a long label is cut to 60 characters
        (
            "a,A,media,2024-08-26,2024-08-26,Quetta,,5," + "x" * 80 + ",,\n",
            {"a": "x" * 60},
        ),
    ],
)
def test_one_incident_id_in_the_match_table_explain_and_report(
    tmp_path: Path, rows: str, ids: dict[str, str]
) -> None:
    path = write(tmp_path / "a.csv", HEADER + rows)
    report = reconcile.reconcile(path)
    assert {a: i.id for i in report.incidents for a in i.accounts} == ids
    table = reconcile.match(path)
    assert dict(zip(table["id"], table["incident"], strict=True)) == ids
    parsed = parse_accounts(reconcile.load(path), reconcile.load_vocabulary()).sorted_by_id()
    matching = match_incidents(parsed)
    for account, incident in ids.items():
        said = explain(parsed, matching, account)
        assert said.startswith(f"{account} is in {incident} with")


@pytest.mark.parametrize("copies", [2, 3])
def test_matching_is_deterministic(tmp_path: Path, copies: int) -> None:
    rows = "".join(f"a{i},S{i},media,2024-08-26,2024-08-26,Quetta,,{i},,,\n" for i in range(copies))
    path = write(tmp_path / "a.csv", HEADER + rows)
    assert reconcile.render(reconcile.reconcile(path), "json") == reconcile.render(
        reconcile.reconcile(path), "json"
    )


def test_accounts_with_no_date_place_or_label_are_one_incident(tmp_path: Path) -> None:
    path = write(
        tmp_path / "a.csv", "source,killed,victims\nA,at least 22,civilians\nB,23,passengers\nC,25,soldiers\n"
    )
    report = reconcile.reconcile(path)
    (incident,) = report.incidents
    killed = next(f for f in incident.fields if f.field == "killed")
    assert killed.status == "conflict"
    assert killed.groups == (("a:2",), ("a:3",))  # 23 against 25 ...
    # ... and "at least 22" is compatible with both
    assert [(b.accounts, b.groups) for b in killed.bridges] == [(("a:1",), (0, 1))]
    assert "taken as one incident" in incident.links[0].reasons[0]


def test_relative_dates_count_back_from_the_local_day_of_publication(tmp_path: Path) -> None:
    # published at 01:00 in Pakistan on the 26th, which is still the 25th in UTC
    path = write(tmp_path / "a.csv", "source,published,event_date\nA,2024-08-26T01:00:00+05:00,yesterday\n")
    (incident,) = reconcile.reconcile(path).incidents
    (date,) = [f for f in incident.fields if f.field == "event_date"]
    assert date.consensus == (dt.date(2024, 8, 25), dt.date(2024, 8, 25))


@pytest.mark.parametrize(
    ("places", "together"),
    [
        (("Tirah", "Khyber Pakhtunkhwa"), True),  # a province says nothing against a place it may hold
        (("Kurram", "Bajaur"), False),  # two districts the vocabulary knows: they lie apart
        (("Kurram", "Sindh"), False),  # a known district outside the province named
        (("Tirah, Khyber", "Khyber"), True),  # a place within its district
    ],
)
def test_places_kept_apart_only_when_known_to_lie_apart(
    tmp_path: Path, places: tuple[str, str], together: bool
) -> None:
    rows = "".join(
        f'{name},{name.upper()},media,2024-08-26,2024-08-26,"{place}",TTP,5,,,bombing\n'
        for name, place in zip("ab", places, strict=True)
    )
    assert (frozenset("ab") in _groups(tmp_path, rows)) is together


def test_match_reports_progress_up_to_the_last_step(tmp_path: Path) -> None:
    from reconcile.match import match
    from reconcile.values import parse_accounts

    rows = "".join(f"a{d},S{d},media,2024-08-{d:02d},2024-08-{d:02d},Quetta,,3,,,\n" for d in range(1, 29))
    parsed = parse_accounts(reconcile.load(write(tmp_path / "a.csv", HEADER + rows))).sorted_by_id()
    calls: list[tuple[int, int]] = []
    match(parsed, progress=lambda done, total: calls.append((done, total)))
    assert [done for done, _ in calls] == list(range(1, len(calls) + 1))
    assert calls[-1][0] == calls[-1][1] and len({total for _, total in calls}) == 1


def test_a_large_component_is_split_only_where_it_is_too_large(monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    from reconcile.match import cluster

    monkeypatch.setattr(cluster, "MAX_DENSE", 3)
    # a tight incident (0, 1, 2; links 0.62) bridged at 0.55 to a chain of four (links 0.70)
    links = [(0, 1, 0.62), (0, 2, 0.62), (1, 2, 0.62), (2, 3, 0.55), (3, 4, 0.7), (4, 5, 0.7), (5, 6, 0.7)]
    a, b, score = (np.array(column) for column in zip(*links, strict=True))
    pieces = cluster.split_large(np.zeros(7, dtype=np.int64), a, b, score)  # one component of 7
    assert [0, 1, 2] in pieces  # kept whole: raising the threshold for the chain does not cut it
    # the chain's links are alike: they fall at once, and it is clustered whole, pair by pair
    assert sorted(pieces) == [[0, 1, 2], [3, 4, 5, 6]]
    monkeypatch.setattr(cluster, "MAX_WHOLE", 3)  # unless it is too large for that: cut to accounts
    assert sorted(cluster.split_large(np.zeros(7, dtype=np.int64), a, b, score)) == [
        [0, 1, 2],
        [3],
        [4],
        [5],
        [6],
    ]


def test_a_link_exactly_at_a_raised_threshold_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    # a triangle at 0.6, bridged at 0.55 to a pair at 0.7: raised to 0.6, the bridge falls and
    # the triangle's links, exactly 0.6, hold (not 0.6000000000000001, as 0.55 + 0.05 adds up)
    monkeypatch.setattr(cluster, "MAX_DENSE", 3)
    links = [(0, 1, 0.6), (0, 2, 0.6), (1, 2, 0.6), (2, 3, 0.55), (3, 4, 0.7)]
    a, b, score = (np.array(column) for column in zip(*links, strict=True))
    assert sorted(cluster.split_large(np.zeros(5, dtype=np.int64), a, b, score)) == [[0, 1, 2], [3, 4]]


@pytest.mark.parametrize(("size", "pieces"), [(1000, 1), (1001, 1001)])
def test_a_piece_whose_links_all_fall_at_once_is_kept_whole_up_to_a_thousand(size: int, pieces: int) -> None:
    # every pair linked at one score: raising the threshold drops them all at once
    a, b = np.triu_indices(size, k=1)
    score = np.full(len(a), 0.7)
    assert len(cluster.split_large(np.zeros(size, dtype=np.int64), a, b, score)) == pieces


def test_the_last_raised_threshold_is_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # links of 1.0 and 0.95 in turn: nothing falls until the threshold reaches 1.0 itself
    monkeypatch.setattr(cluster, "MAX_DENSE", 3)
    links = [(0, 1, 1.0), (1, 2, 0.95), (2, 3, 1.0), (3, 4, 0.95), (4, 5, 1.0)]
    a, b, score = (np.array(column) for column in zip(*links, strict=True))
    assert sorted(cluster.split_large(np.zeros(6, dtype=np.int64), a, b, score)) == [[0, 1], [2, 3], [4, 5]]


@pytest.mark.parametrize("told_by", [cluster.MAX_DENSE, cluster.MAX_DENSE + 1, 250])
def test_one_incident_told_alike_by_many_sources_stays_one(tmp_path: Path, told_by: int) -> None:
    # every link alike: raising the threshold drops them all at once; no weakest link to cut
    rows = "".join(f"a{i:03d},S{i},media,2024-08-26,2024-08-26,Quetta,,5,,,\n" for i in range(told_by))
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    assert [len(i.accounts) for i in report.incidents] == [told_by]


@pytest.mark.parametrize("enabled_before", [True, False])
def test_the_collector_pause_restores_what_it_found(enabled_before: bool) -> None:
    import gc

    from reconcile.bulk import collector_paused

    was = gc.isenabled()
    (gc.enable if enabled_before else gc.disable)()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert gc.isenabled() is enabled_before
        with pytest.raises(ValueError), collector_paused():
            raise ValueError("a failure inside the block")
        assert gc.isenabled() is enabled_before
    finally:
        (gc.enable if was else gc.disable)()


def _merged_one_pair_at_a_time(
    score: dict[tuple[int, int], float], vetoed: set[tuple[int, int]], size: int
) -> list[list[int]]:
    """Average linkage as written in textbooks: merge the best pair of clusters, one at a time."""
    clusters = [[member] for member in range(size)]
    while True:
        best = None
        for x, y in itertools.combinations(range(len(clusters)), 2):
            pairs = [(min(p, q), max(p, q)) for p in clusters[x] for q in clusters[y]]
            if any(pair in vetoed for pair in pairs):
                continue
            average = sum(score[pair] for pair in pairs) / len(pairs)
            if average >= THRESHOLD and (best is None or average > best[0]):
                best = (average, x, y)
        if best is None:
            return sorted(sorted(c) for c in clusters)
        _, x, y = best
        clusters[x] += clusters.pop(y)


@pytest.mark.parametrize("size", [3, 5, 8, 13])
def test_merging_rounds_give_what_merging_one_pair_at_a_time_gives(size: int) -> None:
    import numpy as np

    from reconcile.match.cluster import _merge_rounds

    generator = np.random.default_rng(size)
    count = 60
    first, second = np.triu_indices(size, k=1)
    scores = np.round(generator.uniform(0.0, 1.0, (count, len(first))), 4)
    vetoes = generator.random((count, len(first))) < 0.15
    cluster = _merge_rounds(scores, vetoes, size)
    for piece in range(count):
        score = {(int(p), int(q)): float(s) for p, q, s in zip(first, second, scores[piece], strict=True)}
        vetoed = {(int(p), int(q)) for p, q, v in zip(first, second, vetoes[piece], strict=True) if v}
        ours = sorted(sorted(np.flatnonzero(cluster[piece] == c).tolist()) for c in np.unique(cluster[piece]))
        assert ours == _merged_one_pair_at_a_time(score, vetoed, size), piece


def test_reasons_join_every_kind_said_and_keep_links_that_say_nothing() -> None:
    import pandas as pd

    from reconcile.match import REASON_KINDS
    from reconcile.match.links import reasons_text

    rows = [
        ("same incident label 'x'", "dates overlap", "", "", "", ""),
        ("", "", "", "", "", ""),  # a link whose evidence says nothing: kept, as ""
        ("", "", "places differ (a; b / c)", "", "death tolls compatible", ""),
        ("", "", "", "", "", "kinds of event fit"),
        ("", "", "", "", "", ""),
    ]
    columns = zip(REASON_KINDS, zip(*rows, strict=True), strict=True)
    joins = pd.DataFrame({"reason_" + kind: pd.Series(column, dtype="str") for kind, column in columns})
    assert reasons_text(joins).to_pylist() == ["; ".join(filter(None, row)) for row in rows]


@pytest.mark.parametrize(
    ("score", "shown"),
    [(0.495, "0.495"), (0.4999, "0.4999"), (0.5, "0.5"), (0.35, "0.35"), (1.0, "1"), (0.0, "0")],
)
def test_explained_scores_are_shown_as_held_never_rounded_up_to_the_threshold(
    score: float, shown: str
) -> None:
    from reconcile.match import score_text

    assert score_text(score) == shown


def _split_one_by_one(
    members: list[int], a: np.ndarray, b: np.ndarray, score: np.ndarray, threshold: float, most: int
) -> list[list[int]]:
    """The split written as a recursion, one component at a time: the reference."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    if len(members) <= most:
        return [members]
    index = {row: i for i, row in enumerate(members)}
    local_a, local_b = np.array([index[x] for x in a], dtype=int), np.array([index[x] for x in b], dtype=int)
    for raised in np.round(np.arange(threshold + 0.05, 1.0001, 0.05), 4):
        strong = score >= raised
        graph = coo_matrix(
            (np.ones(int(strong.sum())), (local_a[strong], local_b[strong])), shape=(len(members),) * 2
        )
        count, label = connected_components(graph, directed=False)
        if count == 1:
            continue
        if count == len(members) and len(members) <= cluster.MAX_WHOLE:  # every link fell at once
            return [members]
        pieces = []
        for part in range(count):
            inside = strong & (label[local_a] == part) & (label[local_b] == part)
            rows = [members[i] for i in np.flatnonzero(label == part)]
            pieces += _split_one_by_one(rows, a[inside], b[inside], score[inside], float(raised), most)
        return pieces
    return [members]


@pytest.mark.parametrize("most", [4, 6, 10])
@pytest.mark.parametrize("seed", range(8))
def test_all_large_components_split_at_once_as_one_by_one(
    monkeypatch: pytest.MonkeyPatch, seed: int, most: int
) -> None:
    import numpy as np

    from reconcile.match import THRESHOLD, cluster

    monkeypatch.setattr(cluster, "MAX_DENSE", most)
    monkeypatch.setattr(cluster, "MAX_WHOLE", 2 * most)
    generator = np.random.default_rng(seed)
    rows = generator.permutation(90)
    component = np.repeat(np.arange(3), 30)[np.argsort(rows)]  # three components of 30, rows mixed
    a, b, score = [], [], []
    for label in range(3):
        members = np.flatnonzero(component == label)
        for i in range(1, len(members)):  # a random tree, then a few more links
            a.append(members[generator.integers(0, i)])
            b.append(members[i])
        for _ in range(20):
            x, y = generator.choice(members, 2, replace=False)
            a.append(x)
            b.append(y)
    grid = np.round(np.arange(0.5, 1.0001, 0.05), 4)  # scores on the thresholds themselves, too
    score = np.where(
        generator.random(len(a)) < 0.5, generator.choice(grid, len(a)), generator.uniform(0.5, 1, len(a))
    )
    score = np.round(score, 4)
    a, b = np.array(a), np.array(b)
    a, b = np.minimum(a, b), np.maximum(a, b)
    expected = []
    for label in range(3):
        inside = component[a] == label
        members = np.flatnonzero(component == label).tolist()
        expected += _split_one_by_one(members, a[inside], b[inside], score[inside], THRESHOLD, most)
    assert sorted(cluster.split_large(component, a, b, score)) == sorted(sorted(p) for p in expected)


@pytest.mark.parametrize("span", [1, 5, 2**15 - 1, 2**15, 2**15 + 1, 40_000])
def test_day_order_is_a_stable_sort_by_day(span: int) -> None:
    """Days sorted as 16-bit offsets (or not, past 32,767 days) keep numpy's stable order."""
    from reconcile.match.evidence.dates import in_day_order as _in_day_order

    days = np.random.default_rng(span).integers(700_000, 700_000 + span, 20_000).astype(float)
    days[:2] = [700_000, 700_000 + span - 1]  # the whole span
    assert _in_day_order(days).tolist() == np.argsort(days, kind="stable").tolist()


@pytest.mark.parametrize(("links", "decimals"), [(1, 3), (50, 3), (5000, 3), (500, 5)])
def test_links_are_ordered_by_incident_then_strongest_as_lexsort_orders_them(
    links: int, decimals: int
) -> None:
    """Two int64 keys give the order of the four (incident, -score, a, b); scores not held to three
    decimals take the four keys."""
    from reconcile.match.links import incident_then_strongest as _incident_then_strongest

    generator = np.random.default_rng(links)
    numbers = generator.integers(0, 40, links)
    scores = np.round(generator.integers(0, 4, links) / 4 + generator.random(links) / 100, decimals)
    rank_a, rank_b = generator.integers(0, 30, links), generator.integers(0, 30, links)
    expected = np.lexsort((rank_b, rank_a, -scores, numbers))
    assert _incident_then_strongest(numbers, scores, rank_a * 30 + rank_b).tolist() == expected.tolist()


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        # a quiet day: its accounts are all compared, whatever their places
        (
            "q1,A,2024-08-26,Xaran,\nq2,B,2024-08-26,Yolvat,\nq3,C,2024-08-26,Zumbi,\n",
            {"q1-q2", "q1-q3", "q2-q3"},
        ),
        # a busy day (more than MAX_DAY_BLOCK, here 3): only accounts that share a place key
        (
            "b1,A,2024-08-27,Xaran,\nb2,B,2024-08-27,Yolvat,\nb3,C,2024-08-27,Zumbi,\nb4,D,2024-08-27,Xaran,\n",
            {"b1-b4"},
        ),
        # a busy day: an account with no place is compared with no one (the day alone is purged)
        (
            "b1,A,2024-08-27,Xaran,\nb2,B,2024-08-27,Yolvat,\nb3,C,2024-08-27,Zumbi,\nb4,D,2024-08-27,Xaran,\n"
            "b5,E,2024-08-27,,\n",
            {"b1-b4"},
        ),
        # a busy day: the first three letters of the transliteration key (zrk-n, zrk-bn) meet
        (
            "b1,A,2024-08-27,Zorakan,\nb2,B,2024-08-27,Zorkaban,\nb3,C,2024-08-27,Xaran,\nb4,D,2024-08-27,Yolvat,\n",
            {"b1-b2"},
        ),
        # a busy day: the two most specific levels are blocked, never the province they share
        (
            'b1,A,2024-08-27,"Sambaza, Zhob, Balochistan",\n'
            'b2,B,2024-08-27,"Rarasham, Musakhail, Balochistan",\n'
            "b3,C,2024-08-27,Xaran,\nb4,D,2024-08-27,Yolvat,\n",
            set(),
        ),
        # an aggregate is counted in its own scope's block, not in the incidents' day
        (
            "q1,A,2024-08-26,Xaran,\nq2,B,2024-08-26,Yolvat,\nq3,C,2024-08-26,Zumbi,\nagg,D,2024-08-26,,aggregate\n",
            {"q1-q2", "q1-q3", "q2-q3"},
        ),
    ],
)
def test_busy_days_are_purged_from_blocking(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, rows: str, expected: set[str]
) -> None:
    from reconcile.match import blocking, features
    from reconcile.values import parse_accounts

    monkeypatch.setattr(blocking, "MAX_DAY_BLOCK", 3)
    accounts = write(tmp_path / "a.csv", "id,source,event_date,location,scope\n" + rows)
    parsed = parse_accounts(reconcile.load(accounts)).sorted_by_id()
    f = features(parsed)
    a, b = blocking.candidate_pairs(f, np.flatnonzero(~np.isnan(f.dates.implied_lo)))
    ids = parsed.table["id"].tolist()
    assert {"-".join(sorted((ids[x], ids[y]))) for x, y in zip(a, b, strict=True)} == expected


def _average_linkage(
    size: int, score: dict[tuple[int, int], float], vetoed: set[tuple[int, int]]
) -> list[list[int]]:
    """Average linkage with cannot-links written plainly, one merge at a time: the reference. Two
    clusters merge while the best average score between them (over every pair of members) is at
    least the threshold and no pair between them is forbidden."""
    from reconcile.match import THRESHOLD

    clusters = [[k] for k in range(size)]
    while True:
        best: tuple[float, int, int] | None = None
        for x, y in itertools.combinations(range(len(clusters)), 2):
            pairs = [(min(p, q), max(p, q)) for p in clusters[x] for q in clusters[y]]
            if any(pair in vetoed for pair in pairs):
                continue
            average = round(sum(score[pair] for pair in pairs) / len(pairs), 9)
            if average >= THRESHOLD and (best is None or average > best[0]):
                best = (average, x, y)
        if best is None:
            return sorted(sorted(c) for c in clusters)
        _, x, y = best
        clusters[x] += clusters.pop(y)


def _clusters_of(parent: np.ndarray) -> list[list[int]]:
    by_root: dict[int, list[int]] = {}
    for member, root in enumerate(parent.tolist()):
        by_root.setdefault(root, []).append(member)
    return sorted(by_root.values())


@pytest.mark.parametrize("size", [2, 3, 5, 8])
def test_clustering_in_rounds_merges_as_average_linkage_one_merge_at_a_time(size: int) -> None:
    from reconcile.match import cluster

    generator = np.random.default_rng(size)
    i, j = np.triu_indices(size, k=1)
    pieces = 60
    score = np.round(generator.uniform(0.2, 1.0, (pieces, len(i))), 4)
    veto = generator.random((pieces, len(i))) < 0.15
    parents = cluster._merge_rounds(score.copy(), veto.copy(), size)
    for k in range(pieces):
        scores = {(int(a), int(b)): float(s) for a, b, s in zip(i, j, score[k], strict=True)}
        vetoed = {(int(a), int(b)) for a, b, v in zip(i, j, veto[k], strict=True) if v}
        assert _clusters_of(parents[k]) == _average_linkage(size, scores, vetoed), k


@pytest.mark.parametrize(
    ("scores", "vetoes", "clusters"),
    [
        # three accounts: 0-1 at exactly the threshold merge; 2 is forbidden with 0
        ([0.5, 0.9, 0.2], [False, True, False], [[0, 1], [2]]),
        # 0-1 merge at 0.9; then {0, 1} with 2 averages (0.55 + 0.45) / 2 = 0.5: merge at the threshold
        ([0.9, 0.55, 0.45], [False, False, False], [[0, 1, 2]]),
        # ... and just below it, not
        ([0.9, 0.55, 0.4499], [False, False, False], [[0, 1], [2]]),
        # a cannot-link between 1 and 2 keeps 2 out of {0, 1}, however high 0-2
        ([0.9, 0.95, 0.9], [False, False, True], [[0, 2], [1]]),
    ],
)
def test_clustering_at_the_threshold_and_with_cannot_links(
    scores: list[float], vetoes: list[bool], clusters: list[list[int]]
) -> None:
    from reconcile.match import cluster

    parent = cluster._merge_rounds(np.array([scores]), np.array([vetoes]), 3)
    assert _clusters_of(parent[0]) == clusters


def _mixed(tmp_path: Path, count: int, seed: int) -> Path:
    """Generated accounts with some turned into aggregates, labelled, undated or placeless (the
    rules of bench/same_output.py's mixed file)."""
    import pandas as pd

    from tests.conftest import generated_accounts

    accounts, _ = generated_accounts(tmp_path, count, seed)
    table = pd.read_csv(accounts, dtype=str, keep_default_na=False)
    number = np.arange(len(table))
    table["scope"] = np.where(number % 13 == 0, "aggregate", "")
    table["incident"] = np.where(number % 17 == 4, [f"op-{k % 5}" for k in number], "")
    undated = number % 11 == 3
    table.loc[undated, "event_date"] = ""
    table.loc[undated, "published"] = ""
    table.loc[number % 23 == 9, "location"] = ""
    return write(tmp_path / "mixed.csv", table.to_csv(index=False))


@pytest.mark.parametrize("seed", [3, 4])
def test_each_incident_is_joined_by_a_strongest_spanning_tree_of_its_own_links(
    tmp_path: Path, seed: int
) -> None:
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components, minimum_spanning_tree

    path = _mixed(tmp_path, 400, seed)
    report = reconcile.reconcile(path)
    parsed = parse_accounts(reconcile.load(path), reconcile.load_vocabulary()).sorted_by_id()
    f = features(parsed)
    row = {account: r for r, account in enumerate(parsed.table["id"].tolist())}
    several = [i for i in report.incidents if len(i.accounts) > 1]
    assert several
    for incident in several:
        members = sorted(row[a] for a in incident.accounts)
        links = incident.links
        assert len(links) == len(members) - 1, incident.id  # a tree: one link fewer than accounts
        assert all(link.a in incident.accounts and link.b in incident.accounts for link in links)
        at = {r: k for k, r in enumerate(members)}
        a = np.array([at[row[link.a]] for link in links])
        b = np.array([at[row[link.b]] for link in links])
        count, _ = connected_components(coo_matrix((np.ones(len(a)), (a, b)), shape=(len(members),) * 2))
        assert count == 1, incident.id  # ... that joins them all
        assert [link.score for link in links] == sorted((link.score for link in links), reverse=True)
        x, y = np.triu_indices(len(members), k=1)
        score, _ = score_pairs(f, np.array(members)[x], np.array(members)[y])
        best = minimum_spanning_tree(coo_matrix((2.0 - score, (x, y)), shape=(len(members),) * 2))
        strongest = round(float((2.0 - best.data).sum()), 2)
        assert round(sum(link.score for link in links), 2) == pytest.approx(strongest, abs=0.01 * len(links))


def test_accounts_of_a_blind_scope_are_one_incident_linked_to_its_first_account(tmp_path: Path) -> None:
    # the aggregates give no date, place or label: one incident, a star from the first in id order
    rows = (
        "d,A,media,2024-08-26,2024-08-26,Quetta,,5,,,\n"
        "c,B,media,,,,,50,,aggregate,\n"
        "a,C,media,,,,,55,,aggregate,\n"
        "b,D,media,,,,,60,,aggregate,\n"
    )
    path = write(tmp_path / "a.csv", HEADER + rows)
    report = reconcile.reconcile(path)
    blind = next(i for i in report.incidents if i.scope == "aggregate")
    assert sorted(blind.accounts) == ["a", "b", "c"]
    assert [(link.a, link.b, link.score) for link in blind.links] == [("a", "b", 0.0), ("a", "c", 0.0)]
    assert all(link.reasons == (BLIND_REASON,) for link in blind.links)
    table = reconcile.match(path).set_index("id")
    assert table.loc[["b", "c"], "linked_to"].tolist() == ["a", "a"]
    assert table.loc["b", "reasons"] == BLIND_REASON


def test_links_of_equal_score_go_from_the_first_account_and_keep_their_reasons(tmp_path: Path) -> None:
    # three accounts told alike: every pair scores the same, and the tree is a star from the first
    # in id order; beside them, two aggregates with nothing to go on are one incident too
    rows = (
        "c,C,media,2024-08-26,2024-08-26,Quetta,,5,,,\n"
        "a,A,media,2024-08-26,2024-08-26,Quetta,,5,,,\n"
        "b,B,media,2024-08-26,2024-08-26,Quetta,,5,,,\n"
        "y,Y,media,,,,,50,,aggregate,\n"
        "x,X,media,,,,,55,,aggregate,\n"
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    alike = next(i for i in report.incidents if i.scope == "incident")
    assert [(link.a, link.b) for link in alike.links] == [("a", "b"), ("a", "c")]
    assert all("same place (Quetta)" in "; ".join(link.reasons) for link in alike.links)
    blind = next(i for i in report.incidents if i.scope == "aggregate")
    assert [(link.a, link.b, link.reasons) for link in blind.links] == [("x", "y", (BLIND_REASON,))]


def test_of_two_equal_links_to_an_account_the_tree_takes_the_one_to_the_first(tmp_path: Path) -> None:
    # b and c told alike (and linked most strongly); a links to each at one score: to b, the first
    rows = (
        "a,A,media,2024-08-26,2024-08-26,Quetta,,at least 4,,,\n"
        "c,C,media,2024-08-26,2024-08-26,Quetta,BLA,5,,,\n"
        "b,B,media,2024-08-26,2024-08-26,Quetta,BLA,5,,,\n"
    )
    report = reconcile.reconcile(write(tmp_path / "a.csv", HEADER + rows))
    (incident,) = report.incidents
    assert [(link.a, link.b) for link in incident.links] == [("b", "c"), ("a", "b")]


def test_links_of_one_score_are_listed_by_their_pair_of_ids(tmp_path: Path) -> None:
    # a and e told alike, b and c told alike (1.0 each); d joins both pairs at 0.85
    header = "id,source,event_date,location,killed,event_type\n"
    rows = (
        "a,A,2024-08-26,Quetta,5,bombing\ne,E,2024-08-26,Quetta,5,bombing\n"
        "b,B,2024-08-26,Quetta,5,shooting\nc,C,2024-08-26,Quetta,5,shooting\nd,D,2024-08-26,Quetta,5,\n"
    )
    (incident,) = reconcile.reconcile(write(tmp_path / "a.csv", header + rows)).incidents
    assert [(link.a, link.b, link.score) for link in incident.links] == [
        ("a", "e", 1.0), ("b", "c", 1.0), ("a", "d", 0.85), ("b", "d", 0.85)
    ]  # fmt: skip
