"""The report: one object with everything found about an article, and its views.

``Report.to_dict`` / ``to_json`` give the versioned JSON (schema ``newsvet.report/1``,
described by ``schema/report-1.json``); ``to_markdown``, ``to_text`` and ``to_html`` are
views of the same object, and ``render_terminal`` prints it to a colour console.
"""

import json
from importlib import resources
from typing import Any

from newsvet.report._formats import REPORT_FORMATS, format_report
from newsvet.report._html import highlight
from newsvet.report._model import (
    REPORT_SCHEMA,
    ArticleSource,
    Report,
    ReportAnomaly,
    ReportArticle,
    ReportAttribution,
    ReportClaim,
    ReportEntity,
    ReportEvidence,
    ReportMention,
    ReportSpan,
)
from newsvet.report._terminal import render_terminal, report_renderable

__all__ = [
    "REPORT_FORMATS",
    "REPORT_SCHEMA",
    "ArticleSource",
    "Report",
    "ReportAnomaly",
    "ReportArticle",
    "ReportAttribution",
    "ReportClaim",
    "ReportEntity",
    "ReportEvidence",
    "ReportMention",
    "ReportSpan",
    "format_report",
    "highlight",
    "json_schema",
    "render_terminal",
    "report_renderable",
]


def json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that every report's ``to_dict()`` conforms to."""
    text = resources.files("newsvet.report").joinpath("schema/report-1.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
