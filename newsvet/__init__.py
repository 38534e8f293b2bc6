"""newsvet: vets news articles against a knowledge base of sourced facts.

    >>> import newsvet
    >>> report = newsvet.check("examples/let-headquarters-wrong.txt")
    >>> report.to_dict()["claims"][0]["verdict"]
"""

from newsvet.checker import Checker, check
from newsvet.document import Certainty, ClaimType, Document, Stance, Verdict
from newsvet.errors import InputError, KnowledgeBaseError, NewsvetError, PipelineError
from newsvet.report import Report

__version__ = "0.1.0"

__all__ = [
    "Certainty",
    "Checker",
    "ClaimType",
    "Document",
    "InputError",
    "KnowledgeBaseError",
    "NewsvetError",
    "PipelineError",
    "Report",
    "Stance",
    "Verdict",
    "__version__",
    "check",
]
