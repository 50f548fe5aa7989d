"""``dateline ingest``: read inputs into the store, with progress and a closing summary."""

from __future__ import annotations

import threading

import click
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

import dateline
from dateline.cli.options import config_option, dictionaries_option, settings_from, store_option
from dateline.documents.sources import FORMATS
from dateline.store.writer import Accounting


@click.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@store_option
@config_option
@dictionaries_option
@click.option("--format", "kind", type=click.Choice(("auto", *FORMATS)), default="auto",
              show_default=True, help="Input format; auto picks by suffix, then by content.")
@click.option("--field", "fields", multiple=True, metavar="NAME=COLUMN",
              help="Read a JSON/CSV field under another name, e.g. --field text=body.")
@click.option("--batch-size", type=int, default=None, help="Documents per batch.")
@click.option("--engine", type=click.Choice(("inline", "local", "dask")), default=None,
              help="Where to code: this process (inline), --workers processes (local), or a Dask "
                   "cluster (dask). Default: dask with --scheduler, local with --workers, else inline.")
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Worker processes for --engine local or dask (default: one per core).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="A running Dask cluster's scheduler, e.g. tcp://10.0.0.5:8786 (--engine dask).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def ingest_command(
    paths: tuple[str, ...], store: str | None, config: str | None, dictionaries: tuple[str, ...],
    kind: str, fields: tuple[str, ...], batch_size: int | None, engine: str | None, workers: int | None,
    scheduler: str | None, quiet: bool,
) -> None:
    """Read articles from PATHS (files, directories, globs, .gz, or - for standard input) into
    the store. Every record is stored, skipped as a duplicate, or rejected with a reason.
    A run that was cut short can be run again on the same input: it stores only what is missing.

    \b
    Example:
      dateline ingest ../shared/seed/tass-2022-06-28-dushanbe.txt --store dateline-data
      dateline ingest articles.csv --field text=body --field published=pubdate
      dateline ingest crawl/ --engine local --workers 4
      dateline ingest crawl/ --dictionaries petrarch-actors:Phoenix.Countries.actors.txt
      dateline ingest crawl/ --engine dask --scheduler tcp://10.0.0.5:8786 --store /shared/data
    """
    settings = settings_from(
        config, store=store, batch_size=batch_size,
        fields=",".join(fields) if fields else None, dictionaries=dictionaries,
    )
    engine = engine or ("dask" if scheduler else "local" if workers else "inline")
    console = Console(stderr=True)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        RateColumn(), TimeElapsedColumn(), TextColumn("ETA"), TimeRemainingColumn(),
        console=console, disable=quiet or not console.is_terminal, transient=True,
    ) as bar:
        task = bar.add_task("reading", total=None)
        if not bar.disable:
            count_in_background(bar, task, list(paths), kind, settings)

        def show(counts: Accounting) -> None:
            bar.update(task, completed=counts.read, description=(
                f"stored {counts.stored}  duplicate {counts.duplicate}  "
                f"rejected {sum(counts.rejected.values())}"
            ))

        counts = dateline.ingest(
            list(paths), format=kind, settings=settings, progress=show, engine=engine,
            workers=workers, scheduler=scheduler,
        )
    console.print(summary(counts, settings.store))


class RateColumn(ProgressColumn):
    """Documents per second."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text("" if speed is None else f"{speed:.1f} docs/s", style="progress.data.speed")


def count_in_background(
    bar: Progress, task: TaskID, paths: list[str], kind: str, settings: dateline.Settings
) -> None:
    """Count the input records beside the run, then give the bar its total (and so an ETA)."""
    def count() -> None:
        try:
            total = dateline.count_records(paths, format=kind, settings=settings)
        except dateline.DatelineError:
            return  # the run itself reports it
        if total is not None:
            bar.update(task, total=total)

    threading.Thread(target=count, daemon=True).start()


def summary(counts: Accounting, store: str) -> str:
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(counts.rejected.items()))
    rejected = sum(counts.rejected.values())
    return (
        f"read {counts.read}, stored {counts.stored}, duplicate {counts.duplicate}, "
        f"rejected {rejected}" + (f" ({reasons})" if reasons else "") + f" -> {store}"
    )
