"""The cue lexicon and the check-worthiness scorer, without a parse."""

from __future__ import annotations

import ast
import re
from dataclasses import replace
from pathlib import Path

import pytest

from newsvet.claims import (
    DEFAULT_SCORER,
    CheckworthinessFeatures,
    LexiconError,
    get_scorer,
    load_lexicon,
    parse_lexicon,
)
from newsvet.errors import PipelineError

BACKGROUND = CheckworthinessFeatures(
    n_entities=0, n_linked=0, n_proper_nouns=0, has_number=False, has_date=False,
    has_factual_verb=False, has_event_noun=False, n_content_words=3, n_subjective=1,
    n_opinion=0, is_question=False,
)  # fmt: skip


def test_shipped_lexicon_loads_with_every_section() -> None:
    lex = load_lexicon()
    assert list(lex.source_phrases[0]) == ["according", "to"]
    assert "reportedly" in lex.reported_words
    assert 0 < lex.threshold < 1


def test_lexicon_missing_a_list_names_it() -> None:
    with pytest.raises(LexiconError, match="attribution"):
        parse_lexicon({"certainty": {}}, "broken.yaml")


def test_unknown_scorer_is_a_pipeline_error() -> None:
    with pytest.raises(PipelineError, match=r"no\.such\.v1"):
        get_scorer("no.such.v1")


@pytest.mark.parametrize(
    "change",
    [
        {"n_entities": 2, "n_linked": 2},
        {"has_number": True, "has_factual_verb": True},
        {"has_date": True, "has_event_noun": True, "n_entities": 1},
    ],
)
def test_rules_v1_rank_facts_above_background(change: dict[str, object]) -> None:
    score = get_scorer(DEFAULT_SCORER)
    threshold = load_lexicon().threshold
    assert score(BACKGROUND) < threshold
    assert score(replace(BACKGROUND, n_subjective=0, **change)) >= threshold  # type: ignore[arg-type]


def test_rules_v1_stays_in_unit_interval() -> None:
    score = get_scorer(DEFAULT_SCORER)
    rich = replace(BACKGROUND, n_entities=9, n_linked=9, has_number=True, has_date=True,
                   has_factual_verb=True, has_event_noun=True, n_subjective=0, n_content_words=20)  # fmt: skip
    assert score(rich) == 1.0
    assert score(replace(BACKGROUND, n_subjective=5, n_opinion=5, n_content_words=0)) == 0.0


SEED = Path(__file__).resolve().parents[3] / "shared" / "examples" / "seed-article.txt"
CLAIMS_PACKAGE = Path(__file__).resolve().parents[2] / "newsvet" / "claims"


def _shingles(text: str, n: int = 4) -> set[str]:
    words = re.findall(r"[a-z]+", text.lower().replace("’", "'"))
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def _commentary(path: Path) -> str:
    """Comments and docstrings: what explains the rules, not the rules' own word lists."""
    text = path.read_text("utf-8")
    comments = [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]
    if path.suffix == ".py":
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.Module | ast.FunctionDef | ast.ClassDef):
                comments.append(ast.get_docstring(node) or "")
    return "\n".join(comments)


@pytest.mark.skipif(not SEED.exists(), reason="shared reference article not present")
@pytest.mark.parametrize("name", ["cues.yaml", "clauses.py", "cues.py", "frames.py", "stage.py"])
def test_comments_do_not_quote_the_reference_article(name: str) -> None:
    quoted = _shingles(_commentary(CLAIMS_PACKAGE / name)) & _shingles(SEED.read_text("utf-8"))
    assert not quoted, sorted(quoted)
