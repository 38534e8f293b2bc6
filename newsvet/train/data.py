"""The verifier's training mixture: which files, how they are split, and the manifest.

Every pair is ``(premise, hypothesis, label, source, split)``. Splits are decided by a hash of
a group key (the premise text, a Climate-FEVER claim id, a SciFact claim id, an FNC-1 body id),
so pairs that share evidence never straddle train and held-out, and the split is the same on
every machine and every run. Plain Python: no torch needed.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import lzma
import random
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

from newsvet.errors import InputError
from newsvet.train.edits import pairs_from_articles

log = logging.getLogger(__name__)

LABELS = ("entailment", "neutral", "contradiction")
TRAIN = "train"
DEV = "dev"  # calibration (temperature) and model selection
TEST_MIX = "test_mix"  # held-out slice of the NLI mixture
TEST_FEVER = "test_fever_challenge"
TEST_CLIMATE = "test_climate_fever"
TEST_SCIFACT = "test_scifact"
TEST_FACTCC = "test_factcc"

# Sets left out of training: rte123 repeats glue_rte, taxinli repeats mnli (data/README.md),
# and fever_challenge is kept back whole as an out-of-mixture test.
EXCLUDED_TRAIN_DIRS = frozenset({"rte123", "taxinli"})
HELD_OUT_DIRS = {"fever_challenge": TEST_FEVER}
PREMISE_CHARS = 1000  # beyond 160 word pieces; keeps the packed mixture small
DEV_SHARE = 0.02
TEST_SHARE = 0.02
CLIMATE_TEST_SHARE = 0.5
FACTCC_TEST_SHARE = 0.1


@dataclass(frozen=True)
class Pair:
    premise: str
    hypothesis: str
    label: str
    source: str
    split: str


@dataclass
class FileEntry:
    path: str
    sha256: str
    pairs_read: int
    licence: str
    splits: dict[str, int] = field(default_factory=dict)


def unit_hash(key: str) -> float:
    """A number in [0, 1) fixed by ``key``: the same split on every machine and run."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def mixture_split(key: str) -> str:
    u = unit_hash(key)
    if u < DEV_SHARE:
        return DEV
    if u < DEV_SHARE + TEST_SHARE:
        return TEST_MIX
    return TRAIN


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_licence(folder: Path) -> str:
    """The ``LICENCE (as stated)`` line of a data folder's SOURCE.txt, or ''."""
    source = folder / "SOURCE.txt"
    if not source.exists():
        return ""
    for line in source.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.upper().startswith("LICENCE"):
            return line.split(":", 1)[1].strip() if ":" in line else line
    return ""


def _clip(text: str) -> str:
    return " ".join(text.split())[:PREMISE_CHARS]


def read_nli_file(path: Path, source: str, held_out: str | None) -> Iterator[Pair]:
    """Pairs of one JSON-lines NLI file; lines with another label are skipped."""
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as err:
                raise InputError(f"{path}:{lineno}: not a JSON line ({err.msg})") from err
            label = row.get("label")
            premise, hypothesis = row.get("premise"), row.get("hypothesis")
            if label not in LABELS or not premise or not hypothesis:
                continue
            premise = _clip(premise)
            split = held_out or mixture_split(f"{source}|{premise}")
            yield Pair(premise, _clip(hypothesis), label, source, split)


_CLIMATE_LABELS = {"SUPPORTS": "entailment", "REFUTES": "contradiction", "NOT_ENOUGH_INFO": "neutral"}
_SCIFACT_LABELS = {"SUPPORT": "entailment", "CONTRADICT": "contradiction"}


def climate_fever_split(claim_id: str) -> str:
    return TEST_CLIMATE if unit_hash(f"climate-fever|{claim_id}") < CLIMATE_TEST_SHARE else TRAIN


def read_climate_fever(path: Path) -> Iterator[Pair]:
    """(evidence sentence, claim) pairs with the annotators' evidence label, split by claim id."""
    with path.open(encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            split = climate_fever_split(str(row["claim_id"]))
            for ev in row.get("evidences", []):
                label = _CLIMATE_LABELS.get(ev.get("evidence_label", ""))
                if label:
                    yield Pair(_clip(ev["evidence"]), row["claim"], label, "climate-fever", split)


def read_scifact(folder: Path) -> Iterator[Pair]:
    """Rationale sentences against claims; claims without evidence meet the cited abstract's
    opening sentences as unrelated evidence. Train claims train; dev claims are held out."""
    corpus: dict[int, list[str]] = {}
    for part in sorted(folder.glob("corpus.part*.jsonl")):
        with part.open(encoding="utf-8") as f:
            for line in f:
                doc = json.loads(line)
                corpus[int(doc["doc_id"])] = doc["abstract"]
    for name, split in (("claims_train.jsonl", TRAIN), ("claims_dev.jsonl", TEST_SCIFACT)):
        with (folder / name).open(encoding="utf-8") as f:
            for line in f:
                yield from _scifact_claim(json.loads(line), corpus, split)


def _scifact_claim(row: dict, corpus: dict[int, list[str]], split: str) -> Iterator[Pair]:
    evidence = row.get("evidence") or {}
    for doc_id, sets in evidence.items():
        abstract = corpus.get(int(doc_id), [])
        for ev in sets:
            label = _SCIFACT_LABELS.get(ev.get("label", ""))
            sentences = [abstract[i] for i in ev.get("sentences", []) if i < len(abstract)]
            if label and sentences:
                yield Pair(_clip(" ".join(sentences)), row["claim"], label, "scifact", split)
    if not evidence:
        for doc_id in row.get("cited_doc_ids", [])[:1]:
            abstract = corpus.get(int(doc_id), [])
            if abstract:
                yield Pair(_clip(" ".join(abstract[:2])), row["claim"], "neutral", "scifact", split)


def read_fnc_bodies(path: Path) -> list[tuple[str, str]]:
    """(body id, text) of the FNC-1 article bodies file."""
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8", newline="") as f:
        return [(row["Body ID"], row["articleBody"]) for row in csv.DictReader(f)]


def factcc_pairs(bodies: list[tuple[str, str]], seed: int, per_article: int = 25) -> Iterator[Pair]:
    """Edited-sentence pairs from news bodies; a tenth of the bodies are held out."""
    for split in (TRAIN, TEST_FACTCC):
        texts = [
            text for body_id, text in bodies
            if (unit_hash(f"fnc-body|{body_id}") < FACTCC_TEST_SHARE) == (split == TEST_FACTCC)
        ]
        for p in pairs_from_articles(texts, seed, per_article):
            yield Pair(_clip(p.premise), p.hypothesis, p.label, f"factcc:{p.edit}", split)


@dataclass
class Mixture:
    pairs: list[Pair]
    files: list[FileEntry]

    def counts(self) -> dict[str, dict[str, int]]:
        table: dict[str, Counter[str]] = {}
        for p in self.pairs:
            table.setdefault(p.split, Counter())[p.label] += 1
        return {k: dict(v) for k, v in sorted(table.items())}


def _track(entry: FileEntry, pairs: Iterable[Pair], sink: list[Pair]) -> None:
    for p in pairs:
        entry.pairs_read += 1
        entry.splits[p.split] = entry.splits.get(p.split, 0) + 1
        sink.append(p)


def build_mixture(data_dir: Path, seed: int = 13, max_train_pairs: int | None = None) -> Mixture:
    """Read ``data_dir/train`` and ``data_dir/eval`` into one split mixture.

    ``max_train_pairs`` subsamples the training split only (seeded), so held-out sets stay
    whole and comparable between a small run and a full one.
    """
    train_dir, eval_dir = data_dir / "train", data_dir / "eval"
    if not train_dir.is_dir():
        raise InputError(f"no training data folder at {train_dir}")
    pairs: list[Pair] = []
    files: list[FileEntry] = []
    for folder in sorted(p for p in train_dir.iterdir() if p.is_dir()):
        if folder.name in EXCLUDED_TRAIN_DIRS:
            continue
        licence = read_licence(folder)
        for path in sorted(folder.glob("*.jsonl")):
            entry = FileEntry(str(path.relative_to(data_dir)), file_sha256(path), 0, licence)
            _track(entry, read_nli_file(path, folder.name, HELD_OUT_DIRS.get(folder.name)), pairs)
            files.append(entry)
    climate = eval_dir / "climate-fever" / "dev.jsonl"
    if climate.exists():
        entry = FileEntry(str(climate.relative_to(data_dir)), file_sha256(climate), 0, "as published by its authors")
        _track(entry, read_climate_fever(climate), pairs)
        files.append(entry)
    scifact = eval_dir / "scifact"
    if (scifact / "claims_train.jsonl").exists():
        entry = FileEntry(str(scifact.relative_to(data_dir)) + "/{claims_train,claims_dev,corpus.part*}.jsonl",
                          _folder_sha256(scifact), 0, "claims CC BY 4.0, abstracts ODC-By")
        _track(entry, read_scifact(scifact), pairs)
        files.append(entry)
    bodies = eval_dir / "fnc1" / "bodies.dev.csv"
    if bodies.exists():
        entry = FileEntry(str(bodies.relative_to(data_dir)), file_sha256(bodies), 0, "FNC-1 release")
        _track(entry, factcc_pairs(read_fnc_bodies(bodies), seed), pairs)
        files.append(entry)
    if max_train_pairs is not None:
        pairs = subsample_train(pairs, max_train_pairs, seed)
    return Mixture(pairs, files)


def _folder_sha256(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.jsonl")):
        h.update(path.name.encode())
        h.update(file_sha256(path).encode())
    return h.hexdigest()


def subsample_train(pairs: list[Pair], limit: int, seed: int) -> list[Pair]:
    train = [p for p in pairs if p.split == TRAIN]
    if len(train) <= limit:
        return pairs
    keep = set(random.Random(seed).sample(range(len(train)), limit))
    kept = [p for i, p in enumerate(train) if i in keep]
    return kept + [p for p in pairs if p.split != TRAIN]


def write_mixture(mixture: Mixture, path: Path) -> None:
    """Pack the pairs as xz JSON lines for carrying to a training machine; repeated premises
    (one news body, many claims) make xz about three times smaller than gzip here."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with lzma.open(path, "wt", encoding="utf-8", preset=9) as f:
        for p in mixture.pairs:
            f.write(json.dumps([p.premise, p.hypothesis, LABELS.index(p.label), p.source, p.split],
                               ensure_ascii=False) + "\n")


def read_mixture(path: Path) -> list[Pair]:
    with lzma.open(path, "rt", encoding="utf-8") as f:
        return [Pair(r[0], r[1], LABELS[r[2]], r[3], r[4]) for r in map(json.loads, f)]


def manifest(mixture: Mixture, seed: int) -> dict:
    """What went into a model: each file with its sha256, pairs read and per-split counts."""
    return {
        "seed": seed,
        "labels": list(LABELS),
        "excluded_dirs": sorted(EXCLUDED_TRAIN_DIRS),
        "held_out_dirs": HELD_OUT_DIRS,
        "split_counts": mixture.counts(),
        "files": [asdict(f) for f in mixture.files],
    }
