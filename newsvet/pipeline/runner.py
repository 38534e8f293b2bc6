"""The runner: builds a pipeline from stage names, refuses one whose stages' needs are
not met by earlier stages, and passes one document through it."""

from __future__ import annotations

from collections.abc import Sequence

from newsvet.document import Document
from newsvet.errors import PipelineError
from newsvet.pipeline.registry import Stage, StageFn, build_stage, get_stage
from newsvet.pipeline.resources import Resources

# What the read step fills before any stage runs.
READ_ASSIGNS = ("text", "meta", "headline", "body")


class Pipeline:
    def __init__(self, stage_names: Sequence[str], resources: Resources) -> None:
        self.stages: list[Stage] = [get_stage(name) for name in stage_names]
        self._validate()
        self._steps: list[tuple[Stage, StageFn]] = [
            (stage, build_stage(stage, resources)) for stage in self.stages
        ]

    def _validate(self) -> None:
        available = set(READ_ASSIGNS)
        for stage in self.stages:
            missing = [need for need in stage.requires if need not in available]
            if missing:
                raise PipelineError(
                    f"stage {stage.name!r} needs {', '.join(missing)}, which no earlier stage adds"
                )
            available.update(stage.assigns)

    @property
    def names(self) -> list[str]:
        return [stage.name for stage in self.stages]

    def __call__(self, doc: Document) -> Document:
        for stage, step in self._steps:
            result = step(doc)
            if not isinstance(result, Document):
                raise PipelineError(
                    f"stage {stage.name!r} returned {type(result).__name__}, not a Document"
                )
            doc = result
        return doc
