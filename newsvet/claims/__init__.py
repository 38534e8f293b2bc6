"""The claims stage: atomic, check-worthy claims with frame, type, attribution and certainty.

Register with ``newsvet.claims.v1``; the cue words live in ``cues.yaml`` beside this file,
the check-worthiness scorer is chosen by name (``newsvet.checkworthy.rules.v1``).
"""

from newsvet.claims.checkworthy import (
    DEFAULT_SCORER,
    CheckworthinessFeatures,
    get_scorer,
    register_scorer,
    score_rules_v1,
)
from newsvet.claims.lexicon import Lexicon, LexiconError, load_lexicon, parse_lexicon
from newsvet.claims.stage import STAGE_NAME, extract_claims, make_claims_stage

__all__ = [
    "DEFAULT_SCORER",
    "STAGE_NAME",
    "CheckworthinessFeatures",
    "Lexicon",
    "LexiconError",
    "extract_claims",
    "get_scorer",
    "load_lexicon",
    "make_claims_stage",
    "parse_lexicon",
    "register_scorer",
    "score_rules_v1",
]
