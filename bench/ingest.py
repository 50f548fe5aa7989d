"""Ingest benchmark: read the benchmark articles into a fresh store; print documents/s and MB/s.

    .venv/bin/python bench/ingest.py [--corpus FILE] [--repeat N] [--runs N] [--no-events]

The corpus defaults to ../shared/corpora/bench-articles.jsonl (429 news articles). With
--repeat N, the corpus is written N times with fresh ids and texts (a counter appended), so that
every record is stored, not skipped as a duplicate.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import dateline

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT.parent / "shared" / "corpora" / "bench-articles.jsonl"


def make_input(corpus: Path, repeat: int, folder: Path) -> Path:
    if repeat == 1:
        return corpus
    path = folder / "input.jsonl"
    with open(corpus, encoding="utf-8") as source, open(path, "w", encoding="utf-8") as out:
        rows = [json.loads(line) for line in source if line.strip()]
        for copy in range(repeat):
            for row in rows:
                row = {**row, "id": f"{row.get('id')}-{copy}", "text": f"{row['text']} ({copy})"}
                out.write(json.dumps(row) + "\n")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-events", action="store_true",
                        help="store documents only: reading, normalising, dedup and Parquet")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = make_input(args.corpus, args.repeat, Path(folder))
        size_mb = path.stat().st_size / 1e6
        timings, counts = [], None
        for run in range(args.runs):
            store = Path(folder) / f"store-{run}"
            start = time.perf_counter()
            counts = dateline.ingest([str(path)], store=store, events=not args.no_events)
            timings.append(time.perf_counter() - start)
    assert counts is not None
    best, median = min(timings), statistics.median(timings)
    print(f"corpus      {path.name}: {counts.read} records, {size_mb:.2f} MB")
    print(f"accounting  {counts.as_dict()}")
    print(f"runs        {args.runs}, seconds: " + ", ".join(f"{t:.2f}" for t in timings))
    print(f"docs/s      median {counts.read / median:8.1f}   best {counts.read / best:8.1f}")
    print(f"MB/s        median {size_mb / median:8.2f}   best {size_mb / best:8.2f}")


if __name__ == "__main__":
    main()
