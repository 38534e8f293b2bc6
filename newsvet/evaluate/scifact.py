"""SciFact: abstract-level, label-only F1 with retrieval over the whole abstract corpus.

The abstracts go into a newsvet corpus of their own (hybrid retrieval, as for coverage);
for each claim the three best abstracts are judged by the textual verifier on their best
passages, and an abstract is predicted SUPPORT or CONTRADICT when the verifier is clear
enough. Thresholds are fitted on half of the claims (split by claim id) and F1 is reported
on the other half; the verifier never trained on these dev claims.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from newsvet.document import ArticleMeta, Document, Span
from newsvet.errors import InputError
from newsvet.evaluate._common import Result, Timer, best_thresholds, progress, split

PUBLISHED = {
    "VeriSci, dev (Wadden et al. 2020)": 0.510,
    "MultiVerS, test (Wadden et al. 2022)": 0.725,
}
ABSTRACTS_PER_CLAIM = 3
PASSAGES_PER_QUERY = 30
_GRID: dict[str, list[float]] = {
    "support": [x / 20 for x in range(6, 20)],
    "refute": [x / 20 for x in range(6, 20)],
    "similarity": [x / 20 for x in range(6, 15)],
    "rank": [1.0, 2.0, 3.0],
}
# claim id -> doc id -> (supports, refutes, cosine similarity of its best passage, rank)
Scores = dict[str, dict[int, tuple[float, float, float, int]]]


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as err:
                        raise InputError(f"{path}:{number}: not JSON: {err}") from err
    except (OSError, UnicodeDecodeError) as err:
        raise InputError(f"cannot read {path}: {err}") from err
    return rows


def gold_pairs(claims: list[dict[str, Any]]) -> dict[str, dict[int, str]]:
    """claim id -> {doc id: SUPPORT | CONTRADICT}, from the rationale sets."""
    gold: dict[str, dict[int, str]] = {}
    for claim in claims:
        labels = {
            int(doc): sets[0]["label"] for doc, sets in claim.get("evidence", {}).items() if sets
        }
        gold[str(claim["id"])] = labels
    return gold


def label_only_f1(
    gold: dict[str, dict[int, str]], predicted: dict[str, dict[int, str]]
) -> dict[str, float]:
    """SciFact's abstract-level label-only precision, recall and F1: a predicted abstract
    is right when it is evidence for the claim and its label is the gold label."""
    right = sum(
        1
        for cid, docs in predicted.items()
        for doc, label in docs.items()
        if gold.get(cid, {}).get(doc) == label
    )
    n_predicted = sum(len(docs) for docs in predicted.values())
    n_gold = sum(len(docs) for docs in gold.values())
    precision = right / n_predicted if n_predicted else 0.0
    recall = right / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def _corpus_path(parts: list[Path]) -> Path:
    """A corpus file of the abstracts, named by their content, so it is embedded once."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.read_bytes())
    home = Path(os.environ.get("NEWSVET_HOME") or Path.home() / ".local/share/newsvet")
    return home / f"eval-scifact-{digest.hexdigest()[:12]}.sqlite"


def _abstract_document(row: dict[str, Any]) -> Document:
    title = str(row.get("title") or "").strip()
    body = " ".join(s.strip() for s in row["abstract"])
    text = f"{title}\n\n{body}" if title else body
    start = len(title) + 2 if title else 0
    return Document(
        text=text,
        meta=ArticleMeta(
            title=title or None, url=f"scifact:{row['doc_id']}", outlet="SciFact corpus"
        ),
        headline=Span(0, len(title)) if title else None,
        body=Span(start, len(text)),
    )


def build_abstract_corpus(parts: list[Path], show_progress: bool) -> Path:
    from newsvet.corpus import Corpus

    path = _corpus_path(parts)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    # Built under another name and renamed when complete; an interrupted build resumes,
    # since adding an abstract already there changes nothing.
    partial = path.with_suffix(".partial")
    rows = [row for part in parts for row in read_jsonl(part)]
    with Corpus.open(partial) as corpus, progress(show_progress) as track:
        for row in track(rows, "SciFact abstracts", len(rows)):
            corpus.add_document(_abstract_document(row))
    partial.replace(path)  # only a complete corpus is ever reused
    return path


def score_claims(claims: list[dict[str, Any]], corpus_path: Path, show_progress: bool) -> Scores:
    """For each claim, its best abstracts with the verifier's strongest stances on them."""
    from newsvet.corpus import Corpus
    from newsvet.nli import TextualVerifier

    verifier = TextualVerifier.load()
    scores: Scores = {}
    with Corpus.open(corpus_path, create=False) as corpus, progress(show_progress) as track:
        for claim in track(claims, "SciFact claims", len(claims)):
            passages: dict[int, list[str]] = {}
            similarity: dict[int, float] = {}
            for hit in corpus.search(claim["claim"], PASSAGES_PER_QUERY):
                doc = int((hit.url or "scifact:-1").split(":")[1])
                if doc in passages or len(passages) < ABSTRACTS_PER_CLAIM:
                    passages.setdefault(doc, []).append(hit.text)
                    similarity[doc] = max(similarity.get(doc, 0.0), hit.similarity or 0.0)
            judged: dict[int, tuple[float, float, float, int]] = {}
            for rank, (doc, texts) in enumerate(passages.items(), start=1):
                probs = verifier.predict([(text, claim["claim"]) for text in texts[:2]])
                judged[doc] = (
                    max(p["supports"] for p in probs),
                    max(p["refutes"] for p in probs),
                    similarity[doc],
                    rank,
                )
            scores[str(claim["id"])] = judged
    return scores


def predict(
    scores: Scores,
    ids: list[str],
    support: float,
    refute: float,
    similarity: float = 0.0,
    rank: float = ABSTRACTS_PER_CLAIM,
) -> dict[str, dict[int, str]]:
    """Labels for the abstracts retrieved within ``rank`` and at least ``similarity`` close
    to the claim, where the verifier is clear enough."""
    predicted: dict[str, dict[int, str]] = {}
    for cid in ids:
        labels = {}
        for doc, (s, r, closeness, position) in scores.get(cid, {}).items():
            if position > rank or closeness < similarity:
                continue
            if r >= refute and r > s:
                labels[doc] = "CONTRADICT"
            elif s >= support:
                labels[doc] = "SUPPORT"
        predicted[cid] = labels
    return predicted


def evaluate_scifact(
    claims_path: Path,
    corpus_parts: list[Path],
    *,
    limit: int | None = None,
    show_progress: bool = True,
) -> Result:
    timer = Timer()
    if not corpus_parts:
        raise InputError(
            "SciFact needs its abstract corpus: pass --corpus FILE (repeat for each part)"
        )
    claims = read_jsonl(claims_path)
    if not claims:
        raise InputError(f"{claims_path} holds no SciFact claims")
    if limit:
        claims = claims[:limit]
    gold = gold_pairs(claims)
    corpus_path = build_abstract_corpus(corpus_parts, show_progress)
    scores = score_claims(claims, corpus_path, show_progress)
    tune, held = split([str(c["id"]) for c in claims], key=str, salt="scifact-claims")

    def f1_on(ids: list[str], point: dict[str, float]) -> float:
        return label_only_f1({c: gold[c] for c in ids}, predict(scores, ids, **point))["f1"]

    point, tuned = best_thresholds(_GRID, lambda p: f1_on(tune, p))
    held_metrics = label_only_f1({c: gold[c] for c in held}, predict(scores, held, **point))
    retrieved = sum(1 for cid, docs in gold.items() for doc in docs if doc in scores.get(cid, {}))
    return Result(
        benchmark="scifact",
        metric="abstract-level label-only F1",
        score=held_metrics["f1"],
        published=dict(PUBLISHED),
        n=len(held),
        details={
            "precision": round(held_metrics["precision"], 4),
            "recall": round(held_metrics["recall"], 4),
            "thresholds": point,
            "tuning_f1": round(tuned, 4),
            "retrieval_recall_at_3": round(
                retrieved / max(1, sum(len(d) for d in gold.values())), 4
            ),
            "split": "thresholds fitted on half the claims (by id), F1 on the other half",
            "corpus": str(corpus_path),
        },
        seconds=timer.seconds,
    )
