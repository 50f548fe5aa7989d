"""Reading the store through DuckDB: views over the Parquet files, and the queries on them.

Each table is a view over the files of :func:`dateline.store.parts.snapshot` (compacted files and
the parts of committed batches), so files of a batch that was cut short never show, and a batch
that was compacted shows once. ``mentions`` is the assignment of events to clusters, ``clusters``
one row per cluster, and ``counts_*`` the counts of :mod:`dateline.corpus.counts`; the part of
each that a store does not keep (batches written before it was kept, batches not yet compacted)
is derived from the events by the same SQL. Queries bind their values as parameters.

A store in a directory is read by DuckDB itself. One on an fsspec filesystem (object storage) is
read through pyarrow datasets over that filesystem, registered with DuckDB, which scans them as
each query runs (only the columns and row groups it needs); the snapshot lists only the files of
committed batches (and compacted ones), so nothing else is read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dateline.corpus import clusters
from dateline.corpus import counts as counts_tables
from dateline.errors import StoreError
from dateline.store import layout, parts
from dateline.store.files import FsspecFiles, store_files
from dateline.store.search import EventFilter, EventQueries

_SCHEMAS = {
    "documents": layout.DOCUMENTS, "events": layout.EVENT_FILES,
    "rejects": layout.REJECTS, "batches": layout.BATCHES,
}


def _escape(path: str) -> str:
    return path.replace("'", "''")


_LITERAL = re.compile(r"'(?:[^']|'')*'")


def _read(files: list[str]) -> str:
    """SQL: the rows of these Parquet files, their columns matched by name."""
    listed = ", ".join(f"'{_escape(f)}'" for f in files)
    return f"read_parquet([{listed}], union_by_name=true)"


class StoreReader(EventQueries):
    """A read-only view of a store: ``documents``, ``events``, ``rejects``, ``batches``, and
    ``mentions``, ``clusters`` and ``counts_*`` (made when a query first names them: binding a
    view reads the footers of its files).

    The event searches and aggregates (``event_page``, ``timeline``, ``dyads``, ``network``,
    ``actors``, ``places``, ``clusters``, ...) are in :mod:`dateline.store.search`; with
    ``counts=False`` none is answered from the counts tables.
    """

    def __init__(self, root: str | Path, counts: bool = True) -> None:
        #: The store's location as given: a path, or an fsspec URL.
        self.root = root
        self.files = store_files(root)
        if not self.files.is_store():
            raise StoreError(f"no store at {root} (run 'dateline ingest' first)")
        #: Answer the aggregates that can be from the compacted counts (False: from the events).
        self.use_counts = counts
        self.db = duckdb.connect(":memory:")
        self._lazy: dict[str, str] = {}  # view -> the statement that makes it, on first use
        self._datasets: dict[tuple[str, ...], str] = {}  # files -> the relation registered for them
        self.snapshot = parts.snapshot(self.files)
        self.generation = self.snapshot.generation
        for table, schema in _SCHEMAS.items():
            self._view(f"{table}_files", self.snapshot.files[table], schema)
        self.db.execute("CREATE VIEW batches AS SELECT * FROM batches_files")
        for table in ("documents", "rejects"):
            self.db.execute(
                f"CREATE VIEW {table} AS SELECT * FROM {table}_files "
                "WHERE batch IN (SELECT batch FROM batches_files)"
            )
        columns = {row[0] for row in self.db.execute("DESCRIBE SELECT * FROM events_files").fetchall()}
        hidden = " EXCLUDE (generation)" if "generation" in columns else ""
        self.db.execute(f"CREATE VIEW events AS SELECT *{hidden} FROM events_files")
        self._derived("mentions", self.snapshot.files["clusters"], clusters.CLUSTERS,
                      clusters.assignment_sql, self.snapshot.unassigned)
        self._lazy["clusters"] = f"CREATE VIEW clusters AS {clusters.cluster_rows_sql('')}"
        for counted in counts_tables.TABLES:
            self._derived(counted.name, self.snapshot.files[counted.name], counted.schema,
                          counted.from_events_sql, self.snapshot.uncounted)
        if self.snapshot.uncounted:
            self._lazy["uncounted_events"] = (
                "CREATE VIEW uncounted_events AS SELECT * FROM "
                f"{self._read(self.snapshot.uncounted, layout.EVENT_FILES)}")

    def _read(self, files: list[str], schema: pa.Schema) -> str:
        """SQL: the rows of these Parquet files (their columns matched by name): read by DuckDB
        in a directory; on object storage, a pyarrow dataset of ``schema`` over them."""
        if not isinstance(self.files, FsspecFiles):
            return _read(files)
        key = tuple(files)
        if key not in self._datasets:
            import pyarrow.dataset as ds

            name = f"dataset_{len(self._datasets)}"
            self.db.register(name, ds.dataset(files, schema=schema, format="parquet",
                                              filesystem=self.files.arrow()))
            self._datasets[key] = name
        return self._datasets[key]

    def _view(self, name: str, files: list[str], schema: pa.Schema) -> None:
        """A view over Parquet files (an empty table of ``schema`` when there are none)."""
        if files:
            self.db.execute(f"CREATE VIEW {name} AS SELECT * FROM {self._read(files, schema)}")
        else:
            self.db.register(name, pa.Table.from_pylist([], schema=schema))

    def _derived(self, name: str, files: list[str], schema: pa.Schema,
                 from_events: Callable[[str], str], events: list[str]) -> None:
        """A view (made on first use) over a derived table's stored files, and the rows derived
        on the fly from the ``events`` files that it has none for."""
        if files:
            self._lazy[f"{name}_stored"] = (
                f"CREATE VIEW {name}_stored AS SELECT * FROM {self._read(files, schema)}")
        else:
            self.db.register(f"{name}_stored", pa.Table.from_pylist([], schema=schema))
        derived = (f" UNION ALL BY NAME ({from_events(self._read(events, layout.EVENT_FILES))})"
                   if events else "")
        self._lazy[name] = f"CREATE VIEW {name} AS SELECT * FROM {name}_stored{derived}"

    def counts_source(self, table: counts_tables.Counts, where: EventFilter) -> tuple[str, list[Any]] | None:
        """The rows of ``table`` for the events that ``where`` keeps: the compacted ones, and those
        of the events not compacted yet, counted after ``where`` has filtered them (so that a few
        new batches cost a scan of their events only); None when the store has no compacted
        counts (reading the events is then as fast)."""
        if not self.snapshot.files[table.name]:
            return None
        if not self.snapshot.uncounted:
            return f"{table.name}_stored", []
        sql, params = where.where()
        fresh = table.from_events_sql(f"(SELECT * FROM uncounted_events{sql})")
        return f"(SELECT * FROM {table.name}_stored UNION ALL BY NAME ({fresh}))", params

    def _make_views(self, sql: str) -> None:
        """Make the views not made yet that ``sql`` names (and those they read, first)."""
        words = set(re.findall(r"\w+", _LITERAL.sub("''", sql)))  # not in paths and other strings
        for name in [name for name in self._lazy if name in words]:
            statement = self._lazy.pop(name, None)
            if statement is not None:
                self._make_views(statement)
                self.db.execute(statement)

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        self._make_views(sql)
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description or []]
        while True:
            chunk = cursor.fetchmany(1000)
            if not chunk:
                return
            for values in chunk:
                yield dict(zip(names, values, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        self._make_views(sql)
        row = self.db.execute(sql, list(params)).fetchone()
        return row[0] if row else None

    def documents(
        self, source: str | None = None, since: str | None = None, until: str | None = None,
        text: str | None = None, limit: int | None = None, with_text: bool = True,
    ) -> Iterator[dict[str, Any]]:
        columns = "*" if with_text else "* EXCLUDE (text)"
        where, params = _filters(source=source, since=since, until=until, text=text)
        sql = f"SELECT {columns} FROM documents{where} ORDER BY published NULLS LAST, id"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.rows(sql, params):
            row.pop("batch", None)
            yield row

    def events(
        self, actor: str | None = None, cameo: str | None = None, since: str | None = None,
        until: str | None = None, modality: str | None = None, limit: int | None = None,
    ) -> Iterator[dict[str, Any]]:
        """Events by date; the filters are :class:`~dateline.store.search.EventFilter`'s."""
        where = EventFilter(actor=actor, cameo=cameo, since=since, until=until, modality=modality)
        return self.iter_events(where, limit)

    def rejects(self, reason: str | None = None, limit: int | None = None) -> Iterator[dict[str, Any]]:
        sql, params = "SELECT * FROM rejects", list[Any]()
        if reason:
            sql += " WHERE reason = ?"
            params.append(reason)
        sql += " ORDER BY batch, origin"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        for row in self.rows(sql, params):
            row.pop("batch", None)
            yield row

    def stats(self) -> dict[str, Any]:
        """Counts over every run, and per run: read, stored, duplicate, rejected by reason."""
        total = self._counts("")
        runs = []
        for (run,) in self.db.execute(
            "SELECT run FROM batches GROUP BY run ORDER BY min(written)"
        ).fetchall():
            runs.append({"run": run, **self._counts(run)})
        total["documents"] = self.scalar("SELECT count(*) FROM documents")
        if self.generation is not None:  # recoded: the batches' counts are of the first coding
            total["events"] = self.scalar("SELECT count(*) FROM events")
            total["generation"] = self.generation
        total["runs"] = runs
        return total

    def _counts(self, run: str) -> dict[str, Any]:
        where = " WHERE run = ?" if run else ""
        params = [run] if run else []
        row = self.db.execute(
            "SELECT coalesce(sum(read),0), coalesce(sum(stored),0), coalesce(sum(duplicate),0),"
            f" coalesce(sum(events),0), min(written), max(written) FROM batches{where}", params
        ).fetchone()
        assert row is not None
        reasons = dict(self.db.execute(
            "SELECT reason, count(*) FROM rejects WHERE batch IN "
            f"(SELECT batch FROM batches{where}) GROUP BY reason ORDER BY reason", params
        ).fetchall())
        return {
            "read": int(row[0]), "stored": int(row[1]), "duplicate": int(row[2]),
            "rejected": {str(k): int(v) for k, v in reasons.items()},
            "events": int(row[3]),
            "first": row[4].isoformat() if row[4] else None,
            "last": row[5].isoformat() if row[5] else None,
        }


def _filters(**values: str | None) -> tuple[str, list[Any]]:
    clauses, params = [], []
    if values.get("source"):
        clauses.append("source = ?")
        params.append(values["source"])
    if values.get("since"):
        clauses.append("published >= ?")
        params.append(values["since"])
    if values.get("until"):
        clauses.append("published <= ?")
        params.append(values["until"])
    if values.get("text"):
        clauses.append("(text ILIKE ? OR title ILIKE ?)")
        params += [f"%{values['text']}%"] * 2
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def to_json(row: Any) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)
