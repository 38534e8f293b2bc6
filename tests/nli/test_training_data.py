"""The verifier's training data: FactCC-style edits, the split mixture and its manifest."""

from __future__ import annotations

import ast
import hashlib
import json
import random
from pathlib import Path

import numpy as np
import pytest

from newsvet.nli import calibration as cal
from newsvet.train import data as mix
from newsvet.train import edits, verifier

ARTICLE = (
    "Police in Karachi arrested 12 suspects on Tuesday. The suspects were detained after a raid "
    "in the Lyari district, officials said. On Monday, Ahmed Khan met Sara Malik in Islamabad to "
    "discuss the case. The court has scheduled a hearing for March 2025."
)
OTHER = "The central bank raised interest rates by 50 basis points in June. Analysts had expected a smaller rise."


@pytest.mark.parametrize(
    ("edit", "sentence", "expected"),
    [
        (edits.negate, "The group was banned in 2002.", "The group was not banned in 2002."),
        (edits.negate, "The group was not banned in 2002.", "The group was banned in 2002."),
        (edits.negate, "The minister didn't resign.", "The minister did resign."),
        (edits.move_adverbial, "On Tuesday, police arrested five men.", "Police arrested five men on Tuesday."),
        (edits.swap_names, "Police said Ahmed Khan attacked Sara Malik.", "Police said Sara Malik attacked Ahmed Khan."),
    ],
)
def test_deterministic_edits_rewrite_the_sentence(edit, sentence, expected):
    assert edit(sentence, random.Random(0)) == expected


@pytest.mark.parametrize("seed", range(5))
def test_number_edit_changes_exactly_one_number(seed):
    sentence = "Gunmen killed 25 people and wounded 40 in 2019."
    edited = edits.change_number(sentence, random.Random(seed))
    assert edited is not None and edited != sentence
    before, after = sentence.split(), edited.split()
    assert sum(a != b for a, b in zip(before, after, strict=True)) == 1


@pytest.mark.parametrize("seed", range(5))
def test_date_edit_swaps_month_for_another_month(seed):
    edited = edits.change_date("The ban took effect in March.", random.Random(seed))
    assert edited is not None
    month = edited.split()[-1].rstrip(".")
    assert month != "March" and month in edits._MONTHS


@pytest.mark.parametrize(
    "sentence",
    ["Police made arrests.", "Nothing happened here."],
)
def test_edits_decline_sentences_without_a_target(sentence):
    rng = random.Random(0)
    assert edits.change_number(sentence, rng) is None
    assert edits.change_date(sentence, rng) is None
    assert edits.swap_names(sentence, rng) is None


def test_attribution_keeps_names_capitalised_and_lowercases_function_words():
    rng = random.Random(0)
    assert edits.add_attribution("Lashkar-e-Taiba denied the attack.", rng).endswith("Lashkar-e-Taiba denied the attack.")
    assert edits.add_attribution("The army denied the attack.", rng).endswith("the army denied the attack.")


def test_pairs_from_articles_label_edits_by_meaning():
    pairs = edits.pairs_from_articles([ARTICLE, OTHER] * 3, seed=1, per_article=4)
    assert pairs
    for p in pairs:
        if p.edit in edits.CHANGING_EDITS or p.edit == "name_replace":
            assert p.label == edits.CONTRADICTION and p.hypothesis not in p.premise
        elif p.edit in edits.KEEPING_EDITS or p.edit == "copy":
            assert p.label == edits.ENTAILMENT
        else:
            assert p.edit == "other_article" and p.label == edits.NEUTRAL
    assert {p.label for p in pairs} == {edits.CONTRADICTION, edits.ENTAILMENT, edits.NEUTRAL}


def _write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    nli = [{"premise": f"Premise number {i}.", "hypothesis": f"Claim {i}.", "label": lab}
           for i, lab in enumerate(["entailment", "neutral", "contradiction", "other"] * 50)]
    _write_jsonl(tmp_path / "train/snli/validation.jsonl", nli)
    (tmp_path / "train/snli/SOURCE.txt").write_text("LICENCE (as stated): CC BY-SA 4.0\n")
    _write_jsonl(tmp_path / "train/rte123/rte1_dev.jsonl", nli[:10])
    _write_jsonl(tmp_path / "train/fever_challenge/fever_symmetric_test.jsonl", nli[:12])
    claims = [{"claim_id": str(i), "claim": f"Claim {i}", "evidences": [
        {"evidence": f"Evidence {i}.{k}", "evidence_label": lab}
        for k, lab in enumerate(["SUPPORTS", "REFUTES", "NOT_ENOUGH_INFO", "DISPUTED"])]} for i in range(40)]
    _write_jsonl(tmp_path / "eval/climate-fever/dev.jsonl", claims)
    return tmp_path


def test_mixture_splits_hold_out_sets_and_skip_overlaps(data_dir: Path):
    mixture = mix.build_mixture(data_dir)
    sources = {p.source for p in mixture.pairs}
    assert "rte123" not in sources
    assert all(p.split == mix.TEST_FEVER for p in mixture.pairs if p.source == "fever_challenge")
    assert {p.label for p in mixture.pairs} <= set(mix.LABELS)
    # 150 labelled snli lines, 12 fever (9 labelled), 40 claims x 3 usable evidence labels
    assert len(mixture.pairs) == 150 + 9 + 120


def test_climate_fever_claims_never_straddle_train_and_held_out(data_dir: Path):
    mixture = mix.build_mixture(data_dir)
    split_of: dict[str, set[str]] = {}
    for p in mixture.pairs:
        if p.source == "climate-fever":
            split_of.setdefault(p.hypothesis, set()).add(p.split)
    assert all(len(s) == 1 for s in split_of.values())
    assert {next(iter(s)) for s in split_of.values()} == {mix.TRAIN, mix.TEST_CLIMATE}


def test_manifest_lists_each_file_with_sha256_and_counts(data_dir: Path):
    mixture = mix.build_mixture(data_dir)
    manifest = mix.manifest(mixture, seed=13)
    by_path = {f["path"]: f for f in manifest["files"]}
    snli = by_path["train/snli/validation.jsonl"]
    assert snli["sha256"] == hashlib.sha256((data_dir / snli["path"]).read_bytes()).hexdigest()
    assert snli["pairs_read"] == 150 and sum(snli["splits"].values()) == 150
    assert snli["licence"] == "CC BY-SA 4.0"


def test_subsample_keeps_held_out_splits_whole(data_dir: Path):
    full = mix.build_mixture(data_dir)
    small = mix.build_mixture(data_dir, max_train_pairs=10)
    assert sum(p.split == mix.TRAIN for p in small.pairs) == 10
    held = [p for p in full.pairs if p.split != mix.TRAIN]
    assert [p for p in small.pairs if p.split != mix.TRAIN] == held


def test_packed_mixture_round_trips(data_dir: Path, tmp_path: Path):
    mixture = mix.build_mixture(data_dir)
    path = tmp_path / "m.jsonl.xz"
    mix.write_mixture(mixture, path)
    assert mix.read_mixture(path) == mixture.pairs


def test_temperature_fit_undoes_overconfident_logits():
    rng = np.random.default_rng(0)
    labels = rng.integers(0, 3, 4000)
    logits = rng.normal(size=(4000, 3))
    logits[np.arange(4000), labels] += 1.0
    sharp = logits * 4.0
    t = cal.fit_temperature(sharp, labels)
    assert 3.0 < t < 5.0
    assert cal.expected_calibration_error(cal.softmax(sharp, t), labels) < cal.expected_calibration_error(
        cal.softmax(sharp), labels
    )


@pytest.mark.parametrize(
    "module",
    ["newsvet/train/data.py", "newsvet/train/edits.py", "newsvet/train/verifier.py",
     "newsvet/nli/verifier.py", "newsvet/nli/calibration.py"],
)
def test_data_inference_and_cli_modules_import_torch_only_lazily(module):
    root = Path(__file__).resolve().parents[2]
    tree = ast.parse((root / module).read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
    names = {a.name for n in top_level if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module or "" for n in top_level if isinstance(n, ast.ImportFrom)}
    assert not {n for n in names if n.split(".")[0] in {"torch", "safetensors", "transformers"}}
    assert "newsvet.train.model" not in names


def test_training_cli_parses_its_options():
    args = verifier.parse_args(["--max-pairs", "5", "--epochs", "2", "--device", "cpu", "--time-budget", "60"])
    assert (args.max_pairs, args.epochs, args.device, args.time_budget) == (5, 2.0, "cpu", 60.0)
