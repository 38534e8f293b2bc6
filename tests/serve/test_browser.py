"""The real server in a child process, driven over loopback by httpx and by Chromium.

Screenshots go to test-output/ (ignored by git) for a person to look at."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from newsvet.store import open_store
from tests.serve.conftest import REFUTED_ARTICLE
from tests.serve.server import ROOT, Server

pytestmark = pytest.mark.slow

CHROMIUM = os.environ.get("NEWSVET_CHROMIUM", "/usr/bin/chromium")
SHOTS = ROOT / "test-output"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, str]]:
    folder = tmp_path_factory.mktemp("server")
    database = str(folder / "newsvet.sqlite")
    with open_store(database) as store:
        token = store.create_token("browser")
    # Its own (absent) corpus: a corpus in the user's home would change the verdicts.
    env = {"NEWSVET_CORPUS": str(folder / "corpus.sqlite")}
    with Server(database, workers=1, env=env, log=folder / "server.log") as running:
        yield running, token


def test_reads_are_answered_while_an_article_is_being_checked(server: tuple[Server, str]) -> None:
    running, token = server
    long_article = REFUTED_ARTICLE.read_text() + "\n\n" + "\n\n".join(
        REFUTED_ARTICLE.read_text().split("\n\n", 1)[1] for _ in range(8)
    )
    result: dict[str, int] = {}

    def post() -> None:
        answer = httpx.post(
            f"{running.url}/api/v1/check", content=long_article.encode(), timeout=300,
            headers={"Content-Type": "text/plain", "Authorization": f"Bearer {token}"},
        )
        result["status"] = answer.status_code

    writer = threading.Thread(target=post)
    writer.start()
    reads_during_check = 0
    while writer.is_alive():
        assert httpx.get(f"{running.url}/api/v1/reports", timeout=10).status_code == 200
        if writer.is_alive():
            reads_during_check += 1
        time.sleep(0.01)
    writer.join()
    assert result["status"] == 201
    assert reads_during_check >= 1


@pytest.mark.skipif(not Path(CHROMIUM).is_file(), reason=f"no Chromium at {CHROMIUM} (make test installs Debian's chromium)")
def test_pasted_article_shows_refuted_claims_and_their_evidence(
    server: tuple[Server, str], tmp_path: Path
) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    running, token = server
    SHOTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as play:
        context = play.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 1000},
        )
        try:
            page = context.new_page()
            failed: list[str] = []
            page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
            page.goto(running.url + "/")
            page.get_by_label("Article text").fill(REFUTED_ARTICLE.read_text())
            # Without a token the page says, in plain words, what to do.
            page.get_by_role("button", name="Check the article").click()
            alert = page.get_by_role("alert")
            assert "Enter an API token" in alert.inner_text() and "Bearer" not in alert.inner_text()
            page.screenshot(path=str(SHOTS / "serve-0-no-token.png"))
            failed = [f for f in failed if not f.startswith("401 ")]  # that refusal was the point
            page.get_by_label("API token").fill(token)
            page.screenshot(path=str(SHOTS / "serve-1-form.png"))
            page.get_by_role("button", name="Check the article").click()
            page.wait_for_url(re.compile(r"/reports/\d+$"), timeout=120_000)

            refuted = page.locator("mark.claim.verdict-refuted[id^='text-']")
            assert refuted.count() >= 1
            page.screenshot(path=str(SHOTS / "serve-2-report.png"), full_page=False)
            data = httpx.get(page.url + ".json", timeout=10).json()

            # The list of claims: one item per claim, with its words and its verdict.
            items = page.locator("ol.claim-list > li")
            assert items.count() == len(data["claims"])
            for item, claim in zip(items.all(), data["claims"], strict=True):
                shown = " ".join(item.inner_text().split())
                assert " ".join(claim["text"].split())[:60] in shown
                assert (claim["verdict"] or "unchecked").replace("_", " ") in shown
                if not claim["evidence"] and claim["verdict"] not in (None, "not_checkable"):
                    assert "no evidence" in shown and "confidence" not in shown
            page.locator("ol.claim-list").scroll_into_view_if_needed()
            page.locator("aside.claim-panel").screenshot(path=str(SHOTS / "serve-2b-claim-list.png"))

            first = refuted.first
            claim_id = first.get_attribute("data-claim")
            first.click()
            page.wait_for_url(re.compile(rf"#claim-{claim_id}$"))
            panel = page.locator(f"#claim-{claim_id}")
            assert panel.is_visible()
            assert "refuted" in panel.locator(".badge").inner_text()
            evidence = panel.locator("details.evidence")
            assert evidence.is_visible() and "refutes" in evidence.inner_text().lower()
            assert panel.locator(".reason").inner_text()
            # The panel quotes the evidence that refutes the claim, not only its label.
            claim = next(c for c in data["claims"] if c["id"] == claim_id)
            refuting = [" ".join(e["text"].split()) for e in claim["evidence"] if e["stance"] == "refutes"]
            shown = " ".join(evidence.inner_text().split())
            assert refuting and all(text in shown for text in refuting)
            page.screenshot(path=str(SHOTS / "serve-3-evidence.png"), full_page=False)

            # Without a mouse: the label after each claim is a link that opens the same panel.
            others = page.locator("a.claim-ref").all()
            other = next(a for a in others if a.get_attribute("href") != f"#claim-{claim_id}")
            other.focus()
            page.keyboard.press("Enter")
            target = other.get_attribute("href") or ""
            assert page.locator(target).is_visible() and not panel.is_visible()

            entity = page.locator("ul.entities a").first
            entity.click()
            page.wait_for_url(re.compile(r"/entities/"))
            assert page.locator("h1").inner_text()
            page.screenshot(path=str(SHOTS / "serve-4-entity.png"), full_page=True)

            page.goto(running.url + "/reports")
            page.screenshot(path=str(SHOTS / "serve-5-reports.png"), full_page=True)
            assert failed == []  # no missing icon, style sheet or script
        finally:
            context.close()
    assert shutil.which(CHROMIUM) or Path(CHROMIUM).is_file()
