"""PETRARCH unit-test records: the share of records whose events dateline codes exactly.

    .venv/bin/python bench/petrarch_unit.py [--records FILE] [--dictionaries DIR]

The records (../shared/reference/petrarch/PETR.UnitTest.records.xml) are coded with dateline's
own knowledge base plus the PETRARCH validation dictionaries beside them (PETR.Validate.actors,
.agents and .discards). A record matches when the set of (source, target, CAMEO code) of the
events dateline finds in it equals the gold's; a record that expects no events (``noevents``, or
an ``error`` marker) matches when nothing is found. The same figures come from

    dateline eval --gold FILE --dictionaries petrarch-actors:DIR/PETR.Validate.actors.txt \\
      --dictionaries petrarch-agents:DIR/PETR.Validate.agents.txt \\
      --dictionaries petrarch-discards:DIR/PETR.Validate.discards.txt

which scores events, not records. The second share drops the events of discarded sentences
and stories, as the coder will once it checks ``KnowledgeBase.discarded``.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path
from typing import Any

import dateline
from dateline.actors.dictionaries import extend
from dateline.actors.knowledge import load_knowledge
from dateline.evaluation import code_documents, read_gold

ROOT = Path(__file__).resolve().parent.parent
PETRARCH = ROOT.parent / "shared" / "reference" / "petrarch"
KINDS = {"actors": "petrarch-actors", "agents": "petrarch-agents", "discards": "petrarch-discards"}

Triple = tuple[str | None, str | None, str]


def triple(event: dict[str, Any]) -> Triple:
    target = event.get("target")
    return (event["source"]["code"], target["code"] if target else None, event["cameo"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=Path, default=PETRARCH / "PETR.UnitTest.records.xml")
    parser.add_argument("--dictionaries", type=Path, default=PETRARCH / "dictionaries")
    args = parser.parse_args()
    specs = tuple(f"{kind}:{args.dictionaries / f'PETR.Validate.{name}.txt'}"
                  for name, kind in KINDS.items())
    settings = dateline.load_settings(dictionaries=specs)
    gold = read_gold(args.records)
    expected: dict[str, set[Triple]] = defaultdict(set)
    for event in gold.events:
        expected[event.doc].add((event.source[0], event.target[0], event.cameo[0]))
    found: dict[str, set[Triple]] = defaultdict(set)
    kept: dict[str, set[Triple]] = defaultdict(set)
    kb = load_knowledge()
    extend(kb, "petrarch-discards", args.dictionaries / "PETR.Validate.discards.txt")
    texts = {doc.id: doc.text for doc in gold.documents}
    for event in code_documents(gold.documents, settings, origin=gold.path):
        doc = event["doc_id"]
        found[doc].add(triple(event))
        if not kb.discarded(event["evidence"]["text"]) and not kb.discarded(texts[doc], story=True):
            kept[doc].add(triple(event))
    documents = gold.documents
    quiet = [d.id for d in documents if not expected[d.id]]
    for label, produced in (("as coded", found), ("discards applied", kept)):
        matched = [d.id for d in documents if produced[d.id] == expected[d.id]]
        quiet_matched = sum(1 for doc in matched if doc in set(quiet))
        print(f"{label:17} {len(matched)}/{len(documents)} records match exactly "
              f"({len(matched) / len(documents):.1%}); with events {len(matched) - quiet_matched}/"
              f"{len(documents) - len(quiet)}, without {quiet_matched}/{len(quiet)}")


if __name__ == "__main__":
    main()
