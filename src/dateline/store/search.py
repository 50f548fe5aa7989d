"""Searching and summing the stored events: the filters, pages and aggregates that the HTTP API
and the dashboard show (timelines, dyads, networks, top actors, places, clusters).

Every value a caller gives is bound as a query parameter; the only SQL text chosen from a caller's
input is picked from the fixed tables below (``_LEVELS``, ``_PERIODS``) by a validated name.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from dateline.corpus import counts
from dateline.corpus.clusters import CLUSTER_ORDER, cluster_rows_sql

#: The order of an events page, and the key a cursor continues from.
EVENT_ORDER = "coalesce(date, '~'), doc_id, sentence, event_id"
_KEY = f"({EVENT_ORDER})"

#: Actor columns at each level: the full CAMEO actor code, or its country.
_LEVELS = {
    "code": ("source.code", "target.code"),
    "country": ("coalesce(source.country, left(source.code, 3))",
                "coalesce(target.country, left(target.code, 3))"),
}

#: Timeline periods: the expression naming an event's period, and the shortest date that has one.
_PERIODS = {
    "day": ("date", 10),
    "week": ("strftime(date_trunc('week', try_cast(date AS DATE)), '%Y-%m-%d')", 10),
    "month": ("left(date, 7)", 7),
    "year": ("left(date, 4)", 4),
}
_MAX_FILLED = 1000

_QUADS = ", ".join(f"count(*) FILTER (WHERE quad_class = {q}) AS q{q}" for q in (1, 2, 3, 4))
_SUMMED_QUADS = ", ".join(f"coalesce(sum(n) FILTER (WHERE quad_class = {q}), 0) AS q{q}"
                          for q in (1, 2, 3, 4))

#: The mean Goldstein value, from an exact sum: the same whatever the order of the rows, over the
#: events or over the sums in the counts tables (``_MEAN_COUNTED``).
_MEAN = counts.goldstein_mean(counts.GOLDSTEIN_SUM, "count(goldstein)")
_MEAN_COUNTED = counts.goldstein_mean("sum(g_sum)", "sum(g_n)")


@dataclass(frozen=True)
class EventFilter:
    """Which events to take; every field that is set narrows the selection.

    ``actor`` and ``dyad`` match CAMEO actor codes by prefix (``RUS`` takes ``RUSGOV``); a dyad
    matches either direction. ``cameo`` is a code or a root (prefix). ``since`` and ``until``
    bound the event date (``until=2022-06`` takes the whole month). ``country`` is the country of
    the event's place, ``source`` the news source of its document, ``q`` words in its evidence.
    """

    actor: str | None = None
    dyad: tuple[str, str] | None = None
    cameo: str | None = None
    quad_class: int | None = None
    since: str | None = None
    until: str | None = None
    modality: str | None = None
    country: str | None = None
    source: str | None = None
    q: str | None = None
    doc_id: str | None = None

    def where(self) -> tuple[str, list[Any]]:
        """The ``WHERE`` clause (empty when no filter is set) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        if self.actor:
            # No coalesce on the target: a missing one is NULL, so false here, and the scan is faster.
            clauses.append("(starts_with(source.code, ?) OR starts_with(target.code, ?))")
            params += [self.actor.upper()] * 2
        if self.dyad:
            a, b = (side.upper() for side in self.dyad)
            clauses.append(
                "((starts_with(source.code, ?) AND starts_with(target.code, ?))"
                " OR (starts_with(source.code, ?) AND starts_with(target.code, ?)))"
            )
            params += [a, b, b, a]
        if self.cameo:
            clauses.append("starts_with(cameo, ?)")
            params.append(self.cameo)
        if self.quad_class is not None:
            clauses.append("quad_class = ?")
            params.append(self.quad_class)
        dated, values = counts.date_clauses(self.since, self.until)
        clauses += dated
        params += values
        if self.modality:
            clauses.append("modality = ?")
            params.append(self.modality)
        if self.country:
            clauses.append("location.country = ?")
            params.append(self.country.upper())
        if self.source:
            clauses.append("doc_id IN (SELECT id FROM documents WHERE lower(source) = lower(?))")
            params.append(self.source)
        if self.q:
            clauses.append("contains(lower(evidence.text), lower(?))")
            params.append(self.q)
        if self.doc_id:
            clauses.append("doc_id = ?")
            params.append(self.doc_id)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f" WHERE {clause}"


class EventQueries:
    """Event queries for :class:`~dateline.store.queries.StoreReader` (mixed into it).

    The aggregates that a table of counts (:mod:`dateline.corpus.counts`) can answer exactly are
    answered from it when ``use_counts`` is on and the store has been compacted; the others read
    the events.
    """

    use_counts = True

    def _counted(self, where: EventFilter, needs: Sequence[str]) -> tuple[str, str, list[Any]] | None:
        """The rows of counts that answer a query grouped by ``needs`` under ``where`` (a table,
        or the table and the counts of the events not compacted yet, filtered first), the filter
        on them, and the parameters of both; None: read the events."""
        if not self.use_counts:
            return None
        found = counts.choose(where, needs)
        if found is None:
            return None
        table, sql, params = found
        source = self.counts_source(table, where)
        return None if source is None else (source[0], sql, [*source[1], *params])

    def counts_source(self, table: counts.Counts, where: EventFilter) -> tuple[str, list[Any]] | None:
        raise NotImplementedError  # the store reader's

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        raise NotImplementedError  # the store reader's

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        raise NotImplementedError  # the store reader's

    def event_page(
        self, where: EventFilter, limit: int, offset: int = 0,
        after: Sequence[Any] | None = None,
    ) -> list[dict[str, Any]]:
        """One page of events in their stable order, from ``offset`` or after a cursor key."""
        sql, params = where.where()
        if after is not None:
            sql = _and(sql, f"{_KEY} > (?, ?, CAST(? AS INTEGER), ?)")
            params += list(after)
        rows = list(self.rows(
            f"SELECT * EXCLUDE (batch) FROM events{sql} ORDER BY {EVENT_ORDER} LIMIT ? OFFSET ?",
            [*params, limit, 0 if after is not None else offset],
        ))
        return rows

    def iter_events(self, where: EventFilter, limit: int | None = None) -> Iterator[dict[str, Any]]:
        """Every matching event (or the first ``limit``) in the stable order, streamed."""
        sql, params = where.where()
        sql = f"SELECT * EXCLUDE (batch) FROM events{sql} ORDER BY {EVENT_ORDER}"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return self.rows(sql, params)

    def count_events(self, where: EventFilter) -> int:
        counted = self._counted(where, ())
        if counted is not None:
            table, sql, params = counted
            return int(self.scalar(f"SELECT coalesce(sum(n), 0) FROM {table}{sql}", params))
        sql, params = where.where()
        return int(self.scalar(f"SELECT count(*) FROM events{sql}", params))

    def event(self, event_id: str) -> dict[str, Any] | None:
        found = list(self.rows("SELECT * EXCLUDE (batch) FROM events WHERE event_id = ? LIMIT 1",
                               [event_id]))
        return found[0] if found else None

    def document(self, doc_id: str) -> dict[str, Any] | None:
        found = list(self.rows("SELECT * EXCLUDE (batch) FROM documents WHERE id = ? LIMIT 1",
                               [doc_id]))
        return found[0] if found else None

    def document_page(
        self, source: str | None = None, since: str | None = None, until: str | None = None,
        q: str | None = None, limit: int = 100, offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """Documents without their text, by publication date; and how many match."""
        clauses, params = [], list[Any]()
        for value, clause in ((source, "lower(source) = lower(?)"), (since, "published >= ?"),
                              (until, "left(published, length(?)) <= ?"),
                              (q, "(contains(lower(text), lower(?)) OR contains(lower(title), lower(?)))")):
            if value:
                clauses.append(clause)
                params += [value] * clause.count("?")
        sql = " WHERE " + " AND ".join(clauses) if clauses else ""
        total = int(self.scalar(f"SELECT count(*) FROM documents{sql}", params))
        rows = list(self.rows(
            "SELECT id, title, published, source, url, dateline, language,"
            " (SELECT count(*) FROM events WHERE doc_id = d.id) AS events"
            f" FROM documents AS d{sql} ORDER BY published NULLS LAST, id LIMIT ? OFFSET ?",
            [*params, limit, offset]))
        return rows, total

    def event_counts(self) -> dict[str, dict[str, int]]:
        """Events by quad class, modality, CAMEO root and date precision."""
        counts: dict[str, dict[str, int]] = {}
        for name in ("quad_class", "modality", "cameo_root", "date_precision"):
            counts[name] = {
                str(row["k"]): int(row["n"]) for row in self.rows(
                    f"SELECT {name} AS k, count(*) AS n FROM events GROUP BY 1 ORDER BY 1 NULLS LAST")
            }
        return counts

    def timeline(self, where: EventFilter, interval: str = "month") -> dict[str, Any]:
        """Events per period by quad class. Events dated less precisely than the interval (a year
        when counting months) or not at all are counted apart, in ``coarser``, not guessed into one.
        """
        period, length = _PERIODS[interval]
        counted = self._counted(where, ("date", "quad"))
        if counted is not None:
            table, sql, params = counted
            source, quads, total = table, _SUMMED_QUADS, "sum(n)"
        else:
            sql, params = where.where()
            source, quads, total = "events", _QUADS, "count(*)"
        # One scan: the events too coarse for a period fall in the group whose period is NULL.
        rows = list(self.rows(
            f"SELECT CASE WHEN length(date) >= ? THEN {period} END AS period, {quads},"
            f" {total} AS total FROM {source}{sql} GROUP BY 1 ORDER BY 1 NULLS LAST",
            [length, *params],
        ))
        coarser = sum(row["total"] for row in rows if row["period"] is None)
        rows = [row for row in rows if row["period"] is not None]
        return {"interval": interval, "items": _filled(rows, interval), "coarser": coarser}

    def root_timeline(self, where: EventFilter, interval: str = "month") -> list[dict[str, Any]]:
        """Events per period and CAMEO root (``period``, ``cameo_root``, ``count``), by period;
        events dated less precisely than the interval are left out, as in :meth:`timeline`."""
        period, length = _PERIODS[interval]
        counted = self._counted(where, ("date", "root"))
        if counted is not None:
            table, sql, params = counted
            grouped = f"SELECT date, cameo_root, n FROM {table}{sql}"  # already grouped, or nearly
        else:
            sql, params = where.where()
            grouped = f"SELECT date, cameo_root, count(*) AS n FROM events{sql} GROUP BY 1, 2"
        rows = list(self.rows(
            f"SELECT {period} AS period, cameo_root, sum(n) AS count FROM ({grouped})"
            " WHERE length(date) >= ? GROUP BY 1, 2 HAVING period IS NOT NULL ORDER BY 1, 2",
            [*params, length]))
        for row in rows:
            row["count"] = int(row["count"])
        return rows

    def dyads(self, where: EventFilter, level: str = "code", limit: int = 100) -> list[dict[str, Any]]:
        """Pairs of actors in either direction: counts, mean Goldstein, quad classes, first and last."""
        source, target = _LEVELS[level]
        counted = self._counted(where, ("code", "quads")) if level == "code" else None
        if counted is not None:
            table, sql, params = counted
            quads = ", ".join(f"sum(q{q}) AS q{q}" for q in (1, 2, 3, 4))
            return list(self.rows(
                "SELECT least(source_code, target_code) AS a, greatest(source_code, target_code) AS b,"
                f" sum(n) AS count, {_MEAN_COUNTED} AS goldstein, {quads}, min(first) AS first,"
                f" max(last) AS last FROM {table}{_and(sql, 'target_code IS NOT NULL')}"
                " GROUP BY 1, 2 ORDER BY count DESC, a, b LIMIT ?", [*params, limit]))
        sql, params = where.where()
        return list(self.rows(
            f"SELECT least({source}, {target}) AS a, greatest({source}, {target}) AS b,"
            f" count(*) AS count, {_MEAN} AS goldstein, {_QUADS},"
            f" min(date) AS first, max(date) AS last FROM events{_and(sql, 'target.code IS NOT NULL')}"
            " GROUP BY 1, 2 ORDER BY count DESC, a, b LIMIT ?", [*params, limit]))

    def network(self, where: EventFilter, level: str = "code", limit: int = 200) -> dict[str, Any]:
        """Directed edges (source to target) with counts and mean Goldstein, and their nodes."""
        source, target = _LEVELS[level]
        counted = self._counted(where, ("code",)) if level == "code" else None
        if counted is not None:
            table, sql, params = counted
            query = (f"SELECT source_code AS source, target_code AS target, sum(n) AS count,"
                     f" {_MEAN_COUNTED} AS goldstein FROM {table}{_and(sql, 'target_code IS NOT NULL')}")
        else:
            sql, params = where.where()
            query = (f"SELECT {source} AS source, {target} AS target, count(*) AS count,"
                     f" {_MEAN} AS goldstein FROM events{_and(sql, 'target.code IS NOT NULL')}")
        edges = list(self.rows(
            f"{query} GROUP BY 1, 2 ORDER BY count DESC, source, target LIMIT ?", [*params, limit]))
        degree: dict[str, int] = {}
        for edge in edges:
            for end in (edge["source"], edge["target"]):
                degree[end] = degree.get(end, 0) + edge["count"]
        nodes = [{"id": k, "count": v} for k, v in sorted(degree.items(), key=lambda kv: (-kv[1], kv[0]))]
        return {"level": level, "nodes": nodes, "edges": edges}

    def actors(self, where: EventFilter, level: str = "code", limit: int = 50) -> list[dict[str, Any]]:
        """The most frequent actors, as source and as target."""
        source, target = _LEVELS[level]
        sql, params = where.where()
        return list(self.rows(
            "SELECT code, mode(name) AS name, count(*) FILTER (WHERE side = 'source') AS as_source,"
            " count(*) FILTER (WHERE side = 'target') AS as_target, count(*) AS count FROM ("
            f" SELECT {source} AS code, source.name AS name, 'source' AS side FROM events{sql}"
            f" UNION ALL SELECT {target}, target.name, 'target'"
            f" FROM events{_and(sql, 'target.code IS NOT NULL')}"
            ") GROUP BY code ORDER BY count DESC, code LIMIT ?", [*params, *params, limit]))

    def places(self, where: EventFilter, limit: int = 500) -> list[dict[str, Any]]:
        """Event places with coordinates: counts by quad class."""
        sql, params = where.where()
        return list(self.rows(
            "SELECT location.name AS name, location.country AS country, location.lat AS lat,"
            f" location.lon AS lon, count(*) AS count, {_QUADS} FROM events"
            f"{_and(sql, 'location.lat IS NOT NULL AND location.lon IS NOT NULL')}"
            " GROUP BY ALL ORDER BY count DESC, country, name NULLS LAST LIMIT ?", [*params, limit]))

    def clusters(
        self, where: EventFilter, limit: int = 100, offset: int = 0,
    ) -> tuple[list[dict[str, Any]], int]:
        """The clusters of the events that pass ``where`` (see :mod:`dateline.corpus.clusters`),
        each summed over those events; and how many clusters they fall in."""
        sql, params = where.where()
        total = int(self.scalar(
            f"SELECT count(DISTINCT c.cluster_id) FROM (SELECT event_id, batch FROM events{sql}) AS e"
            " JOIN mentions AS c ON c.event_id = e.event_id AND c.batch = e.batch", params))
        return list(self.iter_clusters(where, limit, offset)), total

    def iter_clusters(
        self, where: EventFilter, limit: int | None = None, offset: int = 0,
    ) -> Iterator[dict[str, Any]]:
        """The clusters of :meth:`clusters` in their order (date, dyad, root, place), streamed."""
        sql, params = where.where()
        query = f"SELECT * FROM ({cluster_rows_sql(sql)}) ORDER BY {CLUSTER_ORDER}"
        if limit is not None:
            query += " LIMIT ?"
            params.append(limit)
        query += " OFFSET ?"
        for row in self.rows(query, [*params, offset]):
            row["dyad"] = [row.pop("a"), row.pop("b")]
            yield row


def _filled(rows: list[dict[str, Any]], interval: str) -> list[dict[str, Any]]:
    """The periods with no events between the first and the last, as zeros (up to a limit)."""
    if len(rows) < 2:
        return rows
    periods = _periods(rows[0]["period"], rows[-1]["period"], interval)
    if periods is None or len(periods) > _MAX_FILLED:
        return rows
    found = {row["period"]: row for row in rows}
    empty = {"q1": 0, "q2": 0, "q3": 0, "q4": 0, "total": 0}
    return [found.get(p, {"period": p, **empty}) for p in periods]


def _periods(first: str, last: str, interval: str) -> list[str] | None:
    try:
        if interval == "year":
            return [str(y) for y in range(int(first), int(last) + 1)]
        if interval == "month":
            start, end = int(first[:4]) * 12 + int(first[5:7]) - 1, int(last[:4]) * 12 + int(last[5:7]) - 1
            months = range(start, min(end, start + _MAX_FILLED) + 1)
            return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in months]
        step = timedelta(days=7 if interval == "week" else 1)
        day, end_day, out = date.fromisoformat(first), date.fromisoformat(last), list[str]()
        while day <= end_day and len(out) <= _MAX_FILLED:
            out.append(day.isoformat())
            day += step
        return out
    except ValueError:
        return None
