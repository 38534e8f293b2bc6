"""Cutting an article into passages: runs of one to three sentences within a paragraph.

A passage is what retrieval returns and what a verifier reads beside a claim, so it must be
short (a claim and a passage together fit the verifier's 128 word pieces) yet whole
sentences. Ingest must be fast, so sentences come from a regular-expression splitter, not
the spaCy parser: it knows common abbreviations and initials, which is most of what the
parser would add for passage cutting.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_SENTENCES = 3
MAX_WORDS = 80

# A sentence ends at . ! or ? (with closing quotes or brackets) followed by whitespace and
# something that can start a sentence.
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z0-9À-ÖØ-Þ])")
_LINE = re.compile(r"[^\n]+")
_WORD = re.compile(r"\S+")
# Words after which a full stop does not end a sentence.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "sr",
        "jr",
        "st",
        "gen",
        "lt",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "cmdr",
        "gov",
        "sen",
        "rep",
        "rev",
        "hon",
        "pres",
        "supt",
        "insp",
        "no",
        "nos",
        "vs",
        "etc",
        "al",
        "approx",
        "dept",
        "est",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "mt",
        "ft",
        "u.s",
        "u.k",
        "u.n",
        "e.g",
        "i.e",
        "a.m",
        "p.m",
    ]
)


@dataclass(frozen=True)
class Passage:
    index: int
    start: int  # character offsets into the article text
    end: int
    text: str


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, as offsets into ``text``; a sentence never
    crosses a line break."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text, start, end):
        spans.extend(_line_sentences(text, line.start(), line.end()))
    return spans


def _line_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans = []
    cursor = start
    for match in _BOUNDARY.finditer(text, start, end):
        if _is_abbreviation(text, cursor, match.start()):
            continue
        spans.append(_trim(text, cursor, match.end()))
        cursor = match.end()
    spans.append(_trim(text, cursor, end))
    return [s for s in spans if s[1] > s[0]]


def _is_abbreviation(text: str, sentence_start: int, stop: int) -> bool:
    """True when the full stop at ``stop`` closes an abbreviation or an initial."""
    if text[stop] != ".":
        return False
    word_start = stop
    while word_start > sentence_start and not text[word_start - 1].isspace():
        word_start -= 1
    word = text[word_start:stop].lstrip("\"'“‘([").lower()
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Smith"
    return word in _ABBREVIATIONS


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph spans. Every line counts as one: a headline often sits on the line above the
    body with no blank line between, and a passage must not join the two."""
    spans = (_trim(text, m.start(), m.end()) for m in _LINE.finditer(text))
    return [s for s in spans if s[1] > s[0]]


def split_passages(text: str) -> list[Passage]:
    """Passages of up to ``MAX_SENTENCES`` sentences and ``MAX_WORDS`` words, never crossing a
    paragraph; a sentence longer than ``MAX_WORDS`` is cut at word boundaries."""
    passages: list[Passage] = []
    for para_start, para_end in paragraphs(text):
        for start, end in _group(text, _bounded_sentences(text, para_start, para_end)):
            passages.append(Passage(len(passages), start, end, text[start:end]))
    return passages


def _bounded_sentences(text: str, start: int, end: int) -> list[tuple[int, int, int]]:
    """Sentence spans with their word counts; over-long sentences cut into pieces."""
    pieces = []
    for s_start, s_end in split_sentences(text, start, end):
        words = list(_WORD.finditer(text, s_start, s_end))
        for i in range(0, len(words), MAX_WORDS):
            chunk = words[i : i + MAX_WORDS]
            pieces.append((chunk[0].start(), chunk[-1].end(), len(chunk)))
    return pieces


def _group(text: str, sentences: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    groups: list[tuple[int, int]] = []
    current: list[tuple[int, int, int]] = []
    for sentence in sentences:
        words = sum(s[2] for s in current)
        if current and (len(current) >= MAX_SENTENCES or words + sentence[2] > MAX_WORDS):
            groups.append((current[0][0], current[-1][1]))
            current = []
        current.append(sentence)
    if current:
        groups.append((current[0][0], current[-1][1]))
    return groups
