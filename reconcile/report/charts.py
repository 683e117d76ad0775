"""Geometry for the report's inline SVG pictures: range charts and revision timelines.

Owns turning a field's values into positions (no drawing: the templates draw).
A range chart has one row per current value: a point for an exact figure, a
bar for a range, an arrow for "at least"; the joint reading is a band behind
them, and in a conflict each group has its own tinted band and letter.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

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
    "other": "#7F7F7F",
    "": "#7F7F7F",
}
GROUP_TINTS = ("#fde7e4", "#e4eefd", "#e9f7ec", "#f5ecfb", "#fdf3dc")

LABEL_W, PLOT_W, RAW_W = 220, 380, 200
WIDTH = LABEL_W + PLOT_W + RAW_W
ROW_H, TOP, BOTTOM = 24, 12, 30


@dataclass(frozen=True)
class ChartRow:
    y: float
    label: str
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


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    plot_x: int
    plot_w: int
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

    def x(v: float) -> float:
        return round(LABEL_W + PLOT_W * v / top, 1)

    letters = {a: chr(ord("A") + n) for n, group in enumerate(field.groups) for a in group}
    rows = []
    for index, v in enumerate(values):
        account = report.account(v.account)
        kind = "arrow" if v.high is None else "point" if v.low == v.high else "bar"
        right = x(top) if v.high is None else x(v.high)
        rows.append(
            ChartRow(
                y=TOP + index * ROW_H + ROW_H / 2,
                label=_label(account.source, account.via),
                kind=kind,
                x1=x(v.low),
                x2=right,
                colour=SOURCE_COLOURS.get(account.source_type, SOURCE_COLOURS["other"]),
                raw=v.raw,
                value=v.value,
                source_type=account.source_type.replace("_", " "),
                group=letters.get(v.account, "") if field.status == "conflict" else "",
            )
        )
    bands = []
    if field.status == "conflict":
        by_account = {v.account: v for v in values}
        for n, group in enumerate(field.groups):
            members = [by_account[a] for a in group if a in by_account]
            if not members:
                continue
            low = max(m.low for m in members)
            highs = [m.high for m in members if m.high is not None]
            high = min(highs) if highs else top
            bands.append(Band(x(low) - 4, x(high) + 4, GROUP_TINTS[n % len(GROUP_TINTS)], chr(ord("A") + n)))
    elif field.consensus is not None:
        low, high = field.consensus
        bands.append(Band(x(low) - 4, (x(top) if high is None else x(high)) + 4, "#e6f4ea", "joint"))
    ticks = tuple((x(t), f"{t:g}") for t in _frange(0, top, step))
    return Chart(
        width=WIDTH,
        height=TOP + len(values) * ROW_H + BOTTOM,
        plot_x=LABEL_W,
        plot_w=PLOT_W,
        rows=tuple(rows),
        bands=tuple(bands),
        ticks=ticks,
        description=_describe(field, values),
    )


def _frange(start: float, stop: float, step: float) -> list[float]:
    count = round((stop - start) / step)
    return [start + i * step for i in range(count + 1)]


def _label(source: str, via: str) -> str:
    text = source if not via or via == source else f"{source} (via {via})"
    return text if len(text) <= 34 else text[:33] + "…"


def _describe(field: FieldAlignment, values: list[FieldValue]) -> str:
    said = "; ".join(f"{v.source}: {v.raw}" for v in values)
    return f"{field.field}, {field.status}: {said}"


@dataclass(frozen=True)
class TimelineStep:
    x: float
    raw: str
    when: str
    superseded: bool


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    source: str
    colour: str
    steps: tuple[TimelineStep, ...]
    description: str


def revision_timeline(report: Report, revision: Revision) -> Timeline:
    """One source's figures over time, oldest first, evenly spaced."""
    gap = 170
    steps = tuple(
        TimelineStep(x=40 + i * gap, raw=s.raw, when=s.published, superseded=s.superseded)
        for i, s in enumerate(revision.steps)
    )
    account = report.account(revision.steps[-1].account)
    said = " then ".join(f"{s.raw} ({s.published})" for s in revision.steps)
    return Timeline(
        width=80 + (len(steps) - 1) * gap + 120,
        height=64,
        source=revision.source,
        colour=SOURCE_COLOURS.get(account.source_type, SOURCE_COLOURS["other"]),
        steps=steps,
        description=f"{revision.source} revised its figure: {said}",
    )
