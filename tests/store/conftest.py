"""Stores on both back ends: a SQLite file, and a fresh database on the PostgreSQL server
named by NEWSVET_TEST_DATABASE_URL (`make test` starts one; without it those cases skip)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from urllib.parse import urlsplit, urlunsplit

import pytest

from newsvet.store import ReportStore, open_store

BACKENDS = ("sqlite", "postgresql")
SERVER_ENV = "NEWSVET_TEST_DATABASE_URL"


def postgres_server() -> str | None:
    return os.environ.get(SERVER_ENV) or None


def fresh_postgres_database() -> Iterator[str]:
    """A new, empty database on the test server; dropped afterwards."""
    server = postgres_server()
    if server is None:
        pytest.skip(f"no PostgreSQL server: set {SERVER_ENV} (make test starts one)")
    import psycopg

    name = f"newsvet_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server)
    yield urlunsplit(parts._replace(path=f"/{name}"))
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path_factory.mktemp("store") / "newsvet.sqlite")
    else:
        yield from fresh_postgres_database()


@pytest.fixture
def store(store_url: str) -> Iterator[ReportStore]:
    with open_store(store_url) as opened:
        yield opened
