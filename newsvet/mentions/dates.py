"""Dates as the text gives them, normalised against the article's publication date.

The precision matters to verification: "in 2019" says only a year and must be compared
with a knowledge-base date at year precision, "in October 2001" at month precision.
"""

from __future__ import annotations

import datetime as dt
import re

import dateparser

from newsvet.document import DateValue

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_HAS_MONTH = re.compile(rf"\b({_MONTHS})\b", re.IGNORECASE)
_HAS_DAY = re.compile(r"\b([0-3]?\d)(st|nd|rd|th)?\b(?!\s*(bc|ad)\b)")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)s?\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})(?:-(\d{2}))?\b")
_DECADE = re.compile(r"\b(1[89]\d0|20\d0)s\b")

# Relative expressions dateparser does not read, keyed to (unit, offset).
_RELATIVE = [
    (re.compile(r"\b(earlier|later)?\s*this month\b", re.I), ("month", 0)),
    (re.compile(r"\blast month\b|\bprevious month\b", re.I), ("month", -1)),
    (re.compile(r"\b(earlier|later)?\s*this year\b", re.I), ("year", 0)),
    (re.compile(r"\blast year\b|\bprevious year\b", re.I), ("year", -1)),
    (re.compile(r"\b(earlier|later)?\s*this week\b", re.I), ("day", 0)),
    (re.compile(r"\blast week\b", re.I), ("day", -7)),
    (re.compile(r"\byesterday\b", re.I), ("day", -1)),
    (re.compile(r"\btoday\b", re.I), ("day", 0)),
]

_VAGUE = re.compile(r"\b(recent|recently|ongoing|decades?|years?|months?|weeks?|days?)\b", re.I)


def _shift_month(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def normalise_date(text: str, published: dt.date | None) -> DateValue | None:
    """Return the date ``text`` denotes and its precision, or None when it names no date."""
    for pattern, (unit, offset) in _RELATIVE:
        if pattern.search(text):
            if published is None:
                return None
            if unit == "month":
                return DateValue(_shift_month(published, offset), "month")
            if unit == "year":
                return DateValue(dt.date(published.year + offset, 1, 1), "year")
            return DateValue(published + dt.timedelta(days=offset), "day")
    iso = _ISO.search(text)
    if iso:
        year, month, day = iso.group(1), iso.group(2), iso.group(3)
        try:
            if day is None:
                return DateValue(dt.date(int(year), int(month), 1), "month")
            return DateValue(dt.date(int(year), int(month), int(day)), "day")
        except ValueError:
            pass  # "1995-96" is a span of years, not a month: read on as text
    if _DECADE.search(text):
        return None
    year = _YEAR.search(text)
    has_month = _HAS_MONTH.search(text)
    if not has_month:
        if year and not _VAGUE.search(text):
            return DateValue(dt.date(int(year.group(1)), 1, 1), "year")
        return None
    if year is None and published is None:
        return None  # "on 7 May" of an undated article: the year cannot be known
    base = dt.datetime.combine(published, dt.time()) if published else None
    settings: dict[str, object] = {"PREFER_DATES_FROM": "past", "PREFER_DAY_OF_MONTH": "first"}
    if base is not None:
        settings["RELATIVE_BASE"] = base
    parsed = dateparser.parse(text, languages=["en"], settings=settings)
    if parsed is None:
        return None
    without_year = _YEAR.sub(" ", text)
    precision = "day" if _HAS_DAY.search(_HAS_MONTH.sub(" ", without_year)) else "month"
    value = parsed.date() if precision == "day" else parsed.date().replace(day=1)
    return DateValue(value, precision)
