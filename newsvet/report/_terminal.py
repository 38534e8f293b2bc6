"""The terminal view of a report, drawn with rich.

``report_renderable`` builds the view once; the CLI prints it to a colour console with
``render_terminal`` and ``render_text`` records it as plain text of a given width.
"""

from __future__ import annotations

from io import StringIO
from typing import TYPE_CHECKING

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from newsvet.report import _summary

if TYPE_CHECKING:
    from newsvet.report._model import Report, ReportClaim

VERDICT_STYLES = {
    "supported": "bold green",
    "refuted": "bold red",
    "conflicting": "bold dark_orange",
    "not_enough_evidence": "bold grey62",
    "not_checkable": "italic blue",
    _summary.UNCHECKED: "dim",
}
STANCE_STYLES = {"supports": "green", "refutes": "red", "unrelated": "grey62"}
RATING_STYLES = {
    "misleading": "bold white on red",
    "questionable": "bold black on dark_orange",
    "unverified": "bold black on grey62",
    "credible": "bold white on green",
}


def render_terminal(report: Report, console: Console) -> None:
    console.print(report_renderable(report))


def render_text(report: Report, console_width: int = 100) -> str:
    console = Console(
        file=StringIO(), width=console_width, color_system=None, force_terminal=False, record=True
    )
    render_terminal(report, console)
    # Rich pads lines to the console's width; the padding is noise in a file or a pipe.
    lines = console.export_text(styles=False).splitlines()
    return "\n".join(line.rstrip() for line in lines) + "\n"


def report_renderable(report: Report) -> RenderableType:
    parts: list[RenderableType] = [_header(report), _signals(report)]
    parts.append(Rule("Claims", align="left"))
    parts.extend(_claim(claim) for claim in report.claims)
    if not report.claims:
        parts.append(Text("No claims were found.", style="dim"))
    if report.entities:
        parts.extend([Rule("Entities", align="left"), _entities(report)])
    if report.anomalies:
        parts.extend([Rule("Anomalies", align="left"), _anomalies(report)])
    return Group(*parts)


def _header(report: Report) -> RenderableType:
    title = Text(report.article.title or "untitled article", style="bold")
    details = [
        part
        for part in (
            _summary.source_line(report),
            report.article.published,
            report.article.byline,
        )
        if part
    ]
    # The title goes above the rule, not in it: a rule cuts a long title short.
    lines: list[RenderableType] = [title, Rule(style="dim")]
    if details:
        lines.append(Text(" · ".join(details), style="dim"))
    return Group(*lines)


def _signals(report: Report) -> RenderableType:
    parts: list[RenderableType] = []
    rating = _summary.rating_of(report.signals)
    if rating:
        label, summary = rating
        line = Text.assemble((f" {label.upper()} ", RATING_STYLES.get(label, "bold")), " ")
        line.append(summary)
        parts.append(line)
    rows = _summary.signal_rows(report.signals)
    if rows:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        table.add_column(style="bold")
        table.add_column()
        for label, value in rows:
            table.add_row(Text(label), Text(value))
        parts.append(table)
    single = _summary.single_source_speakers(report.signals)
    if single:
        parts.append(
            Text("One interested source: ")
            + Text(", ".join(f"{cid} ({speaker})" for cid, speaker in single), style="dim")
        )
    return Group(*parts)


def _claim(claim: ReportClaim) -> RenderableType:
    verdict = _summary.verdict_of(claim)
    head = Text.assemble(
        (f"[{claim.id}] ", "bold"),
        (verdict, VERDICT_STYLES.get(verdict, "")),
    )
    if claim.verdict:
        head.append(f" {claim.confidence:.2f}")
    attribution = claim.attribution.kind
    if claim.attribution.speaker:
        attribution += f": {claim.attribution.speaker}"
    head.append(f"  {claim.type} · {claim.certainty} · {attribution}", style="dim")
    lines: list[RenderableType] = [head, Padding(Text(claim.text), (0, 0, 0, 2))]
    if claim.reason:
        lines.append(Padding(Text(claim.reason, style="italic"), (0, 0, 0, 2)))
    for ev in claim.evidence:
        line = Text.assemble(
            "- ", (ev.stance, STANCE_STYLES.get(ev.stance, "")), f" ({ev.kind}) {ev.text} "
        )
        line.append(f"[{ev.source}]", style="dim")
        lines.append(Padding(line, (0, 0, 0, 2)))
    lines.append(Text(""))
    return Group(*lines)


# Cells are Text, not str: rich would read "[...]" in article text as markup.


def _entities(report: Report) -> RenderableType:
    table = Table(box=None, padding=(0, 2, 0, 0), header_style="bold")
    for name in ("Name", "Type", "KB id", "Identifiers", "Mentions"):
        table.add_column(name)
    for entity in report.entities:
        identifiers = "; ".join(
            f"{scheme}: {', '.join(values)}" for scheme, values in entity.identifiers.items()
        )
        cells = (entity.name, entity.type, entity.kb_id, identifiers, str(len(entity.mentions)))
        table.add_row(*map(Text, cells))
    return table


def _anomalies(report: Report) -> RenderableType:
    table = Table(box=None, padding=(0, 2, 0, 0), header_style="bold")
    for name in ("Kind", "At", "Text", "Message"):
        table.add_column(name)
    for anomaly in report.anomalies:
        cells = (anomaly.kind, str(anomaly.start), repr(anomaly.text), anomaly.message)
        table.add_row(*map(Text, cells))
    return table
