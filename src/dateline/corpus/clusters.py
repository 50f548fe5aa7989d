"""Event clusters: the mentions of one happening, in one document or in several, as one record.

Two mentions are of one event when they have

- the same parties: each side's country (``RUSGOV`` and ``RUS`` are one party), or the whole
  code of an international or non-state actor (``IGOUNO``); in either direction when the code
  is reciprocal (:data:`RECIPROCAL`: meetings, visits, calls and talks, the whole of root 04; signing
  an agreement, 057; material cooperation, 06; armed clashes, 190), else from source to target;
- the same CAMEO root;
- the same date at the same precision: ``2022-05-16`` and ``2022-05-16``; ``2022-05`` is another
  date, since a mention dated only to the month may be of another day. An undated mention is a
  cluster of its own;
- compatible places: the same country whatever the town (``Moscow`` and ``the Kremlin``), or no
  place known to either (a mention with no place cannot be told from one place or another).

These make a key, and a cluster is the set of mentions that share one. Its id is a hash of the
key, so the mention that a new batch brings joins the cluster that earlier batches started (the
same key, the same id) without their being read again; two writers cannot make two clusters of
one event; and the same input gives the same clusters under every engine, in any order of batches.

The assignment (one row per mention: cluster id, event id, batch, key) is stored per batch beside
the events; :func:`cluster_rows_sql` groups it into one row per cluster with the merged fields.
"""

from __future__ import annotations

import duckdb
import pyarrow as pa

from dateline.corpus.counts import GOLDSTEIN_SUM, goldstein_mean

#: CAMEO codes (or their starts) of acts that are the same seen from either side.
RECIPROCAL = ("04", "057", "06", "190")

#: Actor codes whose whole code is a party (not just its first three letters).
_WHOLE = ("IGO", "NGO", "IMG", "MNC")

#: The stored assignment of mentions to clusters: one row per event, with its cluster's key.
CLUSTERS = pa.schema([
    ("cluster_id", pa.string()),
    ("event_id", pa.string()),
    ("batch", pa.string()),
    ("a", pa.string()),
    ("b", pa.string()),
    ("cameo_root", pa.string()),
    ("date", pa.string()),
    ("country", pa.string()),
])


def party(code: str) -> str:
    """SQL: the party an actor code stands for in a cluster (NULL for no actor)."""
    whole = ", ".join(f"'{prefix}'" for prefix in _WHOLE)
    return (f"CASE WHEN coalesce({code}, '') = '' THEN NULL"
            f" WHEN left({code}, 3) IN ({whole}) THEN {code} ELSE left({code}, 3) END")


def assignment_sql(relation: str) -> str:
    """SQL: the cluster of each event of ``relation`` (a table or view with the events' columns),
    as rows of :data:`CLUSTERS`."""
    reciprocal = " OR ".join(f"starts_with(cameo, '{code}')" for code in RECIPROCAL)
    return f"""
        WITH keyed AS (
            SELECT event_id, batch, cameo_root, date, location.country AS country,
                   {party('source.code')} AS s, {party('target.code')} AS t,
                   coalesce({reciprocal}, false) AS reciprocal
            FROM {relation}
        ), ordered AS (
            SELECT event_id, batch, cameo_root, date, country,
                   CASE WHEN reciprocal AND t < s THEN t ELSE s END AS a,
                   CASE WHEN reciprocal AND t < s THEN s ELSE t END AS b
            FROM keyed
        )
        SELECT substr(md5(concat_ws('|', coalesce(a, ''), coalesce(b, ''), coalesce(cameo_root, ''),
                                    coalesce(date, '?' || event_id), coalesce(country, ''))), 1, 20)
                   AS cluster_id,
               event_id, batch, a, b, cameo_root, date, country
        FROM ordered"""


def assign(events: pa.Table) -> pa.Table:
    """The cluster of each of a batch's events (a table of the events files' schema)."""
    db = duckdb.connect(":memory:")
    try:
        db.register("batch_events", events)
        return db.sql(assignment_sql("batch_events") + " ORDER BY cluster_id, event_id").to_arrow_table() \
            .cast(CLUSTERS)
    finally:
        db.close()


def cluster_rows_sql(where: str) -> str:
    """SQL: one row per cluster, over the events that pass ``where`` (a ``WHERE`` clause on the
    ``events`` view, or empty), from the ``mentions`` view (the stored assignment) and the
    ``documents`` view (for the news sources).

    A cluster's row: its id, dyad (``a``, ``b``), root, date and precision, country; ``code``,
    the best-supported CAMEO code (the most mentions, then the earliest reported, then the
    lowest) and ``cameo``, every code seen; ``count`` mentions, ``documents``, ``sources``;
    ``first_report`` and ``last_report`` (publication dates); the mean Goldstein value, the
    lowest quad class, the modalities seen and the mentions' event ids.
    """
    return f"""
        WITH m AS (
            SELECT c.cluster_id, c.a, c.b, c.cameo_root AS root, c.date AS day, c.country AS place,
                   e.event_id, e.doc_id, e.cameo, e.modality, e.goldstein, e.quad_class,
                   e.date_precision, e.published, d.source AS news
            FROM (SELECT * FROM events{where}) AS e
            JOIN mentions AS c ON c.event_id = e.event_id AND c.batch = e.batch
            LEFT JOIN documents AS d ON d.id = e.doc_id
        ), codes AS (
            SELECT cluster_id, cameo, count(*) AS n, min(published) AS first FROM m GROUP BY 1, 2
        ), best AS (
            SELECT cluster_id, first(cameo ORDER BY n DESC, first NULLS LAST, cameo) AS code
            FROM codes GROUP BY 1
        )
        SELECT m.cluster_id, a, b, root AS cameo_root, best.code,
               list(DISTINCT cameo ORDER BY cameo) AS cameo,
               day AS date, min(date_precision) AS date_precision, place AS country,
               count(*) AS count, count(DISTINCT doc_id) AS documents, count(DISTINCT news) AS sources,
               min(published) AS first_report, max(published) AS last_report,
               {goldstein_mean(GOLDSTEIN_SUM, "count(goldstein)")} AS goldstein,
               min(quad_class) AS quad_class,
               list(DISTINCT modality ORDER BY modality) AS modality,
               list(event_id ORDER BY event_id) AS event_ids
        FROM m JOIN best ON best.cluster_id = m.cluster_id
        GROUP BY m.cluster_id, a, b, root, day, place, best.code"""


#: The order of clusters: by date (undated last), dyad, root, place, id.
CLUSTER_ORDER = "coalesce(date, '~'), a, b NULLS FIRST, cameo_root, country NULLS FIRST, cluster_id"
