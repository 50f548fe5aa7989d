"""Errors raised by dateline, each with a stable code. The library raises; only the CLI prints.

    DatelineError            E000  anything dateline raises on purpose
    ├── ConfigError          E100  a setting is unknown or has a bad value
    ├── InputError           E200  a path or format that cannot be read at all
    ├── StoreError           E300  the store cannot be opened or written
    │   ├── StoreFullError       E301  the store's disk is full (or a file size limit is hit)
    │   └── StoreReadOnlyError   E302  the store cannot be written: read-only or not permitted
    └── PipelineError        E400  a pipeline is built without a stage it needs

Rejected *records* are not errors: a bad record becomes a ``Reject`` with one of the reasons
in ``REJECT_REASONS`` and the batch goes on.
"""

from __future__ import annotations


class DatelineError(Exception):
    code = "E000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class ConfigError(DatelineError):
    code = "E100"


class InputError(DatelineError):
    code = "E200"


class StoreError(DatelineError):
    code = "E300"


class StoreFullError(StoreError):
    """No space left for the store's files: the batch under way is not stored, the batches
    committed before it stay intact and readable."""

    code = "E301"


class StoreReadOnlyError(StoreError):
    """The store's files cannot be written (a read-only file system, or no permission); the
    store can still be read."""

    code = "E302"


class PipelineError(DatelineError):
    code = "E400"


#: Why a record was rejected: the reason codes stored in the rejects table.
REJECT_REASONS: dict[str, str] = {
    "binary": "the input is binary, not text",
    "empty": "the input or record holds no text",
    "encoding": "the bytes are not valid UTF-8",
    "json": "the line is not a JSON object",
    "csv": "the CSV row could not be parsed",
    "missing-text": "the record has no text field",
    "too-large": "the record is over the size limit",
    "too-long": "the document's text is over max_chars characters",
    "timeout": "coding the document took over document_timeout_s seconds",
    "truncated": "the input ends in the middle of a record",
    "language": "the text is not in a supported language",
    "no-article-text": "no article text could be extracted from the page",
    "feed": "the feed could not be parsed",
    "warc": "the WARC record could not be read",
    "unreadable": "the path could not be opened",
}
