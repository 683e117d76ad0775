"""Date phrases -> day spans [low, high] (inclusive `datetime.date`s).

Owns: ISO dates and months, "night of 25/26 August 2024", day ranges,
weekdays (also "late Sunday", "early hours of Monday"), "yesterday", "last
night" and "last week" relative to the account's `published` date, thirds of
a month ("early", "mid-", "late August"), and everything else `dateparser`
reads (its `period` gives the span: a month phrase spans the month). A
phrase without a year and without a `published` date to anchor it is not
guessed: it is kept with a note.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from reconcile.values.counts import normalise
from reconcile.values.text import is_missing

MONTHS = {
    name.casefold(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?:,?\s+(\d{4}))?"
_JOIN = r"\s*(?:/|-|to|and|&)\s*"
WEEKDAYS = {name.casefold(): index for index, name in enumerate(calendar.day_name)}
_WEEKDAY = "(" + "|".join(WEEKDAYS) + ")"


@dataclass(frozen=True)
class DateSpan:
    low: dt.date | None
    high: dt.date | None
    missing: bool = False
    note: str = ""

    @property
    def parsed(self) -> bool:
        return not self.missing and self.low is not None


_NUMERIC_DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2,4})$")
_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[t ][\d:.]+(?:z|[+-][\d:]+)?)?$")
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_ISO_YEAR = re.compile(r"^(\d{4})$")
_ISO_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\s*(?:/|to|\.\.|-)\s*(\d{4}-\d{2}-\d{2})$")
_NIGHT_DM = re.compile(rf"^(?:the )?night of (?:the )?{_DAY}{_JOIN}{_DAY}(?: of)? {_MONTH}{_YEAR}$")
_NIGHT_MD = re.compile(rf"^(?:the )?night of {_MONTH} {_DAY}{_JOIN}{_DAY}{_YEAR}$")
_RANGE_DM = re.compile(rf"^(?:between |from )?{_DAY}{_JOIN}{_DAY}(?: of)? {_MONTH}{_YEAR}$")
_RANGE_MD = re.compile(rf"^(?:between |from )?{_MONTH} {_DAY}{_JOIN}{_DAY}{_YEAR}$")
_SPAN_DMDM = re.compile(
    rf"^(?:(?:the )?night of (?:the )?|between |from )?{_DAY} {_MONTH}{_JOIN}{_DAY} {_MONTH}{_YEAR}$"
)
_NIGHT_ONE = re.compile(r"^(?:the )?night of (?:the )?(.+)$|^(.+?) night$")
# A part of a day ("late", "early hours of", "morning") reads as the day itself, its night as the
# night (the day and the next).
_WEEKDAY_PHRASE = re.compile(
    r"^(?:(?:on|late on|early on|overnight on|last|this|during|by|late|early"
    r"|(?:in )?(?:the )?(?:early|small|wee) hours of) )?(?:the )?(?:(night) of )?"
    rf"{_WEEKDAY}(?: (?:(?:late|early) )?(night|morning|evening|afternoon))?$"
)
# The thirds of a month: "early August" is its days 1 to 10, "mid-August" 11 to 20, "late August" 21
# to its end; in French "début", "mi-" and "fin".
FRENCH_MONTHS = {
    "janvier": 1,
    "février": 2,
    "fevrier": 2,
    "mars": 3,
    "avril": 4,
    "mai": 5,
    "juin": 6,
    "juillet": 7,
    "août": 8,
    "aout": 8,
    "septembre": 9,
    "octobre": 10,
    "novembre": 11,
    "décembre": 12,
    "decembre": 12,
}
_THIRDS = {"early": (1, 10), "début": (1, 10), "debut": (1, 10), "mid": (11, 20), "mi": (11, 20)}
_THIRDS |= {"late": (21, 31), "fin": (21, 31)}
_MONTH_THIRD = re.compile(
    rf"^(?:in |by )?({'|'.join(_THIRDS)})[- ](?:de |d['’])?"
    rf"({'|'.join(sorted([*MONTHS, *FRENCH_MONTHS], key=len, reverse=True))})\.?{_YEAR}$"
)
_RELATIVE = {
    "today": (0, 0),
    "yesterday": (-1, -1),
    "last night": (-1, 0),
    "overnight": (-1, 0),
    "past 24 hours": (-1, 0),
    "the past 24 hours": (-1, 0),
    "in the past 24 hours": (-1, 0),
    "in the last 24 hours": (-1, 0),
    "last 24 hours": (-1, 0),
    "the last 24 hours": (-1, 0),
    "this week": (-6, 0),
    "past week": (-7, 0),
    "the past week": (-7, 0),
}


_SIGNED_YEAR = re.compile(r"^[+\-−]\s*\d")
# A year outside 1 to 9999 written as an ISO date or month: signed (-0001-01-01, +10000-01-01),
# of five digits or more (10000-01-01), or 0000. Python's calendar has no such day; dateparser
# read -0001-01-01 as 1 January of the year 1, without a word.
_OUTSIDE_CALENDAR = re.compile(r"^(?:[+\-]\s*\d{4,}(?:-\d|$)|\d{5,}-\d|0000(?:-\d|$))")
# No date phrase is longer than this ("overnight on the night of Sunday 25 to Monday 26 August
# 2024" has 58 characters): a longer cell (as written, trimmed) is kept as text with a note, and
# neither the patterns nor dateparser, which is far from linear on long text, see it.
MAX_DATE_PHRASE = 200


def parse_published(raw: str) -> dt.datetime | None:
    """The moment a claim was published, as naive UTC; None when absent or unreadable."""
    return read_published(raw)[0]


def read_published(raw: str) -> tuple[dt.datetime | None, str]:
    """The moment a claim was published (naive UTC), or None, with a note saying why a
    `published` that is there could not be read (the raw text is kept either way). An ISO
    date or datetime is read as such; a written day ("26 August 2024") as that day; a signed
    year (-0001-01-01, +10000-01-01) lies outside the calendar Python knows and is not read."""
    text = raw.strip()
    if not text:
        return None, ""
    unread = (
        None,
        "not a date or time that can be read (give an ISO date or datetime such as 2024-08-26 or "
        "2024-08-26T05:40:00+05:00); kept as text: it neither places 'Sunday' nor orders revisions",
    )
    if _SIGNED_YEAR.match(text):
        return unread
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        span = parse_date(text, None)
        if span.low and span.low == span.high:
            return dt.datetime.combine(span.low, dt.time()), ""
        return unread
    if moment.tzinfo is not None:
        try:
            moment = moment.astimezone(dt.UTC).replace(tzinfo=None)
        except OverflowError:  # 0001-01-01T00:00+05:00 lies before the first moment in UTC
            moment = moment.replace(tzinfo=None)
    return moment, ""


def published_day(raw: str) -> dt.date | None:
    """The calendar day of publication where it was published (the date as written, before any
    time-zone conversion): the day that "yesterday" and "on Sunday" count back from."""
    text = raw.strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        moment = parse_published(text)
        return moment.date() if moment else None


def is_absolute(raw: str) -> bool:
    """True for a date written in full (ISO day, month, year or range): it reads the same
    whatever the publication day, so it needs parsing once."""
    text = normalise(raw)
    return any(p.match(text) for p in (_ISO_DAY, _ISO_MONTH, _ISO_YEAR, _ISO_RANGE))


@lru_cache(maxsize=65536)
def parse_date(raw: str, published: dt.date | None) -> DateSpan:
    """Read a date phrase as a span of days; `published` anchors relative phrases."""
    if is_missing(raw):
        return DateSpan(None, None, missing=True)
    if len(raw.strip()) > MAX_DATE_PHRASE:
        return DateSpan(
            None, None, note=f"no date phrase is longer than {MAX_DATE_PHRASE} characters; kept as text"
        )
    text = normalise(raw)
    if _OUTSIDE_CALENDAR.match(text):
        return DateSpan(None, None, note=_OUTSIDE_NOTE)
    try:
        return _parse(text, published)
    except ValueError as error:  # an impossible day such as 31 June
        return DateSpan(None, None, note=f"not a valid date: {error}")
    except OverflowError:  # "yesterday" counted back from 1 January of the year 1
        return DateSpan(None, None, note=_OUTSIDE_NOTE)


_OUTSIDE_NOTE = "the day falls outside the calendar (years 1 to 9999); kept as text"


def _parse(text: str, published: dt.date | None, inner: bool = False) -> DateSpan:
    if m := _ISO_DAY.match(text):
        day = dt.date(int(m[1]), int(m[2]), int(m[3]))
        return DateSpan(day, day)
    if m := _ISO_MONTH.match(text):
        return _month(int(m[1]), int(m[2]))
    if m := _ISO_YEAR.match(text):
        return DateSpan(dt.date(int(m[1]), 1, 1), dt.date(int(m[1]), 12, 31))
    if m := _ISO_RANGE.match(text):
        return _ordered(dt.date.fromisoformat(m[1]), dt.date.fromisoformat(m[2]))
    for pattern, order in (
        (_NIGHT_DM, "ddmy"),
        (_NIGHT_MD, "mddy"),
        (_RANGE_DM, "ddmy"),
        (_RANGE_MD, "mddy"),
    ):
        if m := pattern.match(text):
            return _day_range(m.groups(), order, published)
    if m := _SPAN_DMDM.match(text):
        year = _year(m[5], published)
        if year is None:
            return DateSpan(None, None, note="no year given and no 'published' date to take it from")
        low = dt.date(year, MONTHS[m[2].rstrip(".")], int(m[1]))
        high = dt.date(year, MONTHS[m[4].rstrip(".")], int(m[3]))
        return DateSpan(low, high) if low <= high else DateSpan(low, high.replace(year=year + 1))
    if text in _RELATIVE:
        return _relative(text, published, *_RELATIVE[text])
    if text == "last week":  # the calendar week (Monday to Sunday) before the week of publication
        if published is None:
            return DateSpan(None, None, note=f"{text!r} needs a 'published' date to be placed")
        monday = published - dt.timedelta(days=published.weekday())
        return DateSpan(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    if m := _WEEKDAY_PHRASE.match(text):
        return _weekday(text, m, published)
    if m := _MONTH_THIRD.match(text):
        return _month_third(m, published)
    if not inner and (m := _NIGHT_ONE.match(text)):  # once: "night of night of ..." is no date
        night = _parse(m[1] or m[2], published, inner=True)
        if night.low is not None and night.low == night.high:
            return DateSpan(night.low, night.low + dt.timedelta(days=1))
    return _dateparser(text, published)


def _month_third(m: re.Match[str], published: dt.date | None) -> DateSpan:
    """Days 1-10, 11-20 or 21-end of a month; without a year, the latest one that has begun by
    the publication day."""
    first, last = _THIRDS[m[1]]
    month = MONTHS.get(m[2]) or FRENCH_MONTHS[m[2]]
    if m[3]:
        year = int(m[3])
    elif published is None:
        return DateSpan(None, None, note="no year given and no 'published' date to take it from")
    else:
        year = published.year if dt.date(published.year, month, first) <= published else published.year - 1
    return DateSpan(
        dt.date(year, month, first), dt.date(year, month, min(last, calendar.monthrange(year, month)[1]))
    )


def _month(year: int, month: int) -> DateSpan:
    last = calendar.monthrange(year, month)[1]
    return DateSpan(dt.date(year, month, 1), dt.date(year, month, last))


def _ordered(a: dt.date, b: dt.date) -> DateSpan:
    return DateSpan(min(a, b), max(a, b))


def _day_range(groups: tuple[str | None, ...], order: str, published: dt.date | None) -> DateSpan:
    if order == "ddmy":
        first, second, month_name, year_text = groups
    else:
        month_name, first, second, year_text = groups
    assert first is not None and second is not None and month_name is not None
    year = _year(year_text, published)
    if year is None:
        return DateSpan(None, None, note="no year given and no 'published' date to take it from")
    month = MONTHS[month_name.rstrip(".")]
    low, high = dt.date(year, month, int(first)), dt.date(year, month, int(second))
    if high < low:  # "night of 31 July/1 August" written as one month: roll into the next month
        high = (low.replace(day=28) + dt.timedelta(days=4)).replace(day=int(second))
    return DateSpan(low, high)


def _year(year_text: str | None, published: dt.date | None) -> int | None:
    if year_text:
        return int(year_text)
    return published.year if published else None


def _relative(text: str, published: dt.date | None, start: int, end: int) -> DateSpan:
    if published is None:
        return DateSpan(None, None, note=f"{text!r} needs a 'published' date to be placed")
    return DateSpan(published + dt.timedelta(days=start), published + dt.timedelta(days=end))


def _weekday(text: str, m: re.Match[str], published: dt.date | None) -> DateSpan:
    if published is None:
        return DateSpan(None, None, note=f"{text!r} needs a 'published' date to be placed")
    night_of, weekday, part = m[1], m[2], m[3]
    back = (published.weekday() - WEEKDAYS[weekday]) % 7
    if text.startswith("last ") and back == 0:
        back = 7
    day = published - dt.timedelta(days=back)
    overnight = bool(night_of) or part == "night" or text.startswith("overnight")
    return DateSpan(day, day + dt.timedelta(days=1) if overnight else day)


def _dateparser(text: str, published: dt.date | None) -> DateSpan:
    found = _date_data_parser(published).get_date_data(text)
    if found is None or found.date_obj is None:
        return DateSpan(None, None, note="not a date phrase; kept as text")
    note = ""
    numeric = _NUMERIC_DATE.match(text)
    if numeric and int(numeric[1]) <= 12 and int(numeric[2]) <= 12 and numeric[1] != numeric[2]:
        note = "ambiguous: read as day/month/year"
    if published is None and re.search(r"\b\d{4}\b", text) is None:
        return DateSpan(None, None, note="no year given and no 'published' date to take it from")
    day = found.date_obj.date()
    if found.period == "year":
        return DateSpan(dt.date(day.year, 1, 1), dt.date(day.year, 12, 31))
    if found.period == "month":
        return _month(day.year, day.month)
    if found.period == "week":
        return DateSpan(day, day + dt.timedelta(days=6))
    return DateSpan(day, day, note=note)


@lru_cache(maxsize=4096)
def _date_data_parser(published: dt.date | None):  # type: ignore[no-untyped-def]
    from dateparser.date import DateDataParser

    base = dt.datetime.combine(published, dt.time(12)) if published else dt.datetime(2000, 1, 1)
    return DateDataParser(
        languages=["en", "fr", "es", "de", "ar", "ur"],
        settings={
            "RELATIVE_BASE": base,
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "DATE_ORDER": "DMY",  # as outlets in the region write it; ambiguous dates get a note
        },
    )
