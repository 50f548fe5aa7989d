"""The Dask engine: batches go to the workers of a Dask cluster (``dask.distributed``).

Without a scheduler address it starts a local cluster of ``workers`` processes with one thread
each; with one (``tcp://host:8786``) it uses that cluster as it is. A worker plugin, registered
for the run, builds the run's ``Worker`` (pipeline and store writer) once per Dask worker, on
its first task. The store must be a path that every worker sees (a shared filesystem), or a URL
of object storage that every worker can reach (``s3://...``; ``memory://`` with a cluster of
threads in this process).

Dask retries the tasks of a worker that dies on another worker; as with the local engine, a
commit that lands twice only turns documents into duplicates.

The local cluster is set up for long tasks that hold the interpreter (``LOCAL_CLUSTER``): no
dashboard and no profiler sampling every task's stack, the event loop's health checks and the
system and memory monitors run less often (at Dask's defaults they wake every worker process
over 60 times a second), and the worker processes keep glibc's own memory trimming: Dask's nanny
sets ``MALLOC_TRIM_THRESHOLD_`` for them, which makes spaCy's parse hand memory back to the
system and fault it in again, batch after batch (see ``bench/scale.py``'s ``dask-defaults``).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Sequence
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from dask import config as dask_config
from distributed import Client, LocalCluster, WorkerPlugin, get_worker

from dateline.config import Settings
from dateline.errors import ConfigError
from dateline.pipeline import Coder
from dateline.records import RawRecord, Reject
from dateline.run.worker import Job, Prepared, Worker
from dateline.store.files import store_files
from dateline.store.writer import Committed

#: Dask settings for the local cluster (see above); docs/SCALE.md gives them for other clusters.
LOCAL_CLUSTER: dict[str, Any] = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "1s",
    "distributed.admin.system-monitor.interval": "2s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_": None,
}


class RunPlugin(WorkerPlugin):
    """One run's state on one Dask worker: its ``Worker``, built on first use."""

    def __init__(
        self, settings: Settings, store: str, run: str, events: bool, coder: Coder | None
    ) -> None:
        self.settings, self.store, self.run = settings, store, run
        self.events, self.coder = events, coder
        self.lock: threading.Lock | None = None
        self.worker: Worker | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "lock": None, "worker": None}

    def setup(self, worker: Any) -> None:
        self.lock = threading.Lock()

    def teardown(self, worker: Any) -> None:
        self.worker = None

    def call(self, method: str, argument: Any) -> Any:
        """Run ``Worker.<method>(argument)``, one task at a time (spaCy is not thread-safe)."""
        if self.lock is None:
            raise ConfigError("the dateline worker plugin was not set up")
        with self.lock:
            if self.worker is None:
                self.worker = Worker(self.settings, self.store, self.run, events=self.events,
                                     coder=self.coder)
            return getattr(self.worker, method)(argument)


def _plugin(name: str) -> RunPlugin:
    plugin = get_worker().plugins[name]
    assert isinstance(plugin, RunPlugin)
    return plugin


def prepare_task(records: Sequence[RawRecord | Reject], name: str) -> Prepared:
    result: Prepared = _plugin(name).call("prepare", records)
    return result


def commit_task(job: Job, name: str) -> Committed:
    result: Committed = _plugin(name).call("commit", job)
    return result


class DaskEngine(AbstractContextManager["DaskEngine"]):
    """A Dask client (and, without a scheduler address, the local cluster it started)."""

    def __init__(
        self, settings: Settings, store: str | Path, run: str, *, workers: int | None = None,
        scheduler: str | None = None, events: bool = True, coder: Coder | None = None,
    ) -> None:
        from dateline.run.engines import default_workers

        self.name = f"dateline-{run}"
        self.cluster: LocalCluster | None = None
        try:
            if scheduler:
                self.client = Client(scheduler)  # waits distributed.comm.timeouts.connect
            else:
                with dask_config.set(LOCAL_CLUSTER):
                    self.cluster = LocalCluster(
                        n_workers=workers or default_workers(), threads_per_worker=1,
                        processes=True, dashboard_address=None, silence_logs=logging.ERROR,
                    )
                self.client = Client(self.cluster)
        except (OSError, TimeoutError) as error:
            self._close()
            raise ConfigError(f"cannot reach the Dask scheduler {scheduler}: {error}") from error
        try:
            if store_files(store).in_process:
                here = os.getpid()
                if any(pid != here for pid in self.client.run(os.getpid).values()):
                    raise ConfigError(
                        f"the store {store} lives in this process's memory, and the workers of "
                        f"the Dask cluster at {scheduler} run in other processes"
                    )
            self.client.register_plugin(RunPlugin(settings, str(store), run, events, coder),
                                        name=self.name)
            self.ahead = max(1, sum(self.client.nthreads().values()))
        except BaseException:
            self._close()
            raise

    def prepare(self, records: Sequence[RawRecord | Reject]) -> Any:
        return self.client.submit(prepare_task, list(records), self.name, pure=False)

    def commit(self, job: Job) -> Any:
        return self.client.submit(commit_task, job, self.name, pure=False)

    def _close(self) -> None:
        client = getattr(self, "client", None)
        if client is not None:
            client.close()
        if self.cluster is not None:
            self.cluster.close()

    def __exit__(self, *exc: object) -> None:
        try:
            if self.cluster is None:  # leave a shared cluster's workers without this run's state
                self.client.unregister_worker_plugin(self.name)
        finally:
            self._close()
