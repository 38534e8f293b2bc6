"""Text normalisation for claim matching: the same tokens for claims, tweets and reviews."""

from __future__ import annotations

import re

_URL = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_HASHTAG = re.compile(r"#(\w+)")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
_TOKEN = re.compile(r"\w+", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’-]+")

_STOPWORD_TEXT = """a about above after again against all am an and any are as at be because been before
    being below between both but by can did do does doing down during each few for from further
    had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours
    ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were
    what when where which while who whom why will with would you your yours yourself
    yourselves s t rt amp via"""
STOPWORDS = frozenset(_STOPWORD_TEXT.split())


def clean_text(text: str) -> str:
    """Drop links and split hashtags ("#AustralianFires" -> "Australian Fires"): a tweet's
    links never match a review, its hashtags often name the claim's subject."""
    text = _URL.sub(" ", text)
    text = _HASHTAG.sub(lambda m: _CAMEL.sub(" ", m.group(1)), text)
    return " ".join(text.split())


def _stem(token: str) -> str:
    # A light plural/possessive strip: enough to meet "vaccines" with "vaccine" without a
    # stemmer's surprises on names.
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lower-cased content tokens, stop words dropped, plurals folded."""
    return [
        _stem(t)
        for t in _TOKEN.findall(clean_text(text).lower().replace("’", "'"))
        if t not in STOPWORDS and not (len(t) == 1 and not t.isdigit())
    ]


def numbers(text: str) -> set[str]:
    return {n.replace(",", "") for n in _NUMBER.findall(_URL.sub(" ", text))}


def capitalised(text: str) -> set[str]:
    """Capitalised words (names, mostly), lower-cased; sentence-initial words count too,
    which costs little because the overlap is taken against another text's set."""
    return {w.lower() for w in _CAPITALISED.findall(clean_text(text)) if w.lower() not in STOPWORDS}
