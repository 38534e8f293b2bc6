import os
from pathlib import Path

import pytest

from newsvet.errors import InputError
from newsvet.evaluate.checkthat import (
    average_precision,
    evaluate_checkthat,
    read_qrels,
    read_queries,
    score_run,
)

# Three queries, hand-scored:
#   q1: relevant {a}; run a,b,c           -> AP@5 = 1/1 = 1.0;          RR = 1
#   q2: relevant {b, d}; run a,b,c,d      -> AP@5 = (1/2 + 2/4) / 2 = 0.5; AP@3 = (1/2)/2 = 0.25; RR = 1/2
#   q3: relevant {z}; run a,b,c,d,e,z     -> z at rank 6: AP@5 = 0;     RR = 1/6
QRELS = "q1\t0\ta\t1\nq2\t0\tb\t1\nq2\t0\td\t1\nq3\t0\tz\t1\nq3\t0\ty\t0\n"
RUN = {
    "q1": [("a", 0.9), ("b", 0.5), ("c", 0.1)],
    "q2": [("a", 0.9), ("b", 0.8), ("c", 0.7), ("d", 0.6)],
    "q3": [("a", 6.0), ("b", 5.0), ("c", 4.0), ("d", 3.0), ("e", 2.0), ("z", 1.0)],
}


@pytest.fixture
def qrels(tmp_path: Path) -> dict[str, set[str]]:
    path = tmp_path / "qrels.tsv"
    path.write_text(QRELS, encoding="utf-8")
    return read_qrels(path)


def test_map_at_k_matches_the_hand_computed_answer(qrels: dict[str, set[str]]) -> None:
    scores = score_run(RUN, qrels, k=5)
    assert scores["MAP@5"] == pytest.approx((1.0 + 0.5 + 0.0) / 3)
    assert scores["MAP@3"] == pytest.approx((1.0 + 0.25 + 0.0) / 3)
    assert scores["MAP@1"] == pytest.approx(1.0 / 3)
    assert scores["MRR"] == pytest.approx((1.0 + 0.5 + 1 / 6) / 3)
    assert scores["recall@5"] == pytest.approx((1.0 + 1.0 + 0.0) / 3)


def test_ties_are_broken_by_document_id_descending_as_trec_eval_does() -> None:
    # Same score: trec_eval puts "b" before "a" whatever order the run gives.
    assert average_precision([("a", 1.0), ("b", 1.0)], {"a"}, 1) == 0.0
    assert average_precision([("a", 1.0), ("b", 1.0)], {"b"}, 1) == 1.0


def test_queries_only_in_the_run_are_not_counted(qrels: dict[str, set[str]]) -> None:
    with_extra = dict(RUN) | {"q9": [("a", 1.0)]}
    assert score_run(with_extra, qrels)["MAP@5"] == score_run(RUN, qrels)["MAP@5"]


def test_non_relevant_qrels_lines_are_not_relevant(qrels: dict[str, set[str]]) -> None:
    assert qrels["q3"] == {"z"}


def test_a_query_without_relevant_documents_counts_as_zero(qrels: dict[str, set[str]]) -> None:
    # trectools divides by every query in both run and qrels, whatever its judgements.
    judged_only_irrelevant = dict(qrels) | {"q4": set()}
    run = dict(RUN) | {"q4": [("a", 1.0)]}
    assert score_run(run, judged_only_irrelevant)["MAP@5"] == pytest.approx(1.5 / 4)


@pytest.mark.parametrize(
    ("reader", "content", "message"),
    [
        (read_qrels, "q1 0 a\n", "qrels.tsv:1"),
        (read_qrels, "q1 0 a yes\n", "not a number"),
        (read_queries, "q1 no tab here\n", "expected 'id<TAB>text'"),
    ],
)
def test_malformed_eval_files_are_input_errors(
    tmp_path: Path, reader, content: str, message: str
) -> None:
    path = tmp_path / "qrels.tsv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        reader(path)


def test_end_to_end_on_a_tiny_split(tmp_path: Path, fixtures: Path) -> None:
    queries = tmp_path / "queries.tsv"
    queries.write_text(
        "t1\tLOL my grandma says carrots let you see in the dark #NightVision pic.twitter.com/abc\n"
        "t2\tCops caught a robber who posted a selfie with the cash he stole on Facebook\n",
        encoding="utf-8",
    )
    qrels = tmp_path / "qrels.tsv"
    qrels.write_text(
        "t1\t0\tvclaim-sno-carrots-night-vision\t1\nt2\t0\tvclaim-sno-bank-robber-selfie\t1\n"
    )
    result = evaluate_checkthat(queries, qrels, [fixtures / "checkthat-vclaims.jsonl"],
                                progress=False, store_path=tmp_path / "eval.sqlite")  # fmt: skip
    assert result["benchmark"] == "checkthat-2a" and result["metric"] == "MAP@5"
    assert result["score"] == 1.0
    assert result["queries"] == 2 and result["verified_claims"] == 5
    assert set(result["methods"]) == {"lexical", "dense", "fused", "rerank"}
    assert result["published"]["BM25 baseline"] == 0.8179
    assert result["timing"]["total_s"] > 0


DATA = (
    Path(os.environ.get("NEWSVET_SHARED", Path(__file__).resolve().parents[3] / "shared"))
    / "data/eval/checkthat2022-2a"
)


@pytest.mark.slow
@pytest.mark.skipif(not DATA.is_dir(), reason="CheckThat! 2022 2A data not present")
def test_dev_subset_beats_the_bm25_baseline() -> None:
    result = evaluate_checkthat(
        DATA / "CT2022-Task2A-EN-Train-Dev_Queries.tsv",
        DATA / "CT2022-Task2A-EN-Dev_QRELs.tsv",
        sorted(DATA.glob("vclaims.part*.jsonl")),
        limit=50,
        progress=False,
    )
    assert result["queries"] == 50
    assert result["score"] > 0.8179
