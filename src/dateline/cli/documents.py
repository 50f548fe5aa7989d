"""``dateline documents`` and ``dateline rejects``: list what the store holds."""

from __future__ import annotations

import click

import dateline
from dateline.cli.options import (
    config_option,
    output_option,
    settings_from,
    store_option,
    write_rows,
)

_DOC_COLUMNS = ["id", "published", "source", "dateline", "title", "text"]


@click.command("documents")
@store_option
@config_option
@output_option("table", "jsonl", "csv")
@click.option("--source", default=None, help="Only documents from this source.")
@click.option("--since", default=None, metavar="YYYY-MM-DD", help="Published on or after.")
@click.option("--until", default=None, metavar="YYYY-MM-DD", help="Published on or before.")
@click.option("--text", "text", default=None, help="Only documents whose text contains this.")
@click.option("--limit", type=int, default=None, help="At most this many.")
def documents_command(
    store: str | None, config: str | None, output: str, source: str | None,
    since: str | None, until: str | None, text: str | None, limit: int | None,
) -> None:
    """List stored documents.

    \b
    Example:
      dateline documents --store dateline-data --format jsonl --since 2022-06-01
    """
    settings = settings_from(config, store=store)
    with dateline.open_store(settings.store) as reader:
        rows = reader.documents(source=source, since=since, until=until, text=text, limit=limit)
        write_rows(rows, output, _DOC_COLUMNS if output == "table" else None)


@click.command("rejects")
@store_option
@config_option
@output_option("table", "jsonl", "csv")
@click.option("--reason", default=None, help="Only rejects with this reason.")
@click.option("--limit", type=int, default=None, help="At most this many.")
def rejects_command(
    store: str | None, config: str | None, output: str, reason: str | None, limit: int | None
) -> None:
    """List rejected input records with their reasons.

    \b
    Example:
      dateline rejects --store dateline-data --reason language
    """
    settings = settings_from(config, store=store)
    with dateline.open_store(settings.store) as reader:
        write_rows(reader.rejects(reason=reason, limit=limit), output)
