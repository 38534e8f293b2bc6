"""The textual verifier: does a passage support, refute, or say nothing about a claim?

A MiniLM-L6 cross-encoder fine-tuned by ``newsvet.train.verifier`` on public NLI, stance and
fact-verification data, shipped as int8 ONNX with its tokenizer. Needs onnxruntime and
tokenizers only.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from newsvet.errors import NewsvetError
from newsvet.nli.calibration import softmax

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).parent / "model"
# Training labels and the stance each one stands for.
STANCE_OF_LABEL = {"entailment": "supports", "neutral": "unrelated", "contradiction": "refutes"}


class VerifierModelError(NewsvetError):
    """The verifier's model files are missing or unreadable."""


def new_session(path: Path, threads: int = 1) -> Any:
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
    return ort.InferenceSession(str(path), sess_options=options, providers=["CPUExecutionProvider"])


def run_one(session: Any, encoding: Any) -> np.ndarray:
    """Logits for one encoded pair, unpadded."""
    feeds = {
        "input_ids": np.array([encoding.ids], dtype=np.int64),
        "attention_mask": np.array([encoding.attention_mask], dtype=np.int64),
        "token_type_ids": np.array([encoding.type_ids], dtype=np.int64),
    }
    return np.asarray(session.run(["logits"], feeds)[0][0], dtype=np.float64)


@dataclass
class TextualVerifier:
    """Stance of evidence towards a claim, as calibrated probabilities."""

    session: Any
    tokenizer: Any
    temperature: float
    labels: tuple[str, ...]
    info: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def load(cls, model_dir: Path | None = None, threads: int = 1) -> TextualVerifier:
        """Load the shipped model (or the one in ``model_dir``) once; reuse the object."""
        from tokenizers import Tokenizer

        from newsvet.embed import TOKENIZER_PATH as MINILM_TOKENIZER

        folder = model_dir or MODEL_DIR
        meta_path = folder / "verifier.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            # A model trained from MiniLM shares its word pieces; the shipped model uses the
            # one copy of that tokenizer in newsvet.embed, another model may bring its own.
            own = folder / "tokenizer.json"
            tokenizer = Tokenizer.from_file(str(own if own.exists() else MINILM_TOKENIZER))
            session = new_session(folder / meta["onnx"], threads)
        except (OSError, ValueError, KeyError) as err:
            raise VerifierModelError(f"cannot load the textual verifier from {folder}: {err}") from err
        tokenizer.no_padding()
        tokenizer.enable_truncation(max_length=int(meta["max_length"]), strategy="longest_first")
        info = {k: meta[k] for k in ("model", "base", "temperature", "max_length") if k in meta}
        info["trained_on"] = meta.get("trained_on", [])
        info["metrics"] = meta.get("metrics", {})
        return cls(session, tokenizer, float(meta["temperature"]), tuple(meta["labels"]), info)

    def predict(self, pairs: Sequence[tuple[str, str]]) -> list[dict[str, float]]:
        """For each ``(evidence_text, claim_text)``: {"supports", "refutes", "unrelated"} -> p.

        Pairs run one at a time: dynamic int8 quantisation picks its activation ranges per
        call, so in a padded batch one pair's result would depend on its batch-mates.
        """
        out = []
        for evidence, claim in pairs:
            logits = run_one(self.session, self.tokenizer.encode(evidence, claim))
            probs = softmax(logits, self.temperature)
            out.append({STANCE_OF_LABEL[label]: float(p) for label, p in zip(self.labels, probs, strict=True)})
        return out
