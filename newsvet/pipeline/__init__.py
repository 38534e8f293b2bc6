"""Stages, their registry and the runner that validates and runs them."""

from newsvet.pipeline.registry import Stage, get_stage, register_stage, registered_stages
from newsvet.pipeline.runner import Pipeline

__all__ = ["Pipeline", "Stage", "get_stage", "register_stage", "registered_stages"]
