import datetime as dt
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsvet.corpus import Corpus
from newsvet.document import Document
from newsvet.read import read_text

FIXTURES = Path(__file__).parent / "fixtures"


def article(
    text: str,
    *,
    title: str | None = None,
    outlet: str | None = None,
    published: dt.date | None = None,
    url: str | None = None,
) -> Document:
    """An article read by newsvet's own JSON reader, as a JSON-lines record would be."""
    record = {"text": text, "title": title, "outlet": outlet, "url": url}
    if published:
        record["published"] = published.isoformat()
    line = json.dumps({k: v for k, v in record.items() if v is not None})
    return read_text(line, format="jsonl", name=title or "record")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Corpus]:
    corpus = Corpus.open(tmp_path / "corpus.sqlite")
    yield corpus
    corpus.close()


def count(corpus: Corpus, sql: str, params: tuple[object, ...] = ()) -> int:
    return int(corpus.db.query(sql, params)[0][0])
