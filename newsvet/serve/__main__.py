"""``python -m newsvet.serve``: the same as ``newsvet serve``."""

from newsvet.cli.serve import serve

serve(prog_name="python -m newsvet.serve")
