from pathlib import Path

import pytest

import newsvet

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEED = ROOT.parent / "shared" / "examples" / "seed-article.txt"


@pytest.fixture(scope="session")
def checker() -> newsvet.Checker:
    """The real pipeline over the default knowledge base, loaded once for the session."""
    return newsvet.Checker()
