"""Numbers written in words or digits, as quantities and counts appear in news text."""

from __future__ import annotations

import re

_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12, "dozens": 24,
}  # fmt: skip
_SCALE = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "crore": 1e7, "lakh": 1e5}
_DIGITS = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")


def parse_number(text: str) -> float | None:
    """The number a quantity expression states ("26", "nine", "1.5 million", "over 70")."""
    lowered = text.lower().replace("-", " ")
    value: float | None = None
    digits = _DIGITS.search(lowered)
    if digits:
        value = float(digits.group().replace(",", ""))
    else:
        total = 0.0
        for word in lowered.split():
            if word in _WORDS:
                total = total * 100 if _WORDS[word] == 100 and total else total + _WORDS[word]
        value = total or None
    if value is None:
        return None
    for word, scale in _SCALE.items():
        if re.search(rf"\b{word}s?\b", lowered):
            value *= scale
    return value
