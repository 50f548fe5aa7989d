"""The driver of a run: it reads records, hands batches to an engine, and sums the accounting.

The same driver runs every engine (inline, local processes, Dask). For each batch of raw
records, in reading order:

1. a worker *prepares* the batch (documents and rejects);
2. the driver drops the documents this run has already seen or the store already holds (same
   id or same text hash), so the first copy in reading order is the one stored, whatever the
   engine and the number of workers: the same input gives the same documents and events;
3. a worker *commits* the batch: codes the fresh documents and writes them, the rejects and
   the batch's accounting atomically with its own ``StoreWriter``. The writer checks for
   duplicates again under the store's lock, which catches documents that another run stored
   meanwhile and makes a re-run after a crash add nothing twice. On object storage, which has
   no lock, the worker writes the batch's files and the driver writes its commit mark, once
   per batch: a batch that a lost worker had written and that another worker wrote again is
   seen once.

Only a bounded number of batches is in flight at once, so memory does not grow with the input.
The driver checks that the committed accounting covers every record it read.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Generic, Protocol, TypeVar

from dateline.errors import PipelineError
from dateline.records import Document, RawRecord, Reject
from dateline.run.worker import Job, Prepared, Worker
from dateline.store.writer import Accounting, Committed, StoreWriter

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class Pending(Protocol[T_co]):
    """A result on its way: a ``concurrent.futures.Future``, a Dask future, or one at hand."""

    def result(self) -> T_co: ...


class Engine(Protocol):
    """Where batches are prepared and committed.

    ``ahead``: how many batches the driver keeps waiting to be prepared (and twice as many to be
    committed) so that the engine's workers never run dry; 0 runs one batch at a time.
    """

    ahead: int

    def prepare(self, records: Sequence[RawRecord | Reject]) -> Pending[Prepared]: ...

    def commit(self, job: Job) -> Pending[Committed]: ...


@dataclass
class Done(Generic[T]):
    """A result computed at once (the inline engine)."""

    value: T

    def result(self) -> T:
        return self.value


@dataclass
class Seen:
    """The ids and text hashes of documents stored before the run or met in it so far."""

    ids: set[str] = field(default_factory=set)
    hashes: set[str] = field(default_factory=set)

    @classmethod
    def in_store(cls, writer: StoreWriter) -> Seen:
        writer.refresh()
        return cls(set(writer.ids), set(writer.hashes))

    def fresh(self, documents: Sequence[Document]) -> tuple[list[Document], int]:
        """The documents not seen before (now seen), and how many were duplicates."""
        kept: list[Document] = []
        for doc in documents:
            if doc.id in self.ids or doc.text_hash in self.hashes:
                continue
            kept.append(doc)
            self.ids.add(doc.id)
            self.hashes.add(doc.text_hash)
        return kept, len(documents) - len(kept)


class InlineEngine(AbstractContextManager["InlineEngine"]):
    """Everything in the calling process, one batch after another."""

    ahead = 0

    def __init__(self, worker: Worker) -> None:
        self.worker = worker

    def prepare(self, records: Sequence[RawRecord | Reject]) -> Pending[Prepared]:
        return Done(self.worker.prepare(records))

    def commit(self, job: Job) -> Pending[Committed]:
        return Done(self.worker.commit(job))

    def __exit__(self, *exc: object) -> None:
        return None


def drive(
    engine: Engine,
    batches: Iterable[Sequence[RawRecord | Reject]],
    writer: StoreWriter,
    progress: Callable[[Accounting], None] | None = None,
) -> Accounting:
    """Run every batch through ``engine`` into ``writer``'s store; the accounting of all the
    batches committed. ``writer`` tells the documents stored before the run and writes the
    commit marks that the workers hand back."""
    seen = Seen.in_store(writer)
    preparing: deque[Pending[Prepared]] = deque()
    committing: deque[Pending[Committed]] = deque()
    total = Accounting()
    sent = 0

    def hand_on() -> None:
        prepared = preparing.popleft().result()
        fresh, duplicates = seen.fresh(prepared.documents)
        committing.append(engine.commit(Job(fresh, prepared.rejects, duplicates, prepared.read)))

    def settle() -> None:
        done = committing.popleft().result()
        if done.mark is not None:
            writer.mark(done.mark)
        total.add(done.accounting)
        if progress is not None:
            progress(total)

    for batch in batches:
        sent += len(batch)
        preparing.append(engine.prepare(batch))
        while len(preparing) > engine.ahead:
            hand_on()
        while len(committing) > 2 * engine.ahead:
            settle()
    while preparing:
        hand_on()
    while committing:
        settle()
    if total.read != sent:
        raise PipelineError(f"the run read {sent} records but accounted for {total.read}")
    return total
