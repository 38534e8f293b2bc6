"""Turning free text into a safe FTS5 query.

User text is never passed to MATCH as it is: FTS5 gives quotes, parentheses, ``*``, ``^``,
``:``, ``-`` and the words AND, OR, NOT and NEAR a meaning, and a stray one is a syntax
error. Each word becomes a double-quoted string (a literal to FTS5, whatever it says), and
the strings are joined with OR so that BM25 ranks passages by how many of the claim's
words they share and how rare those words are.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# Words that match most passages: leaving them out keeps a long claim's query fast
# without changing which passages rank first (BM25 gives them almost no weight).
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "she",
        "that",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "was",
        "we",
        "were",
        "which",
        "who",
        "will",
        "with",
        "would",
        "you",
        "not",
        "no",
        "said",
        "says",
        "say",
        "also",
        "than",
        "then",
        "there",
        "these",
        "those",
        "what",
        "when",
        "where",
        "while",
    ]
)
MAX_TERMS = 32
_WORD = re.compile(r"\w+", re.UNICODE)


def query_terms(text: str) -> list[str]:
    """Distinct words of ``text`` in order, without stopwords (unless nothing else is left)."""
    words = list(dict.fromkeys(w.casefold() for w in _WORD.findall(text)))
    content = [w for w in words if w not in STOPWORDS and w != "_" * len(w)]
    return (content or words)[:MAX_TERMS]


def fts_query(text: str, keep: Callable[[list[str]], list[str]] | None = None) -> str | None:
    """An FTS5 MATCH expression for ``text``, or None when it holds no word at all.
    ``keep`` may choose which of the terms to search for."""
    terms = query_terms(text)
    if keep is not None and terms:
        terms = keep(terms)
    if not terms:
        return None
    # \w+ never holds a double quote, so the quoting below cannot be broken out of.
    return " OR ".join(f'"{term}"' for term in terms)
