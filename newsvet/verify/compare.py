"""How a value stated in a claim compares with a value in the knowledge base.

Each comparison answers "same", "different" or None (they cannot be compared); what a
difference means (a refutation, or nothing) depends on the property's cardinality and is
decided by the caller.
"""

from __future__ import annotations

import datetime as dt
import math
import re

from newsvet.document import DateValue

_PRECISION_LENGTH = {"year": 4, "month": 7, "day": 10}
_LENGTH_PRECISION = {4: "year", 7: "month", 10: "day"}


def kb_date(value: str | None) -> DateValue | None:
    """An ISO date from the knowledge base, whose length says its precision."""
    if not value:
        return None
    text = value[:10]
    precision = _LENGTH_PRECISION.get(len(text))
    if precision is None:
        return None
    parts = [int(p) for p in text.split("-")]
    try:
        return DateValue(dt.date(parts[0], *(parts[1:] + [1] * (3 - len(parts)))), precision)
    except ValueError:
        return None


def same_date(claimed: DateValue, known: DateValue) -> bool:
    """Equal at the coarser of the two precisions: "in 2019" matches any day of 2019,
    "in October 2001" matches 2001-10-17."""
    length = min(_PRECISION_LENGTH[claimed.precision], _PRECISION_LENGTH[known.precision])
    return claimed.value.isoformat()[:length] == known.value.isoformat()[:length]


_RANGE = re.compile(
    r"^\s*(?P<op>[<>]=?)?\s*(?P<lo>\d+(?:\.\d+)?)(?:\s*[-–]\s*(?P<hi>\d+(?:\.\d+)?))?"
)


def parse_range(value: str) -> tuple[float, float] | None:
    """A knowledge-base number as the interval it allows: "26", "26-31", ">70", "<5"."""
    match = _RANGE.match(value.replace(",", "")) if value else None
    if match is None:
        return None
    low = float(match.group("lo"))
    if match.group("hi"):
        return low, float(match.group("hi"))
    if match.group("op") and match.group("op").startswith(">"):
        return low, math.inf
    if match.group("op") and match.group("op").startswith("<"):
        return 0.0, low
    return low, low


def in_range(claimed: float, known: tuple[float, float], tolerance: float) -> bool:
    low, high = known
    return low * (1 - tolerance) <= claimed <= high * (1 + tolerance)


def period(value: DateValue) -> tuple[dt.date, dt.date]:
    """The first and last day a date of this precision can mean ("December 2001": the
    whole month)."""
    start = value.value
    if value.precision == "year":
        return dt.date(start.year, 1, 1), dt.date(start.year, 12, 31)
    if value.precision == "month":
        following = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1)
        return dt.date(start.year, start.month, 1), following - dt.timedelta(days=1)
    return start, start


def valid_at(start: str | None, end: str | None, when: DateValue | dt.date | None) -> bool:
    """Whether a statement with this validity holds at some time ``when`` can mean
    (None: at any time). "In December 2001" overlaps a statement valid from 26 December."""
    if when is None:
        return True
    first, last = period(when) if isinstance(when, DateValue) else (when, when)
    begins, ends = kb_date(start), kb_date(end)
    if begins is not None and last < period(begins)[0]:
        return False
    return not (ends is not None and first > period(ends)[1])
