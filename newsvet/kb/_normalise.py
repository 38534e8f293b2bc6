"""Name normalisation shared by the merger and by candidate generation, so that both agree on
when two spellings are "the same name"."""

from __future__ import annotations

import re
import unicodedata

# Abbreviations that news text uses for generic words in names ("Op Desert Storm"). They are expanded
# on both sides, so they never make two different names equal.
_ABBREVIATIONS = {
    "op": "operation",
    "ops": "operations",
    "opn": "operation",
    "govt": "government",
    "dept": "department",
    "intl": "international",
    "org": "organization",
    "orgn": "organization",
    "organisation": "organization",
    "natl": "national",
    "mt": "mount",
    "st": "saint",
}
_APOSTROPHES = re.compile(r"[\u2019\u2018'`\u02bc\u02bb]")
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def strip_diacritics(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def normalise(name: str) -> str:
    """Case, diacritics, apostrophes, punctuation and hyphens folded; a leading "the" dropped."""
    text = strip_diacritics(name).casefold()
    text = _APOSTROPHES.sub("", text)
    tokens = _NON_WORD.sub(" ", text).split()
    if len(tokens) > 1 and tokens[0] == "the":
        tokens = tokens[1:]
    return " ".join(_ABBREVIATIONS.get(t, t) for t in tokens)


def initials(norm: str) -> str:
    """Initials of a normalised name of several words ("lashkar e taiba" -> "let")."""
    tokens = norm.split()
    return "".join(t[0] for t in tokens) if len(tokens) > 1 else ""


def looks_like_acronym(name: str) -> bool:
    """ "LTTE", "IS", "AQAP", "UNSC": short, one word, at least two capitals."""
    stripped = name.replace(".", "")
    return (
        2 <= len(stripped) <= 6
        and stripped.isalpha()
        and sum(c.isupper() for c in stripped) >= 2
        and " " not in name
    )
