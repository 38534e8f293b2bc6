import datetime as dt

import pytest

from newsvet.document import DateValue
from newsvet.verify.compare import in_range, kb_date, parse_range, same_date, valid_at


@pytest.mark.parametrize(
    ("claimed", "known", "same"),
    [
        (DateValue(dt.date(2019, 1, 1), "year"), "2011-07-29", False),  # "in 2019"
        (DateValue(dt.date(2001, 10, 1), "month"), "2001-10-17", True),  # "in October 2001"
        (DateValue(dt.date(2025, 5, 7), "day"), "2025-05-07", True),
        (DateValue(dt.date(2025, 5, 9), "day"), "2025-05-07", False),
        (DateValue(dt.date(2025, 5, 9), "day"), "2025-05", True),  # the KB knows only the month
        (DateValue(dt.date(2005, 1, 1), "year"), "2005", True),
    ],
)
def test_dates_compare_at_the_coarser_precision(claimed: DateValue, known: str, same: bool) -> None:
    known_value = kb_date(known)
    assert known_value is not None
    assert same_date(claimed, known_value) is same


@pytest.mark.parametrize("value", ["", None, "May 2025", "2025-13-01"])
def test_unreadable_kb_dates_are_none(value: str | None) -> None:
    assert kb_date(value) is None


@pytest.mark.parametrize(
    ("claimed", "known", "tolerance", "same"),
    [(26, "26", 0.0, True), (27, "26", 0.0, False), (28, "26", 0.1, True), (30, "26", 0.1, False),
     (28, "26-31", 0.0, True), (40, "26-31", 0.1, False), (75, ">70", 0.0, True), (26, ">70", 0.1, False),
     (3, "<5", 0.0, True), (1200, "1,200", 0.0, True)],
)  # fmt: skip
def test_numbers_compare_within_the_property_tolerance(
    claimed: float, known: str, tolerance: float, same: bool
) -> None:
    interval = parse_range(known)
    assert interval is not None
    assert in_range(claimed, interval, tolerance) is same


@pytest.mark.parametrize("value", ["", "many", "n/a"])
def test_unreadable_kb_numbers_are_none(value: str) -> None:
    assert parse_range(value) is None


@pytest.mark.parametrize(
    ("start", "end", "when", "valid"),
    [
        ("2015", None, dt.date(2025, 5, 7), True),
        ("2015", None, dt.date(2010, 1, 1), False),
        (None, "2014-12-31", dt.date(2015, 6, 1), False),
        ("2001-10-17", "2014", dt.date(2010, 1, 1), True),
        (None, None, None, True),
        ("2001-12-26", None, DateValue(dt.date(2001, 12, 1), "month"), True),  # "in December 2001"
        ("2001-12-26", None, DateValue(dt.date(2001, 11, 1), "month"), False),
        (None, "2014", DateValue(dt.date(2014, 1, 1), "year"), True),  # the last year it held
        (None, "2014", DateValue(dt.date(2015, 1, 1), "year"), False),
    ],
)
def test_statement_validity_in_time(
    start: str | None, end: str | None, when: DateValue | dt.date | None, valid: bool
) -> None:
    assert valid_at(start, end, when) is valid
