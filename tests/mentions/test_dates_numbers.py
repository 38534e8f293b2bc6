import datetime as dt

import pytest

from newsvet.document import DateValue
from newsvet.mentions import normalise_date, parse_number

PUBLISHED = dt.date(2025, 9, 20)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("earlier this month", DateValue(dt.date(2025, 9, 1), "month")),
        ("last month", DateValue(dt.date(2025, 8, 1), "month")),
        ("last year", DateValue(dt.date(2024, 1, 1), "year")),
        ("yesterday", DateValue(dt.date(2025, 9, 19), "day")),
        ("in 2019", DateValue(dt.date(2019, 1, 1), "year")),
        ("October 2001", DateValue(dt.date(2001, 10, 1), "month")),
        ("7 May 2025", DateValue(dt.date(2025, 5, 7), "day")),
        ("May 7", DateValue(dt.date(2025, 5, 7), "day")),
        ("2011-07-29", DateValue(dt.date(2011, 7, 29), "day")),
        ("2025-05", DateValue(dt.date(2025, 5, 1), "month")),
        ("the 1995-96 season", DateValue(dt.date(1995, 1, 1), "year")),  # not month 96
    ],
)
def test_dates_are_normalised_with_the_precision_the_text_gives(
    text: str, expected: DateValue
) -> None:
    assert normalise_date(text, PUBLISHED) == expected


@pytest.mark.parametrize("text", ["recent years", "the 1990s", "decades"])
def test_vague_time_expressions_name_no_date(text: str) -> None:
    assert normalise_date(text, PUBLISHED) is None


def test_relative_dates_need_a_publication_date() -> None:
    assert normalise_date("earlier this month", None) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [("26", 26), ("nine", 9), ("over 70", 70), ("1.5 million", 1_500_000), ("twenty-six", 26),
     ("4 crore", 40_000_000), ("1,200", 1200)],
)  # fmt: skip
def test_numbers_in_words_and_digits(text: str, expected: float) -> None:
    assert parse_number(text) == expected


def test_text_without_a_number_gives_none() -> None:
    assert parse_number("numerous fighters") is None
