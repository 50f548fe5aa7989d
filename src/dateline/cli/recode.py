"""``dateline recode``: code every stored document again, and switch to the new events at once.

Run it after changing the dictionaries, the rules or the model: the new events are written as a
new generation beside the old, and one rename makes them the ones every reader sees. A recode cut
short leaves the old events in place; run it again.

Example:
  dateline recode --store dateline-data
  dateline recode --store dateline-data --dictionaries petrarch-actors:Phoenix.Countries.actors.txt
"""

from __future__ import annotations

import json

import click
from rich.console import Console

from dateline.cli.options import config_option, dictionaries_option, settings_from, store_option
from dateline.pipeline import Recoded, recode


@click.command("recode")
@store_option
@config_option
@dictionaries_option
@click.option("--format", "output", type=click.Choice(("table", "json")), default="table",
              show_default=True, help="The summary's format (on standard output).")
@click.option("--quiet", "-q", is_flag=True, help="No progress on standard error.")
def recode_command(
    store: str | None, config: str | None, dictionaries: tuple[str, ...], output: str, quiet: bool,
) -> None:
    """Code every stored document again and make the new events current, atomically.

    \b
    Example:
      dateline recode --store dateline-data
      dateline recode --store dateline-data --format json
    """
    settings = settings_from(config, store=store, dictionaries=dictionaries)
    console = Console(stderr=True)

    def show(done: Recoded) -> None:
        if not quiet and console.is_terminal:
            console.print(f"batches {done.batches}  documents {done.documents}  events {done.events}",
                          end="\r")

    done = recode(settings=settings, progress=show)
    if output == "json":
        click.echo(json.dumps(done.as_dict()))
    else:
        click.echo(
            f"recoded {done.documents} documents in {done.batches} batches: {done.events} events"
            + (f", {done.timeouts} timed out" if done.timeouts else "")
            + f" -> {settings.store} (generation {done.generation})"
        )
