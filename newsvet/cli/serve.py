"""`newsvet serve` (the web app and REST API) and `newsvet token` (API tokens)."""

from __future__ import annotations

from pathlib import Path

import click

from newsvet.cli._common import errors_as_messages, kb_option

database_option = click.option(
    "--database",
    "database_url",
    metavar="URL",
    envvar="NEWSVET_DATABASE_URL",
    help="postgresql://... or a SQLite file. Default: $NEWSVET_HOME/newsvet.sqlite "
    "(~/.local/share/newsvet/newsvet.sqlite).",
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers",
    type=click.IntRange(0, 64),
    envvar="NEWSVET_WORKERS",
    help="Processes that check articles (default 2; 0: one thread in the server process).",
)
@database_option
@kb_option
@errors_as_messages
def serve(
    host: str, port: int, workers: int | None, database_url: str | None, kb_path: Path | None
) -> None:
    """Run the web app and the REST API.

    Open http://HOST:PORT/ to paste an article; the API is under /api/v1 (its OpenAPI
    schema at /api/v1/openapi.json). Writes need a token: `newsvet token create NAME`.
    """
    from newsvet.serve import Settings, run
    from newsvet.store import open_store

    settings = Settings.from_env(workers=workers, database_url=database_url, kb_path=kb_path)
    with open_store(settings.database_url) as store:  # fail here, not in the first request
        click.echo(f"newsvet: reports stored in {store.location} ({store.backend})", err=True)
    click.echo(f"newsvet: open http://{host}:{port}/", err=True)
    run(host, port, settings)


@click.group()
def token() -> None:
    """Create, list and revoke API tokens (stored hashed in the report store)."""


@token.command("create")
@click.argument("name")
@database_option
@errors_as_messages
def token_create(name: str, database_url: str | None) -> None:
    """Create a token called NAME; the token is printed once, alone on the last line."""
    from newsvet.store import open_store

    with open_store(database_url) as store:
        secret = store.create_token(name)
    click.echo(f"Token {name!r} created. Send it as `Authorization: Bearer <token>`:", err=True)
    click.echo(secret)


@token.command("list")
@database_option
@errors_as_messages
def token_list(database_url: str | None) -> None:
    """List tokens by name, with when they were created and revoked."""
    from newsvet.store import open_store

    with open_store(database_url) as store:
        rows = store.tokens()
    if not rows:
        click.echo("no tokens")
    for row in rows:
        state = f"revoked {row.revoked_at[:19]}" if row.revoked_at else "active"
        click.echo(f"{row.name}\tcreated {row.created_at[:19]}\t{state}")


@token.command("revoke")
@click.argument("name")
@database_option
@errors_as_messages
def token_revoke(name: str, database_url: str | None) -> None:
    """Revoke the token called NAME; requests with it are refused from now on."""
    from newsvet.store import open_store

    with open_store(database_url) as store:
        store.revoke_token(name)
    click.echo(f"Token {name!r} revoked.")


if __name__ == "__main__":
    serve()
