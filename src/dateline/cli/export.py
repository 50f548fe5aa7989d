"""``dateline export``: write the store's events to a file in a format other tools read."""

from __future__ import annotations

import click

import dateline
from dateline.cli.options import config_option, settings_from, store_option
from dateline.exports import FORMATS


@click.command("export")
@store_option
@config_option
@click.option("--to", "to", type=click.Choice(list(FORMATS)), required=True,
              help="The format: GDELT 2.0 events TSV, Phoenix TSV, PLOVER JSON lines, CSV, Parquet.")
@click.option("--out", "out", required=True, metavar="PATH",
              type=click.Path(dir_okay=False, writable=True),
              help="The file to write (replaced when complete; a .gz name is gzipped for text formats).")
@click.option("--actor", default=None, help="Source or target code starting with this (RUS, RUSGOV).")
@click.option("--cameo", default=None, help="CAMEO code or root (04, 042).")
@click.option("--since", default=None, metavar="DATE", help="Event date on or after.")
@click.option("--until", default=None, metavar="DATE", help="Event date on or before.")
@click.option("--modality", type=click.Choice(["asserted", "planned", "negated", "hypothetical"]))
@click.option("--limit", type=int, default=None, help="At most this many.")
def export_command(
    store: str | None, config: str | None, to: str, out: str, actor: str | None,
    cameo: str | None, since: str | None, until: str | None, modality: str | None,
    limit: int | None,
) -> None:
    """Write the store's events to PATH as GDELT 2.0 event records (61 tab-separated columns,
    no header), a Phoenix TSV, PLOVER JSON lines, a flat CSV or Parquet; the filters are
    those of 'dateline events'. The formats are described in docs/EXPORTS.md.

    \b
    Example:
      dateline export --store dateline-data --to gdelt --out events.gdelt.tsv
      dateline export --to parquet --out rus-2022.parquet --actor RUS --since 2022-01-01
    """
    settings = settings_from(config, store=store)
    with dateline.open_store(settings.store) as reader:
        try:
            count = dateline.export(reader, to, out, actor=actor, cameo=cameo, since=since,
                                    until=until, modality=modality, limit=limit)
        except OSError as error:
            raise click.ClickException(f"cannot write {out}: {error.strerror or error}") from error
    click.echo(f"wrote {count} events ({to}) -> {out}", err=True)
