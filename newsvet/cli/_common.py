"""What every command shares: error handling, the knowledge-base option, output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from newsvet.errors import NewsvetError

F = TypeVar("F", bound=Callable[..., Any])

kb_option = click.option(
    "--kb",
    "kb_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSVET_KB",
    help="Knowledge-base file (SQLite). Default: the built-in knowledge base, built on first use.",
)


def errors_as_messages(func: F) -> F:
    """Show newsvet's own errors as one line and their exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except NewsvetError as err:
            click.echo(f"newsvet: error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("newsvet: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)  # never leave half a report behind
    click.echo(f"Wrote {output}", err=True)


class status:
    """A spinner on stderr while slow work runs, when stderr is a terminal."""

    def __init__(self, message: str, *, enabled: bool) -> None:
        self.console = Console(stderr=True)
        self.enabled = enabled and self.console.is_terminal
        self.message = message
        self._status: Any = None

    def __enter__(self) -> status:
        if self.enabled:
            self._status = self.console.status(self.message)
            self._status.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self._status is not None:
            self._status.__exit__(*exc)
