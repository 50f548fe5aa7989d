"""Every input format, over files, directories, globs, .gz and standard input."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import dateline
from conftest import EXAMPLES, SEED, assert_accounted
from dateline.documents.sources import Input, sniff


def _docs(settings: dateline.Settings) -> list[dict]:
    with dateline.open_store(settings.store) as store:
        return list(store.documents())


def test_seed_is_read_with_its_dateline(settings: dateline.Settings) -> None:
    counts = dateline.ingest([str(SEED)], settings=settings)
    assert (counts.read, counts.stored) == (1, 1)
    [doc] = _docs(settings)
    assert doc["published"] == "2022-06-28"
    assert doc["dateline"] == {"place": "DUSHANBE", "date": "June 28", "agency": "TASS"}
    assert doc["source"] == "TASS"
    assert doc["text"].startswith("Issues of closer cooperation")
    assert "’" in doc["text"] and "\n\n" in doc["text"]


def test_every_example_format(settings: dateline.Settings) -> None:
    counts = dateline.ingest([str(EXAMPLES)], settings=settings)
    assert_accounted(counts)
    assert counts.rejected == {}
    docs = {d["title"] or d["text"][:20]: d for d in _docs(settings)}
    assert counts.stored == len(docs) == 13
    rss = docs["Leaders hold phone call"]
    assert rss["published"] == "2023-06-12" and rss["url"].endswith("/phone-call")
    assert rss["dateline"]["place"] == "MOSCOW" and rss["text"].startswith("Russian President")
    page = docs["Foreign ministers meet in Tashkent"]
    assert page["published"] == "2023-07-20" and page["source"] == "Example News"
    assert "Copyright" not in page["text"] and "Home" not in page["text"]
    csv_doc = docs["Talks in Baku"]
    assert csv_doc["id"] == "example-0101" and csv_doc["published"] == "2023-05-10"


def test_wire_dump_with_many_records(settings: dateline.Settings) -> None:
    counts = dateline.ingest([str(EXAMPLES / "dispatches.txt")], settings=settings)
    assert counts.stored == 4
    dates = sorted(d["published"] for d in _docs(settings))
    assert dates == ["2023-03-14", "2023-03-15", "2023-03-16", "2023-03-17"]


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.jsonl", b"{}", "jsonl"), ("a.csv", b"id,text", "csv"), ("a.tsv", b"id\ttext", "csv"),
        ("a.rss", b"<rss>", "rss"), ("a.html", b"<html>", "html"), ("a.warc", b"WARC/1.0", "warc"),
        ("a.warc.gz", b"\x1f\x8b", "warc"), ("a.jsonl.gz", b"{}", "jsonl"),
        ("-", b" date 2022-06-28 MOSCOW", "wire"), ("-", b'{"text": 1}', "jsonl"),
        ("-", b"<?xml version='1.0'?><rss version='2.0'>", "rss"),
        ("-", b"<?xml version='1.0'?><feed xmlns='http://www.w3.org/2005/Atom'>", "rss"),
        ("-", b"<!DOCTYPE html><html>", "html"), ("-", b"WARC/1.1\r\n", "warc"),
        ("a.txt", b"Plain words.", "text"), ("a.xml", b"<html><body>", "html"),
    ],
)
def test_sniffing(name: str, head: bytes, expected: str) -> None:
    assert sniff(Input(name), head) == expected


def test_gzip_glob_and_directory(settings: dateline.Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    with gzip.open(folder / "seed.txt.gz", "wb") as handle:
        handle.write(SEED.read_bytes())
    shutil.copy(EXAMPLES / "articles.jsonl", folder / "a.jsonl")
    counts = dateline.ingest([str(folder / "*.gz")], settings=settings)
    assert counts.stored == 1
    counts = dateline.ingest([str(folder)], settings=settings)
    assert (counts.read, counts.stored, counts.duplicate) == (4, 3, 1)


def test_field_mapping(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("key,body,pubdate\nk1,Kazakh troops crossed the border on Monday.,2023-01-02\n")
    settings = dateline.load_settings(
        environ={}, store=str(tmp_path / "s"), fields={"id": "key", "text": "body",
                                                        "published": "pubdate"},
    )
    counts = dateline.ingest([str(path)], settings=settings)
    assert counts.stored == 1
    [doc] = _docs(settings)
    assert (doc["id"], doc["published"]) == ("k1", "2023-01-02")


def test_warc_streams_html_responses(settings: dateline.Settings, tmp_path: Path) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    path = tmp_path / "crawl.warc.gz"
    page = (EXAMPLES / "page.html").read_bytes()
    with open(path, "wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        for number, (kind, body) in enumerate([("text/html", page), ("image/png", b"\x89PNG")]):
            headers = StatusAndHeaders("200 OK", [("Content-Type", kind)], protocol="HTTP/1.1")
            record = writer.create_warc_record(
                f"https://example.org/{number}", "response", payload=io.BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)
    counts = dateline.ingest([str(path)], settings=settings)
    assert (counts.read, counts.stored) == (1, 1)
    [doc] = _docs(settings)
    assert doc["url"] == "https://example.org/0"
    assert doc["text"].startswith("The foreign ministers of Uzbekistan")


def test_standard_input(tmp_path: Path) -> None:
    store = tmp_path / "s"
    done = subprocess.run(
        [sys.executable, "-m", "dateline", "ingest", "-", "--store", str(store), "-q"],
        input=(EXAMPLES / "articles.jsonl").read_bytes(), capture_output=True, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"stored 3" in done.stderr
    with dateline.open_store(store) as reader:
        assert reader.stats()["stored"] == 3


def test_read_documents_without_a_store() -> None:
    found = list(dateline.read_documents([str(EXAMPLES / "articles.jsonl")]))
    assert [d.id for d in found if isinstance(d, dateline.Document)] == [
        "example-0001", "example-0002", "example-0003"]
    assert json.dumps(found[0].to_dict())
