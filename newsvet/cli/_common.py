"""What every command shares: error handling, the knowledge-base option, output."""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click
from rich.console import Console

from newsvet.errors import InputError, NewsvetError

F = TypeVar("F", bound=Callable[..., Any])

kb_option = click.option(
    "--kb",
    "kb_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="NEWSVET_KB",
    help="Knowledge-base file (SQLite). Default: the built-in knowledge base, built on first use.",
)


def store_option(flag: str, dest: str, envvar: str, what: str, filename: str) -> Callable[[F], F]:
    """The option naming one of newsvet's SQLite stores, the same wherever it appears."""
    return click.option(
        flag,
        dest,
        type=click.Path(dir_okay=False, path_type=Path),
        envvar=envvar,
        help=f"{what} (SQLite). Default: ${envvar}, else $NEWSVET_HOME/{filename}, "
        f"else ~/.local/share/newsvet/{filename}.",
    )


corpus_option = store_option(
    "--corpus", "corpus_path", "NEWSVET_CORPUS", "Corpus of other coverage", "corpus.sqlite"
)


def errors_as_messages(func: F) -> F:
    """Show newsvet's own errors as one line and their exit code, never a traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            for name, value in kwargs.items():
                _check_encodable(name, value)
            return func(*args, **kwargs)
        except NewsvetError as err:
            click.echo(f"newsvet: error: {err}", err=True)
            sys.exit(err.exit_code)
        except KeyboardInterrupt:
            click.echo("newsvet: interrupted", err=True)
            sys.exit(130)

    return wrapper  # type: ignore[return-value]


def _check_encodable(name: str, value: Any) -> None:
    """An argument the shell passed as bytes that are not valid UTF-8 reaches Python with
    surrogate escapes; say so instead of failing deep inside a library."""
    values = value if isinstance(value, tuple | list) else (value,)
    for item in values:
        text = str(item) if isinstance(item, Path) else item
        if isinstance(text, str):
            try:
                text.encode("utf-8")
            except UnicodeEncodeError as err:
                raise InputError(
                    f"the {name.replace('_', ' ')} argument is not valid UTF-8 text ({err.reason})"
                ) from None


def check_writable(output: Path | None) -> None:
    """Refuse an output path that cannot be written, before any work is done."""
    if output is None:
        return
    folder = output.parent if str(output.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"cannot write {output}: the folder {folder} does not exist")
    if output.is_dir():
        raise InputError(f"cannot write {output}: it is a directory")


def write_output(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text)
        return
    tmp = output.with_name(output.name + ".tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(output)  # never leave half a report behind
    except OSError as err:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {output}: {err.strerror or err}") from err
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
