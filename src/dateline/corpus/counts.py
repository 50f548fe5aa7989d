"""Counts kept ahead of the queries: three small tables of event counts and Goldstein sums.

    counts_day_root   per event date, CAMEO root and quad class
    counts_day_dyad   per event date, pair of countries (the first three letters of the two
                      actor codes, in either direction: ``a`` <= ``b``) and quad class
    counts_pair       per directed pair of actor codes: counts by quad class, first and last date

``dateline compact`` writes them for the batches it compacts; the reader adds, on the fly, the
counts of the batches committed since (from their events, by the same SQL). Summed over every
row that a query's filter keeps, they give exactly what the same query over the events gives,
for the queries and filters that their columns can express (:func:`choose`); any other query
reads the events. Goldstein values are summed as whole thousandths, so the sums (and the means
of :func:`goldstein_mean`) do not depend on the order of the rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pyarrow as pa

if TYPE_CHECKING:
    from dateline.store.search import EventFilter

#: The exact Goldstein sum of a group's events, in thousandths (an integer).
GOLDSTEIN_SUM = "sum(CAST(round(goldstein * 1000) AS BIGINT))"


def goldstein_mean(total: str, count: str) -> str:
    """SQL: the mean Goldstein value to two places, from a sum in thousandths and a count: the
    same arithmetic over the events and over the counts tables, so the same answer."""
    return f"round(CAST({total} AS DOUBLE) / 1000.0 / nullif({count}, 0), 2)"

_S3, _T3 = "left(source.code, 3)", "left(target.code, 3)"
_A = f"CASE WHEN {_T3} IS NULL THEN {_S3} WHEN {_S3} IS NULL THEN {_T3} ELSE least({_S3}, {_T3}) END"
_B = f"CASE WHEN {_S3} IS NULL OR {_T3} IS NULL THEN NULL ELSE greatest({_S3}, {_T3}) END"


@dataclass(frozen=True)
class Measure:
    name: str
    over_events: str  # SQL aggregate over events
    merge: str  # SQL aggregate that merges the column over partial rows: sum, min, max
    kind: pa.DataType


@dataclass(frozen=True)
class Counts:
    """One table of counts: its grouping columns (name, SQL over events, type) and measures."""

    name: str
    dims: tuple[tuple[str, str, pa.DataType], ...]
    measures: tuple[Measure, ...]
    #: What the table can answer: "date", "quad" (a column), "quads" (q1..q4 columns), "root",
    #: "party" (three-letter actor prefixes), "code" (whole actor codes).
    provides: frozenset[str]

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([(name, kind) for name, _, kind in self.dims]
                         + [(m.name, m.kind) for m in self.measures])

    def from_events_sql(self, relation: str) -> str:
        """SQL: the table's rows for the events of ``relation``."""
        columns = [f"{sql} AS {name}" for name, sql, _ in self.dims]
        columns += [f"{m.over_events} AS {m.name}" for m in self.measures]
        groups = ", ".join(str(i + 1) for i in range(len(self.dims)))
        return f"SELECT {', '.join(columns)} FROM {relation} GROUP BY {groups}"

    def merge_sql(self, relation: str) -> str:
        """SQL: the rows of ``relation`` (partial rows of this table) merged, one per group,
        in the order that makes a filter on the leading columns skip most of a file."""
        names = [name for name, _, _ in self.dims]
        columns = names + [f"{m.merge}({m.name}) AS {m.name}" for m in self.measures]
        keys = ", ".join(names)
        return f"SELECT {', '.join(columns)} FROM {relation} GROUP BY {keys} ORDER BY {keys}"


_BASE = (
    Measure("n", "count(*)", "sum", pa.int64()),
    Measure("g_sum", GOLDSTEIN_SUM, "sum", pa.int64()),
    Measure("g_n", "count(goldstein)", "sum", pa.int64()),
)

DAY_ROOT = Counts(
    "counts_day_root",
    (("date", "date", pa.string()), ("cameo_root", "cameo_root", pa.string()),
     ("quad_class", "quad_class", pa.int8())),
    _BASE, frozenset({"date", "root", "quad"}),
)
DAY_DYAD = Counts(
    "counts_day_dyad",
    (("a", _A, pa.string()), ("b", _B, pa.string()), ("date", "date", pa.string()),
     ("quad_class", "quad_class", pa.int8())),
    _BASE, frozenset({"date", "party", "quad"}),
)
PAIR = Counts(
    "counts_pair",
    (("source_code", "source.code", pa.string()), ("target_code", "target.code", pa.string())),
    (*_BASE,
     *(Measure(f"q{q}", f"count(*) FILTER (WHERE quad_class = {q})", "sum", pa.int64())
       for q in (1, 2, 3, 4)),
     Measure("first", "min(date)", "min", pa.string()), Measure("last", "max(date)", "max", pa.string())),
    frozenset({"code", "quads"}),
)

#: Every table of counts, the smallest first (the order :func:`choose` tries them in).
TABLES = (PAIR, DAY_ROOT, DAY_DYAD)


def choose(where: EventFilter, needs: Sequence[str]) -> tuple[Counts, str, list[Any]] | None:
    """The smallest table of counts that answers a query exactly: one whose columns give what
    the query groups by (``needs``, in the terms of :attr:`Counts.provides`) and express its
    filter; with the filter as a ``WHERE`` clause on it and its parameters. None: read the events.
    """
    for table in TABLES:
        if set(needs) <= table.provides:
            found = filter_sql(table, where)
            if found is not None:
                return table, *found
    return None


def filter_sql(table: Counts, where: EventFilter) -> tuple[str, list[Any]] | None:
    """``where`` as a ``WHERE`` clause on ``table`` that keeps exactly the rows of the events
    that it keeps (see :meth:`EventFilter.where`), or None when the table cannot say."""
    if where.modality or where.country or where.source or where.q or where.doc_id:
        return None
    has = table.provides
    clauses: list[str] = []
    params: list[Any] = []
    if where.actor:
        actor = where.actor.upper()
        if "code" in has:
            clauses.append("(starts_with(source_code, ?) OR starts_with(target_code, ?))")
        elif "party" in has and len(actor) <= 3:  # a prefix of three letters or fewer: of the party
            clauses.append("(starts_with(a, ?) OR starts_with(b, ?))")
        else:
            return None
        params += [actor, actor]
    if where.dyad:
        first, second = (side.upper() for side in where.dyad)
        if "code" in has:
            clauses.append("((starts_with(source_code, ?) AND starts_with(target_code, ?))"
                           " OR (starts_with(source_code, ?) AND starts_with(target_code, ?)))")
            params += [first, second, second, first]
        elif "party" in has and len(first) == len(second) == 3:  # {a, b} is the pair itself
            clauses.append("a = ? AND b = ?")
            params += sorted((first, second))
        elif "party" in has and len(first) <= 3 and len(second) <= 3:
            clauses.append("((starts_with(a, ?) AND starts_with(b, ?))"
                           " OR (starts_with(a, ?) AND starts_with(b, ?)))")
            params += [first, second, second, first]
        else:
            return None
    if where.cameo:
        if "root" not in has or len(where.cameo) > 2:
            return None
        clauses.append("starts_with(cameo_root, ?)")
        params.append(where.cameo)
    if where.quad_class is not None:
        if "quad" not in has:
            return None
        clauses.append("quad_class = ?")
        params.append(where.quad_class)
    if where.since or where.until:
        if "date" not in has:
            return None
        dated, values = date_clauses(where.since, where.until)
        clauses += dated
        params += values
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def date_clauses(since: str | None, until: str | None) -> tuple[list[str], list[Any]]:
    """SQL conditions (and their parameters) for an event date from ``since`` to ``until``;
    "until 2022-05" takes in every date of May."""
    clauses: list[str] = []
    params: list[Any] = []
    if since:
        clauses.append("date >= ?")
        params.append(since)
    if until:
        clauses.append("left(date, length(?)) <= ?")
        params += [until, until]
    return clauses, params
