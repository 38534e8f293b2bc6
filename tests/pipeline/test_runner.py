from collections.abc import Callable

import pytest

from newsvet.document import Document
from newsvet.errors import PipelineError
from newsvet.pipeline import Pipeline, register_stage
from newsvet.pipeline.resources import Resources


def _identity(resources: Resources) -> Callable[[Document], Document]:
    return lambda doc: doc


register_stage(
    "test.adds-sentences.v1", step="segment", requires=("text",), assigns=("sentences",)
)(_identity)
register_stage(
    "test.needs-sentences.v1", step="claims", requires=("sentences",), assigns=("claims",)
)(_identity)


@register_stage("test.returns-nothing.v1", step="claims", requires=("text",))
def _broken(resources: Resources) -> Callable[[Document], Document]:
    return lambda doc: None  # type: ignore[return-value,arg-type]


def test_pipeline_refuses_a_stage_whose_needs_no_earlier_stage_adds() -> None:
    with pytest.raises(PipelineError, match="needs sentences"):
        Pipeline(["test.needs-sentences.v1"], Resources())


def test_pipeline_accepts_stages_in_an_order_that_meets_their_needs() -> None:
    pipeline = Pipeline(["test.adds-sentences.v1", "test.needs-sentences.v1"], Resources())
    assert pipeline.names == ["test.adds-sentences.v1", "test.needs-sentences.v1"]
    doc = Document(text="x")
    assert pipeline(doc) is doc


def test_pipeline_refuses_a_stage_that_returns_no_document() -> None:
    pipeline = Pipeline(["test.returns-nothing.v1"], Resources())
    with pytest.raises(PipelineError, match="returned NoneType"):
        pipeline(Document(text="x"))


def test_unknown_stage_names_the_registered_ones() -> None:
    with pytest.raises(
        PipelineError, match=r"unknown stage 'newsvet\.nothing\.v9'.*test\.adds-sentences\.v1"
    ):
        Pipeline(["newsvet.nothing.v9"], Resources())


def test_a_stage_name_cannot_be_registered_twice() -> None:
    with pytest.raises(PipelineError, match="registered twice"):
        register_stage("test.adds-sentences.v1", step="segment")(_identity)
