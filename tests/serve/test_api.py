"""The REST API in this process: checks, reads, search, and every bad request a clear 4xx."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newsvet.report import json_schema
from tests.serve.conftest import make_client

pytestmark = pytest.mark.slow  # the real pipeline checks the articles

Api = tuple[TestClient, str]


def _auth(token: str, content_type: str | None = "text/plain") -> dict[str, str]:
    headers = {"Authorization": f"Bearer {token}"}
    if content_type:
        headers["Content-Type"] = content_type
    return headers


def _error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "detail"}
    assert body["error"]["message"]
    if code is not None:
        assert body["error"]["code"] == code
    return body["error"]


def test_check_answers_the_report_with_its_stored_id(api: Api, checked: dict) -> None:
    client, _ = api
    import jsonschema

    report = {k: v for k, v in checked.items() if k not in ("id", "stored_at")}
    jsonschema.validate(report, json_schema())
    assert isinstance(checked["id"], int)
    assert "refuted" in {c["verdict"] for c in checked["claims"]}
    again = client.get(f"/api/v1/reports/{checked['id']}")
    assert again.status_code == 200 and again.json() == checked


def test_check_reads_a_json_article_with_its_metadata(api: Api) -> None:
    client, token = api
    article = {
        "text": "The United States designated Lashkar-e-Tayyiba a Foreign Terrorist Organization in 2001.",
        "title": "A listing",
        "url": "https://example.org/a",
        "published": "2025-05-09",
    }
    answer = client.post("/api/v1/check", json=article, headers=_auth(token, None))
    assert answer.status_code == 201, answer.text
    body = answer.json()
    assert body["article"]["title"] == "A listing"
    assert body["article"]["source"]["url"] == "https://example.org/a"
    assert body["article"]["published"] == "2025-05-09"
    assert answer.headers["location"] == f"/api/v1/reports/{body['id']}"


def test_check_reads_html(api: Api) -> None:
    client, token = api
    page = (
        "<html><head><title>Listing news</title></head><body><article><h1>Listing news</h1>"
        "<p>Lashkar-e-Tayyiba has been on the UN sanctions list since 2 May 2005, the council said "
        "in a statement on its website, adding that its entry names the group's leader.</p>"
        "</article></body></html>"
    )
    answer = client.post("/api/v1/check", content=page, headers=_auth(token, "text/html; charset=utf-8"))
    assert answer.status_code == 201, answer.text
    assert answer.json()["article"]["format"] == "html"


DECLARED_CHARSETS = [
    # (charset, text): each decodes differently, or not at all, when the charset is ignored
    ("latin-1", "Protest in Lyon\n\nThe sign over the door read \u00abCAF\u00c9\u00bb, the police said on Monday."),
    ("iso-8859-15", "Toll rises\n\nThe toll on the bridge rose to 4 \u20ac on Monday, the operator said."),
    ("utf-16-le", "Bridge reopens\n\nThe bridge over the Ebro reopened on Friday, officials said."),
]


@pytest.mark.parametrize(("charset", "text"), DECLARED_CHARSETS, ids=[c for c, _ in DECLARED_CHARSETS])
def test_check_decodes_the_declared_charset(api: Api, charset: str, text: str) -> None:
    client, token = api
    answer = client.post(
        "/api/v1/check", content=text.encode(charset), headers=_auth(token, f"text/plain; charset={charset}")
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["text"] == text


def test_corpus_additions_become_evidence_for_later_checks(tmp_path: Path) -> None:
    client, token = make_client(tmp_path, corpus_path=tmp_path / "corpus.sqlite")
    article = (
        "Floods hit Valencia\n\nThe floods in Valencia killed more than 200 people in October "
        "2024, regional officials said on Friday."
    )
    coverage = {
        "text": "Spanish officials said on Thursday that the October 2024 floods in Valencia had "
        "killed more than 200 people.",
        "title": "Valencia flood toll passes 200",
        "outlet": "Example Wire",
        "published": "2024-11-08",
    }

    def corpus_evidence() -> list[dict[str, Any]]:
        answer = client.post("/api/v1/check", content=article.encode(), headers=_auth(token))
        assert answer.status_code == 201, answer.text
        return [e for c in answer.json()["claims"] for e in c["evidence"] if e["kind"] == "corpus"]

    with client:
        assert corpus_evidence() == []  # no corpus yet: the pipeline starts without one
        added = client.post("/api/v1/corpus", json=coverage, headers=_auth(token, None))
        assert added.status_code == 201, added.text
        found = corpus_evidence()
    assert found and any(coverage["text"] in e["text"] for e in found)
    assert all("Example Wire" in e["source"] for e in found if coverage["text"] in e["text"])


BAD_CHECKS = [
    # (name, content type, body, token kind, status, code)
    ("no token", "text/plain", b"An article.", None, 401, "unauthorized"),
    ("wrong token", "text/plain", b"An article.", "wrong", 401, "unauthorized"),
    ("wrong content type", "application/xml", b"<a/>", "good", 415, "unsupported_media_type"),
    ("no content type", None, b"An article.", "good", 415, "unsupported_media_type"),
    ("empty body", "text/plain", b"", "good", 400, "empty_body"),
    ("blank body", "text/plain", b"  \n\t ", "good", 400, "empty_body"),
    ("malformed JSON", "application/json", b'{"text": "x",', "good", 400, "malformed_json"),
    ("JSON not an object", "application/json", b'["text"]', "good", 422, "invalid_input"),
    ("JSON without text", "application/json", b'{"title": "x"}', "good", 422, "invalid_input"),
    ("JSON text not a string", "application/json", b'{"text": 3}', "good", 422, "invalid_input"),
    ("JSON bad title", "application/json", b'{"text": "x y", "title": 3}', "good", 422, "invalid_input"),
    ("binary body", "text/plain", b"\x00\x01\x02 binary", "good", 422, "invalid_input"),
    ("too large", "text/plain", b"a" * 2_000_001, "good", 413, "payload_too_large"),
]


@pytest.mark.parametrize(
    ("content_type", "body", "token_kind", "status", "code"),
    [case[1:] for case in BAD_CHECKS],
    ids=[case[0] for case in BAD_CHECKS],
)
def test_bad_checks_are_clear_client_errors(
    api: Api, content_type: str | None, body: bytes, token_kind: str | None, status: int, code: str
) -> None:
    client, token = api
    headers = {} if content_type is None else {"Content-Type": content_type}
    if token_kind is not None:
        headers["Authorization"] = f"Bearer {token if token_kind == 'good' else 'nv_wrong'}"
    before = client.get("/api/v1/health").json()["reports"]
    error = _error(client.post("/api/v1/check", content=body, headers=headers), status, code)
    assert client.get("/api/v1/health").json()["reports"] == before  # nothing was stored
    if status == 401:
        assert "token" in error["message"]


def test_unauthorized_answers_name_the_scheme(api: Api) -> None:
    client, _ = api
    answer = client.post("/api/v1/check", content=b"x", headers={"Content-Type": "text/plain"})
    assert answer.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_token_is_refused(tmp_path: Path) -> None:
    client, token = make_client(tmp_path)
    client.app.state.ctx.store.revoke_token("tests")  # type: ignore[attr-defined]
    _error(client.post("/api/v1/check", content=b"An article.", headers=_auth(token)), 401)


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/api/v1/reports/999999", 404),
        ("/api/v1/reports/0", 404),
        ("/api/v1/reports/123456789012345678901234567890", 404),
        ("/api/v1/reports/abc", 422),
        ("/api/v1/entities/no-such-entity", 404),
        ("/api/v1/nothing-here", 404),
        ("/reports/999999.json", 404),
        ("/entities/no-such-entity.json", 404),
        ("/api/v1/reports?verdict=wrong", 422),
        ("/api/v1/reports?since=yesterday", 422),
        ("/api/v1/reports?page=0", 422),
        ("/api/v1/reports?per_page=100000", 422),
        ("/api/v1/claims?page=-3", 422),
    ],
)
def test_unknown_ids_and_bad_parameters_are_json_errors(api: Api, path: str, status: int) -> None:
    client, _ = api
    _error(client.get(path), status)


def test_wrong_method_is_405_in_the_error_shape(api: Api) -> None:
    client, _ = api
    _error(client.get("/api/v1/check"), 405, "method_not_allowed")


def test_pages_answer_errors_as_pages(api: Api) -> None:
    client, _ = api
    answer = client.get("/reports/999999")
    assert answer.status_code == 404
    assert answer.headers["content-type"].startswith("text/html")
    assert "no report with id 999999" in answer.text


def test_rate_limit_answers_429_with_retry_after(tmp_path: Path) -> None:
    client, _ = make_client(tmp_path, rate_limit=3)
    codes = [client.get("/api/v1/reports").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/reports")
    error = _error(limited, 429, "rate_limited")
    assert int(limited.headers["retry-after"]) >= 1 and error["detail"]["limit_per_minute"] == 3
    assert client.get("/api/v1/health").status_code == 200  # health is never limited


def test_reads_can_be_closed_to_token_holders(tmp_path: Path) -> None:
    client, token = make_client(tmp_path, reads_need_token=True)
    _error(client.get("/api/v1/reports"), 401)
    _error(client.get("/reports.json"), 401)
    assert client.get("/api/v1/reports", headers=_auth(token, None)).status_code == 200
    assert client.get("/api/v1/health").status_code == 200


def test_smaller_body_limits_apply_to_every_post(tmp_path: Path) -> None:
    client, token = make_client(tmp_path, max_request_bytes=100)
    _error(client.post("/api/v1/check", content=b"x" * 101, headers=_auth(token)), 413)
    page = client.post("/check", data={"text": "y" * 200, "token": token})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")


def test_report_list_filters(api: Api, checked: dict) -> None:
    client, _ = api
    entity = checked["claims"][0]["frame"]["place_ids"][0] if checked["claims"][0]["frame"]["place_ids"] else checked["entities"][0]["kb_id"]

    def ids(query: str) -> list[int]:
        answer = client.get(f"/api/v1/reports?{query}")
        assert answer.status_code == 200, answer.text
        return [r["id"] for r in answer.json()["reports"]]

    assert checked["id"] in ids("verdict=refuted")
    assert checked["id"] in ids("q=Bahawalpur")
    assert checked["id"] in ids(f"entity={entity}")
    assert checked["id"] not in ids("q=zzzzunknownword")
    assert checked["id"] not in ids("since=2999-01-01")
    first = client.get("/api/v1/reports?per_page=1").json()
    assert first["per_page"] == 1 and len(first["reports"]) == 1 and first["next"]


def test_claim_search_finds_stored_claims(api: Api, checked: dict) -> None:
    client, _ = api
    hits = client.get("/api/v1/claims", params={"q": "headquarters", "verdict": "refuted"}).json()
    assert hits["total"] >= 1
    assert all(c["verdict"] == "refuted" and "headquarters" in c["text"].lower() for c in hits["claims"])
    assert any(c["report_id"] == checked["id"] for c in hits["claims"])


def test_entity_answer_has_statements_sources_and_stored_claims(api: Api, checked: dict) -> None:
    client, _ = api
    refuted = next(c for c in checked["claims"] if c["verdict"] == "refuted")
    ids = refuted["frame"]["place_ids"] or refuted["frame"]["agent_ids"] or refuted["frame"]["patient_ids"]
    entity = client.get(f"/api/v1/entities/{ids[0]}").json()
    assert entity["id"] == ids[0] and entity["caption"]
    assert any(c["report_id"] == checked["id"] and c["claim_id"] == refuted["id"] for c in entity["claims"])
    with_statements = next(
        client.get(f"/api/v1/entities/{e['kb_id']}").json()
        for e in checked["entities"]
        if client.get(f"/api/v1/entities/{e['kb_id']}").json()["statements"]
    )
    assert all(s["source"] for s in with_statements["statements"])


def test_every_page_has_its_data_at_json_and_the_api_agrees(api: Api, checked: dict) -> None:
    client, _ = api
    kb_id = checked["entities"][0]["kb_id"]
    pairs = [
        (f"/reports/{checked['id']}", f"/api/v1/reports/{checked['id']}"),
        ("/reports?verdict=refuted", "/api/v1/reports?verdict=refuted"),
        ("/claims?q=headquarters", "/api/v1/claims?q=headquarters"),
        (f"/entities/{kb_id}", f"/api/v1/entities/{kb_id}"),
    ]
    for page, api_path in pairs:
        html = client.get(page)
        assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
        path, _, query = page.partition("?")
        data = client.get(f"{path}.json" + (f"?{query}" if query else ""))
        assert data.status_code == 200, data.text
        assert data.json() == client.get(api_path).json()
        assert "application/json" in data.headers["content-type"]
    assert client.get("/index.json").json()["recent"]["reports"]


def test_report_page_highlights_claims_and_links_entities(api: Api, checked: dict) -> None:
    client, _ = api
    page = client.get(f"/reports/{checked['id']}").text
    refuted = [c["id"] for c in checked["claims"] if c["verdict"] == "refuted"]
    for claim_id in refuted:
        assert f'class="claim verdict-refuted" id="text-{claim_id}"' in page
        assert f'id="claim-{claim_id}" class="claim-detail verdict-refuted"' in page
    for entity in checked["entities"]:
        assert f'href="/entities/{entity["kb_id"]}"' in page
    assert 'class="skip" href="#main"' in page and '<main id="main"' in page
    assert f'href="/reports/{checked["id"]}.json"' in page


def test_entity_page_plots_stored_claims_by_verdict(api: Api, checked: dict) -> None:
    client, _ = api
    refuted = next(c for c in checked["claims"] if c["verdict"] == "refuted")
    kb_id = (refuted["frame"]["place_ids"] or refuted["frame"]["agent_ids"])[0]
    page = client.get(f"/entities/{kb_id}").text
    assert '<svg class="timeline"' in page
    assert f'href="/reports/{checked["id"]}#claim-{refuted["id"]}"><circle class="dot verdict-refuted' in page


def test_an_article_without_a_date_is_placed_by_the_day_it_was_checked_and_says_so(
    api: Api, checked: dict
) -> None:
    client, _ = api
    assert checked["article"]["published"] is None  # the example is plain text without a date
    refuted = next(c for c in checked["claims"] if c["verdict"] == "refuted")
    kb_id = (refuted["frame"]["place_ids"] or refuted["frame"]["agent_ids"])[0]
    page = client.get(f"/entities/{kb_id}").text
    day = checked["stored_at"][:10]
    dot = re.search(
        rf'href="/reports/{checked["id"]}#claim-{refuted["id"]}"><circle class="dot verdict-refuted checked-on"'
        r'[^>]*><title>([^<]*)</title>',
        page,
    )
    assert dot is not None and dot.group(1).startswith(f"checked on {day}: refuted")
    assert "date checked" in page  # the axis says what its dates are
    row = next(r for r in page.split("<tr>") if f'#claim-{refuted["id"]}"' in r and "<td>" in r)
    assert "–" in row and f"checked on {day}" in row
    listing = client.get("/reports").text
    assert f'<td>{day}</td>' not in listing


def test_the_web_form_checks_and_shows_the_report(api: Api) -> None:
    client, token = api
    text = Path(__file__).resolve().parents[2].joinpath("examples", "let-headquarters-wrong.txt").read_text()
    answer = client.post("/check", data={"text": text, "token": token}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    assert answer.headers["location"].startswith("/reports/")
    assert "newsvet_token" in answer.headers.get("set-cookie", "")
    page = client.get(answer.headers["location"])
    assert "verdict-refuted" in page.text


@pytest.mark.parametrize(
    ("data", "status", "message"),
    [
        ({"text": "An article."}, 401, "token"),
        ({"text": "   ", "token": "GOOD"}, 400, "paste the article"),
        ({"text": "", "token": "nv_not-a-token"}, 401, "not valid"),
    ],
)
def test_the_web_form_explains_what_is_missing(
    tmp_path: Path, data: dict[str, str], status: int, message: str
) -> None:
    client, token = make_client(tmp_path)
    form = {k: (token if v == "GOOD" else v) for k, v in data.items()}
    answer = client.post("/check", data=form, follow_redirects=False)
    assert answer.status_code == status
    assert 'role="alert"' in answer.text and message in answer.text


def test_openapi_describes_the_api(api: Api) -> None:
    client, _ = api
    schema = client.get("/api/v1/openapi.json").json()
    for path in ("/api/v1/check", "/api/v1/corpus", "/api/v1/reports", "/api/v1/reports/{report_id}",
                 "/api/v1/claims", "/api/v1/entities/{entity_id}", "/api/v1/health"):
        assert path in schema["paths"], path
    assert set(schema["paths"]["/api/v1/check"]["post"]["requestBody"]["content"]) == {
        "text/plain", "text/html", "application/json"
    }


def test_health_says_what_the_server_runs_on(api: Api) -> None:
    client, _ = api
    health = client.get("/api/v1/health").json()
    assert health["status"] == "ok" and health["store"] == "sqlite"
    assert json.dumps(health)
