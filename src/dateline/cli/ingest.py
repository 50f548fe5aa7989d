"""``dateline ingest``: read inputs into the store, with progress and a closing summary."""

from __future__ import annotations

import click
from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

import dateline
from dateline.cli.options import config_option, settings_from, store_option
from dateline.documents.sources import FORMATS
from dateline.store.writer import Accounting


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@store_option
@config_option
@click.option("--format", "kind", type=click.Choice(("auto", *FORMATS)), default="auto",
              show_default=True, help="Input format; auto picks by suffix, then by content.")
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="Read a JSON/CSV field under another name, e.g. --field text=body.")
@click.option("--batch-size", type=int, default=None, help="Documents per batch.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest_command(
    paths: tuple[str, ...], store: str | None, config: str | None, kind: str,
    fields: tuple[str, ...], batch_size: int | None, quiet: bool,
) -> None:
    """Read articles from PATHS (files, directories, globs, .gz, or - for standard input) into
    the store. Every record is stored, skipped as a duplicate, or rejected with a reason.

    \b
    Example:
      dateline ingest ../shared/seed/tass-2022-06-28-dushanbe.txt --store dateline-data
      dateline ingest articles.csv --field text=body --field published=pubdate
    """
    settings = settings_from(
        config, store=store, batch_size=batch_size,
        fields=",".join(fields) if fields else None,
    )
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
        console=console, disable=quiet or not console.is_terminal, transient=True,
    ) as bar:
        task = bar.add_task("reading", total=None)

        def show(counts: Accounting) -> None:
            bar.update(task, description=(
                f"read {counts.read}  stored {counts.stored}  duplicate {counts.duplicate}  "
                f"rejected {sum(counts.rejected.values())}"
            ))

        counts = dateline.ingest(list(paths), format=kind, settings=settings, progress=show)
    console.print(summary(counts, settings.store))


def summary(counts: Accounting, store: str) -> str:
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(counts.rejected.items()))
    rejected = sum(counts.rejected.values())
    return (
        f"read {counts.read}, stored {counts.stored}, duplicate {counts.duplicate}, "
        f"rejected {rejected}" + (f" ({reasons})" if reasons else "") + f" -> {store}"
    )
