"""`reconcile extract`: attribution, claims, honest uncertainty, measured quality, round trip."""

from __future__ import annotations

import contextlib
import csv
import io
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

import reconcile
from reconcile.cli import main
from reconcile.extract import extract, figures, write_rows
from reconcile.schema import ACCOUNT_COLUMNS, HINT_COLUMNS, PROVENANCE_COLUMNS
from reconcile.values.counts import QUALIFIERS_AFTER, QUALIFIERS_BEFORE, VAGUE, parse_count
from tests.conftest import ROOT, SEED_DIR, write

SEED_TEXT = ROOT / "bench" / "extract" / "seed-article.txt"


@pytest.fixture(scope="module")
def seed_rows() -> list[dict[str, str]]:
    return extract([SEED_TEXT], published="2024-08-26", via="seed article")


def _by(rows: list[dict[str, str]], source: str, **where: str) -> dict[str, str]:
    found = [r for r in rows if r["source"] == source and all(r[k] == v for k, v in where.items())]
    assert len(found) == 1, (source, where, [r["source"] for r in rows])
    return found[0]


@pytest.mark.parametrize(
    ("source", "where", "expected"),
    [
        ("seed article", {"incident": "musakhail"}, {"killed": "23", "vehicles_burned": "10 vehicles", "perpetrator": "armed men",
                                                     "event_date": "overnight on Sunday"}),
        ("seed article", {"incident": "kalat"}, {"killed": "nine people", "killed_security": "four police officers",
                                                 "killed_civilians": "five passersby"}),
        ("seed article", {"incident": "bolan"}, {"killed": "six people", "location": "Bolan"}),
        ("Balochistan Liberation Army", {"incident": "musakhail"}, {"victims": "military personnel travelling in civilian clothes"}),
        ("Ministry of Interior", {}, {"victims": "innocent citizens", "source_type": "government"}),
        ("Najibullah Kakar", {}, {"via": "AFP", "source_type": "local_official", "victims": "individuals from Punjab"}),
        ("local media", {}, {"killed_militants": "12 rebel fighters", "perpetrator": "security forces", "scope": "aggregate"}),
    ],
)  # fmt: skip
def test_seed_article_claims(
    seed_rows: list[dict[str, str]], source: str, where: dict, expected: dict
) -> None:  # type: ignore[type-arg]
    row = _by(seed_rows, source, **where)
    for field, value in expected.items():
        assert row[field] == value, (field, row)


def test_every_value_has_a_confidence_and_a_quote_and_a_position(seed_rows: list[dict[str, str]]) -> None:
    for row in seed_rows:
        assert row["quote"] and row["position"].startswith("line ")
        named = {part.rsplit(" ", 1)[0] for part in row["confidence"].split("; ")}
        filled = {k for k in ("killed", "victims", "location", "perpetrator", "event_date") if row[k]}
        assert filled <= named


def test_what_was_inferred_is_flagged_for_review(seed_rows: list[dict[str, str]]) -> None:
    ministry = _by(seed_rows, "Ministry of Interior")
    assert "names no place" in ministry["review"]
    assert "source_type 'government' inferred" in ministry["review"]


def test_background_is_not_a_claim(seed_rows: list[dict[str, str]]) -> None:
    # "such as the killing of seven barbers in Gwadar in May" is a past incident
    assert not any("seven" in row["killed"] for row in seed_rows)


def test_html_is_reduced_to_its_text(tmp_path: Path) -> None:
    page = write(
        tmp_path / "page.html",
        "<html><head><script>var x = '50 killed';</script></head><body><nav>Menu</nav>"
        "<p>Gunmen killed <b>seven</b> people in Quetta on Sunday, police said.</p></body></html>",
    )
    (row,) = extract([page], published="2024-08-26", via="Dawn")
    assert (row["source"], row["killed"], row["location"]) == ("police", "seven people", "Quetta")
    assert row["event_date"] == "on Sunday"


def test_quality_meets_the_target_on_the_seed_article() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    try:
        from eval_extract import evaluate
    finally:
        sys.path.pop(0)
    results = {name: (precision, recall) for name, precision, recall, *_ in evaluate(which="gold")}
    precision, recall = results["seed-article.txt"]
    assert precision >= 0.9 and recall >= 0.9


def test_round_trip_gives_the_conflicts_of_the_hand_made_fixture(tmp_path: Path) -> None:
    extracted = tmp_path / "extracted.csv"
    result = CliRunner().invoke(
        main,
        [
            "extract",
            str(SEED_TEXT),
            "--published",
            "2024-08-26",
            "--via",
            "seed article",
            "-o",
            str(extracted),
        ],
    )
    assert result.exit_code == 0, result.output
    with contextlib.chdir(ROOT):
        by_hand = reconcile.reconcile([f"{SEED_DIR}/article.csv"])
    by_extraction = reconcile.reconcile(extracted)

    def conflicts(report: reconcile.Report) -> set[tuple[str, str]]:
        places = {}
        for incident in report.incidents:
            values = [v.value for f in incident.fields if f.field == "location" for v in f.values]
            places[incident.id] = "musakhail" if any("Musakhail" in v for v in values) else incident.id
        return {(places[i.id], f.field) for i in report.incidents for f in i.conflicts}

    assert conflicts(by_extraction) == conflicts(by_hand) == {("musakhail", "victims")}


def test_cli_writes_yaml_and_csv(tmp_path: Path) -> None:
    for name in ("a.csv", "a.yaml"):
        result = CliRunner().invoke(
            main, ["extract", str(SEED_TEXT), "--published", "2024-08-26", "-o", str(tmp_path / name)]
        )
        assert result.exit_code == 0, result.output
        assert "proposed accounts" in result.output
        assert len(reconcile.load(tmp_path / name)) >= 10
    stdout = CliRunner().invoke(main, ["extract", str(SEED_TEXT), "--published", "2024-08-26"]).output
    assert next(csv.reader(io.StringIO(stdout)))[:3] == ["id", "source", "source_type"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--published", "soon"], "is not a date"),
        (["-o", "out.txt"], ".csv or .yaml"),
    ],
)
def test_cli_errors_exit_2(args: list[str], message: str) -> None:
    result = CliRunner().invoke(main, ["extract", str(SEED_TEXT), *args])
    assert result.exit_code == 2 and message in result.output


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Local media reported that five people were killed in Quetta overnight.",
         {"source": "Local media", "source_type": "media", "killed": "five people", "event_date": "overnight"}),
        ("Gunmen shot dead three labourers in Turbat on Monday, the district police chief told Reuters.",
         {"source": "district police chief", "source_type": "police", "via": "Reuters",
          "killed_civilians": "three labourers", "perpetrator": "Gunmen", "location": "Turbat"}),
        ("A bomb ripped through a market in Quetta, killing at least 14 people and wounding 32 others, police said.",
         {"source": "police", "killed": "at least 14 people", "injured": "32 others"}),
        ("No group immediately claimed responsibility for the blast in Quetta.",
         {"source": "Dawn", "claimed_by": "no one"}),
    ],
)  # fmt: skip
def test_attribution_and_claims(tmp_path: Path, text: str, expected: dict[str, str]) -> None:
    (row,) = extract([write(tmp_path / "t.txt", text + "\n")], published="2024-09-03", via="Dawn")
    for field, value in expected.items():
        assert row[field] == value, (field, row)


# --- the count words extract finds are the ones counts reads ---------------------------------------

BEFORE = sorted(q for qualifiers in QUALIFIERS_BEFORE.values() for q in qualifiers)
AFTER = sorted(q for qualifiers in QUALIFIERS_AFTER.values() for q in qualifiers)


ABBREVIATION_ENDS_A_SENTENCE = pytest.mark.xfail(
    strict=True, reason="the parser's sentence splitter ends a sentence at 'approx.'"
)


@pytest.mark.parametrize(
    ("qualifier", "sentence"),
    [
        pytest.param(q, s, marks=[ABBREVIATION_ENDS_A_SENTENCE] if q == "approx." else [])
        for s in ("Gunmen killed {} 12 people.", "{} 12 people were killed.")
        for q in BEFORE
    ],
)
def test_every_qualifier_counts_knows_before_a_figure_is_found(qualifier: str, sentence: str) -> None:
    (killed,) = [c for c in figures(sentence.format(qualifier)) if c.field == "killed"]
    assert killed.raw == f"{qualifier} 12 people"
    assert parse_count(killed.raw) == parse_count(f"{qualifier} 12")


@pytest.mark.parametrize("qualifier", AFTER)
def test_every_qualifier_counts_knows_after_a_figure_is_found(qualifier: str) -> None:
    (killed,) = [c for c in figures(f"Gunmen killed 12 {qualifier} people.") if c.field == "killed"]
    assert killed.raw == f"12 {qualifier} people"
    assert (parse_count(killed.raw).low, parse_count(killed.raw).high) == (12, None)


@pytest.mark.parametrize("phrase", sorted(VAGUE))
def test_every_vague_quantity_counts_knows_is_found_whole(phrase: str) -> None:
    (killed,) = [c for c in figures(f"Gunmen killed {phrase} people.") if c.field == "killed"]
    assert killed.raw in (f"{phrase} people", phrase)  # "dozens people" is no English: the parse may stop
    assert (parse_count(killed.raw).low, parse_count(killed.raw).high) == VAGUE[phrase]


def test_extract_writes_every_standard_column_in_the_order_of_the_format(tmp_path: Path) -> None:
    rows = extract([SEED_TEXT], published="2024-08-26", via="seed article")
    assert all(list(row) == list(ACCOUNT_COLUMNS) for row in rows)
    header = next(csv.reader(io.StringIO(write_rows(rows, "csv"))))
    assert header == list(ACCOUNT_COLUMNS)
    assert header[:9] == [*PROVENANCE_COLUMNS, *HINT_COLUMNS]


def test_a_date_that_needs_its_context_beside_one_that_does_not_is_no_crash(tmp_path: Path) -> None:
    """ "yesterday" cannot be read without --published; held against "26 August 2024" it made
    `relation` compare None with a date (TypeError: an internal error on an ordinary article)."""
    article = write(
        tmp_path / "a.txt",
        "Five people were killed in Quetta yesterday, police said.\n\n"
        "Police said five people were killed in Quetta on 26 August 2024.\n",
    )
    result = CliRunner().invoke(main, ["extract", str(article)])
    assert result.exit_code == 0, result.output
    assert "yesterday" in result.output


SPLIT_TEXTS = [
    *(path.read_text("utf-8") for path in sorted((ROOT / "bench" / "extract").glob("*.txt"))),
    "a. a. a.\n\nb.  \n \n\n c. Mr. Smith said 5. \n d.",
    "One.\n\n\n\nTwo. Two. Two.\n\t\nThree?!  Four...\n",
    "No full stop at all\n\nand a second paragraph",
    # one paragraph of 30,000 characters: parsed in pieces (reconcile.extract.CHUNK) that cut nothing
    " ".join(
        path.read_text("utf-8") for path in sorted((ROOT / "bench" / "extract").glob("*.txt")) * 6
    ).replace("\n", " "),
]


@pytest.mark.parametrize("text", SPLIT_TEXTS, ids=range(len(SPLIT_TEXTS)))
def test_sentences_sit_where_the_text_has_them_and_lose_nothing(text: str) -> None:
    """Each sentence's quote is the text at its position, on its line; together the sentences
    hold every word of the text, in order (a dateline aside: it is no sentence)."""
    from reconcile.extract import _without_dateline, paragraphs, sentences

    found = sentences(text)
    assert [text[s.start : s.start + len(s.text)] for s in found] == [s.text for s in found]
    assert [s.line for s in found] == [text.count("\n", 0, s.start) + 1 for s in found]
    assert [s.start for s in found] == sorted(s.start for s in found)
    words = "".join("".join(_without_dateline(paragraph).split()) for _, paragraph in paragraphs(text))
    assert "".join("".join(s.text.split()) for s in found) == words


def test_extract_csv_cells_are_formula_guarded(tmp_path: Path) -> None:
    article = write(
        tmp_path / "=cmd.txt",
        '=HYPERLINK("http://evil.example","x") Five people were killed in Quetta on Sunday, police said.\n\n'
        "@SUM(1+1) Six people were killed in Gwadar, officials said.\n",
    )
    result = CliRunner().invoke(
        main, ["extract", str(article), "--via", "-Dawn", "-o", str(tmp_path / "a.csv")]
    )
    assert result.exit_code == 0, result.output
    cells = [cell for row in csv.reader(io.StringIO((tmp_path / "a.csv").read_text("utf-8"))) for cell in row]
    assert not [c for c in cells if c.startswith(("=", "+", "-", "@", "\t", "\r", "\n"))]
    assert any(c.startswith("'=cmd:") for c in cells) and any(c.startswith("'@SUM") for c in cells)


DATELINES = [
    # (paragraph's opening, the dateline blanked: real openings from bench/extract)
    ("KYIV (Reuters) - A Russian missile strike", "KYIV (Reuters) - "),
    ("MOGADISHU (Reuters) -A car bomb exploded", "MOGADISHU (Reuters) -"),
    ("DEIR AL-BALAH, Gaza Strip (AP) — An Israeli strike", "DEIR AL-BALAH, Gaza Strip (AP) — "),
    ("KABUL, Afghanistan (AP) — Gunmen attacked", "KABUL, Afghanistan (AP) — "),
    ("BAUCHI/KADUNA — Gunmen on motorbikes", "BAUCHI/KADUNA — "),
    ("PORT SUDAN, Sudan (AFP): The paramilitary", "PORT SUDAN, Sudan (AFP): "),
    ("BANGKOK: Two rangers were killed", "BANGKOK: "),
    ("Omdurman — At least 54 people", "Omdurman — "),
    ("KAMPALA | Rebels killed", "KAMPALA | "),
    (".GUATEMALA CITY (AP) – A shootout", ".GUATEMALA CITY (AP) – "),
    # a hyphen inside a word ends no dateline
    ("Al-Shabab fighters have killed at least eight Somali officers", ""),
    ("Abdul Basit Al-Baher, spokesman for the Yemeni army in Taiz, told Arab News", ""),
    ("The Secretary-General condemns the complex attack", ""),
    ("In Port-au-Prince people walked around the bodies", ""),
    ("Brigadier-General Tahsin al-Khafaji said", ""),
    # a sentence with a lower-case word before its colon is no dateline
    ("The army said: Five soldiers were killed", ""),
]


@pytest.mark.parametrize(("paragraph", "dateline"), DATELINES)
def test_a_dateline_is_blanked_and_nothing_else(paragraph: str, dateline: str) -> None:
    from reconcile.extract import _without_dateline

    assert _without_dateline(paragraph) == " " * len(dateline) + paragraph[len(dateline) :]
