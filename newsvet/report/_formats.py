"""Rendering a report in a format chosen by name, as the CLI and the API do."""

from __future__ import annotations

from collections.abc import Callable

from newsvet.errors import NewsvetError
from newsvet.report._model import Report

_RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": Report.to_text,
    "md": Report.to_markdown,
    "json": Report.to_json,
    "html": Report.to_html,
}
REPORT_FORMATS = tuple(_RENDERERS)


def format_report(report: Report, fmt: str) -> str:
    try:
        render = _RENDERERS[fmt]
    except KeyError:
        raise NewsvetError(
            f"unknown report format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}"
        ) from None
    return render(report)
