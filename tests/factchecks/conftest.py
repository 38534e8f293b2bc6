from pathlib import Path

import pytest

from newsvet.factchecks import FactCheckStore

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def store(tmp_path: Path):
    with FactCheckStore.open(tmp_path / "factchecks.sqlite") as opened:
        yield opened
