"""A bad part of a file is skipped and reported where it is; the rest of the file is read."""

from pathlib import Path

import pytest

from newsvet.factchecks import FactCheckImportError, FactCheckStore, read_file, read_path

# A page whose first JSON-LD block (a breadcrumb list, nothing to do with the review) has a
# syntax error on line 4, column 16 of the page; the ClaimReview after it is fine.
BROKEN_BREADCRUMB_PAGE = """<!DOCTYPE html>
<html lang="en"><head>
<script type="application/ld+json">
{"@type": "BreadcrumbList", "itemListElement": [}
</script>
<script type="application/ld+json">
{"@type": "ClaimReview", "url": "https://f.example/moon",
 "claimReviewed": "The moon is made of cheese.",
 "reviewRating": {"alternateName": "False"}}
</script>
</head><body></body></html>
"""

# A pretty-printed list whose second review (from line 4) names no claim.
LIST_WITH_A_REVIEW_WITHOUT_CLAIM = """[
  {"@type": "ClaimReview", "url": "https://f.example/1", "claimReviewed": "One."},
  {
    "@type": "ClaimReview", "url": "https://f.example/2",
    "reviewRating": {"alternateName": "False"}
  },
  {"@type": "ClaimReview", "url": "https://f.example/3", "claimReviewed": "Three."}
]
"""


def _write(tmp_path: Path, name: str, content: str) -> Path:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "content", "fmt", "claims", "problems"),
    [
        (
            "cr4.html",
            BROKEN_BREADCRUMB_PAGE,
            None,
            ["The moon is made of cheese."],
            ["cr4.html:4: JSON-LD block 1: malformed JSON: Expecting value (column 49)"],
        ),
        (
            "list.json",
            LIST_WITH_A_REVIEW_WITHOUT_CLAIM,
            None,
            ["One.", "Three."],
            ["list.json:4: ClaimReview has no claimReviewed text"],
        ),
        (
            "oneline.json",
            '[{"@type": "ClaimReview", "claimReviewed": "A."}, {"@type": "ClaimReview"}]',
            None,
            ["A."],
            ["oneline.json:1: ClaimReview 2 of 2 has no claimReviewed text"],
        ),
        (
            "feed.jsonl",
            '{"@type": "ClaimReview", "claimReviewed": "A."}\n{"@type": \n'
            '{"@type": "ClaimReview"}\n{"@type": "ClaimReview", "claimReviewed": "B."}\n',
            None,
            ["A.", "B."],
            [
                "feed.jsonl:2: malformed JSON: Expecting value (column 11)",
                "feed.jsonl:3: ClaimReview has no claimReviewed text",
            ],
        ),
        (
            "vclaims.jsonl",
            '{"vclaim_id": "vclaim-sno-a", "vclaim": "A."}\n["x"]\n{"vclaim_id": "vclaim-sno-b"}\n',
            "checkthat",
            ["A."],
            [
                "vclaims.jsonl:2: expected a JSON object, got list",
                "vclaims.jsonl:3: verified claim without vclaim_id or vclaim",
            ],
        ),
    ],
)
def test_bad_parts_are_skipped_and_the_rest_is_read(
    tmp_path: Path,
    name: str,
    content: str,
    fmt: str | None,
    claims: list[str],
    problems: list[str],
) -> None:
    read = read_file(_write(tmp_path, name, content), fmt)
    assert [fc.claim for fc in read.records] == claims
    assert [str(p) for p in read.problems] == [str(tmp_path / p) for p in problems]


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("empty.json", "", None),
        ("blank.jsonl", " \n\n  \n", None),
        ("empty.html", "", None),
        ("vclaims.jsonl", "\n", "checkthat"),
        ("bom.json", "\ufeff", None),
    ],
)
def test_an_empty_file_says_empty_file(
    tmp_path: Path, name: str, content: str, fmt: str | None
) -> None:
    path = _write(tmp_path, name, content)
    with pytest.raises(FactCheckImportError) as err:
        read_path(path, fmt)
    assert str(err.value) == f"{path}: empty file"
    assert "malformed" not in str(err.value)


@pytest.mark.parametrize(
    ("name", "content", "fmt"),
    [
        ("cr4.html", BROKEN_BREADCRUMB_PAGE, None),
        ("list.json", LIST_WITH_A_REVIEW_WITHOUT_CLAIM, None),
        ("broken.json", '{\n  "@type": "ClaimReview",\n  "claimReviewed": "a",\n}\n', None),
        ("broken.jsonl", '{"@type": "ClaimReview", "claimReviewed": "a"}\n{"@type": \n', None),
        ("vclaims.jsonl", '{"vclaim_id": "vclaim-sno-b"}\n', "checkthat"),
        ("empty.json", "", None),
    ],
)
def test_a_problem_names_its_file_and_line_once(
    tmp_path: Path, name: str, content: str, fmt: str | None
) -> None:
    path = _write(tmp_path, name, content)
    [problem] = read_file(path, fmt).problems
    message = str(problem)
    assert message.count(name) == 1
    assert message.startswith(f"{path}:{problem.line}: " if problem.line else f"{path}: ")
    assert "line" not in message.split(": ", 1)[1]  # the line is in the prefix only


def test_a_file_that_is_not_utf8_is_one_problem(tmp_path: Path) -> None:
    path = tmp_path / "latin1.json"
    path.write_bytes(b'{"@type": "ClaimReview", "claimReviewed": "caf\xe9"}')
    read = read_file(path)
    assert read.records == []
    assert [str(p) for p in read.problems] == [
        f"{path}: not UTF-8 text (invalid continuation byte at byte 46)"
    ]


def test_read_path_stays_all_or_nothing(tmp_path: Path) -> None:
    path = _write(tmp_path, "cr4.html", BROKEN_BREADCRUMB_PAGE)
    with pytest.raises(FactCheckImportError, match=r"cr4\.html:4: JSON-LD block 1"):
        read_path(path)


def test_a_folder_with_one_broken_json_ld_block_still_imports(
    store: FactCheckStore, tmp_path: Path
) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "cr4.html").write_text(BROKEN_BREADCRUMB_PAGE, encoding="utf-8")
    result = store.import_paths([tmp_path / "pages"])
    assert (result.records, result.added, len(result.skipped)) == (1, 1, 1)
    assert [fc.claim for fc in store.records()] == ["The moon is made of cheese."]
