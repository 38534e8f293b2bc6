"""Verify: evidence for each claim, its stance, and the claim's verdict."""

from newsvet.verify.aggregate import decide
from newsvet.verify.stage import make_verifier
from newsvet.verify.structured import StructuredVerifier

__all__ = ["StructuredVerifier", "decide", "make_verifier"]
