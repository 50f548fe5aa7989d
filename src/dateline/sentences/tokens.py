"""The parse of a document as plain records: tokens with their heads, sentences, entities."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Token:
    i: int
    text: str
    lemma: str
    pos: str
    tag: str
    dep: str
    head: int
    sent: int
    idx: int
    ent: str = ""  # entity label of the entity the token is in, "" if none
    ent_start: int = -1  # index of the entity's first token

    @property
    def lower(self) -> str:
        return self.text.lower()


@dataclass(frozen=True, slots=True)
class Span:
    start: int  # first token
    end: int  # one past the last token
    label: str
    text: str


@dataclass(frozen=True)
class SentenceSpan:
    index: int
    start: int
    end: int
    text: str
    char_start: int


@dataclass
class Parse:
    """A parsed document: tokens in order, their children, sentences and entities."""

    text: str
    tokens: list[Token]
    sentences: list[SentenceSpan]
    entities: list[Span]
    _children: list[list[int]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        children: list[list[int]] = [[] for _ in self.tokens]
        for token in self.tokens:
            if token.head != token.i:
                children[token.head].append(token.i)
        self._children = children

    def children(self, i: int, *deps: str) -> list[Token]:
        found = [self.tokens[c] for c in self._children[i]]
        return [t for t in found if t.dep in deps] if deps else found

    def subtree(self, i: int) -> Iterator[Token]:
        stack = [i]
        seen: list[int] = []
        while stack:
            j = stack.pop()
            seen.append(j)
            stack.extend(self._children[j])
        for j in sorted(seen):
            yield self.tokens[j]

    def ancestors(self, i: int) -> Iterator[Token]:
        token = self.tokens[i]
        while token.head != token.i:
            token = self.tokens[token.head]
            yield token

    def span_text(self, start: int, end: int) -> str:
        first, last = self.tokens[start], self.tokens[end - 1]
        return self.text[first.idx: last.idx + len(last.text)]

    def entity_at(self, i: int) -> Span | None:
        token = self.tokens[i]
        if token.ent_start < 0:
            return None
        for span in self.entities:
            if span.start == token.ent_start:
                return span
        return None
