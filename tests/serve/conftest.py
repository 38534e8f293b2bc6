"""An app in this process (checking in one thread, real pipeline) with a SQLite store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from newsvet.serve import Settings, create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REFUTED_ARTICLE = EXAMPLES / "let-headquarters-wrong.txt"


def make_client(tmp: Path, **overrides: object) -> tuple[TestClient, str]:
    # Its own corpus (absent until something is added): one in the user's home would change
    # the verdicts.
    overrides.setdefault("corpus_path", tmp / "corpus.sqlite")
    settings = Settings(database_url=str(tmp / "newsvet.sqlite"), workers=0, **overrides)  # type: ignore[arg-type]
    app = create_app(settings, warm=False)
    token = app.state.ctx.store.create_token("tests")
    # Errors must come back as answers, never as exceptions out of the app.
    return TestClient(app, raise_server_exceptions=False), token


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, str]]:
    client, token = make_client(tmp_path_factory.mktemp("serve"))
    with client:
        yield client, token


@pytest.fixture(scope="module")
def checked(api: tuple[TestClient, str]) -> dict:
    """The example article with refuted claims, checked and stored once for the module."""
    client, token = api
    answer = client.post(
        "/api/v1/check",
        content=REFUTED_ARTICLE.read_bytes(),
        headers={"Content-Type": "text/plain", "Authorization": f"Bearer {token}"},
    )
    assert answer.status_code == 201, answer.text
    return answer.json()
