"""The stored events seen across documents: clusters of mentions, and counts kept ahead of queries.

    clusters.py   which mentions are one event: the rule, the mention -> cluster assignment of a
                  batch, and the query that gives one row per cluster
    counts.py     pre-aggregated counts (per day and root, per day and pair of countries, per pair
                  of actor codes) and the queries that can be answered from them exactly

Both are defined in SQL over a relation with the events' columns, so that the writer (one batch
at commit), the reader (batches of a store written before them) and ``dateline compact`` (many
batches at once) share one definition.
"""
