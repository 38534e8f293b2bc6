"""The segment stage (``newsvet.segment.v1``): paragraphs and sentences of the body, the
headline as a sentence of its own, and one spaCy parse of the whole text for later stages.

Later stages read ``Document.sentences`` (never the spaCy parse's own sentence boundaries)
and reach the parse's tokens through :func:`spacy_doc` and :func:`sentence_tokens`.
"""

from newsvet.segment._segmenter import (
    SPACY_KEY,
    glued_breaks,
    make_segmenter,
    paragraph_spans,
    segment_document,
    sentence_tokens,
    spacy_doc,
)

__all__ = [
    "SPACY_KEY",
    "glued_breaks",
    "make_segmenter",
    "paragraph_spans",
    "segment_document",
    "sentence_tokens",
    "spacy_doc",
]
