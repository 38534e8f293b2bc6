import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from newsvet.cli.factchecks import SKIPPED_SHOWN_PER_FILE, factchecks

# A page with a broken, unrelated JSON-LD block (line 3) before a good ClaimReview.
BROKEN_BREADCRUMB_PAGE = (
    '<html><head>\n<script type="application/ld+json">\n'
    '{"@type": "BreadcrumbList", "itemListElement": [}\n</script>\n'
    '<script type="application/ld+json">\n'
    '{"@type": "ClaimReview", "url": "https://f.example/moon", '
    '"claimReviewed": "The moon is made of cheese."}\n</script></head></html>\n'
)


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


def test_a_malformed_line_is_skipped_listed_on_stderr_and_exits_0(run, fixtures: Path) -> None:
    result = run("import", str(fixtures / "malformed.jsonl"))
    assert result.exit_code == 0, result.output
    assert "2 new, 0 changed, 0 unchanged, 1 skipped" in result.stdout
    assert result.stderr.splitlines() == [
        f"newsvet: skipped {fixtures / 'malformed.jsonl'}:3: malformed JSON: "
        "Expecting ',' delimiter (column 94)"
    ]


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


def _one_error_line(result: Result) -> str:
    """The error of a failed command: exactly one line on stderr, and no traceback."""
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("newsvet: error: ")
    return line


@pytest.mark.parametrize(
    ("files", "shown"),
    [
        ({"pages/cr4.html": BROKEN_BREADCRUMB_PAGE}, ["pages/cr4.html:3: JSON-LD block 1"]),
        (
            {"cr4.html": BROKEN_BREADCRUMB_PAGE, "empty.json": ""},
            ["cr4.html:3: JSON-LD block 1: malformed JSON", "empty.json: empty file"],
        ),
        (
            {"list.json": '[{"@type": "ClaimReview", "claimReviewed": "The moon is made of '
             'cheese."},\n {"@type": "ClaimReview", "url": "https://f.example/2"}]'},
            ["list.json:2: ClaimReview has no claimReviewed text"],
        ),
    ],
)  # fmt: skip
def test_import_keeps_the_good_records_and_lists_the_skipped(
    run, tmp_path: Path, files: dict[str, str], shown: list[str]
) -> None:
    for name, content in files.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(content, encoding="utf-8")
    target = tmp_path / "pages" if "pages/cr4.html" in files else None
    paths = [str(target)] if target else [str(tmp_path / name) for name in files]
    result = run("import", *paths)
    assert result.exit_code == 0, result.output
    assert f"1 new, 0 changed, 0 unchanged, {len(shown)} skipped" in result.stdout
    skipped = result.stderr.splitlines()
    assert len(skipped) == len(shown)
    for line, expected in zip(skipped, shown, strict=True):
        assert line.startswith(f"newsvet: skipped {tmp_path / expected}")
        assert line.count(str(tmp_path)) == 1
    assert json.loads(run("stats").stdout)["fact_checks"] == 1


@pytest.mark.parametrize(
    ("files", "error"),
    [
        ({"empty.json": ""}, "empty.json: empty file"),
        ({"blank.jsonl": "\n  \n"}, "blank.jsonl: empty file"),
        ({"page.html": "<html><body>No markup.</body></html>"}, "page.html: no ClaimReview found"),
        ({"bad.json": '{"@type": '}, "bad.json:1: malformed JSON: Expecting value (column 11)"),
    ],
)
def test_a_single_unreadable_file_is_one_error_line_and_exit_2(
    run, tmp_path: Path, files: dict[str, str], error: str
) -> None:
    for name, content in files.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    result = run("import", *(str(tmp_path / name) for name in files))
    assert result.exit_code == 2
    assert _one_error_line(result) == f"newsvet: error: {tmp_path / error}"


def test_nothing_readable_in_several_files_lists_them_then_exits_2(run, tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_text("", encoding="utf-8")
    (tmp_path / "latin1.json").write_bytes(b"\xe9t\xe9")
    result = run("import", str(tmp_path / "empty.json"), str(tmp_path / "latin1.json"))
    assert result.exit_code == 2
    *skipped, error = result.stderr.splitlines()
    assert skipped == [
        f"newsvet: skipped {tmp_path / 'empty.json'}: empty file",
        f"newsvet: skipped {tmp_path / 'latin1.json'}: not UTF-8 text "
        "(invalid continuation byte at byte 0)",
    ]
    assert (
        error
        == "newsvet: error: no fact-checks could be read from 2 files (2 problems, listed above)"
    )
    assert json.loads(run("stats").stdout)["fact_checks"] == 0


def test_a_file_in_the_wrong_format_lists_only_its_first_problems(
    run, tmp_path: Path, fixtures: Path
) -> None:
    lines = [
        json.dumps({"vclaim_id": f"vclaim-sno-{n}", "vclaim": f"Claim {n}."}) for n in range(3)
    ]
    lines += ["{"] * (SKIPPED_SHOWN_PER_FILE + 5)
    (tmp_path / "vclaims.jsonl").write_text("\n".join(lines), encoding="utf-8")
    result = run("import", "--format", "checkthat", str(tmp_path / "vclaims.jsonl"))
    assert result.exit_code == 0, result.output
    skipped = result.stderr.splitlines()
    assert len(skipped) == SKIPPED_SHOWN_PER_FILE + 1
    assert skipped[-1] == f"newsvet: skipped {tmp_path / 'vclaims.jsonl'}: 5 more problems"
    assert f"{SKIPPED_SHOWN_PER_FILE + 5} skipped" in result.stdout


def test_a_folder_without_fact_check_files_is_one_error_line(run, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "readme.txt").write_text("nothing here", encoding="utf-8")
    result = run("import", str(tmp_path / "docs"))
    assert result.exit_code == 2
    assert "no fact-check files in this folder" in _one_error_line(result)


@pytest.mark.parametrize(
    "text",
    [
        b"5G towers \xff spread the virus".decode("utf-8", "surrogateescape"),
        "   ",
    ],
)
def test_match_refuses_unusable_claim_text_in_one_line(run, fixtures: Path, text: str) -> None:
    run("import", str(fixtures / "claimreview-single.json"))
    result = run("match", text)
    assert result.exit_code == 2
    assert _one_error_line(result)


@pytest.mark.parametrize(
    "args", [("stats",), ("match", "anything"), ("import", "claimreview-single.json")]
)
def test_a_store_that_cannot_be_created_is_one_error_line(
    tmp_path: Path, fixtures: Path, args: tuple[str, ...]
) -> None:
    (tmp_path / "a-file").write_text("", encoding="utf-8")
    store = tmp_path / "a-file" / "fc.sqlite"
    args = (*args[:-1], str(fixtures / args[-1])) if args[0] == "import" else args
    result = CliRunner().invoke(factchecks, [*args, "--store", str(store)])
    assert result.exit_code == 3
    assert "cannot create the fact-check store" in _one_error_line(result)


def test_import_help_documents_the_exit_status(run) -> None:
    text = " ".join(run("import", "--help").output.split())
    assert "0 fact-checks were read and imported, even if some parts were skipped" in text
    assert "2 nothing could be read" in text
