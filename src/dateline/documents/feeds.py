"""RSS and Atom feeds, through feedparser: one record per entry."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import IO, Any

import feedparser
import trafilatura

from dateline.records import Origin, RawRecord, Reject


def _date(entry: Any, *keys: str) -> str | None:
    for key in keys:
        parsed = entry.get(key)
        if parsed:
            return time.strftime("%Y-%m-%d", parsed)
    return None


def entry_text(entry: Any) -> str:
    """The entry's body as plain text: its full content if the feed carries it, else summary."""
    contents = entry.get("content") or []
    html = contents[0].get("value", "") if contents else entry.get("summary", "")
    if not html:
        return ""
    if "<" not in html:
        return str(html)
    return str(trafilatura.html2txt(f"<html><body>{html}</body></html>") or "")


def read_feed(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[RawRecord | Reject]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject("too-large", Origin(path), f"feed over {max_bytes} bytes")
        return
    feed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if not feed.entries:
        detail = str(feed.get("bozo_exception", "no entries"))[:200]
        yield Reject("feed", Origin(path), detail, data[:200].decode("utf-8", "replace"))
        return
    source = feed.feed.get("title")
    for number, entry in enumerate(feed.entries, 1):
        origin = Origin(path, number)
        text = entry_text(entry)
        if not text.strip():
            yield Reject("empty", origin, "entry has no content or summary", entry.get("title", ""))
            continue
        published = _date(entry, "published_parsed", "created_parsed")
        fields: dict[str, str | None] = {
            "id": entry.get("id") or entry.get("link"),
            "text": text,
            "title": entry.get("title"),
            "published": published,
            "source": source,
            "url": entry.get("link"),
            "language": None,
        }
        hint = _date(entry, "updated_parsed") or _date(feed.feed, "updated_parsed")
        yield RawRecord(fields, origin, size=len(text), hints=(hint,) if hint else ())
