"""Choosing an engine for a run and running the driver with it.

    inline   everything in the calling process (the default)
    local    ``workers`` processes on this machine (default: one per core)
    dask     a local Dask cluster of ``workers`` processes, or an existing cluster (``scheduler``)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path

from dateline.config import Settings
from dateline.errors import ConfigError
from dateline.pipeline import Coder, batches
from dateline.records import RawRecord, Reject
from dateline.run.driver import Engine, InlineEngine, drive
from dateline.run.worker import Worker
from dateline.store import layout
from dateline.store.files import is_url
from dateline.store.writer import Accounting, StoreWriter

ENGINES = ("inline", "local", "dask")


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def check_options(engine: str, workers: int | None, scheduler: str | None) -> None:
    if engine not in ENGINES:
        raise ConfigError(f"unknown engine {engine!r}; known: {', '.join(ENGINES)}")
    if workers is not None and workers < 1:
        raise ConfigError("workers must be at least 1")
    if workers is not None and engine == "inline" and workers != 1:
        raise ConfigError("workers needs the local or the dask engine")
    if scheduler is not None and engine != "dask":
        raise ConfigError("a scheduler address needs the dask engine")
    if scheduler is not None and workers is not None:
        raise ConfigError("give either a scheduler (an existing cluster) or a number of workers")


def check_store(writer: StoreWriter, engine: str, scheduler: str | None) -> None:
    """Refuse a store that the engine's workers could not see: one in this process's memory
    (``memory://``) with worker processes."""
    if writer.files.in_process and (engine == "local" or (engine == "dask" and not scheduler)):
        raise ConfigError(
            f"the store {writer.root} lives in this process's memory: its worker processes "
            "would not see it (use the inline engine, or a Dask cluster of threads)"
        )


def run_ingest(
    records: Iterable[RawRecord | Reject],
    settings: Settings,
    store: str | Path,
    *,
    engine: str = "inline",
    workers: int | None = None,
    scheduler: str | None = None,
    coder: Coder | None = None,
    events: bool = True,
    progress: Callable[[Accounting], None] | None = None,
) -> Accounting:
    """Ingest ``records`` into ``store`` with ``engine``; the accounting of the whole run."""
    check_options(engine, workers, scheduler)
    run = layout.new_id()
    writer = StoreWriter(store, run)
    check_store(writer, engine, scheduler)
    with _start(engine, settings, store, run, workers, scheduler, coder, events) as started:
        return drive(started, batches(records, settings.batch_size), writer, progress)


def _start(
    engine: str, settings: Settings, store: str | Path, run: str, workers: int | None,
    scheduler: str | None, coder: Coder | None, events: bool,
) -> AbstractContextManager[Engine]:
    if engine == "local":
        from dateline.run.local import LocalEngine

        return LocalEngine(settings, store, run, workers=workers or default_workers(),
                           events=events, coder=coder)
    if engine == "dask":
        from dateline.run.dask import DaskEngine

        where = store if is_url(store) else Path(store).resolve()
        return DaskEngine(settings, where, run, workers=workers, scheduler=scheduler,
                          events=events, coder=coder)
    return InlineEngine(Worker(settings, store, run, events=events, coder=coder))
