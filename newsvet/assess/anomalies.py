"""Textual anomalies: small slips in the text that betray careless rewriting or pasting.

A missing space between two sentences ("network.Both"), doubled words, quotes or brackets
that never close, and straight quotes mixed with curly ones are each weak on their own, but
rewritten or machine-spun copy tends to carry several. Every finding keeps its character
offsets so the report can mark it in the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

from newsvet.document import Anomaly, Span

# Words that end in a full stop without ending a sentence: "Mr.Smith" is an abbreviation
# followed by a name, not two sentences run together.
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr", "gen", "lt", "col", "maj", "capt",
        "sgt", "adm", "gov", "sen", "rep", "rev", "hon", "pres", "no", "nos", "vs", "etc",
        "inc", "ltd", "co", "corp", "dept", "univ", "approx", "est", "fig", "vol", "jan",
        "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mt",
        "ft", "op", "ops",
    }
)  # fmt: skip

# "that that" and "had had" are grammatical English, not slips.
LEGITIMATE_DOUBLES = frozenset({"that", "had", "is", "do", "bye", "no", "very", "so"})

# A sentence-final stop (optionally followed by a closing quote or bracket) glued to the
# capitalised word that starts the next sentence. Requiring a capital followed by a small
# letter leaves initials ("U.S.", "J.R.R."), domains ("example.com") and abbreviations
# written in small letters ("e.g.", "i.e.") alone, and digits leave decimals ("3.5") alone.
_MISSING_SPACE_STOP = re.compile(r"(?P<left>[^\W_]+)[.!?][\"”’)\]]?(?P<right>[A-Z][a-z]+)")
# A comma or semicolon glued to the next word; digits on either side ("1,000") are numbers.
_MISSING_SPACE_COMMA = re.compile(r"(?P<left>[^\W\d_]+)[,;](?P<right>[^\W\d_]+)")
_URL_LIKE = re.compile(r"://|www\.|@|\.(?:com|org|net|gov|edu|int|io|co|info)\b", re.IGNORECASE)
_DOUBLED_WORD = re.compile(r"\b(?P<word>[^\W\d_]+)[ \t]+(?P=word)\b", re.IGNORECASE)
_TOKEN_AROUND = re.compile(r"\S+")

_BRACKETS = {")": "(", "]": "[", "}": "{"}
_OPENERS = {"(": ")", "[": "]", "{": "}", "“": "”", "‘": "’"}
# A closing bracket after a short label at the start of a token is a list marker: "1)", "b)".
_LIST_MARKER = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z]|[ivx]{1,4})$")
_STRAIGHT_DOUBLE = '"'
_CURLY_DOUBLE = "“”"
_STRAIGHT_SINGLE = "'"
_CURLY_SINGLE = "‘’"


def find_anomalies(text: str, regions: Sequence[Span] | None = None) -> list[Anomaly]:
    """Every anomaly in ``text`` within ``regions`` (default: all of it), in text order."""
    if regions is None:
        regions = [Span(0, len(text))]
    found: dict[tuple[str, int, int], Anomaly] = {}
    for block in _blocks(text, regions):
        for anomaly in _block_anomalies(text, block):
            found.setdefault((anomaly.kind, anomaly.span.start, anomaly.span.end), anomaly)
    for anomaly in _mixed_quotes(text, regions):
        found.setdefault((anomaly.kind, anomaly.span.start, anomaly.span.end), anomaly)
    return sorted(found.values(), key=lambda a: (a.span.start, a.span.end, a.kind))


def _blocks(text: str, regions: Sequence[Span]) -> Iterator[Span]:
    """Paragraph-sized pieces of each region: quotes and brackets balance within a paragraph."""
    for region in regions:
        start = region.start
        for line in text[region.start : region.end].split("\n"):
            if line.strip():
                yield Span(start, start + len(line))
            start += len(line) + 1


def _block_anomalies(text: str, block: Span) -> Iterator[Anomaly]:
    yield from _missing_spaces(text, block)
    yield from _doubled_words(text, block)
    yield from _unbalanced(text, block)


def _missing_spaces(text: str, block: Span) -> Iterator[Anomaly]:
    piece = block.slice(text)
    for pattern, what in ((_MISSING_SPACE_STOP, "full stop"), (_MISSING_SPACE_COMMA, "comma")):
        for match in pattern.finditer(piece):
            left = match.group("left")
            if what == "full stop" and (len(left) == 1 or left.lower() in ABBREVIATIONS):
                continue
            if _URL_LIKE.search(_token_at(piece, match.start(), match.end())):
                continue
            span = Span(block.start + match.start(), block.start + match.end())
            mark = piece[match.end("left")]
            yield Anomaly(
                kind="missing_space",
                span=span,
                text=match.group(0),
                message=f"no space after the {what} ({mark!r}) in {match.group(0)!r}",
            )


def _token_at(piece: str, start: int, end: int) -> str:
    """The whitespace-delimited token that holds ``piece[start:end]``."""
    for token in _TOKEN_AROUND.finditer(piece):
        if token.start() <= start and end <= token.end():
            return token.group(0)
    return piece[start:end]


def _doubled_words(text: str, block: Span) -> Iterator[Anomaly]:
    piece = block.slice(text)
    for match in _DOUBLED_WORD.finditer(piece):
        first, second = match.group(0).split()[0], match.group(0).split()[-1]
        if first.lower() in LEGITIMATE_DOUBLES and first == second:
            continue
        # "Bora Bora", "Baden Baden": repeated capitalised words are usually names.
        if first[0].isupper() and second[0].isupper():
            continue
        yield Anomaly(
            kind="doubled_word",
            span=Span(block.start + match.start(), block.start + match.end()),
            text=match.group(0),
            message=f"the word {first!r} is repeated",
        )


def _unbalanced(text: str, block: Span) -> Iterator[Anomaly]:
    piece = block.slice(text)
    open_marks: list[tuple[str, int]] = []
    for offset, char in enumerate(piece):
        if char in _OPENERS:
            open_marks.append((char, offset))
        elif char in _BRACKETS or char == "”":
            opener = _BRACKETS.get(char, "“")
            if open_marks and open_marks[-1][0] == opener:
                open_marks.pop()
            elif char == ")" and _LIST_MARKER.search(piece[:offset]):
                continue
            else:
                yield _unbalanced_at(block.start + offset, char, "closes nothing")
        elif char == "’" and open_marks and open_marks[-1][0] == "‘":
            # A right single quote is also an apostrophe, so it only ever closes.
            open_marks.pop()
    for char, offset in open_marks:
        # By convention a quotation running over paragraphs leaves each one open.
        if char == "“" and _next_block_opens_quote(text, block):
            continue
        yield _unbalanced_at(block.start + offset, char, "is never closed")
    yield from _unbalanced_straight_quotes(text, block)


def _unbalanced_straight_quotes(text: str, block: Span) -> Iterator[Anomaly]:
    piece = block.slice(text)
    positions = [i for i, char in enumerate(piece) if char == _STRAIGHT_DOUBLE]
    if len(positions) % 2:
        yield _unbalanced_at(block.start + positions[-1], _STRAIGHT_DOUBLE, "has no partner")


def _next_block_opens_quote(text: str, block: Span) -> bool:
    return text[block.end :].lstrip().startswith("“")


def _unbalanced_at(offset: int, char: str, problem: str) -> Anomaly:
    return Anomaly(
        kind="unbalanced_quote" if char in '“”"‘' else "unbalanced_bracket",
        span=Span(offset, offset + 1),
        text=char,
        message=f"{char!r} {problem} in its paragraph",
    )


def _mixed_quotes(text: str, regions: Sequence[Span]) -> Iterator[Anomaly]:
    """Straight and curly quotes in one article: often a sign of text pasted from elsewhere."""
    for straight, curly, what in (
        (_STRAIGHT_DOUBLE, _CURLY_DOUBLE, "double quotes"),
        (_STRAIGHT_SINGLE, _CURLY_SINGLE, "single quotes or apostrophes"),
    ):
        straight_at = [i for r in regions for i in range(r.start, r.end) if text[i] == straight]
        curly_at = [i for r in regions for i in range(r.start, r.end) if text[i] in curly]
        if not straight_at or not curly_at:
            continue
        # Point at the first mark of the rarer style: that is the one that looks pasted in.
        minority = straight_at if len(straight_at) <= len(curly_at) else curly_at
        offset = minority[0]
        yield Anomaly(
            kind="mixed_quotes",
            span=Span(offset, offset + 1),
            text=text[offset],
            message=(
                f"straight and curly {what} are mixed "
                f"({len(straight_at)} straight, {len(curly_at)} curly)"
            ),
        )
