"""``dateline extract``: code articles and write their events to standard output; no store."""

from __future__ import annotations

import click

import dateline
from dateline.cli.options import (
    config_option,
    dictionaries_option,
    output_option,
    settings_from,
    write_rows,
)
from dateline.documents.sources import FORMATS

EVENT_COLUMNS = ["date", "source", "cameo", "target", "modality", "location", "evidence"]


def event_row(event: dict[str, object]) -> dict[str, object]:
    """An event flattened for a table: codes and a short piece of evidence."""
    def code(actor: object) -> object:
        return actor.get("code") if isinstance(actor, dict) else None

    location = event.get("location")
    evidence = event.get("evidence")
    return {
        "date": event.get("date"), "source": code(event.get("source")), "cameo": event.get("cameo"),
        "target": code(event.get("target")), "modality": event.get("modality"),
        "location": (location.get("name") or location.get("country")) if isinstance(location, dict) else None,
        "evidence": evidence.get("trigger") if isinstance(evidence, dict) else None,
    }


@click.command("extract")
@click.argument("paths", nargs=-1, required=True)
@config_option
@dictionaries_option
@output_option("jsonl", "csv", "table", default="jsonl")
@click.option("--format-in", "kind", type=click.Choice(("auto", *FORMATS)), default="auto",
              show_default=True, help="Input format; auto picks by suffix, then by content.")
def extract_command(
    paths: tuple[str, ...], config: str | None, dictionaries: tuple[str, ...], output: str, kind: str,
) -> None:
    """Code the articles in PATHS and print their events (one JSON object per line by default).
    Nothing is stored.

    \b
    Example:
      dateline extract ../shared/seed/tass-2022-06-28-dushanbe.txt --format table
      dateline extract story.txt --dictionaries petrarch-actors:Phoenix.Countries.actors.txt
    """
    settings = settings_from(config, dictionaries=dictionaries)
    events = dateline.extract(list(paths), format=kind, settings=settings)
    if output == "table":
        write_rows((event_row(e) for e in events), output, EVENT_COLUMNS)
    else:
        write_rows(events, output)
