"""``dateline stats``: what the store holds and what became of every input record."""

from __future__ import annotations

import json

import click
from rich.table import Table

import dateline
from dateline.cli.options import config_option, console, output_option, settings_from, store_option


@click.command("stats")
@store_option
@config_option
@output_option("table", "json")
def stats_command(store: str | None, config: str | None, output: str) -> None:
    """Counts over every run into the store, and per run: read, stored, duplicate, rejected
    (by reason), events.

    \b
    Example:
      dateline stats --store dateline-data --format json
    """
    settings = settings_from(config, store=store)
    with dateline.open_store(settings.store) as reader:
        stats = reader.stats()
    if output == "json":
        click.echo(json.dumps(stats))
        return
    table = Table(title=f"store {settings.store}: {stats['documents']} documents")
    for name in ("run", "read", "stored", "duplicate", "rejected", "events"):
        table.add_column(name, justify="left" if name == "run" else "right")
    for run in [*stats["runs"], {"run": "all runs", **stats}]:
        rejected = run["rejected"]
        reasons = ", ".join(f"{k} {v}" for k, v in rejected.items())
        total = sum(rejected.values())
        table.add_row(run["run"], str(run["read"]), str(run["stored"]), str(run["duplicate"]),
                      f"{total}" + (f" ({reasons})" if reasons else ""), str(run["events"]))
    console().print(table)
