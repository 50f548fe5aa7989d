"""Text → actor code: the subject of each sentence, resolved against the knowledge base."""

from __future__ import annotations

import pytest

import dateline
from dateline.actors.resolve import Resolver
from dateline.sentences.parse import to_parse

CASES = [
    # sentence, published, expected codes of the main verb's subject
    ("Vladimir Putin arrived on Tuesday.", "2022-06-28", ["RUSGOV"]),
    ("Putin arrived on Tuesday.", "2022-06-28", ["RUSGOV"]),
    ("Emomali Rahmon arrived on Tuesday.", "2022-06-28", ["TJKGOV"]),
    ("Emomali Rakhmonov arrived on Tuesday.", "2005-06-28", ["TJKGOV"]),
    ("Tajik President Emomali Rakhmon arrived on Tuesday.", "2022-06-28", ["TJKGOV"]),
    ("The Russian president arrived on Tuesday.", "2022-06-28", ["RUSGOV"]),
    ("The Tajik leader arrived on Tuesday.", "2022-06-28", ["TJKGOV"]),
    ("Russian and Tajik presidents arrived on Tuesday.", "2022-06-28", ["RUSGOV", "TJKGOV"]),
    ("Russia arrived at a decision.", "2022-06-28", ["RUS"]),
    ("The Kremlin said nothing.", "2022-06-28", ["RUSGOV"]),
    ("Moscow said nothing.", "2022-06-28", ["RUSGOV"]),
    ("Washington said nothing.", "2022-06-28", ["USAGOV"]),
    ("The White House said nothing.", "2022-06-28", ["USAGOV"]),
    ("China said nothing.", "2022-06-28", ["CHN"]),
    ("Chinese police detained him.", "2022-06-28", ["CHNCOP"]),
    ("Afghan refugees crossed the river.", "2022-06-28", ["AFGREF"]),
    ("Emirati officials said nothing.", "2022-06-28", ["AREGOV"]),
    ("Kazakh troops crossed the border.", "2022-06-28", ["KAZMIL"]),
    ("Russia's foreign ministry said nothing.", "2022-06-28", ["RUSGOV"]),
    ("The United Nations said nothing.", "2022-06-28", ["IGOUNO"]),
    ("NATO said nothing.", "2022-06-28", ["IGOWSTNAT"]),
    ("Amnesty International said nothing.", "2022-06-28", ["NGOHRIAMN"]),
    ("Joe Biden arrived on Tuesday.", "2022-06-28", ["USAGOV"]),
    ("Recep Tayyip Erdogan arrived on Tuesday.", "2022-06-28", ["TURGOV"]),
    ("Xi Jinping arrived on Tuesday.", "2022-06-28", ["CHNGOV"]),
    ("Ukrainian soldiers crossed the river.", "2022-06-28", ["UKRMIL"]),
    ("Iranian protesters gathered.", "2022-06-28", ["IRNOPP", "IRNCVL"]),
    ("Israeli lawmakers voted.", "2022-06-28", ["ISRLEG"]),
    ("Egyptian judges resigned.", "2022-06-28", ["EGYJUD"]),
]


@pytest.fixture(scope="module")
def resolve(coder: dateline.pipeline.Coder):  # type: ignore[no-untyped-def]
    def run(text: str, published: str) -> list[str]:
        parse = to_parse(coder.nlp(text))  # type: ignore[attr-defined]
        resolver = Resolver(coder.kb, parse, published)  # type: ignore[attr-defined]
        subject = next(t for t in parse.tokens if t.dep in ("nsubj", "nsubjpass"))
        return [a.code for a in resolver.resolve(subject.i, published)]
    return run


@pytest.mark.parametrize(("text", "published", "expected"), CASES, ids=[c[0] for c in CASES])
def test_subject_actor(resolve, text: str, published: str, expected: list[str]) -> None:  # type: ignore[no-untyped-def]
    found = resolve(text, published)
    assert found and (found == expected or found[0] in expected), found
