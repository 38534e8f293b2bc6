"""The Jinja environment the HTML and Markdown views render with."""

from __future__ import annotations

import re
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from newsvet.report import _summary

# Backslash-escaping ASCII punctuation is always literal in CommonMark; escaping "<" and "&"
# keeps article text from turning into live HTML when the Markdown is rendered.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")


def markdown_escape(value: object) -> str:
    text = " ".join(str(value).split())  # Markdown tables and list items are one line each
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def code_span(value: object) -> str:
    # A pipe would end a table cell even inside a code span.
    return "`" + str(value).replace("`", "'").replace("|", "\\|") + "`"


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("newsvet.report", "templates"),
        # Autoescape the HTML templates; the Markdown template escapes with its own filter.
        autoescape=select_autoescape(enabled_extensions=("html",), default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_escape
    env.filters["code"] = code_span
    env.filters["percent"] = _summary.percent
    env.globals["verdict_of"] = _summary.verdict_of
    return env
