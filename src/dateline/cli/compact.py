"""``dateline compact``: merge the store's small per-batch files into a few large ones.

Ingest writes one small file per batch and table; compaction merges them (the events sorted by
date), writes the tables of counts that make aggregate queries fast, and switches readers to the
new files at once. Run it after a large ingest, and from time to time.

Example:
  dateline compact --store dateline-data
"""

from __future__ import annotations

import json

import click

import dateline
from dateline.cli.options import config_option, output_option, settings_from, store_option


@click.command("compact")
@store_option
@config_option
@output_option("table", "json")
@click.option("--full", is_flag=True,
              help="Rewrite every table into one file, the compacted files of earlier runs too.")
@click.option("--grace", "grace", type=click.FloatRange(min=0), default=None, metavar="SECONDS",
              help="Delete the files merged by an earlier compaction once it is this old "
                   "(default: the compact_grace_s setting, 3600).")
def compact_command(store: str | None, config: str | None, output: str, full: bool,
                    grace: float | None) -> None:
    """Merge the store's per-batch files into a few large ones, atomically.

    Readers see the store as it was before or after, never a mix and never a row twice; batches
    committed meanwhile wait for the next compaction. The merged files are deleted by a later
    compaction, once they are --grace seconds old. A store on object storage (a URL) is not
    compacted: compact a copy in a directory (see docs/SCALE.md).

    \b
    Example:
      dateline compact --store dateline-data
      dateline compact --store dateline-data --full --format json
    """
    settings = settings_from(config, store=store, compact_grace_s=grace)
    done = dateline.compact(settings=settings, full=full)
    if output == "json":
        click.echo(json.dumps(done.as_dict()))
        return
    if not done.written_files:
        click.echo(f"nothing to compact in {settings.store}"
                   + (f"; deleted {done.deleted_files} old files" if done.deleted_files else ""))
        return
    rows = ", ".join(f"{table} {count}" for table, count in sorted(done.rows.items()))
    click.echo(f"compacted {done.batches} batches: {done.merged_files} files merged into"
               f" {done.written_files} ({rows}); deleted {done.deleted_files} old files -> {settings.store}")
