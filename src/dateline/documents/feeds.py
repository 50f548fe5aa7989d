"""RSS and Atom feeds, through feedparser: one record per entry.

No entity declared in a feed is expanded. feedparser keeps the "safe" ones (plain text) and
expands them however many times they are referenced, so that one 100 KB entity referenced
thousands of times grows into gigabytes (a quadratic blow-up; a billion-laughs bomb is stopped
by expat, then parsed again by the same lenient parser). So the feed is first turned into UTF-8
as feedparser would (whatever its declared encoding: a byte search in UTF-16 finds nothing),
its DOCTYPE with any internal subset is cut out, and a feed that still declares an entity is
rejected. References to entities that are not declared are left in the text as they are.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from typing import IO, Any

import feedparser
import trafilatura
from feedparser.encodings import convert_to_utf8

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


#: What may come before the root element: space, the XML declaration and other processing
#: instructions, comments.
_PROLOG = re.compile(rb"(?:\s+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
#: A DOCTYPE and its internal subset, where entities are declared.
_DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*(?:\[.*?\]\s*)?>", re.DOTALL | re.IGNORECASE)


def without_entities(data: bytes) -> bytes | None:
    """The feed in UTF-8 without its DOCTYPE, or None when it still declares an entity."""
    data = convert_to_utf8({}, data, {})
    position = _prolog_end(data, 0)
    end = position
    while doctype := _DOCTYPE.match(data, end):
        end = _prolog_end(data, doctype.end())
    data = data[:position] + data[end:]
    return None if b"<!ENTITY" in data else data


def _prolog_end(data: bytes, position: int) -> int:
    found = _PROLOG.match(data, position)
    return found.end() if found else position


def read_feed(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[RawRecord | Reject]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject("too-large", Origin(path), f"feed over {max_bytes} bytes")
        return
    excerpt = data[:200].decode("utf-8", "replace")
    try:
        safe = without_entities(data)
        if safe is None:
            yield Reject("feed", Origin(path), "the feed declares XML entities outside its DOCTYPE",
                         excerpt)
            return
        feed = feedparser.parse(safe, sanitize_html=False, resolve_relative_uris=False)
    except Exception as error:  # feedparser's failures are not documented: any of them rejects
        yield Reject("feed", Origin(path), f"{type(error).__name__}: {error}"[:200], excerpt)
        return
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
