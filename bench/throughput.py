"""Coder throughput: bare spaCy ``nlp.pipe`` against the whole ``extract``, side by side.

    .venv/bin/python bench/throughput.py [--corpus FILE] [--limit N] [--runs N]

Prints articles/s and words/s of each, and the ratio: the coder's goal is to add at most 25%
to the parse. The corpus defaults to ../shared/corpora/bench-articles.jsonl (429 articles).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

import dateline
from dateline.documents.normalise import LanguageCheck, make_document
from dateline.documents.readers import read_records
from dateline.records import Document

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bench-articles.jsonl"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    settings = dateline.load_settings()
    language = LanguageCheck(settings.languages, settings.language_min_chars)
    documents = [
        made for raw in read_records([str(args.corpus)], settings)
        if not isinstance(raw, dateline.Reject)
        and isinstance(made := make_document(raw, settings, language), Document)
    ][: args.limit]
    words = sum(len(d.text.split()) for d in documents)
    coder = dateline.build_coder(settings)
    nlp = coder.nlp  # type: ignore[attr-defined]
    texts = [d.text for d in documents]
    bare, full, events = [], [], 0
    for _ in range(args.runs):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        events = len(coder.code(documents))
        full.append(time.perf_counter() - start)
    rows = [("spaCy nlp.pipe", statistics.median(bare)), ("extract (parse + code)", statistics.median(full))]
    print(f"corpus: {args.corpus.name}, {len(documents)} articles, {words} words, {events} events, "
          f"median of {args.runs} runs")
    print(f"{'':24} {'seconds':>8} {'articles/s':>11} {'words/s':>9}")
    for name, seconds in rows:
        print(f"{name:24} {seconds:8.2f} {len(documents) / seconds:11.1f} {words / seconds:9.0f}")
    print(f"extract / bare spaCy time: {rows[1][1] / rows[0][1]:.2f}x "
          f"(the coder adds {100 * (rows[1][1] / rows[0][1] - 1):.0f}%)")
    print(json.dumps({"bare_s": rows[0][1], "extract_s": rows[1][1]}))


if __name__ == "__main__":
    main()
