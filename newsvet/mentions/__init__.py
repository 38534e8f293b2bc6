"""Mentions: the names, dates and numbers an article contains."""

from newsvet.mentions.dates import normalise_date
from newsvet.mentions.numbers import parse_number
from newsvet.mentions.stage import find_mentions, make_mentions

__all__ = ["find_mentions", "make_mentions", "normalise_date", "parse_number"]
