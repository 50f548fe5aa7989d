"""Web pages: single HTML files and the responses inside WARC crawls.

The article text and its metadata come from trafilatura's boilerplate removal; WARC files are
read record by record with warcio, so a crawl is never held in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import trafilatura
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from dateline.records import Origin, RawRecord, Reject

#: Fewer words than this is a menu or a caption that the extractor fell back on, not an article.
MIN_ARTICLE_WORDS = 8


def page_record(
    html: bytes, origin: Origin, url: str | None = None, hints: tuple[str, ...] = ()
) -> RawRecord | Reject:
    """The article in one HTML page, or a reject when no article text can be found."""
    try:
        found: Any = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as error:  # trafilatura's and lxml's failures are many and undocumented
        return Reject("no-article-text", origin, f"page could not be parsed: {error}"[:200])
    text = getattr(found, "text", None) if found is not None else None
    if not text or len(text.split()) < MIN_ARTICLE_WORDS:
        excerpt = html[:200].decode("utf-8", "replace")
        return Reject("no-article-text", origin, "no article text in the page", excerpt)
    title = getattr(found, "title", None)
    if title and text.startswith(title):
        text = text[len(title):].lstrip()  # the headline repeated at the top of the body
    fields: dict[str, str | None] = {
        "id": None,
        "text": text,
        "title": title,
        "published": getattr(found, "date", None),
        "source": getattr(found, "sitename", None) or getattr(found, "hostname", None),
        "url": getattr(found, "url", None) or url,
        "language": None,
    }
    return RawRecord(fields, origin, size=len(html), hints=hints, strip_dateline=True)


def read_html(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[RawRecord | Reject]:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield Reject("too-large", Origin(path), f"page over {max_bytes} bytes")
        return
    yield page_record(data, Origin(path))


def _is_html(record: Any) -> bool:
    if record.rec_type not in ("response", "resource"):
        return False
    headers = record.http_headers
    kind = headers.get_header("Content-Type") if headers else None
    kind = kind or record.rec_headers.get_header("Content-Type") or ""
    return "html" in kind.lower()


class _QuietArchiveIterator(ArchiveIterator):  # type: ignore[misc]
    """warcio's iterator without the warning it writes to standard error when a record is not
    followed by a blank line (the library never prints)."""

    INC_RECORD = ""


def _cut_short(record: Any) -> bool:
    """Whether the file ends before the record's declared length: what the page left unread
    (a chunked body's trailer, say) is read here, and a stream that runs dry first is short."""
    raw = record.raw_stream
    try:
        while raw.read(1 << 16):
            pass
    except Exception:  # a gzip member or a chunk that breaks off: short all the same
        return True
    return bool(getattr(raw, "limit", 0))


def read_warc(stream: IO[bytes], path: str, max_bytes: int) -> Iterator[RawRecord | Reject]:
    """One record per HTML response or resource; other WARC records are not articles.

    The origin's offset is the record's number in the file (1 for the first).
    """
    iterator = _QuietArchiveIterator(stream)
    number = 0
    while True:
        number += 1
        try:
            record = next(iterator)
            if not _is_html(record):
                continue
            origin = Origin(path, number)
            body = record.content_stream().read(max_bytes + 1)
        except StopIteration:
            return
        except (ArchiveLoadFailed, EOFError, OSError) as error:
            yield Reject("truncated", Origin(path, number), f"WARC: {error}"[:200])
            return
        except Exception as error:  # warcio's parse failures are many and undocumented
            # The records after a broken one cannot be found again: the rest of the file goes.
            detail = f"record {number} could not be read: {type(error).__name__}: {error}"
            yield Reject("warc", Origin(path, number), detail[:200])
            return
        if len(body) > max_bytes:
            yield Reject("too-large", origin, f"page over {max_bytes} bytes")
            continue
        if _cut_short(record):
            yield Reject("truncated", origin, "the file ends before the record's Content-Length")
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        crawled = (record.rec_headers.get_header("WARC-Date") or "")[:10]
        yield page_record(body, origin, url=url, hints=(crawled,) if crawled else ())
