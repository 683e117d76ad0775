"""Geometry for the report's inline SVG pictures: range charts and revision timelines.

Owns turning a field's values into positions (no drawing: the templates draw), and keeping every
label inside its picture: text widths are estimated with the metrics of DejaVu Sans, a wide face
(narrower faces only leave more room), and a label too long for its line is cut with "…" (the
full text is in the row's <title> and in the chart's description).

A range chart has two lines per current value: what was said and by whom, then the figure drawn
below it (a point for an exact figure, a bar for a range, an arrow for "at least"), so that a long
source name takes the chart's whole width and the chart stays narrow enough to be drawn at full
size on a phone. The joint reading is a band behind the figures; in a conflict each group has its
own tinted band, lettered under the axis, letters that would touch moved to a line of their own.
A revision timeline is one line per figure, oldest first, down the page.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass

from reconcile.cells import visible
from reconcile.model import FieldAlignment, FieldValue, Report, Revision

# Okabe-Ito, safe for the common colour-vision deficiencies; the type is always written beside it too.
SOURCE_COLOURS = {
    "armed_group": "#D55E00",
    "government": "#0072B2",
    "military": "#56B4E9",
    "police": "#009E73",
    "local_official": "#CC79A7",
    "hospital": "#E69F00",
    "rights_group": "#8E7C00",
    "intl_org": "#6A3D9A",
    "media": "#222222",
    "witness": "#8C564B",
    "dataset": "#882255",
    "other": "#7F7F7F",
    "": "#7F7F7F",
}
GROUP_TINTS = ("#fde7e4", "#e4eefd", "#e9f7ec", "#f5ecfb", "#fdf3dc")

# Sizes in the SVG's own units. A chart is WIDTH wide and is never drawn wider (so 1 unit = 1 px
# on a desktop); on a 390 px phone the report leaves it 366 px, so it is never shrunk there either.
WIDTH = 360
LABEL_SIZE, TICK_SIZE, LETTER_SIZE = 13, 12, 12
ROW_H, TOP = 36, 6  # a row: its label's line, then its figure's line
LABEL_BASELINE, FIGURE_Y = 14, 27  # within a row
LETTER_LINE = 16  # the height of one line of group letters
EDGE = 2  # the space kept free at the picture's left and right edges

# DejaVu Sans advance widths in hundredths of an em, by character.
_WIDTHS = {
    27: "'", 28: "ijl", 29: "IJ", 32: " ,.", 34: "/:;\\|", 35: "f", 36: "-", 39: "()[]t", 40: "!",
    41: "r", 46: '"', 50: "*_`", 52: "sz", 53: "?", 55: "c", 56: "L", 58: "Fk", 59: "vxy", 60: "P",
    61: "TYao", 62: "e", 63: "ESbdghnpqu", 64: "$0123456789{}", 66: "K", 68: "AV", 69: "BRXZ",
    70: "C", 73: "U", 75: "HN", 77: "DG", 78: "&", 79: "OQ", 82: "w", 84: "#+<=>^~", 86: "M",
    95: "%", 97: "m", 99: "W", 100: "@",
}  # fmt: skip
_EM = {c: w / 100 for w, chars in _WIDTHS.items() for c in chars} | {
    "‘": 0.32, "’": 0.32, "·": 0.32, "“": 0.52, "”": 0.52, "–": 0.5, "—": 1.0, "…": 1.0, "→": 0.84,
}  # fmt: skip


def text_width(text: str, size: float, bold: bool = False) -> float:
    """An upper estimate of `text`'s drawn width at `size` px: a letter outside the table counts
    as 0.8 em (Cyrillic and Arabic letters are mostly narrower), a wide East Asian one as a full
    em, an invisible one (FSI, PDI, a combining mark) as nothing; bold as a fifth wider."""
    em = 0.0
    for c in text:
        if c in _EM:
            em += _EM[c]
        elif unicodedata.category(c) in ("Mn", "Me", "Cf"):
            continue
        else:
            em += 1.0 if unicodedata.east_asian_width(c) in ("W", "F") else 0.8
    return em * size * (1.2 if bold else 1.0)


def fit(text: str, room: float, size: float, bold: bool = False) -> str:
    """`text` as shown (controls made visible), cut with "…" where it would be wider than `room`."""
    shown = visible(text)
    if text_width(shown, size, bold) <= room:
        return shown
    while shown and text_width(shown.rstrip() + "…", size, bold) > room:
        shown = shown[:-1]
    return shown.rstrip() + "…"


@dataclass(frozen=True)
class ChartRow:
    y: float  # the figure's centre line
    text_y: float  # the label's baseline
    said: str  # group letter and the words, as drawn
    label: str  # who said it, as drawn (cut to fit)
    who: str  # who said it, in full
    kind: str  # point, bar, arrow
    x1: float
    x2: float
    colour: str
    raw: str
    value: str
    source_type: str
    group: str


@dataclass(frozen=True)
class Band:
    x1: float
    x2: float
    tint: str
    label: str
    letter_x: float = 0.0  # where the group's letter is drawn, under the axis
    letter_y: float = 0.0


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_x: float
    plot_w: float
    rows_top: float
    rows_bottom: float
    axis_y: float
    rows: tuple[ChartRow, ...]
    bands: tuple[Band, ...]
    ticks: tuple[tuple[float, str], ...]
    description: str


def _nice_step(span: float) -> float:
    raw = span / 4
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for step in (1, 2, 2.5, 5, 10):
        if raw <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _tick_label(t: float) -> str:
    return f"{t:,.0f}" if t == int(t) else f"{t:g}"


def range_chart(report: Report, field: FieldAlignment) -> Chart | None:
    """The chart of a count field's current values; None when no value could be read."""
    if field.kind != "count":
        return None
    values = [v for v in field.values if not v.superseded and v.low is not None]
    if not values:
        return None
    finite = [v.high for v in values if v.high is not None] + [v.low for v in values]
    step = _nice_step(max(max(finite) * 1.15, 1))
    top = step * math.ceil(max(max(finite) * 1.15, 1) / step)
    tick_values = _frange(0, top, step)
    tick_labels = [_tick_label(t) for t in tick_values]
    # the plot leaves room for half the first and last tick labels (they are centred on their ticks)
    plot_x = EDGE + max(8.0, text_width(tick_labels[0], TICK_SIZE) / 2)
    plot_right = WIDTH - EDGE - max(8.0, text_width(tick_labels[-1], TICK_SIZE) / 2)
    plot_w = plot_right - plot_x

    def x(v: float) -> float:
        return round(plot_x + plot_w * v / top, 1)

    letters = {a: chr(ord("A") + n) for n, group in enumerate(field.groups) for a in group}
    rank = {a: n for n, group in enumerate(field.groups) for a in group}
    for n, bridge in enumerate(field.bridges):  # compatible with several groups: "A+B", after them
        tag = "+".join(chr(ord("A") + g) for g in bridge.groups)
        letters.update((a, tag if len(bridge.groups) != 1 else f"≈{tag}") for a in bridge.accounts)
        rank.update((a, len(field.groups) + n) for a in bridge.accounts)
    if field.status == "conflict":  # each group's rows together, A first, so that the bands read
        values.sort(key=lambda v: rank.get(v.account, len(rank)))
    rows = []
    for index, v in enumerate(values):
        account = report.account(v.account)
        kind = "arrow" if v.high is None else "point" if v.low == v.high else "bar"
        group = letters.get(v.account, "") if field.status == "conflict" else ""
        said = fit(f"{group} · “{v.raw}” " if group else f"“{v.raw}” ", WIDTH * 0.6, LABEL_SIZE, bold=True)
        who = _label(account.source, account.via)
        room = WIDTH - 2 * EDGE - text_width(said, LABEL_SIZE, bold=True)
        top_y = TOP + index * ROW_H
        rows.append(
            ChartRow(
                y=top_y + FIGURE_Y,
                text_y=top_y + LABEL_BASELINE,
                said=said,
                label=fit(who, room, LABEL_SIZE),
                who=who,
                kind=kind,
                x1=x(v.low),
                x2=x(top) if v.high is None else x(v.high),
                colour=SOURCE_COLOURS.get(account.source_type, SOURCE_COLOURS["other"]),
                raw=v.raw,
                value=v.value,
                source_type=account.source_type.replace("_", " "),
                group=group,
            )
        )
    rows_bottom = TOP + len(values) * ROW_H
    axis_y = rows_bottom + 4
    letters_top = axis_y + 6 + TICK_SIZE + 4  # under the tick labels
    bands = []
    if field.status == "conflict":
        by_account = {v.account: v for v in values}
        spans = []
        for n, accounts in enumerate(field.groups):
            members = [by_account[a] for a in accounts if a in by_account]
            if not members:
                continue
            low = max(m.low for m in members)
            highs = [m.high for m in members if m.high is not None]
            high = min(highs) if highs else top
            spans.append((n, x(low) - 4, x(high) + 4))
        placed = _place_letters(
            [((x1 + x2) / 2, chr(ord("A") + n)) for n, x1, x2 in spans], plot_x, plot_right
        )
        for (n, x1, x2), (letter_x, line) in zip(spans, placed, strict=True):
            bands.append(
                Band(
                    x1,
                    x2,
                    GROUP_TINTS[n % len(GROUP_TINTS)],
                    chr(ord("A") + n),
                    letter_x=letter_x,
                    letter_y=letters_top + line * LETTER_LINE + LETTER_SIZE - 2,
                )
            )
        lines = 1 + max((line for _, line in placed), default=-1)
    elif field.consensus is not None:
        low, high = field.consensus
        bands.append(Band(x(low) - 4, (x(top) if high is None else x(high)) + 4, "#e6f4ea", "joint"))
        lines = 0
    else:
        lines = 0
    ticks = tuple((x(t), label) for t, label in zip(tick_values, tick_labels, strict=True))
    return Chart(
        width=WIDTH,
        height=math.ceil(letters_top + lines * LETTER_LINE + 2),
        plot_x=plot_x,
        plot_w=round(plot_w, 1),
        rows_top=TOP - 2,
        rows_bottom=rows_bottom + 2,
        axis_y=axis_y,
        rows=tuple(rows),
        bands=tuple(bands),
        ticks=ticks,
        description=_describe(field, values),
    )


def _place_letters(wanted: list[tuple[float, str]], left: float, right: float) -> list[tuple[float, int]]:
    """Where to draw each group's letter (its centre, and its line under the axis): as close to
    its band's centre as the picture allows, on the first line where it touches no other letter."""
    placed: list[tuple[float, int]] = []
    taken: dict[int, list[tuple[float, float]]] = {}
    for centre, letter in wanted:
        half = text_width(letter, LETTER_SIZE, bold=True) / 2 + 2
        middle = min(max(centre, left + half), right - half)
        line = 0
        while any(a < middle + half and middle - half < b for a, b in taken.get(line, [])):
            line += 1
        taken.setdefault(line, []).append((middle - half, middle + half))
        placed.append((round(middle, 1), line))
    return placed


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [start + i * step for i in range(count + 1)]


def _label(source: str, via: str) -> str:
    return source if not via or via == source else f"{source} (via {via})"


def _describe(field: FieldAlignment, values: list[FieldValue]) -> str:
    said = "; ".join(f"{v.source}: {v.raw}" for v in values)
    return f"{field.field}, {field.status}: {said}"


@dataclass(frozen=True)
class TimelineStep:
    y: float  # the step's centre line
    raw: str  # as drawn (cut to fit)
    when: str  # as drawn (cut to fit)
    when_x: float
    superseded: bool


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    source: str
    colour: str
    steps: tuple[TimelineStep, ...]
    description: str


TIMELINE_STEP = 26
TIMELINE_RAW = 150  # the room for a figure's words; the time follows them


def revision_timeline(report: Report, revision: Revision) -> Timeline:
    """One source's figures over time, oldest first, one line each, joined by arrows down."""
    steps = []
    for i, s in enumerate(revision.steps):
        raw = fit(f"“{s.raw}”", TIMELINE_RAW, LABEL_SIZE)
        when_x = 24 + text_width(raw, LABEL_SIZE) + 10
        steps.append(
            TimelineStep(
                y=14 + i * TIMELINE_STEP,
                raw=raw,
                when=fit(s.published, WIDTH - EDGE - when_x, TICK_SIZE),
                when_x=round(when_x, 1),
                superseded=s.superseded,
            )
        )
    account = report.account(revision.steps[-1].account)
    said = " then ".join(f"{s.raw} ({s.published})" for s in revision.steps)
    right = max(s.when_x + text_width(s.when, TICK_SIZE) for s in steps)
    return Timeline(
        width=math.ceil(right + EDGE),
        height=14 + (len(steps) - 1) * TIMELINE_STEP + 14,
        source=revision.source,
        colour=SOURCE_COLOURS.get(account.source_type, SOURCE_COLOURS["other"]),
        steps=tuple(steps),
        description=f"{revision.source} revised its figure: {said}",
    )
