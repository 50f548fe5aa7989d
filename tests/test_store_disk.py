"""A full disk and a read-only store: the command says so in one line (a stable code, no
traceback), exits 2, and the store stays readable with every batch committed before intact.

The full disk is a real small tmpfs, and the read-only store a read-only bind mount, where this
user may mount (root, in a container that allows it); else a file size limit (RLIMIT_FSIZE, so
writes fail with EFBIG) and a directory without write permission stand in."""

from __future__ import annotations

import json
import os
import random
import resource
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

import dateline
from conftest import EXAMPLES
from dateline.api import create_app
from scale_inputs import write_articles


def run(*args: str, limit_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:
        if limit_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([sys.executable, "-m", "dateline", *args], capture_output=True, text=True,
                          check=False, preexec_fn=limit)


def mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True, check=False).returncode == 0


def umount(path: Path) -> None:
    subprocess.run(["umount", str(path)], capture_output=True, check=False)


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 6 MB tmpfs; skipped where this user cannot mount one."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if not mount("-t", "tmpfs", "-o", "size=6m", "tmpfs", str(folder)):
        pytest.skip("cannot mount a tmpfs here (not root, or not allowed)")
    try:
        yield folder
    finally:
        umount(folder)


def fill(disk: Path, leave: int) -> Path:
    """Fill the disk but ``leave`` bytes; the file that fills it."""
    stat = os.statvfs(disk)
    filler = disk / "filler"
    filler.write_bytes(b"\0" * max(0, stat.f_bavail * stat.f_frsize - leave))
    return filler


def varied_articles(path: Path, count: int) -> Path:
    """Long articles of words in random order: they compress poorly, so they fill a disk."""
    rng = random.Random(9)
    words = ["the", "minister", "said", "talks", "with", "delegation", "would", "continue", "next",
             "week", "in", "capital", "after", "officials", "met", "to", "discuss", "trade", "border",
             "security", "water", "energy", "and", "aid"]
    path.write_text("".join(json.dumps({
        "id": f"more-{i}",
        "text": f"Report {i}. " + " ".join(rng.choice(words) for _ in range(600)) + ".",
    }) + "\n" for i in range(count)))
    return path


def contents(store: Path) -> tuple[list[str], int]:
    with dateline.open_store(store) as reader:
        return [d["id"] for d in reader.documents(with_text=False)], reader.stats()["stored"]


def leftovers(store: Path) -> list[str]:
    committed = {p.name for p in (store / "batches").glob("part-*.parquet")}
    return [str(p) for p in store.glob("*/*") if p.name.startswith(".tmp-") or p.name not in committed]


def assert_one_clear_line(done: subprocess.CompletedProcess[str], code: str, words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and done.stderr.count("\n") == 1, done.stderr
    assert f"[{code}]" in done.stderr and words in done.stderr


@pytest.mark.parametrize("engine", ["inline", "local"])
def test_a_full_disk_is_a_clear_error_and_the_store_stays_readable(
    small_disk: Path, tmp_path: Path, engine: str
) -> None:
    store = small_disk / "store"
    first = write_articles(tmp_path / "first.jsonl", 20)
    more = varied_articles(tmp_path / "more.jsonl", 60)
    options = ["--store", str(store), "-q", "--batch-size", "5", "--engine", engine]
    assert run("ingest", str(first), *options).returncode == 0
    before, _ = contents(store)
    filler = fill(small_disk, leave=100_000)

    done = run("ingest", str(more), *options, "--format", "jsonl")
    assert_one_clear_line(done, "E301", "out of space")
    ids, stored = contents(store)
    assert set(before) <= set(ids) and len(ids) == len(set(ids)) == stored
    assert leftovers(store) == []  # the batch cut short took its files with it
    assert run("events", "--store", str(store), "--format", "jsonl").returncode == 0

    filler.unlink()
    assert run("ingest", str(more), *options).returncode == 0, "after space is freed, it completes"
    ids, stored = contents(store)
    assert sorted(ids) == sorted([*before, *(f"more-{i}" for i in range(60))]) and stored == 80


def test_a_file_size_limit_is_reported_as_out_of_space(tmp_path: Path) -> None:
    """Runs for any user: RLIMIT_FSIZE makes writes past 1 kB fail with EFBIG (Python ignores
    SIGXFSZ), as a full disk makes them fail with ENOSPC."""
    store = tmp_path / "store"
    first = write_articles(tmp_path / "first.jsonl", 4)
    assert run("ingest", str(first), "--store", str(store), "-q", "--batch-size", "2").returncode == 0
    more = write_articles(tmp_path / "more.jsonl", 10)
    # The records name their language: the language check would write a temporary file first.
    named = more.read_text().replace('"published"', '"language": "en", "published"')
    more.write_text(named.replace("gen-", "more-"))
    done = run("ingest", str(more), "--store", str(store), "-q", limit_bytes=1024)
    assert_one_clear_line(done, "E301", "out of space (File too large)")
    # Anything else the limit stops is one clear line too (here: the language check's temporary file).
    done = run("ingest", str(EXAMPLES / "articles.jsonl"), "--store", str(store), "-q", limit_bytes=1024)
    assert_one_clear_line(done, "Errno 27", "File too large")
    assert contents(store) == (["gen-0000", "gen-0001", "gen-0002", "gen-0003"], 4)
    assert leftovers(store) == []


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Makes a store read-only: a read-only bind mount where this user may mount, else
    permissions (which root would ignore)."""
    mounted: list[Path] = []
    modes: list[Path] = []

    def make(store: Path) -> None:
        if mount("--bind", str(store), str(store)):
            mounted.append(store)
            assert mount("-o", "remount,bind,ro", str(store))
            return
        if os.geteuid() == 0:
            pytest.skip("root, and no bind mount here: no way to make a read-only store")
        for folder in [store, *store.iterdir()]:
            if folder.is_dir():
                folder.chmod(0o555)
                modes.append(folder)

    yield make
    for store in mounted:
        umount(store)
    for folder in modes:
        folder.chmod(0o755)


def test_a_read_only_store_is_a_clear_error_and_stays_readable(
    tmp_path: Path, read_only: Callable[[Path], None], coder: dateline.pipeline.Coder
) -> None:
    store = tmp_path / "store"
    dateline.ingest([str(EXAMPLES / "articles.jsonl")], store=store, coder=coder)
    read_only(store)
    done = run("ingest", str(EXAMPLES / "dispatches.txt"), "--store", str(store), "-q")
    assert_one_clear_line(done, "E302", "is read-only")
    done = run("recode", "--store", str(store))
    assert_one_clear_line(done, "E302", "is read-only")
    with pytest.raises(dateline.StoreReadOnlyError, match="nothing was written"):
        dateline.ingest([str(EXAMPLES / "dispatches.txt")], store=store, engine="local", workers=2)
    assert contents(store)[1] == 3
    for command in ("stats", "documents", "events", "rejects"):
        assert run(command, "--store", str(store)).returncode == 0, command

    settings = dateline.load_settings(environ={}, store=str(store), api_token="t")
    with TestClient(create_app(settings, coder=coder)) as client:
        assert client.get("/api/events").json()["total"] > 0
        assert client.get("/api/stats").status_code == 200
        refused = client.post("/api/documents", json={"text": "Putin met Rahmon in Dushanbe."},
                              headers={"Authorization": "Bearer t"})
        assert refused.status_code == 503 and refused.json()["code"] == "E302"
