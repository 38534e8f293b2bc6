"""The Markdown view of a report: for pull requests, wikis and editors' notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from newsvet.report import _summary
from newsvet.report._templates import environment

if TYPE_CHECKING:
    from newsvet.report._model import Report


def render_markdown(report: Report) -> str:
    return environment().get_template("report.md").render(**template_context(report))


def template_context(report: Report) -> dict[str, object]:
    """What both the Markdown and the HTML templates are given."""
    return {
        "report": report,
        "rating": _summary.rating_of(report.signals),
        "signal_rows": _summary.signal_rows(report.signals),
        "single_source": _summary.single_source_speakers(report.signals),
        "source_line": _summary.source_line(report),
    }
