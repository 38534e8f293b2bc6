"""The whole pipeline on real articles: verdicts follow the knowledge base."""

from typing import Any

import pytest

import newsvet
from tests.check.conftest import EXAMPLES, SEED

pytestmark = pytest.mark.slow


def _claims(checker: newsvet.Checker, path: Any) -> list[dict[str, Any]]:
    return checker.check(path).to_dict()["claims"]


@pytest.fixture(scope="module")
def seed(checker: newsvet.Checker) -> dict[str, Any]:
    if not SEED.exists():
        pytest.skip("the reference article is not present")
    return checker.check(SEED).to_dict()


def test_seed_misattributed_operation_is_refuted_with_its_source(seed: dict[str, Any]) -> None:
    headline = seed["claims"][0]
    assert headline["sentence"].startswith("Terrorist Confession Reveals")
    assert headline["verdict"] == "refuted"
    evidence = [e for e in headline["evidence"] if e["stance"] == "refutes"]
    assert any("Indian Armed Forces" in e["text"] and "2025-05-07" in e["text"] for e in evidence)
    assert any("Livemint" in e["source"] for e in evidence)
    assert "Indian Armed Forces" in headline["reason"]


def test_seed_groups_are_linked_to_their_un_entries(seed: dict[str, Any]) -> None:
    identifiers = {e["name"]: e["identifiers"].get("unscId", []) for e in seed["entities"]}
    assert "QDe.118" in identifiers["Lashkar-e-Tayyiba"]
    assert "QDe.019" in identifiers["Jaish-e-Mohammed"]


def test_seed_united_states_block_is_not_called_supported(seed: dict[str, Any]) -> None:
    blocked = [c for c in seed["claims"] if c["frame"]["action"] == "block"]
    assert blocked
    for claim in blocked:
        assert claim["verdict"] != "supported"
    claim = blocked[0]
    assert claim["verdict"] == "conflicting"
    refuting = " ".join(e["text"] for e in claim["evidence"] if e["stance"] == "refutes")
    assert "United Kingdom" in refuting and "France" in refuting


def test_seed_confession_claims_rest_on_one_party(seed: dict[str, Any]) -> None:
    video = [c for c in seed["claims"] if "According to the video" in c["sentence"]]
    assert video
    for claim in video:
        assert claim["attribution"]["kind"] != "author"
        assert claim["verdict"] == "not_enough_evidence"
    single = {c["id"] for c in seed["signals"]["single_source"]["claims"]}
    assert {c["id"] for c in video} <= single


def test_seed_speculation_is_not_checkable(seed: dict[str, Any]) -> None:
    speculative = [c for c in seed["claims"] if "raise questions about whether" in c["sentence"]]
    assert speculative and all(c["verdict"] == "not_checkable" for c in speculative)


def test_seed_missing_spaces_are_found(seed: dict[str, Any]) -> None:
    found = {a["text"] for a in seed["anomalies"] if a["kind"] == "missing_space"}
    assert found == {"challenging,the", "network.Both"}


FAITHFUL = ["let-un-listing-faithful.txt", "jem-commander-video-faithful.txt",
            "bla-listing-hold-faithful.txt", "let-un-listing-faithful.html"]  # fmt: skip


@pytest.mark.parametrize("name", FAITHFUL)
def test_faithful_articles_get_no_refuted_claim(checker: newsvet.Checker, name: str) -> None:
    claims = _claims(checker, EXAMPLES / name)
    assert [c["text"] for c in claims if c["verdict"] == "refuted"] == []
    assert any(c["verdict"] == "supported" for c in claims)


# (article, words of the refuted claim, what the refuting evidence must say)
DISTORTED = [
    ("jem-listing-year-wrong.txt", "May 2019", "2001-10-17"),
    ("let-headquarters-wrong.txt", "Bahawalpur", "Markaz Taiba"),
    ("bahawalpur-strike-misattributed.txt", "Pakistan", "Indian Armed Forces"),
]


@pytest.mark.parametrize(("name", "claimed", "known"), DISTORTED)
def test_distortions_are_refuted_by_the_knowledge_base(
    checker: newsvet.Checker, name: str, claimed: str, known: str
) -> None:
    refuted = [c for c in _claims(checker, EXAMPLES / name) if c["verdict"] == "refuted"]
    assert any(
        claimed in c["text"] and any(known in e["text"] for e in c["evidence"] if e["stance"] == "refutes")
        for c in refuted
    ), [(c["text"], c["reason"]) for c in refuted]


def test_speculation_in_rumours_is_not_checkable(checker: newsvet.Checker) -> None:
    claims = _claims(checker, EXAMPLES / "saeed-custody-rumours.txt")
    speculative = [c for c in claims if c["certainty"] == "speculative"]
    assert speculative and all(c["verdict"] == "not_checkable" for c in speculative)
    assert not any(c["verdict"] == "refuted" for c in claims)


def test_check_accepts_text_as_well_as_paths(checker: newsvet.Checker) -> None:
    text = (EXAMPLES / "let-headquarters-wrong.txt").read_text(encoding="utf-8")
    from_text = checker.check(text).to_dict()
    from_path = checker.check(EXAMPLES / "let-headquarters-wrong.txt").to_dict()
    assert [c["verdict"] for c in from_text["claims"]] == [c["verdict"] for c in from_path["claims"]]
