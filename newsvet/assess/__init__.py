"""Article-level assessment: signals about the whole article and textual anomalies.

Importing this package registers the ``newsvet.assess.v1`` stage.
"""

from newsvet.assess.anomalies import find_anomalies
from newsvet.assess.signals import Rating, compute_signals, rate
from newsvet.assess.stage import assess, is_headline_claim, make_assess, text_regions

__all__ = [
    "Rating",
    "assess",
    "compute_signals",
    "find_anomalies",
    "is_headline_claim",
    "make_assess",
    "rate",
    "text_regions",
]
