"""What an editor can safely print for a count: a figure some source gave, attributed.

Owns the rule, in one place (`RULES` says it in words, for the README and the report):

1. The figures that count are the current ones (a source's latest), one per independent
   source. Sources outside the parties to the conflict (not an armed group, government,
   military or police) are the credible ones.
2. If no credible source gives a figure, nothing is printable on its own: the parties'
   figures are listed, each to be attributed to its party (rule `parties only`).
3. If every credible figure is the same, print it, according to all of them (`agreed`).
4. If they differ but can all be right, print the lowest as a lower bound that every one of
   them supports ("at least 22" beside "23"; "more than 30" as worded), according to the
   sources that gave it, and say who gives the others (`supported by every credible source`).
5. If they conflict, print the lowest credible figure the same way, and say who gives more
   (`lowest credible figure`); an approximate lowest figure ("about 40") is quoted as worded.
6. Parties' figures are always named after the credible ones.

A figure is printed as its source worded it, without the words after it ("six people" ->
"six"). A figure derived from a breakdown ("18 soldiers and 4 civilians" in killed gives
killed_security 18) is printed only as the source's own figure for that group ("18", "at least
18"), attributed to the source; where the cell writes no figure for the group (a group named
twice, summed), the derived value is not printed.

A UCDP-style low / best / high is given where every credible figure is a number or a bound
the source wrote (23, at least 23, 20-25, up to 12): low the lowest, high the highest (none
where one is open-ended), best the figure most credible sources gave exactly (the lower on a
tie; none if no source gave an exact figure). Never a number that no source wrote: "about 40"
and "dozens" are quoted as written, never turned into 36 or 24.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from reconcile.model import PARTY_SOURCE_TYPES, Printable
from reconcile.values import Value, intersection
from reconcile.values.counts import Q, group_named, parse_count

RULES = {
    "agreed": "every credible source gives this figure",
    "supported by every credible source": "sources differ but can all be right: the lowest, as a floor",
    "lowest credible figure": "sources conflict, or the lowest is approximate: the lowest; who gives more",
    "parties only": "only parties to the conflict give a figure: attribute each to its party",
}
COUNT_PHRASES = {
    "killed_civilians": "civilians killed",
    "killed_security": "security forces killed",
    "killed_militants": "militants killed",
}  # how a count field reads after a figure; other fields read as named ("killed", "injured")
MAX_WORDS = 12  # a count phrase is never longer: the figure is looked for in its first words
MAX_PART_START = 6 * MAX_WORDS  # where a breakdown's figure for one group may begin, at most
_JOINS = frozenset({"and", "et", "&"})  # the words between a breakdown's groups, beside commas
_NUMBER = re.compile(rf"(?<![\w.,]){Q}(?![\w])", re.IGNORECASE)


@dataclass(frozen=True)
class Claim:
    """One source's current figure for a field."""

    source: str
    source_type: str
    value: Value

    @property
    def credible(self) -> bool:
        return self.source_type not in PARTY_SOURCE_TYPES


def written_figures(raw: str) -> frozenset[int]:
    """The numbers a phrase writes out: "about 40" -> {40}, "twenty-three" -> {23}, "20-25" ->
    {20, 25}, "dozens" -> {}."""
    found = set()
    for match in _NUMBER.finditer(raw):
        count = parse_count(match.group(0))
        if count.low is not None and count.low == count.high:
            found.add(count.low)
    return frozenset(found)


def printable(field: str, claims: Sequence[Claim]) -> Printable | None:
    """The printable figure for one count field of one incident, from each independent
    source's current figure (None where no source gives a figure that was read)."""
    label = COUNT_PHRASES.get(field, field.replace("_", " "))
    read = [c for c in claims if c.value.parsed and _source_words(c.value) is not None]
    if not read:
        return None
    credible = [c for c in read if c.credible]
    parties = [c for c in read if not c.credible]
    if not credible:
        listed = "; ".join(f"{_as_worded(c.value)} according to {_who(c)}" for c in _in_order(parties))
        text = f"Only parties to the conflict give a figure for {label}: {listed}."
        return Printable("parties only", text, "", (), None, None, None)
    chosen, rule, figure = _chosen(credible)
    same = [c for c in credible if c.value.key == chosen.value.key]
    others = [c for c in _in_order(credible) if c.value.key != chosen.value.key]
    text = f"{figure} {label}, according to {_names(same)}"
    if others:
        text += "; " + "; ".join(f"{_who(c)} gives {_as_worded(c.value)}" for c in others)
    if parties:
        text += ". Parties to the conflict: " + "; ".join(
            f"{_who(c)} gives {_as_worded(c.value)}" for c in _in_order(parties)
        )
    low, best, high = _low_best_high(credible)
    according_to = tuple(c.source for c in _in_order(same))
    return Printable(rule, text[0].upper() + text[1:] + ".", figure, according_to, low, best, high)


def _chosen(credible: Sequence[Claim]) -> tuple[Claim, str, str]:
    """The credible figure to print, the rule that chose it, and the figure as printed."""
    ordered = _in_order(credible)
    if len({c.value.key for c in credible}) == 1:
        return ordered[0], "agreed", _as_worded(ordered[0].value)
    lowest = min(ordered, key=lambda c: c.value.low)
    bound = _lower_bound(lowest.value)
    if bound is not None and intersection([c.value for c in credible]) is not None:
        return lowest, "supported by every credible source", bound
    return lowest, "lowest credible figure", bound or _as_worded(lowest.value)


def _in_order(claims: Sequence[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.value.low, c.source.casefold(), c.source, c.value.raw))


def _who(claim: Claim) -> str:
    return f"{claim.source} ({claim.source_type.replace('_', ' ')})"


def _names(claims: Sequence[Claim]) -> str:
    names = [_who(c) for c in _in_order(claims)]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _as_worded(value: Value) -> str:
    """The figure as the source worded it, without the words that follow it ("six people" ->
    "six", "at least 38 people" -> "at least 38"): the shortest start of the phrase that reads
    as the same count."""
    return _source_words(value) or " ".join(value.raw.split())


def _source_words(value: Value) -> str | None:
    """The figure's words in its cell: for a value the source gave, the shortest start of the
    phrase that reads as the same count (else the whole cell); for a value derived from a
    breakdown, the shortest phrase in the cell that begins it or follows "and" or a comma,
    names no group itself, reads as the same count and is followed by its group's name ("18
    soldiers and 4 civilians" -> "4" for civilians), None where the source wrote no such figure
    (a group named twice: "2 soldiers, 3 civilians and 2 policemen" writes no 4)."""
    words = value.raw.split()
    if not value.derived_from:
        for end in range(1, min(len(words), MAX_WORDS) + 1):
            head = " ".join(words[:end])
            count = parse_count(head)
            if count.parsed and (count.low, count.high) == (value.low, value.high):
                return head
        return " ".join(words)
    group = value.detail[0]
    for start in range(min(len(words), MAX_PART_START)):
        if start and not (words[start - 1].endswith(",") or words[start - 1].casefold() in _JOINS):
            continue
        for end in range(start + 1, min(len(words), start + MAX_WORDS) + 1):
            if group_named(words[end - 1]) is not None:
                break  # the phrase would take in a group's name: it is no figure alone
            phrase = " ".join(words[start:end])
            count = parse_count(phrase)
            if (
                count.parsed
                and (count.low, count.high) == (value.low, value.high)
                and group_named(" ".join(words[end : end + 4])) == group
            ):
                return phrase
    return None


def _written(value: Value) -> frozenset[int]:
    """The numbers the source wrote for this figure: in its cell, or for a derived value in the
    words of its group's figure."""
    return written_figures(value.raw if not value.derived_from else _source_words(value) or "")


def _lower_bound(value: Value) -> str | None:
    """The figure as a lower bound every higher figure supports: a bare number or a range as "at
    least N" ("22", "20-25"), an open figure as worded ("at least 23", "more than 30", "dozens");
    None where the lowest number is not one the source wrote ("about 40", "up to 12")."""
    if value.high is None:
        return _as_worded(value)
    if value.low == value.high and value.low in _written(value):
        return f"at least {_as_worded(value)}"
    if value.low and value.low in _written(value):
        return f"at least {value.low:,}"
    return None


def _low_best_high(credible: Sequence[Claim]) -> tuple[int | None, int | None, int | None]:
    """UCDP-style, from bounds the sources wrote; (None, None, None) where one did not."""
    for claim in credible:
        written = _written(claim.value)
        bounds = [b for b in (claim.value.low, claim.value.high) if b is not None]
        if any(b != 0 and b not in written for b in bounds):  # 0: "no one", or "up to 12"'s floor
            return None, None, None
    low = min(c.value.low for c in credible)
    highs = [c.value.high for c in credible]
    high = None if any(h is None for h in highs) else max(h for h in highs if h is not None)
    exact = [c.value.low for c in credible if c.value.low == c.value.high]
    best = min(set(exact), key=lambda n: (-exact.count(n), n)) if exact else None
    return low, best, high
