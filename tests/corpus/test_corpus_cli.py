"""`newsvet corpus add|search|stats`: output, formats and exit codes."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsvet.cli.corpus import corpus
from tests.corpus.conftest import FIXTURES


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "corpus.sqlite"
    result = CliRunner().invoke(corpus, ["add", str(FIXTURES), "--corpus", str(path)])
    assert result.exit_code == 0, result.output
    assert "added 8 articles" in result.stdout and "0 failed" in result.stdout
    return path


def test_adding_again_reports_every_article_as_present(built: Path) -> None:
    result = CliRunner().invoke(corpus, ["add", str(FIXTURES / "wire.rss"), "--corpus", str(built)])
    assert result.exit_code == 0
    assert "added 0 articles" in result.stdout and "2 already present" in result.stdout


def test_some_unreadable_files_are_listed_and_the_rest_added(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    args = ["add", str(FIXTURES / "science.atom"), str(bad), "--corpus", str(tmp_path / "c.sqlite")]
    result = CliRunner().invoke(corpus, args)
    assert result.exit_code == 0
    assert "added 2 articles" in result.stdout and "1 failed" in result.stdout
    assert f"skipped {bad}" in result.stderr


def test_nothing_readable_exits_with_2(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    args = ["add", str(empty), str(tmp_path / "missing"), "--corpus", str(tmp_path / "c.sqlite")]
    result = CliRunner().invoke(corpus, args)
    assert result.exit_code == 2
    assert "no article could be read" in result.stderr
    assert "no such file or folder" in result.stderr and "is empty" in result.stderr


def test_search_prints_json_hits_with_sources_and_later_marks(built: Path) -> None:
    args = [
        "search",
        "dockers ended their walkout",
        "--before",
        "2024-03-01",
        "-f",
        "json",
        "-k",
        "3",
    ]
    result = CliRunner().invoke(corpus, [*args, "--corpus", str(built)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    top = data["hits"][0]
    assert top["outlet"] == "Harbour Gazette" and "strike" in top["text"]
    assert top["published"] == "2024-03-12" and top["later"] is True
    assert data["independent_sources"] == len({h["story_id"] for h in data["hits"]})


def test_search_text_output_names_title_outlet_and_sources(built: Path) -> None:
    result = CliRunner().invoke(corpus, ["search", "glacier melting", "--corpus", str(built)])
    assert result.exit_code == 0
    assert "Glacier retreat measured by satellite" in result.stdout
    assert "independent sources" in result.stdout


def test_environment_variable_names_the_corpus(built: Path) -> None:
    result = CliRunner(env={"NEWSVET_CORPUS": str(built)}).invoke(corpus, ["stats", "-f", "json"])
    assert result.exit_code == 0
    stats = json.loads(result.stdout)
    assert (stats["articles"], stats["outlets"]) == (8, 3)  # two articles name no outlet
    assert stats["passages"] >= 8 and stats["earliest"] == "2024-02-01"


@pytest.mark.parametrize("command", [["search", "anything"], ["stats"]])
def test_reading_a_missing_corpus_exits_with_3(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "none.sqlite"
    result = CliRunner().invoke(corpus, [*command, "--corpus", str(missing)])
    assert result.exit_code == 3
    assert "no corpus at" in result.stderr and not missing.exists()


@pytest.mark.parametrize(
    "args", [["search", "x", "--before", "May 2024"], ["search", "x", "-k", "0"]]
)
def test_bad_options_exit_with_2(built: Path, args: list[str]) -> None:
    assert CliRunner().invoke(corpus, [*args, "--corpus", str(built)]).exit_code == 2
