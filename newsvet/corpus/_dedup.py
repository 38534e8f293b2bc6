"""Near-duplicate articles: MinHash over word 5-shingles, with LSH to find candidates.

Wire copies of a story (the same agency text under several mastheads, with a changed
headline or a line added) are not independent sources. An article whose body's estimated
Jaccard similarity to an earlier one is at least ``THRESHOLD`` joins that article's story.
"""

from __future__ import annotations

import inspect
import re
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 5
_WORD = re.compile(r"\w+", re.UNICODE)
# datasketch 2 has several hashing schemes and wants the one stored signatures came from;
# pinning it keeps signatures in the file comparable across datasketch versions.
_SCHEME: dict[str, Any] = (
    {"scheme": "affine32"} if "scheme" in inspect.signature(MinHash).parameters else {}
)


def signature(text: str) -> MinHash:
    """MinHash of the text's word 5-shingles (casefolded words; punctuation ignored)."""
    words = [w.casefold() for w in _WORD.findall(text)]
    if len(words) < SHINGLE:
        shingles = [" ".join(words).encode()]
    else:
        shingles = [
            " ".join(words[i : i + SHINGLE]).encode() for i in range(len(words) - SHINGLE + 1)
        ]
    minhash = MinHash(num_perm=NUM_PERM, **_SCHEME)
    minhash.update_batch(shingles)
    return minhash


def to_blob(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def from_blob(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, hashvalues=np.frombuffer(blob, dtype=np.uint64), **_SCHEME)


class StoryIndex:
    """The stories of the articles seen so far, searchable by MinHash."""

    def __init__(self) -> None:
        self._lsh = MinHashLSH(threshold=THRESHOLD, num_perm=NUM_PERM)
        self._entries: dict[int, tuple[str, MinHash]] = {}

    def __len__(self) -> int:
        return len(self._entries)

    def add(self, key: int, story_id: str, minhash: MinHash) -> None:
        if key in self._entries:
            return
        self._lsh.insert(key, minhash)
        self._entries[key] = (story_id, minhash)

    def story_of(self, minhash: MinHash) -> str | None:
        """The story of the most similar earlier article, if one is similar enough.

        LSH candidates are checked against the threshold, since banding lets some pairs
        below it through."""
        best: tuple[float, str] | None = None
        for key in self._lsh.query(minhash):
            story_id, other = self._entries[key]
            similarity = minhash.jaccard(other)
            if similarity >= THRESHOLD and (best is None or similarity > best[0]):
                best = (similarity, story_id)
        return best[1] if best else None
