import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsvet.cli.factchecks import factchecks


@pytest.fixture
def run(tmp_path: Path):
    store = tmp_path / "fc.sqlite"

    def invoke(*args: str):
        return CliRunner().invoke(factchecks, [*args, "--store", str(store)])

    return invoke


def test_import_then_reimport_reports_counts(run, fixtures: Path) -> None:
    first = run(
        "import", str(fixtures / "claimreview-feed.jsonl"), str(fixtures / "factcheck-page.html")
    )
    assert first.exit_code == 0, first.output
    assert "4 new" in first.output
    again = run(
        "import", str(fixtures / "claimreview-feed.jsonl"), str(fixtures / "factcheck-page.html")
    )
    assert again.exit_code == 0 and "0 new, 0 changed, 4 unchanged" in again.output


def test_import_as_checkthat_and_stats(run, fixtures: Path) -> None:
    assert (
        run("import", "--format", "checkthat", str(fixtures / "checkthat-vclaims.jsonl")).exit_code
        == 0
    )
    result = run("stats")
    assert result.exit_code == 0
    assert json.loads(result.output)["by_format"] == {"checkthat": 5}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("import", "malformed.jsonl"), "malformed.jsonl:3: malformed JSON"),
        (("import", "absent.json"), "absent.json: no such file"),
        (
            ("import", "--format", "checkthat", "claimreview-single.json"),
            "claimreview-single.json:1",
        ),
    ],
)
def test_bad_input_exits_2_with_a_message(
    run, fixtures: Path, args: tuple[str, ...], message: str
) -> None:
    result = run(*args[:-1], str(fixtures / args[-1]))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_match_as_json_and_text(run, fixtures: Path) -> None:
    run(
        "import",
        str(fixtures / "claimreview-single.json"),
        str(fixtures / "claimreview-feed.jsonl"),
    )
    result = run(
        "match",
        "Neil Armstrong never walked on the moon, it was shot in a studio",
        "--k",
        "2",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert len(rows) == 2
    assert rows[0]["claim"] == "The moon landing in 1969 was filmed in a studio."
    assert rows[0]["stance"] == "refutes"
    text = run("match", "moon landing faked in a studio")
    assert text.exit_code == 0 and "moon landing" in text.output


def test_match_with_k_below_one_is_a_usage_error(run) -> None:
    assert run("match", "anything", "--k", "0").exit_code == 2


def test_match_on_an_empty_store_says_so(run) -> None:
    result = run("match", "anything")
    assert result.exit_code == 0 and "No earlier fact-check" in result.output
