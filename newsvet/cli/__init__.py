"""The ``newsvet`` command line.

Exit codes scripts can rely on: 0 the work was done; 1 an internal failure; 2 the user's
input or options were wrong; 3 the knowledge base is missing or broken.
Each command group lives in its own module and is added to ``main`` below.
"""

from __future__ import annotations

import logging

import click

from newsvet.cli.check import check
from newsvet.cli.corpus import corpus
from newsvet.cli.eval import eval_group
from newsvet.cli.factchecks import factchecks
from newsvet.cli.kb import kb
from newsvet.cli.serve import serve, token
from newsvet.cli.train import train


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="newsvet")
@click.option("-v", "--verbose", count=True, help="More log output on stderr (-v info, -vv debug).")
def main(verbose: int) -> None:
    """newsvet vets news articles.

    It finds the factual claims in an article, who asserts each one and how firmly,
    links the people, groups, places and operations to a knowledge base of sourced facts,
    and reports a verdict for every claim with its evidence and reason.

    \b
    Start with:
      newsvet check article.txt           vet one article (text, HTML or JSON lines)
      newsvet check - --format json       read stdin, write the JSON report
      newsvet kb search "Al-Shabaab"      look up an entity in the knowledge base
    """
    level = logging.WARNING - 10 * min(verbose, 2)
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")


main.add_command(check)
main.add_command(kb)
main.add_command(eval_group)
main.add_command(factchecks)
main.add_command(corpus)
main.add_command(serve)
main.add_command(token)
main.add_command(train)

__all__ = ["main"]
