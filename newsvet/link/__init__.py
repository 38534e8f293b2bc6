"""Link: mentions to knowledge-base entities, acronyms and short references included."""

from newsvet.link.stage import Linker, make_linker

__all__ = ["Linker", "make_linker"]
