"""The segment stage: paragraphs and sentences, headline kept apart from the body.

The whole text is parsed once with spaCy, and that parse is kept in
``doc.annotations["spacy"]`` for later stages; because the whole ``Document.text`` goes in
one call, token offsets are Document offsets. spaCy's sentence boundaries are only one input:
``Document.sentences`` never crosses a paragraph or the headline, is trimmed of whitespace,
and is also split where scraped text glued two sentences together ("network.Both").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from newsvet.document import Document, Sentence, Span
from newsvet.errors import InputError, PipelineError
from newsvet.pipeline.registry import register_stage

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.tokens import Span as SpacySpan

    from newsvet.pipeline.resources import Resources

SPACY_KEY = "spacy"
SEGMENT_KEY = "segment"

# A full stop, question or exclamation mark (perhaps closing a quote) directly followed by a
# capitalised word: "network.Both", 'said."The'. Lower-case letter or digit before it, so
# initials and acronyms ("U.S.Army") are left alone.
_GLUED = re.compile(r"(?<=[a-z0-9%)\]])[.!?]+[\"”’]?(?=[A-Z][a-z])")
# Abbreviations that precede a capitalised name without being a sentence end.
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "gen",
        "lt",
        "col",
        "capt",
        "cpt",
        "sgt",
        "maj",
        "brig",
        "adm",
        "gov",
        "sen",
        "rep",
        "prof",
        "rev",
        "hon",
        "no",
        "vs",
        "inc",
        "ltd",
        "co",
        "corp",
        "mt",
        "ft",
        "fig",
        "vol",
    ]
)
# The end of a sentence: final punctuation, perhaps inside closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…:;][\"”’'»)\]]*$")
# Characters that end a line which is not wrapped onto the next one.
_LINE_END = tuple('.!?:;"”’')
_MIN_WRAPPED_LINE = 40
_WRAP_WIDTH_SHARE = 0.6


@register_stage(
    "newsvet.segment.v1",
    step="segment",
    requires=("text",),
    assigns=("paragraphs", "sentences"),
)
def make_segmenter(resources: Resources) -> Callable[[Document], Document]:
    nlp = resources.nlp

    def segment(doc: Document) -> Document:
        return segment_document(doc, nlp)

    return segment


def segment_document(doc: Document, nlp: Language) -> Document:
    if len(doc.text) > nlp.max_length:
        raise InputError(
            f"{doc.meta.source_path or 'the article'} is too long to segment: "
            f"{len(doc.text)} characters, over spaCy's limit of {nlp.max_length}"
        )
    body = _body_span(doc)
    doc.paragraphs = paragraph_spans(doc.text, body, join_wrapped=doc.meta.format != "html")
    boundaries = [p.start for p in doc.paragraphs] + ([doc.headline.start] if doc.headline else [])
    parsed = parse_within(nlp, doc.text, boundaries)
    doc.annotations[SPACY_KEY] = parsed
    sentence_starts = [sent.start_char for sent in parsed.sents]
    doc.sentences = []
    if doc.headline is not None and _has_word(doc.headline.slice(doc.text)):
        headline = _strip(doc.text, doc.headline.start, doc.headline.end)
        doc.sentences.append(Sentence(span=headline, paragraph=-1, is_headline=True))
    glued: list[int] = []
    for index, paragraph in enumerate(doc.paragraphs):
        for span in _paragraph_sentences(doc.text, paragraph, sentence_starts, glued):
            doc.sentences.append(Sentence(span=span, paragraph=index))
    doc.annotations[SEGMENT_KEY] = {"glued_sentence_breaks": glued}
    return doc


def parse_within(nlp: Language, text: str, boundaries: list[int]) -> Doc:
    """Parse ``text`` once, with a sentence starting at each boundary (the headline and
    every paragraph). Set before the parser runs, the starts keep it from attaching words
    across them: a headline without a full stop would otherwise take the first words of
    the body as its own."""
    parsed = nlp.make_doc(text)
    marks = sorted(set(boundaries))
    position = 0
    for token in parsed:
        while position < len(marks) and marks[position] < token.idx:
            position += 1
        if (
            token.i > 0
            and position < len(marks)
            and not token.is_space
            and token.idx >= marks[position]
        ):
            token.is_sent_start = True
            position += 1
    for _name, component in nlp.pipeline:
        parsed = component(parsed)
    return parsed


def _body_span(doc: Document) -> Span:
    if doc.body is not None:
        return doc.body
    start = doc.headline.end if doc.headline is not None else 0
    return Span(start, len(doc.text))


# --- paragraphs ----------------------------------------------------------------------------


def paragraph_spans(text: str, body: Span, *, join_wrapped: bool = True) -> list[Span]:
    """Paragraphs of ``body``: blocks split by blank lines and, since news text often has one
    paragraph per line, by single newlines too. With ``join_wrapped`` a line that is visibly
    hard-wrapped (long, no closing punctuation) continues onto the next line instead."""
    lines = _lines(text, body)
    width = max((end - start for start, end in lines if start < end), default=0)
    paragraphs: list[Span] = []
    current: tuple[int, int] | None = None
    previous_blank = True
    for start, end in lines:
        line = text[start:end]
        if not line.strip():
            previous_blank = True
            continue
        if (
            current is not None
            and not previous_blank
            and join_wrapped
            and _wraps_onto(text[current[0] : current[1]].rsplit("\n", 1)[-1], line, width)
        ):
            current = (current[0], end)
        else:
            if current is not None:
                paragraphs.append(_strip(text, *current))
            current = (start, end)
        previous_blank = False
    if current is not None:
        paragraphs.append(_strip(text, *current))
    return [p for p in paragraphs if _has_word(p.slice(text))]


def _lines(text: str, within: Span) -> list[tuple[int, int]]:
    spans = []
    start = within.start
    for line in text[within.start : within.end].split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _wraps_onto(line: str, following: str, width: int) -> bool:
    """Whether ``line`` was wrapped onto ``following`` rather than ending a paragraph."""
    line = line.rstrip()
    if not line or line.endswith(_LINE_END):
        return False
    following = following.lstrip()
    if following[:1].islower():
        return True
    return len(line) >= _MIN_WRAPPED_LINE and len(line) >= _WRAP_WIDTH_SHARE * width


# --- sentences -----------------------------------------------------------------------------


def _paragraph_sentences(
    text: str, paragraph: Span, sentence_starts: list[int], glued: list[int]
) -> list[Span]:
    breaks = glued_breaks(text, paragraph)
    glued.extend(breaks)
    parser_cuts = [s for s in sentence_starts if paragraph.start < s < paragraph.end]
    cuts = sorted({*parser_cuts, *breaks})
    kept: list[int] = []
    start = paragraph.start
    for cut in cuts:
        # A parser boundary right after words that end no sentence is a parse gone wrong,
        # usually around glued text ('"over."The talks' splits before "talks"): keep going.
        if cut not in breaks and not _SENTENCE_END.search(text[start:cut].rstrip()):
            continue
        kept.append(cut)
        start = cut
    bounds = [paragraph.start, *kept, paragraph.end]
    pieces = [[a, b] for a, b in itertools.pairwise(bounds)]
    # Punctuation alone (a closing quote the parser put after the boundary) belongs to the
    # sentence before it.
    merged: list[list[int]] = []
    for piece in pieces:
        if merged and not _has_word(text[piece[0] : piece[1]]):
            merged[-1][1] = piece[1]
        else:
            merged.append(piece)
    spans = [_strip(text, a, b) for a, b in merged]
    return [span for span in spans if _has_word(span.slice(text))]


def glued_breaks(text: str, within: Span) -> list[int]:
    """Offsets where a sentence starts right after the previous one's final punctuation with
    no space between them ("network.Both" gives the offset of "Both")."""
    breaks = []
    for match in _GLUED.finditer(text, within.start, within.end):
        chunk_start = _chunk_start(text, match.start(), within.start)
        word = text[chunk_start : match.start()].lstrip("(\"'“‘").lower()
        chunk = text[chunk_start : _chunk_end(text, match.end(), within.end)]
        if word in _ABBREVIATIONS or _looks_like_address(chunk):
            continue
        breaks.append(match.end())
    return breaks


def _chunk_start(text: str, index: int, floor: int) -> int:
    while index > floor and not text[index - 1].isspace():
        index -= 1
    return index


def _chunk_end(text: str, index: int, ceiling: int) -> int:
    while index < ceiling and not text[index].isspace():
        index += 1
    return index


def _looks_like_address(chunk: str) -> bool:
    lowered = chunk.lower()
    return "/" in chunk or "@" in chunk or lowered.startswith("www.")


def _strip(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)


def _has_word(text: str) -> bool:
    return any(char.isalnum() for char in text)


# --- access for later stages ------------------------------------------------------------


def spacy_doc(doc: Document) -> Doc:
    """The spaCy parse the segment stage made of ``doc.text``."""
    try:
        return doc.annotations[SPACY_KEY]
    except KeyError:
        raise PipelineError(
            "the document has no spaCy parse: run the segment stage (newsvet.segment.v1) first"
        ) from None


def sentence_tokens(doc: Document, index: int) -> SpacySpan:
    """The tokens of ``doc.sentences[index]`` as a spaCy span. A token that straddles the
    sentence's edge (glued text) is included whole."""
    span = doc.sentences[index].span
    tokens = spacy_doc(doc).char_span(span.start, span.end, alignment_mode="expand")
    if tokens is None:
        raise PipelineError(f"sentence {index} ({span.start}..{span.end}) has no tokens")
    return tokens
