"""`newsvet token` and `newsvet serve` on the command line, and the settings they read."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsvet.cli.serve import serve, token
from newsvet.errors import InputError
from newsvet.serve import ENVIRONMENT, Settings
from newsvet.serve._timeline import timeline_svg
from newsvet.store import ClaimHit, open_store

README = Path(__file__).resolve().parents[2] / "README.md"


def test_token_create_prints_the_token_alone_on_its_last_line(tmp_path: Path) -> None:
    env = {"NEWSVET_HOME": str(tmp_path), "NEWSVET_DATABASE_URL": ""}
    runner = CliRunner()
    created = runner.invoke(token, ["create", "desk"], env=env)
    assert created.exit_code == 0, created.output
    secret = created.stdout.strip().splitlines()[-1]
    assert secret.startswith("nv_") and " " not in secret
    with open_store(tmp_path / "newsvet.sqlite") as store:
        assert store.token_name(secret) == "desk"
    listed = runner.invoke(token, ["list"], env=env)
    assert "desk" in listed.output and "active" in listed.output and secret not in listed.output
    assert runner.invoke(token, ["revoke", "desk"], env=env).exit_code == 0
    assert "revoked" in runner.invoke(token, ["list"], env=env).output
    again = runner.invoke(token, ["revoke", "desk"], env=env)
    assert again.exit_code != 0 and "no active token" in again.output


def test_bad_token_names_exit_with_a_message(tmp_path: Path) -> None:
    result = CliRunner().invoke(token, ["create", "bad name"], env={"NEWSVET_HOME": str(tmp_path)})
    assert result.exit_code == 2 and "invalid token name" in result.output


def test_serve_help_names_its_options() -> None:
    result = CliRunner().invoke(serve, ["--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--workers", "--database"):
        assert option in result.output


@pytest.mark.parametrize(
    ("env", "field", "value"),
    [
        ({"NEWSVET_READS_NEED_TOKEN": "1"}, "reads_need_token", True),
        ({"NEWSVET_READS_NEED_TOKEN": "0"}, "reads_need_token", False),
        ({"NEWSVET_RATE_LIMIT": "0"}, "rate_limit", 0),
        ({"NEWSVET_MAX_REQUEST_BYTES": "1000"}, "max_request_bytes", 1000),
        ({"NEWSVET_WORKERS": "4"}, "workers", 4),
        ({"NEWSVET_CHECK_TIMEOUT": "2.5"}, "check_timeout", 2.5),
        ({"NEWSVET_DATABASE_URL": "postgresql://h/db"}, "database_url", "postgresql://h/db"),
        ({}, "rate_limit", 120),
    ],
)
def test_settings_come_from_the_environment(env: dict[str, str], field: str, value: object) -> None:
    assert getattr(Settings.from_env(env), field) == value


@pytest.mark.parametrize("env", [{"NEWSVET_WORKERS": "many"}, {"NEWSVET_RATE_LIMIT": "-1"}])
def test_bad_settings_are_refused_by_name(env: dict[str, str]) -> None:
    with pytest.raises(InputError, match=next(iter(env))):
        Settings.from_env(env)


def test_every_setting_is_documented_in_the_readme() -> None:
    text = README.read_text(encoding="utf-8")
    assert "## Serving" in text
    missing = [name for name, _field, _doc in ENVIRONMENT if name not in text]
    assert missing == []


def _hit(day: str, verdict: str | None, n: int = 1) -> ClaimHit:
    return ClaimHit(n, f"c{n}", f"claim {n} <b>", verdict, 0.9, "T", day, day + "T00:00:00")


def test_timeline_places_claims_by_date_and_colours_them_by_verdict() -> None:
    svg = str(timeline_svg([_hit("2025-01-01", "refuted", 1), _hit("2025-03-01", "supported", 2)], "About X"))
    assert svg.startswith('<svg class="timeline" role="img"')
    assert 'href="/reports/1#claim-c1"><circle class="dot verdict-refuted"' in svg
    assert 'fill="#b42318"' in svg and 'fill="#1a7f37"' in svg
    assert "&lt;b&gt;" in svg and "<b>" not in svg  # claim text is escaped
    assert ">2025-01-01<" in svg and ">2025-03-01<" in svg


def test_timeline_is_empty_without_dated_claims() -> None:
    assert str(timeline_svg([], "Nothing")) == ""


def _undated(n: int, checked: str, verdict: str = "refuted") -> ClaimHit:
    return ClaimHit(n, f"c{n}", f"claim {n}", verdict, 0.9, "T", None, checked + "T10:00:00+00:00")


@pytest.mark.parametrize(
    ("hits", "caption", "hollow"),
    [
        ([_hit("2025-01-01", "refuted", 1)], "publication date<", 0),
        ([_undated(1, "2025-06-02")], "date checked (the articles have no publication date)", 1),
        ([_hit("2025-01-01", "refuted", 1), _undated(2, "2025-06-02")], "hollow dots: date checked", 1),
    ],
)
def test_timeline_says_when_a_dot_is_the_day_of_checking(
    hits: list[ClaimHit], caption: str, hollow: int
) -> None:
    svg = str(timeline_svg(hits, "About X"))
    assert caption in svg
    assert svg.count("checked-on") == hollow
    assert svg.count("<title>checked on 2025-06-02: refuted") == hollow
    assert ("<title>published 2025-01-01: refuted" in svg) == any(h.published for h in hits)


def _serving_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Serving")
    end = text.find("\n## ", start + 1)
    return text[start : end if end > 0 else len(text)]


def test_readme_curl_addresses_with_a_query_are_quoted() -> None:
    # An unquoted `&` sends the rest of the line to the background in a shell.
    commands = [line for line in _serving_section().splitlines() if "curl" in line or "http" in line]
    for line in commands:
        for url in re.findall(r"\S*https?://\S+", line):
            if "&" in url:
                assert url[0] in "\"'" and url[-1] == url[0], line


def test_readme_names_every_api_route() -> None:
    section = _serving_section()
    for route in ("/api/v1/check", "/api/v1/corpus", "/reports/{id}", "/claims?q=", "/entities/{id}", "/health"):
        assert route in section, route
