"""Limits that keep one monster document from stalling a worker.

Documents longer than ``max_chars`` are rejected as "too-long" before they are parsed (see
``pipeline.documents_from``). Coding is bounded in time: ``code_within`` codes a batch under
``document_timeout_s``; when the batch runs over, its documents are coded one by one, each
under the same limit, and a document that still runs over is rejected as "timeout".

The limit interrupts the coder by raising ``DocumentTimeout`` in the thread that codes: through
``SIGALRM`` in a process's main thread (the inline and local engines), and through an
asynchronous exception from a timer thread elsewhere (Dask runs tasks in worker threads). Either
way it lands when the coder next runs Python code, so one long call into spaCy's compiled code
finishes first; ``max_chars`` bounds how long such a call can be.
"""

from __future__ import annotations

import ctypes
import signal
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Any

from dateline.records import Document, Origin, Reject

if TYPE_CHECKING:
    from dateline.pipeline import Coder


class DocumentTimeout(BaseException):
    """Coding ran over its time limit (a BaseException so ``except Exception`` cannot eat it)."""


@contextmanager
def deadline(seconds: float) -> Iterator[None]:
    """Raise ``DocumentTimeout`` in this thread if the block runs longer than ``seconds``.

    ``seconds <= 0`` sets no limit.
    """
    if seconds <= 0:
        yield
    elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
        with _alarm(seconds):
            yield
    else:
        with _timer(seconds):
            yield


@contextmanager
def _alarm(seconds: float) -> Iterator[None]:
    armed = True

    def ring(signum: int, frame: FrameType | None) -> None:
        if armed:
            raise DocumentTimeout

    previous = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def _timer(seconds: float) -> Iterator[None]:
    thread = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"armed": True, "fired": False}

    def ring() -> None:
        with lock:
            if state["armed"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, ctypes.py_object(DocumentTimeout))

    timer = threading.Timer(seconds, ring)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["armed"] = False
            if state["fired"]:
                # The exception may still be pending if the block ended as the timer rang.
                ctypes.pythonapi.PyThreadState_SetAsyncExc(thread, None)


def code_within(
    coder: Coder, documents: Sequence[Document], seconds: float
) -> tuple[list[Document], list[dict[str, Any]], list[Reject]]:
    """Code ``documents`` within the time limit: (the coded documents, their events, timeouts)."""
    if not documents:
        return [], [], []
    try:
        with deadline(seconds):
            return list(documents), coder.code(documents), []
    except DocumentTimeout:
        if len(documents) == 1:
            return [], [], [_timeout(documents[0], seconds)]
    kept: list[Document] = []
    events: list[dict[str, Any]] = []
    rejects: list[Reject] = []
    for document in documents:
        done, found, late = code_within(coder, [document], seconds)
        kept += done
        events += found
        rejects += late
    return kept, events, rejects


def _timeout(document: Document, seconds: float) -> Reject:
    return Reject(
        "timeout", document.origin or Origin(document.id), f"coding took over {seconds:g} s",
        document.text[:200],
    )
