"""The local engine: batches go to ``workers`` processes on this machine.

The processes are started with the ``spawn`` method (no inherited state, the same on every
platform) and each builds its ``Worker`` once, in the pool's initializer: the spaCy model and
the dictionaries load once per process, not once per batch. A process that dies (killed, out of
memory) breaks the pool; the engine then starts a new pool and hands it every batch that had
not come back, up to ``RESTARTS`` times. A batch whose commit landed just before its process
died is committed again: its documents then count as duplicates, never as stored twice.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

from dateline.config import Settings
from dateline.errors import PipelineError
from dateline.pipeline import Coder
from dateline.records import RawRecord, Reject
from dateline.run.worker import Job, Prepared, Worker
from dateline.store.writer import Committed

log = logging.getLogger(__name__)

#: How many times a run starts a new pool after losing a process before it gives up.
RESTARTS = 3

# The one per-process slot: set by the initializer, in pool processes only.
_worker: Worker | BaseException | None = None


def _start(settings: Settings, store: str, run: str, events: bool, coder: Coder | None) -> None:
    global _worker
    try:
        _worker = Worker(settings, store, run, events=events, coder=coder)
    except Exception as error:  # reported by the first task, with its own message
        _worker = error


def _here() -> Worker:
    if isinstance(_worker, BaseException):
        raise _worker
    if _worker is None:
        raise PipelineError("a local worker process was not initialised")
    return _worker


def _prepare(records: Sequence[RawRecord | Reject]) -> Prepared:
    return _here().prepare(records)


def _commit(job: Job) -> Committed:
    return _here().commit(job)


class _Task:
    """A submitted batch that can be handed to a new pool if its process dies."""

    def __init__(self, engine: LocalEngine, function: Callable[[Any], Any], argument: Any) -> None:
        self.engine, self.function, self.argument = engine, function, argument
        self.number = engine.submitted
        self.generation = -1
        self.future: Future[Any] = engine.submit(self)

    def result(self) -> Any:
        while True:
            try:
                value = self.future.result()
            except BrokenProcessPool:
                self.engine.recover(self)
                continue
            self.engine.live.discard(self)
            return value


class LocalEngine(AbstractContextManager["LocalEngine"]):
    """A pool of ``workers`` processes, each with its own pipeline and store writer."""

    def __init__(
        self, settings: Settings, store: str | Path, run: str, *, workers: int, events: bool = True,
        coder: Coder | None = None,
    ) -> None:
        self.ahead = workers
        self.workers = workers
        self.initargs = (settings, str(store), run, events, coder)
        self.generation = 0
        self.restarts = 0
        self.live: set[_Task] = set()
        self.submitted = 0
        self.pool = self._pool()

    def _pool(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("spawn"),
            initializer=_start, initargs=self.initargs,
        )

    def prepare(self, records: Sequence[RawRecord | Reject]) -> _Task:
        return _Task(self, _prepare, records)

    def commit(self, job: Job) -> _Task:
        return _Task(self, _commit, job)

    def submit(self, task: _Task) -> Future[Any]:
        task.generation = self.generation
        self.submitted += 1
        self.live.add(task)
        return self.pool.submit(task.function, task.argument)

    def recover(self, task: _Task) -> None:
        """A process died: start a new pool (once per loss) and resubmit every live batch."""
        if task.generation == self.generation:
            self.restarts += 1
            if self.restarts > RESTARTS:
                raise PipelineError(
                    f"worker processes died {self.restarts} times; giving up (out of memory?)"
                )
            log.warning("a worker process died; starting a new pool (%d of %d)",
                        self.restarts, RESTARTS)
            self.pool.shutdown(wait=False, cancel_futures=True)
            self.generation += 1
            self.pool = self._pool()
            for other in sorted(self.live, key=lambda t: t.number):  # in the order first sent
                if _lost(other.future):
                    other.future = self.submit(other)
        if task.generation != self.generation:
            task.future = self.submit(task)

    def __exit__(self, *exc: object) -> None:
        self.pool.shutdown(wait=exc[0] is None, cancel_futures=True)


def _lost(future: Future[Any]) -> bool:
    """Whether a future of a broken pool will never bring its result."""
    if not future.done() or future.cancelled():
        return True
    return isinstance(future.exception(), BrokenProcessPool)
