"""``dateline events``: list the events in the store."""

from __future__ import annotations

import click

import dateline
from dateline.cli.extract import EVENT_COLUMNS, event_row
from dateline.cli.options import config_option, output_option, settings_from, store_option, write_rows


@click.command("events")
@store_option
@config_option
@output_option("table", "jsonl", "csv")
@click.option("--actor", default=None, help="Source or target code starting with this (RUS, RUSGOV).")
@click.option("--cameo", default=None, help="CAMEO code or root (04, 042).")
@click.option("--since", default=None, metavar="DATE", help="Event date on or after.")
@click.option("--until", default=None, metavar="DATE", help="Event date on or before.")
@click.option("--modality", type=click.Choice(["asserted", "planned", "negated", "hypothetical"]))
@click.option("--limit", type=int, default=None, help="At most this many.")
def events_command(
    store: str | None, config: str | None, output: str, actor: str | None, cameo: str | None,
    since: str | None, until: str | None, modality: str | None, limit: int | None,
) -> None:
    """List the coded events in the store.

    \b
    Example:
      dateline events --store dateline-data --actor RUS --cameo 04 --since 2022-01-01
    """
    settings = settings_from(config, store=store)
    with dateline.open_store(settings.store) as reader:
        rows = reader.events(actor=actor, cameo=cameo, since=since, until=until,
                             modality=modality, limit=limit)
        if output == "table":
            write_rows((event_row(r) for r in rows), output, EVENT_COLUMNS)
        else:
            write_rows(rows, output)
