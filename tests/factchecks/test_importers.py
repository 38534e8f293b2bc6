from pathlib import Path

import pytest

from newsvet.factchecks import FactCheckImportError, read_path
from newsvet.factchecks._importers import expand_paths


def _by_claim(path: Path, fmt: str | None = None) -> dict:
    return {fc.claim: fc for fc in read_path(path, fmt)}


def test_single_claimreview_object_keeps_every_field(fixtures: Path) -> None:
    [fc] = read_path(fixtures / "claimreview-single.json")
    assert fc.claim == "5G cell towers are spreading the coronavirus."
    assert fc.rating.text == "Pants on Fire"
    assert (fc.rating.value, fc.rating.best, fc.rating.worst) == (1.0, 6.0, 1.0)
    assert fc.claimant == "Facebook posts"
    assert fc.fact_checker == "Example FactCheck"
    assert fc.date == "2020-04-08"
    assert fc.url.endswith("/5g-towers-coronavirus/")
    assert fc.title == "No, 5G towers do not spread the coronavirus"
    assert fc.language == "en"
    assert fc.source_format == "claimreview"


def test_graph_yields_only_the_claimreviews(fixtures: Path) -> None:
    records = _by_claim(fixtures / "claimreview-graph.json")
    assert set(records) == {
        "A video shows the Eiffel Tower on fire in May 2023.",
        "Paris has banned swimming in the Seine since 1923.",
    }
    eiffel = records["A video shows the Eiffel Tower on fire in May 2023."]
    assert eiffel.date == "2023-05-12"  # a timestamp is cut to its date
    assert eiffel.rating.text == "Altered"
    assert eiffel.rating.value == 1.0  # numbers given as strings are read
    assert eiffel.claimant == "TikTok users"
    assert eiffel.language == "en"  # the code of a Language object


def test_list_reads_type_urls_and_author_lists(fixtures: Path) -> None:
    records = _by_claim(fixtures / "claimreview-list.json")
    chips = records["COVID-19 vaccines contain microchips to track people."]
    assert chips.fact_checker == "TruthMeter"
    wage = records["Raising the minimum wage to $15 would cost 1.3 million jobs."]
    assert wage.rating.text is None and wage.rating.value == 4.0


def test_json_lines_and_datafeed_items(fixtures: Path) -> None:
    records = _by_claim(fixtures / "claimreview-feed.jsonl")
    assert len(records) == 3
    assert records["Drinking hot water cures the flu."].rating.text == "Mostly false"
    assert "The Great Wall of China is visible from space with the naked eye." in records


def test_html_page_json_ld_is_extracted(fixtures: Path) -> None:
    [fc] = read_path(fixtures / "factcheck-page.html")
    assert fc.claim == "The mayor has banned bicycles from the city centre."
    assert fc.rating.text == "Missing context"
    assert fc.title == "Did the mayor ban bicycles from the city centre?"
    assert fc.language == "en-GB"  # from <html lang>, the ClaimReview has none
    assert fc.fact_checker == "Verify Weekly"


def test_checkthat_verified_claims(fixtures: Path) -> None:
    records = {fc.id: fc for fc in read_path(fixtures / "checkthat-vclaims.jsonl", "checkthat")}
    assert len(records) == 5
    carrots = records["vclaim-sno-carrots-night-vision"]
    assert carrots.claim == "Eating carrots greatly improves your night vision."
    assert carrots.fact_checker == "Snopes"
    assert carrots.reviewer == "Kim LaCapria"
    assert carrots.date == "2015-03-12"
    assert carrots.url == "https://www.snopes.com/fact-check/carrots-night-vision/"
    assert carrots.summary == "The claim began as British wartime propaganda."
    assert carrots.source_format == "checkthat"


def test_same_url_and_claim_give_the_same_id_across_reads(fixtures: Path) -> None:
    first = [fc.id for fc in read_path(fixtures / "claimreview-feed.jsonl")]
    second = [fc.id for fc in read_path(fixtures / "claimreview-feed.jsonl")]
    assert first == second and len(set(first)) == 3


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "broken.jsonl",
            '{"@type": "ClaimReview", "claimReviewed": "a"}\n{"@type": \n',
            "broken.jsonl:2",
        ),
        (
            "broken.json",
            '{\n  "@type": "ClaimReview",\n  "claimReviewed": "a",\n}\n',
            "broken.json:4",
        ),
        (
            "broken.html",
            '<html>\n<head>\n<script type="application/ld+json">\n{"@type": "ClaimReview",\n "claimReviewed": }\n</script></head></html>\n',
            "broken.html:5",
        ),
        (
            "noclaim.json",
            '{"@type": "ClaimReview", "reviewRating": {"alternateName": "False"}}',
            "noclaim.json:1",
        ),
    ],
)
def test_malformed_input_names_file_and_line(
    tmp_path: Path, name: str, content: str, where: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactCheckImportError) as err:
        read_path(path)
    assert where in str(err.value)
    assert err.value.exit_code == 2


def test_malformed_fixture_fails_at_its_third_line(fixtures: Path) -> None:
    with pytest.raises(FactCheckImportError, match=r"malformed\.jsonl:3: malformed JSON"):
        read_path(fixtures / "malformed.jsonl")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"vclaim_id": "vclaim-sno-x"}\n', "without vclaim_id or vclaim"),
        ('["vclaim-sno-x", "text"]\n', "expected a JSON object"),
    ],
)
def test_bad_checkthat_lines_are_refused(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "vclaims.bad.jsonl"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(FactCheckImportError, match=message):
        read_path(path, "checkthat")


def test_missing_path_and_unknown_format_are_input_errors(tmp_path: Path, fixtures: Path) -> None:
    with pytest.raises(FactCheckImportError, match="no such file"):
        expand_paths([tmp_path / "absent.json"])
    with pytest.raises(FactCheckImportError, match="unknown format"):
        read_path(fixtures / "claimreview-single.json", "rdfa")


def test_folder_expands_to_its_fact_check_files(fixtures: Path) -> None:
    names = {p.name for p in expand_paths([fixtures])}
    assert {"claimreview-single.json", "factcheck-page.html", "claimreview-feed.jsonl"} <= names
