"""Named, versioned stages.

A stage is a callable ``stage(doc) -> doc`` registered under a versioned name
(``"newsvet.link.v1"``) with the document fields it needs and the fields it adds.
An old version stays registered until nobody uses it, so results stay reproducible.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from newsvet.document import Document
from newsvet.errors import PipelineError

if TYPE_CHECKING:
    from newsvet.pipeline.resources import Resources

StageFn = Callable[[Document], Document]
# A factory receives the shared resources (knowledge base, models) and returns the stage function,
# so models load once per process, when the pipeline is built, never per article.
StageFactory = Callable[["Resources"], StageFn]


@dataclass(frozen=True)
class Stage:
    name: str  # "newsvet.segment.v1"
    step: str  # the pipeline step it fills: read, segment, mentions, link, claims, verify, assess
    requires: tuple[str, ...]  # Document fields that must be filled before it runs
    assigns: tuple[str, ...]  # Document fields it fills
    factory: StageFactory


_STAGES: dict[str, Stage] = {}


def register_stage(
    name: str, *, step: str, requires: tuple[str, ...] = (), assigns: tuple[str, ...] = ()
) -> Callable[[StageFactory], StageFactory]:
    def decorate(factory: StageFactory) -> StageFactory:
        if name in _STAGES:
            raise PipelineError(f"stage {name!r} is registered twice")
        _STAGES[name] = Stage(name, step, tuple(requires), tuple(assigns), factory)
        return factory

    return decorate


def get_stage(name: str) -> Stage:
    try:
        return _STAGES[name]
    except KeyError:
        known = ", ".join(sorted(_STAGES)) or "none"
        raise PipelineError(f"unknown stage {name!r} (registered: {known})") from None


def registered_stages() -> dict[str, Stage]:
    return dict(_STAGES)


def build_stage(stage: Stage, resources: Resources) -> StageFn:
    return stage.factory(resources)
