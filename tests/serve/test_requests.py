"""Requests the server answers without checking an article: parameter bounds, bad bodies on
every write route, the corpus route, and pages rendered from reports stored by hand."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsvet.report import Report, ReportEvidence
from newsvet.store import MAX_PAGE
from tests.serve.conftest import make_client
from tests.store.reports import report

Client = tuple[TestClient, str]
HUGE = "99999999999999999999"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[Client]:
    # No `with`: the app's start-up (which warms the checking pipeline) is not needed here.
    yield make_client(tmp_path, corpus_path=tmp_path / "corpus.sqlite")


def _auth(token: str, content_type: str | None = None) -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    if code is not None:
        assert body["error"]["code"] == code, body
    return dict(body["error"])


# --- integer parameters ---------------------------------------------------------------------

PAGED = ["/api/v1/reports", "/api/v1/claims", "/reports.json", "/claims.json", "/reports", "/claims"]


@pytest.mark.parametrize("path", PAGED)
@pytest.mark.parametrize(
    "query", [f"page={HUGE}", f"page={MAX_PAGE + 1}", f"per_page={HUGE}", f"page={HUGE}&per_page={HUGE}"]
)
def test_page_numbers_past_any_store_are_422_never_500(client: Client, path: str, query: str) -> None:
    test_client, _ = client
    answer = test_client.get(f"{path}?{query}")
    assert answer.status_code == 422, answer.text[:300]
    if path.startswith("/api/") or path.endswith(".json"):
        assert "page" in _error(answer, 422, "invalid_input")["message"]
    else:
        assert answer.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", PAGED)
def test_the_last_allowed_page_is_an_empty_page(client: Client, path: str) -> None:
    test_client, _ = client
    assert test_client.get(f"{path}?page={MAX_PAGE}&per_page=100").status_code == 200


@pytest.mark.parametrize("path", [f"/api/v1/reports/{HUGE}", f"/reports/{HUGE}", f"/reports/{HUGE}.json"])
def test_huge_report_ids_are_404(client: Client, path: str) -> None:
    test_client, _ = client
    assert test_client.get(path).status_code == 404


# --- bodies of POST /api/v1/check -------------------------------------------------------------

BAD_CHECK_BODIES = [
    # (name, content type, body, status, code, words in the message)
    ("unknown charset", "text/plain; charset=x-no-such", b"An article.", 415, "unsupported_charset", "x-no-such"),
    ("not a text charset", "text/plain; charset=base64", b"An article.", 415, "unsupported_charset", "base64"),
    ("bytes invalid in the charset", "text/plain; charset=ascii", "Caf\u00e9".encode("latin-1"), 422, "invalid_input", "ascii"),
    ("truncated UTF-16", "text/plain; charset=utf-16-le", b"A\x00b", 422, "invalid_input", "utf-16-le"),
    ("bad published", "application/json", b'{"text": "An article.", "published": "not a date"}', 422, "invalid_input", "published"),
    ("published not a string", "application/json", b'{"text": "An article.", "published": 2025}', 422, "invalid_input", "published"),
]


@pytest.mark.parametrize(
    ("content_type", "body", "status", "code", "words"),
    [case[1:] for case in BAD_CHECK_BODIES],
    ids=[case[0] for case in BAD_CHECK_BODIES],
)
def test_bad_check_bodies_are_refused_with_what_is_wrong(
    client: Client, content_type: str, body: bytes, status: int, code: str, words: str
) -> None:
    test_client, token = client
    answer = test_client.post("/api/v1/check", content=body, headers=_auth(token, content_type))
    error = _error(answer, status, code)
    assert words in error["message"]
    assert test_client.get("/api/v1/health").json()["reports"] == 0


def test_a_bad_published_date_names_the_field(client: Client) -> None:
    test_client, token = client
    answer = test_client.post(
        "/api/v1/check", json={"text": "An article.", "published": "not a date"}, headers=_auth(token)
    )
    error = _error(answer, 422, "invalid_input")
    assert error["detail"] == {"field": "published", "value": "not a date"}


def test_the_web_form_refuses_a_bad_published_date(client: Client) -> None:
    test_client, token = client
    form = {"text": "An article.", "published": "31/31/2025x", "token": token}
    answer = test_client.post("/check", data=form, follow_redirects=False)
    assert answer.status_code == 422
    assert "&#39;published&#39; is not a date" in answer.text or "'published' is not a date" in answer.text


# --- POST /api/v1/corpus: refusals -------------------------------------------------------------

ARTICLE = {"text": "Regional officials said on Friday that the bridge over the river had reopened."}
BAD_CORPUS_BODIES = [
    # (name, content type, body, token kind, status, code)
    ("no token", "application/json", json.dumps(ARTICLE).encode(), None, 401, "unauthorized"),
    ("wrong token", "application/json", json.dumps(ARTICLE).encode(), "wrong", 401, "unauthorized"),
    ("wrong content type", "application/xml", b"<a/>", "good", 415, "unsupported_media_type"),
    ("no content type", None, b"An article.", "good", 415, "unsupported_media_type"),
    ("empty body", "text/plain", b"", "good", 400, "empty_body"),
    ("blank JSON lines", "application/x-ndjson", b"\n \n", "good", 400, "empty_body"),
    ("malformed JSON", "application/json", b'{"text": "x",', "good", 400, "malformed_json"),
    ("malformed JSON line", "application/x-ndjson", b'{"text": "An article."}\n{"text":', "good", 400, "malformed_json"),
    ("malformed line in JSON", "application/json", b'{"text": "An article."}\n{"text":', "good", 400, "malformed_json"),
    ("empty array", "application/json", b"[]", "good", 422, "invalid_input"),
    ("array item not an object", "application/json", b'[{"text": "An article."}, 3]', "good", 422, "invalid_input"),
    ("item without text", "application/json", b'[{"text": "An article."}, {"title": "x"}]', "good", 422, "invalid_input"),
    ("JSON text not a string", "application/json", b'{"text": 3}', "good", 422, "invalid_input"),
    ("line with a bad date", "application/x-ndjson", b'{"text": "An article."}\n{"text": "Another.", "published": "soon-ish"}', "good", 422, "invalid_input"),
    ("unknown charset", "text/plain; charset=klingon", b"An article.", "good", 415, "unsupported_charset"),
    ("binary body", "text/plain", b"\x00\x01\x02 binary", "good", 422, "invalid_input"),
    ("HTML without text", "text/html", b"<html><body><script>x()</script></body></html>", "good", 422, "invalid_input"),
    ("too large", "text/plain", b"a" * 2_000_001, "good", 413, "payload_too_large"),
]


@pytest.mark.parametrize(
    ("content_type", "body", "token_kind", "status", "code"),
    [case[1:] for case in BAD_CORPUS_BODIES],
    ids=[case[0] for case in BAD_CORPUS_BODIES],
)
def test_bad_corpus_bodies_are_clear_client_errors_and_add_nothing(
    client: Client, tmp_path: Path, content_type: str | None, body: bytes,
    token_kind: str | None, status: int, code: str,
) -> None:
    test_client, token = client
    headers = {} if content_type is None else {"Content-Type": content_type}
    if token_kind is not None:
        headers["Authorization"] = f"Bearer {token if token_kind == 'good' else 'nv_wrong'}"
    error = _error(test_client.post("/api/v1/corpus", content=body, headers=headers), status, code)
    assert error["message"]
    assert _corpus_articles(tmp_path / "corpus.sqlite") == 0


def test_a_bad_article_in_a_list_is_named_by_its_place(client: Client) -> None:
    test_client, token = client
    body = [ARTICLE, {"text": "Another article.", "published": "not a date"}]
    error = _error(test_client.post("/api/v1/corpus", json=body, headers=_auth(token)), 422)
    assert "item 2" in error["message"] and error["detail"]["field"] == "published"


def test_corpus_writes_are_rate_limited(tmp_path: Path) -> None:
    test_client, token = make_client(tmp_path, rate_limit=1, corpus_path=tmp_path / "c.sqlite")
    first = test_client.post("/api/v1/corpus", content=b"", headers=_auth(token, "text/plain"))
    assert first.status_code == 400
    _error(test_client.post("/api/v1/corpus", json=ARTICLE, headers=_auth(token)), 429, "rate_limited")


def test_corpus_body_limit_follows_the_setting(tmp_path: Path) -> None:
    test_client, token = make_client(tmp_path, max_request_bytes=50, corpus_path=tmp_path / "c.sqlite")
    _error(test_client.post("/api/v1/corpus", json=ARTICLE, headers=_auth(token)), 413)


# --- POST /api/v1/corpus: additions -------------------------------------------------------------

WIRE = [
    {"text": "Regional officials said on Friday that the bridge over the Ebro had reopened after "
             "three weeks of repairs. Traffic was light in the morning.",
     "title": "Ebro bridge reopens", "outlet": "Example Wire", "published": "2025-03-07"},
    {"text": "The city council voted on Tuesday to extend the night bus service to the airport. "
             "The new routes start in June.",
     "title": "Night buses to the airport", "published": "4 March 2025"},
]


def test_the_corpus_route_adds_articles_and_knows_them_again(client: Client, tmp_path: Path) -> None:
    test_client, token = client
    answer = test_client.post("/api/v1/corpus", json=WIRE, headers=_auth(token))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert [a["status"] for a in body["articles"]] == ["added", "added"]
    assert all(a["passages"] >= 1 and a["article_id"] and a["story_id"] for a in body["articles"])
    assert body["counts"] == {
        "articles": 2, "added": 2, "duplicates": 0, "syndicated": 0,
        "passages": sum(a["passages"] for a in body["articles"]),
    }
    lines = "\n".join(json.dumps(a) for a in WIRE).encode()
    again = test_client.post("/api/v1/corpus", content=lines, headers=_auth(token, "application/x-ndjson"))
    assert again.status_code == 200, again.text
    assert [a["status"] for a in again.json()["articles"]] == ["duplicate", "duplicate"]
    assert [a["article_id"] for a in again.json()["articles"]] == [a["article_id"] for a in body["articles"]]
    assert again.json()["counts"]["duplicates"] == 2
    assert _corpus_articles(tmp_path / "corpus.sqlite") == 2


def test_added_coverage_is_searchable_with_its_metadata(client: Client, tmp_path: Path) -> None:
    from newsvet.corpus import Corpus

    test_client, token = client
    assert test_client.post("/api/v1/corpus", json=WIRE[0], headers=_auth(token)).status_code == 201
    with Corpus.open(tmp_path / "corpus.sqlite", create=False) as corpus:
        hits = corpus.search("bridge reopened after repairs", k=1, mode="lexical")
    assert hits and "bridge" in hits[0].text
    assert (hits[0].outlet, hits[0].title, str(hits[0].published)) == ("Example Wire", "Ebro bridge reopens", "2025-03-07")


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [("text/plain; charset=iso-8859-15", "iso-8859-15"), ("text/html; charset=windows-1252", "cp1252"),
     ("text/plain; charset=utf-16-le", "utf-16-le")],
)
def test_the_corpus_decodes_the_declared_charset(
    client: Client, tmp_path: Path, content_type: str, encoding: str
) -> None:
    from newsvet.corpus import Corpus

    test_client, token = client
    text = "Le pont rouvre\n\nLe pont a rouvert vendredi, a annoncé la mairie. Le péage coûte 2 €."
    if "html" in content_type:
        text = f"<html><body><article><h1>Le pont rouvre</h1><p>{text.split(chr(10))[-1]}</p></article></body></html>"
    answer = test_client.post("/api/v1/corpus", content=text.encode(encoding), headers=_auth(token, content_type))
    assert answer.status_code == 201, answer.text
    with Corpus.open(tmp_path / "corpus.sqlite", create=False) as corpus:
        hits = corpus.search("péage", k=1, mode="lexical")
    assert hits and "2 €" in hits[0].text and "annoncé" in hits[0].text


def _corpus_articles(path: Path) -> int:
    if not path.exists():
        return 0
    import sqlite3

    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])


# --- the OpenAPI document, the icon, the token message ------------------------------------------


def test_openapi_documents_the_corpus_route(client: Client) -> None:
    test_client, _ = client
    schema = test_client.get("/api/v1/openapi.json").json()
    post = schema["paths"]["/api/v1/corpus"]["post"]
    assert {"text/plain", "text/html", "application/json", "application/x-ndjson"} <= set(
        post["requestBody"]["content"]
    )
    article = schema["paths"]["/api/v1/check"]["post"]["requestBody"]["content"]["application/json"]
    assert "published" in article["schema"]["properties"]


def test_the_site_has_an_icon(client: Client) -> None:
    test_client, _ = client
    icon = test_client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.headers["content-type"].startswith("image/svg+xml")
    assert icon.text.startswith("<svg")
    assert '<link rel="icon" type="image/svg+xml" href="/favicon.ico">' in test_client.get("/").text


def test_the_icon_does_not_count_against_the_rate_limit(tmp_path: Path) -> None:
    test_client, _ = make_client(tmp_path, rate_limit=1)
    assert [test_client.get("/favicon.ico").status_code for _ in range(3)] == [200, 200, 200]


@pytest.mark.parametrize(
    ("path", "form"),
    [("/check", {"text": "An article."}), ("/token", {"token": ""})],
)
def test_a_browser_without_a_token_is_told_what_to_do_in_plain_words(
    client: Client, path: str, form: dict[str, str]
) -> None:
    test_client, _ = client
    answer = test_client.post(path, data=form, follow_redirects=False)
    assert answer.status_code == 401
    page = html.unescape(answer.text)
    assert "Enter an API token" in page and "newsvet token create NAME" in page
    assert "Authorization" not in page and "Bearer" not in page


def test_pages_closed_to_readers_ask_for_a_token_in_plain_words(tmp_path: Path) -> None:
    test_client, _ = make_client(tmp_path, reads_need_token=True)
    page = test_client.get("/reports")
    assert page.status_code == 401 and "Bearer" not in page.text and 'href="/token"' in page.text
    assert "Enter an API token to read the reports" in page.text
    api = _error(test_client.get("/api/v1/reports"), 401)
    assert "Authorization: Bearer" in api["message"]


# --- pages from reports stored by hand ------------------------------------------------------------

LONG = ("The council said that the committee had placed the request on technical hold after "
        "three members asked for more time to study the evidence submitted in the spring session.")


def _stored(client: Client, published: str | None) -> tuple[int, Report]:
    test_client, _ = client
    made = report(
        "A hand-made report",
        [("The group moved its headquarters to Lahore.", "refuted"),
         ("The talks ended without a deal.", "not_enough_evidence"),
         (LONG, "supported")],
        published=published,
    )
    refutes = ReportEvidence("corpus", "The group's headquarters remain in Muridke, the ministry said.",
                             "Example Wire", "refutes", 0.81, None, "corpus")
    claims = [
        dataclasses.replace(made.claims[0], evidence=[refutes], confidence=0.81),
        dataclasses.replace(made.claims[1], evidence=[], confidence=0.0),
        dataclasses.replace(made.claims[2], evidence=[dataclasses.replace(refutes, stance="supports")]),
    ]
    made = dataclasses.replace(made, claims=claims)
    stored = test_client.app.state.ctx.store.add(made)  # type: ignore[attr-defined]
    return stored.id, made


def _claim_list(page: str) -> list[str]:
    found = re.search(r'<ol class="claim-list">(.*?)</ol>', page, re.S)
    assert found, "the report page has no list of claims"
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.S)


def test_the_claims_list_has_one_item_per_claim_with_its_text_verdict_and_confidence(client: Client) -> None:
    test_client, _ = client
    report_id, made = _stored(client, "2025-05-09")
    items = _claim_list(test_client.get(f"/reports/{report_id}").text)
    assert len(items) == len(made.claims)
    first, second, third = (html.unescape(re.sub(r"<[^>]+>", "", i)) for i in items)
    assert "moved its headquarters to Lahore" in first and "refuted" in first and "confidence 0.81" in first
    assert "ended without a deal" in second and "no evidence" in second and "confidence" not in second
    assert third.startswith(LONG[:100]) and "…" in third and LONG not in third  # long texts are cut


def test_a_claim_without_evidence_shows_no_evidence_not_a_zero_confidence(client: Client) -> None:
    test_client, _ = client
    report_id, made = _stored(client, None)
    page = test_client.get(f"/reports/{report_id}").text
    panel = page[page.index(f'id="claim-{made.claims[1].id}"'):]
    panel = panel[: panel.index("</article>")]
    assert "no evidence" in panel and "confidence 0.00" not in page


def test_tables_show_a_dash_for_an_article_without_a_date(client: Client) -> None:
    test_client, _ = client
    _stored(client, None)
    _stored(client, "2025-05-09")
    for path in ("/reports", "/"):
        rows = re.findall(r"<tr>\s*<td><a href=\"/reports/\d+\">.*?</tr>", test_client.get(path).text, re.S)
        published = [re.findall(r"<td>(.*?)</td>", r, re.S)[1] for r in rows]
        assert len(published) == 2
        newest, oldest = published  # newest first: the dated report was stored last
        assert "2025-05-09" in newest and "–" in oldest and "20" not in oldest
    hits = test_client.get("/claims?q=deal").text
    assert "checked on " in hits
