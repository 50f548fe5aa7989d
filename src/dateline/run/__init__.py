"""Running ingest at scale: one driver, three engines (inline, local processes, Dask).

    driver.py    reads records, hands out batches, drops the run's duplicates, sums accounting
    worker.py    what a worker does with a batch: documents, then code and commit
    limits.py    max_chars and the per-document time limit
    engines.py   picks and starts an engine
    local.py     a pool of processes on this machine
    dask.py      a Dask cluster, local or remote

Nothing here is imported by ``dateline`` until a run needs it.
"""
