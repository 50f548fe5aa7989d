"""``dateline events``: list the events in the store, or their clusters.

The filters are those of the HTTP API's ``/api/events`` (one :class:`~dateline.store.search.EventFilter`,
one query path); ``--clusters`` gives the stored clusters (:mod:`dateline.corpus.clusters`), as
``/api/clusters`` does.

Example:
  dateline events --store dateline-data --actor RUS --cameo 04 --since 2022-01-01
  dateline events --dyad RUS,TJK --country TJK --format jsonl
  dateline events --source TASS --text talks --quad-class 1 --clusters
"""

from __future__ import annotations

import re
from typing import Any

import click

import dateline
from dateline.cli.extract import EVENT_COLUMNS, event_row
from dateline.cli.options import config_option, output_option, settings_from, store_option, write_rows
from dateline.store.search import EventFilter

CLUSTER_COLUMNS = ["date", "dyad", "cameo_root", "code", "country", "count", "documents", "sources",
                   "first_report", "last_report", "modality", "cluster_id"]

_CODE = re.compile(r"^[A-Za-z0-9]{1,16}$")


def parse_dyad(value: str | None) -> tuple[str, str] | None:
    """``RUS,TJK`` as a pair of actor codes (or their starts); None when not given."""
    if value is None:
        return None
    parts = [p.strip() for p in value.split(",")]
    if len(parts) != 2 or not all(_CODE.match(p) for p in parts):
        raise click.BadParameter("give two actor codes, e.g. RUS,TJK", param_hint="--dyad")
    return parts[0], parts[1]


def cluster_row(cluster: dict[str, Any]) -> dict[str, Any]:
    """A cluster flattened for a table or CSV: the dyad and lists joined."""
    dyad = "-".join(side for side in cluster.get("dyad") or [] if side)
    return {
        **{k: v for k, v in cluster.items() if k != "event_ids"}, "dyad": dyad,
        "cameo": ",".join(cluster.get("cameo") or []),
        "modality": ",".join(cluster.get("modality") or []),
    }


@click.command("events")
@store_option
@config_option
@output_option("table", "jsonl", "csv")
@click.option("--actor", default=None, help="Source or target code starting with this (RUS, RUSGOV).")
@click.option("--dyad", default=None, metavar="A,B",
              help="Two actor codes (or starts), in either direction: RUS,TJK.")
@click.option("--cameo", default=None, help="CAMEO code or root (04, 042).")
@click.option("--quad-class", "quad_class", type=click.IntRange(1, 4), default=None,
              help="1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict.")
@click.option("--since", default=None, metavar="DATE", help="Event date on or after.")
@click.option("--until", default=None, metavar="DATE", help="Event date on or before (2022-06: all June).")
@click.option("--modality", type=click.Choice(["asserted", "planned", "negated", "hypothetical"]))
@click.option("--country", default=None, help="Country code of the event's place (TJK).")
@click.option("--source", default=None, help="News source of the event's document (TASS).")
@click.option("--text", "text", default=None, help="Words in the evidence sentence.")
@click.option("--clusters", is_flag=True,
              help="One row per cluster (mentions of one event: the same parties, CAMEO root, date "
                   "and place country), with its counts of mentions, documents and sources.")
@click.option("--limit", type=click.IntRange(min=0), default=None, help="At most this many.")
def events_command(
    store: str | None, config: str | None, output: str, actor: str | None, dyad: str | None,
    cameo: str | None, quad_class: int | None, since: str | None, until: str | None,
    modality: str | None, country: str | None, source: str | None, text: str | None,
    clusters: bool, limit: int | None,
) -> None:
    """List the coded events in the store, or (--clusters) their clusters.

    \b
    Example:
      dateline events --store dateline-data --actor RUS --cameo 04 --since 2022-01-01
      dateline events --dyad RUS,TJK --country TJK --format jsonl
      dateline events --source TASS --text talks --quad-class 1 --clusters
    """
    where = EventFilter(
        actor=actor, dyad=parse_dyad(dyad), cameo=cameo, quad_class=quad_class, since=since,
        until=until, modality=modality, country=country, source=source, q=text,
    )
    settings = settings_from(config, store=store)
    with dateline.open_store(settings.store) as reader:
        if clusters:
            groups = reader.iter_clusters(where, limit)
            if output == "jsonl":
                write_rows(groups, output)
            else:
                write_rows((cluster_row(g) for g in groups), output, CLUSTER_COLUMNS)
            return
        rows = reader.iter_events(where, limit)
        if output == "table":
            write_rows((event_row(r) for r in rows), output, EVENT_COLUMNS)
        else:
            write_rows(rows, output)
