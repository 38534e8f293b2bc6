"""Reading articles: plain text, HTML (main-text extraction) and JSON lines.

Every reader returns a :class:`~newsvet.document.Document` whose ``text`` is the exact text
later stages analyse, with ``headline`` and ``body`` spans into it and the metadata found
(title, outlet, byline, publication date, URL, language) in ``meta``.

What is kept of the input: newlines are normalised to ``\\n`` and a byte-order mark is
dropped; nothing else changes, so every offset stays true to the input. HTML and JSON
articles are rebuilt as ``headline + "\\n\\n" + body``.

Formats: the ``format`` argument (``"text"``, ``"html"``, ``"jsonl"``) wins; otherwise a
known extension (.txt .md .html .htm .jsonl .ndjson .json) decides, otherwise the content
(markup is HTML, a leading ``{`` or ``[`` is JSON, anything else plain text).

Encoding policy: strict UTF-8 (a BOM is dropped; a UTF-16 BOM means UTF-16). Input with no valid multi-byte UTF-8
sequence at all is read as Windows-1252 when every byte is defined there (legacy files);
anything else is refused with the offset of the first invalid byte, never guessed.

Bad input raises :class:`~newsvet.errors.InputError` (exit code 2) saying what and where:
a missing file, a folder, an empty or blank file, a binary file, a file over ``max_bytes``
(5 MB by default, checked before reading), undecodable bytes, HTML without extractable
text, malformed JSON (with its line number) and a JSON record without ``text``.
"""

from newsvet.read._bytes import DEFAULT_MAX_BYTES
from newsvet.read._formats import FORMATS, detect_format
from newsvet.read._reader import iter_articles, read_article, read_stream, read_text

__all__ = [
    "DEFAULT_MAX_BYTES",
    "FORMATS",
    "detect_format",
    "iter_articles",
    "read_article",
    "read_stream",
    "read_text",
]
