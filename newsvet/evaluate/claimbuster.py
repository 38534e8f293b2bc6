"""ClaimBuster: is a sentence a check-worthy factual claim?

Each sentence goes through newsvet's own stages up to claims (segment, mentions, link,
claims), exactly as in an article; its score is the highest check-worthiness among the
claims it yields, including the units the stage dropped as below its threshold. The
decision threshold is chosen by cross-validation on the data file (``--train`` gives a
separate file to choose it on instead), and F1 of the check-worthy class is reported.
"""

from __future__ import annotations

import json
from pathlib import Path

from newsvet.checker import DEFAULT_STAGES
from newsvet.document import Document, Span, Verdict
from newsvet.errors import InputError
from newsvet.evaluate._common import Result, Timer, best_thresholds, progress, unit_hash
from newsvet.pipeline import Pipeline
from newsvet.pipeline.resources import Resources

PUBLISHED: dict[str, float | None] = {"ClaimBuster adversarial BERT (Meng et al. 2020)": None}
# The article pipeline up to its claims (importing the checker registers the stages).
STAGES = DEFAULT_STAGES[: DEFAULT_STAGES.index("newsvet.claims.v1") + 1]
_GRID = {"threshold": [x / 100 for x in range(2, 98, 2)]}
_FOLDS = 5


def read_sentences(path: Path) -> list[tuple[str, int]]:
    try:
        rows = [
            (str(r["text"]), int(r["label"])) for r in json.loads(path.read_text(encoding="utf-8"))
        ]
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(f"cannot read ClaimBuster data {path}: {err}") from err
    if not rows:
        raise InputError(f"{path} holds no ClaimBuster sentences")
    return rows


def sentence_score(pipeline: Pipeline, text: str) -> float:
    doc = pipeline(Document(text=text, body=Span(0, len(text))))
    scores = [c.checkworthiness for c in doc.claims if c.verdict is not Verdict.NOT_CHECKABLE]
    scores += [float(d["score"]) for d in doc.annotations.get("claims", {}).get("dropped", [])]
    return max(scores, default=0.0)


def _sample(rows: list[tuple[str, int]], limit: int | None) -> list[tuple[str, int]]:
    """A stable sample: the file is sorted by label, so its first lines are not one."""
    if not limit:
        return rows
    return sorted(rows, key=lambda row: unit_hash(f"sample|{row[0]}"))[:limit]


def f1(gold: list[int], predicted: list[int]) -> float:
    tp = sum(g == p == 1 for g, p in zip(gold, predicted, strict=True))
    fp = sum(p == 1 and g == 0 for g, p in zip(gold, predicted, strict=True))
    fn = sum(g == 1 and p == 0 for g, p in zip(gold, predicted, strict=True))
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def evaluate_claimbuster(
    data: Path, *, train: Path | None = None, limit: int | None = None, show_progress: bool = True
) -> Result:
    timer = Timer()
    rows = _sample(read_sentences(data), limit)
    extra = _sample(read_sentences(train), limit) if train else []
    pipeline = Pipeline(STAGES, Resources())
    with progress(show_progress) as track:
        scores = [
            sentence_score(pipeline, t) for t, _ in track(rows, "ClaimBuster sentences", len(rows))
        ]
        extra_scores = [
            sentence_score(pipeline, t) for t, _ in track(extra, "training sentences", len(extra))
        ]
    gold = [label for _, label in rows]

    def f1_at(indices: list[int], values: list[float], labels: list[int], t: float) -> float:
        return f1([labels[i] for i in indices], [int(values[i] >= t) for i in indices])

    predicted: list[int] = [0] * len(rows)
    chosen: list[float] = []
    if train:
        extra_gold = [label for _, label in extra]
        point, _ = best_thresholds(
            _GRID,
            lambda p: f1_at(list(range(len(extra))), extra_scores, extra_gold, p["threshold"]),
        )
        chosen.append(point["threshold"])
        predicted = [int(s >= point["threshold"]) for s in scores]
    else:
        folds = [int(unit_hash(f"claimbuster|{text}") * _FOLDS) for text, _ in rows]
        for fold in range(_FOLDS):
            fit = [i for i, f in enumerate(folds) if f != fold]

            def fold_f1(p: dict[str, float], fit: list[int] = fit) -> float:
                return f1_at(fit, scores, gold, p["threshold"])

            point, _ = best_thresholds(_GRID, fold_f1)
            chosen.append(point["threshold"])
            for i, f in enumerate(folds):
                if f == fold:
                    predicted[i] = int(scores[i] >= point["threshold"])
    return Result(
        benchmark="claimbuster",
        metric="F1 of the check-worthy class",
        score=f1(gold, predicted),
        published=dict(PUBLISHED),
        n=len(rows),
        details={
            "thresholds": chosen,
            "positives": sum(gold),
            "protocol": f"threshold chosen on {train}"
            if train
            else f"{_FOLDS}-fold cross-validation",
        },
        seconds=timer.seconds,
    )
