"""Earlier fact-checks: a store of published reviews of claims (ClaimReview, CheckThat!),
claim matching against them (BM25, MiniLM embeddings, a re-ranker) and the mapping of a
fact-checker's rating to a stance.

    store = FactCheckStore.open()              # $NEWSVET_HOME/factchecks.sqlite
    result = store.import_paths(["reviews.jsonl"])  # ClaimReview JSON-LD, JSON lines or HTML
    for problem in result.skipped:             # bad lines and blocks are skipped, not fatal
        print(problem)
    for m in store.match("5G towers spread the coronavirus", k=5):
        print(m.score, m.stance, m.weight, m.fact_check.url)
"""

from newsvet.factchecks._errors import FactCheckImportError, FactCheckStoreError, ImportProblem
from newsvet.factchecks._factchecks import FactCheckStore, ImportResult, default_store_path
from newsvet.factchecks._importers import (
    FORMATS,
    FileRead,
    find_claimreviews,
    read_file,
    read_path,
)
from newsvet.factchecks._index import METHODS
from newsvet.factchecks._model import FactCheck, Match, Rating
from newsvet.factchecks._ratings import RATING_TABLE, rating_to_stance

__all__ = [
    "FORMATS",
    "METHODS",
    "RATING_TABLE",
    "FactCheck",
    "FactCheckImportError",
    "FactCheckStore",
    "FactCheckStoreError",
    "FileRead",
    "ImportProblem",
    "ImportResult",
    "Match",
    "Rating",
    "default_store_path",
    "find_claimreviews",
    "rating_to_stance",
    "read_file",
    "read_path",
]
