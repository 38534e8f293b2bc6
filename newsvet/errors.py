"""One exception root for newsvet. Every error a user can cause is a ``NewsvetError``
with a message that says what was wrong and where; the CLI shows it without a traceback."""

from __future__ import annotations


class NewsvetError(Exception):
    """Root of every error newsvet raises on purpose."""

    exit_code = 1


class InputError(NewsvetError):
    """The user's input cannot be read: missing, empty, binary, too large, malformed."""

    exit_code = 2


class KnowledgeBaseError(NewsvetError):
    """The knowledge base is missing, corrupt, or a source file cannot be imported."""

    exit_code = 3


class PipelineError(NewsvetError):
    """A pipeline was assembled wrongly: a stage needs something no earlier stage adds."""

    exit_code = 4
