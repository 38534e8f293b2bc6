"""Climate-FEVER: a claim's label from its five evidence sentences.

Each (sentence, claim) pair goes through newsvet's textual verifier; the stances combine
into SUPPORTS / REFUTES / DISPUTED / NOT_ENOUGH_INFO by ``verify.textual``. The verifier
trained on part of this file's claims (split by claim id), so figures are reported on the
claims it never saw; thresholds are fitted only with ``fit=True``, on the other claims.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from newsvet.document import Verdict
from newsvet.errors import InputError
from newsvet.evaluate._common import Result, Timer, accuracy, best_thresholds, macro_f1, progress
from newsvet.evaluate.calibration import plot_reliability, reliability
from newsvet.nli import TextualVerifier
from newsvet.train.data import TEST_CLIMATE, climate_fever_split
from newsvet.verify.textual import DEFAULT_THRESHOLDS, StanceThresholds, verdict_from_stances

LABEL_OF_VERDICT = {
    Verdict.SUPPORTED: "SUPPORTS",
    Verdict.REFUTED: "REFUTES",
    Verdict.CONFLICTING: "DISPUTED",
    Verdict.NOT_ENOUGH_EVIDENCE: "NOT_ENOUGH_INFO",
}
LABELS = tuple(LABEL_OF_VERDICT.values())
PUBLISHED = {"FEVER-trained entailment, claim label accuracy (Diggelmann et al. 2020)": 0.3878}
_GRID = {"support": [x / 20 for x in range(4, 20)], "refute": [x / 20 for x in range(4, 20)]}


def read_claims(path: Path) -> list[dict[str, Any]]:
    claims = []
    where = str(path)
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                where = f"{path}:{number}"
                if line.strip():
                    row = json.loads(line)
                    claims.append(
                        {
                            "id": str(row["claim_id"]),
                            "claim": row["claim"],
                            "label": row["claim_label"],
                            "evidence": [e["evidence"] for e in row["evidences"]],
                            "evidence_labels": [e["evidence_label"] for e in row["evidences"]],
                        }
                    )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"cannot read Climate-FEVER data at {where}: {err}") from err
    if not claims:
        raise InputError(f"{path} holds no Climate-FEVER claims")
    return claims


_STANCE_OF_EVIDENCE = {"SUPPORTS": "supports", "REFUTES": "refutes", "NOT_ENOUGH_INFO": "unrelated"}


def evaluate_climate_fever(
    data: Path,
    *,
    fit: bool = False,
    limit: int | None = None,
    plot: Path | None = None,
    show_progress: bool = True,
) -> Result:
    timer = Timer()
    claims = read_claims(data)
    held = [c for c in claims if climate_fever_split(c["id"]) == TEST_CLIMATE]
    tune = [c for c in claims if climate_fever_split(c["id"]) != TEST_CLIMATE] if fit else []
    if limit:
        held, tune = held[:limit], tune[:limit]
    verifier = TextualVerifier.load()
    with progress(show_progress) as track:
        probs = {
            c["id"]: verifier.predict([(e, c["claim"]) for e in c["evidence"]])
            for c in track(held + tune, "Climate-FEVER claims", len(held) + len(tune))
        }

    def predict(items: list[dict[str, Any]], t: StanceThresholds) -> list[str]:
        return [LABEL_OF_VERDICT[verdict_from_stances(probs[c["id"]], t)] for c in items]

    thresholds = DEFAULT_THRESHOLDS
    if fit:
        point, _ = best_thresholds(
            _GRID,
            lambda p: accuracy([c["label"] for c in tune], predict(tune, StanceThresholds(**p))),
        )
        thresholds = StanceThresholds(**point)
    gold = [c["label"] for c in held]
    predicted = predict(held, thresholds)
    # The verifier's calibration, pair by pair, against the sentences' own labels.
    pairs = [
        (probs[c["id"]][i], _STANCE_OF_EVIDENCE[label])
        for c in held
        for i, label in enumerate(c["evidence_labels"])
        if label in _STANCE_OF_EVIDENCE
    ]
    calibration = reliability(pairs)
    if plot is not None:
        plot_reliability(
            calibration, plot, title="Textual verifier on Climate-FEVER held-out sentences"
        )
    return Result(
        benchmark="climate-fever",
        metric="claim label accuracy",
        score=accuracy(gold, predicted),
        published=dict(PUBLISHED),
        n=len(held),
        details={
            "macro_f1": round(macro_f1(gold, predicted, LABELS), 4),
            "thresholds": {"support": thresholds.support, "refute": thresholds.refute},
            "fitted": fit,
            "split": "claims held out from the verifier's training (by claim id)",
            "label_counts": {label: gold.count(label) for label in LABELS},
            "pair_accuracy": round(calibration.accuracy, 4),
            "pair_ece": round(calibration.ece, 4),
            "pairs": calibration.n,
        },
        seconds=timer.seconds,
    )
