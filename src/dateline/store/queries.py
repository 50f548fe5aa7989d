"""Reading the store through DuckDB: views over the Parquet files, and the queries on them.

Each table is a view over its part files that keeps only rows of committed batches, so files of
a batch that was cut short never show. Queries bind their values as parameters.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from dateline.errors import StoreError
from dateline.store import layout
from dateline.store.search import EventFilter, EventQueries

_SCHEMAS = {
    "documents": layout.DOCUMENTS, "events": layout.EVENT_FILES,
    "rejects": layout.REJECTS, "batches": layout.BATCHES,
}


def _escape(path: str) -> str:
    return path.replace("'", "''")


class StoreReader(EventQueries):
    """A read-only view of a store: ``documents``, ``events``, ``rejects``, ``batches``.

    The event searches and aggregates (``event_page``, ``timeline``, ``dyads``, ``network``,
    ``actors``, ``places``, ``clusters``, ...) are in :mod:`dateline.store.search`.
    """

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        if not self.root.is_dir() or not (self.root / "batches").is_dir():
            raise StoreError(f"no store at {self.root} (run 'dateline ingest' first)")
        self.db = duckdb.connect(":memory:")
        self.generation = layout.current_generation(self.root)
        for table, schema in _SCHEMAS.items():
            raw = f"{table}_files"
            files = (self._event_files() if table == "events"
                     else [layout.part_glob(self.root, table)] if layout.has_parts(self.root, table)
                     else [])
            if files:
                listed = ", ".join(f"'{_escape(f)}'" for f in files)
                source = f"read_parquet([{listed}], union_by_name=true)"
                self.db.execute(f"CREATE VIEW {raw} AS SELECT * FROM {source}")
            else:
                self.db.register(raw, pa.Table.from_pylist([], schema=schema))
        self.db.execute("CREATE VIEW batches AS SELECT * FROM batches_files")
        for table in ("documents", "rejects"):
            self.db.execute(
                f"CREATE VIEW {table} AS SELECT * FROM {table}_files "
                "WHERE batch IN (SELECT batch FROM batches_files)"
            )
        columns = {row[0] for row in self.db.execute("DESCRIBE SELECT * FROM events_files").fetchall()}
        hidden = " EXCLUDE (generation)" if "generation" in columns else ""
        self.db.execute(f"CREATE VIEW events AS SELECT *{hidden} FROM events_files")

    def _event_files(self) -> list[str]:
        """The events files to read: one per committed batch, of the current generation.

        A batch that the current generation recoded is read from that generation's file; any
        other committed batch (all of them before a recode, and those committed after its
        switch) from the file its ingest wrote. Files of uncommitted batches, of older
        generations and of a recode that never switched are not read at all.
        """
        folder = layout.table_dir(self.root, "events")
        committed = sorted(
            name[len("part-"):-len(".parquet")]
            for name in os.listdir(layout.table_dir(self.root, "batches"))
            if name.startswith("part-") and name.endswith(".parquet")
        )
        names = set(os.listdir(folder)) if folder.is_dir() else set()
        files = []
        for batch in committed:
            recoded = f"part-{self.generation}--{batch}.parquet" if self.generation else None
            for name in (recoded, f"part-{batch}.parquet"):
                if name is not None and name in names:
                    files.append(str(folder / name))
                    break
        return files

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> StoreReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def rows(self, sql: str, params: Sequence[Any] = ()) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description or []]
        while True:
            chunk = cursor.fetchmany(1000)
            if not chunk:
                return
            for values in chunk:
                yield dict(zip(names, values, strict=True))

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
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
