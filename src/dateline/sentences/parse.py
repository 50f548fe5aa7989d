"""Loading spaCy's English pipeline once per process and parsing documents in batches.

An entity ruler fed from the gazetteer runs before the statistical NER, so that capitals and
countries the small model mislabels ("Dushanbe" as ORG, "Ashgabat" as PERSON) are places.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from dateline.errors import PipelineError
from dateline.sentences.tokens import Parse, SentenceSpan, Span, Token


def load_model(name: str, places: Iterable[str] = (), max_length: int = 2_000_000) -> Any:
    """The spaCy pipeline ``name`` with an entity ruler for ``places`` before its NER."""
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise PipelineError(f"cannot load the spaCy model {name!r}: {error}") from error
    nlp.max_length = max_length
    patterns = [{"label": "GPE", "pattern": place} for place in sorted(set(places))]
    if patterns and "ner" in nlp.pipe_names:
        ruler: Any = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"})
        ruler.add_patterns(patterns)
    return nlp


def to_parse(doc: Any) -> Parse:
    ent_of: dict[int, tuple[str, int]] = {}
    entities = []
    for ent in doc.ents:
        entities.append(Span(ent.start, ent.end, ent.label_, ent.text))
        for i in range(ent.start, ent.end):
            ent_of[i] = (ent.label_, ent.start)
    sentences = []
    sent_of: dict[int, int] = {}
    for number, sent in enumerate(doc.sents):
        sentences.append(SentenceSpan(number, sent.start, sent.end, sent.text, sent.start_char))
        for i in range(sent.start, sent.end):
            sent_of[i] = number
    tokens = [
        Token(
            t.i, t.text, t.lemma_.lower(), t.pos_, t.tag_, t.dep_, t.head.i, sent_of.get(t.i, 0),
            t.idx, *ent_of.get(t.i, ("", -1)),
        )
        for t in doc
    ]
    return Parse(doc.text, tokens, sentences, entities)


def parse_texts(nlp: Any, texts: Iterable[str], batch_size: int = 32) -> Iterator[Parse]:
    for doc in nlp.pipe(texts, batch_size=batch_size):
        yield to_parse(doc)
