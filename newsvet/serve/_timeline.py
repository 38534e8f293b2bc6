"""The timeline of an entity's claims across stored articles: an inline SVG drawn here,
on the server, so the page needs no script. One lane per verdict, one dot per claim,
placed by the article's publication date; each dot links to its claim in its report.

An article without a publication date is placed by the day it was checked, drawn as a
hollow dot and labelled "checked on", so that no date passes for one it is not."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup

from newsvet.store import ClaimHit

LANES = ("refuted", "conflicting", "not_enough_evidence", "supported", "not_checkable", "unchecked")
COLOURS = {
    "supported": "#1a7f37",
    "refuted": "#b42318",
    "conflicting": "#a34104",
    "not_enough_evidence": "#595959",
    "not_checkable": "#1d4ed8",
    "unchecked": "#595959",
}
WIDTH = 760
LEFT = 170  # room for the lane labels
RIGHT = 24
LANE = 30
TOP = 16
AXIS = 52  # the tick labels and the axis caption


@dataclass(frozen=True)
class _Dot:
    x: float
    y: float
    hit: ClaimHit
    verdict: str
    checked: bool  # placed by the day it was checked: the article has no date


def _placed(claim: ClaimHit) -> tuple[dt.date | None, bool]:
    """The day a claim is drawn at, and whether that is the day it was checked."""
    published = _day(claim.published)
    if published is not None:
        return published, False
    return _day(claim.created_at), True


def timeline_svg(claims: Sequence[ClaimHit], title: str) -> Markup:
    """The SVG, or an empty string when there is nothing to plot."""
    points = [(c, day, checked) for c in claims for day, checked in [_placed(c)] if day is not None]
    if not points:
        return Markup("")
    lanes = [v for v in LANES if any(_verdict(c) == v for c, _, _ in points)]
    first = min(d for _, d, _ in points)
    last = max(d for _, d, _ in points)
    span = max((last - first).days, 1)
    height = TOP + LANE * len(lanes) + AXIS

    def x_of(day: dt.date) -> float:
        if first == last:
            return LEFT + (WIDTH - LEFT - RIGHT) / 2
        return LEFT + (WIDTH - LEFT - RIGHT) * (day - first).days / span

    stacked: dict[tuple[str, dt.date], int] = {}
    dots = []
    for claim, day, checked in points:
        verdict = _verdict(claim)
        n = stacked.get((verdict, day), 0)
        stacked[(verdict, day)] = n + 1
        # Claims on the same day and lane step aside so that each stays visible.
        offset = (n % 5) * 7 - (14 if n % 5 else 0)
        y = TOP + LANE * lanes.index(verdict) + LANE / 2
        dots.append(_Dot(x_of(day) + offset, y, claim, verdict, checked))

    parts = [
        Markup(
            '<svg class="timeline" role="img" aria-labelledby="timeline-title timeline-desc" '
            'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
            'xmlns="http://www.w3.org/2000/svg">'
        ).format(w=WIDTH, h=height),
        Markup('<title id="timeline-title">{}</title>').format(title),
        Markup(
            '<desc id="timeline-desc">{} claims from {} to {} by {}, one row per verdict; '
            "the table below lists them.</desc>"
        ).format(len(dots), first.isoformat(), last.isoformat(), _axis_caption(dots)),
    ]
    for i, verdict in enumerate(lanes):
        y = TOP + LANE * i + LANE / 2
        parts.append(
            Markup(
                '<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="#d0d0d0"/>'
                '<text x="{tx}" y="{ty}" text-anchor="end" font-size="13" fill="#1a1a1a">{label}</text>'
            ).format(l=LEFT, r=WIDTH - RIGHT, y=y, tx=LEFT - 10, ty=y + 4, label=verdict.replace("_", " "))
        )
    axis_y = TOP + LANE * len(lanes) + 6
    parts.append(
        Markup('<line x1="{l}" x2="{r}" y1="{y}" y2="{y}" stroke="#4a4a4a"/>').format(
            l=LEFT, r=WIDTH - RIGHT, y=axis_y
        )
    )
    for day in _ticks(first, last):
        tx = x_of(day)
        parts.append(
            Markup(
                '<line x1="{x}" x2="{x}" y1="{y1}" y2="{y2}" stroke="#4a4a4a"/>'
                '<text x="{x}" y="{ty}" text-anchor="middle" font-size="12" fill="#1a1a1a">{label}</text>'
            ).format(x=round(tx, 1), y1=axis_y, y2=axis_y + 5, ty=axis_y + 19, label=day.isoformat())
        )
    parts.append(
        Markup(
            '<text class="axis-caption" x="{x}" y="{y}" text-anchor="middle" font-size="12" '
            'fill="#4a4a4a">{caption}</text>'
        ).format(x=(LEFT + WIDTH - RIGHT) / 2, y=axis_y + 38, caption=_axis_caption(dots))
    )
    for dot in dots:
        parts.append(_dot_svg(dot))
    parts.append(Markup("</svg>"))
    return Markup("").join(parts)


def _dot_svg(dot: _Dot) -> Markup:
    when, day = ("checked on", dot.hit.created_at[:10]) if dot.checked else ("published", dot.hit.published)
    label = f"{when} {day}: {dot.verdict.replace('_', ' ')}: {dot.hit.text}"
    colour = COLOURS[dot.verdict]
    # A hollow dot for a day of checking: the colour still tells the verdict.
    fill, stroke, width = ("#ffffff", colour, 2.5) if dot.checked else (colour, "#ffffff", 1.5)
    return Markup(
        '<a href="/reports/{rid}#claim-{cid}"><circle class="dot verdict-{v}{extra}" cx="{x}" cy="{y}" '
        'r="6" fill="{fill}" stroke="{stroke}" stroke-width="{width}"><title>{label}</title>'
        "</circle></a>"
    ).format(
        rid=dot.hit.report_id,
        cid=dot.hit.claim_id,
        v=dot.verdict,
        extra=" checked-on" if dot.checked else "",
        x=round(dot.x, 1),
        y=dot.y,
        fill=fill,
        stroke=stroke,
        width=width,
        label=label,
    )


def _axis_caption(dots: Sequence[_Dot]) -> str:
    checked = sum(d.checked for d in dots)
    if checked == 0:
        return "publication date"
    if checked == len(dots):
        return "date checked (the articles have no publication date)"
    return "publication date; hollow dots: date checked (the article has no publication date)"


def _verdict(claim: ClaimHit) -> str:
    return claim.verdict if claim.verdict in COLOURS else "unchecked"


def _day(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _ticks(first: dt.date, last: dt.date) -> list[dt.date]:
    if first == last:
        return [first]
    middle = first + (last - first) / 2
    return sorted({first, middle, last})

