"""The shipped textual verifier: loads, predicts calibrated stances, and gets plain cases right."""

from __future__ import annotations

import json
import re

import pytest

from newsvet.nli import TextualVerifier
from newsvet.nli.verifier import MODEL_DIR

STANCES = {"supports", "refutes", "unrelated"}

# (evidence, claim, expected top stance): hand-written news pairs, no dataset sentences.
CASES = [
    ("Police arrested three men in Lahore on Friday after a raid on a warehouse.",
     "Three men were arrested in Lahore.", "supports"),
    ("The ministry said the ceasefire took effect at midnight and has held since.",
     "The ceasefire took effect at midnight.", "supports"),
    ("Police arrested three men in Lahore on Friday after a raid on a warehouse.",
     "Nobody was arrested in Lahore on Friday.", "refutes"),
    ("The United States, the United Kingdom and France put the listing request on hold.",
     "The United States alone blocked the listing request.", "refutes"),
    ("The army said on Monday that it had withdrawn all its troops from the town.",
     "The army did not withdraw its troops from the town.", "refutes"),
    ("Police arrested three men in Lahore on Friday after a raid on a warehouse.",
     "The central bank raised interest rates by half a point.", "unrelated"),
    ("The football club signed a new striker for the coming season.",
     "The government banned the militant group in 2002.", "unrelated"),
]


@pytest.fixture(scope="module")
def verifier() -> TextualVerifier:
    return TextualVerifier.load()


def test_predictions_are_probabilities_over_three_stances(verifier):
    for scores in verifier.predict([(e, c) for e, c, _ in CASES]):
        assert set(scores) == STANCES
        assert all(0.0 <= p <= 1.0 for p in scores.values())
        assert sum(scores.values()) == pytest.approx(1.0, abs=1e-6)


@pytest.mark.parametrize(("evidence", "claim", "expected"), CASES)
def test_verifier_gets_plain_news_cases_right(verifier, evidence, claim, expected):
    scores = verifier.predict([(evidence, claim)])[0]
    assert max(scores, key=scores.__getitem__) == expected


def test_batch_and_single_predictions_agree(verifier):
    pairs = [(e, c) for e, c, _ in CASES]
    batch = verifier.predict(pairs)
    for pair, together in zip(pairs, batch, strict=True):
        alone = verifier.predict([pair])[0]
        assert alone == pytest.approx(together, abs=1e-9)


def test_info_reports_training_data_calibration_and_held_out_figures(verifier):
    info = verifier.info
    assert info["temperature"] > 0
    assert info["trained_on"] and all(d["licence"] for d in info["trained_on"])
    assert info["metrics"]["int8"]["splits"]["test_climate_fever"]["accuracy"] > 0.4


def test_shipped_manifest_lists_each_data_file_with_its_hash():
    manifest = json.loads((MODEL_DIR / "manifest.json").read_text(encoding="utf-8"))
    assert len(manifest["files"]) > 10
    for entry in manifest["files"]:
        assert re.fullmatch(r"[0-9a-f]{64}", entry["sha256"])
        assert entry["pairs_read"] == sum(entry["splits"].values())
