"""FNC-1: the stance of an article body towards a headline.

Relatedness comes from sentence embeddings (the headline against the body's closest
sentences); for related pairs the textual verifier's stance on those sentences gives
agree (supports), disagree (refutes) or discuss (neither). Thresholds are fitted on half of
the bodies and the score is reported on the other half, so no figure is tuned on itself.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import numpy as np

from newsvet.embed import shared_embedder
from newsvet.errors import InputError
from newsvet.evaluate._common import Result, Timer, best_thresholds, progress, split
from newsvet.nli import TextualVerifier

PUBLISHED = {"FNC-1 top systems, weighted score relative to the maximum (2017)": 0.820}
RELATED = ("agree", "disagree", "discuss")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“'])")
_TOP_SENTENCES = 2
# Leads carry the stance; long bodies cost embedding time without changing it.
_MAX_SENTENCES = 40
_GRID = {
    "related": [x / 100 for x in range(20, 62, 2)],
    "support": [x / 20 for x in range(6, 20)],
    "refute": [x / 20 for x in range(4, 20)],
}


def read_fnc(stances: Path, bodies: Path) -> tuple[list[tuple[str, str, str]], dict[str, str]]:
    try:
        csv.field_size_limit(10_000_000)
        with bodies.open(encoding="utf-8", newline="") as handle:
            texts = {row["Body ID"]: row["articleBody"] for row in csv.DictReader(handle)}
        with stances.open(encoding="utf-8", newline="") as handle:
            rows = [(r["Headline"], r["Body ID"], r["Stance"]) for r in csv.DictReader(handle)]
    except (OSError, KeyError, csv.Error, UnicodeDecodeError) as err:
        raise InputError(f"cannot read FNC-1 files {stances} and {bodies}: {err}") from err
    if not rows:
        raise InputError(f"{stances} holds no FNC-1 stances")
    missing = {b for _, b, _ in rows} - texts.keys()
    if missing:
        raise InputError(f"{stances} names bodies missing from {bodies}: {sorted(missing)[:5]}")
    return rows, texts


def fnc_score(gold: list[str], predicted: list[str]) -> tuple[float, float]:
    """The official weighted score and its maximum: 0.25 for related/unrelated right, 0.75
    more for the right stance among related pairs."""
    score = maximum = 0.0
    for g, p in zip(gold, predicted, strict=True):
        maximum += 0.25 if g == "unrelated" else 1.0
        if (g == "unrelated") == (p == "unrelated"):
            score += 0.25
        if g in RELATED and g == p:
            score += 0.75
    return score, maximum


def evaluate_fnc1(
    stances: Path, bodies: Path, *, limit: int | None = None, show_progress: bool = True
) -> Result:
    timer = Timer()
    rows, texts = read_fnc(stances, bodies)
    if limit:
        rows = rows[:limit]
    embedder, verifier = shared_embedder(), TextualVerifier.load()
    sentences = {
        b: [s for s in _SENTENCE.split(texts[b]) if s.strip()][:_MAX_SENTENCES] or [texts[b][:500]]
        for b in {r[1] for r in rows}
    }
    features: list[tuple[float, float, float]] = []  # (relatedness, max supports, max refutes)
    with progress(show_progress) as track:
        body_vectors = {
            b: embedder.encode(s)
            for b, s in track(sentences.items(), "FNC-1 bodies", len(sentences))
        }
        headlines = sorted({r[0] for r in rows})
        head_vectors = dict(zip(headlines, embedder.encode(headlines), strict=True))
        for headline, body, _ in track(rows, "FNC-1 pairs", len(rows)):
            similarity = body_vectors[body] @ head_vectors[headline]
            top = np.argsort(-similarity)[:_TOP_SENTENCES]
            relatedness = float(similarity[top[0]])
            if relatedness < _GRID["related"][0]:
                features.append((relatedness, 0.0, 0.0))
                continue
            probs = verifier.predict([(sentences[body][i], headline) for i in top])
            features.append(
                (relatedness, max(p["supports"] for p in probs), max(p["refutes"] for p in probs))
            )

    def label(f: tuple[float, float, float], t: dict[str, float]) -> str:
        if f[0] < t["related"]:
            return "unrelated"
        if f[2] >= t["refute"] and f[2] >= f[1]:
            return "disagree"
        return "agree" if f[1] >= t["support"] else "discuss"

    indexed = list(range(len(rows)))
    tune, held = split(indexed, key=lambda i: rows[i][1], salt="fnc1-bodies")

    def relative(items: list[int], t: dict[str, float]) -> float:
        score, maximum = fnc_score(
            [rows[i][2] for i in items], [label(features[i], t) for i in items]
        )
        return score / maximum if maximum else 0.0

    thresholds, tuned = best_thresholds(_GRID, lambda t: relative(tune, t))
    score, maximum = fnc_score(
        [rows[i][2] for i in held], [label(features[i], thresholds) for i in held]
    )
    return Result(
        benchmark="fnc1",
        metric="FNC weighted score, share of the maximum",
        score=score / maximum if maximum else 0.0,
        published=dict(PUBLISHED),
        n=len(held),
        details={
            "weighted_score": score,
            "max_score": maximum,
            "thresholds": thresholds,
            "tuning_share_of_max": round(tuned, 4),
            "split": "thresholds fitted on half the bodies, score on the other half",
        },
        seconds=timer.seconds,
    )
