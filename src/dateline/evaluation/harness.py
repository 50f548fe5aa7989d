"""``evaluate``: code the documents of a gold set and score the events against it."""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from dateline.config import Settings, load_settings
from dateline.documents.normalise import LanguageCheck
from dateline.errors import InputError
from dateline.evaluation.gold import GoldDocument, read_gold
from dateline.evaluation.report import Report
from dateline.evaluation.scoring import score
from dateline.pipeline import Coder, batches, build_coder, documents_from, extract
from dateline.records import Origin, RawRecord


def evaluate(
    gold_path: str | Path,
    docs_path: str | Path | None = None,
    settings: Settings | None = None,
    coder: Coder | None = None,
    any_doc: bool = False,
) -> Report:
    """Code ``docs_path`` (any input ``extract`` reads) and score its events against the gold
    file ``gold_path`` (SCHEMA.md gold JSON lines, PETRARCH validation XML, or PLOVER
    gold-standard records). A PETRARCH or PLOVER gold file holds its own texts, so
    ``docs_path`` may be left out; given, it is coded instead. With ``any_doc``, document ids
    are ignored, as when the gold is for a single document."""
    gold = read_gold(gold_path)
    settings = settings or load_settings()
    if docs_path is not None:
        events = extract([str(docs_path)], settings=settings, coder=coder)
    elif gold.documents:
        events = code_documents(gold.documents, settings, coder, origin=gold.path)
    else:
        raise InputError(f"{gold.path} holds no texts: give the documents to code as well")
    return score(gold.events, events, any_doc=any_doc)


def code_documents(
    documents: Sequence[GoldDocument], settings: Settings, coder: Coder | None = None,
    origin: str = "gold",
) -> Iterator[dict[str, Any]]:
    """The events of texts taken from a gold file, normalised as any input is. The gold says
    what language its texts are in, so none is rejected for its language."""
    coder = coder or build_coder(settings)
    no_language_check = LanguageCheck(settings.languages, sys.maxsize)
    records = [
        RawRecord({"id": doc.id, "text": doc.text, "published": doc.published}, Origin(origin, number))
        for number, doc in enumerate(documents, 1)
    ]
    for chunk in batches(records, settings.batch_size):
        made, _ = documents_from(chunk, settings, no_language_check)
        if made:
            yield from coder.code(made)
