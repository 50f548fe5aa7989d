"""Views of the store lent to requests: opened once, reused, and opened again when the store changes.

Opening a view (a DuckDB connection and views over every part file) costs more than most
queries do, so the app keeps a few idle ones. Each is lent to one request at a time (a DuckDB
connection is not shared between threads), and each carries the store's state when it was
opened: the names of the committed batches and the current generation. A view whose state is
no longer the store's (a batch was committed, a recode switched) is closed instead of lent, so
a request sees what was committed before it began, as if it had opened its own.
"""

from __future__ import annotations

import threading
from pathlib import Path

from dateline.store import layout, parts
from dateline.store.files import StoreFiles, store_files
from dateline.store.queries import StoreReader

State = tuple[tuple[str, ...], str | None, str | None]


def store_state(files: StoreFiles) -> State | None:
    """What a view of the store depends on: the committed batches, the generation and the
    compaction manifest; None where there is no store (yet)."""
    try:
        if not files.is_store():
            return None
        return (tuple(sorted(files.names("batches"))), layout.current_generation(files),
                files.read_text(parts.MANIFEST))
    except OSError:
        return None


class ReaderPool:
    """Up to ``idle`` open views of the store at ``root``, kept between requests."""

    def __init__(self, root: str | Path, idle: int = 8) -> None:
        self.root = root
        self.files = store_files(root)
        self.idle = idle
        self._held: list[tuple[State, StoreReader]] = []
        self._lock = threading.Lock()

    def take(self) -> tuple[State | None, StoreReader]:
        """A view of the store as it is now, for one request, and the state it shows; give it
        back with :meth:`give`. :class:`~dateline.errors.StoreError` where there is no store."""
        state = store_state(self.files)
        reader, stale = None, []
        with self._lock:
            while self._held and reader is None:
                held_state, held = self._held.pop()
                if held_state == state:
                    reader = held
                else:
                    stale.append(held)
        for old in stale:
            old.close()
        return state, StoreReader(self.root) if reader is None else reader

    def give(self, state: State | None, reader: StoreReader) -> None:
        """Take back a view that :meth:`take` lent: kept for the next request, or closed."""
        with self._lock:
            if state is not None and len(self._held) < self.idle:
                self._held.append((state, reader))
                return
        reader.close()
