"""From a raw record to a ``Document``: repaired, normalised text, a dateline, an id, a date.

Text is repaired with ftfy (mojibake such as ``â€™``), HTML entities are decoded, control
characters dropped, Unicode put in NFC, and whitespace folded with paragraphs kept as blank
lines. Texts in a language that is not accepted are rejected with the reason ``language``.

Invisible formatting characters are dropped too (``INVISIBLE``): zero-width spaces, word
joiners, soft hyphens, byte-order marks, tags, and the bidirectional embeddings, overrides,
isolates and marks. They split words that the coder must see whole ("Pu<U+200B>tin") and can
make a text read differently from how it is stored ("Trojan Source" overrides); right-to-left
*letters* are kept, and so are the zero-width joiner and non-joiner, which some scripts and
emoji spell with. The other fields of a record (id, source, URL, dates) lose their control
characters, and lone UTF-16 surrogates (which a JSON escape can make, and UTF-8 cannot hold)
become U+FFFD in every field (``records.utf8_safe``).
"""

from __future__ import annotations

import email.utils
import hashlib
import html
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import ftfy

from dateline.config import Settings
from dateline.documents.datelines import dateline_date, split_dateline
from dateline.records import Document, RawRecord, Reject, utf8_safe

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: Invisible formatting characters (Unicode category Cf but for U+200C and U+200D, the joiners,
#: and the few that print, such as the Arabic number signs): soft hyphen, Arabic letter mark,
#: Mongolian vowel separator, zero-width space, LRM/RLM, embeddings and overrides (U+202A-E),
#: word joiner and invisible operators, isolates (U+2066-9), deprecated formatting, byte-order
#: mark, interlinear annotation marks, tags.
INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff"
    "\ufff9-\ufffb\U000e0001\U000e0020-\U000e007f]"
)
_SPACES = re.compile(r"[^\S\n]+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
_ISO = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def normalise_text(text: str) -> str:
    """Repaired, NFC text; spaces folded; paragraphs separated by one blank line."""
    text = utf8_safe(ftfy.fix_text(text, unescape_html=False, uncurl_quotes=False))
    text = html.unescape(text)
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = unicodedata.normalize("NFC", INVISIBLE.sub("", _CONTROL.sub("", text)))
    split = _BLANK_LINE if _BLANK_LINE.search(text) else re.compile(r"\n")
    paragraphs = (_SPACES.sub(" ", p.replace("\n", " ")).strip() for p in split.split(text))
    return "\n\n".join(p for p in paragraphs if p)


def clean_field(value: str | None) -> str | None:
    """A metadata value (id, source, URL, date, language) without control characters, invisible
    formatting or lone surrogates; None when nothing is left."""
    if value is None:
        return None
    value = INVISIBLE.sub("", _CONTROL.sub("", utf8_safe(value))).strip()
    return value or None


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def iso_date(value: str | None) -> date | None:
    """A date from an ISO 8601 or RFC 2822 string, else None."""
    if not value:
        return None
    match = _ISO.match(value)
    try:
        if match:
            return date(int(match[1]), int(match[2]), int(match[3]))
        return email.utils.parsedate_to_datetime(value).date()
    except (ValueError, TypeError, IndexError):
        return None


@dataclass
class LanguageCheck:
    """Tells the language of a text with py3langid; the model loads on first use."""

    accepted: tuple[str, ...]
    min_chars: int
    _identifier: Any = field(default=None, repr=False)

    def __call__(self, text: str) -> str | None:
        """The language code of ``text``, or None when the text is too short to tell."""
        if len(text) < self.min_chars:
            return None
        if self._identifier is None:
            from py3langid.langid import MODEL_FILE, LanguageIdentifier

            self._identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
        language, probability = self._identifier.classify(text[:2000])
        # Names and numbers can pull a short English text elsewhere: only a sure guess counts.
        return str(language) if probability >= 0.9 else None


def make_document(raw: RawRecord, settings: Settings, language: LanguageCheck) -> Document | Reject:
    """The normalised document for a raw record, or the reason it cannot be one."""
    fields = {name: clean_field(value) for name, value in raw.fields.items() if name != "text"}
    text = normalise_text(raw.fields.get("text") or "")
    excerpt = text[:200]
    if not text:
        return Reject("empty", raw.origin, "no text after normalising")
    dateline, body = split_dateline(text) if raw.strip_dateline else (None, text)
    body = body.strip() or text
    title = normalise_text(fields.get("title") or "") or None
    found = fields.get("language") or language(body)
    if found and settings.languages and found.split("-")[0].lower() not in settings.languages:
        return Reject("language", raw.origin, f"language {found}", excerpt)
    published = iso_date(fields.get("published"))
    if published is None and dateline is not None:
        hints = [d for d in (iso_date(h) for h in raw.hints) if d is not None]
        published = dateline_date(dateline.date, hints[0] if hints else None)
    source = fields.get("source") or (dateline.agency if dateline else None)
    digest = text_hash(body)
    return Document(
        id=(fields.get("id") or "").strip() or digest,
        text=body,
        text_hash=digest,
        title=title,
        published=published.isoformat() if published else None,
        source=source,
        dateline=dateline,
        url=fields.get("url"),
        language=found,
        origin=raw.origin,
    )
