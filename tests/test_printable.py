"""What an editor can print: the rule of reconcile.printable, case by case (README: "What can
be printed")."""

from __future__ import annotations

import pytest

from reconcile.printable import Claim, printable, written_figures
from reconcile.schema import Kind
from reconcile.values import load_vocabulary, parse_value

VOCABULARY = load_vocabulary()


def claims(*given: tuple[str, str, str]) -> list[Claim]:
    return [
        Claim(source, kind, parse_value(Kind.COUNT, raw, None, VOCABULARY)) for source, kind, raw in given
    ]


CASES = [
    # every credible source gives one figure
    ([("Dawn", "media", "23"), ("HRCP", "rights_group", "twenty-three")], "agreed",
     "23 killed, according to Dawn (media) and HRCP (rights group).", (23, 23, 23)),
    # they differ but can all be right: the lowest, as a floor every one of them supports
    ([("Dawn", "media", "at least 22"), ("Reuters", "media", "23")], "supported by every credible source",
     "At least 22 killed, according to Dawn (media); Reuters (media) gives 23.", (22, 23, None)),
    ([("MSF", "intl_org", "at least 20 people"), ("OCHA", "intl_org", "dozens"),
      ("Resistance committee", "other", "more than 30")], "supported by every credible source",
     "At least 20 killed, according to MSF (intl org); OCHA (intl org) gives dozens; Resistance committee "
     "(other) gives more than 30.", (None, None, None)),
    ([("Dawn", "media", "20-25"), ("Reuters", "media", "22")], "supported by every credible source",
     "At least 20 killed, according to Dawn (media); Reuters (media) gives 22.", (20, 22, 25)),
    # conflict: the lowest credible figure, as a lower bound, and who gives more
    ([("Dawn", "media", "22"), ("Reuters", "media", "30 people")], "lowest credible figure",
     "At least 22 killed, according to Dawn (media); Reuters (media) gives 30.", (22, 22, 30)),
    # compatible, but no one figure allowed by all: the lowest, as worded; no number nobody wrote
    ([("Dawn", "media", "about 40"), ("Reuters", "media", "at least 38")], "lowest credible figure",
     "About 40 killed, according to Dawn (media); Reuters (media) gives at least 38.", (None, None, None)),
    # only parties: each to be attributed to its party
    ([("BLA", "armed_group", "40"), ("Ministry of Interior", "government", "12")], "parties only",
     "Only parties to the conflict give a figure for killed: 12 according to Ministry of Interior "
     "(government); 40 according to BLA (armed group).", (None, None, None)),
    # parties named after the credible figure, never instead of it
    ([("Dawn", "media", "23"), ("BLA", "armed_group", "40")], "agreed",
     "23 killed, according to Dawn (media). Parties to the conflict: BLA (armed group) gives 40.",
     (23, 23, 23)),
    # vague and open figures are quoted, never turned into numbers
    ([("Dawn", "media", "dozens")], "agreed", "Dozens killed, according to Dawn (media).",
     (None, None, None)),
    ([("Dawn", "media", "more than 23")], "agreed", "More than 23 killed, according to Dawn (media).",
     (None, None, None)),
    ([("Dawn", "media", "20-25 people")], "agreed", "20-25 killed, according to Dawn (media).",
     (20, None, 25)),
    ([("Dawn", "media", "no one")], "agreed", "No one killed, according to Dawn (media).", (0, 0, 0)),
    ([("Dawn", "media", "half a dozen")], "agreed", "Half a dozen killed, according to Dawn (media).",
     (6, 6, 6)),
    # the best figure is the one most credible sources gave (the lower on a tie)
    ([("A", "media", "12"), ("B", "media", "14"), ("C", "hospital", "14")], "lowest credible figure",
     "At least 12 killed, according to A (media); B (media) gives 14; C (hospital) gives 14.", (12, 14, 14)),
]  # fmt: skip


@pytest.mark.parametrize(("given", "rule", "text", "low_best_high"), CASES)
def test_what_can_be_printed(
    given: list[tuple[str, str, str]], rule: str, text: str, low_best_high: tuple[int | None, ...]
) -> None:
    result = printable("killed", claims(*given))
    assert result is not None
    assert (result.rule, result.text, (result.low, result.best, result.high)) == (rule, text, low_best_high)


def test_the_figure_printed_is_one_a_source_wrote() -> None:
    for given, *_ in CASES:
        result = printable("killed", claims(*given))
        assert result is not None
        if result.figure:
            assert any(result.figure.removeprefix("at least ") in raw for _, _, raw in given)
        for number in (result.low, result.best, result.high):
            assert number is None or number == 0 or any(number in written_figures(raw) for *_, raw in given)


def test_a_field_reads_as_a_phrase_and_unread_figures_print_nothing() -> None:
    result = printable("killed_civilians", claims(("Dawn", "media", "five passersby")))
    assert result is not None and result.text == "Five civilians killed, according to Dawn (media)."
    assert printable("killed", claims(("Dawn", "media", "a great many, it seems"))) is None


@pytest.mark.parametrize(
    ("raw", "figures"),
    [("about 40", {40}), ("twenty-three", {23}), ("20-25", {20, 25}), ("dozens", set()),
     ("at least 1,200", {1200}), ("three dozen", {36}), ("a few", set())],
)  # fmt: skip
def test_written_figures(raw: str, figures: set[int]) -> None:
    assert written_figures(raw) == figures
