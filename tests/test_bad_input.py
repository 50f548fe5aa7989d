"""Bad input is rejected with its reason, the rest of the batch goes on, nothing is lost."""

from __future__ import annotations

import gzip
import os
import subprocess
import sys
from pathlib import Path

import pytest

import dateline
from conftest import EXAMPLES, SEED, assert_accounted

GOOD = (EXAMPLES / "articles.jsonl").read_text()


def _write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


def _truncated_gz(text: bytes) -> bytes:
    whole = gzip.compress(text * 50)
    return whole[: len(whole) // 2]


CASES = {
    "binary": ("image.bin", os.urandom(64) + b"\x00" * 64 + os.urandom(2000), "binary"),
    "empty": ("empty.txt", b"", "empty"),
    "truncated-gz": ("cut.jsonl.gz", _truncated_gz(GOOD.encode()), "truncated"),
    "broken-json": ("broken.jsonl", b'{"text": "Unclosed string, \n', "json"),
    "csv-no-text": ("notext.csv", b"id,body\n1,Some words here\n", "missing-text"),
    "not-utf8": ("latin1.jsonl", '{"text": "Caf\xe9 talks in Paris"}\n'.encode("latin-1"),
                 "encoding"),
    "too-large": ("big.jsonl", b'{"text": "' + b"word " * 3000 + b'"}\n', "too-large"),
    "html-no-article": ("empty.html", b"<html><head><title>x</title></head><body>"
                        b"<nav><a href='/'>Home</a></nav></body></html>", "no-article-text"),
    "not-english": ("fr.jsonl", '{"text": "Le président de la République a rencontré hier '
                    'à Paris le premier ministre pour discuter de la réforme."}\n'.encode(),
                    "language"),
    "json-not-object": ("list.jsonl", b"[1, 2, 3]\n", "json"),
    "deep-json": ("deep.jsonl", b"[" * 4000 + b"]" * 4000 + b"\n", "json"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_record_is_rejected_and_the_batch_goes_on(case: str, tmp_path: Path) -> None:
    name, data, reason = CASES[case]
    folder = tmp_path / "in"
    folder.mkdir()
    _write(folder, name, data)
    _write(folder, "zz-good.jsonl", GOOD.encode())
    settings = dateline.load_settings(
        environ={}, store=str(tmp_path / "store"), max_record_bytes=10_000
    )
    counts = dateline.ingest([str(folder)], settings=settings)
    assert_accounted(counts)
    assert counts.rejected[reason] >= 1, counts.as_dict()
    assert counts.stored >= 3  # the good file after the bad one is read
    with dateline.open_store(settings.store) as store:
        rejects = list(store.rejects(reason=reason))
        assert rejects and all(r["origin"].startswith(str(folder)) for r in rejects)
        assert store.stats()["read"] == counts.read


def test_truncated_gz_keeps_the_records_before_the_cut(tmp_path: Path) -> None:
    lines = "".join(
        f'{{"id": "r{i}", "text": "Record {i}: troops crossed the border at dawn."}}\n'
        for i in range(2000)
    ).encode()
    whole = gzip.compress(lines)
    path = _write(tmp_path, "cut.jsonl.gz", whole[: len(whole) * 3 // 4])
    settings = dateline.load_settings(environ={}, store=str(tmp_path / "store"))
    counts = dateline.ingest([str(path)], settings=settings)
    assert_accounted(counts)
    assert counts.rejected["truncated"] == 1
    assert 0 < counts.stored < 2000


def test_bad_lines_among_good_ones(tmp_path: Path) -> None:
    text = (
        '{"id": "a", "text": "Police arrested two protesters in Minsk on Monday."}\n'
        "not json at all\n"
        '{"id": "b"}\n'
        '{"id": "c", "text": "Police arrested two protesters in Minsk on Monday."}\n'
        '{"id": "a", "text": "A different text under an id already stored."}\n'
    )
    path = _write(tmp_path, "mixed.jsonl", text.encode())
    settings = dateline.load_settings(environ={}, store=str(tmp_path / "store"))
    counts = dateline.ingest([str(path)], settings=settings)
    assert counts.as_dict() == {
        "read": 5, "stored": 1, "duplicate": 2, "rejected": {"json": 1, "missing-text": 1},
        "events": 1,  # police (BLRCOP) arrested protesters (BLROPP): 173
    }


def test_the_same_input_twice_stores_nothing_new(tmp_path: Path) -> None:
    settings = dateline.load_settings(environ={}, store=str(tmp_path / "store"))
    first = dateline.ingest([str(EXAMPLES)], settings=settings)
    second = dateline.ingest([str(EXAMPLES)], settings=settings)
    assert second.stored == 0 and second.duplicate == first.stored
    with dateline.open_store(settings.store) as store:
        stats = store.stats()
        assert stats["documents"] == first.stored
        assert [run["stored"] for run in stats["runs"]] == [first.stored, 0]


def test_command_exits_zero_with_rejects(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for case in ("binary", "empty", "broken-json", "not-utf8"):
        name, data, _ = CASES[case]
        _write(folder, name, data)
    (folder / "seed.txt").write_bytes(SEED.read_bytes())
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", str(folder), "--store",
         str(tmp_path / "store"), "-q"],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "read 5, stored 1, duplicate 0, rejected 4" in done.stderr


def test_unusable_arguments_exit_non_zero(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", str(tmp_path / "missing*.jsonl"),
         "--store", str(tmp_path / "store")],
        capture_output=True, text=True, check=False,
    )
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and "no such file" in done.stderr
