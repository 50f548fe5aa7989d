"""Where a store's files live: a directory on this machine, or a folder on an fsspec filesystem.

    LocalFiles    a path (a local disk, or a shared filesystem such as NFS or Lustre): every
                  file is written under a temporary name and renamed, and writers take turns
                  under an ``flock`` on ``STORE/.lock``
    FsspecFiles   a URL: ``s3://bucket/prefix`` (with ``s3fs`` installed), ``gs://``, ``az://``,
                  ``memory://name`` (this process only), ``file:///path``, or any other fsspec
                  protocol. Object stores have no rename: each file is written whole, in one
                  put, under its final name (an object is seen only once it is complete), and
                  there is no store-wide lock (``locks`` is False)

Both take paths relative to the store's root (``"events/part-X.parquet"``). The layout of the
tables and what makes a batch committed are :mod:`dateline.store.layout`'s; what may be done
without a lock, :mod:`dateline.store.writer`'s.
"""

from __future__ import annotations

import errno
import fcntl
import io
import os
import posixpath
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from pathlib import Path
from typing import IO, Any

import pyarrow as pa
import pyarrow.parquet as pq

from dateline.errors import StoreError


def is_url(location: str | Path) -> bool:
    """Whether a store location is a URL (``s3://...``) rather than a path."""
    return "://" in str(location)


def store_files(location: str | Path) -> LocalFiles | FsspecFiles:
    """The files of the store at ``location``: a path or an fsspec URL."""
    return FsspecFiles(str(location)) if is_url(location) else LocalFiles(location)


class LocalFiles:
    """A store in a directory: atomic renames, and an ``flock`` for writers."""

    #: Writers can hold a store-wide lock, so each can check for duplicates before it commits.
    locks = True
    #: Other processes (and machines, on a shared filesystem) see the same files.
    in_process = False

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.location = str(root)

    def path(self, relative: str) -> str:
        """The path of a file of the store, as this filesystem (and DuckDB) names it."""
        return str(self.root / relative)

    def create(self, folders: Sequence[str]) -> None:
        """Make the store's folders and lock file; an OSError (EACCES) where they cannot be
        written, said before any work is done."""
        for folder in folders:
            (self.root / folder).mkdir(parents=True, exist_ok=True)
        (self.root / ".lock").touch(exist_ok=True)
        for path in (self.root, *(self.root / folder for folder in folders)):
            if not os.access(path, os.W_OK | os.X_OK):
                raise OSError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def is_store(self) -> bool:
        return (self.root / "batches").is_dir()

    def names(self, folder: str) -> list[str]:
        """The names of the files in ``folder`` (none when it does not exist)."""
        try:
            return os.listdir(self.root / folder)
        except FileNotFoundError:
            return []

    def exists(self, relative: str) -> bool:
        return (self.root / relative).exists()

    def open(self, relative: str) -> IO[bytes]:
        """A file of the store, open for reading (binary)."""
        return open(self.root / relative, "rb")

    def read_table(self, relative: str, columns: Sequence[str] | None = None) -> pa.Table:
        return pq.read_table(self.root / relative, columns=columns)

    def write_table(self, table: pa.Table, relative: str) -> None:
        path = self.root / relative
        tmp = path.with_name(f".tmp-{path.name}")
        try:
            pq.write_table(table, tmp, compression="zstd")
            os.replace(tmp, path)
        except BaseException:
            tmp.unlink(missing_ok=True)  # a half-written file only takes space
            raise

    def remove(self, relative: str) -> None:
        """Delete a file of the store, if it is there."""
        (self.root / relative).unlink(missing_ok=True)

    def read_text(self, relative: str) -> str | None:
        try:
            return (self.root / relative).read_text(encoding="utf-8")
        except FileNotFoundError:
            return None

    def write_text(self, relative: str, text: str) -> None:
        path = self.root / relative
        tmp = path.with_name(f".tmp-{path.name}")
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)

    @contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the store's lock: one writer at a time, across processes and machines."""
        with open(self.root / ".lock", "rb") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)


class FsspecFiles:
    """A store on an fsspec filesystem (object storage): whole files under their final names."""

    locks = False

    def __init__(self, url: str) -> None:
        import fsspec

        self.location = url
        try:
            fs, root = fsspec.core.url_to_fs(url)
        except ImportError as error:  # e.g. "Install s3fs to access S3"
            raise StoreError(f"cannot open the store {url}: {error}") from error
        except (ValueError, OSError) as error:  # an unknown protocol, a bad URL
            raise StoreError(f"cannot open the store {url}: {error}") from error
        self.fs: Any = fs
        self.root = root.rstrip("/")
        from fsspec.implementations.memory import MemoryFileSystem

        #: memory:// lives in one process: workers in other processes would not see it.
        self.in_process = isinstance(fs, MemoryFileSystem)

    def path(self, relative: str) -> str:
        return posixpath.join(self.root, relative)

    def create(self, folders: Sequence[str]) -> None:
        for folder in folders:  # object stores have no folders: nothing is written there
            self.fs.makedirs(self.path(folder), exist_ok=True)

    def is_store(self) -> bool:
        batches = self.path("batches")
        self.fs.invalidate_cache(batches)
        return bool(self.fs.exists(batches))

    def names(self, folder: str) -> list[str]:
        path = self.path(folder)
        self.fs.invalidate_cache(path)  # a cached listing would miss other writers' files
        try:
            listed = self.fs.ls(path, detail=False)
        except FileNotFoundError:
            return []
        return [posixpath.basename(str(name).rstrip("/")) for name in listed]

    def exists(self, relative: str) -> bool:
        return bool(self.fs.exists(self.path(relative)))

    def open(self, relative: str) -> IO[bytes]:
        handle: IO[bytes] = self.fs.open(self.path(relative), "rb")
        return handle

    def read_table(self, relative: str, columns: Sequence[str] | None = None) -> pa.Table:
        with self.open(relative) as handle:
            return pq.read_table(handle, columns=columns)

    def write_table(self, table: pa.Table, relative: str) -> None:
        buffer = io.BytesIO()  # one batch's file: small, and sent in one put
        pq.write_table(table, buffer, compression="zstd")
        self.fs.pipe_file(self.path(relative), buffer.getvalue())

    def remove(self, relative: str) -> None:
        with suppress(FileNotFoundError):
            self.fs.rm_file(self.path(relative))

    def read_text(self, relative: str) -> str | None:
        try:
            data: bytes = self.fs.cat_file(self.path(relative))
        except FileNotFoundError:
            return None
        return data.decode("utf-8")

    def write_text(self, relative: str, text: str) -> None:
        self.fs.pipe_file(self.path(relative), text.encode("utf-8"))

    def locked(self) -> nullcontext[None]:
        """No store-wide lock on object storage: see docs/SCALE.md for what holds without one."""
        return nullcontext()

    def arrow(self) -> Any:
        """This filesystem as pyarrow sees it, for reading datasets."""
        from pyarrow.fs import FSSpecHandler, PyFileSystem

        return PyFileSystem(FSSpecHandler(self.fs))


StoreFiles = LocalFiles | FsspecFiles
