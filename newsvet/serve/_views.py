"""The data behind every page: each function returns the one object that the HTML page
renders and that the page's ``.json`` URL and the matching API route return as JSON."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any
from urllib.parse import quote, urlencode

from newsvet.store import ClaimHit, Page, ReportQuery, ReportSummary, StoredReport


def entity_href(kb_id: str) -> str:
    return "/entities/" + quote(kb_id, safe=":@-._~")


def report_href(report_id: int, claim_id: str | None = None) -> str:
    return f"/reports/{report_id}" + (f"#claim-{claim_id}" if claim_id else "")


def report_data(stored: StoredReport) -> dict[str, Any]:
    return stored.to_dict()


def summary_data(summary: ReportSummary) -> dict[str, Any]:
    return {**asdict(summary), "href": report_href(summary.id)}


def claim_data(hit: ClaimHit) -> dict[str, Any]:
    return {**asdict(hit), "date": hit.date, "href": report_href(hit.report_id, hit.claim_id)}


def reports_data(page: Page[ReportSummary], query: ReportQuery) -> dict[str, Any]:
    filters = {"q": query.q, "verdict": query.verdict, "entity": query.entity, "since": query.since}
    return {
        "reports": [summary_data(s) for s in page.items],
        **_paging(page, "/reports", filters),
        "filters": filters,
    }


def claims_data(page: Page[ClaimHit], q: str | None, verdict: str | None) -> dict[str, Any]:
    filters = {"q": q, "verdict": verdict}
    return {
        "claims": [claim_data(c) for c in page.items],
        **_paging(page, "/claims", filters),
        "filters": filters,
    }


def entity_data(entity: dict[str, Any], claims: list[ClaimHit]) -> dict[str, Any]:
    """A knowledge-base entity (``newsvet.kb.format_entity``) with the stored claims about it."""
    return {**entity, "claims": [claim_data(c) for c in claims]}


def _paging(page: Page[Any], path: str, filters: dict[str, Any]) -> dict[str, Any]:
    def link(number: int) -> str:
        params = {k: v for k, v in filters.items() if v}
        params.update(page=number, per_page=page.per_page)
        return f"{path}?{urlencode(params)}"

    return {
        "page": page.page,
        "per_page": page.per_page,
        "total": page.total,
        "pages": page.pages,
        "next": link(page.page + 1) if page.page < page.pages else None,
        "previous": link(page.page - 1) if page.page > 1 else None,
    }
