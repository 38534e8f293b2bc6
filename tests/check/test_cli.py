"""The command line: reports in every format, and clear errors with exit code 2."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsvet.cli import main
from tests.check.conftest import EXAMPLES

ARTICLE = EXAMPLES / "let-headquarters-wrong.txt"


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


@pytest.mark.slow
def test_check_writes_a_json_report_of_the_versioned_schema(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(ARTICLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["schema"] == "newsvet.report/1"
    assert any(c["verdict"] == "refuted" for c in report["claims"])


@pytest.mark.slow
@pytest.mark.parametrize(("fmt", "marker"), [("md", "# newsvet report"), ("html", "<!DOCTYPE html>"), ("text", "c1")])
def test_check_writes_every_format_to_a_file(runner: CliRunner, tmp_path: Path, fmt: str, marker: str) -> None:
    out = tmp_path / f"report.{fmt}"
    result = runner.invoke(main, ["check", str(ARTICLE), "--format", fmt, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert marker.lower() in out.read_text(encoding="utf-8").lower()


@pytest.mark.slow
def test_check_reads_standard_input(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", "-", "--format", "json"], input=ARTICLE.read_bytes())
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["claims"]


def _bad_inputs(tmp: Path) -> dict[str, Path]:
    (tmp / "empty.txt").write_text("")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp / "bad-utf8.txt").write_bytes(b"Headline\n\nCaf\xc3\x28 broken \xff\xfe bytes \x81\x8d")
    (tmp / "broken.jsonl").write_text('{"text": "unterminated\n')
    with (tmp / "huge.txt").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    return {p.stem: p for p in tmp.iterdir()} | {"missing": tmp / "missing.txt"}


@pytest.mark.parametrize("case", ["empty", "binary", "bad-utf8", "broken", "huge", "missing"])
def test_bad_input_is_a_one_line_error_with_exit_code_2(runner: CliRunner, tmp_path: Path, case: str) -> None:
    path = _bad_inputs(tmp_path)[case]
    result = runner.invoke(main, ["check", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.output.startswith("newsvet: error:")
    assert path.name in result.output


def test_unknown_option_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["check", str(ARTICLE), "--no-such-option"])
    assert result.exit_code == 2
    assert "No such option" in result.output


def test_help_explains_the_commands(runner: CliRunner) -> None:
    result = runner.invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("check", "kb"):
        assert command in result.output


@pytest.mark.slow
def test_kb_search_and_show_find_a_listed_group(runner: CliRunner) -> None:
    found = runner.invoke(main, ["kb", "search", "Lashkar-e-Taiba", "--format", "json"])
    assert found.exit_code == 0, found.output
    first = json.loads(found.output)[0]
    assert "QDe.118" in first["identifiers"]["unscId"]
    shown = runner.invoke(main, ["kb", "show", first["id"], "--format", "json"])
    assert shown.exit_code == 0, shown.output
    assert any(s["prop"] == "designation" for s in json.loads(shown.output)["statements"])


def test_kb_show_of_an_unknown_id_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(main, ["kb", "show", "no-such:entity"])
    assert result.exit_code == 2
    assert "no entity with id" in result.output


def test_output_into_a_missing_folder_is_refused_before_any_work(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["check", str(ARTICLE), "-o", str(tmp_path / "no" / "such" / "r.json")])
    assert result.exit_code == 2
    assert "does not exist" in result.output and "Traceback" not in result.output


@pytest.mark.parametrize("args", [["kb", "show", "\udcff"], ["check", "a\udcff.txt"], ["kb", "search", "\udcff"]])
def test_arguments_that_are_not_utf8_are_a_clear_error(runner: CliRunner, args: list[str]) -> None:
    result = runner.invoke(main, args)
    assert result.exit_code == 2, result.output
    assert "not valid UTF-8" in result.output
