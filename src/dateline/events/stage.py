"""The coding stage of the pipeline: parse a batch of documents and code their events.

Everything it needs (spaCy pipeline, knowledge base, code table, patterns, gazetteer) is loaded
when the stage is built, once per process, and never at import time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dateline.actors.dictionaries import extend, parse_spec
from dateline.actors.knowledge import load_knowledge
from dateline.config import Settings
from dateline.events.coder import DocumentCoder
from dateline.events.codes import load_codes
from dateline.events.patterns import load_patterns
from dateline.records import Document
from dateline.sentences.parse import load_model, parse_texts
from dateline.where.gazetteer import build_gazetteer


class EventCoder:
    """Turns documents into event records (dicts in the shape of SCHEMA.md)."""

    def __init__(self, settings: Settings) -> None:
        self.kb = load_knowledge()
        for spec in settings.dictionaries:
            extend(self.kb, *parse_spec(spec))
        self.codes = load_codes()
        self.patterns = load_patterns(set(self.codes), settings.patterns)
        self.gazetteer = build_gazetteer(self.kb)
        self.nlp = load_model(settings.model, self.kb.place_names())
        self.batch_size = settings.batch_size

    def code(self, documents: Sequence[Document]) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        parses = parse_texts(self.nlp, (d.text for d in documents), self.batch_size)
        for document, parse in zip(documents, parses, strict=True):
            coder = DocumentCoder(self.kb, self.codes, self.patterns, self.gazetteer, document, parse)
            seen: set[str] = set()
            for event in coder.events():
                if event["event_id"] not in seen:
                    seen.add(event["event_id"])
                    events.append(event)
        return events
