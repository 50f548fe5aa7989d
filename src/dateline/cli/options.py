"""Options shared by several commands, defined once, and the settings they build."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import click

from dateline.config import Settings, load_settings
from dateline.store.queries import to_json

F = TypeVar("F", bound=Callable[..., Any])


def store_option(function: F) -> F:
    return click.option(
        "--store", "store", default=None, metavar="DIR|URL",
        help="The store: a directory, or an fsspec URL such as s3://bucket/prefix "
             "(default: ./dateline-data, or DATELINE_STORE).",
    )(function)


def config_option(function: F) -> F:
    return click.option(
        "--config", "config", default=None, metavar="FILE",
        type=click.Path(dir_okay=False), help="A settings file (TOML); see defaults.toml.",
    )(function)


def dictionaries_option(function: F) -> F:
    return click.option(
        "--dictionaries", "dictionaries", multiple=True, metavar="KIND:PATH",
        help="A PETRARCH/Phoenix dictionary to add to the knowledge base (repeatable): KIND is "
             "petrarch-actors, petrarch-agents or petrarch-discards, e.g. "
             "--dictionaries petrarch-actors:Phoenix.Countries.actors.txt. Given here, these "
             "replace the `dictionaries` setting.",
    )(function)


def output_option(*choices: str, default: str = "table") -> Callable[[F], F]:
    def decorate(function: F) -> F:
        return click.option(
            "--format", "output", type=click.Choice(choices), default=default, show_default=True,
            help="Output format.",
        )(function)
    return decorate


def settings_from(config: str | None, **options: Any) -> Settings:
    """The settings of a command: defaults, ``config``, environment, then the options given
    (``None``, or an empty tuple from a repeatable option left out, keeps the setting)."""
    return load_settings(config, **{k: None if v == () else v for k, v in options.items()})


def write_rows(rows: Iterable[dict[str, Any]], output: str, columns: list[str] | None = None) -> int:
    """Rows to standard output as JSON lines, CSV or a table; returns how many."""
    count = 0
    if output == "jsonl":
        for row in rows:
            click.echo(to_json(row))
            count += 1
        return count
    if output == "csv":
        import csv

        writer: Any = None
        for row in rows:
            flat = {k: (to_json(v) if isinstance(v, dict | list) else v) for k, v in row.items()}
            if writer is None:
                writer = csv.DictWriter(sys.stdout, fieldnames=columns or list(flat),
                                        extrasaction="ignore")
                writer.writeheader()
            writer.writerow(flat)
            count += 1
        return count
    from rich.table import Table

    table = Table(show_lines=False)
    materialised = list(rows)
    names = columns or (list(materialised[0]) if materialised else [])
    for name in names:
        table.add_column(name, overflow="fold")
    for row in materialised:
        table.add_row(*(_cell(row.get(name)) for name in names))
    console().print(table)
    return len(materialised)


def console() -> Any:
    """Standard output as rich sees it; piped output gets a wide page instead of 80 columns."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=160)


def _cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        value = ", ".join(f"{k}={v}" for k, v in value.items() if v is not None)
    text = str(value).replace("\n", " ")
    return text if len(text) <= width else text[: width - 1] + "…"
