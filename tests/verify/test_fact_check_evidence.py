"""Earlier fact-checks bear on a claim only when they review the same statement."""

from pathlib import Path

import pytest

from newsvet.document import Claim, Span, Stance
from newsvet.factchecks import FactCheckStore
from newsvet.nli import TextualVerifier
from newsvet.verify.coverage import fact_checks_for

FIXTURE = Path(__file__).with_name("fixtures") / "claimreviews.jsonl"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> FactCheckStore:
    store = FactCheckStore.open(tmp_path_factory.mktemp("fc") / "factchecks.sqlite")
    store.import_paths([FIXTURE])
    return store


@pytest.fixture(scope="module")
def verifier() -> TextualVerifier:
    return TextualVerifier.load()


def _claim(text: str) -> Claim:
    return Claim(id="c1", span=Span(0, len(text)), sentence=0, text=text)


@pytest.mark.parametrize(
    ("text", "stance"),
    [
        ("The Karachi Port Trust moved its head office to Lahore in 2019.", Stance.REFUTES),
        ("The Tarbela Dam is the largest earth-filled dam in the world.", Stance.SUPPORTS),
    ],
)
def test_a_review_of_the_same_statement_carries_its_rating(
    store: FactCheckStore, verifier: TextualVerifier, text: str, stance: Stance
) -> None:
    findings = fact_checks_for(_claim(text), store, verifier)
    assert [f.evidence.stance for f in findings] == [stance]
    assert (
        findings[0].evidence.kind == "factcheck"
        and "Example Fact Check" in findings[0].evidence.source
    )


def test_a_review_of_another_statement_on_the_same_subject_does_not_refute(
    store: FactCheckStore, verifier: TextualVerifier
) -> None:
    claim = _claim(
        "The Karachi Port Trust kept its head office in Karachi in 2019, officials said."
    )
    stances = [f.evidence.stance for f in fact_checks_for(claim, store, verifier)]
    assert Stance.REFUTES not in stances
